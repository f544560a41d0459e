"""Imports as CKAN background jobs (RQ on Redis), with their progress.

The uploaded workbook and the job's state live in CKAN's Redis, not on
disk, so a worker on another machine reads them as well. State: queued,
running, finished (with the report) or failed; ``done``/``total`` count the
datasets processed. Both expire after ``TTL`` seconds.
"""
from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

log = logging.getLogger(__name__)

TTL = 2 * 24 * 3600
JOB_TIMEOUT = 6 * 3600
QUEUED, RUNNING, FINISHED, FAILED = "queued", "running", "finished", "failed"


def _key(job_id: str, part: str = "state") -> str:
    return f"{tk.config.get('ckan.site_id')}:gdcatalog:bulk:{job_id}:{part}"


def new_job(content: bytes, filename: str, organization: dict[str, Any], user: str,
            dry_run: bool) -> dict[str, Any]:
    """Store the workbook and a queued state; returns the state."""
    job_id = uuid.uuid4().hex
    state = {"id": job_id, "organization": organization["id"],
             "organization_name": organization["name"], "user": user,
             "filename": filename, "dry_run": dry_run, "state": QUEUED,
             "done": 0, "total": 0, "created": time.time(), "report": None}
    redis = connect_to_redis()
    redis.set(_key(job_id, "file"), content, ex=TTL)
    _save(state)
    return state


def again(job_id: str, dry_run: bool) -> dict[str, Any]:
    """A new job on the workbook of an earlier one (the preview, then the
    import itself)."""
    previous = status(job_id)
    content = workbook(job_id)
    if previous is None or content is None:
        raise tk.ObjectNotFound()
    state = new_job(content, previous["filename"], {
        "id": previous["organization"], "name": previous["organization_name"]},
        previous["user"], dry_run)
    return state


def _save(state: dict[str, Any]) -> None:
    connect_to_redis().set(_key(state["id"]), json.dumps(state, ensure_ascii=False), ex=TTL)


def status(job_id: str) -> Optional[dict[str, Any]]:
    raw = connect_to_redis().get(_key(job_id))
    return json.loads(raw) if raw else None


def workbook(job_id: str) -> Optional[bytes]:
    return connect_to_redis().get(_key(job_id, "file"))


def enqueue(state: dict[str, Any]) -> None:
    tk.enqueue_job(run, [state["id"]], title=f"GD Catalog import {state['filename']}",
                   rq_kwargs={"timeout": JOB_TIMEOUT})


def _request_context() -> Any:
    # Messages are translated by Flask-Babel, which needs CKAN's application;
    # a worker has none, so the job makes one.
    from ckan.config.middleware import make_app
    return make_app(tk.config)._wsgi_app.test_request_context()


def run(job_id: str) -> None:
    """The job: import the stored workbook and store the report."""
    from ckanext.gdcatalog.bulk import importer, reader
    state = status(job_id)
    content = workbook(job_id)
    if state is None or content is None:
        log.warning("Import job %s has expired", job_id)
        return
    state["state"] = RUNNING
    _save(state)

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)
        _save(state)

    try:
        with _request_context():
            rows = reader.read(content, state["filename"])
            organization = tk.get_action("organization_show")(
                {"user": state["user"]}, {"id": state["organization"],
                                          "include_datasets": False})
            state["report"] = importer.run(rows, organization, state["user"],
                                           dry_run=state["dry_run"], progress=progress)
            state["state"] = FINISHED
    except Exception as error:  # the page shows it; the worker log has the trace
        log.exception("Import job %s failed", job_id)
        state.update(state=FAILED, error=str(error))
    _save(state)
    if state["state"] == FINISHED and not state["dry_run"]:
        connect_to_redis().delete(_key(job_id, "file"))

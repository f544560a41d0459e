"""Background assessments: CKAN jobs (RQ on Redis).

Saving a dataset or resource schedules its dataset; once CKAN's transaction
commits (never before, so the worker reads what was saved, and never for a
rolled-back save) one job per dataset is queued, which assesses each
resource whose URL or file changed since its latest assessment. The assess
action queues a job for one resource.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.after_commit import AfterCommit
from ckanext.gdcatalog.quality import assess, store

log = logging.getLogger(__name__)


def _queue_kwargs() -> dict[str, Any]:
    return {"queue": tk.config.get("ckan.gdcatalog.quality.queue"),
            "rq_kwargs": {"timeout": tk.config.get("ckan.gdcatalog.quality.timeout") + 300}}


def _enqueue_datasets(package_ids: list[str]) -> None:
    for package_id in package_ids:
        try:
            tk.enqueue_job(assess_changed_job, [package_id], title=f"quality {package_id}",
                           **_queue_kwargs())
        except Exception:  # Redis down: the save stands, the assessment waits
            log.exception("Could not queue the quality assessment of %s", package_id)


_pending = AfterCommit("quality", _enqueue_datasets)


def schedule_dataset(package_id: str) -> None:
    """Queue an assessment of the changed resources of a dataset once the
    current transaction commits."""
    if not tk.asbool(tk.config.get("ckan.gdcatalog.quality.auto")):
        return
    _pending.add(package_id)


def install() -> None:
    """Listen to commits of CKAN's sessions (once per process)."""
    _pending.install()


def enqueue_resource(resource: Mapping[str, Any], owner_org: str | None) -> dict[str, Any]:
    """Record a pending assessment of one resource and queue its job."""
    assessment_id = store.create_pending(resource, owner_org)
    model.Session.commit()
    job = tk.enqueue_job(assess_job, [assessment_id], title=f"quality {resource['id']}",
                         **_queue_kwargs())
    store.set_job(assessment_id, job.id)
    model.Session.commit()
    return {"id": assessment_id, "job_id": job.id, "status": store.PENDING}


def _site_context() -> dict[str, Any]:
    return {"ignore_auth": True, "user": ""}


def assess_job(assessment_id: str) -> None:
    """Job: run a pending assessment."""
    row = store.get(assessment_id)
    if row is None:
        log.warning("Quality assessment %s no longer exists", assessment_id)
        return
    try:
        dataset = tk.get_action("package_show")(_site_context(), {"id": row["package_id"]})
    except tk.ObjectNotFound:
        dataset = None
    resource = next((r for r in (dataset or {}).get("resources", [])
                     if r["id"] == row["resource_id"]), None)
    if dataset is None or resource is None:
        store.finish(assessment_id, {"status": store.FAILED, "error": "deleted"})
        model.Session.commit()
        return
    run_now(assessment_id, resource, dataset)
    reindex(dataset["id"])


def assess_changed_job(package_id: str) -> None:
    """Job: assess the resources of a dataset whose file changed."""
    try:
        dataset = tk.get_action("package_show")(_site_context(), {"id": package_id})
    except tk.ObjectNotFound:
        return
    changed = [r for r in dataset.get("resources", []) if needs_assessment(r)]
    for resource in changed:
        assessment_id = store.create_pending(resource, dataset.get("owner_org"))
        model.Session.commit()
        run_now(assessment_id, resource, dataset)
    if changed:
        reindex(package_id)


def run_now(assessment_id: str, resource: Mapping[str, Any],
            dataset: Mapping[str, Any]) -> dict[str, Any]:
    """Assess now, in this process, and commit the outcome."""
    try:
        assess.run(assessment_id, resource, dataset)
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        log.exception("Recording quality assessment %s failed", assessment_id)
        store.finish(assessment_id, {"status": store.FAILED, "error": "unreadable"})
        model.Session.commit()
    return store.get(assessment_id) or {}


def reindex(package_id: str) -> None:
    """Reindex a dataset: its metadata score reads the new reachability."""
    from ckan.lib.search import rebuild
    rebuild(package_id)
    model.Session.commit()


def needs_assessment(resource: Mapping[str, Any]) -> bool:
    """Whether the resource's URL or file changed since its latest assessment."""
    if not resource.get("url"):
        return False
    history = store.resource_history(resource["id"], limit=1)
    if not history:
        return True
    latest = history[0]
    if (latest.get("url") or "") != (resource.get("url") or ""):
        return True
    modified = str(resource.get("last_modified") or "")
    return bool(modified) and modified > str(latest.get("created") or "")

"""Harvest one source now and wait for its job (``ckan gdcatalog harvest
run``): what an operator or ``./dev.sh up`` does instead of ckanext-harvest's
``run-test``, which bypasses the queues and needs test tools installed.

The job takes the production path: ``harvest_job_create`` sends it to the
gather queue, the running gather and fetch consumers do the work, and
``harvest_jobs_run`` (the periodic run) marks it finished.
"""
from __future__ import annotations

import time
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.harvest.logic import HarvestJobExists, HarvestSourceInactiveError

POLL_SECONDS = 1.0


class RunFailed(Exception):
    """The source cannot be harvested now, or its job did not finish in time."""


def _action(name: str, context: dict[str, Any], **data: Any) -> Any:
    return tk.get_action(name)(dict(context), data)


def _open_job(context: dict[str, Any], source_id: str) -> dict[str, Any] | None:
    for status in ("Running", "New"):
        jobs = _action("harvest_job_list", context, source_id=source_id, status=status)
        if jobs:
            return jobs[0]
    return None


def run_and_wait(context: dict[str, Any], source: str, timeout: float) -> dict[str, Any]:
    """The finished job of ``source`` (id or name): its running job if it
    has one, else a new one. Raises :class:`RunFailed` after
    ``timeout`` seconds."""
    source_id = _action("harvest_source_show", context, id=source)["id"]
    job = _open_job(context, source_id)
    if job is None:
        try:
            job = _action("harvest_job_create", context, source_id=source_id, run=True)
        except (HarvestJobExists, HarvestSourceInactiveError) as e:
            raise RunFailed(f"cannot harvest {source}: {e}") from None
    started = time.monotonic()
    while True:
        _action("harvest_jobs_run", context, source_id=source_id)
        # Other processes do the work: read their commits afresh.
        model.Session.rollback()
        model.Session.expire_all()
        job = _action("harvest_job_show", context, id=job["id"])
        if job["status"] == "Finished":
            return job
        waited = time.monotonic() - started
        if waited >= timeout:
            hint = ""
            if not job.get("gather_finished"):
                hint = (" Are the consumers running? `ckan harvester gather-consumer` and "
                        "`ckan harvester fetch-consumer`")
            raise RunFailed(
                f"harvest job {job['id']} still {job['status']} after {timeout:g} s "
                f"(gather {'finished' if job.get('gather_finished') else 'not finished'}).{hint}")
        time.sleep(POLL_SECONDS)


def describe(job: dict[str, Any]) -> str:
    """One line of counts, then each error message with its count."""
    stats = job.get("stats") or {}
    counts = ", ".join(f"{stats.get(key, 0)} {key}" for key in
                       ("added", "updated", "not modified", "deleted", "errored"))
    lines = [f"harvest job {job['id']} {job['status']}: {counts}"]
    for error in job.get("object_error_summary") or []:
        lines.append(f"  {error['error_count']} × {error['message']}")
    for error in job.get("gather_error_summary") or []:
        lines.append(f"  {error['error_count']} × {error['message']}")
    return "\n".join(lines)

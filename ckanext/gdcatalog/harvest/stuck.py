"""Jobs whose worker died.

ckanext-harvest's ``ckan.harvest.timeout`` (checked by
``harvest_jobs_run``) finishes a job whose last *finished* object is older
than the timeout, but leaves its unfinished objects waiting, re-queued by
Redis and counted nowhere. Here a job counts as stuck when nothing at all
happened in it (created, gathered, any object gathered, fetched or
imported) for ``ckan.gdcatalog.harvest.stuck_minutes``; it is finished with
a gather error, every unfinished object becomes an error of its record (so
nothing is withdrawn by a job that did not finish), and its queue entries
are dropped so that Redis does not hand them out again.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckanext.harvest.model import (HarvestGatherError, HarvestJob, HarvestObject,
                                   HarvestObjectError)

from ckanext.gdcatalog.harvest import messages, store

log = logging.getLogger(__name__)


def last_activity(job: Any) -> dt.datetime:
    times = [job.created, job.gather_started, job.gather_finished]
    row = model.Session.query(
        sa.func.max(HarvestObject.gathered), sa.func.max(HarvestObject.fetch_started),
        sa.func.max(HarvestObject.fetch_finished), sa.func.max(HarvestObject.import_started),
        sa.func.max(HarvestObject.import_finished)).filter(
            HarvestObject.harvest_job_id == job.id).one()
    return max(t for t in [*times, *row] if t is not None)


def _drop_queue_entries(job_id: str, object_ids: list[str]) -> None:
    if tk.config.get("ckan.harvest.mq.type") != "redis":
        return
    from ckanext.harvest import queue
    try:
        redis = queue.get_connection()
        keys = [f"{queue.get_gather_routing_key()}:{job_id}"]
        keys += [f"{queue.get_fetch_routing_key()}:{oid}" for oid in object_ids]
        for start in range(0, len(keys), 1000):
            redis.delete(*keys[start:start + 1000])
    except Exception:  # the job is finished either way
        log.warning("Could not drop the queue entries of job %s", job_id, exc_info=True)


def finish_stuck(minutes: int, source_id: str | None = None) -> list[str]:
    """Finish the running jobs without progress for ``minutes``; their ids."""
    if minutes <= 0:
        return []
    now = store.now()
    limit = now - dt.timedelta(minutes=minutes)
    query = model.Session.query(HarvestJob).filter(HarvestJob.status == "Running")
    if source_id:
        query = query.filter(HarvestJob.source_id == source_id)
    finished = []
    for job in query.all():
        if last_activity(job) > limit:
            continue
        pending = model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_job_id == job.id,
            HarvestObject.state.notin_(["COMPLETE", "ERROR"])).all()
        for obj in pending:
            obj.state, obj.report_status = "ERROR", "errored"
            model.Session.add(HarvestObjectError(
                object=obj, stage="Import",
                message=messages.english(messages.MSG_STUCK_OBJECT, minutes=minutes)))
        model.Session.add(HarvestGatherError(
            job=job, message=messages.english(messages.MSG_STUCK_JOB, minutes=minutes)))
        job.status, job.finished = "Finished", now
        model.Session.commit()
        _drop_queue_entries(job.id, [obj.id for obj in pending])
        log.warning("Harvest job %s finished: no progress for %s minutes", job.id, minutes)
        finished.append(job.id)
    return finished

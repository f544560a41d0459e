"""Retention of harvest history: ckanext-harvest keeps every job and
object for ever (its ``clean-harvest-log`` only trims the log table), and
objects hold each record's full content. Pruning deletes, for finished jobs
older than the retention, the objects that are not current (with their
extras and errors), then the jobs left without objects (with their gather
errors) — except each source's latest job, which the report and the
source page show — and the pages (``gdcatalog_harvest_page``) not read
since."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from ckan import model

from ckanext.gdcatalog.harvest import store

_OLD_OBJECTS = """
    SELECT o.id FROM harvest_object o JOIN harvest_job j ON j.id = o.harvest_job_id
    WHERE j.status = 'Finished' AND j.created < :before AND NOT o.current
"""
_OLD_JOBS = """
    SELECT j.id FROM harvest_job j
    WHERE j.status = 'Finished' AND j.created < :before
      AND NOT EXISTS (SELECT 1 FROM harvest_object o WHERE o.harvest_job_id = j.id)
      AND j.id <> (SELECT j2.id FROM harvest_job j2 WHERE j2.source_id = j.source_id
                   ORDER BY j2.created DESC LIMIT 1)
"""


def prune(days: int) -> dict[str, int]:
    """Delete history older than ``days`` days; how much was deleted."""
    before = store.now() - dt.timedelta(days=days)
    run = model.Session.execute
    params = {"before": before}
    run(sa.text(f"DELETE FROM harvest_object_error WHERE harvest_object_id IN ({_OLD_OBJECTS})"),
        params)
    run(sa.text(f"DELETE FROM harvest_object_extra WHERE harvest_object_id IN ({_OLD_OBJECTS})"),
        params)
    objects = run(sa.text(f"DELETE FROM harvest_object WHERE id IN ({_OLD_OBJECTS})"),
                  params).rowcount
    run(sa.text(f"DELETE FROM harvest_gather_error WHERE harvest_job_id IN ({_OLD_JOBS})"),
        params)
    jobs = run(sa.text(f"DELETE FROM harvest_job WHERE id IN ({_OLD_JOBS})"), params).rowcount
    # pages not read since (their source gone or no longer paged that way)
    run(store.page_table.delete().where(store.page_table.c.read_at < before))
    model.Session.commit()
    return {"objects": objects, "jobs": jobs}

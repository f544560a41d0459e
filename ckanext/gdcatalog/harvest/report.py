"""The report of a harvest source: its last jobs with what each did to the
records (added, updated, unchanged, withdrawn, errors), each error with the
record it concerns, and the records it holds now."""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa
from ckan import model
from ckanext.harvest.model import (HarvestGatherError, HarvestJob, HarvestObject,
                                   HarvestObjectError)

from ckanext.gdcatalog.harvest import messages, store

# ckanext-harvest's report_status → the report's names.
COUNTS = {"added": "added", "updated": "updated", "not modified": "unchanged",
          "deleted": "withdrawn", "errored": "errors"}
MAX_ERRORS = 200


def _iso(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _counts(job_id: str) -> dict[str, int]:
    counts = {name: 0 for name in COUNTS.values()}
    rows = model.Session.query(HarvestObject.report_status, sa.func.count()).filter(
        HarvestObject.harvest_job_id == job_id).group_by(HarvestObject.report_status)
    for status, count in rows:
        if status in COUNTS:
            counts[COUNTS[status]] += count
    # Objects of a job that is still running have no report status yet.
    counts["pending"] = model.Session.query(HarvestObject.id).filter(
        HarvestObject.harvest_job_id == job_id,
        HarvestObject.state.notin_(["COMPLETE", "ERROR"])).count()
    return counts


def _object_errors(job_id: str) -> list[dict[str, Any]]:
    rows = model.Session.query(HarvestObjectError, HarvestObject.guid,
                               HarvestObject.package_id).join(
        HarvestObject, HarvestObject.id == HarvestObjectError.harvest_object_id).filter(
        HarvestObject.harvest_job_id == job_id).order_by(HarvestObjectError.created).limit(
        MAX_ERRORS)
    return [{"record": guid, "dataset_id": package_id, "stage": error.stage,
             "message": messages.localized(error.message), "created": _iso(error.created)}
            for error, guid, package_id in rows]


def _gather_errors(job_id: str) -> list[dict[str, Any]]:
    rows = model.Session.query(HarvestGatherError).filter(
        HarvestGatherError.harvest_job_id == job_id).order_by(
        HarvestGatherError.created).limit(MAX_ERRORS)
    return [{"message": messages.localized(e.message), "created": _iso(e.created)}
            for e in rows]


def _records(source_id: str) -> dict[str, int]:
    table = store.record_table
    rows = model.Session.execute(sa.select(
        sa.func.count().filter(table.c.withdrawn.is_(None)),
        sa.func.count().filter(table.c.withdrawn.isnot(None)),
    ).where(table.c.source_id == source_id)).one()
    return {"current": rows[0], "withdrawn": rows[1]}


def source_report(source_id: str, limit: int) -> dict[str, Any]:
    jobs = model.Session.query(HarvestJob).filter(HarvestJob.source_id == source_id).order_by(
        HarvestJob.created.desc()).limit(limit).all()
    return {
        "source_id": source_id,
        "records": _records(source_id),
        "jobs": [{
            "id": job.id, "status": job.status, "created": _iso(job.created),
            "gather_started": _iso(job.gather_started),
            "gather_finished": _iso(job.gather_finished), "finished": _iso(job.finished),
            "counts": _counts(job.id), "gather_errors": _gather_errors(job.id),
            "object_errors": _object_errors(job.id),
        } for job in jobs],
    }


def provenance(package_id: str) -> Optional[dict[str, Any]]:
    """Where a harvested dataset comes from, or None."""
    record = store.for_package(package_id)
    if not record:
        return None
    source = model.Package.get(record["source_id"])
    return {
        "source_id": record["source_id"],
        "source_title": (source.title or source.name) if source else None,
        "source_url": source.url if source else None,
        "catalog_uri": record["catalog_uri"], "catalog_title": record["catalog_title"],
        "uri": record["uri"], "identifier": record["identifier"],
        "landing_page": record["landing_page"],
        "first_harvested": _iso(record["first_harvested"]),
        "last_harvested": _iso(record["last_harvested"]),
        "last_changed": _iso(record["last_changed"]),
        "source_modified": record["source_modified"],
        "withdrawn": _iso(record["withdrawn"]),
    }

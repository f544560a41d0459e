"""The quality tables (created by ``ckan db upgrade -p gdcatalog_quality``):
``gdcatalog_quality_resource`` holds every content assessment of a
resource, ``gdcatalog_quality_metadata`` every change of a dataset's
metadata score; the latest row is the current result, older rows are its
history. Writes run on CKAN's session, in the caller's transaction."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Iterable, Mapping

import sqlalchemy as sa

import ckan.model as model

METRICS = ("completeness", "uniqueness", "validity", "consistency", "utf8", "openness",
           "downloadable", "access_api", "availability", "preview", "timeliness",
           "acc_latency", "freshness")
_RESOURCE_COLUMNS = ("id", "resource_id", "package_id", "owner_org", "created", "finished",
                     "status", "url", "format", "file_size", "seconds", "rows", "columns",
                     "encoding", *METRICS, "reachable", "error", "error_detail", "warnings",
                     "details", "job_id")
_JSON_COLUMNS = ("warnings", "details")
_METADATA_COLUMNS = ("package_id", "owner_org", "created", "points", "max_points", "percent",
                     "rating", "indicators")

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "error"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _row(mapping: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(mapping)
    for key in ("created", "finished"):
        if isinstance(out.get(key), dt.datetime):
            out[key] = out[key].isoformat()
    return out


def create_pending(resource: Mapping[str, Any], owner_org: str | None,
                   job_id: str | None = None) -> str:
    """A pending assessment of ``resource``; returns its id."""
    assessment_id = str(uuid.uuid4())
    model.Session.execute(sa.text(
        "INSERT INTO gdcatalog_quality_resource (id, resource_id, package_id, owner_org, "
        "created, status, url, job_id) VALUES (:id, :rid, :pid, :org, :created, :status, "
        ":url, :job)"),
        {"id": assessment_id, "rid": resource["id"], "pid": resource["package_id"],
         "org": owner_org, "created": _now(), "status": PENDING, "url": resource.get("url"),
         "job": job_id})
    return assessment_id


def set_job(assessment_id: str, job_id: str) -> None:
    model.Session.execute(sa.text(
        "UPDATE gdcatalog_quality_resource SET job_id = :job WHERE id = :id"),
        {"job": job_id, "id": assessment_id})


def set_status(assessment_id: str, status: str) -> None:
    model.Session.execute(sa.text(
        "UPDATE gdcatalog_quality_resource SET status = :status WHERE id = :id"),
        {"status": status, "id": assessment_id})


def finish(assessment_id: str, values: Mapping[str, Any]) -> None:
    """Record the outcome of an assessment (any columns of the table)."""
    data = {k: values[k] for k in _RESOURCE_COLUMNS if k in values and k != "id"}
    for key in _JSON_COLUMNS:
        if key in data:
            data[key] = json.dumps(data[key], ensure_ascii=False, default=str)
    data.setdefault("finished", _now())
    assignments = ", ".join(
        f"{k} = CAST(:{k} AS jsonb)" if k in _JSON_COLUMNS else f"{k} = :{k}" for k in data)
    model.Session.execute(sa.text(
        f"UPDATE gdcatalog_quality_resource SET {assignments} WHERE id = :id"),
        {**data, "id": assessment_id})


def get(assessment_id: str) -> dict[str, Any] | None:
    row = model.Session.execute(sa.text(
        "SELECT * FROM gdcatalog_quality_resource WHERE id = :id"),
        {"id": assessment_id}).mappings().first()
    return _row(row) if row else None


def resource_history(resource_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """Assessments of a resource, newest first."""
    rows = model.Session.execute(sa.text(
        "SELECT * FROM gdcatalog_quality_resource WHERE resource_id = :rid "
        "ORDER BY created DESC LIMIT :limit"), {"rid": resource_id, "limit": limit}).mappings()
    return [_row(r) for r in rows]


def latest_for_packages(package_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The latest finished assessment of each resource of these datasets."""
    ids = list(package_ids)
    if not ids:
        return {}
    rows = model.Session.execute(sa.text(
        "SELECT DISTINCT ON (resource_id) * FROM gdcatalog_quality_resource "
        "WHERE package_id = ANY(:ids) AND status IN ('done', 'error') "
        "ORDER BY resource_id, created DESC"), {"ids": ids}).mappings()
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["package_id"], []).append(_row(row))
    return out


def reachability(package_id: str) -> dict[str, bool]:
    """Resource id → whether its latest finished assessment fetched it."""
    rows = model.Session.execute(sa.text(
        "SELECT DISTINCT ON (resource_id) resource_id, reachable "
        "FROM gdcatalog_quality_resource WHERE package_id = :pid AND reachable IS NOT NULL "
        "ORDER BY resource_id, created DESC"), {"pid": package_id})
    return {r.resource_id: bool(r.reachable) for r in rows}


def save_metadata_score(package_id: str, owner_org: str | None,
                        result: Mapping[str, Any]) -> bool:
    """Keep the score if it differs from the latest one; True if kept."""
    latest = latest_metadata_score(package_id)
    indicators = [{k: i[k] for k in ("key", "points", "max_points", "passed", "applicable")}
                  for i in result["indicators"]]
    if latest and latest["percent"] == result["percent"] and \
            latest["indicators"] == indicators and latest["owner_org"] == owner_org:
        return False
    model.Session.execute(sa.text(
        "INSERT INTO gdcatalog_quality_metadata (package_id, owner_org, created, points, "
        "max_points, percent, rating, indicators) VALUES (:pid, :org, :created, :points, "
        ":max, :percent, :rating, CAST(:ind AS jsonb))"),
        {"pid": package_id, "org": owner_org, "created": _now(), "points": result["points"],
         "max": result["max_points"], "percent": result["percent"], "rating": result["rating"],
         "ind": json.dumps(indicators)})
    return True


def latest_metadata_score(package_id: str) -> dict[str, Any] | None:
    row = model.Session.execute(sa.text(
        "SELECT * FROM gdcatalog_quality_metadata WHERE package_id = :pid "
        "ORDER BY created DESC, id DESC LIMIT 1"), {"pid": package_id}).mappings().first()
    return _row(row) if row else None


def metadata_history(package_id: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = model.Session.execute(sa.text(
        "SELECT created, points, max_points, percent, rating FROM gdcatalog_quality_metadata "
        "WHERE package_id = :pid ORDER BY created DESC, id DESC LIMIT :limit"),
        {"pid": package_id, "limit": limit}).mappings()
    return [_row(r) for r in rows]


def latest_indicators(package_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The indicators of the latest metadata score of each of these datasets."""
    ids = list(package_ids)
    if not ids:
        return {}
    rows = model.Session.execute(sa.text(
        "SELECT DISTINCT ON (package_id) package_id, indicators FROM gdcatalog_quality_metadata "
        "WHERE package_id = ANY(:ids) ORDER BY package_id, created DESC, id DESC"), {"ids": ids})
    return {r.package_id: list(r.indicators or []) for r in rows}

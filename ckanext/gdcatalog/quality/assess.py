"""Assessing one resource of a dataset: fetch its file, run the content
engine for tabular formats, add the metrics that come from the resource's
metadata and the fetch, and record the outcome. Any failure becomes a
recorded error: a hostile file never crashes a worker."""
from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any, Mapping

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.quality import engine, fetch, formats, store, timeliness

log = logging.getLogger(__name__)

# ckanext-dquality skips data dictionaries by their name.
DATA_DICTIONARY_NAMES = ("datadict", "data dict", "data_dictionary", "data dictionary",
                         "คำอธิบายชุดข้อมูล", "metadata")


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)[:19]).date()
    except ValueError:
        return None


def metadata_metrics(resource: Mapping[str, Any], dataset: Mapping[str, Any],
                     fmt: str, content_type: str | None, today: dt.date) -> dict[str, Any]:
    """The metrics that need no file contents: openness, downloadable,
    access_api, availability, preview, timeliness, acc_latency, freshness."""
    datastore = bool(tk.asbool(resource.get("datastore_active")))
    downloadable = 1 if resource.get("url_type") == "upload" else \
        formats.downloadable(resource.get("url"), content_type)
    access_api = 1 if datastore else 0
    changed = _date(resource.get("last_modified")) or _date(resource.get("created"))
    return {
        "openness": formats.openness(fmt), "downloadable": downloadable,
        "access_api": access_api, "availability": 1 if downloadable or access_api else 0,
        "preview": 1 if datastore else 0,
        **timeliness.measure(dataset.get("update_frequency_unit"),
                             dataset.get("update_frequency_interval"), changed, today),
    }


def run(assessment_id: str, resource: Mapping[str, Any], dataset: Mapping[str, Any]) -> None:
    """Assess ``resource`` and record the outcome under ``assessment_id``."""
    started = time.monotonic()
    store.set_status(assessment_id, store.RUNNING)
    fmt = formats.detect(resource.get("url"), resource.get("format"))
    values: dict[str, Any] = {"format": fmt, "url": resource.get("url"), "status": store.DONE}
    content_type = None
    name = str(resource.get("name") or "").strip().lower()
    try:
        if any(n in name for n in DATA_DICTIONARY_NAMES):
            values["details"] = {"skipped": "data_dictionary"}
        else:
            fetched = fetch.fetch(resource)
            values.update(reachable=True, file_size=fetched.size)
            content_type = fetched.content_type
            try:
                if "text/html" in (content_type or "").lower():
                    values["details"] = {"skipped": "html"}
                elif formats.reader_for(fmt):
                    result = engine.assess_file(
                        fetched.path, fmt,
                        max_cell_bytes=tk.config.get("ckan.gdcatalog.quality.max_cell_bytes"))
                    values.update({k: result[k] for k in (
                        "completeness", "uniqueness", "validity", "consistency", "utf8",
                        "rows", "columns", "encoding", "warnings", "details", "error",
                        "error_detail")})
            finally:
                fetched.cleanup()
    except fetch.FetchError as e:
        values.update(reachable=False, error=e.code, error_detail=e.detail)
    except Exception as e:  # never let a resource crash the worker
        log.exception("Quality assessment of resource %s failed", resource.get("id"))
        values.update(error="unreadable", error_detail=type(e).__name__)
    values.update(metadata_metrics(resource, dataset, fmt, content_type,
                                   dt.datetime.now(dt.timezone.utc).date()))
    if values.get("error"):
        values["status"] = store.FAILED
    values["seconds"] = round(time.monotonic() - started, 3)
    store.finish(assessment_id, values)

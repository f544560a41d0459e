"""DCAT fragments made when a dataset is saved, in the background.

A catalog page is assembled from per-dataset fragments (fragments.py): one
whose fragments are all in Redis costs its search and the joining of text,
a small part of what serialising its datasets costs. So that the first
harvester to ask after a change does not pay for it, every index write of a
dataset (a save, a harvest import, a new assessment, an organization's new
title) schedules the dataset, and once CKAN's transaction commits a
background job (``ckan.gdcatalog.dcat.prerender_on_save``) makes the
fragments of the formats in ``ckan.gdcatalog.dcat.prerender_formats`` from
the dataset as a catalog page publishes it. A fragment already in Redis is
not made again, and a dataset that is not published is skipped.

After an upgrade (the profile code is part of every key) or a flushed
Redis, ``ckan gdcatalog dcat prerender`` makes the fragments of every
published dataset.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator, Optional

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.after_commit import AfterCommit
from ckanext.gdcatalog.dcat import exposure, fragments

log = logging.getLogger(__name__)

FORMATS_OPTION = "ckan.gdcatalog.dcat.prerender_formats"
ON_SAVE_OPTION = "ckan.gdcatalog.dcat.prerender_on_save"
QUEUE_OPTION = "ckan.gdcatalog.dcat.prerender_queue"
# Datasets per search (a catalog page's size); datasets per queued job.
BATCH = 100
JOB_SIZE = 1000


_warned: set[str] = set()


def formats() -> list[str]:
    """The formats to prerender: none when fragments are not cached."""
    if fragments.ttl() <= 0:
        return []
    value = tk.config.get(FORMATS_OPTION) or []
    if isinstance(value, str):
        value = value.split()
    # Read on every index write: an unknown format is reported once.
    for unknown in set(value) - set(fragments.RDFLIB_FORMATS) - _warned:
        log.warning("%s: unknown format %s ignored", FORMATS_OPTION, unknown)
        _warned.add(unknown)
    return [f for f in dict.fromkeys(value) if f in fragments.RDFLIB_FORMATS]


def _chunks(ids: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for value in ids:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def enqueue(ids: Iterable[str]) -> int:
    """Queue jobs that prerender these datasets; how many jobs."""
    jobs = 0
    for chunk in _chunks(ids, JOB_SIZE):
        tk.enqueue_job(render_job, [chunk], title=f"DCAT fragments of {len(chunk)} datasets",
                       queue=tk.config.get(QUEUE_OPTION))
        jobs += 1
    return jobs


_pending = AfterCommit("dcat_prerender", enqueue)


def schedule(package_id: Optional[str]) -> None:
    """Prerender the dataset's fragments once the current transaction commits."""
    if package_id and tk.asbool(tk.config.get(ON_SAVE_OPTION)) and formats():
        _pending.add(package_id)


def install() -> None:
    _pending.install()


def render(ids: Iterable[str], fmts: Optional[list[str]] = None) -> dict[str, int]:
    """Make the missing fragments of those of ``ids`` that are published.

    :returns: ``{"datasets": published datasets seen, "rendered": fragments made}``
    """
    fmts = formats() if fmts is None else fmts
    report = {"datasets": 0, "rendered": 0}
    if not fmts:
        return report
    for chunk in _chunks(ids, BATCH):
        datasets = exposure.published_datasets(chunk)
        report["datasets"] += len(datasets)
        for fmt in fmts:
            report["rendered"] += fragments.prerender(datasets, fmt)
    return report


def render_job(ids: list[str]) -> dict[str, int]:
    """Job: prerender the fragments of these datasets."""
    report = render(ids)
    log.info("DCAT fragments: %(rendered)s made for %(datasets)s published datasets", report)
    return report


def run(data_dict: dict[str, Any]) -> dict[str, Any]:
    """The action's work: every published dataset, or the given ones."""
    fmts = formats()
    ids: Iterable[str] = data_dict.get("ids") or exposure.published_ids()
    if tk.asbool(data_dict.get("background")):
        return {"formats": fmts, "jobs": enqueue(ids)}
    return {"formats": fmts, **render(ids, fmts)}


# ---- action --------------------------------------------------------------------

MSG_SYSADMIN_ONLY = "Only sysadmins may prepare the DCAT fragments."
MSG_BAD_IDS = "ids must be a list of dataset ids or names."


def gdcatalog_dcat_prerender(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Make the missing DCAT fragments of every published dataset, or of the
    given ones (`ckan gdcatalog dcat prerender`), for the formats of
    `ckan.gdcatalog.dcat.prerender_formats`.

    :param ids: dataset ids or names (default: every published dataset)
    :param background: queue jobs for the workers instead
    :returns: ``{"formats", "datasets", "rendered"}``, or ``{"formats", "jobs"}``
    """
    tk.check_access("gdcatalog_dcat_prerender", context, data_dict)
    ids = data_dict.get("ids") or []
    if isinstance(ids, str):
        ids = ids.split()
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise tk.ValidationError({"ids": [tk._(MSG_BAD_IDS)]})
    return run({**data_dict, "ids": ids})


def gdcatalog_dcat_prerender_auth(context: dict[str, Any],
                                  data_dict: dict[str, Any]) -> dict[str, Any]:
    # Work for the whole site: sysadmins pass before auth functions run.
    return {"success": False, "msg": tk._(MSG_SYSADMIN_ONLY)}


ACTIONS = {"gdcatalog_dcat_prerender": gdcatalog_dcat_prerender}
AUTH_FUNCTIONS = {"gdcatalog_dcat_prerender": gdcatalog_dcat_prerender_auth}

"""Harvest tests run ckanext-harvest's real stages: a job goes through the
Redis gather and fetch queues (the consumers' callbacks), against a paged
catalog served over HTTP on 127.0.0.1."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from ckan.tests import factories, helpers
from ckanext.harvest import queue

from tests.harvest.source import Catalog, SourceServer

def _test_ini_plugins() -> str:
    import configparser
    import pathlib
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(pathlib.Path(__file__).parents[2] / "test.ini")
    return parser["app:main"]["ckan.plugins"]


# The site's plugins (with the metadata score on every save, as in a real
# harvest).
PLUGINS = _test_ini_plugins()

# The defaults of every test here; a test's own ckan_config marks win (CKAN
# applies the nearest mark first, so module marks would override them).
HARVEST_CONFIG = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckan.harvest.mq.type", "redis"),
    pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "127.0.0.1"),
    pytest.mark.ckan_config("ckan.gdcatalog.harvest.fetch_timeout", "2"),
]


def add_harvest_config(items: list[Any], directory: str) -> None:
    """HARVEST_CONFIG on the tests under ``directory`` (a conftest's)."""
    for item in items:
        if not str(item.fspath).startswith(directory + "/"):
            continue
        own = {mark.args[0] for mark in item.iter_markers("ckan_config")}
        for mark in HARVEST_CONFIG:
            if mark.args[0] not in own:
                item.add_marker(mark)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    add_harvest_config(items, __file__.rsplit("/", 1)[0])


@pytest.fixture
def source_server() -> Iterator[SourceServer]:
    server = SourceServer(Catalog())
    yield server
    server.stop()


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.fixture
def harvest_org() -> dict[str, Any]:
    return factories.Organization()


def make_source(url: str, org: dict[str, Any], sysadmin: dict[str, Any],
                **extra: Any) -> dict[str, Any]:
    return helpers.call_action(
        "harvest_source_create", {"user": sysadmin["name"]}, name=extra.pop("name", "agency"),
        title="แหล่งข้อมูลหน่วยงาน", url=url, source_type="gdc_dcat_rdf",
        owner_org=org["id"], frequency="MANUAL", **extra)


def run_harvest(source_id: str, sysadmin: dict[str, Any]) -> dict[str, Any]:
    """One job through the queues: create (sent to the gather queue), the
    gather consumer's callback, the fetch consumer's callback for each
    object, then harvest_jobs_run, which finishes the job."""
    context = {"user": sysadmin["name"]}
    queue.purge_queues()
    job = helpers.call_action("harvest_job_create", context, source_id=source_id, run=True)
    gather = queue.get_gather_consumer()
    method, header, body = gather.basic_get(queue=queue.get_gather_queue_name())
    assert body is not None, "the job was not sent to the gather queue"
    queue.gather_callback(gather, method, header, body)
    fetch = queue.get_fetch_consumer()
    while True:
        method, header, body = fetch.basic_get(queue=queue.get_fetch_queue_name())
        if body is None:
            break
        queue.fetch_callback(fetch, method, header, body)
    helpers.call_action("harvest_jobs_run", context, source_id=source_id)
    return helpers.call_action("harvest_job_show", context, id=job["id"])


def report(source_id: str, sysadmin: dict[str, Any]) -> dict[str, Any]:
    return helpers.call_action("gdcatalog_harvest_report", {"user": sysadmin["name"]},
                               id=source_id)


# CKAN's activity stream is a plugin; the site may run it, so a test proves
# that an unchanged re-harvest writes no activity.
WITH_ACTIVITY = pytest.mark.ckan_config("ckan.plugins", PLUGINS + " activity")


@pytest.fixture
def activity_tables(clean_db, migrate_db_for) -> None:
    migrate_db_for("activity")

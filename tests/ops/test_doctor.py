import pytest
import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from ckanext.gdcatalog.ops import doctor

from tests.factories import Dataset


def _status(user=None):
    user = user or factories.Sysadmin()
    return helpers.call_action("gdcatalog_status",
                               context={"user": user["name"], "ignore_auth": False})


def _check(status, name):
    return next(c for c in status["checks"] if c["name"] == name)


def _execute(statement):
    model.Session.execute(sa.text(statement))
    model.Session.commit()


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_every_check_passes_on_the_test_setup():
    org = factories.Organization()
    Dataset(owner_org=org["id"])
    Dataset(owner_org=org["id"], private=True)
    status = _status()
    assert [c["name"] for c in status["checks"]] == [
        "config", "database", "migrations", "redis", "search", "harvest"]
    assert status["ok"], status
    assert _check(status, "config")["details"]["plugins"] == [
        "gdcatalog_search", "gdcatalog", "gdcatalog_quality", "gdcatalog_harvester",
        "scheming_datasets", "scheming_organizations", "harvest", "dcat", "dcat_rdf_harvester"]
    assert set(_check(status, "migrations")["details"]) == {
        "core", "gdcatalog_search", "gdcatalog", "gdcatalog_quality", "harvest"}
    search = _check(status, "search")
    assert search["details"] == {"backend": "postgresql", "table": "gdcatalog_search_doc",
                                 "datasets": 2, "indexed": 2, "missing": 0, "stale": 0}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_missing_index_table_fails_the_search_check():
    _execute("ALTER TABLE gdcatalog_search_doc RENAME TO gdcatalog_search_doc_away")
    try:
        status = _status()
    finally:
        _execute("ALTER TABLE gdcatalog_search_doc_away RENAME TO gdcatalog_search_doc")
    search = _check(status, "search")
    assert not status["ok"]
    assert not search["ok"]
    assert "gdcatalog_search_doc is missing" in search["message"]
    assert _check(status, "database")["ok"] and _check(status, "redis")["ok"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_unindexed_dataset_fails_the_search_check():
    Dataset(owner_org=factories.Organization()["id"])
    _execute("DELETE FROM gdcatalog_search_doc")
    search = _check(_status(), "search")
    assert not search["ok"]
    assert (search["details"]["missing"], search["details"]["indexed"]) == (1, 0)
    assert "search-index rebuild" in search["message"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_pending_plugin_migration_fails_the_migrations_check():
    # Forget the applied revisions rather than downgrading, so the test does
    # not depend on the plugin's downgrade steps.
    table = "gdcatalog_search_alembic_version"
    applied = [row[0] for row in model.Session.execute(
        sa.text(f"SELECT version_num FROM {table}"))]
    _execute(f"DELETE FROM {table}")
    try:
        status = _status()
    finally:
        for revision in applied:
            model.Session.execute(sa.text(f"INSERT INTO {table} VALUES (:v)"), {"v": revision})
        model.Session.commit()
    migrations = _check(status, "migrations")
    assert applied
    assert not migrations["ok"]
    assert "gdcatalog_search" in migrations["message"]
    assert migrations["details"]["gdcatalog_search"]["current"] == []
    assert migrations["details"]["gdcatalog_search"]["heads"] == sorted(applied)
    assert migrations["details"]["core"]["current"] == migrations["details"]["core"]["heads"]
    assert _check(_status(), "migrations")["ok"]


@pytest.mark.usefixtures("clean_db")
def test_unreachable_redis_is_reported(ckan_config, monkeypatch):
    # Set here, not with the ckan_config mark: loading the plugins re-applies
    # CKAN_REDIS_URL from the environment over marks.
    monkeypatch.setitem(ckan_config, "ckan.redis.url", "redis://127.0.0.1:1/0")
    redis = _check(_status(), "redis")
    assert not redis["ok"], redis
    assert "127.0.0.1:1" in redis["message"]
    # The fix names a command, whatever this machine has installed.
    fix = redis["message"].split("Fix: ", 1)[1]
    assert "apt-get install redis-server" in fix or "redis-server --port 1" in fix


@pytest.mark.ckan_config("ckan.plugins", "gdcatalog_search gdcatalog harvest")
@pytest.mark.ckan_config("ckan.harvest.mq.type", "redis")
@pytest.mark.usefixtures("clean_db")
def test_harvest_queues_are_checked_when_harvest_is_enabled():
    status = _status()
    harvest = _check(status, "harvest")
    assert harvest["ok"], harvest
    assert (harvest["details"]["gather"], harvest["details"]["fetch"]) == (0, 0)
    # The harvest tables were never created in the test database.
    assert "harvest" in _check(status, "migrations")["message"]


@pytest.mark.usefixtures("clean_db")
def test_only_sysadmins_may_see_the_status():
    with pytest.raises(tk.NotAuthorized):
        _status(factories.User())
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("gdcatalog_status", context={"user": "", "ignore_auth": False})


def test_redact_hides_passwords_only():
    assert doctor.redact("redis://:secret@cache:6379/1") == "redis://:***@cache:6379/1"
    assert doctor.redact("postgresql://ckan:pw@db/ckan") == "postgresql://ckan:***@db/ckan"
    assert doctor.redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"

"""A record whose import meets a concurrent writer of its dataset name, or a
dropped database connection, is imported by a second attempt in the same
job (faults made by PostgreSQL itself: a competing transaction, a trigger
that ends the importing backend)."""
from __future__ import annotations

import threading
import time
import uuid
from typing import Any, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

import ckan.plugins.toolkit as tk
from ckan import model

from tests.harvest.conftest import make_source, report, run_harvest
from tests.harvest.source import Catalog

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index")]


@pytest.fixture
def own_connection() -> Iterator[sa.engine.Connection]:
    """A second client of the test database, as another process would be."""
    engine = sa.create_engine(tk.config["sqlalchemy.url"], poolclass=NullPool)
    connection = engine.connect()
    yield connection
    connection.close()
    engine.dispose()


def _active_names() -> set[str]:
    return {p.name for p in model.Session.query(model.Package).filter(
        model.Package.type == "dataset", model.Package.state == "active")}


def _errors(source_id: str, sysadmin: dict[str, Any]) -> list[str]:
    job = report(source_id, sysadmin)["jobs"][0]
    return [e["message"] for e in job.get("object_errors", [])] + \
        [e["message"] for e in job.get("gather_errors", [])]


def _commit_when_blocking(connection: sa.engine.Connection, transaction: Any,
                          done: threading.Event) -> None:
    # Commit once another backend waits for this transaction's row lock:
    # the importer's INSERT of the same name, after its name check passed.
    pid = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        waiting = connection.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"),
            {"pid": pid}).scalar()
        if waiting:
            break
        time.sleep(0.05)
    transaction.commit()
    done.set()


def test_a_name_taken_by_a_concurrent_writer_gets_the_next_free_name(
        source_server, harvest_org, sysadmin, own_connection):
    source_server.catalog = Catalog(count=1)
    source = make_source(source_server.url, harvest_org, sysadmin)
    # The name the record gets when nothing competes.
    name = "source-dataset-1"
    transaction = own_connection.begin()
    own_connection.execute(sa.text(
        "INSERT INTO package (id, name, title, type, state, private) "
        "VALUES (:id, :name, 'another writer', 'dataset', 'active', false)"),
        {"id": str(uuid.uuid4()), "name": name})
    done = threading.Event()
    committer = threading.Thread(target=_commit_when_blocking,
                                 args=(own_connection, transaction, done))
    committer.start()
    job = run_harvest(source["id"], sysadmin)
    committer.join(timeout=130)
    assert done.is_set()
    assert job["status"] == "Finished"
    assert _errors(source["id"], sysadmin) == []
    assert job["stats"]["added"] == 1
    assert _active_names() == {name, f"{name}-2"}


def test_a_dropped_connection_is_retried_within_the_job(
        source_server, harvest_org, sysadmin, own_connection):
    source_server.catalog = Catalog(count=2)
    source = make_source(source_server.url, harvest_org, sysadmin)
    # The first dataset INSERT ends its own backend, as a restarted or
    # killed PostgreSQL backend would; a sequence counts outside transactions.
    with own_connection.begin():
        own_connection.execute(sa.text("""
            DROP TRIGGER IF EXISTS gdc_test_drop_once ON package;
            DROP FUNCTION IF EXISTS gdc_test_drop_once();
            DROP SEQUENCE IF EXISTS gdc_test_fault_seq;
            CREATE SEQUENCE gdc_test_fault_seq;
            CREATE FUNCTION gdc_test_drop_once() RETURNS trigger AS $$
            BEGIN
                IF nextval('gdc_test_fault_seq') = 1 THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER gdc_test_drop_once BEFORE INSERT ON package
                FOR EACH ROW EXECUTE FUNCTION gdc_test_drop_once();"""))
    try:
        job = run_harvest(source["id"], sysadmin)
    finally:
        model.Session.rollback()  # its reads of package would block the DROP
        with own_connection.begin():
            inserts = own_connection.execute(sa.text(
                "SELECT last_value FROM gdc_test_fault_seq")).scalar()
            own_connection.execute(sa.text("""
                DROP TRIGGER gdc_test_drop_once ON package;
                DROP FUNCTION gdc_test_drop_once();
                DROP SEQUENCE gdc_test_fault_seq;"""))
    assert inserts == 3  # the dropped one, its retry, the second dataset
    assert job["status"] == "Finished"
    assert _errors(source["id"], sysadmin) == []
    assert job["stats"]["added"] == 2
    assert _active_names() == {"source-dataset-1", "source-dataset-2"}

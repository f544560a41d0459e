"""``ckan gdcatalog harvest run``: a job through the real Redis queues, done
by gather and fetch consumers running as processes of their own, as on a
site (and in ``./dev.sh up``'s demo harvest)."""
from __future__ import annotations

import ctypes
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from ckan import model
from ckan.cli.cli import ckan
from ckanext.harvest import queue

from tests.harvest.conftest import make_source

CKAN = str(Path(sys.executable).with_name("ckan"))


def _datasets() -> dict[str, str]:
    return {p.name: p.state for p in model.Session.query(model.Package).filter(
        model.Package.type == "dataset")}


def _end_with_this_process() -> None:
    # A test run that is killed must not leave consumers taking the jobs of
    # later runs from the same Redis database (Linux: PR_SET_PDEATHSIG).
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)


def _waiting_consumers(wanted: int, within: float) -> int:
    """Clients of this Redis database blocked in BLPOP (the consumers)."""
    redis = queue.get_connection()
    database = redis.connection_pool.connection_kwargs.get("db", 0)
    deadline = time.monotonic() + within
    while True:
        count = sum(1 for client in redis.client_list()
                    if client.get("cmd") == "blpop" and int(client.get("db", -1)) == database)
        if count >= wanted or time.monotonic() >= deadline:
            return count
        time.sleep(0.5)


@pytest.fixture
def consumers(clean_db: Any, request: Any, tmp_path: Path) -> Iterator[None]:
    # The test site's configuration with the settings these tests mark.
    ini = tmp_path / "consumers.ini"
    shutil.copy(request.config.getoption("--ckan-ini"), ini)
    subprocess.run([CKAN, "config-tool", str(ini), "ckan.harvest.mq.type=redis",
                    "ckan.gdcatalog.registry.allowed_hosts=127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    queue.purge_queues()
    logs = [open(tmp_path / f"{name}.log", "wb") for name in ("gather", "fetch")]
    processes = [subprocess.Popen([CKAN, "-c", str(ini), "harvester", f"{name}-consumer"],
                                  stdout=log, stderr=subprocess.STDOUT,
                                  preexec_fn=_end_with_this_process)
                 for name, log in zip(("gather", "fetch"), logs)]
    # Once both wait on their queues, idle for longer than redis-py 8's
    # default socket timeout (5 s, CKAN 2.12): they must still be waiting.
    assert _waiting_consumers(2, within=90) == 2
    time.sleep(6)
    assert [process.poll() for process in processes] == [None, None]
    assert _waiting_consumers(2, within=0) == 2
    yield
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    for log in logs:
        log.close()


@pytest.mark.usefixtures("consumers", "clean_index")
def test_run_harvests_through_the_consumers_and_waits(cli, source_server, harvest_org,
                                                      sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    first = cli.invoke(ckan, ["gdcatalog", "harvest", "run", source["name"],
                              "--timeout", "180"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "Finished: 5 added, 0 updated" in first.output
    assert sorted(_datasets().values()) == ["active"] * 5

    again = cli.invoke(ckan, ["gdcatalog", "harvest", "run", source["id"],
                              "--timeout", "180"], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert "Finished: 0 added" in again.output and "0 errored" in again.output
    assert len(_datasets()) == 5


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_run_without_consumers_times_out_with_a_hint(cli, source_server, harvest_org,
                                                     sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    queue.purge_queues()
    try:
        result = cli.invoke(ckan, ["gdcatalog", "harvest", "run", source["name"],
                                   "--timeout", "2"], catch_exceptions=False)
    finally:
        queue.purge_queues()
    assert result.exit_code == 1
    assert "after 2 s" in result.output
    assert "harvester gather-consumer" in result.output
    assert _datasets() == {}


@pytest.mark.usefixtures("clean_db")
def test_run_of_an_unknown_source_is_a_clear_error(cli):
    result = cli.invoke(ckan, ["gdcatalog", "harvest", "run", "no-such-source"],
                        catch_exceptions=False)
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output

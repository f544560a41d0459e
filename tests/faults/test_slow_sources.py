"""A source's timeout bounds the whole request: a server that trickles its
answer a byte a second, or takes the request and never answers, is given up
on when the timeout is spent (the socket's own timeout bounds only one
receive, which a trickle never exceeds). A harvest that gives up on a page
records the error and withdraws nothing."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from ckan import model

from ckanext.gdcatalog.registry import urlsafety
from tests.harvest.conftest import make_source, report, run_harvest

# Loose bounds: a timeout of 2 seconds must end a fetch well within 10 (the
# servers trickle for 20); a correctness bound, not a benchmark.
TIMEOUT, BOUND = 2, 10


@pytest.mark.parametrize("fault", ["trickle", "trickle-body", "silent"])
def test_the_timeout_bounds_the_whole_fetch(source_server, fault):
    source_server.catalog.faults[1] = fault
    started = time.monotonic()
    with pytest.raises(urlsafety.RefusedURL, match=f"did not answer within {TIMEOUT} seconds"):
        urlsafety.fetch(source_server.url, timeout=TIMEOUT)
    assert time.monotonic() - started < BOUND
    assert source_server.server.requests == ["/catalog.ttl"]


def test_a_page_cut_short_is_an_error_not_a_page(source_server):
    source_server.catalog.faults[1] = "cut"
    with pytest.raises(urlsafety.RefusedURL, match="IncompleteRead"):
        urlsafety.fetch(source_server.url, timeout=TIMEOUT)
    del source_server.catalog.faults[1]
    assert urlsafety.fetch(source_server.url, timeout=TIMEOUT).body.startswith(b"@prefix")


def _states(org_id):
    return {p.title: p.state for p in model.Session.query(model.Package).filter(
        model.Package.owner_org == org_id, model.Package.type == "dataset")}


def _gather_seconds(job):
    started, finished = (dt.datetime.fromisoformat(job[key])
                         for key in ("gather_started", "gather_finished"))
    return (finished - started).total_seconds()


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("page, fault", [(2, "trickle"), (2, "trickle-body"), (1, "silent")])
def test_a_harvest_gives_up_on_a_slow_page_and_withdraws_nothing(
        source_server, harvest_org, sysadmin, page, fault):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.catalog.records.pop(5)  # would be withdrawn by a complete read
    source_server.catalog.faults[page] = fault

    job = run_harvest(source["id"], sysadmin)
    assert job["status"] == "Finished"
    last = report(source["id"], sysadmin)["jobs"][0]
    errors = [e["message"] for e in last["gather_errors"]]
    assert any(f"did not answer within {TIMEOUT} seconds" in e for e in errors), errors
    assert any("so no dataset was withdrawn" in e for e in errors), errors
    assert _gather_seconds(last) < BOUND
    assert last["counts"]["withdrawn"] == 0
    states = _states(harvest_org["id"])
    assert len(states) == 5 and set(states.values()) == {"active"}

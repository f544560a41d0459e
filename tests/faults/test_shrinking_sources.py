"""One bad answer must not empty a source's catalog here: a complete read
that lists none of the source's records (an empty 200 answer, an emptied
export), or that would withdraw more than
``ckan.gdcatalog.harvest.max_withdraw_share`` of them, withdraws nothing
and records why. The next complete read that still misses the same records
withdraws them; one that sees them again releases them."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories

from tests.harvest.conftest import make_source, report, run_harvest

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

EMPTY = "The source lists no dataset, but 5 were harvested from it, so no dataset was withdrawn"
SHARE = "3 of the 5 datasets harvested from the source are no longer in it, more than 50%"


def _states(org_id):
    return {p.title: p.state for p in model.Session.query(model.Package).filter(
        model.Package.owner_org == org_id, model.Package.type == "dataset")}


def _last(source_id, sysadmin):
    job = report(source_id, sysadmin)["jobs"][0]
    return job, " ".join(e["message"] for e in job["gather_errors"])


def _shrink(server, how):
    """What the source answers now: an empty 200 body, a catalog of none of
    its records, or one of two records of five."""
    if how == "empty answer":
        server.catalog.faults[1] = "empty"
    elif how == "empty catalog":
        server.catalog.records.clear()
    else:
        for number in (3, 4, 5):
            server.catalog.records.pop(number)


def _restore(server, records):
    server.catalog.faults.clear()
    server.catalog.records.update(records)


@pytest.mark.parametrize("how, message", [("empty answer", EMPTY), ("empty catalog", EMPTY),
                                          ("two of five", SHARE)])
def test_a_shrunken_source_withdraws_nothing_until_the_next_read_confirms_it(
        source_server, harvest_org, sysadmin, how, message):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    _shrink(source_server, how)

    job = run_harvest(source["id"], sysadmin)
    last, errors = _last(source["id"], sysadmin)
    assert job["status"] == "Finished"
    assert message in errors
    assert last["counts"]["withdrawn"] == 0
    states = _states(harvest_org["id"])
    assert len(states) == 5 and set(states.values()) == {"active"}
    assert report(source["id"], sysadmin)["records"] == {"current": 5, "withdrawn": 0}

    # the source still answers the same: the shrink is confirmed
    run_harvest(source["id"], sysadmin)
    last, errors = _last(source["id"], sysadmin)
    assert errors == ""
    kept = 0 if how.startswith("empty") else 2
    assert last["counts"]["withdrawn"] == 5 - kept
    assert sorted(_states(harvest_org["id"]).values()) == \
        ["active"] * kept + ["deleted"] * (5 - kept)
    assert report(source["id"], sysadmin)["records"] == {"current": kept,
                                                         "withdrawn": 5 - kept}


@pytest.mark.parametrize("how", ["empty answer", "two of five"])
def test_a_source_that_comes_back_releases_the_held_records(source_server, harvest_org,
                                                            sysadmin, how):
    """A bad answer, a good one, a bad one again: the second bad answer is
    not a confirmation of the first, so nothing is ever withdrawn."""
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    records = dict(source_server.catalog.records)
    for _ in range(2):
        _shrink(source_server, how)
        run_harvest(source["id"], sysadmin)
        assert "so no dataset was withdrawn" in _last(source["id"], sysadmin)[1]
        _restore(source_server, records)
        run_harvest(source["id"], sysadmin)
        assert _last(source["id"], sysadmin)[1] == ""
    assert sum(job["counts"]["withdrawn"]
               for job in report(source["id"], sysadmin)["jobs"]) == 0
    states = _states(harvest_org["id"])
    assert len(states) == 5 and set(states.values()) == {"active"}


def test_a_failed_read_between_does_not_release_the_held_records(source_server, harvest_org,
                                                                 sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    _shrink(source_server, "empty catalog")
    run_harvest(source["id"], sysadmin)
    assert set(_states(harvest_org["id"]).values()) == {"active"}
    source_server.catalog.faults[1] = "500"
    run_harvest(source["id"], sysadmin)
    assert "could not be read completely" in _last(source["id"], sysadmin)[1]
    source_server.catalog.faults.clear()
    run_harvest(source["id"], sysadmin)
    assert set(_states(harvest_org["id"]).values()) == {"deleted"}


def test_a_shrink_within_the_share_is_withdrawn_at_once(source_server, harvest_org,
                                                        sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.catalog.records.pop(4)
    source_server.catalog.records.pop(5)  # two of five: 40%
    run_harvest(source["id"], sysadmin)
    last, errors = _last(source["id"], sysadmin)
    assert errors == "" and last["counts"]["withdrawn"] == 2


@pytest.mark.ckan_config("ckan.gdcatalog.harvest.max_withdraw_share", "0.8")
def test_the_share_is_an_option(source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    _shrink(source_server, "two of five")
    run_harvest(source["id"], sysadmin)
    last, errors = _last(source["id"], sysadmin)
    assert errors == "" and last["counts"]["withdrawn"] == 3


@pytest.mark.ckan_config("ckan.gdcatalog.harvest.max_withdraw_share", "1")
def test_a_source_listing_nothing_is_held_whatever_the_share(source_server, harvest_org,
                                                             sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    _shrink(source_server, "empty answer")
    run_harvest(source["id"], sysadmin)
    last, errors = _last(source["id"], sysadmin)
    assert EMPTY in errors and last["counts"]["withdrawn"] == 0


@pytest.mark.parametrize("how, thai", [
    ("empty answer", "แต่เคยเก็บเกี่ยวจากแหล่งนี้ไว้ 5 ชุด"),
    ("two of five", "ชุดข้อมูล 3 จาก 5 ชุด"),
])
def test_the_report_shows_why_nothing_was_withdrawn_in_thai(app, source_server, harvest_org,
                                                            sysadmin, how, thai):
    """Stored in English, shown in the reader's language."""
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    _shrink(source_server, how)
    run_harvest(source["id"], sysadmin)
    token = factories.APIToken(user=sysadmin["name"])["token"]
    body = app.get(f"/th/harvest/report/{source['name']}",
                   headers={"Authorization": token}).body
    assert thai in body
    assert "จึงไม่มีการถอนชุดข้อมูลใด" in body

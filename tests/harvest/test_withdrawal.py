"""Records that leave a source are withdrawn here, only after the whole
source was read; a failing source (down, HTTP 500, timeout, malformed RDF,
oversized page, paging loop, fewer records than declared) ends the job
with its errors recorded and loses no dataset."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import helpers

from tests.harvest.conftest import make_source, report, run_harvest

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"),
              pytest.mark.ckan_config("ckan.gdcatalog.dcat.max_bytes", "100000")]


def _states(org_id):
    return {p.title: p.state for p in model.Session.query(model.Package).filter(
        model.Package.owner_org == org_id, model.Package.type == "dataset")}


def test_a_removed_record_is_withdrawn_and_comes_back_as_the_same_dataset(
        source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    gone = source_server.catalog.records.pop(3)
    ids = {p.title: p.id for p in model.Session.query(model.Package).filter(
        model.Package.owner_org == harvest_org["id"])}

    run_harvest(source["id"], sysadmin)
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert (counts["withdrawn"], counts["unchanged"]) == (1, 4)
    states = _states(harvest_org["id"])
    assert states.pop("ชุดข้อมูลต้นทาง 3") == "deleted"  # deleted, not purged
    assert set(states.values()) == {"active"}
    assert helpers.call_action("gdcatalog_harvest_provenance",
                               id=ids["ชุดข้อมูลต้นทาง 3"])["withdrawn"]

    source_server.catalog.records[3] = gone
    run_harvest(source["id"], sysadmin)
    assert _states(harvest_org["id"])["ชุดข้อมูลต้นทาง 3"] == "active"
    back = model.Session.query(model.Package).filter(
        model.Package.title == "ชุดข้อมูลต้นทาง 3").all()
    assert [p.id for p in back] == [ids["ชุดข้อมูลต้นทาง 3"]]


@pytest.mark.ckan_config("ckan.gdcatalog.harvest.withdraw", "keep")
def test_withdrawal_can_keep_the_dataset(source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.catalog.records.pop(1)
    run_harvest(source["id"], sysadmin)
    assert report(source["id"], sysadmin)["jobs"][0]["counts"]["withdrawn"] == 1
    assert set(_states(harvest_org["id"]).values()) == {"active"}
    assert report(source["id"], sysadmin)["records"] == {"current": 4, "withdrawn": 1}


@pytest.mark.parametrize("fault, message", [
    ("500", "answered with HTTP status 500"),
    ("slow", "did not answer within 2"),
    ("malformed", "could not be read"),
    ("oversized", "larger than 100000 bytes"),
])
def test_a_failing_page_withdraws_nothing(source_server, harvest_org, sysadmin, fault,
                                          message):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.catalog.records.pop(5)  # would be withdrawn by a complete read
    source_server.catalog.records[1]["title"] = "ชุดข้อมูลต้นทาง 1 ฉบับแก้ไข"
    source_server.catalog.faults[2] = fault

    job = run_harvest(source["id"], sysadmin)
    assert job["status"] == "Finished"
    last = report(source["id"], sysadmin)["jobs"][0]
    errors = " ".join(e["message"] for e in last["gather_errors"])
    assert message in errors
    assert "so no dataset was withdrawn" in errors
    assert last["counts"]["withdrawn"] == 0
    assert last["counts"]["updated"] == 1  # page 1 was read and imported
    states = _states(harvest_org["id"])
    assert len(states) == 5 and set(states.values()) == {"active"}


def test_a_source_that_is_down_loses_nothing(source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.stop()
    job = run_harvest(source["id"], sysadmin)
    assert job["status"] == "Finished"
    errors = " ".join(e["message"] for e in report(source["id"], sysadmin)["jobs"][0]
                      ["gather_errors"])
    assert "Could not connect" in errors
    assert set(_states(harvest_org["id"]).values()) == {"active"}


@pytest.mark.parametrize("change, message", [
    ("loop", "comes back to a page already read"),
    ("declared", "declares 6 datasets but 4 were read"),
])
def test_inconsistent_paging_withdraws_nothing(source_server, harvest_org, sysadmin, change,
                                               message):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.catalog.records.pop(4)
    if change == "loop":
        source_server.catalog.loop = True
    else:
        source_server.catalog.declared_extra = 2
    run_harvest(source["id"], sysadmin)
    last = report(source["id"], sysadmin)["jobs"][0]
    assert message in " ".join(e["message"] for e in last["gather_errors"])
    assert last["counts"]["withdrawn"] == 0
    assert set(_states(harvest_org["id"]).values()) == {"active"}

"""Harvesting a paged source: first harvest, unchanged and changed
re-harvests, provenance."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import helpers

from tests.harvest.conftest import (WITH_ACTIVITY, make_source, report,
                                    run_harvest)

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index")]


def _harvested(org_id):
    return helpers.call_action("package_search", fq=f"owner_org:{org_id}", rows=100,
                               include_private=True)["results"]


def _activities(package_id):
    return model.Session.execute(sa.text("SELECT count(*) FROM activity WHERE object_id = :id"),
                                 {"id": package_id}).scalar()


def test_first_harvest_creates_every_record_with_provenance(source_server, harvest_org,
                                                            sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    job = run_harvest(source["id"], sysadmin)
    assert job["status"] == "Finished"
    last = report(source["id"], sysadmin)["jobs"][0]
    assert not last["gather_errors"] and not last["object_errors"], last
    datasets = _harvested(harvest_org["id"])
    assert sorted(d["title"] for d in datasets) == [f"ชุดข้อมูลต้นทาง {n}" for n in range(1, 6)]
    assert len(source_server.server.requests) == 3  # three pages of two
    last = report(source["id"], sysadmin)["jobs"][0]
    assert last["counts"] == {"added": 5, "updated": 0, "unchanged": 0, "withdrawn": 0,
                              "errors": 0, "pending": 0}, last

    one = next(d for d in datasets if d["title"] == "ชุดข้อมูลต้นทาง 1")
    provenance = helpers.call_action("gdcatalog_harvest_provenance", id=one["id"])
    assert provenance["source_id"] == source["id"]
    assert provenance["uri"] == "http://agency.example.go.th/dataset/1"
    assert provenance["landing_page"] == "http://agency.example.go.th/dataset/page/1"
    assert provenance["catalog_uri"] == "http://agency.example.go.th/catalog"
    assert provenance["catalog_title"] == "บัญชีข้อมูลของหน่วยงานตัวอย่าง"
    assert provenance["source_modified"].startswith("2026-11-01")
    assert provenance["last_harvested"] and provenance["withdrawn"] is None


@WITH_ACTIVITY
@pytest.mark.usefixtures("activity_tables")
def test_an_unchanged_source_rewrites_nothing(source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    before = {d["id"]: d["metadata_modified"] for d in _harvested(harvest_org["id"])}
    provenance_before = {i: helpers.call_action("gdcatalog_harvest_provenance", id=i)
                         for i in before}
    activity_before = {i: _activities(i) for i in before}
    assert all(activity_before.values())  # the first harvest did record activity

    job = run_harvest(source["id"], sysadmin)
    assert job["status"] == "Finished"
    after = {d["id"]: d["metadata_modified"] for d in _harvested(harvest_org["id"])}
    assert after == before
    assert {i: _activities(i) for i in before} == activity_before
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert counts["unchanged"] == 5 and counts["added"] == counts["updated"] == 0
    for package_id, old in provenance_before.items():
        new = helpers.call_action("gdcatalog_harvest_provenance", id=package_id)
        assert new["last_harvested"] > old["last_harvested"]
        assert new["last_changed"] == old["last_changed"]


def test_a_changed_record_is_updated_and_keeps_its_name(source_server, harvest_org,
                                                         sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    before = {d["title"]: d for d in _harvested(harvest_org["id"])}
    source_server.catalog.records[2]["title"] = "ชุดข้อมูลต้นทาง 2 ฉบับแก้ไข"
    source_server.catalog.records[2]["name"] = "renamed-at-source"

    run_harvest(source["id"], sysadmin)
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert (counts["updated"], counts["unchanged"], counts["added"]) == (1, 4, 0)
    changed = helpers.call_action("package_show", id=before["ชุดข้อมูลต้นทาง 2"]["id"])
    assert changed["title"] == "ชุดข้อมูลต้นทาง 2 ฉบับแก้ไข"
    assert changed["name"] == before["ชุดข้อมูลต้นทาง 2"]["name"]
    untouched = helpers.call_action("package_show", id=before["ชุดข้อมูลต้นทาง 1"]["id"])
    assert untouched["metadata_modified"] == before["ชุดข้อมูลต้นทาง 1"]["metadata_modified"]


def test_changed_paging_is_the_same_source(source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.catalog.page_size = 3  # two pages now instead of three
    run_harvest(source["id"], sysadmin)
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert (counts["unchanged"], counts["withdrawn"], counts["added"]) == (5, 0, 0)
    assert len(_harvested(harvest_org["id"])) == 5


@pytest.fixture
def parses(monkeypatch):
    """How many pages were parsed (the parser itself runs as always)."""
    from ckanext.gdcatalog.dcat import safe_parse
    calls = []
    real = safe_parse.parse

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(safe_parse, "parse", counting)
    return calls


def test_pages_that_did_not_change_are_not_parsed_again(source_server, harvest_org,
                                                        sysadmin, parses):
    source_server.catalog.stable = True  # byte-identical pages while unchanged
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    assert len(parses) == 3  # 5 records, 2 a page
    parses.clear()
    run_harvest(source["id"], sysadmin)
    assert parses == []
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert counts["unchanged"] == 5 and counts["withdrawn"] == 0

    # A changed record: its page alone is read again.
    source_server.catalog.records[3]["notes"] = "คำอธิบายใหม่"
    run_harvest(source["id"], sysadmin)
    assert len(parses) == 1
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert (counts["updated"], counts["unchanged"]) == (1, 4)

    # A dataset deleted here: its unchanged page is read again, and the
    # record brings the dataset back, as when every page is read.
    parses.clear()
    deleted = next(d for d in _harvested(harvest_org["id"]) if d["title"].endswith(" 5"))
    helpers.call_action("package_delete", id=deleted["id"])
    run_harvest(source["id"], sysadmin)
    assert len(parses) == 1
    assert helpers.call_action("package_show", id=deleted["id"])["state"] == "active"

    # A record gone from the source changes the pages: withdrawn as before.
    source_server.catalog.records.pop(1)
    run_harvest(source["id"], sysadmin)
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert counts["withdrawn"] == 1 and len(_harvested(harvest_org["id"])) == 4


def test_pages_written_afresh_are_parsed(source_server, harvest_org, sysadmin, parses):
    """rdflib writes a page's blank nodes in a random order: such a source
    is read whole every time, and nothing changes."""
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    parses.clear()
    run_harvest(source["id"], sysadmin)
    assert len(parses) == 3
    assert report(source["id"], sysadmin)["jobs"][0]["counts"]["unchanged"] == 5

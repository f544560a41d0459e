"""One dataset per source record: the same record from a second source is
an error of that source, and a record keeps its dataset through a local
rename and a cleared harvest history."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories, helpers

from tests.harvest.conftest import make_source, report, run_harvest
from tests.harvest.source import Catalog, SourceServer

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index")]


def _count():
    return model.Session.query(model.Package).filter(model.Package.type == "dataset",
                                                     model.Package.state == "active").count()


def test_the_same_record_from_a_second_source_is_reported(source_server, harvest_org,
                                                          sysadmin):
    source_server.catalog.records[3]["identifier"] = "TH-AGENCY-0003"
    first = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(first["id"], sysadmin)
    other = SourceServer(Catalog(count=3))  # records 1-3 again, under the same URIs
    try:
        other.catalog.records[3]["uri"] = "http://province.example.go.th/dataset/3"
        other.catalog.records[3]["identifier"] = "TH-AGENCY-0003"
        second = make_source(other.url, factories.Organization(), sysadmin, name="province")
        job = run_harvest(second["id"], sysadmin)
    finally:
        other.stop()
    assert job["status"] == "Finished"
    assert _count() == 5
    last = report(second["id"], sysadmin)["jobs"][0]
    assert last["counts"]["errors"] == 3 and last["counts"]["added"] == 0
    by_record = {e["record"]: e["message"] for e in last["object_errors"]}
    assert set(by_record) == {"http://agency.example.go.th/dataset/1",
                              "http://agency.example.go.th/dataset/2",
                              "http://province.example.go.th/dataset/3"}
    assert "already harvested from another source (แหล่งข้อมูลหน่วยงาน" in \
        by_record["http://agency.example.go.th/dataset/1"]
    assert "The identifier TH-AGENCY-0003 of the record" in \
        by_record["http://province.example.go.th/dataset/3"]


def test_a_record_keeps_its_dataset_after_a_rename_and_a_cleared_history(
        source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    one = model.Session.query(model.Package).filter(
        model.Package.title == "ชุดข้อมูลต้นทาง 1").one()
    helpers.call_action("package_patch", {"user": sysadmin["name"]}, id=one.id,
                        name="renamed-here")
    helpers.call_action("harvest_source_job_history_clear", {"user": sysadmin["name"]},
                        id=source["id"])
    source_server.catalog.records[1]["notes"] = "คำอธิบายใหม่"

    run_harvest(source["id"], sysadmin)
    assert _count() == 5
    updated = helpers.call_action("package_show", id=one.id)
    assert updated["name"] == "renamed-here" and updated["notes"] == "คำอธิบายใหม่"
    counts = report(source["id"], sysadmin)["jobs"][0]["counts"]
    assert counts["errors"] == 0 and counts["withdrawn"] == 0
    assert counts["unchanged"] == 4  # the records still know their datasets

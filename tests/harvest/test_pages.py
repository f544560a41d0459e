"""The report page of a source and the provenance on a dataset's page, in
Thai and English, for those who may see the source."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories

from tests.harvest.conftest import make_source, run_harvest

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index")]


def _headers(user):
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def test_the_report_page_shows_runs_counts_and_errors(app, source_server, harvest_org,
                                                      sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    source_server.catalog.records.pop(5)
    source_server.catalog.records[2]["title"] = ""  # the standard requires one
    source_server.catalog.faults[2] = "500"
    run_harvest(source["id"], sysadmin)

    english = app.get(f"/harvest/report/{source['name']}", headers=_headers(sysadmin))
    assert english.status_code == 200
    assert "Harvest report" in english.body and "Unchanged" in english.body
    assert "answered with HTTP status 500" in english.body
    assert "so no dataset was withdrawn" in english.body

    thai = app.get(f"/th/harvest/report/{source['name']}", headers=_headers(sysadmin))
    assert thai.status_code == 200
    assert "รายงานการเก็บเกี่ยวข้อมูล" in thai.body
    assert "ไม่มีการถอนชุดข้อมูลใด" in thai.body  # the stored English error, in Thai
    assert "http://agency.example.go.th/dataset/2" in thai.body  # the record of the error

    # The source's pages lead to it.
    for page in (f"/harvest/{source['name']}", f"/harvest/admin/{source['name']}"):
        body = app.get(page, headers=_headers(sysadmin)).body
        assert f'href="/harvest/report/{source["name"]}"' in body, page


def test_the_report_of_a_private_source_is_for_its_organization(app, source_server,
                                                               harvest_org, sysadmin):
    member = factories.User()
    org = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    source = make_source(source_server.url, org, sysadmin, private=True)
    path = f"/harvest/report/{source['name']}"
    assert app.get(path, headers=_headers(member)).status_code == 200
    assert app.get(path, headers=_headers(factories.User())).status_code in (403, 404)
    assert app.get("/harvest/report/no-such-source",
                   headers=_headers(sysadmin)).status_code == 404


def test_a_harvested_dataset_shows_its_provenance(app, source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    dataset = model.Session.query(model.Package).filter(
        model.Package.title == "ชุดข้อมูลต้นทาง 1").one()
    english = app.get(f"/dataset/{dataset.name}")
    assert "Provenance" in english.body
    assert "http://agency.example.go.th/dataset/1" in english.body
    assert "http://agency.example.go.th/dataset/page/1" in english.body
    assert "บัญชีข้อมูลของหน่วยงานตัวอย่าง" in english.body
    thai = app.get(f"/th/dataset/{dataset.name}")
    assert "ที่มาของข้อมูล" in thai.body and "เก็บเกี่ยวล่าสุด" in thai.body

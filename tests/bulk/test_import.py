"""Importing workbooks through the actions: a row-by-row report, datasets
of the right types, re-import changing nothing, export re-importing
unchanged, authorization."""
from __future__ import annotations

import base64
import io
from typing import Any

import pytest
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests.bulk.workbooks import build, dataset_row
from tests.factories import mandatory_fields

pytestmark = pytest.mark.usefixtures("with_request_context")


def _workbook() -> bytes:
    return build({
        "Temp2_Meta_Record": [
            dataset_row("Civil Registry", "ทะเบียนราษฎร", created_date="01/01/2560",
                        high_value_dataset="ใช่", data_collect="บุคคล"),
            # invalid: a bad e-mail, an unknown category
            dataset_row("bad-record", "ชุดผิด", maintainer_email="not-an-email",
                        data_category="ลับมาก"),
        ],
        "Temp2_Meta_Stat": [dataset_row(
            "labour-force", "แรงงาน", first_year_of_data=2558, last_year_of_data=2567,
            disaggregate="เพศ, อายุ/กลุ่มอายุ", official_statistics="ใช่")],
        "Temp2_Meta_GIS": [dataset_row(
            "boundaries", "ขอบเขตการปกครอง", geographic_data_set="ชั้นข้อมูลขอบเขตการปกครอง",
            equivalent_scale="1:50,000", west_bound_longitude=97.3, east_bound_longitude=105.7,
            north_bound_longitude=20.5, south_bound_longitude=5.6)],
        "Temp2_Meta_Multi": [dataset_row("mixed", "หลายประเภท", geo_coverage="ลุ่มน้ำ")],
        "Temp2_Meta_Other": [dataset_row("photos", "ภาพถ่าย", type="ข้อมูลภาพถ่าย")],
        "Temp3_Resource_Record": [
            {"dataset": "civil registry", "name": "ตารางทะเบียน",
             "url": "https://example.go.th/reg.csv", "format": "CSV"},
            {"dataset": "nowhere", "name": "กำพร้า"}],
        "Temp3_Resource_Stat": [
            {"dataset": "labour-force", "name": "ตารางแรงงาน", "resource_first_year_of_data": 2566,
             "resource_last_year_of_data": "2565"}],  # invalid: first after last
    })


def _import(people, who="editor", content=None, **params) -> dict[str, Any]:
    upload = io.BytesIO(content or _workbook())
    upload.name = "catalog.xlsx"
    return helpers.call_action("gdcatalog_import_excel",
                               {"user": people[who]["name"], "ignore_auth": False},
                               organization=people["org"]["name"], upload=upload,
                               background=False, **params)


def _rows(report):
    return {(r["sheet"], r["row"]): r for r in report["report"]}


def test_dry_run_reports_every_row_and_writes_nothing(people):
    report = _import(people, dry_run=True)
    assert model.Session.query(model.Package).count() == 0
    rows = _rows(report)
    assert report["dry_run"] is True
    assert rows[("Temp2_Meta_Record", 6)]["status"] == "created"
    assert rows[("Temp2_Meta_Record", 6)]["name"] == "civil-registry"
    bad = rows[("Temp2_Meta_Record", 7)]
    assert bad["status"] == "invalid"
    fields = {p["field"] for p in bad["problems"]}
    assert {"maintainer_email", "data_category"} <= fields
    email = next(p for p in bad["problems"] if p["field"] == "maintainer_email")
    assert "not an e-mail address" in email["message"]["en"]
    assert email["message"]["th"] != email["message"]["en"]  # translated
    assert email["label"] == {"th": "อีเมลผู้ติดต่อ", "en": "Contact e-mail"}
    assert rows[("Temp3_Resource_Record", 7)]["status"] == "invalid"  # no such dataset
    # A resource's problem makes its dataset invalid, as the form would.
    stat = rows[("Temp3_Resource_Stat", 6)]
    assert stat["status"] == "invalid" and stat["kind"] == "resource"
    assert stat["problems"][0]["field"] == "resource_first_year_of_data"
    assert rows[("Temp2_Meta_Stat", 6)]["status"] == "invalid"
    assert report["datasets"] == {"created": 4, "updated": 0, "unchanged": 0,
                                  "invalid": 2, "skipped": 0}
    assert rows[("Temp2_Meta_Record", 6)]["status_message"]["en"] == "Valid: will be created"


def test_valid_rows_become_private_datasets_of_their_types(people):
    report = _import(people)
    assert report["datasets"]["created"] == 4
    show = {n: helpers.call_action("package_show", id=n)
            for n in ("civil-registry", "boundaries", "mixed", "photos")}
    assert {n: d["data_type"] for n, d in show.items()} == {
        "civil-registry": "record", "boundaries": "geospatial", "mixed": "multiple",
        "photos": "other"}
    for dataset in show.values():
        assert dataset["private"] is True and dataset["allow_harvest"] is False
        assert dataset["owner_org"] == people["org"]["id"]
    registry = show["civil-registry"]
    assert registry["created_date"] == "2017-01-01" and registry["high_value_dataset"] is True
    assert [r["name"] for r in registry["resources"]] == ["ตารางทะเบียน"]
    assert show["mixed"]["geo_coverage"] == "other"
    assert show["mixed"]["geo_coverage_other"] == "ลุ่มน้ำ"
    assert show["photos"]["data_type_other"] == "ข้อมูลภาพถ่าย"
    assert show["boundaries"]["equivalent_scale"] == "1_50000"
    assert model.Session.query(model.Package).filter_by(name="bad-record").count() == 0


def test_a_second_import_changes_nothing(people):
    _import(people)
    before = {p.name: p.metadata_modified for p in model.Session.query(model.Package)}
    report = _import(people)
    assert report["datasets"]["created"] == 0 and report["datasets"]["updated"] == 0
    assert report["datasets"]["unchanged"] == 4
    model.Session.expire_all()
    after = {p.name: p.metadata_modified for p in model.Session.query(model.Package)}
    assert after == before


def test_an_export_re_imports_unchanged(people):
    _import(people)
    _import(people, content=build({
        "Temp2_Meta_Stat": [dataset_row(
            "labour-force", "แรงงาน", first_year_of_data=2558, last_year_of_data=2567,
            data_release_calendar="31/03/2568", last_updated_date="01/02/2567",
            disaggregate="เพศ, ศาสนาประจำถิ่น", unit_of_measure="คน", unit_of_multiplier="พัน",
            calculation_method="ผลรวม", standard="ISIC", url="https://example.go.th/lf",
            data_language="ไทย", official_statistics="ไม่ใช่", accessible_condition="ไม่มี")],
        "Temp3_Resource_Stat": [{
            "dataset": "labour-force", "name": "ตารางแรงงาน", "url": "https://example.go.th/a.csv",
            "description": "ตาราง", "resource_accessible_condition": "เปิด",
            "resource_last_updated_date": "02/02/2567", "format": "CSV",
            "resource_first_year_of_data": 2560, "resource_last_year_of_data": 2566,
            "resource_data_release_calendar": "01/04/2568", "resource_disaggregate": "อายุ/กลุ่มอายุ",
            "resource_unit_of_measure": "คน", "resource_unit_of_multiplier": "หน่วย",
            "resource_official_statistics": "ใช่"}]}))
    editor = {"user": people["editor"]["name"]}
    names = ("civil-registry", "boundaries", "mixed", "photos", "labour-force")
    shown = {n: helpers.call_action("package_show", editor, id=n) for n in names}
    assert shown["labour-force"]["disaggregate_other"] == "ศาสนาประจำถิ่น"
    exported = helpers.call_action("gdcatalog_export_excel", editor,
                                   organization=people["org"]["name"])
    assert exported["count"] == 5
    report = _import(people, content=base64.b64decode(exported["content"]))
    assert report["datasets"]["unchanged"] == 5 and report["invalid_rows"] == 0
    for name, before in shown.items():
        assert helpers.call_action("package_show", editor, id=name) == before


def test_re_import_updates_by_name_adds_resources_and_deletes_nothing(people):
    _import(people)
    changed = build({
        "Temp2_Meta_Record": [dataset_row("civil-registry", "ทะเบียนราษฎร (ปรับปรุง)",
                                          notes="คำอธิบายใหม่")],
        "Temp3_Resource_Record": [{"dataset": "civil-registry", "name": "ตารางใหม่"}],
    })
    report = _import(people, content=changed)
    assert report["datasets"]["updated"] == 1
    dataset = helpers.call_action("package_show", id="civil-registry")
    assert dataset["notes"] == "คำอธิบายใหม่"
    assert dataset["created_date"] == "2017-01-01"  # an empty cell keeps the value
    assert [r["name"] for r in dataset["resources"]] == ["ตารางทะเบียน", "ตารางใหม่"]
    assert model.Session.query(model.Package).filter_by(state="active").count() == 4


def test_a_name_of_another_organization_is_refused(people):
    helpers.call_action("package_create", {"user": people["outsider"]["name"]},
                        name="taken", title="ของหน่วยงานอื่น", owner_org=people["other"]["id"],
                        **mandatory_fields())
    report = _import(people, content=build({"Temp2_Meta_Record": [
        dataset_row("taken", "ชื่อซ้ำ")]}))
    (row,) = report["report"]
    assert row["status"] == "invalid" and row["problems"][0]["field"] == "name"
    assert helpers.call_action("package_show", id="taken")["title"] == "ของหน่วยงานอื่น"


def test_rows_of_another_organization_and_duplicates_are_reported(people):
    report = _import(people, content=build({"Temp2_Meta_Record": [
        dataset_row("one", "หนึ่ง", organization="กรมอื่น"),
        dataset_row("two", "สอง", organization=people["org"]["title"]),
        dataset_row("two", "สองซ้ำ")]}))
    statuses = [(r["row"], r["status"]) for r in report["report"]]
    assert statuses == [(6, "skipped"), (7, "created"), (8, "invalid")]


def test_a_file_that_is_not_a_workbook_gets_a_clear_error(people):
    with pytest.raises(tk.ValidationError) as raised:
        _import(people, content=b"just text")
    assert "not an Excel workbook" in raised.value.error_dict["upload"][0]


def test_only_editors_and_admins_import(people):
    data = {"organization": people["org"]["id"]}
    for who, allowed in [("editor", True), ("admin", True), ("sysadmin", True),
                         ("member", False), ("outsider", False), (None, False)]:
        context = {"user": people[who]["name"] if who else "", "ignore_auth": False}
        if allowed:
            assert tk.check_access("gdcatalog_import_excel", context, data), who
        else:
            with pytest.raises(tk.NotAuthorized):
                tk.check_access("gdcatalog_import_excel", context, data)


def test_members_and_outsiders_cannot_run_an_import(people):
    for who in ("member", "outsider"):
        with pytest.raises(tk.NotAuthorized):
            _import(people, who=who)
    assert model.Session.query(model.Package).count() == 0


def test_export_includes_private_datasets_only_for_those_who_may_see_them(people):
    _import(people)
    anonymous = helpers.call_action("gdcatalog_export_excel", {"user": ""},
                                    organization=people["org"]["name"])
    member = helpers.call_action("gdcatalog_export_excel", {"user": people["member"]["name"]},
                                 organization=people["org"]["name"], format="csv")
    assert anonymous["count"] == 0 and member["count"] == 4
    found = helpers.call_action("gdcatalog_export_excel", {"user": people["member"]["name"]},
                                q="name:civil-registry")  # a search result
    assert found["count"] == 1 and found["filename"].startswith("search-")
    assert base64.b64decode(member["content"]).decode("utf-8-sig").count("\n") == 5


def test_blank_template_for_anyone(people):
    template = helpers.call_action("gdcatalog_excel_template", {"user": ""})
    assert template["filename"].endswith(".xlsx")
    assert base64.b64decode(template["content"])[:2] == b"PK"

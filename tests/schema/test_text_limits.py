"""Every text value of a dataset has a size limit, whichever channel saves
it: the API, the form's action, the Excel import and the harvester."""
from __future__ import annotations

import io
from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.bulk.workbooks import build, dataset_row
from tests.factories import Dataset, mandatory_fields

SHORT, LONG = 200, 1000
LIMITS = [pytest.mark.ckan_config("ckan.gdcatalog.max_text_length", SHORT),
          pytest.mark.ckan_config("ckan.gdcatalog.max_long_text_length", LONG)]


def _create(org: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return helpers.call_action("package_create", name=fields.pop("name", "limited"),
                               title=fields.pop("title", "ชุดข้อมูล"), owner_org=org["id"],
                               **mandatory_fields(**fields))


def _errors(excinfo: Any) -> dict[str, Any]:
    return excinfo.value.error_dict


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestLimits:
    pytestmark = LIMITS

    def test_values_at_their_limits_are_saved(self):
        org = factories.Organization()
        dataset = _create(org, title="ก" * SHORT, notes="ข" * LONG)
        assert len(dataset["title"]) == SHORT and len(dataset["notes"]) == LONG

    @pytest.mark.parametrize("field,length", [("title", SHORT + 1), ("notes", LONG + 1),
                                              ("data_source", SHORT + 1)])
    def test_a_value_over_its_limit_is_refused_and_nothing_is_saved(self, field, length):
        org = factories.Organization()
        with pytest.raises(tk.ValidationError) as excinfo:
            _create(org, **{field: "ค" * length})
        message = " ".join(_errors(excinfo)[field])
        assert f"{length:,} characters" in message and "at most" in message
        assert model.Session.query(model.Package).count() == 0

    def test_resource_values_and_keys_the_schema_does_not_know_are_limited(self):
        dataset = Dataset(owner_org=factories.Organization()["id"])
        with pytest.raises(tk.ValidationError) as excinfo:
            helpers.call_action("resource_create", package_id=dataset["id"], name="ตาราง",
                                url="https://example.go.th/a.csv", description="ง" * (LONG + 1))
        assert "at most" in str(_errors(excinfo))
        with pytest.raises(tk.ValidationError) as excinfo:
            helpers.call_action("resource_create", package_id=dataset["id"], name="ตาราง",
                                url="https://example.go.th/a.csv", comment="จ" * (SHORT + 1))
        assert "at most" in str(_errors(excinfo))
        assert helpers.call_action("package_show", id=dataset["id"])["resources"] == []

    def test_an_update_over_the_limit_keeps_the_saved_value(self):
        dataset = Dataset(owner_org=factories.Organization()["id"])
        with pytest.raises(tk.ValidationError):
            helpers.call_action("package_patch", id=dataset["id"], notes="ฉ" * (LONG + 1))
        assert helpers.call_action("package_show", id=dataset["id"])["notes"] == dataset["notes"]


@pytest.mark.usefixtures("clean_db", "clean_index", "with_request_context")
@pytest.mark.ckan_config("ckan.gdcatalog.max_long_text_length", LONG)
def test_an_excel_row_over_the_limit_is_reported_and_not_imported():
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    upload = io.BytesIO(build({"Temp2_Meta_Record": [
        dataset_row("long-notes", "คำอธิบายยาว", notes="ช" * (LONG + 1)),
        dataset_row("short-notes", "คำอธิบายสั้น")]}))
    upload.name = "catalog.xlsx"
    report = helpers.call_action("gdcatalog_import_excel",
                                 {"user": editor["name"], "ignore_auth": False},
                                 organization=org["name"], upload=upload, background=False)
    rows = {r["name"]: r for r in report["report"] if r.get("name")}
    assert rows["long-notes"]["status"] == "invalid"
    problem = next(p for p in rows["long-notes"]["problems"] if p["field"] == "notes")
    assert "at most" in problem["message"]["en"]
    assert problem["message"]["th"] != problem["message"]["en"]
    assert rows["short-notes"]["status"] == "created"
    names = {p.name for p in model.Session.query(model.Package)}
    assert "short-notes" in names and "long-notes" not in names


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_api_refuses_a_20_mb_description_at_the_default_limit(app):
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    notes = "ซ" * (20 * 1024 * 1024 // 3)  # 20 MB of UTF-8
    response = app.post("/api/3/action/package_create",
                        json={"name": "huge", "title": "ใหญ่", "owner_org": org["id"],
                              **mandatory_fields(notes=notes)},
                        headers={"Authorization": helpers.call_action(
                            "api_token_create", user=sysadmin["name"], name="t")["token"]},
                        status=409)
    body = response.json
    assert "at most 100,000" in " ".join(body["error"]["notes"])
    assert len(response.body) < 10_000  # the value is not echoed back
    assert model.Session.query(model.Package).filter_by(name="huge").count() == 0

"""Agencies as organizations: the scheming organization schema, its
reference lists, the demo offices and ``reference load``."""
from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.gdcatalog.reference import schema_file
from ckanext.gdcatalog.registry import reference_data
from ckanext.gdcatalog.schema import vocabularies


def _as(user):
    return {"user": user["name"] if user else "", "ignore_auth": False}


def _create(**fields):
    return helpers.call_action("organization_create", context=_as(factories.Sysadmin()),
                               **fields)


@pytest.mark.without_plugins
def test_ministries_file():
    ministries = vocabularies.get("ministry")
    codes = ministries.codes
    assert len(codes) == len(set(codes)) == 21  # OPM, 19 ministries, independent
    assert codes[0] == "opm" and codes[-1] == "independent"
    assert all(c.isascii() and c.islower() for c in codes)
    assert ministries.normalise("กระทรวงมหาดไทย") == "moi"
    assert ministries.normalise("Ministry of Digital Economy and Society") == "mdes"
    thai = [c.label["th"] for c in ministries.choices]
    assert sum(name.startswith("กระทรวง") for name in thai) == 19
    assert "สำนักนายกรัฐมนตรี" in thai


@pytest.mark.without_plugins
def test_agency_types_and_provinces_as_vocabularies():
    assert vocabularies.get("agency_type").codes == [
        "central_government", "provincial_office", "local_government", "state_enterprise",
        "public_organization", "other"]
    provinces = vocabularies.get("province")
    assert len(provinces.codes) == 77
    assert provinces.normalise("เชียงใหม่") == provinces.normalise("chiang-mai") == "TH-50"
    assert provinces.choice("TH-50").extra["region"] == "north"


@pytest.mark.without_plugins
def test_every_schema_field_has_thai_and_english_labels():
    with schema_file("organization.yaml").open(encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    names = [f["field_name"] for f in schema["fields"]]
    assert {"agency_type", "agency_code", "ministry", "province", "website",
            "contact_email", "contact_phone"} <= set(names)
    for field in schema["fields"]:
        assert set(field["label"]) == {"th", "en"}, field["field_name"]


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestOrganizationFields:
    def test_fields_are_stored_as_codes(self):
        user = factories.User()
        org = helpers.call_action(
            "organization_create", context=_as(user), name="pso-lamphun",
            title="สำนักงานสถิติจังหวัดลำพูน", agency_type="สำนักงานส่วนภูมิภาค",
            agency_code="PSO-51", ministry="กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
            province="ลำพูน", website="https://lamphun.example.go.th",
            contact_email="lamphun@example.go.th", contact_phone="053 511 000 ต่อ 12")
        shown = helpers.call_action("organization_show", id=org["id"])
        assert (shown["agency_type"], shown["ministry"], shown["province"],
                shown["agency_code"]) == ("provincial_office", "mdes", "TH-51", "PSO-51")
        assert shown["contact_phone"] == "053 511 000 ต่อ 12"

    def test_a_provincial_office_needs_its_province(self):
        with pytest.raises(tk.ValidationError) as raised:
            _create(name="pso-x", title="x",
                                agency_type="provincial_office")
        assert "province" in raised.value.error_dict
        # another type needs none
        _create(name="dept-x", title="x",
                            agency_type="central_government")

    @pytest.mark.parametrize("field, value", [
        ("province", "TH-99"), ("ministry", "ministry of magic"), ("agency_type", "club"),
        ("agency_code", "รหัส 1"), ("contact_email", "not-an-address"),
        ("contact_phone", "call me"), ("website", "ftp://example.go.th")])
    def test_bad_values_are_refused_with_a_message(self, field, value):
        with pytest.raises(tk.ValidationError) as raised:
            _create(name="bad-org", title="x",
                                **{field: value})
        assert raised.value.error_dict[field][0].strip()

    def test_the_thai_form_explains_the_missing_province(self, app):
        user = factories.User()
        token = factories.APIToken(user=user["name"])["token"]
        form = {"name": "pso-y", "title": "สำนักงานสถิติจังหวัดวาย",
                "agency_type": "provincial_office", "province": "", "save": ""}
        response = app.post("/th/organization/new", data=form,
                            headers={"Authorization": token})
        assert response.status_code == 200
        errors = BeautifulSoup(response.body, "html.parser").select(
            ".error-explanation, .error-block")
        assert "สำนักงานส่วนภูมิภาคต้องระบุจังหวัด" in " ".join(
            e.get_text(" ", strip=True) for e in errors)
        assert "ประเภทหน่วยงาน" in response.body  # the Thai label of agency type

    def test_organizations_without_the_fields_still_work(self):
        org = factories.Organization()
        assert helpers.call_action("organization_show", id=org["id"])["name"] == org["name"]

    def test_the_about_page_shows_the_fields(self, app):
        _create(name="pso-lampang", title="ลำปาง",
                            agency_type="provincial_office", province="TH-52",
                            ministry="mdes")
        response = app.get("/organization/about/pso-lampang")
        assert response.status_code == 200
        assert "Lampang" in response.body or "ลำปาง" in response.body
        assert "Provincial office" in response.body


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestReferenceLoad:
    def test_loads_ministries_idempotently(self):
        sysadmin = factories.Sysadmin()
        first = helpers.call_action("gdcatalog_reference_load", context=_as(sysadmin))
        assert first == {"ministries": {"created": 20, "updated": 0, "kept": 0}}
        moi = helpers.call_action("organization_show", id="ministry-moi")
        assert (moi["title"], moi["title_en"], moi["ministry"], moi["agency_type"]) == (
            "กระทรวงมหาดไทย", "Ministry of Interior", "moi", "central_government")
        helpers.call_action("organization_patch", id="ministry-moi", title="changed",
                            description="kept")
        second = helpers.call_action("gdcatalog_reference_load", context=_as(sysadmin))
        assert second == {"ministries": {"created": 0, "updated": 1, "kept": 19}}
        moi = helpers.call_action("organization_show", id="ministry-moi")
        assert (moi["title"], moi["description"]) == ("กระทรวงมหาดไทย", "kept")
        assert len(reference_data.ministry_organizations()) == 20

    @pytest.mark.parametrize("role", ["anonymous", "user", "org_admin"])
    def test_only_sysadmins(self, role):
        user = None if role == "anonymous" else factories.User()
        if role == "org_admin":
            factories.Organization(users=[{"name": user["name"], "capacity": "admin"}])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("gdcatalog_reference_load", context=_as(user))

    def test_cli(self, cli):
        from ckan.cli.cli import ckan
        result = cli.invoke(ckan, ["gdcatalog", "reference", "load"])
        assert result.exit_code == 0, result.output
        assert "ministries: 20 created, 0 updated, 0 kept" in result.output

"""The registration workflow through the actions, with each role."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

ALLOW_LOCAL = pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "127.0.0.1")
CENTRAL = pytest.mark.ckan_config("ckan.gdcatalog.registry.admin_organization", "gdc-central")
CENTRAL_ROLE = pytest.mark.ckan_config("ckan.gdcatalog.role", "central")

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"), ALLOW_LOCAL, CENTRAL,
              CENTRAL_ROLE]


def _as(user):
    return {"user": user["name"] if user else "", "ignore_auth": False}


def call(action, user, **data):
    return helpers.call_action(action, context=_as(user), **data)


@pytest.fixture
def people():
    """Every role the workflow distinguishes."""
    agency_admin, editor, other_admin, reviewer, user = (factories.User() for _ in range(5))
    agency = factories.Organization(name="pso-nan", users=[
        {"name": agency_admin["name"], "capacity": "admin"},
        {"name": editor["name"], "capacity": "editor"}])
    factories.Organization(users=[{"name": other_admin["name"], "capacity": "admin"}])
    factories.Organization(name="gdc-central", users=[
        {"name": reviewer["name"], "capacity": "editor"}])
    return {"agency": agency, "agency_admin": agency_admin, "editor": editor,
            "other_admin": other_admin, "reviewer": reviewer, "user": user,
            "sysadmin": factories.Sysadmin()}


NEW_AGENCY = {"agency_title": "สำนักงานสถิติจังหวัดแพร่", "agency_title_en": "Phrae PSO",
              "agency_type": "provincial_office", "province": "แพร่", "ministry": "mdes",
              "contact_name": "คุณสมชาย", "contact_email": "phrae@example.go.th",
              "harvest_frequency": "daily"}


def _apply(user, base_url, **extra):
    return call("gdcatalog_registry_apply", user,
                **{"catalog_url": base_url + "/catalog.ttl", **NEW_AGENCY, **extra})


class TestApply:
    def test_any_logged_in_user_applies_for_a_new_agency(self, people, base_url):
        application = _apply(people["user"], base_url)
        assert application["state"] == "pending"
        assert application["new_organization"]["province"] == "TH-54"
        assert application["harvest_frequency"] == "DAILY"
        assert [(e["from_state"], e["to_state"], e["user"]) for e in application["log"]] == [
            (None, "pending", people["user"]["name"])]

    def test_anonymous_cannot_apply(self, base_url):
        with pytest.raises(tk.NotAuthorized):
            _apply(None, base_url)

    def test_only_its_admins_apply_for_an_existing_organization(self, people, base_url):
        data = {"catalog_url": base_url + "/catalog.ttl", "organization": "pso-nan",
                "contact_name": "x", "contact_email": "nan@example.go.th"}
        for role in ("editor", "other_admin", "user"):
            with pytest.raises(tk.NotAuthorized):
                call("gdcatalog_registry_apply", people[role], **data)
        for role, path in (("agency_admin", "/catalog.ttl"), ("sysadmin", "/ckan/")):
            data["catalog_url"] = base_url + path
            assert call("gdcatalog_registry_apply", people[role], **data)["organization"][
                "name"] == "pso-nan"

    def test_bad_input_is_refused_field_by_field(self, people, base_url):
        for field, value in [
                ("catalog_url", "not a url"), ("catalog_url", ""), ("contact_email", "nobody"),
                ("harvest_frequency", "hourly"), ("province", "Atlantis"),
                ("agency_title", ""), ("ministry", "magic"), ("contact_phone", "phone me")]:
            with pytest.raises(tk.ValidationError) as raised:
                _apply(people["user"], base_url, **{field: value})
            assert field in raised.value.error_dict, (field, value)
            assert raised.value.error_dict[field][0].strip()
        assert call("gdcatalog_registry_application_list", people["sysadmin"])["count"] == 0

    def test_a_provincial_office_needs_its_province(self, people, base_url):
        with pytest.raises(tk.ValidationError) as raised:
            _apply(people["user"], base_url, province="")
        assert "province" in raised.value.error_dict


class TestVisibility:
    def test_list_and_show_by_role(self, people, base_url):
        mine = _apply(people["user"], base_url)
        agency = call("gdcatalog_registry_apply", people["agency_admin"],
                      catalog_url=base_url + "/ckan/", organization="pso-nan",
                      contact_name="x", contact_email="nan@example.go.th")

        def listed(role):
            return {a["id"] for a in call("gdcatalog_registry_application_list",
                                          people[role])["results"]}
        assert listed("sysadmin") == listed("reviewer") == {mine["id"], agency["id"]}
        assert listed("user") == {mine["id"]}
        assert listed("agency_admin") == {agency["id"]}
        assert listed("editor") == listed("other_admin") == set()
        assert call("gdcatalog_registry_application_list", people["sysadmin"],
                    state="approved")["count"] == 0

        assert call("gdcatalog_registry_application_show", people["user"],
                    id=mine["id"])["id"] == mine["id"]
        for role in ("agency_admin", "editor", "other_admin"):
            with pytest.raises(tk.NotAuthorized):
                call("gdcatalog_registry_application_show", people[role], id=mine["id"])
        with pytest.raises(tk.NotAuthorized):
            call("gdcatalog_registry_application_list", None)
        with pytest.raises(tk.ObjectNotFound):
            call("gdcatalog_registry_application_show", people["sysadmin"], id="nope")
        with pytest.raises(tk.ValidationError):
            call("gdcatalog_registry_application_list", people["sysadmin"], state="odd")


class TestReview:
    def test_only_central_admins_review(self, people, base_url):
        application = _apply(people["user"], base_url)
        for action in ("gdcatalog_registry_check", "gdcatalog_registry_approve",
                       "gdcatalog_registry_reject", "gdcatalog_registry_suspend"):
            for role in ("user", "agency_admin", "editor", "other_admin", None):
                with pytest.raises(tk.NotAuthorized):
                    call(action, people.get(role), id=application["id"], reason="r")
        assert call("gdcatalog_registry_application_show", people["user"],
                    id=application["id"])["state"] == "pending"

    def test_check_discovers_and_counts(self, people, base_url):
        application = call("gdcatalog_registry_apply", people["agency_admin"],
                           catalog_url=base_url + "/ckan/", organization="pso-nan",
                           contact_name="x", contact_email="nan@example.go.th")
        result = call("gdcatalog_registry_check", people["reviewer"], id=application["id"])
        assert result["ok"], result
        assert (result["ckan_version"], result["datasets"], result["dcat_url"]) == (
            "2.11.6", 3, base_url + "/ckan/catalog.ttl")
        stored = call("gdcatalog_registry_application_show", people["agency_admin"],
                      id=application["id"])
        assert stored["check_result"]["datasets"] == 3
        assert stored["dcat_url"] == base_url + "/ckan/catalog.ttl"

    def test_check_reports_what_is_wrong(self, people, base_url):
        for path, error in [
                ("/plain-site/", "No DCAT catalog"), ("/error", "HTTP status 500"),
                ("/broken.ttl", "could not be parsed"), ("/doctype.rdf", "DOCTYPE"),
                ("/to-metadata", "169.254.169.254")]:
            result = call("gdcatalog_registry_check", people["sysadmin"], url=base_url + path)
            assert not result["ok"], path
            assert error in " ".join(result["errors"]), (path, result["errors"])

    def test_check_refuses_private_addresses_unless_allowed(self, people):
        result = call("gdcatalog_registry_check", people["sysadmin"], url="http://10.0.0.1/")
        assert not result["ok"] and "not a public Internet address" in result["errors"][0]

    def test_approve_creates_the_agency_and_the_harvest_source(self, people, base_url):
        application = _apply(people["user"], base_url)
        call("gdcatalog_registry_check", people["reviewer"], id=application["id"])
        approved = call("gdcatalog_registry_approve", people["reviewer"], id=application["id"])
        assert approved["state"] == "approved"
        org = helpers.call_action("organization_show", id=approved["organization_id"],
                                  include_users=True)
        assert (org["title"], org["agency_type"], org["province"], org["contact_email"]) == (
            "สำนักงานสถิติจังหวัดแพร่", "provincial_office", "TH-54", "phrae@example.go.th")
        assert {(u["name"], u["capacity"]) for u in org["users"]} >= {
            (people["user"]["name"], "admin")}
        source = helpers.call_action("harvest_source_show", id=approved["harvest_source_id"])
        assert (source["source_type"], source["url"], source["owner_org"],
                source["frequency"]) == ("gdc_dcat_rdf", base_url + "/catalog.ttl", org["id"],
                                         "DAILY")
        assert [e["to_state"] for e in approved["log"]] == ["pending", "approved"]
        assert approved["log"][-1]["user"] == people["reviewer"]["name"]
        with pytest.raises(tk.ValidationError):  # once only
            call("gdcatalog_registry_approve", people["sysadmin"], id=application["id"])

    def test_approve_links_an_existing_organization(self, people, base_url):
        application = _apply(people["user"], base_url)
        approved = call("gdcatalog_registry_approve", people["sysadmin"], id=application["id"],
                        organization="pso-nan")
        assert approved["organization"]["name"] == "pso-nan"
        assert model.Session.query(model.Group).filter_by(title=NEW_AGENCY["agency_title"]) \
            .count() == 0

    def test_reject_needs_a_reason_and_is_final(self, people, base_url):
        application = _apply(people["user"], base_url)
        with pytest.raises(tk.ValidationError) as raised:
            call("gdcatalog_registry_reject", people["reviewer"], id=application["id"])
        assert "reason" in raised.value.error_dict
        rejected = call("gdcatalog_registry_reject", people["reviewer"], id=application["id"],
                        reason="ไม่พบชุดข้อมูล")
        assert rejected["state"] == "rejected"
        assert rejected["log"][-1]["reason"] == "ไม่พบชุดข้อมูล"
        for action in ("gdcatalog_registry_approve", "gdcatalog_registry_withdraw"):
            with pytest.raises(tk.ValidationError):
                call(action, people["sysadmin"], id=application["id"], reason="r")

    def test_suspend_stops_harvesting_and_approve_resumes(self, people, base_url):
        application = _apply(people["user"], base_url)
        approved = call("gdcatalog_registry_approve", people["sysadmin"], id=application["id"])
        source_id = approved["harvest_source_id"]
        suspended = call("gdcatalog_registry_suspend", people["reviewer"],
                         id=application["id"], reason="ปิดปรับปรุง")
        assert suspended["state"] == "suspended"
        assert not helpers.call_action("harvest_source_show", id=source_id)["active"]
        resumed = call("gdcatalog_registry_approve", people["reviewer"], id=application["id"])
        assert resumed["state"] == "approved" and resumed["harvest_source_id"] == source_id
        assert helpers.call_action("harvest_source_show", id=source_id)["active"]
        assert [e["to_state"] for e in resumed["log"]] == [
            "pending", "approved", "suspended", "approved"]

    def test_withdraw(self, people, base_url):
        for role in ("user", "reviewer"):  # the applicant, a central admin
            application = _apply(people["user"], base_url)
            for other in ("agency_admin", "other_admin", "editor"):
                with pytest.raises(tk.NotAuthorized):
                    call("gdcatalog_registry_withdraw", people[other], id=application["id"])
            withdrawn = call("gdcatalog_registry_withdraw", people[role], id=application["id"])
            assert withdrawn["state"] == "withdrawn"
            assert withdrawn["log"][-1]["user"] == people[role]["name"]

    def test_the_org_admin_withdraws_a_registered_catalog(self, people, base_url):
        application = call("gdcatalog_registry_apply", people["agency_admin"],
                           catalog_url=base_url + "/catalog.ttl", organization="pso-nan",
                           contact_name="x", contact_email="nan@example.go.th")
        approved = call("gdcatalog_registry_approve", people["sysadmin"], id=application["id"])
        withdrawn = call("gdcatalog_registry_withdraw", people["agency_admin"],
                         id=application["id"], reason="ย้ายระบบ")
        assert withdrawn["state"] == "withdrawn"
        assert not helpers.call_action("harvest_source_show",
                                       id=approved["harvest_source_id"])["active"]


def test_a_url_is_registered_once(people, base_url):
    _apply(people["user"], base_url)
    with pytest.raises(tk.ValidationError) as raised:
        _apply(people["agency_admin"], base_url, catalog_url=base_url + "/catalog.ttl/")
    assert "catalog_url" in raised.value.error_dict


def test_an_unreachable_catalog_cannot_be_approved(people, base_url):
    application = _apply(people["user"], base_url, catalog_url=base_url + "/error")
    with pytest.raises(tk.ValidationError) as raised:
        call("gdcatalog_registry_approve", people["sysadmin"], id=application["id"])
    assert "HTTP status 500" in raised.value.error_dict["catalog_url"][0]
    shown = call("gdcatalog_registry_application_show", people["sysadmin"], id=application["id"])
    assert shown["state"] == "pending" and shown["organization_id"] is None
    assert not shown["check_result"]["ok"]


def test_a_failed_harvest_source_leaves_no_new_organization(people, base_url):
    # Another harvest source has the URL already: ckanext-harvest refuses a second.
    helpers.call_action("harvest_source_create", context={"user": people["sysadmin"]["name"]},
                        name="existing-source", url=base_url + "/catalog.ttl",
                        source_type="dcat_rdf", owner_org=people["agency"]["id"],
                        config=json.dumps({"rdf_format": "turtle"}))
    application = _apply(people["user"], base_url)
    with pytest.raises(tk.ValidationError):
        call("gdcatalog_registry_approve", people["sysadmin"], id=application["id"])
    shown = call("gdcatalog_registry_application_show", people["sysadmin"], id=application["id"])
    assert shown["state"] == "pending" and shown["organization_id"] is None
    assert model.Session.query(model.Group).filter_by(title=NEW_AGENCY["agency_title"]) \
        .count() == 0

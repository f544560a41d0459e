"""Who may save, run and read harvest sources (security issue #23,
findings 4 and 8): on a central site sources come only from approved
registrations or sysadmins; ckanext-harvest's read actions show a source's
URL, configuration, jobs and records only to those who may see them, and
refuse with 403, never 500."""
from __future__ import annotations

from typing import Any, Optional

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers
from ckanext.harvest.model import HarvestObject, HarvestSource

from tests.factories import Dataset
from tests.harvest.conftest import HARVEST_CONFIG, make_source
from tests.registry.conftest import base_url, dcat_server  # noqa: F401 (fixtures)

pytestmark = [*HARVEST_CONFIG, pytest.mark.usefixtures("clean_db", "clean_index")]
CENTRAL = pytest.mark.ckan_config("ckan.gdcatalog.role", "central")

URL = "http://127.0.0.1:9/catalog.ttl"  # allowed by HARVEST_CONFIG; never fetched here


def _url(name: str) -> str:
    return URL.replace("/catalog", f"/{name}/catalog")
SECRET_CONFIG = '{"rdf_format": "text/turtle"}'


@pytest.fixture
def people() -> dict[str, Any]:
    admin, editor, member, stranger = (factories.User() for _ in range(4))
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"},
                                        {"name": editor["name"], "capacity": "editor"},
                                        {"name": member["name"], "capacity": "member"}])
    return {"org": org, "admin": admin, "editor": editor, "member": member,
            "stranger": stranger, "anonymous": None, "sysadmin": factories.Sysadmin()}


def _as(user: Optional[dict[str, Any]]) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def call(action: str, user: Optional[dict[str, Any]], **data: Any) -> Any:
    return helpers.call_action(action, _as(user), **data)


def _headers(user: Optional[dict[str, Any]]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}


def _source(people: dict[str, Any], name: str, **extra: Any) -> dict[str, Any]:
    return make_source(_url(name), people["org"], people["sysadmin"], name=name,
                       config=SECRET_CONFIG, **extra)


@pytest.fixture
def sources(people) -> dict[str, dict[str, Any]]:
    """An active, a private and a deleted (inactive) source of the organization."""
    made = {"active": _source(people, "active-source"),
            "private": _source(people, "private-source", private=True),
            "deleted": _source(people, "deleted-source")}
    call("harvest_source_delete", people["sysadmin"], id=made["deleted"]["id"])
    assert not HarvestSource.get(made["deleted"]["id"]).active
    return made


# -- finding 4: on a central site, sources come from approvals and sysadmins ---

@CENTRAL
class TestCentralSite:
    def test_only_sysadmins_create_sources(self, people):
        for role in ("admin", "editor", "member", "stranger", "anonymous"):
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_create", people[role], name=f"by-{role}", url=URL,
                     source_type="gdc_dcat_rdf", owner_org=people["org"]["id"],
                     frequency="MANUAL")
            # the dataset action behind it, and the form's own question
            with pytest.raises(tk.NotAuthorized):
                call("package_create", people[role], type="harvest", name=f"by-{role}",
                     url=URL, source_type="gdc_dcat_rdf", owner_org=people["org"]["id"])
            with pytest.raises(tk.NotAuthorized):
                tk.check_access("harvest_source_create", _as(people[role]), {})
        assert model.Session.query(HarvestSource).count() == 0
        assert _source(people, "by-sysadmin")["url"] == _url("by-sysadmin")

    def test_an_approved_registration_creates_its_source(self, people, base_url):
        application = call("gdcatalog_registry_apply", people["admin"],
                           catalog_url=base_url + "/catalog.ttl",
                           organization=people["org"]["name"], contact_name="x",
                           contact_email="x@example.go.th")
        approved = call("gdcatalog_registry_approve", people["sysadmin"], id=application["id"])
        source = HarvestSource.get(approved["harvest_source_id"])
        assert source.url == base_url + "/catalog.ttl" and source.active
        # The applicant, admin of the organization, cannot point it elsewhere
        # (to the metadata service or anywhere): a 403, before any URL check.
        for url in ("http://169.254.169.254/latest/meta-data/", URL):
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_patch", people["admin"], id=source.id, url=url)
        # Suspending (the registry, as the site user) still works.
        call("gdcatalog_registry_suspend", people["sysadmin"], id=application["id"],
             reason="ตรวจสอบ")
        assert not HarvestSource.get(source.id).active

    def test_organization_members_cannot_change_run_or_delete_a_source(self, people):
        source = _source(people, "agency")
        changed = {key: source[key] for key in ("id", "name", "title", "source_type",
                                                "frequency", "owner_org")}
        for role in ("admin", "editor"):
            user = people[role]
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_patch", user, id=source["id"], url=_url("other"))
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_update", user, **changed, url=_url("other"))
            with pytest.raises(tk.NotAuthorized):
                call("package_patch", user, id=source["id"], title="เปลี่ยน")
            with pytest.raises(tk.NotAuthorized):
                call("harvest_job_create", user, source_id=source["id"], run=False)
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_clear", user, id=source["id"])
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_delete", user, id=source["id"])
        model.Session.expire_all()
        stored = HarvestSource.get(source["id"])
        assert stored.url == source["url"] and stored.active
        assert call("harvest_job_list", people["sysadmin"], source_id=source["id"]) == []
        # A sysadmin manages it.
        call("harvest_source_patch", people["sysadmin"], id=source["id"], url=_url("new"))
        job = call("harvest_job_create", people["sysadmin"], source_id=source["id"], run=False)
        assert job["status"] == "New"

    def test_through_the_api_each_is_a_403(self, app, people):
        source = _source(people, "agency")
        for role in ("admin", "editor", "anonymous"):
            headers = _headers(people[role])
            for action, data in (
                    ("harvest_source_create", {"name": "x", "url": _url("x"),
                                               "source_type": "gdc_dcat_rdf",
                                               "owner_org": people["org"]["id"]}),
                    ("harvest_source_patch", {"id": source["id"],
                                              "url": "http://169.254.169.254/"}),
                    ("harvest_job_create", {"source_id": source["id"]})):
                response = app.post(f"/api/3/action/{action}", json=data, headers=headers,
                                    status=403)
                assert response.json["success"] is False, (role, action)
        assert [s.url for s in model.Session.query(HarvestSource)] == [source["url"]]



# -- finding 8: ckanext-harvest's read actions ----------------------------------

def test_only_sysadmins_list_harvest_sources(people, sources):
    for role in ("admin", "editor", "member", "stranger", "anonymous"):
        with pytest.raises(tk.NotAuthorized):
            call("harvest_source_list", people[role])
    listed = call("harvest_source_list", people["sysadmin"])
    assert {s["id"] for s in listed} == {s["id"] for s in sources.values()}


def test_the_api_refuses_the_source_list_without_urls_or_configuration(app, people, sources):
    for role in ("anonymous", "admin", "stranger"):
        response = app.get("/api/3/action/harvest_source_list", headers=_headers(people[role]),
                           status=403)
        assert URL not in response.body and "rdf_format" not in response.body
    listed = app.get("/api/3/action/harvest_source_list",
                     headers=_headers(people["sysadmin"]), status=200).json["result"]
    assert len(listed) == 3


def test_the_harvest_log_is_for_sysadmins_and_refused_with_403(app, people):
    for role in ("admin", "stranger", "anonymous"):
        with pytest.raises(tk.NotAuthorized):
            call("harvest_log_list", people[role])
        response = app.get("/api/3/action/harvest_log_list", headers=_headers(people[role]),
                           status=403)
        assert response.json["success"] is False
    assert app.get("/api/3/action/harvest_log_list", headers=_headers(people["sysadmin"]),
                   status=200).json["success"] is True


def _harvest_object(people: dict[str, Any], source: dict[str, Any],
                    dataset: dict[str, Any]) -> dict[str, Any]:
    sysadmin = people["sysadmin"]
    job = call("harvest_job_create", sysadmin, source_id=source["id"], run=False)
    made = call("harvest_object_create", sysadmin, job_id=job["id"], source_id=source["id"],
                guid="http://agency.example.go.th/dataset/secret", package_id=dataset["id"],
                content="<rdf>ข้อมูลลับของแหล่ง</rdf>")
    # The dataset's current record, as an import leaves it.
    obj = HarvestObject.get(made["id"])
    obj.current = True
    obj.save()
    return made


def test_harvest_objects_only_for_those_who_manage_the_source(app, people, sources):
    dataset = Dataset(owner_org=people["org"]["id"], private=True)
    obj = _harvest_object(people, sources["active"], dataset)
    lookups = [{"id": obj["id"]}, {"id": obj["guid"], "attr": "guid"},
               {"dataset_id": dataset["id"]}]
    for role in ("member", "stranger", "anonymous"):
        for lookup in lookups:
            with pytest.raises(tk.NotAuthorized):
                call("harvest_object_show", people[role], **lookup)
        with pytest.raises(tk.NotAuthorized):
            call("harvest_object_list", people[role], source_id=sources["active"]["id"])
        response = app.get("/api/3/action/harvest_object_show", params={"id": obj["id"]},
                           headers=_headers(people[role]), status=403)
        assert "ข้อมูลลับ" not in response.body
    # On an agency site the organization's editors manage the source.
    for role in ("editor", "admin", "sysadmin"):
        for lookup in lookups:
            assert call("harvest_object_show", people[role], **lookup)["id"] == obj["id"]
        assert call("harvest_object_list", people[role],
                    source_id=sources["active"]["id"]) == [obj["id"]]
    with pytest.raises(tk.ObjectNotFound):
        call("harvest_object_show", people["stranger"], id="no-such-object")
    with pytest.raises(tk.ObjectNotFound):
        call("harvest_object_show", people["stranger"], id=obj["id"], attr="content")


def test_listing_every_job_or_record_is_for_sysadmins_and_refused_with_403(app, people):
    for role in ("admin", "stranger"):
        for action in ("harvest_job_list", "harvest_object_list"):
            with pytest.raises(tk.NotAuthorized):
                call(action, people[role])
            app.get(f"/api/3/action/{action}", headers=_headers(people[role]), status=403)
    assert call("harvest_job_list", people["sysadmin"]) == []


def test_private_and_inactive_sources_are_hidden_with_their_jobs(people, sources):
    # CKAN's rule for datasets (package_show): a private or deleted source is
    # for the members of its organization; its jobs for those who manage it.
    job = call("harvest_job_create", people["sysadmin"], source_id=sources["private"]["id"],
               run=False)
    for kind in ("private", "deleted"):
        source = sources[kind]
        for role in ("stranger", "anonymous"):
            user = people[role]
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_show", user, id=source["id"])
            with pytest.raises(tk.NotAuthorized):  # looked up by its URL
                call("harvest_source_show", user, url=source["url"])
            with pytest.raises(tk.NotAuthorized):
                call("harvest_source_show_status", user, id=source["id"])
            with pytest.raises(tk.NotAuthorized):
                call("harvest_job_list", user, source_id=source["id"])
        assert call("harvest_source_show", people["member"], id=source["id"])["id"] == \
            source["id"]
    for role in ("member", "stranger", "anonymous"):
        with pytest.raises(tk.NotAuthorized):
            call("harvest_job_show", people[role], id=job["id"])
    # An active public source is shown to anyone, as its page is.
    shown = call("harvest_source_show", None, id=sources["active"]["id"])
    assert shown["url"] == sources["active"]["url"]

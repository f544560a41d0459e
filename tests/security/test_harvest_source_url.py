"""A harvest source's URL passes the registry's URL check when it is saved
(create, update, patch, and the dataset actions behind them), on every
site, not only when its pages are fetched (security issue #23, finding 4)."""
from __future__ import annotations

from typing import Any

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers
from ckanext.harvest.model import HarvestSource

from tests.harvest.conftest import HARVEST_CONFIG, make_source

ALLOWED_HOSTS = "ckan.gdcatalog.registry.allowed_hosts"
# The harvest setup without its allow-list: each test says what it allows.
pytestmark = [*(mark for mark in HARVEST_CONFIG if mark.args[0] != ALLOWED_HOSTS),
              pytest.mark.usefixtures("clean_db", "clean_index")]
ALLOW_LOCAL = pytest.mark.ckan_config(ALLOWED_HOSTS, "127.0.0.1")

METADATA = "http://169.254.169.254/latest/meta-data/"
PUBLIC = "http://1.1.1.1/catalog.ttl"  # a public address: checking it needs no DNS
REFUSED = [METADATA, "http://127.0.0.1:5000/catalog.ttl", "http://10.0.0.1/catalog.ttl",
           "http://[::ffff:169.254.169.254]/", "http://localhost/catalog.ttl",
           "file:///etc/passwd"]
NOT_PUBLIC = "not a public Internet address"


@pytest.fixture
def org_people() -> dict[str, Any]:
    admin, editor = factories.User(), factories.User()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"},
                                        {"name": editor["name"], "capacity": "editor"}])
    return {"org": org, "admin": admin, "editor": editor, "sysadmin": factories.Sysadmin()}


def _as(user: dict[str, Any]) -> dict[str, Any]:
    return {"user": user["name"], "ignore_auth": False}


def _url_error(error: tk.ValidationError) -> str:
    assert set(error.error_dict) == {"url"}, error.error_dict
    return " ".join(error.error_dict["url"])


def _source_urls() -> list[str]:
    return sorted(s.url for s in model.Session.query(HarvestSource))


@pytest.mark.parametrize("url", REFUSED)
def test_a_source_on_a_non_public_address_is_not_created(org_people, url):
    for who in ("sysadmin", "admin"):
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action("harvest_source_create", _as(org_people[who]), name="agency",
                                url=url, source_type="gdc_dcat_rdf",
                                owner_org=org_people["org"]["id"], frequency="MANUAL")
        assert _url_error(refused.value)
    assert _source_urls() == []


def test_the_refusal_says_why(org_people):
    with pytest.raises(tk.ValidationError) as refused:
        make_source(METADATA, org_people["org"], org_people["sysadmin"])
    message = _url_error(refused.value)
    assert NOT_PUBLIC in message and "169.254.169.254" in message
    with pytest.raises(tk.ValidationError) as refused:
        make_source("ftp://example.go.th/catalog.ttl", org_people["org"],
                    org_people["sysadmin"])
    assert "http:// or https://" in _url_error(refused.value)


def test_the_dataset_actions_behind_the_source_actions_check_it_too(org_people):
    # harvest_source_create is package_create with type "harvest": the
    # dataset action (and the source form, which uses it) is checked too.
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("package_create", _as(org_people["admin"]), type="harvest",
                            name="agency", url=METADATA, source_type="gdc_dcat_rdf",
                            owner_org=org_people["org"]["id"], frequency="MANUAL")
    assert NOT_PUBLIC in _url_error(refused.value)
    assert _source_urls() == []


def test_public_and_allowed_addresses_are_accepted(org_people, ckan_config):
    assert make_source(PUBLIC, org_people["org"], org_people["sysadmin"])["url"] == PUBLIC
    ckan_config[ALLOWED_HOSTS] = "127.0.0.1"
    local = "http://127.0.0.1:5000/catalog.ttl"
    assert make_source(local, org_people["org"], org_people["sysadmin"],
                       name="local")["url"] == local
    assert _source_urls() == sorted([PUBLIC, local])


@pytest.mark.parametrize("action", ["harvest_source_patch", "package_patch"])
def test_a_source_cannot_be_patched_to_a_non_public_address(org_people, action):
    source = make_source(PUBLIC, org_people["org"], org_people["sysadmin"])
    for who in ("admin", "editor", "sysadmin"):
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action(action, _as(org_people[who]), id=source["id"], url=METADATA)
        assert NOT_PUBLIC in _url_error(refused.value)
    model.Session.expire_all()
    assert _source_urls() == [PUBLIC]
    assert model.Package.get(source["id"]).url == PUBLIC


def test_a_source_cannot_be_updated_to_a_non_public_address(org_people):
    source = make_source(PUBLIC, org_people["org"], org_people["sysadmin"])
    changed = {key: source[key] for key in ("id", "name", "title", "source_type",
                                            "frequency", "owner_org")}
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("harvest_source_update", _as(org_people["admin"]),
                            **changed, url="http://10.1.2.3/catalog.ttl")
    assert NOT_PUBLIC in _url_error(refused.value)
    model.Session.expire_all()
    assert _source_urls() == [PUBLIC]
    # The same update to a public address is saved.
    helpers.call_action("harvest_source_update", _as(org_people["admin"]),
                        **changed, url="http://1.0.0.1/catalog.ttl")
    assert _source_urls() == ["http://1.0.0.1/catalog.ttl"]


def test_a_source_whose_address_is_no_longer_allowed_can_still_be_stopped(org_people,
                                                                         ckan_config):
    # Only a URL that changes is checked: a source saved while its host was
    # allowed can still be edited and deactivated (its fetches are refused).
    ckan_config[ALLOWED_HOSTS] = "127.0.0.1"
    local = "http://127.0.0.1:5000/catalog.ttl"
    source = make_source(local, org_people["org"], org_people["sysadmin"])
    ckan_config[ALLOWED_HOSTS] = ""
    admin = _as(org_people["admin"])
    helpers.call_action("harvest_source_patch", admin, id=source["id"], title="ปรับชื่อ")
    helpers.call_action("harvest_source_patch", admin, id=source["id"], state="deleted")
    assert not HarvestSource.get(source["id"]).active


def _token(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def test_through_the_api_a_refused_url_is_a_validation_error(app, org_people):
    source = make_source(PUBLIC, org_people["org"], org_people["sysadmin"])
    admin = _token(org_people["admin"])
    created = app.post("/api/3/action/harvest_source_create", headers=admin, status=409,
                       json={"name": "second", "url": METADATA, "source_type": "gdc_dcat_rdf",
                             "owner_org": org_people["org"]["id"], "frequency": "MANUAL"})
    assert NOT_PUBLIC in " ".join(created.json["error"]["url"])
    patched = app.post("/api/3/action/harvest_source_patch", headers=admin, status=409,
                       json={"id": source["id"], "url": METADATA})
    assert NOT_PUBLIC in " ".join(patched.json["error"]["url"])
    assert _source_urls() == [PUBLIC]


def test_the_refusal_is_in_thai_on_a_thai_request(app, org_people):
    response = app.post("/th/api/3/action/harvest_source_create",
                        headers=_token(org_people["admin"]), status=409,
                        json={"name": "agency", "url": METADATA,
                              "source_type": "gdc_dcat_rdf",
                              "owner_org": org_people["org"]["id"], "frequency": "MANUAL"})
    message = " ".join(response.json["error"]["url"])
    assert "ไม่ใช่ที่อยู่สาธารณะบนอินเทอร์เน็ต" in message and "169.254.169.254" in message


@ALLOW_LOCAL
def test_an_agency_site_keeps_the_organizations_editors_managing_their_sources(org_people):
    # ckanext-harvest's rule on an agency site (ckan.gdcatalog.role = agency,
    # the default): the organization's editors and admins, with the URL check.
    editor, admin = _as(org_people["editor"]), _as(org_people["admin"])
    source = helpers.call_action("harvest_source_create", editor, name="sub-catalog",
                                 url="http://127.0.0.1:5000/sub/catalog.ttl",
                                 source_type="gdc_dcat_rdf", owner_org=org_people["org"]["id"],
                                 frequency="MANUAL")
    patched = helpers.call_action("harvest_source_patch", admin, id=source["id"],
                                  url="http://127.0.0.1:5000/sub/catalog2.ttl")
    assert patched["url"] == "http://127.0.0.1:5000/sub/catalog2.ttl"
    job = helpers.call_action("harvest_job_create", admin, source_id=source["id"], run=False)
    assert job["status"] == "New"
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("harvest_source_create", _as(factories.User()), name="other",
                            url="http://127.0.0.1:5000/other.ttl", source_type="gdc_dcat_rdf",
                            owner_org=org_people["org"]["id"], frequency="MANUAL")

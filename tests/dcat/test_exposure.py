"""What the DCAT endpoints publish: public datasets in full, consented private
ones as metadata only, nothing else; never a private resource's URL. The
same for an anonymous harvester and for a logged-in member or sysadmin."""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from ckanext.gdcatalog.dcat import exposure
from tests.factories import Dataset

NON_PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC")
FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}


def _resource(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "url": url, "format": "CSV", "description": f"{name} description",
            **extra}


@pytest.fixture(scope="module")
def site(module_db):
    """One organization with every kind of dataset, made once for the module."""
    from ckan.tests import helpers
    org = factories.Organization()
    member = factories.User()
    helpers.call_action("organization_member_create", id=org["id"],
                        username=member["name"], role="editor")
    common = {"owner_org": org["id"]}
    public = Dataset(title="Public rainfall", url="https://agency.example.go.th/rain",
                     resources=[_resource("open-file", "https://files.example.go.th/open.csv"),
                                _resource("hidden-file", "https://files.example.go.th/hidden.csv",
                                          resource_private="true")], **common)
    consented = Dataset(title="Private consented survey", private=True, allow_harvest="true",
                        url="https://agency.example.go.th/survey",
                        resources=[_resource("consented-file",
                                             "https://files.example.go.th/consented.csv")],
                        **common)
    refused = Dataset(title="Private refused register", private=True, allow_harvest="false",
                      resources=[_resource("refused-file",
                                           "https://files.example.go.th/refused.csv")], **common)
    secret = Dataset(title="Secret consented plans", private=True, allow_harvest="true",
                     data_category="secret",
                     resources=[_resource("secret-file",
                                          "https://files.example.go.th/secret.csv")], **common)
    return {"org": org, "member": member, "public": public, "consented": consented,
            "refused": refused, "secret": secret,
            "member_token": factories.APIToken(user=member["name"])["token"],
            "sysadmin_token": factories.APIToken(user=factories.Sysadmin()["name"])["token"]}


NEVER = ["https://files.example.go.th/hidden.csv", "hidden-file",
         "https://files.example.go.th/consented.csv", "consented-file",
         "https://agency.example.go.th/survey",
         "Private refused register", "refused-file", "https://files.example.go.th/refused.csv",
         "https://files.example.go.th/secret.csv", "secret-file"]


def _headers(site: dict[str, Any], who: str) -> dict[str, str]:
    return {} if who == "anonymous" else {"Authorization": site[f"{who}_token"]}


def _dataset_uri(dataset: dict[str, Any]) -> URIRef:
    return URIRef(f"http://test.ckan.net/dataset/{dataset['id']}")


@pytest.mark.parametrize("who", ["anonymous", "member", "sysadmin"])
@pytest.mark.parametrize("ext", ["ttl", "rdf", "jsonld"])
def test_the_catalog_publishes_the_same_to_everyone(app, site, who, ext):
    response = app.get(f"/catalog.{ext}", headers=_headers(site, who))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for never in NEVER:
        assert never not in text, never
    g = Graph().parse(data=text, format=FORMATS[ext])
    published = set(g.subjects(DCTERMS.title, None))
    for name in ("public", "consented", "secret"):
        assert _dataset_uri(site[name]) in published, name
    assert _dataset_uri(site["refused"]) not in published
    # The public dataset: its public distribution only.
    public_ref = _dataset_uri(site["public"])
    urls = {str(u) for d in g.objects(public_ref, DCAT.distribution)
            for u in g.objects(d, DCAT.accessURL)}
    assert urls == {"https://files.example.go.th/open.csv"}
    for name in ("consented", "secret"):
        ref = _dataset_uri(site[name])
        assert not list(g.objects(ref, DCAT.distribution)), name
        assert not list(g.objects(ref, DCAT.landingPage)), name
        assert (ref, DCTERMS.accessRights, NON_PUBLIC) in g, name


@pytest.mark.parametrize("who", ["anonymous", "member", "sysadmin"])
@pytest.mark.parametrize("ext", ["ttl", "rdf", "jsonld"])
def test_the_dataset_endpoint(app, site, who, ext):
    headers = _headers(site, who)
    public = app.get(f"/dataset/{site['public']['name']}.{ext}", headers=headers)
    assert public.status_code == 200
    assert "https://files.example.go.th/open.csv" in public.get_data(as_text=True)
    for name in ("public", "consented", "secret"):
        response = app.get(f"/dataset/{site[name]['id']}.{ext}", headers=headers)
        assert response.status_code == 200, name
        text = response.get_data(as_text=True)
        for never in NEVER:
            assert never not in text, (name, never)
    secret = Graph().parse(data=app.get(f"/dataset/{site['secret']['id']}.{ext}",
                                        headers=headers).get_data(as_text=True),
                           format=FORMATS[ext])
    assert (_dataset_uri(site["secret"]), DCTERMS.accessRights, NON_PUBLIC) in secret
    refused = app.get(f"/dataset/{site['refused']['name']}.{ext}", headers=headers)
    assert refused.status_code == 404
    assert "refused" not in refused.get_data(as_text=True).lower().replace(
        site["refused"]["name"], "")


def test_the_api_actions_publish_the_same(app, site):
    for who in ("anonymous", "member"):
        response = app.get("/api/action/dcat_catalog_show?format=ttl", headers=_headers(site, who))
        text = response.json["result"]
        assert site["consented"]["id"] in text
        for never in NEVER:
            assert never not in text
        refused = app.get(f"/api/action/dcat_dataset_show?id={site['refused']['id']}",
                          headers=_headers(site, who))
        assert refused.status_code == 404


def test_a_search_cannot_widen_the_catalog(app, site):
    for fq in ("capacity:private", "+state:(active OR draft OR deleted)", "*:*"):
        text = app.get("/catalog.ttl", query_string={"fq": fq},
                       headers=_headers(site, "sysadmin")).get_data(as_text=True)
        assert "Private refused register" not in text


@pytest.mark.without_plugins
class TestRules:
    def test_levels(self):
        assert exposure.level({"private": False}) is exposure.Level.FULL
        assert exposure.level({"private": True, "allow_harvest": "true"}) is exposure.Level.METADATA
        assert exposure.level({"private": True, "allow_harvest": "false"}) is None
        assert exposure.level({"private": True}) is None
        assert exposure.level({"allow_harvest": "true"}) is exposure.Level.METADATA
        assert exposure.level({"private": False, "state": "deleted"}) is None
        assert exposure.level({"private": False, "state": "draft"}) is None
        assert exposure.level({"private": False, "type": "harvest"}) is None
        assert exposure.level({"private": False, "data_category": "personal"}) \
            is exposure.Level.METADATA
        assert exposure.level({"private": True, "allow_harvest": "maybe"}) is None

    def test_metadata_only_drops_every_access_url(self):
        dataset = {"private": True, "allow_harvest": "true", "url": "https://x",
                   "resources": [{"url": "https://y", "name": "n"}], "num_resources": 1}
        exposed = exposure.expose(dataset)
        assert exposed["resources"] == [] and exposed["num_resources"] == 0
        assert "url" not in exposed
        assert dataset["resources"], "the input is not changed"

    def test_private_resources_are_dropped(self):
        dataset = {"private": False, "resources": [
            {"url": "a", "position": 0, "resource_private": "true"},
            {"url": "b", "position": 1}, {"url": "c", "resource_private": "oops"}]}
        exposed = exposure.expose(dataset)
        assert exposed["resources"] == [{"url": "b", "position": 0}]
        assert exposed["num_resources"] == 1

    def test_modified_since(self):
        assert exposure.modified_since_filter("2024-01-02T10:00:00+07:00") == \
            "metadata_modified:[2024-01-02T03:00:00.000000Z TO NOW]"
        assert exposure.modified_since_filter("2024-01-02") == \
            "metadata_modified:[2024-01-02T00:00:00.000000Z TO NOW]"
        with pytest.raises(Exception):
            exposure.modified_since_filter("yesterday-ish")

    def test_paging_links_are_encoded(self):
        url = exposure.page_url_maker("http://x/catalog.ttl", {"q": "น้ำ & ฝน", "fq": None})(2)
        assert url == "http://x/catalog.ttl?q=%E0%B8%99%E0%B9%89%E0%B8%B3+%26+" \
            "%E0%B8%9D%E0%B8%99&page=2"

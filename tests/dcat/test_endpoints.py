"""The DCAT endpoints over HTTP with the PostgreSQL search backend and the
gdc profile: formats and media types, Hydra paging, modified_since, q and
fq, content negotiation, and HTTP caching (ETag, Last-Modified, 304)."""
from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from typing import Any

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from tests.factories import Dataset

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
MEDIA = {"ttl": "text/turtle", "rdf": "application/rdf+xml", "xml": "application/rdf+xml",
         "jsonld": "application/ld+json", "n3": "text/n3"}
PARSER = {"text/turtle": "turtle", "application/rdf+xml": "xml",
          "application/ld+json": "json-ld", "text/n3": "n3"}
SITE = "http://test.ckan.net"
PER_PAGE = pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")


@pytest.fixture(scope="module")
def corpus(module_db):
    org = factories.Organization()
    made = [Dataset(owner_org=org["id"], name=f"rain-{i}", title=f"Rainfall {i}",
                    notes="ปริมาณน้ำฝน" if i % 2 else "Water level") for i in range(5)]
    return {"org": org, "datasets": [helpers.call_action("package_show", id=d["id"])
                                     for d in made]}


def _graph(response) -> Graph:
    media_type = response.headers["Content-Type"].split(";")[0]
    return Graph().parse(data=response.get_data(as_text=True), format=PARSER[media_type])


def _datasets(g: Graph) -> set[str]:
    return {str(d).rsplit("/", 1)[1] for d in g.subjects(RDF.type, DCAT.Dataset)}


def _ids(corpus: dict[str, Any], *indexes: int) -> set[str]:
    return {corpus["datasets"][i]["id"] for i in indexes}


def _paging(g: Graph) -> dict[str, Any]:
    (page,) = g.subjects(RDF.type, HYDRA.PagedCollection)
    return {p.split("#")[1]: str(o) for p, o in g.predicate_objects(page)
            if str(p).startswith(str(HYDRA))}


@pytest.mark.parametrize("ext", ["ttl", "rdf", "xml", "jsonld", "n3"])
def test_catalog_formats(app, corpus, ext):
    response = app.get(f"/catalog.{ext}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == MEDIA[ext]
    g = _graph(response)
    assert (URIRef(SITE), RDF.type, DCAT.Catalog) in g
    assert _datasets(g) == _ids(corpus, 0, 1, 2, 3, 4)


@pytest.mark.parametrize("ext", ["ttl", "rdf", "jsonld"])
def test_dataset_formats(app, corpus, ext):
    dataset = corpus["datasets"][0]
    response = app.get(f"/dataset/{dataset['name']}.{ext}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == MEDIA[ext]
    assert _datasets(_graph(response)) == {dataset["id"]}


def test_unknown_format_and_dataset(app, corpus):
    assert app.get("/catalog.csv").status_code == 404
    assert app.get(f"/dataset/{corpus['datasets'][0]['id']}.csv").status_code == 404
    assert app.get("/dataset/no-such-dataset.ttl").status_code == 404


@PER_PAGE
def test_hydra_paging(app, corpus):
    first = _graph(app.get("/catalog.ttl"))
    paging = _paging(first)
    assert paging["totalItems"] == "5" and paging["itemsPerPage"] == "2"
    assert paging["firstPage"] == f"{SITE}/catalog.ttl?page=1"
    assert paging["nextPage"] == f"{SITE}/catalog.ttl?page=2"
    assert paging["lastPage"] == f"{SITE}/catalog.ttl?page=3"
    assert "previousPage" not in paging
    # newest first; following nextPage visits every dataset once
    seen: list[str] = []
    url = f"{SITE}/catalog.ttl?page=1"
    while url:
        g = _graph(app.get(url.replace(SITE, "")))
        seen += sorted(_datasets(g))
        url = _paging(g).get("nextPage")
    assert len(seen) == 5 and set(seen) == _ids(corpus, 0, 1, 2, 3, 4)
    last = _paging(_graph(app.get("/catalog.ttl?page=3")))
    assert last["previousPage"] == f"{SITE}/catalog.ttl?page=2" and "nextPage" not in last
    assert app.get("/catalog.ttl?page=0").status_code == 409
    assert app.get("/catalog.ttl?page=x").status_code == 409


@PER_PAGE
def test_paging_links_keep_the_query_encoded(app, corpus):
    g = _graph(app.get("/catalog.ttl", query_string={"q": "Rainfall", "fq": "name:rain-*"}))
    paging = _paging(g)
    assert paging["nextPage"] == f"{SITE}/catalog.ttl?q=Rainfall&fq=name%3Arain-%2A&page=2"


def test_q_and_fq(app, corpus):
    g = _graph(app.get("/catalog.ttl", query_string={"q": "ปริมาณน้ำฝน"}))
    assert _datasets(g) == _ids(corpus, 1, 3)
    g = _graph(app.get("/catalog.ttl", query_string={"fq": "name:rain-2"}))
    assert _datasets(g) == _ids(corpus, 2)
    g = _graph(app.get("/catalog.ttl", query_string={"q": "nothing-matches-this"}))
    assert _datasets(g) == set()


def test_modified_since(app, corpus):
    third = corpus["datasets"][2]["metadata_modified"]  # naive UTC, ISO 8601
    g = _graph(app.get("/catalog.ttl", query_string={"modified_since": third}))
    assert _datasets(g) == _ids(corpus, 2, 3, 4)
    # the same instant written in Bangkok time
    bangkok = (dt.datetime.fromisoformat(third).replace(tzinfo=dt.timezone.utc)
               .astimezone(dt.timezone(dt.timedelta(hours=7))).isoformat())
    g = _graph(app.get("/catalog.ttl", query_string={"modified_since": bangkok}))
    assert _datasets(g) == _ids(corpus, 2, 3, 4)
    assert app.get("/catalog.ttl?modified_since=not-a-date").status_code == 409


@pytest.mark.parametrize("accept, media_type", [
    ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/html;q=0.5, text/turtle", "text/turtle")])
def test_content_negotiation(app, corpus, accept, media_type):
    dataset = corpus["datasets"][0]
    for url in ("/catalog", "/", f"/dataset/{dataset['name']}"):
        response = app.get(url, headers={"Accept": accept})
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].split(";")[0] == media_type, url
        assert "Accept" in response.headers.get("Vary", ""), url
        assert _datasets(_graph(response)), url


def test_html_is_still_served(app, corpus):
    dataset = corpus["datasets"][0]
    response = app.get(f"/dataset/{dataset['name']}", headers={"Accept": "text/html"})
    assert response.headers["Content-Type"].startswith("text/html")
    assert dataset["title"] in response.get_data(as_text=True)
    assert app.get("/", headers={"Accept": "text/html"}).headers[
        "Content-Type"].startswith("text/html")
    # /catalog has no page: Turtle
    assert app.get("/catalog", headers={"Accept": "text/html"}).headers[
        "Content-Type"].startswith("text/turtle")


@pytest.mark.parametrize("url", ["/catalog.ttl", "/catalog.jsonld?page=1",
                                 "/dataset/rain-0.rdf", "/dataset/rain-0.ttl"])
def test_caching_headers_and_304(app, corpus, url):
    response = app.get(url)
    etag = response.headers["ETag"]
    assert etag.startswith('W/"')
    assert response.headers["Cache-Control"] == "public, max-age=300"
    last_modified = response.headers["Last-Modified"]

    again = app.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=300"
    assert app.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200

    assert app.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = format_datetime(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc), usegmt=True)
    assert app.get(url, headers={"If-Modified-Since": earlier}).status_code == 200


def test_the_etag_depends_on_the_request(app, corpus):
    tags = {app.get(url).headers["ETag"] for url in (
        "/catalog.ttl", "/catalog.rdf", "/catalog.ttl?q=Rainfall", "/catalog.ttl?page=2",
        "/dataset/rain-0.ttl", "/dataset/rain-1.ttl")}
    assert len(tags) == 6


@pytest.mark.ckan_config("ckan.gdcatalog.dcat.max_age", "60")
def test_cache_control_for_a_logged_in_caller(app, corpus):
    token = factories.APIToken(user=factories.Sysadmin()["name"])["token"]
    response = app.get("/catalog.ttl", headers={"Authorization": token})
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_a_change_changes_the_validators(app, corpus):
    dataset = corpus["datasets"][4]
    before = {url: app.get(url).headers["ETag"]
              for url in ("/catalog.ttl", f"/dataset/{dataset['name']}.ttl")}
    helpers.call_action("package_patch", id=dataset["id"], notes="Changed")
    for url, etag in before.items():
        response = app.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200, url
        assert response.headers["ETag"] != etag
    g = _graph(app.get(f"/dataset/{dataset['name']}.ttl"))
    assert Literal("Changed", lang="en") in set(g.objects(None, None))

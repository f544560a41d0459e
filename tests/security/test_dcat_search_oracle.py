"""The catalog's search is no oracle for what a metadata-only record leaves
out (issue #23, finding 2).

A private dataset published with consent shows no distribution and no
landing page; matching ``q`` or ``fq`` against them (a prefix at a time)
would recover them from the count. Through the real endpoints, for everyone
who cannot read the dataset, and for its own organization's admin too (the
catalog answers everyone alike, and shared caches keep it), such a record
matches only on what it publishes; the organization's admin and sysadmins
still find it by every field with package_search.
"""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT

from tests.factories import Dataset

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SECRET = "zqxhidden"  # in the record's resource and landing page, nowhere else
HIDDEN_URL = f"http://files.example/S{SECRET}.csv"
LANDING = f"http://landing.example/{SECRET}"

# field → (the hidden value as a term, a prefix of it, a prefix of nothing)
HIDDEN = {
    "res_url": (f'"{HIDDEN_URL}"', r"http\://files.example/S*", r"http\://files.example/X*"),
    "res_name": (SECRET, SECRET[:5] + "*", "qqqqq*"),
    "res_description": (SECRET, SECRET[:5] + "*", "qqqqq*"),
    "url": (f'"{LANDING}"', r"http\://landing.example/z*", r"http\://landing.example/x*"),
    "urls": (SECRET, SECRET[:5] + "*", "qqqqq*"),
    "text": (SECRET, SECRET[:5] + "*", "qqqqq*"),  # the catch-all, by name
    "": (SECRET, SECRET[:5] + "*", "qqqqq*"),  # free text
}
CANNOT_READ = ["anonymous", "visitor", "other_member"]


@pytest.fixture(scope="module")
def oracle(module_db) -> dict[str, Any]:
    """A consented private dataset with the secret in its resource and
    landing page, a public one with its own resource, and who asks."""
    admin, visitor, other_member = factories.User(), factories.User(), factories.User()
    sysadmin = factories.Sysadmin()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    factories.Organization(users=[{"name": other_member["name"], "capacity": "editor"}])
    consented = Dataset(
        owner_org=org["id"], title="Consented oracle register", private=True,
        allow_harvest="true", url=LANDING,
        resources=[{"name": f"{SECRET} file", "url": HIDDEN_URL, "format": "CSV",
                    "description": f"The {SECRET} description"}])
    public = Dataset(
        owner_org=org["id"], title="Public oracle register", url="http://open.example/landing",
        resources=[{"name": "zqxopen file", "url": "http://open.example/zqxopen.csv",
                    "format": "CSV", "description": "The zqxopen description"}])
    users = {"admin": admin, "visitor": visitor, "other_member": other_member,
             "sysadmin": sysadmin}
    return {"consented": consented, "public": public, "users": users,
            "tokens": {who: factories.APIToken(user=user["name"])["token"]
                       for who, user in users.items()}}


def _catalog(app: Any, oracle: dict[str, Any], who: str, **params: str) -> tuple[int, set[Any]]:
    """hydra:totalItems of the page (none: nothing matched) and its datasets."""
    headers = {"Authorization": oracle["tokens"][who]} if who in oracle["tokens"] else {}
    response = app.get("/catalog.ttl", query_string=params, headers=headers)
    assert response.status_code == 200, response.body[:500]
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    datasets = set(graph.objects(None, DCAT.dataset))
    totals = [int(total) for total in graph.objects(None, HYDRA.totalItems)]
    return (totals[0] if totals else len(datasets)), datasets


def _uri(dataset: dict[str, Any]) -> URIRef:
    return URIRef(f"http://test.ckan.net/dataset/{dataset['id']}")


def _query(field: str, term: str) -> str:
    return f"{field}:{term}" if field else term


@pytest.mark.parametrize("who", [*CANNOT_READ, "admin"])
@pytest.mark.parametrize("param", ["q", "fq"])
@pytest.mark.parametrize("form", ["value", "prefix"])
@pytest.mark.parametrize("field", list(HIDDEN))
def test_what_the_record_leaves_out_matches_nothing(app, oracle, who, param, form, field):
    value, prefix, _ = HIDDEN[field]
    total, datasets = _catalog(app, oracle, who,
                               **{param: _query(field, value if form == "value" else prefix)})
    assert total == 0 and not datasets


@pytest.mark.parametrize("who", CANNOT_READ)
@pytest.mark.parametrize("field", [f for f in HIDDEN if f])
def test_a_prefix_tells_nothing_even_negated(app, oracle, who, field):
    _, prefix, miss = HIDDEN[field]
    hit = _catalog(app, oracle, who, fq=f"-{field}:{prefix}")
    missed = _catalog(app, oracle, who, fq=f"-{field}:{miss}")
    assert hit == missed
    assert _uri(oracle["consented"]) in hit[1]


@pytest.mark.parametrize("who", CANNOT_READ)
@pytest.mark.parametrize("param, query", [
    ("q", "consented"), ("q", "consent*"), ("q", "title:consented"),
    ("q", "Consented oracle register"), ("fq", "title:consented"),
    ("fq", 'name:"{name}"'), ("fq", "organization:{organization}"),
])
def test_the_record_is_found_by_what_it_publishes(app, oracle, who, param, query):
    consented = oracle["consented"]
    text = query.format(name=consented["name"], organization=consented["organization"]["name"])
    total, datasets = _catalog(app, oracle, who, **{param: text})
    assert _uri(consented) in datasets
    assert total == len(datasets)


@pytest.mark.parametrize("who", CANNOT_READ)
def test_a_public_dataset_is_found_by_its_resources(app, oracle, who):
    for query in ("res_name:zqxopen", r"res_url:http\://open.example/*", "zqxopen"):
        total, datasets = _catalog(app, oracle, who, q=query)
        assert (total, datasets) == (1, {_uri(oracle["public"])}), query


@pytest.mark.parametrize("who", ["admin", "sysadmin"])
@pytest.mark.parametrize("field, form", [
    # package_search reads words without a field with dismax: no wildcards
    (field, form) for field in HIDDEN for form in ("value", "prefix") if field or form == "value"])
def test_the_organization_and_sysadmins_keep_full_search(oracle, who, field, form):
    value, prefix, _ = HIDDEN[field]
    result = helpers.call_action(
        "package_search", context={"user": oracle["users"][who]["name"], "ignore_auth": False},
        q=_query(field, value if form == "value" else prefix), include_private=True)
    assert [d["id"] for d in result["results"]] == [oracle["consented"]["id"]]


@pytest.mark.parametrize("who", CANNOT_READ)
def test_those_who_cannot_read_it_do_not_search_it(oracle, who):
    user = oracle["users"].get(who)
    result = helpers.call_action(
        "package_search", context={"user": user["name"] if user else "", "ignore_auth": False},
        q=f"res_name:{SECRET}", include_private=True)
    assert result["count"] == 0


def test_the_caller_chooses_neither_order_nor_facets(app, oracle):
    """Only q and fq reach the search: no sort or facet of a hidden field
    orders or counts the records."""
    plain = {"format": "ttl", "q": "oracle"}
    asked = app.get("/api/action/dcat_catalog_search", query_string=plain).json["result"]
    # Either order would put the consented record before the newer public one.
    for extra in ({"sort": "res_url asc"}, {"sort": "metadata_modified asc"},
                  {"facet.field": '["res_url"]'}, {"fl": "res_url"}):
        response = app.get("/api/action/dcat_catalog_search", query_string={**plain, **extra})
        assert response.json["result"] == asked, extra
    assert str(_uri(oracle["consented"])) in asked
    # The catalog's order, newest first, puts the public one first.
    assert oracle["public"]["metadata_modified"] > oracle["consented"]["metadata_modified"]

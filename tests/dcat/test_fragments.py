"""Catalog pages and dataset documents assembled from cached per-dataset
fragments say exactly what the whole-graph serialisation says, in every
format, and a change to a dataset is seen at once."""
from __future__ import annotations

import pytest
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers
from rdflib import Graph
from rdflib.compare import isomorphic

from ckanext.dcat.processors import RDFSerializer
from ckanext.gdcatalog.dcat import endpoints, exposure, fragments
from tests.dcat.test_shacl import _conforms, _full_dataset
from tests.schema.test_every_field import DATA_TYPES

PARSER = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}
SITE_ID = "gdcatalog_test"


def _keys() -> set[bytes]:
    return set(connect_to_redis().scan_iter(f"gdcatalog:dcat:{SITE_ID}:*"))


@pytest.fixture
def no_fragments():
    redis = connect_to_redis()
    for key in redis.scan_iter("gdcatalog:dcat:*"):
        redis.delete(key)
    yield


@pytest.fixture(scope="module")
def catalog(module_db):
    """A dataset of each type with every field, a consented private one
    (published as metadata only) and a minimal one, in two organizations."""
    orgs = [factories.Organization(title="สำนักงานสถิติ"),
            factories.Organization(title="Land Department")]
    consented = _full_dataset(orgs[1]["id"], "multiple", private=True, allow_harvest=True)
    helpers.call_action("package_patch", {"user": factories.Sysadmin()["name"]},
                        id=consented["id"], title="ทะเบียนที่ยินยอมให้เผยแพร่ชื่อ")
    made = [_full_dataset(orgs[i % 2]["id"], data_type) for i, data_type in enumerate(DATA_TYPES)]
    made.append(consented)
    return {"orgs": orgs, "datasets": made}


def _whole(page: exposure.CatalogPage, fmt: str) -> str:
    pagination = page.pagination(exposure.page_url_maker(endpoints._page_base(fmt), {}))
    return RDFSerializer(profiles=None).serialize_catalog(
        {}, page.datasets, _format=fmt, pagination_info=pagination)


@pytest.mark.usefixtures("no_fragments")
@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "rdf"])
def test_an_assembled_page_is_the_whole_page(catalog, fmt):
    page = exposure.CatalogPage({})
    assert len(page.datasets) == len(DATA_TYPES) + 1
    whole = Graph().parse(data=_whole(page, fmt), format=PARSER[fmt])

    cold = endpoints.serialize_catalog(page, {"format": fmt})
    assert len(_keys()) == len(page.datasets)  # one fragment a dataset
    warm = endpoints.serialize_catalog(page, {"format": fmt})
    assert len(_keys()) == len(page.datasets)

    for text in (cold, warm):
        assembled = Graph().parse(data=text, format=PARSER[fmt])
        assert len(assembled) == len(whole)
        assert isomorphic(assembled, whole)


@pytest.mark.usefixtures("no_fragments")
def test_an_assembled_page_conforms_to_the_shapes(catalog):
    page = exposure.CatalogPage({})
    endpoints.serialize_catalog(page, {"format": "ttl"})  # fragments cached
    text = endpoints.serialize_catalog(page, {"format": "ttl"})
    _conforms(Graph().parse(data=text, format="turtle"))


@pytest.mark.usefixtures("no_fragments")
@pytest.mark.parametrize("fmt", ["ttl", "rdf"])
def test_a_dataset_document_is_the_whole_document(catalog, fmt):
    dataset = exposure.published_dataset(catalog["datasets"][2]["id"])
    whole = RDFSerializer(profiles=None).serialize_dataset(dataset, _format=fmt)
    for _ in range(2):  # made, then from the cache
        text = endpoints.serialize_dataset(dataset, {"format": fmt})
        assert isomorphic(Graph().parse(data=text, format=PARSER[fmt]),
                          Graph().parse(data=whole, format=PARSER[fmt]))


@pytest.mark.usefixtures("no_fragments")
def test_a_change_is_published_at_once(app, catalog):
    dataset = catalog["datasets"][0]
    assert "ชื่อใหม่ของชุดข้อมูล" not in app.get("/catalog.ttl").get_data(as_text=True)
    before = _keys()
    helpers.call_action("package_patch", {"user": factories.Sysadmin()["name"]},
                        id=dataset["id"], title="ชื่อใหม่ของชุดข้อมูล")
    page = app.get("/catalog.ttl").get_data(as_text=True)
    assert "ชื่อใหม่ของชุดข้อมูล" in page
    assert len(_keys() - before) == 1  # only the changed dataset was serialised again
    assert "ชื่อใหม่ของชุดข้อมูล" in app.get(f"/dataset/{dataset['id']}.ttl").get_data(as_text=True)


@pytest.mark.usefixtures("no_fragments")
def test_a_page_written_again_is_the_same_bytes(app, catalog, no_fragments):
    """Once its fragments are renewed, an unchanged catalog page is the same
    Turtle: a harvester skipping pages whose bytes did not change skips it."""
    first = app.get("/catalog.ttl").get_data()
    redis = connect_to_redis()
    for key in redis.scan_iter("gdcatalog:dcat:*"):
        redis.delete(key)
    assert app.get("/catalog.ttl").get_data() == first


@pytest.mark.usefixtures("no_fragments")
@pytest.mark.ckan_config(fragments.TTL_OPTION, 0)
def test_a_zero_ttl_serialises_whole_pages(app, catalog):
    response = app.get("/catalog.ttl")
    assert response.status_code == 200
    assert _keys() == set()
    assert len(Graph().parse(data=response.get_data(as_text=True), format="turtle")) > 100


@pytest.mark.without_plugins
def test_turtle_prefixes_are_split_from_statements():
    text = ("@prefix dct: <http://purl.org/dc/terms/> .\n@prefix ex: <http://ex/> .\n\n"
            "ex:a dct:title \"x\" .\n")
    part = fragments.split(text, "ttl")
    assert part.prefixes == {"dct": "http://purl.org/dc/terms/", "ex": "http://ex/"}
    assert part.body == 'ex:a dct:title "x" .\n'


@pytest.mark.without_plugins
def test_clashing_prefixes_are_refused_when_joining():
    one = fragments.Fragment({"ns1": "http://a/"}, "<x/>")
    two = fragments.Fragment({"ns1": "http://b/"}, "<y/>")
    with pytest.raises(fragments.Clash):
        fragments.join([one, two], "rdf")


@pytest.mark.usefixtures("no_fragments")
def test_a_turtle_fragment_whose_prefixes_clash_is_written_as_n_triples(catalog):
    dataset = exposure.published_dataset(catalog["datasets"][0]["id"])
    serializer = RDFSerializer()
    plain = fragments.fragment(serializer, dataset, "ttl", {})
    assert plain.prefixes
    prefix, uri = next(iter(plain.prefixes.items()))
    clashing = fragments.fragment(serializer, dataset, "ttl", {prefix: uri + "elsewhere/"})
    assert clashing.prefixes == {}
    assert isomorphic(Graph().parse(data=clashing.body, format="nt"),
                      Graph().parse(data=fragments.join([plain], "ttl"), format="turtle"))


@pytest.mark.usefixtures("no_fragments")
def test_a_dataset_is_written_as_the_same_turtle_every_time(catalog):
    """Blank nodes get labels from what they say (dcat/stable.py), so a
    Turtle fragment written again is byte for byte the same (a harvester
    that skips unchanged pages then skips it; rdflib's RDF/XML and JSON-LD
    writers do not sort, so only Turtle can be), and says what the profiles
    said."""
    from ckanext.gdcatalog.dcat.stable import stable_blank_nodes
    for made in catalog["datasets"]:
        dataset = exposure.published_dataset(made["id"])
        first = fragments.fragment(RDFSerializer(), dataset, "ttl", {})
        again = fragments.fragment(RDFSerializer(), dataset, "ttl", {})
        assert (first.prefixes, first.body) == (again.prefixes, again.body)
        profiles = fragments.dataset_graph(RDFSerializer(), dataset)
        assert isomorphic(stable_blank_nodes(profiles), profiles)
        assert len(stable_blank_nodes(profiles)) == len(profiles)

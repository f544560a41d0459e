"""The DCAT output validates: each data type's dataset graph and a catalog
of several datasets (the demo catalog too) conform to the DCAT-AP 3 SHACL
shapes and to our own shapes of the GD Catalog rules (schemas/shacl/gdc.ttl),
and our shapes catch what breaks those rules.

The DCAT-AP 3 shapes are validated with RDFS inference: they require
``sh:class rdfs:Resource`` of access URLs, landing pages and the like, which
means "any resource" and holds only under RDFS entailment (every IRI is an
``rdfs:Resource``). No ontology is mixed in, so every other class the shapes
ask for (``foaf:Agent``, ``skos:Concept``, ``dct:LicenseDocument`` ...) must be
stated by the profile itself, as a harvester without a reasoner needs it.
Our own shapes check explicit values only, so they run without inference.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories, helpers
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from ckanext.dcat.processors import RDFSerializer
from ckanext.gdcatalog.dcat import concepts
from ckanext.gdcatalog.dcat.namespace import GDC
from ckanext.gdcatalog.reference import schema_file
from ckanext.gdcatalog.schema import vocabularies
from tests.dcat.test_profile import _resources
from tests.factories import mandatory_fields
from tests.schema.test_every_field import DATA_TYPES, filled

DCAT_AP_3 = Path(__file__).parent / "shapes" / "dcat-ap-3.0.0-shacl.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
SITE = "http://test.ckan.net"


@functools.lru_cache(maxsize=None)
def _shapes(which: str) -> Graph:
    path = DCAT_AP_3 if which == "dcat-ap-3" else schema_file("shacl/gdc.ttl")
    return Graph().parse(path, format="turtle")


def _violations(data: Graph, which: str) -> list[tuple[str, str, str]]:
    """(focus node, path, message) of each violation; empty if it conforms."""
    conforms, results, _ = validate(
        data, shacl_graph=_shapes(which),
        inference="rdfs" if which == "dcat-ap-3" else "none")
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        messages = [m for m in results.objects(result, SH.resultMessage)
                    if not isinstance(m, Literal) or m.language in (None, "en")]
        found.append((str(results.value(result, SH.focusNode)),
                      str(results.value(result, SH.resultPath)),
                      " / ".join(str(m) for m in messages)))
    assert conforms == (not found)
    return found


def _conforms(data: Graph) -> None:
    for which in ("dcat-ap-3", "gdc"):
        assert _violations(data, which) == [], which


def _dataset_graph(dataset: dict[str, Any]) -> Graph:
    serializer = RDFSerializer(profiles=["gdc"])
    serializer.graph_from_dataset(dataset)
    return serializer.g


def _catalog_graph(datasets: list[dict[str, Any]]) -> Graph:
    text = RDFSerializer(profiles=["gdc"]).serialize_catalog(
        {}, dataset_dicts=datasets, _format="turtle")
    return Graph().parse(data=text, format="turtle")


def _full_dataset(org_id: str, data_type: str, **overrides: Any) -> dict[str, Any]:
    """A dataset of ``data_type`` with every field of its type filled, as
    the API shows it."""
    sent, _ = filled("dataset_fields", data_type)
    if data_type == "other":
        sent["data_type_other"] = "ข้อมูลภาพ"
    resources, _ = _resources(data_type)
    data = mandatory_fields(owner_org=org_id, data_type=data_type,
                            title=f"ทุกรายการของประเภท {data_type}",
                            url="https://catalog.example.go.th/about",
                            tag_string="ประชากร, population, จังหวัด",
                            resources=resources, **{**sent, **overrides})
    created = helpers.call_action("package_create", {"user": _sysadmin()}, **data)
    return helpers.call_action("package_show", id=created["id"])


def _sysadmin() -> str:
    return factories.Sysadmin()["name"]


# Our output conforms ----------------------------------------------------------

@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("data_type", DATA_TYPES)
def test_a_dataset_of_each_type_with_every_field_conforms(data_type):
    org = factories.Organization(title="สำนักงานทดสอบ")
    _conforms(_dataset_graph(_full_dataset(org["id"], data_type)))


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_catalog_of_datasets_of_every_type_conforms():
    orgs = [factories.Organization(title="สำนักงานสถิติ"),
            factories.Organization(title="Land Department")]
    for index, data_type in enumerate(DATA_TYPES):
        _full_dataset(orgs[index % 2]["id"], data_type)
    helpers.call_action("package_create", {"user": _sysadmin()},
                        **mandatory_fields(owner_org=orgs[0]["id"], name="minimal",
                                           title="Minimal record"))
    found = helpers.call_action("package_search", rows=100)["results"]
    assert len(found) == len(DATA_TYPES) + 1

    g = _catalog_graph(found)

    assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == len(found)
    _conforms(g)


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.gdcatalog.demo.enabled", True)
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "20")
def test_the_demo_catalog_served_at_catalog_ttl_conforms(app):
    """Every page of /catalog.ttl, as a harvester follows hydra:nextPage:
    public datasets in full and consented private ones as metadata only."""
    helpers.call_action("gdcatalog_demo_load", {"user": _sysadmin(), "ignore_auth": False})
    url: Any = "/catalog.ttl"
    pages = 0
    while url:
        response = app.get(str(url).replace(SITE, ""))
        assert response.status_code == 200
        page = Graph().parse(data=response.get_data(as_text=True), format="turtle")
        assert len(set(page.subjects(RDF.type, DCAT.Dataset))) > 0
        _conforms(page)
        url = next(page.objects(None, HYDRA.nextPage), None)
        pages += 1
    assert pages > 1


# Our shapes catch violations --------------------------------------------------

def _record(**fields: Any) -> dict[str, Any]:
    """A record dataset dict as the API shows it, without the database: the
    publisher is given as the stock profile's publisher_* fields, which give
    the triples an organization of the database would."""
    data = {**mandatory_fields(), "id": "d1", "name": "d1", "title": "ทะเบียนทดสอบ",
            "tags": [{"name": "ทดสอบ"}, {"name": "test"}],
            "publisher_uri": f"{SITE}/organization/o1", "publisher_name": "สำนักงานทดสอบ"}
    del data["tag_string"]
    return {**data, **fields}


def _paths(found: list[tuple[str, str, str]]) -> set[str]:
    return {path for _, path, _ in found}


def _shapes_of(found: list[tuple[str, str, str]]) -> str:
    return " | ".join(message for _, _, message in found)


def test_the_record_the_negative_tests_start_from_conforms():
    _conforms(_dataset_graph(_record()))


@pytest.mark.parametrize("field, path", [
    ("title", DCT.title), ("notes", DCT.description), ("tags", DCAT.keyword),
    ("publisher_uri", DCT.publisher), ("maintainer_email", DCAT.contactPoint),
    ("license_id", DCT.license), ("data_category", GDC.dataCategory),
    ("update_frequency_unit", DCT.accrualPeriodicity), ("data_type", GDC.dataType),
    ("objective", GDC.objective), ("geo_coverage", GDC.geoCoverage),
    ("data_format", GDC.dataFormat), ("data_source", DCT.provenance),
])
def test_a_missing_mandatory_field_is_a_violation(field, path):
    dataset = _record()
    del dataset[field]
    if field == "publisher_uri":
        del dataset["publisher_name"]
    if field == "data_category":
        dataset["private"] = True  # the stock access right needs none
    found = _violations(_dataset_graph(dataset), "gdc")
    assert str(path) in _paths(found), found


def test_restricted_data_with_public_access_rights_is_a_violation():
    g = _dataset_graph(_record(data_category="personal", private=True))
    ref = URIRef(f"{SITE}/dataset/d1")
    assert _violations(g, "gdc") == []  # the profile writes NON_PUBLIC

    g.set((ref, DCT.accessRights, ACCESS_RIGHT.PUBLIC))

    found = _violations(g, "gdc")
    assert "must not have the access right PUBLIC" in _shapes_of(found), found


def test_a_non_public_dataset_with_data_urls_is_a_violation():
    resource = {"id": "r1", "package_id": "d1", "name": "ตาราง",
                "url": "https://agency.example.go.th/a.csv", "format": "CSV"}
    metadata_only = _dataset_graph(_record(private=True))
    assert (None, DCT.accessRights, ACCESS_RIGHT.NON_PUBLIC) in metadata_only
    assert _violations(metadata_only, "gdc") == []

    found = _violations(_dataset_graph(_record(private=True, resources=[resource])), "gdc")

    assert "no distribution with an access or download URL" in _shapes_of(found), found


@pytest.mark.parametrize("value", [
    URIRef(f"{SITE}/vocabulary/geo-coverage/galaxy"),        # not a code of the scheme
    URIRef(f"{SITE}/vocabulary/data-category/public"),       # a concept of another scheme
    URIRef("http://publications.europa.eu/resource/authority/country/THA"),
    Literal("ทั้งประเทศ", lang="th"),                          # text, not a concept
])
def test_a_value_outside_its_scheme_is_a_violation(value):
    g = _dataset_graph(_record())
    g.set((URIRef(f"{SITE}/dataset/d1"), GDC.geoCoverage, value))
    assert str(GDC.geoCoverage) in _paths(_violations(g, "gdc"))


def test_a_resource_value_outside_its_scheme_is_a_violation():
    resource = {"id": "r1", "package_id": "d1", "name": "ตาราง", "url": "https://a.example/x",
                "resource_data_collect": "person"}
    g = _dataset_graph(_record(resources=[resource]))
    distribution = URIRef(f"{SITE}/dataset/d1/resource/r1")
    assert (distribution, GDC.dataCollect, None) in g and _violations(g, "gdc") == []
    g.set((distribution, GDC.dataCollect, URIRef(f"{SITE}/vocabulary/data-collect/robot")))
    assert str(GDC.dataCollect) in _paths(_violations(g, "gdc"))


def test_concepts_of_any_gd_catalog_site_conform():
    text = _dataset_graph(_record()).serialize(format="turtle")
    moved = text.replace(f"{SITE}/vocabulary/", "https://agency.example.go.th/catalog/vocabulary/")
    assert moved != text
    assert _violations(Graph().parse(data=moved, format="turtle"), "gdc") == []


# The shapes file --------------------------------------------------------------

_CONCEPT_PATTERN = re.compile(r"/vocabulary/(?P<scheme>[a-z-]+)/\((?P<codes>[^)]*)\)\$$")


@pytest.mark.without_plugins
def test_the_shapes_list_the_codes_of_every_vocabulary():
    g = _shapes("gdc")
    listed = {}
    for pattern in g.objects(None, SH.pattern):
        match = _CONCEPT_PATTERN.search(str(pattern))
        if match and not str(pattern).startswith("/"):
            listed[match["scheme"]] = match["codes"].split("|")
    assert set(listed) == {concepts.slug(name) for name in concepts.vocabulary_names()}
    for slug, codes in listed.items():
        vocab = vocabularies.get(str(concepts.name_from_slug(slug)))
        assert codes == list(vocab.codes), slug
        assert all(re.fullmatch(r"[a-z0-9_-]+", code) for code in codes), slug


@pytest.mark.without_plugins
def test_every_message_of_the_shapes_is_in_thai_and_english():
    g = _shapes("gdc")
    for subject in set(g.subjects(SH.message, None)):
        assert {m.language for m in g.objects(subject, SH.message)} == {"th", "en"}, subject
    assert g.value(URIRef("https://gdcatalog.go.th/shacl/gdc"), RDFS.label) is not None


def test_the_site_serves_the_shapes(app):
    response = app.get("/shacl/gdc.ttl")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert response.get_data() == schema_file("shacl/gdc.ttl").read_bytes()
    assert len(Graph().parse(data=response.get_data(as_text=True), format="turtle")) > 100

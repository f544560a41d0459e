"""The vocabularies over HTTP: Turtle, JSON-LD and RDF/XML by extension or
Accept header, Thai and English labels, 404 for what does not exist."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ckanext.gdcatalog.dcat.namespace import GDC

SCHEME = URIRef("http://test.ckan.net/vocabulary/data-category")
PUBLIC = URIRef("http://test.ckan.net/vocabulary/data-category/public")
PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}


def _graph(response) -> Graph:
    media_type = response.headers["Content-Type"].split(";")[0]
    return Graph().parse(data=response.get_data(as_text=True), format=PARSERS[media_type])


@pytest.mark.parametrize("ext, media_type", [
    ("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml")])
def test_a_scheme_by_extension(app, ext, media_type):
    response = app.get(f"/vocabulary/data-category.{ext}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    g = _graph(response)
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert (PUBLIC, SKOS.prefLabel, Literal("ข้อมูลสาธารณะ", lang="th")) in g
    assert (PUBLIC, SKOS.prefLabel, Literal("Public data", lang="en")) in g


@pytest.mark.parametrize("media_type", ["text/turtle", "application/ld+json",
                                        "application/rdf+xml"])
def test_a_scheme_by_accept_header(app, media_type):
    response = app.get("/vocabulary/data-category", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    assert "Accept" in response.headers.get("Vary", "")
    assert (SCHEME, SKOS.hasTopConcept, PUBLIC) in _graph(response)


def test_turtle_is_the_default(app):
    response = app.get("/vocabulary/update-frequency-unit", headers={"Accept": "text/html"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    year = URIRef("http://test.ckan.net/vocabulary/update-frequency-unit/year")
    assert (year, SKOS.exactMatch,
            URIRef("http://publications.europa.eu/resource/authority/frequency/ANNUAL")
            ) in _graph(response)


def test_one_concept(app):
    response = app.get("/vocabulary/data-category/public.jsonld")
    assert response.status_code == 200
    g = _graph(response)
    assert (PUBLIC, SKOS.notation, Literal("public")) in g
    assert (PUBLIC, SKOS.inScheme, SCHEME) in g
    assert not list(g.subjects(SKOS.notation, Literal("secret")))


@pytest.mark.parametrize("url", ["/vocabulary/no-such-thing", "/vocabulary/data-category.csv",
                                 "/vocabulary/data-category/nothing", "/vocabulary/..%2Fdataset",
                                 "/ns/other"])
def test_unknown_is_not_found(app, url):
    assert app.get(url).status_code == 404


def test_the_gdc_namespace_is_served_with_labels_and_comments(app):
    response = app.get("/ns/gdc.ttl")
    assert response.status_code == 200
    g = _graph(response)
    assert (GDC.dataCategory, RDFS.label, Literal("Data category", lang="en")) in g
    assert (GDC.dataCategory, RDFS.seeAlso, SCHEME) in g
    assert list(g.objects(GDC.officialStatistics, RDFS.comment))
    assert app.get("/ns/gdc", headers={"Accept": "application/ld+json"}).headers[
        "Content-Type"].startswith("application/ld+json")

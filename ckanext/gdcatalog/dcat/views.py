"""The vocabularies as linked data: ``/vocabulary/<name>`` (a SKOS concept
scheme), ``/vocabulary/<name>/<code>`` (one concept) and ``/ns/gdc`` (the
``gdc:`` terms), each as Turtle, JSON-LD or RDF/XML, chosen by extension
(``/vocabulary/data-category.ttl``) or by the ``Accept`` header; and
``/shacl/gdc.ttl``, the SHACL shapes of the standard's rules."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, request
from rdflib import Graph

from ckanext.gdcatalog.dcat import concepts, namespace
from ckanext.gdcatalog.reference import schema_file

MSG_UNKNOWN_VOCABULARY = "There is no vocabulary %(name)s."
MSG_UNKNOWN_CONCEPT = "The vocabulary %(name)s has no value %(code)s."

# extension → (rdflib format, media type)
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", "text/turtle"),
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("xml", "application/rdf+xml"),
}
MEDIA_TYPES = {media: ext for ext, (_, media) in FORMATS.items()}
DEFAULT = "ttl"

vocabulary = Blueprint("gdcatalog_vocabulary", __name__)


def _split(value: str) -> tuple[str, Optional[str]]:
    """``data-category.ttl`` → (``data-category``, ``ttl``); an unknown
    extension is kept in the name (and so is not found)."""
    stem, dot, ext = value.rpartition(".")
    if dot and ext in FORMATS:
        return stem, ext
    return value, None


def _negotiated() -> str:
    best = request.accept_mimetypes.best_match(list(MEDIA_TYPES))
    return MEDIA_TYPES.get(best or "", DEFAULT)


def _respond(g: Graph, ext: Optional[str]) -> Response:
    chosen = ext or _negotiated()
    rdf_format, media_type = FORMATS[chosen]
    if rdf_format == "json-ld":
        context = {prefix: str(uri) for prefix, uri in g.namespaces()
                   if prefix in ("skos", "dct", "rdfs", "owl", "gdc", "dqv", "xsd")}
        body = g.serialize(format=rdf_format, context=context, auto_compact=True)
    else:
        body = g.serialize(format=rdf_format)
    response = Response(body, content_type=f"{media_type}; charset=utf-8")
    if ext is None:
        response.headers["Vary"] = "Accept"
    return response


def _vocabulary_name(value: str) -> str:
    name = concepts.name_from_slug(value)
    if name is None:
        tk.abort(404, tk._(MSG_UNKNOWN_VOCABULARY) % {"name": value})
    return str(name)


@vocabulary.route("/vocabulary/<name>")
def scheme(name: str) -> Any:
    slug, ext = _split(name)
    return _respond(concepts.scheme_graph(_vocabulary_name(slug)), ext)


@vocabulary.route("/vocabulary/<name>/<code>")
def concept(name: str, code: str) -> Any:
    vocab_name = _vocabulary_name(name)
    value, ext = _split(code)
    g = concepts.concept_graph(vocab_name, value)
    if g is None:
        return tk.abort(404, tk._(MSG_UNKNOWN_CONCEPT) % {"name": name, "code": value})
    return _respond(g, ext)


@vocabulary.route("/ns/<name>")
def terms(name: str) -> Any:
    stem, ext = _split(name)
    if stem != "gdc":
        tk.abort(404, tk._(MSG_UNKNOWN_VOCABULARY) % {"name": stem})
    return _respond(namespace.namespace_graph(concepts.site_url()), ext)


@vocabulary.route("/shacl/gdc.ttl")
def shapes() -> Response:
    """The SHACL shapes of the standard's rules (schemas/shacl/gdc.ttl)."""
    body = schema_file("shacl/gdc.ttl").read_bytes()
    return Response(body, content_type="text/turtle; charset=utf-8")


def blueprints() -> list[Blueprint]:
    return [vocabulary]

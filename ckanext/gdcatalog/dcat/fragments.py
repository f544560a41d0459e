"""Catalog pages and dataset documents assembled from per-dataset RDF
fragments, cached in Redis.

Building and serialising each dataset's graph is nearly all the work of a
catalog page, and the ``gdc`` profile writes about three times the triples
of the stock profile. A dataset's RDF depends only on its dataset dict (as
the search index returns it, after exposure.py), its quality assessments
(dcat/quality.py), the profiles, the site URL, ckanext-dcat's options and
the profile code. So each dataset is serialised
on its own and the text is cached under a digest of exactly those inputs:
any change to one of them is a new key, and nothing has to be invalidated.

A document is then the prefixes, the catalog's own triples (title, paging,
``dcat:dataset`` links) and the fragments. That is sound because the
formats concatenate:

- Turtle: statements of several documents sharing one set of prefixes form
  one document. A fragment whose prefixes clash with another's (rdflib
  invents ``ns1`` for unbound namespaces) is written as N-Triples, which is
  Turtle without prefixes.
- JSON-LD: ckanext-dcat writes the expanded form, a list of node objects;
  the lists of several graphs joined are the union of the graphs.
- RDF/XML: the node elements of several documents under one ``rdf:RDF``
  with the union of their namespace declarations; on a clash the page is
  serialised whole instead.

Blank node labels are unique per process run (rdflib's BNode ids), so
fragments never share one by accident; the same publisher described in two
fragments is the same set of triples twice, which RDF reads once. Tests
check that an assembled page is isomorphic to the whole-graph serialisation.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

import ckan.plugins.toolkit as tk
from rdflib import Graph, URIRef

from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.profiles.base import DCAT
from ckanext.dcat.utils import DCAT_EXPOSE_SUBCATALOGS, catalog_uri, dataset_uri

from ckanext.gdcatalog.dcat import quality
from ckanext.gdcatalog.dcat.stable import stable_blank_nodes

log = logging.getLogger(__name__)

TTL_OPTION = "ckan.gdcatalog.dcat.fragment_ttl"
MAX_FRAGMENT_BYTES = 2_000_000
_PREFIX = "gdcatalog:dcat:"
# Endpoint format → rdflib serializer; the formats that can be assembled.
RDFLIB_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "pretty-xml", "xml": "pretty-xml"}

_TURTLE_PREFIX = re.compile(r"^@prefix ([\w.-]*): <([^>]*)> \.\s*$")
_XML_ROOT = re.compile(r"<rdf:RDF\b([^>]*)>", re.S)
_XML_NS = re.compile(r'xmlns(?::([\w.-]+))?="([^"]*)"')
_XML_CLOSE = "</rdf:RDF>"


class Clash(Exception):
    """Two parts bind one prefix to different namespaces."""


@dataclass
class Fragment:
    """One graph's serialisation: its namespace prefixes and its body."""
    prefixes: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def to_json(self) -> str:
        return json.dumps({"p": self.prefixes, "b": self.body}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: Any) -> "Fragment":
        value = json.loads(raw)
        return cls(prefixes=value["p"], body=value["b"])


def ttl() -> int:
    return max(0, int(tk.config.get(TTL_OPTION) or 0))


def can_assemble(fmt: str) -> bool:
    """Whether documents of ``fmt`` are assembled from fragments here."""
    return (fmt in RDFLIB_FORMATS and ttl() > 0
            and not tk.asbool(tk.config.get(DCAT_EXPOSE_SUBCATALOGS, False)))


# ---- splitting a serialisation into prefixes and body ------------------------

def split(text: str, fmt: str) -> Fragment:
    if fmt == "ttl":
        prefixes: dict[str, str] = {}
        body: list[str] = []
        for line in text.splitlines():
            match = _TURTLE_PREFIX.match(line)
            if match and not body:
                prefixes[match.group(1)] = match.group(2)
            elif line.strip() or body:
                body.append(line)
        return Fragment(prefixes, "\n".join(body).strip() + "\n")
    if fmt == "jsonld":
        nodes = json.loads(text)
        if isinstance(nodes, dict):  # one node object
            nodes = [nodes]
        inner = json.dumps(nodes, ensure_ascii=False)[1:-1].strip()
        return Fragment({}, inner)
    root = _XML_ROOT.search(text)
    end = text.rfind(_XML_CLOSE)
    if root is None or end < root.end():  # an empty graph: <rdf:RDF .../>
        if root is None:
            raise ValueError("not RDF/XML")
        return Fragment(_xml_namespaces(root.group(1)), "")
    return Fragment(_xml_namespaces(root.group(1)), text[root.end():end].strip("\n"))


def _xml_namespaces(attributes: str) -> dict[str, str]:
    return {prefix or "": uri for prefix, uri in _XML_NS.findall(attributes)}


def join(parts: Sequence[Fragment], fmt: str) -> str:
    """One document of ``fmt`` from fragments; :class:`Clash` when their
    prefixes disagree (Turtle never clashes: see :func:`fragment`)."""
    prefixes = merged_prefixes(parts)
    if fmt == "ttl":
        head = "".join(f"@prefix {p}: <{u}> .\n" for p, u in sorted(prefixes.items()))
        return head + "\n" + "\n".join(part.body for part in parts if part.body.strip())
    if fmt == "jsonld":
        return "[\n" + ",\n".join(part.body for part in parts if part.body) + "\n]\n"
    declarations = "".join(
        f'\n   xmlns{":" + p if p else ""}="{_xml_escape(u)}"' for p, u in sorted(prefixes.items()))
    body = "\n".join(part.body for part in parts if part.body)
    return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}\n>\n{body}\n{_XML_CLOSE}\n'


def merged_prefixes(parts: Iterable[Fragment]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for part in parts:
        for prefix, uri in part.prefixes.items():
            if merged.setdefault(prefix, uri) != uri:
                raise Clash(prefix)
    return merged


def _xml_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


# ---- serialising --------------------------------------------------------------

def _serialize(graph: Graph, fmt: str) -> str:
    return graph.serialize(format=RDFLIB_FORMATS[fmt])


def dataset_graph(serializer: RDFSerializer, dataset: Mapping[str, Any]) -> Graph:
    """The dataset's graph alone. One serializer serves a whole page: making
    one looks its profiles up among the installed entry points, which costs
    more than many a dataset's graph."""
    serializer.g = type(serializer.g)()
    serializer.graph_from_dataset(dict(dataset))
    return serializer.g


def fragment(serializer: RDFSerializer, dataset: Mapping[str, Any], fmt: str,
             taken: Mapping[str, str]) -> Fragment:
    """The dataset's fragment (uncached). In Turtle, a fragment whose
    prefixes clash with ``taken`` is written as N-Triples instead."""
    graph = stable_blank_nodes(dataset_graph(serializer, dataset), salt=dataset_uri(dataset))
    part = split(_serialize(graph, fmt), fmt)
    if fmt == "ttl" and any(taken.get(p, u) != u for p, u in part.prefixes.items()):
        part = Fragment({}, graph.serialize(format="nt"))
    return part


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code and data that shape a dataset's RDF, so that an
    upgrade never serves fragments of the previous version."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in ("profile.py", "concepts.py", "namespace.py", "exposure.py", "fragments.py",
                 "quality.py", "stable.py"):
        digest.update((package / name).read_bytes())
    from ckanext.gdcatalog.reference import schema_file
    schemas = schema_file("dataset.yaml").parent
    for path in sorted(schemas.rglob("*.yaml")):
        digest.update(path.read_bytes())
    for dist in ("ckanext-dcat", "rdflib", "ckan"):
        try:
            digest.update(importlib.metadata.version(dist).encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()[:16]


def _setting(fmt: str, profiles: Optional[list[str]]) -> str:
    """What, besides the dataset, a fragment depends on."""
    dcat_options = {k: v for k, v in tk.config.items() if str(k).startswith("ckanext.dcat.")}
    # By serialiser: .rdf and .xml share their fragments.
    return json.dumps([code_version(), RDFLIB_FORMATS.get(fmt, fmt), profiles, catalog_uri(),
                       dcat_options],
                      sort_keys=True, default=str)


def key(dataset: Mapping[str, Any], setting: str, stamp: str = "") -> str:
    """The cache key of ``dataset``'s fragment; ``stamp`` is what else of
    the dataset its RDF depends on (its assessments)."""
    digest = hashlib.sha256(setting.encode("utf-8"))
    digest.update(json.dumps([dataset, stamp], sort_keys=True, default=str,
                             ensure_ascii=False).encode("utf-8"))
    return f"{_PREFIX}{tk.config.get('ckan.site_id')}:{digest.hexdigest()}"


def _redis() -> Any:
    from ckan.lib.redis import connect_to_redis
    return connect_to_redis()


def fragments(datasets: Sequence[Mapping[str, Any]], fmt: str,
              profiles: Optional[list[str]], taken: dict[str, str]) -> list[Fragment]:
    """Each dataset's fragment, from Redis where it is, made and stored
    where not. A cache that fails is only slower, never wrong."""
    return _through_cache(datasets, fmt, profiles, taken)[0]


def prerender(datasets: Sequence[Mapping[str, Any]], fmt: str,
              profiles: Optional[list[str]] = None) -> int:
    """Make and store the fragments of ``datasets`` that Redis lacks (as a
    catalog page would); how many were made."""
    return _through_cache(datasets, fmt, profiles, {})[1]


def _through_cache(datasets: Sequence[Mapping[str, Any]], fmt: str,
                   profiles: Optional[list[str]],
                   taken: dict[str, str]) -> tuple[list[Fragment], int]:
    setting = _setting(fmt, profiles)
    stamps = quality.stamps(d.get("id") for d in datasets)
    keys = [key(d, setting, stamps.get(d.get("id"), "")) for d in datasets]
    serializer: Optional[RDFSerializer] = None
    try:
        cached = _redis().mget(keys) if keys else []
    except Exception as error:  # Redis down: make every fragment
        log.warning("DCAT fragment cache unavailable: %s", error)
        cached = [None] * len(keys)
    parts: list[Fragment] = []
    fresh: dict[str, str] = {}
    used: list[str] = []
    for dataset, cache_key, raw in zip(datasets, keys, cached):
        part = Fragment.from_json(raw) if raw else None
        if part is None or (fmt == "ttl" and any(taken.get(p, u) != u
                                                   for p, u in part.prefixes.items())):
            serializer = serializer or RDFSerializer(profiles=profiles)
            part = fragment(serializer, dataset, fmt, taken)
            text = part.to_json()
            if len(text) <= MAX_FRAGMENT_BYTES:
                fresh[cache_key] = text
        else:
            used.append(cache_key)
        taken.update(part.prefixes)
        parts.append(part)
    if fresh or used:
        try:
            pipe = _redis().pipeline(transaction=False)
            for cache_key, text in fresh.items():
                pipe.set(cache_key, text, ex=ttl())
            # A fragment in use stays: the time to live counts from its last use.
            for cache_key in used:
                pipe.expire(cache_key, ttl())
            pipe.execute()
        except Exception as error:
            log.warning("DCAT fragment cache unavailable: %s", error)
    return parts, len(fresh)


# ---- documents ----------------------------------------------------------------

def catalog_document(datasets: Sequence[Mapping[str, Any]], fmt: str,
                     profiles: Optional[list[str]],
                     pagination: Optional[Mapping[str, Any]]) -> Optional[str]:
    """The catalog page as ckanext-dcat's serialize_catalog would write it,
    from fragments; None when the parts cannot be joined (the caller then
    serialises the page whole)."""
    serializer = RDFSerializer(profiles=profiles)
    catalog_ref = serializer.graph_from_catalog({})
    for dataset in datasets:
        serializer.g.add((catalog_ref, DCAT.dataset, URIRef(dataset_uri(dict(dataset)))))
    if pagination:
        serializer._add_pagination_triples(dict(pagination))
    head = split(_serialize(serializer.g, fmt), fmt)
    try:
        parts = fragments(datasets, fmt, profiles, dict(head.prefixes))
        return join([head, *parts], fmt)
    except Clash as clash:
        log.info("DCAT fragments of this page bind prefix %s twice: serialising it whole", clash)
        return None


def dataset_document(dataset: Mapping[str, Any], fmt: str,
                     profiles: Optional[list[str]]) -> str:
    """One dataset's document, through the same cache as catalog pages."""
    part = fragments([dataset], fmt, profiles, {})[0]
    return join([part], fmt)

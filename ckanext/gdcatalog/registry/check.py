"""Checking a catalog URL before it is registered: reachable, valid DCAT,
how many datasets.

A URL is either a DCAT document (``/catalog.ttl``, any RDF media type) or a
CKAN site, whose DCAT endpoint is discovered: ``/api/3/action/status_show``
says it is CKAN, and ckanext-dcat publishes ``/catalog.ttl``. Everything is
fetched through urlsafety.py and parsed by dcat/safe_parse.py.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from ckanext.gdcatalog.dcat import safe_parse
from ckanext.gdcatalog.language import translated
from ckanext.gdcatalog.registry import urlsafety

MSG_HTTP_STATUS = "%(url)s answered with HTTP status %(status)s"
MSG_NOT_DCAT = ("No DCAT catalog was found at %(url)s: it is neither an RDF document "
                "nor a CKAN site publishing /catalog.ttl")
MSG_NO_CATALOG = "The RDF document describes no dcat:Catalog and no dcat:Dataset"

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
RDF_TYPES = {"text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples",
             "text/n3", "application/trig", "application/n-quads", "application/x-turtle"}
RDF_SUFFIXES = (".ttl", ".rdf", ".xml", ".jsonld", ".n3", ".nt", ".trig")
ACCEPT = ("text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, "
          "application/json;q=0.5, */*;q=0.1")


@dataclass
class CheckResult:
    ok: bool
    url: str
    dcat_url: Optional[str] = None
    rdf_format: Optional[str] = None
    ckan_version: Optional[str] = None
    datasets: int = 0
    total_datasets: Optional[int] = None  # hydra:totalItems of a paged catalog
    next_page: Optional[str] = None
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _base(url: str) -> str:
    base = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for tail in ("/catalog", "/api/3/action/status_show", "/api/3", "/api"):
        if base.endswith(tail):
            return base[: -len(tail)]
    return base


def _ckan_version(url: str) -> Optional[str]:
    """The CKAN version of the site at ``url``, or None if it is not CKAN."""
    try:
        response = urlsafety.fetch(_base(url) + "/api/3/action/status_show",
                                   accept="application/json", max_bytes=1_000_000)
        if response.status != 200:
            return None
        body = json.loads(response.body)
        return str(body["result"]["ckan_version"]) if body.get("success") else None
    except (urlsafety.RefusedURL, ValueError, KeyError, TypeError):
        return None


def _looks_like_rdf(response: urlsafety.Response) -> bool:
    return response.content_type in RDF_TYPES or response.url.split("?")[0].endswith(RDF_SUFFIXES)


def _rdf_format(response: urlsafety.Response) -> Optional[str]:
    """The rdflib parser name for the response's media type (also what
    ckanext-dcat's harvester takes as ``rdf_format``); None: guessed."""
    return safe_parse.FORMATS.get(response.content_type)


def check_catalog(url: str) -> CheckResult:
    """Fetch and parse the catalog at ``url`` (or the DCAT endpoint of the
    CKAN site there). Never raises for what the remote side does: problems
    are in ``errors``; a refused URL is refused before any connection."""
    result = CheckResult(ok=False, url=url)
    try:
        urlsafety.resolve(url)
        response = urlsafety.fetch(url, accept=ACCEPT)
        if response.status == 200 and _looks_like_rdf(response):
            dcat_url = response.url
        else:
            result.ckan_version = _ckan_version(url)
            if result.ckan_version is None and response.status != 200:
                result.errors.append(translated(MSG_HTTP_STATUS, url=url,
                                                    status=response.status))
                return result
            dcat_url = _base(url) + "/catalog.ttl"
            response = urlsafety.fetch(dcat_url, accept=ACCEPT)
            if response.status != 200:
                result.errors.append(translated(
                    MSG_NOT_DCAT if result.ckan_version is None else MSG_HTTP_STATUS,
                    url=dcat_url, status=response.status))
                return result
        graph = safe_parse.parse(response.body, _rdf_format(response), base=dcat_url)
    except (urlsafety.RefusedURL, safe_parse.UnsafeRDFError) as error:
        result.errors.append(str(error))
        return result
    result.dcat_url = dcat_url
    result.rdf_format = _rdf_format(response) or safe_parse.rdflib_format(None, response.body)
    result.datasets = len(set(graph.subjects(RDF.type, DCAT.Dataset)))
    if not result.datasets and (None, RDF.type, DCAT.Catalog) not in graph:
        result.errors.append(translated(MSG_NO_CATALOG))
        return result
    for page in graph.subjects(HYDRA.totalItems, None):
        total = graph.value(page, HYDRA.totalItems)
        nxt = graph.value(page, HYDRA.next)
        try:
            result.total_datasets = int(total)
        except (TypeError, ValueError):
            pass
        result.next_page = str(nxt) if isinstance(nxt, URIRef) else None
    result.ok = True
    return result

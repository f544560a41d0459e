"""W3C DQV quality measurements of the automatic assessment, written by the
``gdc`` profile: the metadata quality score and the points of each of its
indicators on the dataset, and the latest content metrics of each
resource on its distribution.

Only what the profile is given is described. The publication endpoints
hand it a dataset already reduced to what may be published
(:mod:`ckanext.gdcatalog.dcat.exposure`), so the metadata score is computed
here over that reduced dataset, with the reachability of its published
resources only: a private resource, or the distributions of a
metadata-only record, never tell anything through a score or a metric.
Without the ``gdcatalog_quality`` plugin or its tables nothing is written.

The measurements depend on the assessments as well as on the dataset dict,
so the fragment cache (fragments.py) keys each dataset's RDF by
:func:`stamps` too: a new assessment is published at once.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any, Iterable, Mapping

import sqlalchemy as sa
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ckanext.gdcatalog.dberror import reason
from ckanext.gdcatalog.dcat.namespace import (
    DQV, GDC, METADATA_SCORE_TERM, metadata_indicator_term,
)

log = logging.getLogger(__name__)
PROV = Namespace("http://www.w3.org/ns/prov#")


def decimal_literal(value: Any) -> Literal:
    """An xsd:decimal whose lexical form always has a decimal point ("4.0",
    not "4"): Turtle writes a decimal as 4.0 and reads it back so, while
    N-Triples and RDF/XML keep "4"; one lexical form keeps the documents of
    every format the same graph."""
    text = format(Decimal(str(value)), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _decimal(value: float) -> Literal:
    return decimal_literal(round(float(value), 2))


def _measure(g: Graph, subject: Node, metric: str, value: Literal,
             when: Any = None) -> None:
    node = BNode()
    g.add((subject, DQV.hasQualityMeasurement, node))
    g.add((node, RDF.type, DQV.QualityMeasurement))
    g.add((node, DQV.isMeasurementOf, GDC[metric]))
    g.add((node, DQV.computedOn, subject))
    g.add((node, DQV.value, value))
    if when:
        g.add((node, PROV.generatedAtTime, Literal(str(when), datatype=XSD.dateTime)))


def _metric_literal(kind: str, value: Any) -> Literal:
    from ckanext.gdcatalog.quality import metrics
    if kind == metrics.FLAG:
        return Literal(bool(value), datatype=XSD.boolean)
    if kind in (metrics.STARS, metrics.CATEGORY):
        return Literal(int(value), datatype=XSD.integer)
    return _decimal(value)


def add_measurements(g: Graph, dataset: Mapping[str, Any], dataset_ref: Node,
                     distributions: Mapping[str, URIRef]) -> None:
    """Add the measurements of ``dataset`` (as given) and of the resources in
    ``distributions`` (resource id → distribution node) to ``g``."""
    import ckan.model as model
    import ckan.plugins as p
    if not dataset.get("id") or not p.plugin_loaded("gdcatalog_quality"):
        return
    from ckanext.gdcatalog.quality import metadata_score, metrics, store
    try:
        with model.Session.begin_nested():
            reachable = {rid: ok for rid, ok in store.reachability(dataset["id"]).items()
                         if rid in distributions}
            latest = store.latest_for_packages([dataset["id"]]).get(dataset["id"], [])
    except sa.exc.SQLAlchemyError as error:
        log.warning("Quality of %s left out of its DCAT (are the quality tables there? "
                    "ckan db upgrade -p gdcatalog_quality): %s", dataset["id"],
                    reason(error))
        return
    g.bind("prov", PROV)
    result = metadata_score.score(dataset, reachable)
    _measure(g, dataset_ref, METADATA_SCORE_TERM, _decimal(result["percent"]))
    for indicator in result["indicators"]:
        if indicator["applicable"]:
            _measure(g, dataset_ref, metadata_indicator_term(indicator["key"]),
                     _decimal(indicator["points"]))
    for row in latest:
        distribution = distributions.get(row["resource_id"])
        if distribution is None or row.get("status") != store.DONE:
            continue
        for metric in metrics.METRICS:
            if row.get(metric.key) is not None:
                _measure(g, distribution, metric.term, _metric_literal(metric.kind,
                                                                       row[metric.key]),
                         row.get("finished"))


def stamps(package_ids: Iterable[str]) -> dict[str, str]:
    """Dataset id → a stamp of its assessments (how many, the latest
    started and finished), in one query for a page of datasets; datasets
    never assessed are left out."""
    import ckan.model as model
    import ckan.plugins as p
    ids = [i for i in package_ids if i]
    if not ids or not p.plugin_loaded("gdcatalog_quality"):
        return {}
    try:
        with model.Session.begin_nested():
            rows = model.Session.execute(sa.text(
                "SELECT package_id, count(*), max(created), max(finished) "
                "FROM gdcatalog_quality_resource WHERE package_id = ANY(:ids) "
                "GROUP BY package_id"), {"ids": ids}).fetchall()
    except sa.exc.SQLAlchemyError:
        return {}
    return {row[0]: f"{row[1]}:{row[2]}:{row[3]}" for row in rows}

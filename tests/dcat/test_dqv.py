"""The automatic quality assessment in DCAT as W3C DQV: the metadata score
and its indicators on the dataset, the latest content metrics of each
published resource on its distribution, with metrics of the gdc: namespace
that /ns/gdc describes; still DCAT-AP 3; nothing of an unpublished
resource."""
from __future__ import annotations

from decimal import Decimal

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, RDFS, XSD

from ckanext.gdcatalog.dcat.namespace import DQV, GDC
from ckanext.gdcatalog.quality import metrics
from tests.dcat.test_shacl import _conforms
from tests.factories import Dataset
from tests.quality.conftest import file_server  # noqa: F401 (a fixture)

# 3 rows × 2 columns, 2 cells empty: completeness 4/6; rows 2 and 3 repeat:
# uniqueness 2/3; both columns numeric throughout: consistency 4/4.
RAIN = b"year,mm\n2566,1200\n2567,\n2567,\n"
HIDDEN = b"secret_column\nhidden value\n"


@pytest.fixture(scope="module")
def site(module_db, file_server):  # noqa: F811
    base, files = file_server
    files["/rain.csv"] = (RAIN, "text/csv")
    files["/hidden.csv"] = (HIDDEN, "text/csv")
    files["/consented.csv"] = (RAIN, "text/csv")
    previous = tk.config.get("ckan.gdcatalog.quality.allow_private_addresses")
    tk.config["ckan.gdcatalog.quality.allow_private_addresses"] = True
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    public = Dataset(owner_org=org["id"], title="Rainfall", resources=[
        {"name": "rain", "url": f"{base}/rain.csv", "format": "CSV"},
        {"name": "hidden-file", "url": f"{base}/hidden.csv", "format": "CSV",
         "resource_private": "true"}])
    consented = Dataset(owner_org=org["id"], title="Consented", private=True,
                        allow_harvest="true", resources=[
                            {"name": "consented-file", "url": f"{base}/consented.csv",
                             "format": "CSV"}])
    try:
        for dataset in (public, consented):
            for resource in helpers.call_action("package_show", id=dataset["id"])["resources"]:
                helpers.call_action("gdcatalog_quality_resource_assess",
                                    {"user": sysadmin["name"]}, id=resource["id"],
                                    background=False)
        yield {"public": helpers.call_action("package_show", id=public["id"]),
               "consented": helpers.call_action("package_show", id=consented["id"]),
               "sysadmin": sysadmin}
    finally:
        tk.config["ckan.gdcatalog.quality.allow_private_addresses"] = previous


def _graph(app, dataset) -> tuple[Graph, str]:
    response = app.get(f"/dataset/{dataset['name']}.ttl")
    assert response.status_code == 200
    return Graph().parse(data=response.body, format="turtle"), response.body


def _measurements(g: Graph, subject) -> dict[str, Literal]:
    out = {}
    for node in g.objects(subject, DQV.hasQualityMeasurement):
        metric = g.value(node, DQV.isMeasurementOf)
        if str(metric).startswith(str(GDC)):
            assert g.value(node, RDF.type) == DQV.QualityMeasurement
            out[str(metric)[len(str(GDC)):]] = g.value(node, DQV.value)
    return out


def _dataset_ref(g: Graph):
    [ref] = list(g.subjects(RDF.type, DCAT.Dataset))
    return ref


def test_the_dataset_carries_its_metadata_score_and_each_indicator(app, site):
    g, _ = _graph(app, site["public"])
    measured = _measurements(g, _dataset_ref(g))
    shown = helpers.call_action("gdcatalog_quality_dataset_show", {"user": site["sysadmin"]["name"]},
                                id=site["public"]["id"])["metadata"]
    # Both resources answered, so the published resource alone gives the same score.
    assert measured["metadataQualityScore"].datatype == XSD.decimal
    assert float(measured["metadataQualityScore"].toPython()) == pytest.approx(shown["percent"])
    applicable = [i for i in shown["indicators"] if i["applicable"]]
    for indicator in applicable:
        name = "metadata" + "".join(p.capitalize() for p in indicator["key"].split("_"))
        assert float(measured[name].toPython()) == pytest.approx(indicator["points"]), name
    assert measured["metadataAccessUrl"].toPython() == Decimal("50.0")
    # The steward's self-assessment is not measured for a dataset without one.
    assert not any(name.startswith("selfAssessed") for name in measured)


def test_each_published_distribution_carries_its_hand_computed_content_metrics(app, site):
    g, _ = _graph(app, site["public"])
    [rain] = [r for r in site["public"]["resources"] if r["name"] == "rain"]
    [distribution] = [d for d in g.objects(_dataset_ref(g), DCAT.distribution)]
    assert str(distribution).endswith(rain["id"])
    measured = _measurements(g, distribution)
    assert measured["contentCompleteness"].toPython() == Decimal("66.67")
    assert measured["contentUniqueness"].toPython() == Decimal("66.67")
    assert measured["contentValidity"].toPython() == Decimal("100.0")
    assert measured["contentConsistency"].toPython() == Decimal("100.0")
    assert measured["contentUtf8"].toPython() is True
    assert measured["contentOpenness"].toPython() == 3
    node = next(n for n in g.objects(distribution, DQV.hasQualityMeasurement)
                if g.value(n, DQV.isMeasurementOf) == GDC.contentCompleteness)
    assert g.value(node, DQV.computedOn) == distribution
    assert g.value(node, URIRef("http://www.w3.org/ns/prov#generatedAtTime")) is not None


def test_nothing_of_a_private_resource_or_a_metadata_only_record_leaks(app, site):
    [hidden] = [r for r in site["public"]["resources"] if r["name"] == "hidden-file"]
    g, body = _graph(app, site["public"])
    assert hidden["id"] not in body and "hidden.csv" not in body
    with_metrics = {s for s, _, _ in g.triples((None, DQV.hasQualityMeasurement, None))}
    assert len(with_metrics) == 2  # the dataset and its one published distribution

    g, body = _graph(app, site["consented"])
    assert not list(g.objects(_dataset_ref(g), DCAT.distribution))
    measured = _measurements(g, _dataset_ref(g))
    assert "metadataQualityScore" in measured
    assert not any(name.startswith("content") for name in measured)
    # No distribution is published, so none counts as answering.
    assert measured["metadataAccessUrl"].toPython() == Decimal("0.0")
    assert "consented-file" not in body
    # Its resource was assessed all the same: the results exist, unpublished.
    [resource] = site["consented"]["resources"]
    latest = helpers.call_action("gdcatalog_quality_resource_show",
                                 {"user": site["sysadmin"]["name"]}, id=resource["id"])["latest"]
    assert latest["completeness"] == pytest.approx(200 / 3)


def test_the_graph_with_measurements_still_conforms_to_dcat_ap_3(app, site):
    g, _ = _graph(app, site["public"])
    assert len(list(g.triples((None, DQV.hasQualityMeasurement, None)))) > 20
    _conforms(g)


def test_every_metric_used_is_described_at_ns_gdc(app, site):
    g, _ = _graph(app, site["public"])
    used = set(g.objects(None, DQV.isMeasurementOf))
    vocabulary = Graph().parse(data=app.get("/ns/gdc.ttl").body, format="turtle")
    for metric in used:
        assert (metric, RDF.type, DQV.Metric) in vocabulary, metric
        labels = {label.language for label in vocabulary.objects(metric, RDFS.label)}
        assert labels == {"th", "en"}, metric
        dimension = vocabulary.value(metric, DQV.inDimension)
        if metric != GDC.metadataQualityScore and metric != GDC.positionalAccuracy:
            assert (dimension, RDF.type, DQV.Dimension) in vocabulary, metric
        assert vocabulary.value(metric, DQV.expectedDataType) is not None
    thai = {str(label) for label in vocabulary.objects(GDC.contentCompleteness, RDFS.label)
            if label.language == "th"}
    assert thai == {"ความสมบูรณ์"}
    for metric in metrics.METRICS:
        assert (GDC[metric.term], RDF.type, DQV.Metric) in vocabulary


@pytest.mark.ckan_config("ckan.gdcatalog.quality.allow_private_addresses", True)
def test_a_new_assessment_is_published_at_once(app, site, file_server):  # noqa: F811
    """A dataset's RDF depends on its assessments as well as on its dict:
    the cached fragment of the page must not outlive an assessment."""
    base, files = file_server
    files["/changing.csv"] = (RAIN, "text/csv")
    dataset = Dataset(owner_org=site["public"]["owner_org"], title="Changing", resources=[
        {"name": "changing", "url": f"{base}/changing.csv", "format": "CSV"}])
    [resource] = helpers.call_action("package_show", id=dataset["id"])["resources"]

    def assess() -> Decimal:
        helpers.call_action("gdcatalog_quality_resource_assess",
                            {"user": site["sysadmin"]["name"]}, id=resource["id"],
                            background=False)
        for _ in range(2):  # the second answer comes from the fragment cache
            g, _ = _graph(app, dataset)
            [distribution] = g.objects(_dataset_ref(g), DCAT.distribution)
            value = _measurements(g, distribution)["contentCompleteness"].toPython()
        return value

    assert assess() == Decimal("66.67")
    files["/changing.csv"] = (b"year,mm\n2566,1200\n2567,1300\n", "text/csv")
    assert assess() == Decimal("100.0")

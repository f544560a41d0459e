"""The ``gdc`` RDF profile: every schema field of every data type survives
serialising and parsing back; stock DCAT-AP 2/3 output and legacy values
(Thai labels, "True") parse into our codes; EU vocabularies are used where
the value has an equivalent."""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ckanext.dcat.processors import RDFParser, RDFSerializer
from ckanext.gdcatalog.dcat import concepts
from ckanext.gdcatalog.dcat.namespace import GDC, TERMS, namespace_graph
from ckanext.gdcatalog.dcat.profile import (
    DATASET_FIELDS, GENERIC, RESOURCE_FIELDS, SPECIAL_DATASET, SPECIAL_RESOURCE, applies,
    base_name,
)
from ckanext.gdcatalog.schema import vocabularies
from tests.factories import mandatory_fields
from tests.schema.test_every_field import DATA_TYPES, filled

DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
EU = "http://publications.europa.eu/resource/authority/"
SITE = "http://test.ckan.net"


def _serialise(dataset: dict[str, Any], profiles: list[str], fmt: str = "turtle") -> str:
    serializer = RDFSerializer(profiles=profiles)
    serializer.graph_from_dataset(dataset)
    return serializer.g.serialize(format=fmt)


def _parse(data: str, fmt: str = "turtle") -> dict[str, Any]:
    parser = RDFParser(profiles=["gdc"])
    parser.parse(data, _format=fmt)
    [dataset] = list(parser.datasets())
    return dataset


def _graph(dataset: dict[str, Any]) -> Graph:
    return Graph().parse(data=_serialise(dataset, ["gdc"]), format="turtle")


# The mapping covers the schema ------------------------------------------------

def test_every_schema_field_has_a_mapping():
    for name in DATASET_FIELDS:
        assert name in GENERIC or name in SPECIAL_DATASET, name
    for name in RESOURCE_FIELDS:
        assert name in SPECIAL_RESOURCE or base_name(name) in GENERIC, name


def test_every_gdc_property_used_is_a_documented_term():
    terms = {term.uri for term in TERMS}
    for predicate, _ in GENERIC.values():
        if str(predicate).startswith(str(GDC)):
            assert predicate in terms, predicate
    g = namespace_graph(SITE)
    for term in TERMS:
        labels = {label.language for label in g.objects(term.uri, RDFS.label)}
        assert labels == {"th", "en"}, term.name


# Round trip of every field of every data type --------------------------------

def _resources(data_type: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    sent, expected = filled("resource_fields", data_type)
    second_sent = {"name": "ไฟล์ที่สอง", "url": "https://catalog.example.go.th/b.json",
                   "format": "JSON"}
    return [sent, second_sent], [expected, second_sent]


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("data_type", DATA_TYPES)
def test_every_field_of_a_type_survives_serialising_and_parsing(data_type):
    org = factories.Organization(title="สำนักงานทดสอบ")
    sent, expected = filled("dataset_fields", data_type)
    if data_type == "other":
        sent["data_type_other"] = expected["data_type_other"] = "ข้อมูลภาพ"
    resources, _ = _resources(data_type)
    data = mandatory_fields(owner_org=org["id"], data_type=data_type,
                            title=f"ทุกรายการของประเภท {data_type}",
                            url="https://catalog.example.go.th/about",
                            tag_string="ประชากร, population, จังหวัด",
                            resources=resources, **sent)
    sysadmin = factories.Sysadmin()
    created = helpers.call_action("package_create", {"user": sysadmin["name"]}, **data)
    shown = helpers.call_action("package_show", id=created["id"])

    parsed = _parse(_serialise(shown, ["gdc"]))

    compared = 0
    for name, field in DATASET_FIELDS.items():
        if name == "tag_string":
            assert sorted(t["name"] for t in parsed["tags"]) == sorted(
                t["name"] for t in shown["tags"])
            continue
        if not applies(field, data_type):
            assert name not in parsed, name
            continue
        assert parsed.get(name) == shown.get(name), (name, parsed.get(name), shown.get(name))
        compared += shown.get(name) not in (None, "", [])
    assert compared >= len([f for f in DATASET_FIELDS.values() if applies(f, data_type)]) - 3
    assert [r["name"] for r in parsed["resources"]] == [r["name"] for r in shown["resources"]]
    for original, back in zip(shown["resources"], parsed["resources"]):
        for name, field in RESOURCE_FIELDS.items():
            if applies(field, data_type):
                assert back.get(name) == original.get(name), (name, back.get(name),
                                                              original.get(name))

    # The parsed dict imports as the same dataset.
    imported = helpers.call_action(
        "package_create", {"user": sysadmin["name"]},
        **{**parsed, "name": shown["name"] + "-copy", "title": shown["title"] + " (สำเนา)"})
    for name in expected:
        assert imported.get(name) == shown.get(name), name


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("fmt", ["xml", "json-ld"])
def test_the_round_trip_holds_in_rdf_xml_and_json_ld(fmt):
    org = factories.Organization()
    sent, _ = filled("dataset_fields", "geospatial")
    resources, _ = _resources("geospatial")
    created = helpers.call_action(
        "package_create", {"user": factories.Sysadmin()["name"]},
        **mandatory_fields(owner_org=org["id"], data_type="geospatial", title="ภูมิสารสนเทศ",
                           name="geo-dataset", resources=resources, **sent))
    shown = helpers.call_action("package_show", id=created["id"])
    parsed = _parse(_serialise(shown, ["gdc"], fmt), fmt)
    for name, field in DATASET_FIELDS.items():
        if name != "tag_string" and applies(field, "geospatial"):
            assert parsed.get(name) == shown.get(name), name


# What the graph says ----------------------------------------------------------

def _dict(**fields: Any) -> dict[str, Any]:
    return {**mandatory_fields(**fields), "id": "d1", "name": "d1",
            "title": "ประชากรรายจังหวัด", "notes": "Population"}


def test_controlled_values_use_eu_vocabularies_where_they_exist():
    g = _graph(_dict(data_language=["th", "other"], data_language_other="ญวน",
                     resources=[{"id": "r1", "package_id": "d1", "name": "csv",
                                 "url": "http://example.go.th/a.csv", "format": "CSV"}]))
    ref = URIRef(f"{SITE}/dataset/d1")
    assert (ref, URIRef(DCT + "accrualPeriodicity"), URIRef(EU + "frequency/ANNUAL")) in g
    assert (ref, URIRef(DCT + "accessRights"), URIRef(EU + "access-right/PUBLIC")) in g
    assert (ref, URIRef(DCT + "language"), URIRef(EU + "language/THA")) in g
    assert (ref, URIRef(DCT + "language"),
            URIRef(f"{SITE}/vocabulary/data-language/other")) in g
    assert (ref, URIRef(DCT + "license"),
            URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    assert (ref, GDC.dataCategory, URIRef(f"{SITE}/vocabulary/data-category/public")) in g
    assert (ref, GDC.dataFormat, URIRef(f"{SITE}/vocabulary/data-format/csv")) in g
    distribution = URIRef(f"{SITE}/dataset/d1/resource/r1")
    assert (distribution, URIRef(DCT + "format"), URIRef(EU + "file-type/CSV")) in g


@pytest.mark.parametrize("unit, interval, expected", [
    ("year", 1, "ANNUAL"), ("year", 2, "ANNUAL_2"), ("half_year", 1, "ANNUAL_2"),
    ("month", 1, "MONTHLY"), ("year", 5, "OTHER"), ("working_day", 1, "OTHER"),
    ("real_time", None, "CONT"), ("never", None, "NEVER"),
])
def test_update_frequency_maps_to_the_eu_frequency(unit, interval, expected):
    g = _graph(_dict(update_frequency_unit=unit, update_frequency_interval=interval))
    [frequency] = g.objects(URIRef(f"{SITE}/dataset/d1"), URIRef(DCT + "accrualPeriodicity"))
    assert frequency == URIRef(EU + "frequency/" + expected)


@pytest.mark.parametrize("category, private, condition, expected", [
    ("public", False, None, "PUBLIC"), ("public", False, "ลงทะเบียนก่อน", "RESTRICTED"),
    ("public", True, None, "NON_PUBLIC"), ("personal", True, None, "NON_PUBLIC"),
])
def test_access_rights_follow_the_data_category(category, private, condition, expected):
    g = _graph(_dict(data_category=category, private=private, accessible_condition=condition))
    [right] = g.objects(URIRef(f"{SITE}/dataset/d1"), URIRef(DCT + "accessRights"))
    assert right == URIRef(EU + "access-right/" + expected)


def test_thai_and_english_texts_carry_language_tags():
    g = _graph(_dict(tag_string=None, tags=[{"name": "ประชากร"}, {"name": "population"}]))
    ref = URIRef(f"{SITE}/dataset/d1")
    assert set(g.objects(ref, URIRef(DCT + "title"))) == {Literal("ประชากรรายจังหวัด", lang="th")}
    assert set(g.objects(ref, URIRef(DCT + "description"))) == {Literal("Population", lang="en")}
    assert set(g.objects(ref, URIRef(DCAT + "keyword"))) == {
        Literal("ประชากร", lang="th"), Literal("population", lang="en")}


def test_the_bounding_box_is_a_wkt_polygon():
    g = _graph(_dict(data_type="geospatial", west_bound_longitude="97.3",
                     east_bound_longitude="105.7", north_bound_longitude="20.5",
                     south_bound_longitude="5.6"))
    [location] = g.objects(URIRef(f"{SITE}/dataset/d1"), URIRef(DCT + "spatial"))
    [bbox] = g.objects(location, URIRef(DCAT + "bbox"))
    assert bbox.datatype == URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
    assert str(bbox) == "POLYGON((97.3 5.6, 105.7 5.6, 105.7 20.5, 97.3 20.5, 97.3 5.6))"


# Parsing other catalogs -------------------------------------------------------

@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("profile", ["euro_dcat_ap_2", "euro_dcat_ap_3"])
def test_stock_dcat_ap_output_parses_into_our_fields(profile):
    org = factories.Organization()
    created = helpers.call_action(
        "package_create", {"user": factories.Sysadmin()["name"]},
        **mandatory_fields(owner_org=org["id"], name="stock", title="ข้อมูลจากโปรไฟล์มาตรฐาน",
                           url="https://agency.example.go.th/data",
                           resources=[{"name": "ตาราง", "url": "https://agency.example.go.th/a.csv",
                                       "format": "CSV"}]))
    shown = helpers.call_action("package_show", id=created["id"])

    parsed = _parse(_serialise(shown, [profile]))

    for name in ("title", "notes", "url", "maintainer", "maintainer_email", "owner_org"):
        assert parsed[name] == shown[name], name
    assert sorted(t["name"] for t in parsed["tags"]) == ["test", "ทดสอบ"]
    [resource] = parsed["resources"]
    assert (resource["name"], resource["url"], resource["format"]) == (
        "ตาราง", "https://agency.example.go.th/a.csv", "CSV")
    # Without a data type only the fields of every type are given.
    assert "data_type" not in parsed and "created_date" not in parsed


def test_a_dcat_ap_3_dataset_with_eu_vocabularies_parses_into_codes():
    parsed = _parse(f"""
        @prefix dcat: <{DCAT}> . @prefix dct: <{DCT}> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://other.example.org/ds/1> a dcat:Dataset ;
            dct:title "Air quality"@en ; dct:description "Hourly PM2.5"@en ;
            dct:accrualPeriodicity <{EU}frequency/MONTHLY> ;
            dct:accessRights <{EU}access-right/PUBLIC> ;
            dct:language <{EU}language/ENG>, <{EU}language/THA> ;
            dct:license <http://creativecommons.org/licenses/by/4.0> ;
            dct:modified "2024-03-15T10:00:00"^^xsd:dateTime ;
            dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2019-01-01"^^xsd:date ;
                           dcat:endDate "2023-12-31"^^xsd:date ] ;
            dcat:distribution <https://other.example.org/ds/1/csv> .
        <https://other.example.org/ds/1/csv> a dcat:Distribution ;
            dct:title "CSV" ; dct:format <{EU}file-type/XLSX> ;
            dcat:downloadURL <https://other.example.org/a.xlsx> .
    """)
    assert parsed["update_frequency_unit"] == "month"
    assert parsed["update_frequency_interval"] == 1
    assert parsed["data_category"] == "public"
    assert parsed["data_language"] == ["th", "en"]
    assert parsed["license_id"] == "cc-by"
    assert parsed["last_updated_date"] == "2024-03-15"
    assert parsed["resources"][0]["format"] == "XLSX"
    assert "first_year_of_data" not in parsed  # statistical only; the type is unknown


def test_legacy_thai_labels_and_true_strings_parse_into_codes():
    parsed = _parse(f"""
        @prefix dcat: <{DCAT}> . @prefix dct: <{DCT}> . @prefix gdc: <{GDC}> .
        <https://legacy.example.go.th/dataset/1> a dcat:Dataset ;
            dct:title "สถิติประชากร" ;
            gdc:dataType "ข้อมูลสถิติ" ;
            gdc:objective "ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน" ;
            gdc:updateFrequencyUnit "ปี" ; gdc:updateFrequencyInterval "1" ;
            gdc:geoCoverage "จังหวัด" ;
            gdc:dataFormat "XLS", "ไฟล์ภาพถ่ายดาวเทียม" ;
            gdc:dataCategory "ข้อมูลสาธารณะ" ;
            gdc:officialStatistics "True" ;
            gdc:disaggregation "เพศ" ;
            gdc:unitMultiplier "พัน" ;
            dct:license "Creative Commons Attributions" ;
            dct:temporal [ dcat:startDate "2560" ; dcat:endDate "2567" ] .
    """)
    assert parsed["data_type"] == "statistical"
    assert parsed["objective"] == ["national_strategy", "agency_mission"]
    assert (parsed["update_frequency_unit"], parsed["update_frequency_interval"]) == ("year", 1)
    assert parsed["geo_coverage"] == "province"
    assert parsed["data_format"] == ["xls", "other"]
    assert parsed["data_format_other"] == "ไฟล์ภาพถ่ายดาวเทียม"
    assert parsed["data_category"] == "public"
    assert parsed["official_statistics"] is True
    assert parsed["disaggregate"] == ["sex"]
    assert parsed["unit_of_multiplier"] == "thousands"
    assert parsed["license_id"] == "cc-by"
    assert (parsed["first_year_of_data"], parsed["last_year_of_data"]) == (2017, 2024)


def test_concept_uris_of_another_gd_catalog_site_parse_too():
    uri = "https://agency.example.go.th/vocabulary/geo-coverage/district"
    assert concepts.code_from_uri("geo_coverage", uri) == "district"
    assert concepts.code_from_uri("geo_coverage", uri.replace("district", "nowhere")) is None
    assert concepts.code_from_uri("data_category", uri) is None
    assert concepts.code_from_uri("data_language", EU + "language/KHM") == "km"
    assert concepts.code_from_uri("license", "http://opendatacommons.org/licenses/by") == "odc-by"


# The concept schemes ----------------------------------------------------------

def test_a_scheme_has_every_code_with_labels_notation_and_eu_match():
    g = concepts.scheme_graph("data_format", SITE)
    scheme = URIRef(f"{SITE}/vocabulary/data-format")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    vocab = vocabularies.get("data_format")
    for choice in vocab.choices:
        concept = URIRef(concepts.concept_uri("data_format", choice.value, SITE))
        assert (concept, SKOS.inScheme, scheme) in g
        assert (concept, SKOS.notation, Literal(choice.value)) in g
        assert (concept, SKOS.prefLabel, Literal(choice.label["th"], lang="th")) in g
        assert (concept, SKOS.prefLabel, Literal(choice.label["en"], lang="en")) in g
        assert set(g.objects(concept, SKOS.exactMatch)) == (
            {URIRef(choice.uri)} if choice.uri else set())

"""The shipped Solr schema is CKAN's, field for field (and a field of ours),
with Thai analysis."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import ckan

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = os.path.join(ROOT, "schemas", "solr", "schema.xml")
CKANS = os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")


def _fields(path: str) -> dict[str, dict[str, str]]:
    root = ET.parse(path).getroot()
    return {f.get("name"): dict(f.attrib) for f in root.iter()
            if f.tag in ("field", "dynamicField")}


# Fields of ours, which CKAN's schema does not have.
OUR_FIELDS = {
    "gdc_published_text": {"name": "gdc_published_text", "type": "text", "indexed": "true",
                           "stored": "false", "multiValued": "true"},
}


def test_same_fields_as_ckan_schema():
    assert _fields(OURS) == {**_fields(CKANS), **OUR_FIELDS}


def test_our_fields_have_the_kind_of_the_postgresql_backend():
    from ckanext.gdcatalog.search.fields import NOT_STORED, Kind, kind_of
    for name, attributes in OUR_FIELDS.items():
        assert kind_of(name) is Kind.TEXT and attributes["type"] == "text"
        assert (name in NOT_STORED) == (attributes["stored"] == "false")


def test_schema_name_is_one_ckan_accepts():
    from ckan.lib.search import SUPPORTED_SCHEMA_VERSIONS
    name = ET.parse(OURS).getroot().get("name")
    assert name.startswith("ckan-") and name[5:] in SUPPORTED_SCHEMA_VERSIONS


def test_text_types_segment_thai():
    root = ET.parse(OURS).getroot()
    for type_name in ("text", "text_general"):
        field_type = next(t for t in root.iter("fieldType") if t.get("name") == type_name)
        tokenizers = [a.find("tokenizer").get("class") for a in field_type.iter("analyzer")]
        assert tokenizers == ["solr.ThaiTokenizerFactory"] * 2
        assert field_type.get("autoGeneratePhraseQueries") == "false"

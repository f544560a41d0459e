"""A Solr document (as CKAN builds it) becomes one index row."""
from __future__ import annotations

import json
import re

import pytest

from ckan.tests import factories

from ckanext.gdcatalog.search.document import DocumentError, build_row

from tests.factories import Dataset

from .conftest import index_row_count, names


def lexemes(literal):
    """{lexeme: [positions with weights]} of a tsvector literal."""
    out = {}
    for lexeme, positions in re.findall(r"'((?:[^']|'')*)':(\S+)", literal):
        out[lexeme.replace("''", "'")] = positions.split(",")
    return out


DOC = {
    "index_id": "abc", "id": "1234", "site_id": "site", "name": "pop-by-province",
    "title": "World populations", "title_string": "World populations",
    "notes": "ข้อมูลปริมาณน้ำฝน", "tags": ["population", "ประชากร"],
    "groups": ["health"], "organization": "nso", "state": "active",
    "capacity": "public", "entity_type": "package", "dataset_type": "dataset",
    "num_resources": 2, "res_format": ["CSV", "XLSX"], "res_url": ["http://example.com/a.csv"],
    "metadata_modified": "2024-01-02T03:04:05.123456Z",
    "metadata_created": "2024-01-01T00:00:00Z", "issued_date": "2023-06-01T00:00:00Z",
    "extras_source": "NSO Thailand", "source": "NSO Thailand", "empty": "", "none": None,
    "data_dict": '{"name": "pop-by-province"}', "text": "free text",
    "permission_labels": ["public"],
}


def test_requires_index_id():
    with pytest.raises(DocumentError):
        build_row({"id": "x"})


def test_columns():
    row = build_row(DOC)
    assert (row.index_id, row.id, row.site_id, row.name, row.title) == (
        "abc", "1234", "site", "pop-by-province", "World populations")
    assert (row.state, row.capacity, row.dataset_type) == ("active", "public", "dataset")
    assert row.metadata_modified.isoformat() == "2024-01-02T03:04:05.123456"
    assert row.metadata_created.isoformat() == "2024-01-01T00:00:00"


def test_exact_values():
    fields = json.loads(build_row(DOC).fields)
    assert fields["tags"] == ["population", "ประชากร"]
    assert fields["res_format"] == ["CSV", "XLSX"]
    assert fields["num_resources"] == ["2"]
    assert fields["issued_date"] == ["2023-06-01T00:00:00.000000Z"]
    assert fields["source"] == ["NSO Thailand"]
    assert "empty" not in fields and "none" not in fields
    for analysed in ("notes", "title", "extras_source", "data_dict"):
        assert analysed not in fields


def test_catch_all_terms_and_weights():
    terms = lexemes(build_row(DOC).tsv)
    assert any(p.endswith("A") for p in terms["popul"])  # title
    assert any(p.endswith("B") for p in terms["popul"])  # the tag "population"
    assert terms["health"][0].endswith("B")
    assert terms["ปริมาณน้ำฝน"][0].endswith("C")  # notes
    assert terms["น้ำฝน"] == terms["ปริมาณน้ำฝน"]  # compound part, same position
    assert terms["thailand"] == [terms["thailand"][0]] and \
        terms["thailand"][0].endswith("D")  # extras, copied into the text
    assert "free" in terms
    assert "xlsx" not in terms  # res_format is not copied into the text


def test_per_field_terms():
    terms = lexemes(build_row(DOC).ftsv)
    assert "title:popul" in terms and "title:world" in terms
    assert "notes:น้ำฝน" in terms
    assert "extras_source:thailand" in terms
    assert "urls:exampl" in terms and "urls:csv" in terms
    assert not any(lexeme.startswith("tags:") for lexeme in terms)


def test_stored_fields_leave_out_index_only_ones():
    doc = json.loads(build_row(DOC).doc)
    assert doc["data_dict"] == DOC["data_dict"]
    assert doc["name"] == "pop-by-province"
    for not_stored in ("text", "permission_labels", "title_string"):
        assert not_stored not in doc


def test_invalid_dates_and_numbers_are_dropped():
    row = build_row(dict(DOC, issued_date="not a date", num_resources="many"))
    fields = json.loads(row.fields)
    assert "issued_date" not in fields and "num_resources" not in fields


def test_long_text_and_huge_words():
    notes = " ".join(f"word{i}" for i in range(20000)) + " lastword " + "x" * 5000
    terms = lexemes(build_row(dict(DOC, notes=notes)).tsv)
    assert "lastword" in terms
    assert max(int(re.sub(r"\D", "", p)) for ps in terms.values() for p in ps) <= 16383
    assert not any(len(lexeme.encode()) > 2046 for lexeme in terms)
    assert all(len(ps) <= 256 for ps in terms.values())


def test_quotes_and_backslashes_in_lexemes():
    row = build_row(dict(DOC, extras_note="O'Brien \\ back\\slash"))
    terms = lexemes(row.tsv)
    assert "o" in terms and "brien" in terms


# -- end to end ----------------------------------------------------------

@pytest.mark.usefixtures("clean_db", "clean_index")
def test_awkward_datasets_index_and_match():
    org = factories.Organization()
    Dataset(
        name="awkward", owner_org=org["id"], title="  Leading spaces",
        notes="ก" * 3000 + " " + " ".join(["repeat"] * 1000) + " needle",
        extras=[{"key": "สถานะ", "value": "ใช้งาน"},  # a key CKAN strips to ""
                {"key": "it's", "value": "quote ' and \\ backslash"},
                {"key": "issued_date", "value": "2024-02-30"}],
        resources=[{"url": f"http://example.com/{i}.csv", "format": "CSV",
                    "name": f"แฟ้ม {i}"} for i in range(30)],
        tag_string="a" * 100)
    assert index_row_count(name="awkward") == 1
    assert names(q="needle") == {"awkward"}
    assert names(q="ใช้งาน") == {"awkward"}
    assert names(q="backslash") == {"awkward"}
    assert names(q="แฟ้ม") == {"awkward"}
    assert names(fq="num_resources:30") == {"awkward"}
    assert names(fq="tags:" + "a" * 100) == {"awkward"}
    assert names(fq="title_string:Leading*") == {"awkward"}

"""The catalog's q and fq, written again so that a metadata-only record
matches only on what it publishes (published_fields.py, catalog_query.py).
The endpoints themselves: tests/security/test_dcat_search_oracle.py."""
from __future__ import annotations

import json
from typing import Iterator

import pytest
from ckan.lib.search import SearchQueryError
from luqum import tree

from ckanext.gdcatalog.dcat import catalog_query, exposure, profile, published_fields
from ckanext.gdcatalog.search.query import parse_lucene

pytestmark = pytest.mark.without_plugins

QUERIES = [
    "rainfall", "ปริมาณน้ำฝน", "rain* -fall", '"annual rainfall"~2 OR res_name:file^2',
    r"res_url:http\://files.example/S*", "url:*", "title:(a OR res_description:b) AND notes:c",
    "num_resources:[1 TO *]", "NOT urls:x", "organization:nso && data_type:record",
    "text:secret", "metadata_modified:[NOW-1YEAR TO NOW]", "name:/rain.*/", "bar~1",
]


def _fields(node: tree.Item, field: str = "text") -> Iterator[str]:
    """The field each term of ``node`` is matched in."""
    if isinstance(node, tree.SearchField):
        yield from _fields(node.expr, node.name)
    elif node.children:
        for child in node.children:
            yield from _fields(child, field)
    else:
        yield field


def _branches(text: str) -> list[tuple[str, tree.Item]]:
    """(marker, query) of the full and the metadata-only branch of a
    rewritten query."""
    node = parse_lucene(text)
    assert isinstance(node, tree.Plus)
    return [(str(branch.expr.children[0]).strip(), branch.expr.children[1].expr)
            for branch in node.a.expr.children]


def test_published_fields_are_the_standard_without_the_landing_page():
    published = published_fields.published_fields()
    assert {f for f in profile.DATASET_FIELDS if f not in published} == {"url"}
    for field in ("res_name", "res_description", "res_url", "res_format", "urls", "text",
                  "num_resources", "capacity", "metadata_quality_score", "url", "extras_url"):
        assert field not in published, field
    assert {"title", "notes", "tags", "organization", "extras_data_source"} <= published


@pytest.mark.parametrize("query", QUERIES)
def test_the_metadata_branch_reads_only_what_is_published(query):
    for text in catalog_query.scoped(query, query):
        (full_marker, full), (metadata_marker, metadata) = _branches(text)
        assert full_marker == f"{published_fields.MARKER}:{exposure.Level.FULL.value}"
        assert metadata_marker == f"{published_fields.MARKER}:{exposure.Level.METADATA.value}"
        allowed = published_fields.published_fields() | {
            published_fields.PUBLISHED_TEXT, published_fields.MARKER}
        assert set(_fields(metadata)) <= allowed
        # The full branch matches in the fields the caller named.
        assert list(_fields(full)) == list(_fields(parse_lucene(query)))


def test_a_term_of_an_unpublished_field_matches_nothing():
    _, (_, metadata) = _branches(catalog_query.scoped("res_name:x OR title:y", None)[0])
    assert str(metadata).strip() == f"{catalog_query.NOTHING} OR title:y"


@pytest.mark.parametrize("q, fq", [("", None), ("*:*", "  "), (None, "*:*")])
def test_what_constrains_nothing_stays_so(q, fq):
    assert catalog_query.scoped(q, fq) == ("*:*", "")


@pytest.mark.parametrize("query", [
    "x) OR (res_url:S*", 'title:"a") OR ("b', "title:(a", "*:res_url",
    "(" * 60 + "title:a" + ")" * 60])
def test_a_query_cannot_leave_its_branch(query):
    with pytest.raises(SearchQueryError):
        catalog_query.scoped("title:a", query)


def test_plain_words_lucene_cannot_read_are_words():
    q, _ = catalog_query.scoped("C++ (rain", None)
    (_, full), _ = _branches(q)
    assert [str(term).strip() for term in full.children] == [r"text:C\+\+", r"text:\(rain"]


def test_ckan_adding_its_state_filter_keeps_the_filter_required():
    _, fq = catalog_query.scoped(None, "res_name:a OR title:b")
    node = parse_lucene(fq + " +state:(active)")
    assert all(isinstance(child, tree.Plus) for child in node.children)


def _indexed(**dataset) -> dict:
    document = {"title": "Survey", "notes": "About rain", "extras_data_source": "Office",
                "res_name": ["secret file"], "res_description": ["secret words"],
                "url": "http://secret.example", "urls": "http://secret.example",
                "metadata_quality_score": "072",
                "validated_data_dict": json.dumps({"state": "active", **dataset})}
    return published_fields.before_dataset_index(document)


def test_the_index_marks_how_a_dataset_is_published():
    public = _indexed(private=False)
    assert public[published_fields.MARKER] == "full"
    assert published_fields.PUBLISHED_TEXT not in public
    assert published_fields.MARKER not in _indexed(private=True, allow_harvest="false")
    consented = _indexed(private=True, allow_harvest="true")
    assert consented[published_fields.MARKER] == "metadata"
    text = " ".join(consented[published_fields.PUBLISHED_TEXT])
    assert "Survey" in text and "About rain" in text and "Office" in text
    assert "secret" not in text and "072" not in text

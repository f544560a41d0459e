"""Relevance: a term is scored by the best field it is found in (title and
name, then tags, groups and organization, then the rest), as Solr's dismax
does; matches in the other text alone are ranked among themselves by it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories

from tests.factories import Dataset

from .conftest import ordered_names


@pytest.fixture(scope="module", autouse=True)
def corpus(module_db):
    org = factories.Organization(name="coast-dept", title="Coast Department")
    # Made oldest first: newer datasets win ties, so an order that only
    # followed the tie-breaker would read backwards.
    Dataset(name="notes-once", title="Shore report", notes="A note on one mangrove stand.",
            owner_org=org["id"], tag_string="coast")
    Dataset(name="notes-thrice", title="Shore survey",
            notes="Mangrove cover, mangrove loss and mangrove planting.",
            owner_org=org["id"], tag_string="coast")
    Dataset(name="in-tag", title="Coastal survey", notes="Plots along the shore.",
            owner_org=org["id"], tag_string="mangrove, coast")
    Dataset(name="in-title", title="Mangrove survey", notes="Plots along the shore.",
            owner_org=org["id"], tag_string="coast")


def test_title_then_tags_then_the_other_text_by_how_often():
    assert ordered_names(q="mangrove") == ["in-title", "in-tag", "notes-thrice", "notes-once"]


def test_thai_words_rank_the_same_way(corpus):
    org = model.Group.get("coast-dept")
    Dataset(name="th-notes", title="Survey of the bay", notes="ข้อมูลป่าชายเลนของจังหวัด",
            owner_org=org.id, tag_string="coast")
    Dataset(name="th-title", title="พื้นที่ป่าชายเลนรายจังหวัด", notes="Plots",
            owner_org=org.id, tag_string="coast")
    assert ordered_names(q="ป่าชายเลน") == ["th-title", "th-notes"]


def test_the_ranking_vector_holds_the_title_and_tag_terms_only():
    vector = model.Session.execute(sa.text(
        "SELECT rtsv::text FROM gdcatalog_search_doc WHERE name = 'in-tag'")).scalar()
    assert "'mangrov':" in vector and "'coastal':" in vector
    assert "'plot'" not in vector  # the notes stay in the catch-all vector only

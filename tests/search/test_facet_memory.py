"""Facet counts kept in memory (search/facet_memory.py) give exactly what
PostgreSQL counts: the same package_search asked with the copy and with
``ckan.gdcatalog.search.facet_memory`` off, over varied facets and options,
and after every kind of change to the index (create, update, private,
delete, purge, a rolled-back save, a cleared index, a removal log pruned
away)."""
from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search as ckan_search
from ckan.tests import factories, helpers

from ckanext.gdcatalog.search import facet_memory

from tests.factories import Dataset

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"),
              # every search computed, never answered from the response cache
              pytest.mark.ckan_config("ckan.gdcatalog.search.cache_ttl", "0")]

FACETS = ["organization", "tags", "res_format", "license_id", "groups", "data_type",
          "data_category", "capacity", "update_frequency_unit"]


def _search(memory: bool, **kwargs: Any) -> dict[str, Any]:
    tk.config["ckan.gdcatalog.search.facet_memory"] = memory
    kwargs.setdefault("facet.field", FACETS)
    kwargs.setdefault("rows", 0)
    result = helpers.call_action("package_search", **kwargs)
    return {"count": result["count"], "facets": result["facets"],
            "items": {name: [(i["name"], i["count"]) for i in facet["items"]]
                      for name, facet in result["search_facets"].items()}}


def _same(**kwargs: Any) -> dict[str, Any]:
    """The answer with the copy, after checking it against SQL's."""
    from_sql = _search(False, **kwargs)
    from_memory = _search(True, **kwargs)
    assert from_memory == from_sql
    return from_memory


@pytest.fixture
def corpus():
    a = factories.Organization(name="dept-a")
    b = factories.Organization(name="dept-b")
    health = factories.Group(name="health")
    made = []
    for i in range(12):
        made.append(Dataset(
            name=f"set-{i:02d}", owner_org=(a if i % 3 else b)["id"],
            tag_string=", ".join(["stats", f"t{i % 4}", "ประชากร" if i % 2 else "weather"]),
            data_type=("record", "statistical", "geospatial")[i % 3],
            data_category="public", license_id=("cc-by", "odc-by")[i % 2],
            private=(i % 5 == 0),
            groups=[{"name": health["name"]}] if i % 4 == 0 else [],
            resources=[{"url": f"https://data.example.go.th/{i}.csv", "name": "ตาราง",
                        "format": ("CSV", "XLSX", "JSON")[i % 3]}]))
    return {"a": a, "b": b, "datasets": made}


def test_the_copy_counts_what_postgresql_counts(corpus):
    sysadmin = factories.Sysadmin()
    for kwargs in (
        {},
        {"q": "ประชากร"},
        {"fq": "organization:dept-a"},
        {"fq": "tags:t1 OR tags:t2"},
        {"fq": "-res_format:CSV"},
        {"q": "no such word anywhere"},
        {"facet.limit": 2},
        {"facet.limit": -1, "facet.mincount": 3},
        {"include_private": True, "context": {"user": sysadmin["name"]}},
    ):
        result = _same(**kwargs)
    assert result["facets"]["capacity"] == {"public": 9, "private": 3}
    assert set(facet_memory.memory().fields) >= set(FACETS)  # counted in memory


@pytest.mark.parametrize("options", [
    {"facet.sort": "index"},
    {"f.tags.facet.prefix": "t", "f.tags.facet.sort": "index"},
    {"f.tags.facet.prefix": "ป"},
    {"f.tags.facet.offset": 1, "f.tags.facet.limit": 2},
    {"facet.mincount": 0, "facet.limit": -1},
])
def test_every_facet_option_as_solr_reads_it(corpus, options):
    """The options CKAN's package_search does not pass but other callers of
    the Solr client (ckanapi, harvesters) may: through the client itself."""
    from ckanext.gdcatalog.search import store
    params = {"q": "*:*", "fq": ["+site_id:*"], "rows": 0, "facet": "true",
              "facet.field": ["tags", "res_format", "organization"], **options}
    answers = []
    for memory in (False, True):
        tk.config["ckan.gdcatalog.search.facet_memory"] = memory
        answers.append(store.search(dict(params))["facet_counts"]["facet_fields"])
    assert answers[0] == answers[1]
    assert answers[0]["tags"]


def test_counts_follow_every_change(corpus):
    before = _same()["facets"]
    assert before["tags"]["stats"] == 9  # the public ones
    # a new dataset, then a changed one
    Dataset(name="new-one", owner_org=corpus["a"]["id"], tag_string="stats, fresh")
    assert _same()["facets"]["tags"]["fresh"] == 1
    helpers.call_action("package_patch", id="set-01", tags=[{"name": "renamed"}])
    after = _same()["facets"]["tags"]
    assert after["renamed"] == 1 and after["stats"] == 9  # 9 - 1 + 1 (new-one)
    # made private, deleted, purged
    helpers.call_action("package_patch", id="set-02", private=True)
    helpers.call_action("package_delete", id="set-03")
    helpers.call_action("dataset_purge", id="set-04")
    assert _same()["count"] == 9 + 1 - 3
    # a save that fails after the index was written leaves the counts alone
    counts = _same()["facets"]
    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_patch", id="set-05", tag_string="x" * 200)
    model.Session.rollback()
    assert _same()["facets"] == counts


def test_a_cleared_and_rebuilt_index_is_read_again(corpus):
    expected = _same()
    ckan_search.clear_all()  # TRUNCATE: no removal is logged
    assert _same()["count"] == 0
    ckan_search.rebuild()
    assert _same() == expected


def test_removals_older_than_the_log_are_noticed(corpus):
    _same()  # the copy is made
    helpers.call_action("package_delete", id="set-01")
    model.Session.execute(sa.text("DELETE FROM gdcatalog_search_removed"))
    model.Session.commit()
    assert _same()["facets"]["tags"]["stats"] == 8


def test_an_older_snapshot_is_counted_by_postgresql(corpus):
    expected = _same()
    memory = facet_memory.memory()
    memory.generation += 1000  # as if another thread had seen later changes
    try:
        assert _search(True) == expected
        assert memory.generation > 1000  # left as it was: not moved back
    finally:
        memory.reset(None)


def test_text_fields_are_counted_by_postgresql(corpus):
    # notes is analysed text: its facet is of terms, which only SQL counts
    assert not facet_memory.supported("notes")
    assert not facet_memory.supported("metadata_modified")
    assert facet_memory.supported("tags") and facet_memory.supported("data_type")
    result = _same(**{"facet.field": ["notes", "tags"]})
    assert result["facets"]["tags"]["stats"] == 9



def test_the_copy_keeps_a_bounded_number_of_fields(corpus, monkeypatch):
    monkeypatch.setattr(facet_memory, "MAX_FIELDS", 3)
    _same(**{"facet.field": ["tags", "organization", "res_format"]})
    _same(**{"facet.field": ["license_id"]})
    assert list(facet_memory.memory().fields) == ["organization", "res_format", "license_id"]
    assert _same(**{"facet.field": ["tags"]})["facets"]["tags"]["stats"] == 9  # read again

"""Query translation, checked by real results against PostgreSQL.

One corpus of datasets is made for the module; every test runs a
package_search (q, fq, sort, facets, paging ...) and asserts exactly which
datasets come back, as Solr with CKAN's schema would answer.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.lib import search as ckan_search
from ckan.lib.search.common import SearchError, make_connection
from ckan.logic import ValidationError
from ckan.tests import factories, helpers

from tests.factories import Dataset

from .conftest import drop_tags, names, ordered_names, package_search

OLD = "2020-01-15T10:00:00"
PUBLIC = {
    "pop-by-province", "rainfall", "world-populations", "thai-phrase-forward",
    "thai-phrase-reverse", "foo-bar", "foo", "bar-baz", "gdp-province",
    "air-quality", "air-quality-stations", "bangkok-traffic", "old-census",
}


@pytest.fixture(scope="module", autouse=True)
def corpus(module_db):
    org_a = factories.Organization(name="dept-a", title="Department A")
    org_b = factories.Organization(name="dept-b", title="Department B")
    health = factories.Group(name="health", title="สุขภาพ")

    def make(name, title, notes="Placeholder description", org=org_a, tag_string=None,
             **extra):
        # The standard's mandatory fields, with a contact and source whose
        # words no query below looks for. Datasets given no tags keep none:
        # they stand for datasets from before keywords were required.
        extra.setdefault("owner_org", org["id"])
        dataset = Dataset(name=name, title=title, notes=notes, maintainer="Catalog desk",
                          data_source="Catalog desk",
                          tag_string=tag_string or "placeholder", **extra)
        if tag_string is None:
            drop_tags(dataset["id"])
        return dataset

    make("pop-by-province", "จำนวนประชากรจำแนกตามจังหวัด", "สถิติจากทะเบียนราษฎร์",
         tag_string="ประชากร, population",
         groups=[{"name": health["name"]}],
         extras=[{"key": "source", "value": "NSO"}, {"key": "code", "value": "a:b"}],
         resources=[{"url": "http://example.com/a.csv", "format": "CSV", "name": "ตาราง"}])
    make("rainfall", "ข้อมูลปริมาณน้ำฝน", "Monthly rainfall in millimetres", org_b,
         tag_string="weather",
         extras=[{"key": "source", "value": "TMD"}, {"key": "region", "value": "north east"}],
         resources=[{"url": "http://example.com/r.csv", "format": "CSV", "name": "Figures"},
                    {"url": "http://example.com/r.xlsx", "format": "XLSX",
                     "name": "Figures workbook"}])
    make("world-populations", "World populations", "Populations of countries",
         tag_string="population", groups=[{"name": health["name"]}],
         extras=[{"key": "source", "value": "UN"}])
    make("thai-phrase-forward", "ข้อมูลประชากรรายปี", org=org_b)
    make("thai-phrase-reverse", "สถิติประชากร ข้อมูลย้อนหลัง", org=org_b)
    make("foo-bar", "Foo bar codes", "Codes list")
    make("foo", "Foo only", "Just foo")
    make("bar-baz", "Bar baz", "Just bar")
    make("gdp-province", "GDP รายจังหวัด 2566", "Gross domestic product by province")
    make("air-quality", "Air quality", "Hourly readings", org_b)
    make("air-quality-stations", "Air quality monitoring stations", "Station list", org_b)
    make("bangkok-traffic", "Bangkok traffic",
         "Traffic counts and the air quality impact near roads and stations")
    old = make("old-census", "Archived census 2010", "Old census tables")
    # CKAN stamps metadata_created/modified itself: age the dataset in the
    # database, then reindex it as `ckan search-index rebuild <id>` does.
    model.Session.execute(
        sa.text("UPDATE package SET metadata_created = :t, metadata_modified = :t "
                "WHERE id = :id"), {"t": OLD, "id": old["id"]})
    model.Session.commit()
    ckan_search.rebuild(old["id"])
    make("secret-budget", "Secret budget", "Hidden numbers", private=True)
    make("draft-plan", "Draft plan", "Not yet published", state="draft")
    removed = make("removed-data", "Removed data", "Gone")
    helpers.call_action("package_delete", id=removed["id"])


def test_everything_public_and_active_by_default():
    assert names() == PUBLIC
    assert names(q="*:*") == PUBLIC
    assert package_search(q="*:*", rows=0)["count"] == len(PUBLIC)


# -- string fields: whole values, case-sensitive -------------------------

@pytest.mark.parametrize("fq, expected", [
    ("name:foo", {"foo"}),
    ("name:foo-bar", {"foo-bar"}),
    ("name:foo\\-bar", {"foo-bar"}),
    ('name:"foo-bar"', {"foo-bar"}),
    ("name:Foo", set()),
    ("tags:population", {"pop-by-province", "world-populations"}),
    ("tags:Population", set()),
    ("tags:ประชากร", {"pop-by-province"}),
    ("organization:dept-b", {"rainfall", "thai-phrase-forward", "thai-phrase-reverse",
                             "air-quality", "air-quality-stations"}),
    ("groups:health", {"pop-by-province", "world-populations"}),
    ("res_format:CSV", {"pop-by-province", "rainfall"}),
    ("res_format:csv", set()),
    ("res_format:XLSX", {"rainfall"}),
    ("code:a\\:b", {"pop-by-province"}),
    ('code:"a:b"', {"pop-by-province"}),
    ("source:NSO", {"pop-by-province"}),
    ("source:nso", set()),
    ('region:"north east"', {"rainfall"}),
    ("region:north", set()),
])
def test_string_field_exact(fq, expected):
    assert names(fq=fq) == expected


# -- text fields: analysed terms -----------------------------------------

@pytest.mark.parametrize("q, expected", [
    ("populations", {"world-populations", "pop-by-province"}),
    ("population", {"world-populations", "pop-by-province"}),
    ("Populations", {"world-populations", "pop-by-province"}),
    ("ประชากร", {"pop-by-province", "thai-phrase-forward", "thai-phrase-reverse"}),
    ("น้ำฝน", {"rainfall"}),
    ("ปริมาณ", {"rainfall"}),
    ("rainfall", {"rainfall"}),
    ("millimetre", {"rainfall"}),
    ("GDP จังหวัด", {"gdp-province"}),
    ("gdp 2566", {"gdp-province"}),
    ("จังหวัด", {"pop-by-province", "gdp-province"}),
    ("สุขภาพ", set()),  # group titles are not indexed, only names
    ("health", {"pop-by-province", "world-populations"}),
    ("dept-b", {"rainfall", "thai-phrase-forward", "thai-phrase-reverse",
                "air-quality", "air-quality-stations"}),
    ("ตาราง", {"pop-by-province"}),  # resource name
    ("nso", {"pop-by-province"}),  # extras are in the catch-all text
])
def test_free_text(q, expected):
    assert names(q=q) == expected


@pytest.mark.parametrize("q, expected", [
    ("title:populations", {"world-populations"}),
    ("title:POPULATION", {"world-populations"}),
    ("notes:population", {"world-populations"}),
    ("notes:rainfall", {"rainfall"}),
    ("title:ประชากร", {"pop-by-province", "thai-phrase-forward", "thai-phrase-reverse"}),
    ("title:น้ำฝน", {"rainfall"}),
    ("notes:น้ำฝน", set()),
    ("text:populations", {"world-populations", "pop-by-province"}),
    ("extras_source:nso", {"pop-by-province"}),
    ("extras_source:NSO", {"pop-by-province"}),
    ("extras_region:north", {"rainfall"}),
    ("res_name:ตาราง", {"pop-by-province"}),
    ("urls:example", {"pop-by-province", "rainfall"}),  # copied from res_url
    ("urls:xlsx", {"rainfall"}),
    ('urls:"example.com/r.csv"', {"rainfall"}),
])
def test_text_field_terms(q, expected):
    assert names(q=q) == expected


# -- phrases -------------------------------------------------------------

@pytest.mark.parametrize("q, expected", [
    ('"ข้อมูล ประชากร"', {"thai-phrase-forward"}),
    ('"ประชากร ข้อมูล"', {"thai-phrase-reverse"}),
    ('"ข้อมูลประชากร"', {"thai-phrase-forward"}),
    ('title:"ข้อมูล ประชากร"', {"thai-phrase-forward"}),
    ('title:"ประชากร ข้อมูล"', {"thai-phrase-reverse"}),
    ('"monthly rainfall"', {"rainfall"}),
    ('"rainfall monthly"', set()),
    ('notes:"monthly rainfall"', {"rainfall"}),
    ('notes:"rainfall monthly"', set()),
    ('"air quality"', {"air-quality", "air-quality-stations", "bangkok-traffic"}),
    ('title:"air quality"', {"air-quality", "air-quality-stations"}),
    ('"quality air"', set()),
])
def test_phrases_keep_word_order(q, expected):
    assert names(q=q) == expected


# -- boolean structure ---------------------------------------------------

@pytest.mark.parametrize("q, expected", [
    ("title:rainfall OR title:populations", {"world-populations"}),
    ("notes:rainfall OR title:populations", {"world-populations", "rainfall"}),
    ("tags:population AND organization:dept-a", {"pop-by-province", "world-populations"}),
    ("tags:population && organization:dept-a", {"pop-by-province", "world-populations"}),
    ("tags:population || tags:weather", {"pop-by-province", "world-populations", "rainfall"}),
    ("tags:population AND NOT groups:health", set()),
    ("tags:population AND -name:world-populations", {"pop-by-province"}),
    ("tags:population !name:world-populations", {"pop-by-province"}),
    ("+tags:population -name:world-populations", {"pop-by-province"}),
    ("+organization:dept-b +title:air", {"air-quality", "air-quality-stations"}),
    ("organization:dept-b -title:air", {"rainfall", "thai-phrase-forward",
                                        "thai-phrase-reverse"}),
    ("(name:foo OR name:bar-baz) AND title:bar", {"bar-baz"}),
    ("name:(foo OR bar-baz)", {"foo", "bar-baz"}),
    ("title:(air AND stations)", {"air-quality-stations"}),
    ("title:(+air -stations)", {"air-quality"}),
    ("NOT organization:dept-a", {"rainfall", "thai-phrase-forward", "thai-phrase-reverse",
                                 "air-quality", "air-quality-stations"}),
    ("-organization:dept-a", {"rainfall", "thai-phrase-forward", "thai-phrase-reverse",
                              "air-quality", "air-quality-stations"}),
    ("*:* -organization:dept-a", {"rainfall", "thai-phrase-forward",
                                  "thai-phrase-reverse", "air-quality",
                                  "air-quality-stations"}),
    ("title:air^2 AND organization:dept-b", {"air-quality", "air-quality-stations"}),
    ("title:(ประชากร AND ข้อมูล)", {"thai-phrase-forward", "thai-phrase-reverse"}),
    ("ประชากร AND NOT title:สถิติ", {"pop-by-province", "thai-phrase-forward"}),
])
def test_boolean_lucene(q, expected):
    assert names(q=q) == expected


@pytest.mark.parametrize("q, expected", [
    # dismax (no colon): q.op OR with CKAN's mm "2<-1 5<80%"
    ("rainfall OR populations", {"rainfall", "world-populations", "pop-by-province"}),
    ("rainfall AND monthly", {"rainfall"}),
    ("air -stations", {"air-quality"}),
    ("+air +stations", {"air-quality-stations", "bangkok-traffic"}),
    ("air roads", {"bangkok-traffic"}),  # up to 2 terms: all needed
    ("air quality stations", {"air-quality", "air-quality-stations", "bangkok-traffic"}),
    ("air monitoring roads", {"air-quality-stations", "bangkok-traffic"}),  # 3: all but one
    ("hourly monitoring roads", set()),
    ("air quality monitoring stations", {"air-quality-stations", "bangkok-traffic"}),
    ("air quality monitoring stations roads",  # 5: all but one
     {"air-quality-stations", "bangkok-traffic"}),
    ("air quality monitoring roads traffic", {"bangkok-traffic"}),
    ("air quality monitoring roads traffic bangkok", {"bangkok-traffic"}),  # 6: 80%
    ("(rainfall OR census) AND NOT old", {"rainfall"}),
    ("ประชากร -สถิติ", {"thai-phrase-forward"}),
])
def test_boolean_dismax(q, expected):
    assert names(q=q) == expected


@pytest.mark.parametrize("fq, q, expected", [
    ("organization:dept-a", "populations", {"pop-by-province", "world-populations"}),
    ("-organization:dept-a", "ประชากร", {"thai-phrase-forward", "thai-phrase-reverse"}),
    ("tags:population OR tags:weather", "*:*",
     {"pop-by-province", "world-populations", "rainfall"}),
    ("+dataset_type:dataset -dataset_type:harvest", "foo", {"foo", "foo-bar"}),
])
def test_fq_combines_with_q(fq, q, expected):
    assert names(q=q, fq=fq) == expected


def test_fq_list():
    assert names(fq_list=["organization:dept-b", "title:air"]) == {
        "air-quality", "air-quality-stations"}


# -- ranges, dates -------------------------------------------------------

@pytest.mark.parametrize("fq, expected", [
    ("num_resources:[1 TO 2]", {"pop-by-province", "rainfall"}),
    ("num_resources:[2 TO *]", {"rainfall"}),
    ("num_resources:{1 TO *]", {"rainfall"}),
    ("num_resources:{0 TO 2}", {"pop-by-province"}),
    ("num_resources:[* TO 0]", PUBLIC - {"pop-by-province", "rainfall"}),
    ("num_tags:2", {"pop-by-province"}),
    ("num_resources:[-1 TO 1}", PUBLIC - {"pop-by-province", "rainfall"}),
    ("num_resources:[-5 TO -1]", set()),
    ("name:[foo TO foo-bar]", {"foo", "foo-bar"}),
    ("name:{foo TO foo-bar]", {"foo-bar"}),
    ("name:[air-quality TO bar-baz}", {"air-quality", "air-quality-stations",
                                      "bangkok-traffic"}),
    ("name:[x TO *]", set()),
    ("name:[* TO *]", PUBLIC),
    ("title:[ข TO ค]", {"rainfall", "thai-phrase-forward", "thai-phrase-reverse"}),
])
def test_ranges(fq, expected):
    assert names(fq=fq) == expected


RECENT = PUBLIC - {"old-census"}


def public_active_fq():
    """The filters CKAN adds, for searches made on the client directly."""
    from ckan.common import config
    return [f'+site_id:"{config.get("ckan.site_id")}"', "+state:active", "+capacity:public"]


@pytest.mark.parametrize("fq, expected", [
    ("metadata_modified:[NOW-7DAYS TO NOW]", RECENT),
    ("metadata_modified:[NOW-7DAYS TO *]", RECENT),
    ("metadata_created:[NOW/DAY-1DAY TO *]", RECENT),
    ("metadata_modified:[* TO NOW-1YEAR]", {"old-census"}),
    ("metadata_created:[2020-01-01T00:00:00Z TO 2020-02-01T00:00:00Z]", {"old-census"}),
    ("metadata_created:[2020-01-15T10:00:00Z TO 2020-01-15T10:00:00Z]", {"old-census"}),
    ("metadata_created:{2020-01-15T10:00:00Z TO *]", RECENT),
    ("metadata_created:[2020-01-01T00:00:00.000000Z TO NOW]", PUBLIC),
    ("metadata_created:[2020-01-01 TO 2021-01-01]", {"old-census"}),
    ('metadata_created:["2020-01-01T00:00:00Z" TO "2020-02-01T00:00:00Z"]', {"old-census"}),
    ("metadata_created:[2020-01-15T00:00:00Z/DAY TO 2020-01-15T00:00:00Z+1DAY]",
     {"old-census"}),
    ("metadata_created:2020-01-15T10\\:00\\:00Z", {"old-census"}),
    ('metadata_created:"2020-01-15T10:00:00Z"', {"old-census"}),
    ("metadata_modified:[NOW+1DAY TO *]", set()),
    ("metadata_modified:*", PUBLIC),
])
def test_date_ranges(fq, expected):
    assert names(fq=fq) == expected


def test_dcat_modified_since():
    """ckanext-dcat's catalog endpoint sends fq_list
    ``metadata_modified:[<isoformat>Z TO NOW]`` with microseconds."""
    fq_list = ["-dataset_type:harvest", "-dataset_type:showcase",
               "metadata_modified:[2021-06-01T12:30:45.123456Z TO NOW]"]
    assert names(fq_list=fq_list) == RECENT


def test_harvest_changes_since():
    """ckanext-harvest asks a remote CKAN ``metadata_modified:[<iso>Z TO *]``."""
    assert names(fq="metadata_modified:[2019-12-31T23:00:00Z TO *]") == PUBLIC


# -- wildcards -----------------------------------------------------------

@pytest.mark.parametrize("q, expected", [
    ("name:pop*", {"pop-by-province"}),
    ("name:foo*", {"foo", "foo-bar"}),
    ("name:*-bar", {"foo-bar"}),
    ("name:f?o", {"foo"}),
    ("name:F*", set()),
    ("title:ประชา*", {"pop-by-province", "thai-phrase-forward", "thai-phrase-reverse"}),
    ("title:popul*", {"world-populations"}),
    ("title:Popul*", {"world-populations"}),
    ("popul*", {"world-populations", "pop-by-province"}),
    ("title:*", PUBLIC),
    ("tags:*", {"pop-by-province", "world-populations", "rainfall"}),
    ("source:*", {"pop-by-province", "rainfall", "world-populations"}),
    ("source:N*", {"pop-by-province"}),
    ("tags:ประ*", {"pop-by-province"}),
])
def test_wildcards(q, expected):
    assert names(q=q) == expected


# -- extras (top-level, scheming-like keys and extras_*) -----------------

def test_extra_is_facetable_by_name():
    result = package_search(**{"facet.field": ["source", "region"], "rows": 0})
    assert result["facets"]["source"] == {"NSO": 1, "TMD": 1, "UN": 1}
    assert result["facets"]["region"] == {"north east": 1}


def test_extra_returned_in_results():
    result = package_search(fq="name:rainfall")
    extras = {e["key"]: e["value"] for e in result["results"][0]["extras"]}
    assert extras == {"source": "TMD", "region": "north east"}


# -- facets --------------------------------------------------------------

def test_facets_counts():
    result = package_search(**{"facet.field": ["organization", "tags", "res_format",
                                               "groups"], "rows": 0})
    facets = result["facets"]
    assert facets["organization"] == {"dept-a": 8, "dept-b": 5}
    assert facets["tags"] == {"population": 2, "ประชากร": 1, "weather": 1}
    assert facets["res_format"] == {"CSV": 2, "XLSX": 1}
    assert facets["groups"] == {"health": 2}
    items = result["search_facets"]["organization"]["items"]
    assert {i["name"]: i["display_name"] for i in items} == {
        "dept-a": "Department A", "dept-b": "Department B"}


def test_facets_follow_the_query():
    result = package_search(q="populations", **{"facet.field": ["organization", "tags"]})
    assert result["facets"]["organization"] == {"dept-a": 2}
    assert result["facets"]["tags"] == {"population": 2, "ประชากร": 1}


def test_facet_limit():
    result = package_search(**{"facet.field": ["tags"], "facet.limit": 1, "rows": 0})
    assert result["facets"]["tags"] == {"population": 2}


def test_facet_limit_minus_one_is_unlimited():
    result = package_search(**{"facet.field": ["tags"], "facet.limit": -1, "rows": 0})
    assert result["facets"]["tags"] == {"population": 2, "ประชากร": 1, "weather": 1}


def test_facet_mincount():
    result = package_search(**{"facet.field": ["tags", "organization"],
                               "facet.mincount": 2, "rows": 0})
    assert result["facets"]["tags"] == {"population": 2}
    assert result["facets"]["organization"] == {"dept-a": 8, "dept-b": 5}
    result = package_search(**{"facet.field": ["tags"], "facet.mincount": 3, "rows": 0})
    assert result["facets"]["tags"] == {}


def test_facet_order_and_sort_index():
    """CKAN passes no facet.sort; through the client (as other callers of
    the Solr connection may) counts order by count, or by value with
    facet.sort=index."""
    conn = make_connection()
    base = {"facet": "true", "facet.field": ["organization", "tags"], "facet.mincount": 1,
            "rows": 0, "fq": public_active_fq()}
    by_count = conn.search("air rainfall", **base).facets["facet_fields"]
    assert by_count["organization"] == ["dept-b", 3, "dept-a", 1]
    by_index = conn.search("air rainfall", **base, **{"facet.sort": "index"})
    assert by_index.facets["facet_fields"]["organization"] == ["dept-a", 1, "dept-b", 3]
    by_count = conn.search("*:*", **base).facets["facet_fields"]
    assert by_count["tags"] == ["population", 2, "weather", 1, "ประชากร", 1]
    limited = conn.search("*:*", **dict(base, **{
        "f.tags.facet.sort": "index", "f.tags.facet.limit": 1, "facet.offset": 1}))
    assert limited.facets["facet_fields"]["tags"] == ["weather", 1]
    assert limited.facets["facet_fields"]["organization"] == ["dept-b", 5]


def test_facet_sort_is_not_a_package_search_parameter():
    with pytest.raises(SearchError):
        package_search(**{"facet.field": ["tags"], "facet.sort": "index"})


def test_facet_on_dates_and_numbers():
    result = package_search(fq="name:old-census OR name:rainfall", **{
        "facet.field": ["metadata_created", "num_resources"], "rows": 0})
    created = result["facets"]["metadata_created"]
    assert len(created) == 2 and created["2020-01-15T10:00:00.000000Z"] == 1
    assert result["facets"]["num_resources"] == {"0": 1, "2": 1}


def test_facet_on_text_field_gives_terms():
    result = package_search(**{"facet.field": ["extras_source"], "rows": 0})
    assert result["facets"]["extras_source"] == {"nso": 1, "tmd": 1, "un": 1}


# -- sorting, paging, fl -------------------------------------------------

def test_sort_by_name():
    assert ordered_names(sort="name asc") == sorted(PUBLIC)
    assert ordered_names(sort="name desc") == sorted(PUBLIC, reverse=True)


def test_sort_by_title_string():
    got = ordered_names(fq="organization:dept-b", sort="title_string asc")
    # by code point, as Solr sorts strings: ข้อมูลประ... before ข้อมูลปริ...
    assert got == ["air-quality", "air-quality-stations", "thai-phrase-forward",
                   "rainfall", "thai-phrase-reverse"]


def test_sort_by_metadata_modified():
    got = ordered_names(sort="metadata_modified desc")
    assert got[-1] == "old-census"
    assert got[0] == "bangkok-traffic"
    got = ordered_names(sort="metadata_created asc")
    assert got[:2] == ["old-census", "pop-by-province"]


def test_sort_by_extra_then_name():
    got = ordered_names(fq="source:*", sort="source desc, name asc")
    assert got == ["world-populations", "rainfall", "pop-by-province"]
    got = ordered_names(sort="source asc, name asc")
    assert got[:3] == ["pop-by-province", "rainfall", "world-populations"]
    assert got[3:] == sorted(PUBLIC - {"pop-by-province", "rainfall", "world-populations"})


def test_sort_by_number():
    got = ordered_names(sort="num_resources desc, name asc", rows=3)
    assert got == ["rainfall", "pop-by-province", "air-quality"]


def test_invalid_sort_is_a_search_error():
    with pytest.raises(SearchError, match="sort"):
        package_search(sort="name sideways")


def test_paging():
    pages = [ordered_names(sort="name asc", rows=4, start=start) for start in range(0, 16, 4)]
    assert [len(p) for p in pages] == [4, 4, 4, 1]
    assert sum(pages, []) == sorted(PUBLIC)
    result = package_search(sort="name asc", rows=2, start=100)
    assert result["results"] == [] and result["count"] == len(PUBLIC)


def test_rows_zero_still_counts():
    result = package_search(q="ประชากร", rows=0)
    assert result["count"] == 3 and result["results"] == []


def test_fl():
    result = package_search(fq="name:foo", fl=["name", "title"])
    assert result["results"] == [{"name": "foo", "title": "Foo only"}]
    result = package_search(fq="name:rainfall", fl=["name", "extras_source"])
    assert result["results"] == [{"name": "rainfall", "source": "TMD"}]
    result = package_search(fq="name:foo", fl=["id"])
    assert len(result["results"]) == 1 and set(result["results"][0]) == {"id"}


# -- visibility ----------------------------------------------------------

def test_include_private():
    assert "secret-budget" not in names()
    assert names(include_private=True) == PUBLIC | {"secret-budget"}


def test_include_drafts():
    assert names(include_drafts=True) == PUBLIC | {"draft-plan"}
    assert names(include_drafts=True, include_private=True) == \
        PUBLIC | {"draft-plan", "secret-budget"}


def test_deleted_datasets_leave_the_index():
    """ckan.search.remove_deleted_packages is on by default: a deleted
    dataset is removed from the index, so include_deleted finds nothing
    more (see test_actions for the option turned off)."""
    assert names(include_deleted=True) == PUBLIC
    assert names(q="removed") == set()


def test_explicit_state_filter():
    assert names(fq="+state:draft") == {"draft-plan"}


# -- relevance -----------------------------------------------------------

def test_exact_title_match_ranks_first():
    got = ordered_names(q="Air quality")
    assert got == ["air-quality", "air-quality-stations", "bangkok-traffic"]
    got = ordered_names(q="air quality monitoring stations")
    assert got[0] == "air-quality-stations"


def test_title_match_ranks_above_notes_match():
    # bangkok-traffic is newer (the tie-breaker) but has "stations" in its notes only
    assert ordered_names(q="stations") == ["air-quality-stations", "bangkok-traffic"]
    # world-populations has the word in its title, pop-by-province in a tag
    assert ordered_names(q="populations") == ["world-populations", "pop-by-province"]


def test_score_in_fl_orders_results():
    result = package_search(q="air quality", fl=["name", "score"], sort="score desc")
    scores = [r["score"] for r in result["results"]]
    assert scores == sorted(scores, reverse=True)
    assert result["results"][0]["name"] == "air-quality"
    assert scores[0] > scores[-1]


# -- errors --------------------------------------------------------------

@pytest.mark.parametrize("q", [
    "title:(", "title:[a TO", "metadata_modified:[NOW-7FORTNIGHTS TO NOW]",
    "num_resources:[one TO two]", "num_resources:abc", "metadata_created:yesterday",
    "*:foo", "title:/[/", "metadata_modified:[NOW+10000YEARS TO *]",
    "metadata_modified:[* TO NOW-99999999999DAYS]", "metadata_created:[9999-12-31T23:59:59Z+1DAY TO *]",
])
def test_bad_queries_are_search_errors(q):
    with pytest.raises(SearchError):
        package_search(q=q)


def test_bad_rows_is_a_validation_error():
    with pytest.raises(ValidationError):
        package_search(rows="many")


# -- documented limits (see the docstring of ckanext.gdcatalog.search.query) --

@pytest.mark.parametrize("q, expected", [
    ("title:populations~2", {"world-populations"}),  # fuzzy: the exact term
    ("title:popultions~1", set()),
    ('"stations air"~3', {"air-quality-stations", "bangkok-traffic"}),  # any order
    ('title:"stations air"~3', {"air-quality-stations"}),
    ("title:/popul.*/", {"world-populations"}),  # regex on indexed terms
    ("name:/foo(-bar)?/", {"foo", "foo-bar"}),  # regex on whole values
    ("title:air^10 OR title:census", {"air-quality", "air-quality-stations",
                                      "old-census"}),
    # the same through dismax (no colon)
    ("populations~2", {"world-populations", "pop-by-province"}),
    ('"air quality"^2 stations', {"air-quality-stations", "bangkok-traffic"}),
    ("rainfall^3", {"rainfall"}),
])
def test_limits_that_answer(q, expected):
    assert names(q=q) == expected


@pytest.mark.parametrize("q, problem", [
    ("data_dict:foo", "not searchable"),
    ("*:foo", r"only \*:\* may use \* as a field name"),
    ("name:foo\\*bar*", "escaped wildcards cannot be mixed with wildcards"),
])
def test_limits_that_fail_clearly(q, problem):
    with pytest.raises(SearchError, match=problem):
        package_search(q=q)


@pytest.mark.parametrize("fq", ["{!func}sum(1,2)", "{!lucene}name:foo", "_val_:1"])
def test_local_params_and_magic_fields_are_refused(fq):
    with pytest.raises(SearchError):
        package_search(fq=fq)


def test_local_params_the_client_accepts():
    conn = make_connection()
    base = {"fq": public_active_fq(),
            "fl": "name", "rows": 100}
    got = conn.search("{!lucene}name:foo OR name:bar-baz", **base)
    assert {d["name"] for d in got.docs} == {"foo", "bar-baz"}
    got = conn.search("{!dismax qf=text}foo", **base)
    assert {d["name"] for d in got.docs} == {"foo", "foo-bar"}
    with pytest.raises(Exception, match="not supported"):
        conn.search("{!func}sum(1,2)", **base)


def test_atomic_updates_are_refused():
    with pytest.raises(Exception, match="atomic field updates are not supported"):
        make_connection().add([{"index_id": "x", "id": "x"}], fieldUpdates={"title": "set"})

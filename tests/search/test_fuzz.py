"""Property-based fuzzing of q and fq.

Whatever text arrives in q or fq (Lucene syntax characters, unbalanced
quotes and brackets, Thai, control characters), package_search either
answers or raises CKAN's own ValidationError/SearchError, and the web
pages answer 200 or 400, never 500.
"""
from __future__ import annotations

import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ckan.lib.search.common import SearchError
from ckan.logic import ValidationError
from ckan.tests import factories

from tests.factories import Dataset

from .conftest import package_search

# GDCATALOG_FUZZ_EXAMPLES=5000 for a deeper run.
FUZZ = settings(max_examples=int(os.environ.get("GDCATALOG_FUZZ_EXAMPLES", 150)),
                deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

SPECIAL = list('+-&|!(){}[]^"~*?:\\/')
WORDS = [
    "title:", "name:", "notes:", "tags:", "text:", "extras_source:", "source:",
    "metadata_modified:", "metadata_created:", "num_resources:", "res_format:",
    "organization:", "*:*", "*", "?", "AND", "OR", "NOT", "TO", "[", "]", "{", "}",
    "(", ")", '"', "^2", "~2", "~", "/", "\\", "NOW", "NOW-7DAYS", "NOW/DAY", "+1MONTH",
    "2020-01-01T00:00:00Z", "ประชากร", "ข้อมูล", "น้ำฝน", "จังหวัด", "population",
    "rain", "pop*", "ประชา*", "_query_:", "{!lucene}", "{!func}", "_val_:", "0",
    "-1", "1e309", "\x00", "\u0e4f", "\u200b", "ı", "ß", "\ud7ff", "'", ";", "%", "_",
]

text_with_syntax = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SPECIAL + ["&&", "||", "\\\\"]),
              st.text(max_size=6)),
    max_size=8,
).flatmap(lambda parts: st.lists(st.sampled_from(["", " ", "  ", "\t"]),
                                 min_size=len(parts), max_size=len(parts))
          .map(lambda gaps: "".join(g + p for g, p in zip(gaps, parts))))

FIELDS = ["title", "name", "notes", "text", "tags", "metadata_modified", "metadata_created",
          "num_resources", "extras_source", "source", "res_format", "title_ngram",
          "name_ngram", "data_dict", "validated_data_dict", "score", "indexed_ts",
          "issued_date", "vocab_x", "capacity", "permission_labels", "urls", "*", ""]
VALUES = st.one_of(
    st.sampled_from(WORDS + ["NOW+99999YEARS", "NOW-99999999999DAYS", "9999-12-31T23:59:59Z",
                             "0000-00-00T00:00:00Z", "99999999999999999999", "-0", "1e-5",
                             "nan", "inf", "2024-02-30T00:00:00Z", "NOW/DAY+1DAY"]),
    st.integers().map(str), st.text(max_size=8),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
)


@st.composite
def clause(draw):
    field = draw(st.sampled_from(FIELDS))
    a, b = draw(VALUES), draw(VALUES)
    form = draw(st.sampled_from([
        "{f}:{a}", "{f}:[{a} TO {b}]", "{f}:{{{a} TO {b}}}", "{f}:[{a} TO {b}}}",
        '{f}:"{a}"', "{f}:{a}*", "{f}:*{a}", "{f}:/{a}/", "{f}:({a} OR {b})", "{f}:{a}~2",
        "{f}:{a}^3", '"{a} {b}"~3', "{a}", "+{f}:{a} -{f}:{b}", "!{f}:{a}",
    ]))
    return form.format(f=field, a=a, b=b)


structured = st.lists(clause(), min_size=1, max_size=4).flatmap(
    lambda clauses: st.lists(st.sampled_from([" ", " AND ", " OR ", " && ", " || ", " NOT "]),
                             min_size=len(clauses), max_size=len(clauses))
    .map(lambda ops: "".join(o + c for o, c in zip(ops, clauses)).strip()))

any_text = st.one_of(structured, text_with_syntax, st.text(max_size=40),
                     st.text(alphabet=st.sampled_from(SPECIAL + [" ", "a", "ก"]),
                             max_size=20))


@pytest.fixture(scope="module", autouse=True)
def corpus(module_db):
    org = factories.Organization(name="fuzz-org")
    Dataset(name="pop-by-province", title="จำนวนประชากรจำแนกตามจังหวัด",
            notes="Population", owner_org=org["id"], tag_string="population",
            extras=[{"key": "source", "value": "NSO"}])
    Dataset(name="rainfall", title="ข้อมูลปริมาณน้ำฝน", notes="rain",
            owner_org=org["id"],
            resources=[{"url": "http://example.com/r.csv", "format": "CSV",
                        "name": "Rain gauge readings"}])


def _search_or_ckan_error(**kwargs):
    try:
        result = package_search(**kwargs)
    except (ValidationError, SearchError):
        return None
    assert result["count"] >= len(result["results"]) >= 0
    return result


@FUZZ
@given(q=any_text)
def test_fuzz_q(q):
    _search_or_ckan_error(q=q)


@FUZZ
@given(fq=any_text)
def test_fuzz_fq(fq):
    _search_or_ckan_error(fq=fq)


@FUZZ
@given(q=any_text, fq=any_text, sort=st.sampled_from(
    ["", "score desc", "name asc", "title_string desc", "metadata_modified desc",
     "source asc", "num_resources desc", "nonsense", "name", "name up"]))
def test_fuzz_q_fq_and_sort(q, fq, sort):
    kwargs = {"q": q, "fq": fq}
    if sort:
        kwargs["sort"] = sort
    _search_or_ckan_error(**kwargs)


@FUZZ
@given(q=any_text)
def test_fuzz_dataset_page(app, q):
    response = app.get("/dataset/?q=" + quote(q, safe=""), status=None)
    assert response.status_code in (200, 400), (q, response.status_code)


@FUZZ
@given(q=any_text)
def test_fuzz_api(app, q):
    response = app.get("/api/3/action/package_search?q=" + quote(q, safe=""), status=None)
    assert response.status_code in (200, 400, 409), (q, response.status_code)
    body = json.loads(response.body)
    assert body["success"] is (response.status_code == 200)


@pytest.mark.parametrize("q, problem", [
    ("title:(", "unbalanced parentheses"),
    ("metadata_modified:[NOW-3FORTNIGHTS TO NOW]", "unknown date unit"),
    ("num_resources:many", "expects a whole number"),
    ("title:/[/", "invalid regular expression"),
])
def test_api_bad_query_is_400_naming_the_problem(app, q, problem):
    response = app.get("/api/3/action/package_search?q=" + quote(q, safe=""), status=400)
    body = json.loads(response.body)
    assert body["success"] is False
    assert body["error"]["__type"] == "Search Query Error"
    assert problem in body["error"]["message"]


def test_dataset_page_with_bad_query_is_400_naming_the_problem(app):
    response = app.get("/dataset/?q=" + quote("title:(", safe=""), status=400)
    assert "unbalanced parentheses" in response.body
    assert "pop-by-province" not in response.body


def test_dataset_page_with_good_query(app):
    response = app.get("/dataset/?q=" + quote("น้ำฝน", safe=""), status=200)
    assert "/dataset/rainfall" in response.body
    assert "/dataset/pop-by-province" not in response.body

"""Bad input answers 400, 404 or 409 with a message, never an error 500,
and never with the database's words (issue #23, findings 6 and 7): the
pages and actions the probe of the demo site found, one row each."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from tests.security.conftest import CENTRAL_ROLE, database_text_in, headers

pytestmark = [CENTRAL_ROLE]

DEEP = "(" * 350 + "title:rainfall" + ")" * 350  # Lucene (it names a field)
DEEP_WORDS = "(" * 350 + "rainfall" + ")" * 350  # dismax, with operators
NUL_ID = "a\x00b"
SEARCHES = [  # (q or fq, value, what the message says)
    ("q", "title:(a", "unbalanced parentheses"),
    ("fq", "title:(a", "unbalanced parentheses"),
    ("q", "name:/(/", "invalid regular expression"),
    ("q", "metadata_modified:[2020-99-99T00:00:00Z TO *]", "not a date"),
]


def _q(value: str) -> str:
    return quote(value, safe="")


PAGES = [
    *[(f"/api/3/action/package_search?{p}={_q(v)}", 400, "nested too deeply")
      for p, v in (("q", DEEP), ("q", DEEP_WORDS), ("fq", DEEP))],
    *[(f"/dataset/?q={_q(v)}", 400, "nested too deeply") for v in (DEEP, DEEP_WORDS)],
    (f"/catalog.ttl?q={_q(DEEP)}", 400, "nested too deeply"),
    (f"/catalog.ttl?fq={_q(DEEP)}", 400, "nested too deeply"),
    (f"/dataset/export.csv?q={_q(DEEP)}", 400, "nested too deeply"),
    *[(f"/catalog.ttl?{p}={_q(v)}", 400, problem) for p, v, problem in SEARCHES],
    # the export reads q only
    *[(f"/dataset/export.{fmt}?q={_q(v)}", 400, problem)
      for fmt in ("csv", "xlsx") for p, v, problem in SEARCHES if p == "q"],
    ("/catalog.ttl?page=99999999999999999999", 409, "The page must be at most"),
    *[(path, 404, None) for path in (
        "/dataset/a%00b.ttl", "/dataset/a%00b", "/organization/a%00b/export.csv",
        "/organization/a%00b/import-excel", "/organization/a%00b/quality",
        "/harvest/report/%00", "/registry/a%00b")],
]


@pytest.mark.parametrize("path, status, message", PAGES)
def test_pages(app, site, path, status, message):
    response = app.get(path, headers=headers(site, "visitor"), status=None)
    assert response.status_code == status, response.body[:500]
    if message:
        assert message in response.body
    assert not database_text_in(response.body)


ACTIONS: list[tuple[str, dict[str, Any], int]] = [
    ("gdcatalog_registry_application_show", {"id": NUL_ID}, 404),
    ("gdcatalog_registry_withdraw", {"id": NUL_ID}, 404),
    ("gdcatalog_quality_dataset_show", {"id": NUL_ID}, 404),
    ("gdcatalog_quality_resource_show", {"id": NUL_ID}, 404),
    ("gdcatalog_quality_organization_show", {"id": NUL_ID}, 404),
    ("gdcatalog_quality_run", {"dataset": NUL_ID}, 404),
    ("gdcatalog_harvest_report", {"id": NUL_ID}, 404),
    ("gdcatalog_harvest_report", {"source_id": NUL_ID}, 404),
    ("gdcatalog_harvest_provenance", {"id": NUL_ID}, 404),
    ("gdcatalog_export_excel", {"organization": NUL_ID}, 404),
    ("dcat_dataset_show", {"id": NUL_ID, "format": "ttl"}, 404),
    ("gdcatalog_slug_suggest", {"title": "ปริมาณน้ำฝน", "id": NUL_ID}, 404),
    ("gdcatalog_dataset_type_change", {"id": NUL_ID, "data_type": "record"}, 404),
    # the NUL dropped, as from every text of an application: no organization "ab"
    ("gdcatalog_registry_apply", {"organization": NUL_ID, "contact_name": "x",
                                  "catalog_url": "https://agency.example.com/catalog.ttl",
                                  "contact_email": "x@example.com"}, 409),
    ("gdcatalog_registry_application_list", {"offset": 1e20}, 409),
    ("gdcatalog_registry_application_list", {"offset": "100000000000000000000"}, 409),
    ("package_search", {"start": 10**20}, 400),
    ("package_search", {"q": "*:*", "facet.field": ["tags"], "facet.limit": 10**20}, 400),
    ("dcat_catalog_search", {"q": DEEP, "format": "ttl"}, 400),
    ("gdcatalog_export_excel", {"q": "title:(a", "format": "csv"}, 400),
]


@pytest.mark.parametrize("action, data, status", ACTIONS)
def test_actions(app, site, action, data, status):
    response = app.post(f"/api/3/action/{action}", data=json.dumps(data),
                        headers={**headers(site, "visitor"), "Content-Type": "application/json"},
                        status=None)
    assert response.status_code == status, response.body[:500]
    body = json.loads(response.body)
    assert body["success"] is False
    assert body["error"], "a message"
    assert not database_text_in(response.body)


@pytest.mark.parametrize("who", ["anonymous", "visitor"])
def test_an_organizations_quality_page_when_the_reader_may_read_none_of_its_datasets(
        app, site, who):
    # Organization B's only dataset is private: its readers see an empty
    # dashboard, not an error.
    response = app.get("/organization/sec-org-b/quality", headers=headers(site, who))
    assert "No datasets to assess yet." in response.body
    result = json.loads(app.get("/api/3/action/gdcatalog_quality_organization_show?id=sec-org-b",
                                headers=headers(site, who)).body)["result"]
    assert result["count"] == 0
    assert result["summary"]["datasets"] == 0 and result["summary"]["metadata_score"] is None

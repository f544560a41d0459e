"""The web pages that read the index answer 200 with the right counts."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from ckan.tests import factories

from tests.factories import Dataset


@pytest.fixture(scope="module", autouse=True)
def corpus(module_db):
    org = factories.Organization(name="nso", title="สำนักงานสถิติแห่งชาติ")
    factories.Organization(name="empty-org", title="Empty")
    group = factories.Group(name="population-group", title="ประชากร")
    Dataset(name="pop-by-province", title="จำนวนประชากรจำแนกตามจังหวัด",
            notes="Population by province", owner_org=org["id"],
            groups=[{"name": group["name"]}], tag_string="ประชากร, census",
            resources=[{"url": "http://example.com/p.csv", "format": "CSV",
                        "name": "Population table"}])
    Dataset(name="rainfall", title="ข้อมูลปริมาณน้ำฝน", notes="Rainfall",
            owner_org=org["id"], tag_string="weather")
    Dataset(name="hidden", title="Hidden census", owner_org=org["id"],
            private=True, groups=[{"name": group["name"]}])


def _found(body):
    match = re.search(r"(\d+|No) datasets? found", body)
    assert match, "no result count on the page"
    return 0 if match.group(1) == "No" else int(match.group(1))


def test_home_page(app):
    response = app.get("/")
    assert response.status_code == 200


def test_dataset_search_page(app):
    body = app.get("/dataset/").body
    assert _found(body) == 2
    body = app.get("/dataset/?q=" + quote("ประชากร")).body
    assert _found(body) == 1
    assert "/dataset/pop-by-province" in body
    body = app.get("/dataset/?tags=" + quote("ประชากร")).body
    assert _found(body) == 1
    body = app.get("/dataset/?res_format=CSV").body
    assert _found(body) == 1
    body = app.get("/dataset/?q=nothing-matches-this").body
    assert _found(body) == 0


def test_dataset_search_page_facets_and_sort(app):
    body = app.get("/dataset/?sort=title_string+asc").body
    assert body.index("/dataset/rainfall") < body.index("/dataset/pop-by-province")
    body = app.get("/dataset/?sort=name+asc").body
    assert body.index("/dataset/pop-by-province") < body.index("/dataset/rainfall")
    # facet links for the organization and the tags
    assert "organization=nso" in body
    assert "tags=weather" in body


def test_dataset_page(app):
    body = app.get("/dataset/pop-by-province").body
    assert "จำนวนประชากรจำแนกตามจังหวัด" in body


def test_organization_list_page(app):
    body = app.get("/organization/").body
    assert "สำนักงานสถิติแห่งชาติ" in body
    assert re.search(r"2\s+Datasets", body)


def test_organization_page(app):
    body = app.get("/organization/nso").body
    assert _found(body) == 2
    body = app.get("/organization/nso?q=" + quote("น้ำฝน")).body
    assert _found(body) == 1
    assert "/dataset/rainfall" in body
    body = app.get("/organization/empty-org").body
    assert _found(body) == 0


def test_group_pages(app):
    body = app.get("/group/population-group").body
    assert _found(body) == 1
    assert "/dataset/pop-by-province" in body
    assert "/dataset/hidden" not in body
    body = app.get("/group/").body
    assert "ประชากร" in body
    assert re.search(r"1\s+Dataset", body)

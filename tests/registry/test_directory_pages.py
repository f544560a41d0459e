"""The directory pages of the central site: the map of Thailand, the pages
of a province and of a ministry, and the actions behind them."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import helpers

from ckanext.gdcatalog import reference
from ckanext.gdcatalog.registry import thailand_map
from tests.factories import Dataset

CENTRAL_ROLE = pytest.mark.ckan_config("ckan.gdcatalog.role", "central")


@pytest.fixture
def directory(directory):
    """The shared directory, plus an agency with no dataset yet (still listed
    on its province's page) and a private dataset of Chiang Mai."""
    helpers.call_action("organization_create",
                        context={"user": directory["sysadmin"]["name"]},
                        name="pao-chiang-mai", title="องค์การบริหารส่วนจังหวัดเชียงใหม่",
                        agency_type="local_government", province="TH-50", ministry="moi")
    secret = Dataset(owner_org=directory["chiang_mai"]["id"], private=True,
                     title="ข้อมูลภายในสำนักงาน")
    return {**directory, "secret": secret}


def _as(user=None, **kwargs):
    return {"context": {"user": user["name"] if user else "", "ignore_auth": False}, **kwargs}


def test_the_map_has_each_province_once():
    shapes = thailand_map.load().shapes
    codes = [s.code for s in shapes if s.code]
    assert sorted(codes) == sorted(p.code for p in reference.provinces())
    assert len(codes) == len(set(codes)) == 77
    assert [s.name_en for s in shapes if not s.code] == ["Lake Songkha"]
    assert all(s.path.startswith("m") for s in shapes)


def test_colour_classes_rank_the_provinces_that_have_datasets():
    counts = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 1000}
    # four distinct non-zero counts over five classes: 1 + rank * 5 // 4
    assert thailand_map.colour_classes(counts) == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
    assert thailand_map.colour_classes({"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert thailand_map.legend({"a": 0, "b": 7, "c": 7, "d": 9}) == [
        (0, 0, 0), (1, 7, 7), (3, 9, 9)]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_summary_counts_what_the_caller_may_see(directory):
    public = helpers.call_action("gdcatalog_directory_summary", **_as())
    full = helpers.call_action("gdcatalog_directory_summary", **_as(directory["sysadmin"]))
    assert (public["total"], full["total"]) == (4, 5)
    provinces = {p["code"]: p for p in public["provinces"]}
    assert len(provinces) == 77
    assert (provinces["TH-50"]["count"], provinces["TH-90"]["count"],
            provinces["TH-10"]["count"]) == (2, 1, 0)
    assert {p["code"]: p["count"] for p in full["provinces"]}["TH-50"] == 3
    # two provinces with datasets, counts 1 and 2: classes 1 and 1 + 5 // 2
    assert (provinces["TH-90"]["colour_class"], provinces["TH-50"]["colour_class"],
            provinces["TH-10"]["colour_class"]) == (1, 3, 0)
    assert provinces["TH-50"]["region"] == "north"
    regions = {r["key"]: r["count"] for r in public["regions"]}
    assert (regions["north"], regions["south"], regions["central"]) == (2, 1, 0)
    ministries = {m["code"]: m["count"] for m in public["ministries"]}
    assert (ministries["mdes"], ministries["mnre"], ministries["moi"]) == (3, 1, 0)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_province_by_code_slug_or_name(directory):
    for spelling in ("TH-50", "th-50", "chiang-mai", "เชียงใหม่", "Chiang Mai"):
        province = helpers.call_action("gdcatalog_directory_province", **_as(id=spelling))
        assert province["code"] == "TH-50"
    assert province["count"] == 2
    assert [(a["name"], a["count"]) for a in province["agencies"]] == [
        ("pso-chiang-mai", 2), ("pao-chiang-mai", 0)]
    assert len(province["recent"]) == 2
    full = helpers.call_action("gdcatalog_directory_province",
                               **_as(directory["sysadmin"], id="TH-50"))
    assert full["count"] == 3 and full["agencies"][0]["count"] == 3
    assert directory["secret"]["name"] in {d["name"] for d in full["recent"]}
    with pytest.raises(helpers.logic.NotFound, match="TH-99"):
        helpers.call_action("gdcatalog_directory_province", **_as(id="TH-99"))
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("gdcatalog_directory_province", **_as(id=" "))


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_ministry_by_code_or_name(directory):
    ministry = helpers.call_action("gdcatalog_directory_ministry",
                                   **_as(id="กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม"))
    assert (ministry["code"], ministry["count"]) == ("mnre", 1)
    assert [a["name"] for a in ministry["agencies"]] == ["pcd"]
    mdes = helpers.call_action("gdcatalog_directory_ministry", **_as(id="mdes"))
    assert {a["name"]: a["count"] for a in mdes["agencies"]} == {
        "pso-chiang-mai": 2, "pso-songkhla": 1}
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("gdcatalog_directory_ministry", **_as(id="no-such-ministry"))


def _soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.body, "html.parser")


@CENTRAL_ROLE
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_directory_page_shows_the_map_and_tables(app, directory):
    page = _soup(app.get("/th/directory/"))
    links = page.select("svg.gdc-map a[data-province]")
    assert len(links) == 77
    chiang_mai = page.select_one('svg.gdc-map a[data-province="TH-50"]')
    assert chiang_mai["data-count"] == "2"
    assert chiang_mai["href"].endswith("/directory/province/TH-50")
    assert chiang_mai.find("title").get_text() == "เชียงใหม่: 2 ชุดข้อมูล"
    assert chiang_mai["aria-label"] == "เชียงใหม่: 2 ชุดข้อมูล"
    assert "gdc-map-c3" in chiang_mai.find("path")["class"]
    assert page.select_one("svg.gdc-map")["aria-labelledby"] == "gdc-map-title"
    rows = page.select("table.gdc-province-table tbody tr")
    assert len(rows) == 77 and rows[0]["data-province"] == "TH-50"
    assert "ภาคเหนือ" in rows[0].get_text()
    assert page.select_one('a[href="#gdc-province-table"]')
    # the main navigation of the central site has the directory and the
    # quality dashboard across agencies
    assert page.select_one('header a[href$="/directory/"]') is not None
    assert page.select_one('header a[href$="/quality"]').get_text(strip=True) == "คุณภาพข้อมูล"
    english = _soup(app.get("/en/directory/"))
    assert english.select_one('svg.gdc-map a[data-province="TH-50"] title').get_text() == \
        "Chiang Mai: 2 datasets"


@CENTRAL_ROLE
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_province_and_ministry_pages(app, directory):
    page = _soup(app.get("/th/directory/province/TH-50"))
    assert page.find("h1").get_text(strip=True) == "เชียงใหม่"
    agencies = [tr["data-organization"] for tr in page.select("table.gdc-area-agencies tr[data-organization]")]
    assert agencies == ["pso-chiang-mai", "pao-chiang-mai"]
    assert "org_province=TH-50" in page.select_one(".gdc-area-count a")["href"]
    assert len(page.select("li.dataset-item")) == 2
    ministry = _soup(app.get("/en/directory/ministry/mnre"))
    assert "Ministry of Natural Resources and Environment" in ministry.find("h1").get_text()
    assert app.get("/directory/province/TH-99").status_code == 404
    assert app.get("/directory/ministry/nothing").status_code == 404


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_pages_belong_to_the_central_site(app, directory):
    assert app.get("/directory/").status_code == 404
    assert app.get("/directory/province/TH-50").status_code == 404
    page = _soup(app.get("/dataset/"))
    assert page.select_one('header a[href$="/directory/"]') is None

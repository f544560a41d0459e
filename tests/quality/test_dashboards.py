"""The quality dashboards: an organization's page and, on the central site,
the one across agencies and provinces; the aggregation actions behind
them; each with the reader's rights over private datasets."""
from __future__ import annotations

import re

import pytest
import ckan.plugins.toolkit as tk
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from ckanext.gdcatalog.schema import vocabularies
from tests.factories import Dataset
from tests.search.conftest import module_db  # noqa: F401 (a fixture)

CENTRAL = pytest.mark.ckan_config("ckan.gdcatalog.role", "central")
# 3 rows × 2 columns, 2 cells empty: completeness 66.67 %.
RAIN = b"year,mm\n2566,1200\n2567,\n2567,\n"
ALL_TWO = {f"self_assessment_{d}": "2" for d in
           ("accuracy", "consistency", "relevancy", "timeliness", "availability")}
ASSESSOR = {"self_assessment_date": "2024-06-30", "self_assessment_assessor": "กลุ่มงานข้อมูล"}


@pytest.fixture(scope="module")
def site(module_db, file_server):
    base, files = file_server
    files["/rain.csv"] = (RAIN, "text/csv")
    previous = tk.config.get("ckan.gdcatalog.quality.allow_private_addresses")
    tk.config["ckan.gdcatalog.quality.allow_private_addresses"] = True
    sysadmin = factories.Sysadmin()
    users = {name: factories.User() for name in ("member", "outsider")}

    def org(**fields):
        return helpers.call_action("organization_create", {"user": sysadmin["name"]}, **fields)
    chiang_mai = org(name="pso-chiang-mai", title="สำนักงานสถิติจังหวัดเชียงใหม่",
                     agency_type="provincial_office", province="TH-50", ministry="mdes")
    songkhla = org(name="pso-songkhla", title="สำนักงานสถิติจังหวัดสงขลา",
                   agency_type="provincial_office", province="TH-90", ministry="mdes")
    helpers.call_action("organization_member_create", id=chiang_mai["id"],
                        username=users["member"]["name"], role="member")
    helpers.call_action("organization_member_create", id=songkhla["id"],
                        username=users["outsider"]["name"], role="member")
    weak = Dataset(owner_org=chiang_mai["id"], title="ปริมาณฝนรายปี", **ALL_TWO, **ASSESSOR,
                   resources=[{"name": "rain", "url": f"{base}/rain.csv", "format": "CSV"}])
    secret = Dataset(owner_org=chiang_mai["id"], title="ทะเบียนลับเฉพาะ", private=True,
                     **{k: "4" for k in ALL_TWO}, **ASSESSOR)
    # More of the metadata filled: a higher score than the Chiang Mai datasets.
    strong = Dataset(owner_org=songkhla["id"], title="ผลผลิตยางพารา",
                     accessible_condition="ใช้ได้โดยอ้างอิงแหล่งที่มา",
                     last_updated_date="2024-01-31", created_date="2020-01-01",
                     resources=[{"name": "yield", "url": f"{base}/rain.csv", "format": "CSV"}])
    try:
        for dataset in (weak, strong):
            for resource in helpers.call_action("package_show", id=dataset["id"])["resources"]:
                helpers.call_action("gdcatalog_quality_resource_assess",
                                    {"user": sysadmin["name"]}, id=resource["id"],
                                    background=False)
        tokens = {name: factories.APIToken(user=u["name"])["token"] for name, u in users.items()}
        tokens["sysadmin"] = factories.APIToken(user=sysadmin["name"])["token"]
        yield {"chiang_mai": chiang_mai, "songkhla": songkhla, "weak": weak, "secret": secret,
               "strong": strong, "users": {**users, "sysadmin": sysadmin, "anonymous": None},
               "tokens": tokens}
    finally:
        tk.config["ckan.gdcatalog.quality.allow_private_addresses"] = previous


def _call(action, user, **data):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context, **data)


def _headers(site, who):
    return {"Authorization": site["tokens"][who]} if who in site["tokens"] else {}


@pytest.mark.parametrize("who, sees_private", [
    ("anonymous", False), ("outsider", False), ("member", True), ("sysadmin", True)])
def test_the_summary_per_organization_counts_only_what_each_reader_may_read(
        site, who, sees_private):
    result = _call("gdcatalog_quality_summary", site["users"][who], by="organization")
    groups = {g["key"]: g for g in result["groups"]}
    chiang_mai = groups[site["chiang_mai"]["id"]]
    assert chiang_mai["label"] == "สำนักงานสถิติจังหวัดเชียงใหม่"
    assert chiang_mai["datasets"] == (2 if sees_private else 1)
    assert chiang_mai["private_datasets"] == (1 if sees_private else 0)
    # Self-assessment means: 2.00 alone, (2.00 + 4.00) / 2 with the private one.
    assert chiang_mai["self_assessment"] == (3.0 if sees_private else 2.0)
    assert chiang_mai["self_assessment_dimensions"]["self_assessment_accuracy"] == (
        3.0 if sees_private else 2.0)
    assert chiang_mai["completeness"] == pytest.approx(66.67)
    assert chiang_mai["weakest_metric"]["key"] == "completeness"
    assert result["count"] == (3 if sees_private else 2)
    # Worst first, and each group says what most of its datasets need.
    scores = [g["metadata_score"] for g in result["groups"]]
    assert scores == sorted(scores)
    assert result["groups"][0]["key"] == site["chiang_mai"]["id"]
    fix = chiang_mai["fixes"][0]
    assert fix["label"] and fix["advice"] and fix["datasets"] >= 1


def test_the_summary_per_province_and_a_bad_grouping(site):
    result = _call("gdcatalog_quality_summary", site["users"]["sysadmin"], by="province")
    groups = {g["key"]: g for g in result["groups"]}
    assert set(groups) == {"TH-50", "TH-90"}
    provinces = vocabularies.get("province")
    assert groups["TH-50"]["label"] in provinces.choice("TH-50").label.values()
    assert groups["TH-50"]["datasets"] == 2 and groups["TH-90"]["datasets"] == 1
    assert groups["TH-90"]["metadata_score"] > groups["TH-50"]["metadata_score"]
    with pytest.raises(tk.ValidationError) as raised:
        _call("gdcatalog_quality_summary", None, by="district")
    assert "organization or province" in raised.value.error_dict["by"][0]


@pytest.mark.parametrize("who, sees_private", [
    ("anonymous", False), ("outsider", False), ("member", True), ("sysadmin", True)])
def test_the_organization_page_lists_datasets_worst_first_with_fixes(app, site, who,
                                                                     sees_private):
    response = app.get("/organization/pso-chiang-mai/quality", headers=_headers(site, who))
    assert response.status_code == 200
    page = BeautifulSoup(response.body, "html.parser")
    rows = page.select("table.gdc-quality-datasets tr.gdc-quality-dataset")
    titles = [r.th.get_text(" ", strip=True) for r in rows]
    assert any("ปริมาณฝนรายปี" in t for t in titles)
    assert any("ทะเบียนลับเฉพาะ" in t for t in titles) == sees_private
    assert ("ทะเบียนลับเฉพาะ" in response.body) == sees_private
    first_fix = rows[0].select_one(".gdc-quality-fixes li")
    assert first_fix is not None and ":" in first_fix.get_text()
    charts = page.select("canvas[data-module=gdcatalog-quality-chart]")
    assert len(charts) == 3 and all(c["data-module-chart"].startswith("{") for c in charts)
    assert page.select_one("a[href='/organization/pso-chiang-mai/quality']") is not None  # tab


def test_the_organization_page_in_thai_and_for_unknown_organizations(app, site):
    body = app.get("/th/organization/pso-chiang-mai/quality").body
    assert "คุณภาพข้อมูล" in body and "สิ่งที่ควรแก้ไขก่อน" in body
    assert app.get("/organization/no-such-org/quality").status_code == 404


def test_the_chart_library_is_shipped_as_an_asset(app, site):
    body = app.get("/organization/pso-chiang-mai/quality").body
    scripts = re.findall(r'src="([^"]*quality-charts[^"]*\.js)"', body)
    assert scripts, "the page loads the chart bundle"
    bundle = app.get(scripts[0])
    assert bundle.status_code == 200
    assert "Chart.js v4.6.1" in bundle.body and "gdcatalog-quality-chart" in bundle.body


def test_the_central_dashboard_is_only_on_the_central_site(app, site):
    assert app.get("/quality").status_code == 404


@CENTRAL
@pytest.mark.parametrize("who, sees_private", [("anonymous", False), ("member", True)])
def test_the_central_dashboard_across_agencies_and_provinces(app, site, who, sees_private):
    response = app.get("/quality", headers=_headers(site, who))
    assert response.status_code == 200
    page = BeautifulSoup(response.body, "html.parser")
    agencies = page.select("table.gdc-quality-organizations tr.gdc-quality-group")
    assert [r.th.get_text(strip=True) for r in agencies] == [
        "สำนักงานสถิติจังหวัดเชียงใหม่", "สำนักงานสถิติจังหวัดสงขลา"]  # worst first
    assert agencies[0].select("td")[0].get_text(strip=True) == ("2" if sees_private else "1")
    provinces = page.select("table.gdc-quality-provinces tr.gdc-quality-group")
    assert len(provinces) == 2
    assert "Fill in the missing values" in agencies[0].get_text(" ", strip=True)
    assert len(page.select("canvas[data-module=gdcatalog-quality-chart]")) == 4
    assert "ทะเบียนลับเฉพาะ" not in response.body  # titles are never listed here
    # The main navigation leads here, and marks the tab only on this page.
    assert page.select_one('header.masthead li.active a[href$="/quality"]') is not None
    organization = BeautifulSoup(app.get("/organization/pso-chiang-mai/quality").body,
                                 "html.parser")
    assert organization.select_one('header.masthead a[href$="/quality"]') is not None
    assert organization.select_one('header.masthead li.active a[href$="/quality"]') is None

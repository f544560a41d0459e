"""The quality panel of the resource page: the latest content assessment of
that resource, each metric explained, what falls short first with what to
do, in English and Thai; with the resource's own read rights."""
import pytest

import ckan.plugins.toolkit as tk
from bs4 import BeautifulSoup
from ckan.tests import factories

from tests.factories import Dataset

pytestmark = [pytest.mark.ckan_config("ckan.gdcatalog.quality.allow_private_addresses", "true"),
              pytest.mark.ckan_config("ckan.gdcatalog.quality.auto", "false"),
              pytest.mark.usefixtures("clean_db", "clean_index")]

# 2 rows × 2 columns, one cell empty: completeness 75 %; no duplicate row;
# a checksum-valid Thai national ID number.
PEOPLE = b"name,pid\na,1101700203450\nb,\n"


def _assess(resource_id):
    tk.get_action("gdcatalog_quality_resource_assess")(
        {"ignore_auth": True}, {"id": resource_id, "background": False})


@pytest.fixture
def site(file_server):
    base, files = file_server
    files["/people.csv"] = (PEOPLE, "text/csv")
    files["/hidden.csv"] = (PEOPLE, "text/csv")
    files["/broken.xlsx"] = (b"PK\x03\x04 not a workbook", "application/octet-stream")
    member = factories.User()
    org = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    dataset = Dataset(owner_org=org["id"])
    people = factories.Resource(package_id=dataset["id"], url=f"{base}/people.csv",
                                format="CSV", name="people")
    broken = factories.Resource(package_id=dataset["id"], url=f"{base}/broken.xlsx",
                                format="XLSX", name="broken")
    waiting = factories.Resource(package_id=dataset["id"], url=f"{base}/later.csv",
                                 format="CSV", name="later")
    hidden = factories.Resource(package_id=dataset["id"], url=f"{base}/hidden.csv",
                                format="CSV", name="hidden", resource_private="true")
    for resource in (people, broken, hidden):
        _assess(resource["id"])
    return {"dataset": dataset, "people": people, "broken": broken, "waiting": waiting,
            "hidden": hidden, "member": factories.APIToken(user=member["name"])["token"]}


def _page(app, site, key, lang="", headers=None):
    url = f"{lang}/dataset/{site['dataset']['name']}/resource/{site[key]['id']}"
    return app.get(url, headers=headers or {})


def test_the_panel_explains_each_metric_and_puts_what_falls_short_first(app, site):
    page = BeautifulSoup(_page(app, site, "people").body, "html.parser")
    panel = page.select_one("section.gdc-quality-resource")
    assert "Data quality of this resource" in panel.get_text(" ", strip=True)
    rows = panel.select("table.gdc-quality-metrics tbody tr")
    first = rows[0]
    assert "gdc-quality-metric-completeness" in first["class"]
    assert "gdc-quality-short" in first["class"]
    cells = [c.get_text(" ", strip=True) for c in first.select("th, td")]
    assert cells[1] == "75.0%"
    assert "Share of the table's cells that hold a value" in cells[2]
    assert cells[3] == "Fill in the missing values, or explain in the description why they are missing."
    uniqueness = panel.select_one("tr.gdc-quality-metric-uniqueness")
    assert "gdc-quality-short" not in uniqueness["class"]
    assert [c.get_text(strip=True) for c in uniqueness.select("td")][0::2] == ["100.0%", "✓"]
    assert "★★★ (3/5)" in panel.select_one("tr.gdc-quality-metric-openness").get_text()
    shorts = [r for r in rows if "gdc-quality-short" in r["class"]]
    assert rows[:len(shorts)] == shorts
    assert "Rows: 2" in panel.get_text(" ", strip=True)
    # The dataset is public: the likely national ID number is shown prominently.
    alert = panel.select_one(".alert-danger.gdc-quality-personal-data")
    assert alert is not None and "look like Thai national ID numbers" in alert.get_text()


def test_the_panel_in_thai(app, site):
    text = BeautifulSoup(_page(app, site, "people", "/th").body, "html.parser").select_one(
        "section.gdc-quality-resource").get_text(" ", strip=True)
    assert "คุณภาพข้อมูลของทรัพยากรนี้" in text
    assert "เติมค่าที่ขาดหาย" in text and "ความสมบูรณ์" in text
    assert "เลขประจำตัวประชาชน" in text


def test_a_broken_file_and_a_file_not_assessed_say_so(app, site):
    panel = BeautifulSoup(_page(app, site, "broken").body, "html.parser").select_one(
        "section.gdc-quality-resource")
    error = panel.select_one(".gdc-quality-error").get_text(" ", strip=True)
    assert "The contents could not be assessed" in error
    waiting = BeautifulSoup(_page(app, site, "waiting").body, "html.parser").select_one(
        "section.gdc-quality-resource")
    assert "This file has not been assessed yet." in waiting.get_text(" ", strip=True)


def test_a_private_resource_and_its_results_stay_with_editors(app, site):
    assert _page(app, site, "hidden").status_code == 404
    response = _page(app, site, "hidden", headers={"Authorization": site["member"]})
    assert response.status_code in (403, 404)
    sysadmin = factories.APIToken(user=factories.Sysadmin()["name"])["token"]
    page = BeautifulSoup(_page(app, site, "hidden", headers={"Authorization": sysadmin}).body,
                         "html.parser")
    assert page.select_one("tr.gdc-quality-metric-completeness") is not None

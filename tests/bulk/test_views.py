"""The import pages through the web application, for each role; export
and template downloads."""
from __future__ import annotations

import io

import pytest
import ckan.model as model
from bs4 import BeautifulSoup
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories

from tests.bulk.workbooks import build, dataset_row


def _headers(people, who):
    if who is None:
        return {}
    return {"Authorization": factories.APIToken(user=people[who]["name"])["token"]}


def test_the_upload_page_is_for_editors_and_admins(app, people):
    url = f"/organization/{people['org']['name']}/import-excel"
    for who, status in [(None, 403), ("member", 403), ("outsider", 403),
                        ("editor", 200), ("admin", 200), ("sysadmin", 200)]:
        response = app.get(url, headers=_headers(people, who), status=status)
        if status == 200:
            assert 'name="upload"' in response.body
        else:  # nor can they post a file
            app.post(url, data={"upload": (io.BytesIO(b"x"), "a.xlsx")},
                     headers=_headers(people, who), status=status)
        app.get(f"{url}/some-id", headers=_headers(people, who),
                status=404 if status == 200 else status)


def test_the_organization_page_links_to_import_only_for_editors(app, people):
    url = f"/organization/{people['org']['name']}"
    editor = app.get(url, headers=_headers(people, "editor")).body
    member = app.get(url, headers=_headers(people, "member")).body
    assert "import-excel" in editor and "import-excel" not in member
    assert "export.xlsx" in member and "excel-template.xlsx" in member


@pytest.mark.usefixtures("clean_queues")
def test_upload_preview_then_import_the_valid_rows(app, people):
    headers = _headers(people, "editor")
    org = people["org"]["name"]
    content = build({"Temp2_Meta_Record": [
        dataset_row("good", "ชุดดี"), dataset_row("bad", "ชุดผิด", maintainer_email="x")]})
    response = app.post(f"/th/organization/{org}/import-excel", headers=headers,
                        data={"upload": (io.BytesIO(content), "catalog.xlsx")},
                        follow_redirects=False)
    assert response.status_code == 302, response.body
    status_url = response.headers["Location"]
    waiting = app.get(status_url, headers=headers).body
    assert 'http-equiv="refresh"' in waiting

    ckan_jobs.Worker().work(burst=True)
    page = BeautifulSoup(app.get(status_url, headers=headers).body, "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in page.select(".gdc-bulk-report tbody tr")]
    assert [r[:3] for r in rows] == [["Temp2_Meta_Record", "6", "good"],
                                     ["Temp2_Meta_Record", "7", "bad"]]
    assert "อีเมลผู้ติดต่อ" in rows[1][4]  # the field, in Thai
    assert "ไม่ใช่ที่อยู่อีเมล" in rows[1][4]  # the validator's message, translated in the job
    assert model.Session.query(model.Package).count() == 0
    form = page.select_one("form[action$='/import']")
    assert form is not None

    started = app.post(form["action"], headers=headers, follow_redirects=False)
    assert started.status_code == 302
    ckan_jobs.Worker().work(burst=True)
    final = app.get(started.headers["Location"], headers=headers).body
    assert "gdc-bulk-created" in final and "gdc-bulk-invalid" in final
    model.Session.expire_all()
    assert [p.name for p in model.Session.query(model.Package)] == ["good"]


def test_a_bad_file_is_shown_on_the_upload_page(app, people):
    response = app.post(f"/organization/{people['org']['name']}/import-excel",
                        headers=_headers(people, "editor"),
                        data={"upload": (io.BytesIO(b"not a workbook"), "a.xlsx")})
    assert response.status_code == 200
    assert "not an Excel workbook" in response.body


def test_status_of_an_unknown_import_is_404(app, people):
    app.get(f"/organization/{people['org']['name']}/import-excel/nope",
            headers=_headers(people, "editor"), status=404)


def test_downloads(app, people):
    org = people["org"]["name"]
    xlsx = app.get(f"/organization/{org}/export.xlsx")
    assert xlsx.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx.headers["Content-Disposition"]
    csv = app.get(f"/organization/{org}/export.csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    app.get(f"/organization/{org}/export.pdf", status=400)
    app.get("/organization/no-such-org/export.xlsx", status=404)
    blank = app.get("/dataset/excel-template.xlsx")
    assert blank.data[:2] == b"PK"


def _names_in(workbook: bytes) -> set[str]:
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    return {str(cell) for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True) for cell in row if cell}


def test_a_search_result_exports_what_the_user_may_see(app, people):
    from tests.factories import Dataset
    org = people["org"]["id"]
    Dataset(owner_org=org, name="rain-public", title="ปริมาณน้ำฝนรายเดือน")
    Dataset(owner_org=org, name="rain-private", title="ปริมาณน้ำฝนรายวัน", private=True)
    Dataset(owner_org=org, name="population", title="จำนวนประชากร")
    page = app.get("/dataset/", query_string={"q": "น้ำฝน"}).body
    assert "/dataset/export.xlsx?q=" in page and "/dataset/export.csv?q=" in page

    anonymous = _names_in(app.get("/dataset/export.xlsx", query_string={"q": "น้ำฝน"}).data)
    assert "rain-public" in anonymous
    assert not {"rain-private", "population"} & anonymous
    member = _names_in(app.get("/dataset/export.xlsx", query_string={"q": "น้ำฝน"},
                               headers=_headers(people, "member")).data)
    assert {"rain-public", "rain-private"} <= member and "population" not in member
    everything = app.get("/dataset/export.csv").get_data(as_text=True)
    assert "rain-public" in everything and "population" in everything
    assert "rain-private" not in everything
    app.get("/dataset/export.pdf", status=400)

"""The registry's web pages, in Thai and English, with each role."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories, helpers

ALLOW_LOCAL = pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "127.0.0.1")
CENTRAL = pytest.mark.ckan_config("ckan.gdcatalog.registry.admin_organization", "gdc-central")
CENTRAL_ROLE = pytest.mark.ckan_config("ckan.gdcatalog.role", "central")

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"), ALLOW_LOCAL, CENTRAL,
              CENTRAL_ROLE]


def _headers(user):
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


@pytest.fixture
def people():
    applicant, reviewer, stranger = factories.User(), factories.User(), factories.User()
    factories.Organization(name="gdc-central", users=[
        {"name": reviewer["name"], "capacity": "member"}])
    return {name: {"user": user, "headers": _headers(user)} for name, user in (
        ("applicant", applicant), ("reviewer", reviewer), ("stranger", stranger))}


FORM = {"catalog_url": "", "agency_title": "สำนักงานสถิติจังหวัดน่าน", "agency_type": "provincial_office",
        "province": "TH-55", "ministry": "mdes", "contact_name": "คุณสมหญิง",
        "contact_email": "nan@example.go.th", "harvest_frequency": "WEEKLY"}


def _errors(body):
    soup = BeautifulSoup(body, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".error-explanation, .error-block"))


def test_anonymous_visitors_are_sent_to_log_in(app):
    for path in ("/registry/apply", "/registry/mine", "/registry/queue"):
        response = app.get(path, follow_redirects=False)
        assert response.status_code == 302 and "/user/login" in response.headers["Location"]


def test_apply_review_and_approve_through_the_pages(app, people, base_url):
    form = dict(FORM, catalog_url=base_url + "/catalog.ttl")
    page = app.get("/th/registry/apply", headers=people["applicant"]["headers"])
    assert "ลงทะเบียนบัญชีข้อมูล" in page.body and "ประเภทหน่วยงาน" in page.body
    response = app.post("/th/registry/apply", data=form, headers=people["applicant"]["headers"],
                        follow_redirects=False)
    assert response.status_code == 302, _errors(response.body)
    application_path = response.headers["Location"].split("localhost")[-1]
    application_path = application_path[application_path.index("/registry/"):]

    mine = app.get("/th/registry/mine", headers=people["applicant"]["headers"])
    assert "สำนักงานสถิติจังหวัดน่าน" in mine.body and "รอพิจารณา" in mine.body
    # each way back: the applicant's own list, the reviewers' queue
    assert 'href="/registry/mine"' in app.get(
        application_path, headers=people["applicant"]["headers"]).body
    assert 'href="/registry/queue"' in app.get(
        application_path, headers=people["reviewer"]["headers"]).body
    assert "สำนักงานสถิติจังหวัดน่าน" not in app.get(
        "/registry/mine", headers=people["stranger"]["headers"]).body
    assert app.get(application_path, headers=people["stranger"]["headers"]).status_code == 403
    assert app.get("/registry/queue", headers=people["applicant"]["headers"]).status_code == 403

    queue = app.get("/registry/queue", headers=people["reviewer"]["headers"])
    assert "สำนักงานสถิติจังหวัดน่าน" in queue.body and "pending" in queue.body
    checked = app.post(application_path, data={"step": "check"},
                       headers=people["reviewer"]["headers"])
    assert "Valid DCAT catalog with 3 datasets." in checked.body
    # the applicant may not approve their own application
    assert app.post(application_path, data={"step": "approve"},
                    headers=people["applicant"]["headers"]).status_code == 403
    approved = app.post(application_path, data={"step": "approve"},
                        headers=people["reviewer"]["headers"])
    assert approved.status_code == 200
    assert "approved" in approved.body and people["reviewer"]["user"]["name"] in approved.body
    result = helpers.call_action("gdcatalog_registry_application_list",
                                 context={"user": people["reviewer"]["user"]["name"]})
    assert [a["state"] for a in result["results"]] == ["approved"]


def test_errors_are_shown_in_thai_and_nothing_is_saved(app, people):
    form = dict(FORM, catalog_url="ftp://nope", contact_email="ไม่ใช่อีเมล", province="")
    response = app.post("/th/registry/apply", data=form, headers=people["applicant"]["headers"])
    assert response.status_code == 200
    errors = _errors(response.body)
    assert "ไม่ใช่ที่อยู่เว็บ" in errors and "ไม่ใช่ที่อยู่อีเมล" in errors
    assert "สำนักงานส่วนภูมิภาคต้องระบุจังหวัด" in errors
    assert helpers.call_action("gdcatalog_registry_application_list",
                               context={"user": people["reviewer"]["user"]["name"]})["count"] == 0


def test_reject_needs_a_reason_on_the_page_too(app, people, base_url):
    application = helpers.call_action(
        "gdcatalog_registry_apply", context={"user": people["applicant"]["user"]["name"]},
        **dict(FORM, catalog_url=base_url + "/catalog.ttl"))
    path = f"/registry/{application['id']}"
    response = app.post(path, data={"step": "reject", "reason": ""},
                        headers=people["reviewer"]["headers"])
    assert "Please give a reason" in _errors(response.body)
    response = app.post("/th" + path, data={"step": "reject", "reason": "ไม่มีชุดข้อมูล"},
                        headers=people["reviewer"]["headers"])
    assert "ไม่อนุมัติ" in response.body and "ไม่มีชุดข้อมูล" in response.body
    # the applicant sees the outcome and the reason
    page = app.get("/th" + path, headers=people["applicant"]["headers"])
    assert "ไม่อนุมัติ" in page.body and "ไม่มีชุดข้อมูล" in page.body
    assert app.get("/registry/no-such-id", headers=people["reviewer"]["headers"]).status_code == 404

"""Cross-site requests (security issue #23, finding 3).

A logged-in browser's POST to a page that changes something needs the
CSRF token of the page's own form: our pages whatever
``ckan.csrf_protection.ignore_extensions`` says, the pages of the
extensions we ship as docs/deployment.md configures them, and every page
even after an anonymous request to it (which CKAN 2.12 takes as a reason
to stop checking it). ckanext-harvest's buttons change nothing on GET.
The remember-me cookie is not sent with other sites' requests.

Each test logs in as a browser does (the login form, a cookie session)
and sends the forged request first: no token, answered 400, nothing
changed; then the same request with the token of the page's form.
"""
from __future__ import annotations

import io
from typing import Any, Iterator, Optional

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestSource

from tests.bulk.workbooks import build, dataset_row
from tests.factories import Dataset, mandatory_fields
from tests.harvest.conftest import HARVEST_CONFIG, make_source

PASSWORD = "RightHorseBattery42"
CATALOG_URL = "http://127.0.0.1:9/catalog.ttl"  # never fetched here

CSRF_ON = pytest.mark.ckan_config("WTF_CSRF_ENABLED", True)
# As docs/deployment.md and dev.sh configure a site (CKAN 2.11's option;
# CKAN 2.12 always checks extensions).
AS_DEPLOYED = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", False)
# CKAN 2.11's default, which exempts every extension's pages.
CKAN_DEFAULT = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)
CENTRAL = [pytest.mark.ckan_config("ckan.gdcatalog.role", "central"),
           pytest.mark.ckan_config("ckan.gdcatalog.registry.admin_organization", "gdc-central"),
           pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "127.0.0.1")]

pytestmark = [CSRF_ON, pytest.mark.usefixtures("clean_db", "clean_index")]

EITHER_SETTING = pytest.mark.parametrize("setting", [
    pytest.param("deployed", marks=AS_DEPLOYED), pytest.param("ckan-default", marks=CKAN_DEFAULT)])


class Browser:
    """A logged-in browser: the test client keeps the session cookie."""

    def __init__(self, app: Any, user: dict[str, Any]) -> None:
        self.client = app.test_client()
        login = self.client.get("/user/login")
        response = self.client.post("/user/login", follow_redirects=False, data={
            "login": user["name"], "password": PASSWORD, "remember": "63072000",
            **self.token(login.body, "form:has(input[name=login])")})
        assert response.status_code == 302, response.body
        self.login = response
        assert self.client.get("/dashboard/datasets", follow_redirects=False).status_code == 200

    @staticmethod
    def token(body: str, form: str) -> dict[str, str]:
        """The CSRF field of the form (a CSS selector) of a page."""
        name = tk.config.get("WTF_CSRF_FIELD_NAME")
        found = BeautifulSoup(body, "html.parser").select_one(f"{form} input[name={name}]")
        assert found is not None, f"no CSRF token in {form}"
        return {name: found["value"]}

    def form_token(self, page: str, form: str) -> dict[str, str]:
        return self.token(self.client.get(page).body, form)

    def get(self, path: str) -> Any:
        return self.client.get(path, follow_redirects=False)

    def post(self, path: str, data: Optional[dict[str, Any]] = None) -> Any:
        return self.client.post(path, data=data or {}, follow_redirects=False)


def visit_anonymously(app: Any, path: str) -> None:
    """What anyone can do first; CKAN 2.12 then stops checking the page."""
    app.get(path)
    app.post(path, data={})


def user(**fields: Any) -> dict[str, Any]:
    return factories.User(password=PASSWORD, **fields)


def editor_and_organization() -> tuple[dict[str, Any], dict[str, Any]]:
    editor = user()
    return editor, factories.Organization(users=[{"name": editor["name"],
                                                  "capacity": "editor"}])


def dataset_form(**fields: Any) -> dict[str, str]:
    """CKAN's dataset form as a browser posts it, mandatory fields filled."""
    return {key: ",".join(value) if isinstance(value, list) else str(value)
            for key, value in mandatory_fields(**fields).items()}


def refused(response: Any) -> bool:
    return response.status_code == 400 and "CSRF" in response.body


# -- our pages -------------------------------------------------------------

@EITHER_SETTING
def test_changing_the_data_type_needs_the_token(app, setting):
    editor, org = editor_and_organization()
    dataset = Dataset(owner_org=org["id"])
    path = f"/dataset/{dataset['name']}/data-type"
    change = {"data_type": "multiple", "confirm": "true"}
    visit_anonymously(app, path)
    browser = Browser(app, editor)

    assert refused(browser.post(path, change))
    assert helpers.call_action("package_show", id=dataset["id"])["data_type"] == "record"

    token = browser.form_token(path, "form.gdc-data-type-change")
    assert browser.post(path, {**change, **token}).status_code == 302
    assert helpers.call_action("package_show", id=dataset["id"])["data_type"] == "multiple"


def test_requests_with_an_api_token_are_not_checked(app):
    # CKAN's rule, kept: no browser session, no cross-site request to fear.
    editor, org = editor_and_organization()
    dataset = Dataset(owner_org=org["id"])
    token = factories.APIToken(user=editor["name"])["token"]
    response = app.post(f"/dataset/{dataset['name']}/data-type",
                        data={"data_type": "statistical", "confirm": "true"},
                        headers={"Authorization": token}, follow_redirects=False)
    assert response.status_code == 302
    assert helpers.call_action("package_show", id=dataset["id"])["data_type"] == "statistical"


def _applications() -> dict[str, str]:
    """Every application's state, by id, as stored."""
    from ckanext.gdcatalog.registry import store
    table = store.application_table
    model.Session.expire_all()
    return dict(model.Session.execute(sa.select(table.c.id, table.c.state)).all())


@pytest.mark.parametrize("setting", [
    pytest.param("deployed", marks=[AS_DEPLOYED, *CENTRAL]),
    pytest.param("ckan-default", marks=[CKAN_DEFAULT, *CENTRAL])])
def test_applying_withdrawing_and_rejecting_need_the_token(app, setting):
    applicant, reviewer = user(), user()
    factories.Organization(name="gdc-central", users=[
        {"name": reviewer["name"], "capacity": "member"}])
    form = {"catalog_url": CATALOG_URL, "agency_title": "สำนักงานสถิติจังหวัดน่าน",
            "agency_type": "provincial_office", "province": "TH-55", "ministry": "mdes",
            "contact_name": "คุณสมหญิง", "contact_email": "nan@example.go.th",
            "harvest_frequency": "WEEKLY"}
    visit_anonymously(app, "/registry/apply")
    browser = Browser(app, applicant)

    assert refused(browser.post("/registry/apply", form))
    assert _applications() == {}
    token = browser.form_token("/registry/apply", "form.gdc-registry-apply")
    assert browser.post("/registry/apply", {**form, **token}).status_code == 302
    [first] = _applications()

    # the applicant withdraws it
    path = f"/registry/{first}"
    visit_anonymously(app, path)
    assert refused(browser.post(path, {"step": "withdraw"}))
    assert _applications() == {first: "pending"}
    token = browser.form_token(path, "form.gdc-registry-review")
    assert browser.post(path, {"step": "withdraw", **token}).status_code == 302
    assert _applications() == {first: "withdrawn"}

    # a reviewer rejects another
    second = helpers.call_action("gdcatalog_registry_apply", {"user": applicant["name"]},
                                 **dict(form, catalog_url=CATALOG_URL + "?second"))["id"]
    reviewing = Browser(app, reviewer)
    path = f"/registry/{second}"
    reject = {"step": "reject", "reason": "ซ้ำกับบัญชีเดิม"}
    assert refused(reviewing.post(path, reject))
    assert _applications() == {first: "withdrawn", second: "pending"}
    token = reviewing.form_token(path, "form.gdc-registry-review")
    assert reviewing.post(path, {**reject, **token}).status_code == 302
    assert _applications() == {first: "withdrawn", second: "rejected"}


def _bulk_state_keys() -> list[bytes]:
    return connect_to_redis().keys(f"{tk.config.get('ckan.site_id')}:gdcatalog:bulk:*")


@EITHER_SETTING
@pytest.mark.usefixtures("clean_queues")
def test_the_excel_import_and_its_confirmation_need_the_token(app, setting):
    editor, org = editor_and_organization()
    path = f"/organization/{org['name']}/import-excel"
    content = build({"Temp2_Meta_Record": [dataset_row("from-excel", "ชุดจากไฟล์")]})
    visit_anonymously(app, path)
    browser = Browser(app, editor)

    def upload(**token: str) -> Any:
        return browser.post(path, {"upload": (io.BytesIO(content), "catalog.xlsx"), **token})

    keys = sorted(_bulk_state_keys())
    assert refused(upload())
    assert sorted(_bulk_state_keys()) == keys and ckan_jobs.get_queue().count == 0
    preview = upload(**browser.form_token(path, "form[enctype='multipart/form-data']"))
    assert preview.status_code == 302
    ckan_jobs.Worker().work(burst=True)

    status = preview.headers["Location"]
    confirm = f"{path}/{status.rstrip('/').rsplit('/', 1)[-1]}/import"
    visit_anonymously(app, confirm)
    keys = sorted(_bulk_state_keys())
    assert refused(browser.post(confirm))
    assert sorted(_bulk_state_keys()) == keys and ckan_jobs.get_queue().count == 0
    token = browser.form_token(status, "form[action$='/import']")
    assert browser.post(confirm, token).status_code == 302
    ckan_jobs.Worker().work(burst=True)
    assert [p.name for p in model.Session.query(model.Package)] == ["from-excel"]


# -- the extensions we ship, and CKAN ---------------------------------------

@AS_DEPLOYED
def test_creating_a_dataset_needs_the_token(app):
    # /dataset/new is ckanext-dcat's route (content negotiation)
    editor, org = editor_and_organization()
    form = dataset_form(name="made-by-form", title="ชุดจากแบบฟอร์ม", owner_org=org["id"],
                        save="continue")
    visit_anonymously(app, "/dataset/new")
    browser = Browser(app, editor)

    assert refused(browser.post("/dataset/new", form))
    assert model.Package.by_name("made-by-form") is None
    token = browser.form_token("/dataset/new", "form#dataset-edit")
    assert browser.post("/dataset/new", {**form, **token}).status_code == 302
    assert model.Package.by_name("made-by-form") is not None


def test_an_anonymous_request_does_not_lift_the_check_of_ckans_own_pages(app):
    # CKAN 2.12 exempts a page for good once a request without a session
    # reaches it; CKAN 2.11 exempts only that request.
    editor, org = editor_and_organization()
    dataset = Dataset(owner_org=org["id"], title="ชื่อเดิม")
    path = f"/dataset/edit/{dataset['name']}"
    visit_anonymously(app, path)
    browser = Browser(app, editor)
    form = dataset_form(name=dataset["name"], title="ชื่อใหม่", owner_org=org["id"], save="")
    assert refused(browser.post(path, form))
    assert helpers.call_action("package_show", id=dataset["id"])["title"] == "ชื่อเดิม"
    token = browser.form_token(path, "form#dataset-edit")
    assert browser.post(path, {**form, **token}).status_code == 302
    assert helpers.call_action("package_show", id=dataset["id"])["title"] == "ชื่อใหม่"


@pytest.fixture
def harvest_queues() -> Iterator[None]:
    """Reharvesting sends the job to the gather queue; leave it empty."""
    yield
    queue.purge_queues()


def _jobs(source_id: str) -> list[HarvestJob]:
    model.Session.expire_all()
    return model.Session.query(HarvestJob).filter_by(source_id=source_id).all()


@pytest.mark.parametrize("setting", [
    pytest.param("deployed", marks=[*HARVEST_CONFIG, AS_DEPLOYED]),
    pytest.param("ckan-default", marks=[*HARVEST_CONFIG, CKAN_DEFAULT])])
@pytest.mark.usefixtures("harvest_queues")
def test_harvest_buttons_change_nothing_on_get_and_need_the_token(app, setting):
    admin = user(sysadmin=True)
    org = factories.Organization()
    source = make_source(CATALOG_URL, org, admin)
    admin_page = f"/harvest/admin/{source['name']}"
    browser = Browser(app, admin)

    # Reharvest
    refresh = f"/harvest/refresh/{source['id']}"
    assert browser.get(refresh).status_code == 405
    assert refused(browser.post(refresh))
    assert _jobs(source["id"]) == []
    token = browser.form_token(admin_page, f"form[action='{refresh}']")
    assert browser.post(refresh, token).status_code == 302
    [job] = _jobs(source["id"])

    # Stop the running job
    job.status = "Running"
    model.Session.commit()
    abort = f"/harvest/{source['name']}/job/{job.id}/abort"
    assert browser.get(abort).status_code == 405
    assert refused(browser.post(abort))
    assert [j.status for j in _jobs(source["id"])] == ["Running"]
    token = browser.form_token(admin_page, f"form[action='{abort}']")
    assert browser.post(abort, token).status_code == 302
    assert [j.status for j in _jobs(source["id"])] == ["Finished"]

    # Clear
    clear = f"/harvest/clear/{source['id']}"
    assert browser.get(clear).status_code == 405
    assert refused(browser.post(clear))
    assert len(_jobs(source["id"])) == 1
    token = browser.form_token(admin_page, f"form[action='{clear}']")
    assert browser.post(clear, token).status_code == 302
    assert _jobs(source["id"]) == []

    # Delete (the edit form's menu posts with the page's token)
    delete = f"/harvest/delete/{source['name']}"
    assert browser.get(delete).status_code == 405
    assert refused(browser.post(delete))
    model.Session.expire_all()
    assert HarvestSource.get(source["id"]).active
    token = browser.form_token(f"/harvest/edit/{source['name']}", "form#source-new")
    assert browser.post(delete, token).status_code == 302
    model.Session.expire_all()
    assert not HarvestSource.get(source["id"]).active


# -- cookies ---------------------------------------------------------------

def _remember_cookie(browser: Browser) -> str:
    name = tk.config.get("REMEMBER_COOKIE_NAME")
    [cookie] = [c for c in browser.login.headers.getlist("Set-Cookie")
                if c.startswith(f"{name}=")]
    return cookie


def test_the_remember_me_cookie_stays_on_this_site(app):
    # CKAN's defaults, as `ckan generate config` writes them: SameSite=None
    # without Secure.
    cookie = _remember_cookie(Browser(app, user()))
    assert "SameSite=Lax" in cookie and "Secure" not in cookie


@pytest.mark.ckan_config("ckan.site_url", "https://catalog.example.go.th")
def test_on_an_https_site_the_login_cookies_are_secure(app):
    browser = Browser(app, user())
    cookies = browser.login.headers.getlist("Set-Cookie")
    assert "SameSite=Lax" in _remember_cookie(browser)
    session = tk.config.get("SESSION_COOKIE_NAME")
    assert [c for c in cookies if c.startswith(f"{session}=")]
    assert all("; Secure" in c for c in cookies)


@pytest.mark.ckan_config("REMEMBER_COOKIE_SECURE", True)
@pytest.mark.ckan_config("REMEMBER_COOKIE_SAMESITE", "None")
def test_a_site_that_chose_samesite_none_with_secure_keeps_it(app):
    assert "SameSite=None" in _remember_cookie(Browser(app, user()))

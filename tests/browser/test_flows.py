"""The site in a real browser (Debian's Chromium), in Thai: a steward logs
in, creates datasets of two data types through the form, meets a
validation error and publishes; a visitor searches in Thai and filters by a
facet; an agency applies to register its catalog. Each page is checked for
the accessibility basics (labels, keyboard, alt text)."""
from __future__ import annotations

import re

import pytest

from tests.browser import a11y
from tests.browser.conftest import screenshot
from tests.i18n.site import STEWARD_PASSWORD

pytestmark = pytest.mark.without_plugins  # the server fixture loads them once

# The standard's mandatory fields, as a steward fills them in.
FORM = {
    "title": "จำนวนผู้ใช้บริการห้องสมุดประชาชน",
    "notes": "จำนวนผู้ใช้บริการห้องสมุดประชาชนรายเดือน จำแนกตามจังหวัด",
    "tag_string": "ห้องสมุด, การอ่าน",
    "maintainer": "กองสถิติสังคม",
    "maintainer_email": "social@nso.example.go.th",
    "data_source": "สำนักงานสถิติแห่งชาติ",
}
SELECTS = {"update_frequency_unit": "month", "geo_coverage": "province",
           "data_category": "public", "license_id": "cc-by"}
CHECKS = {"objective": "agency_mission", "data_format": "csv"}


def _log_in(page, user: str) -> None:
    page.goto("/user/login")
    a11y.check(page, "form#login, form.form-horizontal, main form", "main button[type=submit]")
    screenshot(page, "login")
    page.fill("#field-login", user)
    page.fill("#field-password", STEWARD_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/user/login" not in page.url


def _fill(page, title: str, skip: tuple[str, ...] = ()) -> None:
    for name, value in {**FORM, "title": title}.items():
        if name not in skip:
            page.fill(f"[name={name}]", value)
    for name, value in SELECTS.items():
        page.select_option(f"select[name={name}]", value)
    for name, value in CHECKS.items():
        page.check(f"input[name={name}][value={value}]")


def _errors(page) -> str:
    return " ".join(page.locator(".error-explanation, .error-block").all_inner_texts())


@pytest.mark.parametrize("data_type", ["record", "statistical"])
def test_a_steward_creates_and_publishes_a_dataset(page, server, data_type):
    _log_in(page, server["site"].steward["name"])
    page.goto(f"/dataset/new?data_type={data_type}")
    assert page.locator("html").get_attribute("lang") == "th"
    a11y.check(page, "form#dataset-edit", "form#dataset-edit button[type=submit][name=save]")
    title = f"ทดสอบเบราว์เซอร์ {data_type}"

    # Without a description the form comes back with the error in Thai.
    _fill(page, title, skip=("notes",))
    page.click("form#dataset-edit button[type=submit][name=save]")
    page.wait_for_load_state()
    assert re.search(r"[ก-๙]", _errors(page)), _errors(page)
    assert not re.search(r"Missing value", _errors(page))
    screenshot(page, f"dataset-form-error-{data_type}")

    page.fill("[name=notes]", FORM["notes"])
    for name, value in CHECKS.items():  # a returned form keeps them; make sure
        page.check(f"input[name={name}][value={value}]")
    page.click("form#dataset-edit button[type=submit][name=save]")
    page.wait_for_load_state()
    assert "/resource/new" in page.url, _errors(page)
    screenshot(page, f"resource-form-{data_type}")

    # Publish: add a link to the data and finish.
    page.fill("[name=url]", "https://nso.example.go.th/data/library.csv")
    page.fill("form#resource-edit [name=name]", "ตารางผู้ใช้บริการ")
    page.click("form#resource-edit button[type=submit][value=go-metadata]")
    page.wait_for_load_state()
    assert "/dataset/" in page.url and "/resource/new" not in page.url, _errors(page)
    assert title in page.inner_text("main")
    screenshot(page, f"dataset-{data_type}")
    a11y.check(page, "body", "main a")


def test_a_visitor_searches_in_thai_and_filters_by_a_facet(page):
    page.goto("/")
    screenshot(page, "home")
    assert not a11y.images_without_alt(page)
    page.fill("#field-main-search, input[name=q]", "สถิติ")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "/dataset" in page.url
    found = page.inner_text(".search-form h2, .search-form .search-results-heading, main")
    assert "พบ" in found or "ชุดข้อมูล" in found
    screenshot(page, "search")
    before = page.locator(".dataset-item").count()
    assert before > 0
    facet = page.locator("section.module-narrow a[href*='data_type=']").first
    facet.click()
    page.wait_for_load_state()
    assert "data_type=" in page.url
    after = page.locator(".dataset-item").count()
    assert 0 < after <= before
    screenshot(page, "search-facet")


def test_an_agency_applies_to_register_its_catalog(page, server):
    _log_in(page, server["site"].applicant["name"])
    page.goto("/registry/apply")
    a11y.check(page, "main form", "main form button[type=submit]")
    screenshot(page, "registry-apply")
    # No contact: the error in Thai, nothing saved.
    page.fill("#field-catalog_url", "http://127.0.0.1:9/other-catalog.ttl")
    page.fill("#field-agency_title", "สำนักงานสถิติจังหวัดแพร่")
    page.select_option("#field-agency_type", "provincial_office")
    page.select_option("#field-province", "TH-54")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert re.search(r"[ก-๙]", _errors(page)), _errors(page)
    page.fill("#field-contact_name", "คุณสมหญิง")
    page.fill("#field-contact_email", "phrae@example.go.th")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/registry/" in page.url and "/apply" not in page.url, _errors(page)
    assert "สำนักงานสถิติจังหวัดแพร่" in page.inner_text("main")
    screenshot(page, "registry-application")

"""The site in a real browser (Debian's Chromium), in Thai: a steward logs
in, creates a dataset of each data type through the form, meets a
validation error and publishes; a visitor searches in Thai and filters by a
facet and finds a province on the directory map; an agency applies to
register its catalog and a central administrator approves it; the quality
dashboards draw their charts. Each page is checked for the accessibility
basics (labels, keyboard, alt text)."""
from __future__ import annotations

import re

import pytest

from ckan.tests import helpers

from tests.browser import a11y
from tests.browser.conftest import screenshot
from tests.i18n.site import STEWARD_PASSWORD

# No without_plugins mark: the served site needs the plugins loaded for
# every test, and tests/conftest.py keeps them loaded from one to the next.

# The standard's mandatory fields, as a steward fills them in.
FORM = {
    "title": "จำนวนผู้ใช้บริการห้องสมุดประชาชน",
    "notes": "จำนวนผู้ใช้บริการห้องสมุดประชาชนรายเดือน จำแนกตามจังหวัด",
    "tag_string": "ห้องสมุด, การอ่าน",
    "maintainer": "กองสถิติสังคม",
    "maintainer_email": "social@nso.example.go.th",
    "data_source": "สำนักงานสถิติแห่งชาติ",
    "update_frequency_interval": "1",
}
SELECTS = {"update_frequency_unit": "month", "geo_coverage": "province",
           "data_category": "public", "license_id": "cc-by"}
CHECKS = {"objective": "agency_mission", "data_format": "csv"}
# A self-assessment on the DGA guideline's 1-4 scale, dated in the Buddhist
# Era (the year a Thai reader picks in the date field).
ASSESSMENT = {"self_assessment_accuracy": "3", "self_assessment_consistency": "4",
              "self_assessment_relevancy": "2.5", "self_assessment_timeliness": "3",
              "self_assessment_availability": "4", "self_assessment_date": "2569-11-01",
              "self_assessment_assessor": "กลุ่มงานบริหารข้อมูล"}


def _submit(page, selector: str) -> None:
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def _log_in(page, user: str) -> None:
    page.goto("/user/login")
    a11y.check(page, "form:has(#field-login)", "form:has(#field-login) button[type=submit]")
    screenshot(page, "login")
    page.fill("#field-login", user)
    page.fill("#field-password", STEWARD_PASSWORD)
    _submit(page, "form:has(#field-login) button[type=submit]")
    assert "/user/login" not in page.url


_SET_VALUE = """(e, v) => { e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); }"""


def _set(page, selector: str, value: str, select: bool = False) -> None:
    """Type or choose ``value``; a field CKAN 2.11 hides behind a select2
    widget (keywords, some drop-downs) gets its value set as the widget does."""
    field = page.locator(selector)
    if not field.is_visible():
        field.evaluate(_SET_VALUE, value)
    elif select:
        field.select_option(value)
    else:
        field.fill(value)


def _fill(page, title: str, skip: tuple[str, ...] = ()) -> None:
    for name, value in {**FORM, "title": title}.items():
        if name not in skip:
            _set(page, f"[name={name}]", value)
    for name, value in SELECTS.items():
        _set(page, f"select[name={name}]", value, select=True)
    for name, value in CHECKS.items():
        page.check(f"input[name={name}][value={value}]")


def _errors(page) -> str:
    return " ".join(page.locator(".error-explanation, .error-block").all_inner_texts())


# The types whose steward first forgets the description (the others are
# filled in right the first time).
MEETS_AN_ERROR = ("record", "statistical")


@pytest.mark.parametrize("data_type", ["record", "statistical", "geospatial", "multiple", "other"])
def test_a_steward_creates_and_publishes_a_dataset(page, server, data_type):
    _log_in(page, server["site"].steward["name"])
    page.goto(f"/dataset/new?data_type={data_type}")
    assert page.locator("html").get_attribute("lang") == "th"
    # Every field labelled on each type's form; the keyboard walk over one
    # (the fields in between differ, the way through them does not).
    a11y.check(page, "form#dataset-edit", "form#dataset-edit button[type=submit][name=save]",
               keyboard=data_type == "record")
    title = f"ทดสอบเบราว์เซอร์ {data_type}"

    _fill(page, title, skip=("notes",) if data_type in MEETS_AN_ERROR else ())
    if data_type == "other":  # the type's own name, which "other" asks for
        assert page.locator("[name=data_type_other]").is_visible()
        page.fill("[name=data_type_other]", "ข้อมูลจากเซนเซอร์")
    if data_type in MEETS_AN_ERROR:
        # Without a description the form comes back with the error in Thai.
        _submit(page, "form#dataset-edit button[type=submit][name=save]")
        assert re.search(r"[ก-๙]", _errors(page)), _errors(page)
        assert not re.search(r"Missing value", _errors(page))
        screenshot(page, f"dataset-form-error-{data_type}")
        _set(page, "[name=notes]", FORM["notes"])
        for name, value in CHECKS.items():  # a returned form keeps them; make sure
            page.check(f"input[name={name}][value={value}]")
    if data_type == "statistical":  # the steward's own quality assessment
        for name, value in ASSESSMENT.items():
            page.fill(f"[name={name}]", value)
    _submit(page, "form#dataset-edit button[type=submit][name=save]")
    # Saved: the data's page follows (datasets need no resource on this site)
    # or, on the two-stage form, the resource step.
    assert "/dataset/new" not in page.url, _errors(page)
    name = re.search(r"/dataset/([^/?#]+)", page.url).group(1)

    # Add a link to the data and publish.
    if "/resource/new" not in page.url:
        page.goto(f"/dataset/{name}/resource/new")
    a11y.check(page, "form#resource-edit", "form#resource-edit button.btn-primary[name=save]",
               keyboard=data_type == "record")
    screenshot(page, f"resource-form-{data_type}")
    page.click("form#resource-edit button:has(.fa-globe)")  # "Link" (not an upload)
    page.fill("form#resource-edit [name=url]", "https://nso.example.go.th/data/library.csv")
    page.fill("form#resource-edit [name=name]", "ตารางผู้ใช้บริการ")
    _submit(page, "form#resource-edit button.btn-primary[name=save]")
    page.goto(f"/dataset/{name}")
    assert title in page.inner_text("#content")
    assert "ตารางผู้ใช้บริการ" in page.inner_text("#content")
    screenshot(page, f"dataset-{data_type}")
    assert not a11y.images_without_alt(page)
    published = helpers.call_action("package_show", id=name)
    assert (published["state"], published["data_type"]) == ("active", data_type)
    if data_type == "other":
        assert published["data_type_other"] == "ข้อมูลจากเซนเซอร์"
    if data_type == "statistical":
        assert (float(published["self_assessment_relevancy"]),
                published["self_assessment_date"]) == (2.5, "2026-11-01")
        overall = page.locator("tr.gdc-self-assessment-overall")
        overall.scroll_into_view_if_needed()
        assert "3.30 / 4.00" in overall.inner_text()  # (3 + 4 + 2.5 + 3 + 4) / 5
        screenshot(page, "dataset-self-assessment")
        page.locator("#data-quality").scroll_into_view_if_needed()
        screenshot(page, "dataset-quality")


def test_a_visitor_searches_in_thai_and_filters_by_a_facet(page):
    page.goto("/")
    screenshot(page, "home")
    assert not a11y.images_without_alt(page)
    page.fill("#field-main-search, input[name=q]", "สถิติ")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/dataset" in page.url
    found = page.inner_text("#content")
    assert "พบ" in found or "ชุดข้อมูล" in found
    screenshot(page, "search")
    before = page.locator(".dataset-item").count()
    assert before > 0
    facet = page.locator("section.module-narrow a[href*='data_type=']").first
    facet.click()  # CKAN 2.12 swaps the results in place (htmx) and pushes the URL
    page.wait_for_url(re.compile(r"data_type="))
    page.wait_for_load_state("networkidle")
    after = page.locator(".dataset-item").count()
    assert 0 < after <= before
    screenshot(page, "search-facet")


def _switch_language(page, lang: str) -> None:
    """Choose a language in the footer's switcher (a select2 widget over a
    select that sends the form when it changes)."""
    url = page.eval_on_selector(f"#field-lang-select option[lang={lang}]", "o => o.value")
    with page.expect_navigation():
        page.locator("#field-lang-select").evaluate(_SET_VALUE, url)


def test_the_language_switcher_turns_a_page_to_english_and_back(page):
    page.goto("/dataset/?q=สถิติ")
    assert page.locator("html").get_attribute("lang") == "th"
    assert "ชุดข้อมูล" in page.inner_text("header.masthead")
    _switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/en/dataset" in page.url and "q=" in page.url  # the same page, the same search
    assert "Datasets" in page.inner_text("header.masthead")
    _switch_language(page, "th")
    assert page.locator("html").get_attribute("lang") == "th"
    assert "ชุดข้อมูล" in page.inner_text("header.masthead")


def test_an_agency_applies_to_register_its_catalog(page, server):
    _log_in(page, server["site"].applicant["name"])
    page.goto("/registry/apply")
    a11y.check(page, "form.gdc-registry-apply", "form.gdc-registry-apply button[type=submit]")
    screenshot(page, "registry-apply")
    # The browser asks for the required fields itself (they are marked so).
    assert page.eval_on_selector("#field-contact_name", "e => e.required")
    page.fill("#field-agency_title", "สำนักงานสถิติจังหวัดแพร่")
    page.select_option("#field-agency_type", "provincial_office")
    page.select_option("#field-province", "TH-54")
    page.fill("#field-contact_name", "คุณสมหญิง")
    page.fill("#field-contact_email", "phrae@example.go.th")
    # An address the browser takes but the catalog does not: the error in
    # Thai, the form as typed, nothing saved.
    page.fill("#field-catalog_url", "ftp://127.0.0.1/catalog.ttl")
    _submit(page, "form.gdc-registry-apply button[type=submit]")
    assert re.search(r"[ก-๙]", _errors(page)), _errors(page)
    assert page.input_value("#field-contact_name") == "คุณสมหญิง"
    screenshot(page, "registry-apply-error")
    page.fill("#field-catalog_url", "http://127.0.0.1:9/other-catalog.ttl")
    _submit(page, "form.gdc-registry-apply button[type=submit]")
    assert "/registry/" in page.url and "/apply" not in page.url, _errors(page)
    assert "สำนักงานสถิติจังหวัดแพร่" in page.inner_text("#content")
    screenshot(page, "registry-application")


def test_a_central_administrator_approves_and_watches_the_harvest(page, server):
    site = server["site"]
    _log_in(page, site.sysadmin["name"])
    page.goto("/registry/queue")
    assert "สำนักงานสถิติจังหวัดน่าน" in page.inner_text("#content")
    screenshot(page, "registry-queue")
    with page.expect_navigation():
        page.click(f"a[href='/registry/{site.application['id']}']")
    assert not a11y.images_without_alt(page)
    screenshot(page, "registry-review")
    _submit(page, "button[name=step][value=approve]")
    assert "อนุมัติ" in page.inner_text("#content"), page.inner_text("#content")
    page.goto("/harvest/")
    assert "บัญชีข้อมูลสำนักงานสถิติจังหวัดน่าน" in page.inner_text("#content")
    screenshot(page, "harvest-sources")
    page.goto(f"/harvest/admin/{site.harvest_source['name']}")
    assert "เก็บเกี่ยวใหม่" in page.inner_text("#content")
    screenshot(page, "harvest-admin")


_CHARTS = "canvas[data-module=gdcatalog-quality-chart]"
# Every chart of the page was made by Chart.js and painted something.
_CHARTS_DRAWN = """(selector) => {
  const canvases = [...document.querySelectorAll(selector)];
  return canvases.length > 0 && canvases.every(c => {
    if (!window.Chart || !window.Chart.getChart(c) || !c.width || !c.height) return false;
    const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) return true; }
    return false;
  });
}"""


@pytest.mark.parametrize("path, who, shot", [
    ("/quality", None, "quality-dashboard"),
    ("/organization/nso/quality", "steward", "quality-organization"),
])
def test_the_quality_dashboards_draw_their_charts(page, server, path, who, shot):
    if who:
        _log_in(page, getattr(server["site"], who)["name"])
    page.goto(path)
    page.wait_for_function(_CHARTS_DRAWN, arg=_CHARTS)
    # Each chart is announced as an image with a name, and its figures are
    # in a table beside it for those who cannot see it.
    labels = page.eval_on_selector_all(_CHARTS, "cs => cs.map(c => c.getAttribute('aria-label'))")
    assert all(label and re.search(r"[ก-๙]", label) for label in labels), labels
    assert page.locator("#content table").count() >= 1
    assert not a11y.images_without_alt(page)
    screenshot(page, shot)


def _load_provincial_datasets(site, count: int = 8) -> None:
    """Demo datasets of provincial offices, so that the map has colours."""
    from ckanext.gdcatalog.demo import loader
    content = loader.plan()
    datasets = [d for d in content.datasets if d["owner_org"].startswith("pso-")][:count]
    owners = {d["owner_org"] for d in datasets}
    loader.load({"user": site.sysadmin["name"]}, loader.Plan(
        organizations=[o for o in content.organizations if o["name"] in owners],
        datasets=datasets))


def test_a_visitor_finds_a_province_on_the_directory_map(page, server):
    _load_provincial_datasets(server["site"])
    page.goto("/directory/")
    province = page.locator("svg.gdc-map a[data-province]:not([data-count='0'])").first
    code, label = province.get_attribute("data-province"), province.get_attribute("aria-label")
    assert re.search(r"[ก-๙]", label), label
    screenshot(page, "directory-map")
    # The map is reachable from the keyboard: Tab reaches a province and
    # Enter opens its page.
    assert a11y.tab_reaches(page, f"svg.gdc-map a[data-province='{code}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/directory/province/{code}")
    assert label.split(":")[0] in page.inner_text("#content")
    screenshot(page, "directory-province")

"""The dataset form and pages in Thai: per-type fields, precise Thai errors,
the data-type change page, sections and labels on the dataset page."""
from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests.factories import mandatory_fields

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def field_names(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    return {tag["name"] for tag in soup.select("input[name], select[name], textarea[name]")}


FORM_BASE = {
    "maintainer": "กองสถิติเศรษฐกิจ", "maintainer_email": "econ@agency.example.go.th",
    "tag_string": "เศรษฐกิจ,รายได้", "notes": "รายละเอียดของชุดข้อมูล",
    "objective": ["national_strategy", "agency_mission"], "update_frequency_unit": "year",
    "update_frequency_interval": "1", "geo_coverage": "province", "data_source": "การสำรวจ",
    "data_format": ["csv", "xls"], "data_category": "public", "license_id": "cc-by",
    "private": "False", "_ckan_phase": "dataset_new_1", "save": "go-metadata",
}
FORM_TYPE_FIELDS = {
    "record": {"data_collect": "person", "created_date": "2567-01-15"},
    "statistical": {"first_year_of_data": "2560", "last_year_of_data": "2567",
                    "disaggregate": ["sex"], "official_statistics": "true"},
    "geospatial": {"west_bound_longitude": "97.3", "east_bound_longitude": "105.7",
                   "south_bound_longitude": "5.6", "north_bound_longitude": "20.5",
                   "equivalent_scale": "1_50000"},
    "multiple": {"data_support": "government_agency"},
    "other": {"data_type_other": "ข้อมูลภาพถ่ายทางอากาศ"},
}
ONLY_FOR = {
    "record": "data_collect", "statistical": "first_year_of_data",
    "geospatial": "west_bound_longitude", "other": "data_type_other",
}


@pytest.mark.parametrize("data_type", sorted(FORM_TYPE_FIELDS))
def test_the_form_shows_only_the_fields_of_the_chosen_type(app, editor, data_type):
    page = app.get(f"/th/dataset/new?data_type={data_type}", headers=editor["headers"])
    names = field_names(page.body)
    for other_type, field in ONLY_FOR.items():
        if other_type == data_type or (other_type == "record" and data_type in ("multiple", "other")):
            assert field in names, (data_type, field)
        else:
            assert field not in names, (data_type, field)
    soup = BeautifulSoup(page.body, "html.parser")
    tabs = [a.get_text(strip=True) for a in soup.select(".gdc-data-type-tabs a")]
    assert tabs == ["ข้อมูลระเบียน", "ข้อมูลสถิติ", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
                    "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ"]
    assert "ชื่อชุดข้อมูล" in page.body and "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ" in page.body


@pytest.mark.parametrize("data_type", sorted(FORM_TYPE_FIELDS))
def test_the_thai_form_shows_the_help_text_of_each_of_its_fields(app, editor, data_type):
    from tests.schema.test_every_field import SCHEMA, applies
    page = app.get(f"/th/dataset/new?data_type={data_type}", headers=editor["headers"])
    text = " ".join(BeautifulSoup(page.body, "html.parser").get_text(" ").split())
    shown = field_names(page.body)
    for field in SCHEMA["dataset_fields"]:
        if field["field_name"] in shown and applies(field, data_type) and field.get("help_text"):
            assert " ".join(field["help_text"]["th"].split()) in text, field["field_name"]


@pytest.mark.parametrize("data_type", sorted(FORM_TYPE_FIELDS))
def test_a_steward_creates_each_type_through_the_thai_form(app, editor, data_type):
    form = dict(FORM_BASE, data_type=data_type, title=f"ชุดข้อมูลแบบฟอร์ม {data_type}",
                owner_org=editor["org"]["id"], name="", **FORM_TYPE_FIELDS[data_type])
    response = app.post("/th/dataset/new", data=form, headers=editor["headers"],
                        follow_redirects=False)
    assert response.status_code == 302, BeautifulSoup(response.body, "html.parser").select(
        ".error-explanation")
    found = helpers.call_action("package_search", q=f'title:"ชุดข้อมูลแบบฟอร์ม {data_type}"',
                                include_private=True)
    assert found["count"] == 1
    dataset = found["results"][0]
    assert dataset["data_type"] == data_type and dataset["state"] == "active"
    assert dataset["name"].isascii()
    assert sorted(t["name"] for t in dataset["tags"]) == ["รายได้", "เศรษฐกิจ"]
    assert dataset["objective"] == ["national_strategy", "agency_mission"]


def browser_form(html: str, form_id: str = "dataset-edit") -> dict[str, Any]:
    """The fields a browser would send from the page's form untouched:
    inputs with their values, checked boxes, selected options, textareas."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, form_id
    data: dict[str, Any] = {}
    for tag in form.select("input[name]"):
        kind = tag.get("type", "text")
        if kind in ("checkbox", "radio") and not tag.has_attr("checked"):
            continue
        if kind not in ("submit", "button", "file"):
            data.setdefault(tag["name"], []).append(tag.get("value", ""))
    for tag in form.select("textarea[name]"):
        data[tag["name"]] = [tag.get_text()]
    for tag in form.select("select[name]"):
        chosen = tag.select("option[selected]") or tag.select("option")[:1]
        data[tag["name"]] = [o.get("value", o.get_text()) for o in chosen]
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


def form_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [form_value(v) for v in value]
    return str(value)


@pytest.mark.parametrize("data_type", sorted(FORM_TYPE_FIELDS))
def test_a_steward_fills_every_field_of_the_real_thai_form(app, editor, data_type):
    """The real two-stage flow: the form as the page gives it, every field
    of the type filled, the page's own "Next" button (create, then finish
    without files, as ckan.dataset.create_on_ui_requires_resources = false
    allows), then the dataset page."""
    from tests.schema.test_every_field import filled
    page = app.get(f"/th/dataset/new?data_type={data_type}", headers=editor["headers"])
    form = browser_form(page.body)
    assert form["_ckan_phase"] == "dataset_new_1" and form["data_type"] == data_type
    _, expected = filled("dataset_fields", data_type)
    if data_type == "other":
        expected["data_type_other"] = "ข้อมูลภาพ"
    expected = {k: v for k, v in expected.items() if k != "allow_harvest"}  # private only
    missing = set(expected) - field_names(page.body)
    assert not missing, missing  # the form offers every field of the type
    title = f"ชุดข้อมูลครบทุกช่อง {data_type}"
    form.update({name: form_value(value) for name, value in expected.items()})
    form.update(title=title, name="", owner_org=editor["org"]["id"], private="False",
                tag_string="ประชากร,จังหวัด", save="")
    response = app.post("/th/dataset/new", data=form, headers=editor["headers"],
                        follow_redirects=False)
    assert response.status_code == 302, BeautifulSoup(response.body, "html.parser").select(
        ".error-explanation")
    shown = app.get(response.headers["Location"], headers=editor["headers"])
    assert shown.status_code == 200 and title in shown.body
    (dataset,) = helpers.call_action("package_search", q=f'title:"{title}"',
                                     include_private=True)["results"]
    dataset = helpers.call_action("package_show", id=dataset["id"])
    assert dataset["state"] == "active" and dataset["name"].isascii()
    for name, value in expected.items():
        assert dataset.get(name) == value, (name, dataset.get(name), value)


STAT = {"first_year_of_data": "2560", "last_year_of_data": "2567"}
GIS = {"west_bound_longitude": "97.3", "east_bound_longitude": "105.7",
       "south_bound_longitude": "5.6", "north_bound_longitude": "20.5"}


@pytest.mark.parametrize("data_type, fields, thai", [
    ("record", {"maintainer_email": "not-an-email"}, "ไม่ใช่ที่อยู่อีเมล"),
    ("record", {"update_frequency_interval": "0"}, "ไม่ใช่จำนวนเต็มตั้งแต่ 1 ขึ้นไป"),
    ("record", {"url": "example"}, "ไม่ใช่ที่อยู่เว็บ"),
    ("record", {"tag_string": "ok,<b>"}, "ใช้ได้เฉพาะตัวอักษรไทย"),
    ("record", {"created_date": "2024-02-30"}, "วันที่ไม่ถูกต้อง"),
    ("record", {"objective": "other"}, "โปรดระบุ"),
    ("record", {"data_category": "secret"}, "เปิดเป็นสาธารณะไม่ได้"),
    ("statistical", dict(STAT, first_year_of_data="2568"), "อยู่หลังปีล่าสุด"),
    ("statistical", dict(STAT, last_year_of_data="25x7"), "ไม่ใช่ปี"),
    ("statistical", dict(STAT, last_year_of_data="2300"), "กำกวม"),
    ("geospatial", dict(GIS, west_bound_longitude="106"), "ต้องน้อยกว่าด้านทิศตะวันออก"),
    ("geospatial", dict(GIS, south_bound_longitude="21"), "ต้องน้อยกว่าด้านทิศเหนือ"),
    ("geospatial", dict(GIS, north_bound_longitude="95"), "ละติจูดต้องอยู่ระหว่าง -90 ถึง 90"),
    ("geospatial", dict(GIS, east_bound_longitude="ตะวันออก"), "ไม่ใช่ตัวเลข"),
    ("geospatial", dict(GIS, east_bound_longitude="1e-999999999"), "ไม่ใช่ตัวเลข"),
    ("geospatial", {"data_release_date": "31/02/2567"}, "วันที่ไม่ถูกต้อง"),
    ("record", {"geo_coverage": "planet"}, "ไม่ใช่ค่าหนึ่งของ"),
    ("record", {"data_format": []}, "โปรดเลือกอย่างน้อยหนึ่งค่า"),
    ("record", {"update_frequency_interval": "1e5000"}, "ไม่ใช่จำนวนเต็มตั้งแต่ 1 ขึ้นไป"),
    ("record", {"tag_string": "ก"}, "2 ถึง 100"),
])
def test_each_rule_gives_its_thai_error_and_nothing_is_saved(app, editor, data_type, fields, thai):
    form = dict(FORM_BASE, data_type=data_type, title="ชุดข้อมูลที่ผิด",
                owner_org=editor["org"]["id"], **fields)
    response = app.post("/th/dataset/new", data=form, headers=editor["headers"])
    assert response.status_code == 200
    errors = BeautifulSoup(response.body, "html.parser").select(".error-explanation, .error-block")
    assert thai in " ".join(e.get_text(" ", strip=True) for e in errors)
    assert helpers.call_action("package_search", q='title:"ชุดข้อมูลที่ผิด"',
                               include_private=True, include_drafts=True)["count"] == 0


def stat_dataset(editor: dict[str, Any]) -> dict[str, Any]:
    return helpers.call_action(
        "package_create", {"user": editor["user"]["name"]},
        **mandatory_fields(owner_org=editor["org"]["id"], title="อัตราการว่างงานรายไตรมาส",
                           data_type="statistical", first_year_of_data="2560",
                           last_year_of_data="2567", official_statistics=True,
                           last_updated_date="2024-03-15"))


def test_the_dataset_page_groups_fields_with_thai_labels_and_dates(app, editor):
    dataset = stat_dataset(editor)
    page = BeautifulSoup(app.get(f"/th/dataset/{dataset['name']}").body, "html.parser")
    headings = [th.get_text(strip=True) for th in page.select("tr.gdc-section-heading th")]
    assert "ข้อมูลเฉพาะชุดข้อมูลสถิติ" in headings and "ผู้ติดต่อ" in headings
    text = page.get_text(" ", strip=True)
    assert "ข้อมูลสถิติ" in text          # data_type shown by its label
    assert "15 มีนาคม 2567" in text        # Thai month, Buddhist-Era year
    assert "2560" in text                 # first year of data in BE
    english = BeautifulSoup(app.get(f"/en/dataset/{dataset['name']}").body, "html.parser")
    assert "Statistical" in english.get_text(" ", strip=True)


def test_the_edit_form_keeps_the_type_and_links_to_changing_it(app, editor):
    dataset = stat_dataset(editor)
    page = app.get(f"/th/dataset/edit/{dataset['name']}", headers=editor["headers"])
    soup = BeautifulSoup(page.body, "html.parser")
    link = soup.select_one(".gdc-data-type-current a")
    assert link["href"].endswith(f"/dataset/{dataset['name']}/data-type")
    assert "first_year_of_data" in field_names(page.body)


def test_changing_the_type_warns_then_removes_after_confirmation(app, editor):
    dataset = stat_dataset(editor)
    url = f"/th/dataset/{dataset['name']}/data-type"
    warning = app.post(url, data={"data_type": "record"}, headers=editor["headers"])
    soup = BeautifulSoup(warning.body, "html.parser")
    listed = soup.select_one(".gdc-type-change-warning").get_text(" ", strip=True)
    assert "ปีข้อมูลที่เริ่มต้นจัดทำ" in listed and "สถิติทางการ" in listed
    assert helpers.call_action("package_show", id=dataset["id"])["data_type"] == "statistical"
    done = app.post(url, data={"data_type": "record", "confirm": "true"},
                    headers=editor["headers"], follow_redirects=False)
    assert done.status_code == 302
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["data_type"] == "record" and "first_year_of_data" not in shown


def test_the_type_change_page_is_refused_to_others(app, editor):
    dataset = stat_dataset(editor)
    stranger = factories.APIToken(user=factories.User()["name"])["token"]
    app.get(f"/dataset/{dataset['name']}/data-type", headers={"Authorization": stranger},
            status=403)
    app.get("/dataset/no-such-dataset/data-type", headers=editor["headers"], status=404)


def test_dataset_search_has_facets_labelled_in_thai(app, editor):
    stat_dataset(editor)
    helpers.call_action("package_create", {"user": editor["user"]["name"]},
                        **mandatory_fields(owner_org=editor["org"]["id"], title="ทะเบียนโรงเรียน"))
    page = BeautifulSoup(app.get("/th/dataset/").body, "html.parser")
    text = page.get_text(" ", strip=True)
    for label in ("ประเภทชุดข้อมูล", "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ",
                  "ข้อมูลสถิติ", "ข้อมูลระเบียน", "ข้อมูลสาธารณะ"):
        assert label in text, label
    filtered = app.get("/th/dataset/?data_type=statistical").body
    assert "อัตราการว่างงานรายไตรมาส" in filtered and "ทะเบียนโรงเรียน" not in filtered


def test_the_resource_form_shows_the_fields_of_the_dataset_type(app, editor):
    dataset = stat_dataset(editor)
    page = app.get(f"/th/dataset/{dataset['name']}/resource/new", headers=editor["headers"])
    names = field_names(page.body)
    assert {"resource_first_year_of_data", "resource_official_statistics"} <= names
    assert "resource_data_collect" not in names and "resource_geographic_data_set" not in names

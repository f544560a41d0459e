"""The GD Catalog schema through the action API: every field kind, the rules
per data type, legacy values and the messages stewards get."""
from __future__ import annotations

import json
from typing import Any

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import mandatory_fields

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def steward() -> dict[str, Any]:
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user, "org": org}


def create(steward: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data = mandatory_fields(**fields)
    data.setdefault("owner_org", steward["org"]["id"])
    data.setdefault("title", "ชุดข้อมูลทดสอบ " + str(id(fields)))
    return helpers.call_action("package_create", {"user": steward["user"]["name"]}, **data)


def errors_of(steward: dict[str, Any], **fields: Any) -> dict[str, list[str]]:
    with pytest.raises(tk.ValidationError) as raised:
        create(steward, **fields)
    return raised.value.error_dict


TYPE_FIELDS = {
    "record": {"data_support": "หน่วยงานของรัฐ", "data_collect": "บุคคล",
               "created_date": "2567-01-15", "high_value_dataset": "True",
               "reference_data": "False"},
    "statistical": {"first_year_of_data": "2558", "last_year_of_data": "2567",
                    "disaggregate": ["เพศ", "อายุ/กลุ่มอายุ"], "unit_of_measure": "คน",
                    "unit_of_multiplier": "พัน", "calculation_method": "ผลรวม",
                    "standard": "ISIC Rev.4", "official_statistics": "True",
                    "data_release_calendar": "2025-03-31"},
    "geospatial": {"geographic_data_set": "ชั้นข้อมูลขอบเขตการปกครอง",
                   "equivalent_scale": "1:50,000", "west_bound_longitude": "97.3",
                   "east_bound_longitude": "105.7", "south_bound_longitude": "5.6",
                   "north_bound_longitude": "20.5", "positional_accuracy": "±5 m",
                   "reference_period": "2567", "data_release_date": "15/03/2567"},
    "multiple": {"data_support": "none", "data_collect": "household"},
    "other": {"data_type_other": "ข้อมูลภาพถ่าย", "reference_data": "ใช่"},
}


@pytest.mark.parametrize("data_type", sorted(TYPE_FIELDS))
def test_each_data_type_is_created_with_its_own_fields(steward, data_type):
    dataset = create(steward, data_type=data_type, **TYPE_FIELDS[data_type])
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["data_type"] == data_type
    for name in TYPE_FIELDS[data_type]:
        assert shown.get(name) not in (None, "", []), name


def test_statistical_values_are_normalised(steward):
    shown = create(steward, data_type="ข้อมูลสถิติ", **TYPE_FIELDS["statistical"])
    assert shown["data_type"] == "statistical"
    assert shown["first_year_of_data"] == 2015  # 2558 BE
    assert shown["last_year_of_data"] == 2024
    assert shown["disaggregate"] == ["sex", "age"]
    assert shown["unit_of_multiplier"] == "thousands"
    assert shown["official_statistics"] is True
    assert shown["data_release_calendar"] == "2025-03-31"


def test_geospatial_values_are_normalised(steward):
    shown = create(steward, data_type="gis", **TYPE_FIELDS["geospatial"])
    assert shown["data_type"] == "geospatial"
    assert shown["equivalent_scale"] == "1_50000"
    assert shown["geographic_data_set"] == "administrative_boundary"
    assert shown["data_release_date"] == "2024-03-15"
    assert shown["west_bound_longitude"] == "97.3"


LEGACY = [
    # field, as an old catalog stores it, code
    ("objective", json.dumps(["ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน"]),
     ["national_strategy", "agency_mission"]),
    ("objective", "พันธกิจหน่วยงาน", ["agency_mission"]),
    ("update_frequency_unit", "ไตรมาส", "quarter"),
    ("geo_coverage", "จังหวัด", "province"),
    ("data_format", json.dumps(["CSV", "XLS"]), ["csv", "xls"]),
    ("data_format", "CSV, XLSX", ["csv", "xls"]),
    ("data_category", "ข้อมูลสาธารณะ", "public"),
    ("license_id", "Creative Commons Attributions", "cc-by"),
    ("license_id", "Open Data Common", "odc-by"),
    ("data_language", ["ไทย", "อังกฤษ"], ["th", "en"]),
    ("high_value_dataset", "True", True),
    ("reference_data", "False", False),
    ("created_date", "2567-02-29", "2024-02-29"),
]


@pytest.mark.parametrize("field, legacy, code", LEGACY)
def test_legacy_values_round_trip_as_codes(steward, field, legacy, code):
    created = create(steward, **{field: legacy})
    assert created[field] == code
    again = helpers.call_action("package_update", {"user": steward["user"]["name"]},
                                **helpers.call_action("package_show", id=created["id"]))
    assert again[field] == code


def test_every_mandatory_field_is_reported_when_missing(steward):
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create", {"user": steward["user"]["name"]},
                            owner_org=steward["org"]["id"], title="ไม่มีอะไรเลย")
    errors = raised.value.error_dict
    for name in ("data_type", "maintainer", "maintainer_email", "tag_string", "notes",
                 "objective", "update_frequency_unit", "geo_coverage", "data_source",
                 "data_format", "data_category", "license_id"):
        assert name in errors, name


@pytest.mark.parametrize("fields, field, fragment", [
    ({"objective": ["ยุทธศาสตร์ชาติ", "ไม่มีค่านี้"]}, "objective", '"ไม่มีค่านี้" is not a value'),
    ({"objective": []}, "objective", "Select at least one"),
    ({"data_category": "top-secret"}, "data_category", "Use one of: public, personal"),
    ({"maintainer_email": "not-an-email"}, "maintainer_email", "is not an e-mail address"),
    ({"url": "www.example.go.th"}, "url", "starting with http"),
    ({"update_frequency_interval": 0}, "update_frequency_interval", "1 or more"),
    ({"update_frequency_interval": "2.5"}, "update_frequency_interval", "1 or more"),
    ({"update_frequency_interval": "1,000"}, "update_frequency_interval", "1 or more"),
    # exponents that int() or writing out would spend the request on
    ({"update_frequency_interval": "1e5000"}, "update_frequency_interval", "1 or more"),
    ({"update_frequency_interval": "1e20000000"}, "update_frequency_interval", "1 or more"),
    ({"update_frequency_interval": "Infinity"}, "update_frequency_interval", "1 or more"),
    ({"update_frequency_interval": "sNaN"}, "update_frequency_interval", "1 or more"),
    ({"update_frequency_interval": "1e12"}, "update_frequency_interval", "too large"),
    ({"update_frequency_interval": None}, "update_frequency_interval", "times per Year"),
    ({"tag_string": "ok, <script>"}, "tag_string", "may contain only"),
    ({"tag_string": "ก"}, "tag_string", "2 to 100 characters"),
    ({"tag_string": ""}, "tag_string", "at least one keyword"),
    ({"created_date": "2024-02-30"}, "created_date", ""),
    ({"created_date": "2300-01-01"}, "created_date", ""),
    ({"high_value_dataset": "maybe"}, "high_value_dataset", "not yes or no"),
    ({"objective": ["อื่นๆ"]}, "objective_other", "Please specify"),
    ({"data_type": "other"}, "data_type_other", "Please specify"),
    ({"data_type": "spreadsheet"}, "data_type", "Use one of: record, statistical"),
])
def test_bad_values_get_a_precise_message(steward, fields, field, fragment):
    errors = errors_of(steward, **fields)
    assert field in errors, errors
    assert fragment in " ".join(errors[field])


def test_interval_is_optional_when_the_unit_is_not_a_period(steward):
    dataset = create(steward, update_frequency_unit="ไม่ทราบ", update_frequency_interval=None)
    assert dataset["update_frequency_unit"] == "unknown"
    assert "update_frequency_interval" not in dataset


def test_choosing_something_else_than_other_clears_its_text(steward):
    dataset = create(steward, geo_coverage="อื่นๆ", geo_coverage_other="ลุ่มน้ำเจ้าพระยา")
    assert dataset["geo_coverage_other"] == "ลุ่มน้ำเจ้าพระยา"
    dataset["geo_coverage"] = "province"
    updated = helpers.call_action("package_update", {"user": steward["user"]["name"]}, **dataset)
    assert updated["geo_coverage"] == "province"
    assert "geo_coverage_other" not in updated


@pytest.mark.parametrize("years, ok", [(("2560", "2567"), True), (("2567", "2560"), False),
                                       (("2017", "2567"), True), (("2024", "2017"), False)])
def test_first_year_is_not_after_the_last(steward, years, ok):
    fields = {"data_type": "statistical", "first_year_of_data": years[0],
              "last_year_of_data": years[1]}
    if ok:
        assert create(steward, **fields)["first_year_of_data"] <= create(
            steward, **fields)["last_year_of_data"]
    else:
        assert "later than the latest year" in errors_of(steward, **fields)["first_year_of_data"][0]


@pytest.mark.parametrize("box, field, fragment", [
    ({"west_bound_longitude": "105.7", "east_bound_longitude": "97.3"},
     "west_bound_longitude", "less than east"),
    ({"south_bound_longitude": "20.5", "north_bound_longitude": "5.6"},
     "south_bound_longitude", "less than north"),
    ({"north_bound_longitude": "95"}, "north_bound_longitude", "between -90 and 90"),
    ({"west_bound_longitude": "-181"}, "west_bound_longitude", "between -180 and 180"),
    ({"east_bound_longitude": "east"}, "east_bound_longitude", "is not a number"),
    ({"east_bound_longitude": "1e-999999999"}, "east_bound_longitude", "is not a number"),
    ({"east_bound_longitude": "NaN"}, "east_bound_longitude", "is not a number"),
])
def test_bounding_box_rules(steward, box, field, fragment):
    fields = {"west_bound_longitude": "97.3", "east_bound_longitude": "105.7",
              "south_bound_longitude": "5.6", "north_bound_longitude": "20.5"}
    fields.update(box)
    errors = errors_of(steward, data_type="geospatial", **fields)
    assert fragment in " ".join(errors[field])


def test_bounding_box_is_all_four_or_none(steward):
    errors = errors_of(steward, data_type="geospatial", west_bound_longitude="97.3")
    assert {"east_bound_longitude", "south_bound_longitude", "north_bound_longitude"} <= set(errors)


@pytest.mark.parametrize("data_type, field, value", [
    ("record", "first_year_of_data", "2567"),
    ("statistical", "created_date", "2024-01-01"),
    ("statistical", "high_value_dataset", "true"),
    ("geospatial", "data_collect", "person"),
    ("multiple", "equivalent_scale", "1:4,000"),
])
def test_fields_of_another_type_are_refused(steward, data_type, field, value):
    errors = errors_of(steward, data_type=data_type, **{field: value})
    assert "does not apply to datasets of type" in errors[field][0]


def test_resource_fields_follow_the_dataset_type(steward):
    resource = {"name": "ตาราง", "url": "https://example.go.th/t.csv",
                "resource_first_year_of_data": "2560", "resource_last_year_of_data": "2567",
                "resource_disaggregate": ["เพศ"]}
    dataset = create(steward, data_type="statistical", resources=[resource])
    assert dataset["resources"][0]["resource_first_year_of_data"] == 2017
    assert dataset["resources"][0]["resource_disaggregate"] == ["sex"]
    errors = errors_of(steward, data_type="record", resources=[resource])
    assert "does not apply" in json.dumps(errors["resources"], ensure_ascii=False)


def test_thai_keywords_with_vowels_and_tone_marks_are_accepted(steward):
    dataset = create(steward, tag_string="ภาษีเงินได้, น้ำฝน, สาธารณสุข, open data")
    assert sorted(t["name"] for t in dataset["tags"]) == sorted(
        ["ภาษีเงินได้", "น้ำฝน", "สาธารณสุข", "open data"])


def test_thai_keywords_as_a_list_of_tags_are_accepted(steward):
    dataset = create(steward, tag_string=None, tags=[{"name": "การศึกษา"}])
    assert [t["name"] for t in dataset["tags"]] == ["การศึกษา"]


def test_titles_are_unique_among_datasets_not_deleted(steward):
    first = create(steward, title="จำนวนประชากรจำแนกตามจังหวัด")
    errors = errors_of(steward, title="จำนวนประชากรจำแนกตามจังหวัด")
    assert "already has the title" in errors["title"][0]
    helpers.call_action("package_delete", {"user": steward["user"]["name"]}, id=first["id"])
    assert create(steward, title="จำนวนประชากรจำแนกตามจังหวัด")["name"] != first["name"]


def test_a_thai_title_gives_a_readable_unique_name(steward):
    first = create(steward, title="ชุดข้อมูลปริมาณน้ำฝน")
    assert first["name"].isascii() and len(first["name"]) > 5
    second = create(steward, title="ชุดข้อมูลปริมาณน้ำฝน รายเดือน")
    assert second["name"] != first["name"] and second["name"].isascii()


def test_bad_input_over_http_is_a_409_not_a_500(app, steward):
    token = factories.APIToken(user=steward["user"]["name"])["token"]
    payload = mandatory_fields(owner_org=steward["org"]["id"], title="ทดสอบ HTTP",
                               objective={"not": "a list"}, update_frequency_interval=[1],
                               created_date=12345, west_bound_longitude={"x": 1},
                               tag_string=123, data_type=["record"])
    response = app.post("/api/action/package_create", json=payload,
                        headers={"Authorization": token}, status=409)
    assert response.json["success"] is False
    assert response.json["error"]["__type"] == "Validation Error"

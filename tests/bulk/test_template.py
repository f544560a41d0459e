"""The template's columns agree with the schema."""
import pytest

from ckanext.gdcatalog.bulk import template

pytestmark = pytest.mark.without_plugins


def test_every_column_is_a_field_of_its_type_and_every_field_has_a_column():
    assert template.layout_problems() == []


def test_sheets_and_column_counts_follow_the_nso_template():
    counts = {s.name: len(s.columns) for s in template.sheets()}
    assert counts == {
        "Temp2_Meta_Record": 25, "Temp2_Meta_Stat": 29, "Temp2_Meta_GIS": 30,
        "Temp2_Meta_Multi": 25, "Temp2_Meta_Other": 25,
        "Temp3_Resource_Record": 9, "Temp3_Resource_Stat": 14, "Temp3_Resource_GIS": 12,
        "Temp3_Resource_Multi": 9, "Temp3_Resource_Other": 9}


def test_the_type_column_of_the_other_sheet_is_the_other_type():
    keys = [c.key for c in template.sheet("Temp2_Meta_Other").columns]
    assert keys[1] == "data_type_other"
    assert [c.key for c in template.sheet("Temp2_Meta_Record").columns][1] == "data_type"


def test_kinds_come_from_the_schema_presets():
    kinds = {c.key: c.kind for c in template.sheet("Temp2_Meta_Stat").columns}
    assert kinds["first_year_of_data"] == "year"
    assert kinds["data_release_calendar"] == "date"
    assert kinds["disaggregate"] == "multiple"
    assert kinds["official_statistics"] == "yes_no"
    assert kinds["tag_string"] == "tags" and kinds["name"] == "name"
    resource = {c.key: c.kind for c in template.sheet("Temp3_Resource_Stat").columns}
    assert resource["name"] == "text"  # a resource's name is a title, kept as written

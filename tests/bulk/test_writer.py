"""Writing the template: the blank workbook, exported cells that read back
to the same values, and text that stays text."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from ckanext.gdcatalog.bulk import reader, template, writer

pytestmark = pytest.mark.without_plugins

STAT = {
    "name": "labour-force", "title": "=HYPERLINK(\"http://evil.example\")",
    "data_type": "statistical", "organization": {"name": "nso", "title": "สำนักงานสถิติ"},
    "maintainer": "กองสถิติ", "maintainer_email": "a@b.go.th",
    "tags": [{"name": "แรงงาน"}, {"name": "labour"}], "notes": "รายละเอียด",
    "objective": ["national_strategy", "other"], "objective_other": "แผนกรม",
    "update_frequency_unit": "quarter", "update_frequency_interval": 1,
    "geo_coverage": "other", "geo_coverage_other": "ลุ่มน้ำ",
    "data_source": "สำรวจ", "data_format": ["csv", "xls"], "data_category": "public",
    "license_id": "cc-by", "first_year_of_data": 2015, "last_year_of_data": 2024,
    "data_release_calendar": "2025-03-31", "last_updated_date": "2024-02-29",
    "disaggregate": ["sex", "age"], "unit_of_multiplier": "thousands",
    "official_statistics": False, "standard": "ISIC Rev.4",
    "resources": [{"name": "ตาราง 1", "url": "https://example.go.th/t1.csv",
                   "format": "CSV", "resource_first_year_of_data": 2020,
                   "resource_official_statistics": True}],
}


def _sheet(content, name):
    return openpyxl.load_workbook(io.BytesIO(content))[name]


def test_blank_template_has_every_sheet_headers_and_no_rows():
    content = writer.blank()
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert [s.name for s in template.sheets()] == book.sheetnames[:10]
    assert book[writer.LISTS_SHEET].sheet_state == "hidden"
    stat = book["Temp2_Meta_Stat"]
    assert stat.cell(row=template.HEADER_ROW, column=3).value == "ชื่อชุดข้อมูล"
    assert reader.read(content) == []


def test_vocabularies_are_drop_down_lists():
    sheet = _sheet(writer.blank(), "Temp2_Meta_Record")
    by_cells = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    columns = [c.key for c in template.sheet("Temp2_Meta_Record").columns]
    category = by_cells[f"O6:O{5 + writer.VALIDATED_ROWS}"]
    assert columns[14] == "data_category" and category.type == "list"
    assert category.formula1.startswith("'Lists'!$") and category.showErrorMessage
    unit = by_cells[f"J6:J{5 + writer.VALIDATED_ROWS}"]  # has "other": free text allowed
    assert columns[9] == "update_frequency_unit" and not unit.showErrorMessage
    lists = _sheet(writer.blank(), writer.LISTS_SHEET)
    column = [c.value for c in lists[unit.formula1.split("$")[1]]]
    assert column[0] == "update_frequency_unit" and "ไตรมาส" in column


def test_exported_cells_read_back_to_the_same_values():
    content = writer.workbook([STAT])
    meta, resource = reader.read(content)
    v = meta.values
    assert meta.sheet == "Temp2_Meta_Stat" and meta.name == "labour-force"
    assert v["title"] == STAT["title"]
    assert v["objective"] == ["national_strategy", "other"] and v["objective_other"] == "แผนกรม"
    assert (v["geo_coverage"], v["geo_coverage_other"]) == ("other", "ลุ่มน้ำ")
    assert v["tag_string"] == ["แรงงาน", "labour"]
    assert v["first_year_of_data"] == "2015" and v["last_updated_date"] == "2024-02-29"
    assert v["data_format"] == ["csv", "xls"] and v["official_statistics"] is False
    assert resource.name == "labour-force" and resource.values["name"] == "ตาราง 1"
    assert resource.values["resource_official_statistics"] is True


def test_exported_dates_and_years_are_buddhist_era():
    sheet = _sheet(writer.workbook([STAT]), "Temp2_Meta_Stat")
    keys = [c.key for c in template.sheet("Temp2_Meta_Stat").columns]
    row = {key: sheet.cell(row=6, column=i + 1).value for i, key in enumerate(keys)}
    assert row["first_year_of_data"] == 2558
    assert row["data_release_calendar"] == "31/03/2568"
    assert row["organization"] == "สำนักงานสถิติ" and row["data_type"] == "ข้อมูลสถิติ"


def test_text_that_looks_like_a_formula_stays_text():
    sheet = _sheet(writer.workbook([STAT]), "Temp2_Meta_Stat")
    cell = sheet.cell(row=6, column=3)
    assert cell.data_type == "s" and cell.value == STAT["title"]


def test_csv_listing_has_one_line_per_dataset_and_defuses_formulas():
    text = writer.csv_listing([STAT]).decode("utf-8-sig")
    header, line = list(csv.reader(io.StringIO(text)))
    row = dict(zip(header, line))
    assert row["data_type"] == "ข้อมูลสถิติ" and row["name"] == "labour-force"
    assert row["title"] == "'" + STAT["title"]
    assert row["objective"] == "ยุทธศาสตร์ชาติ, แผนกรม"

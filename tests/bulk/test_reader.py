"""Reading template workbooks: conversions of every kind of cell, every
data type, and the files that are refused."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from ckanext.gdcatalog.bulk import reader
from tests.bulk.workbooks import build, dataset_row

pytestmark = pytest.mark.without_plugins


def _one(sheet, **cells):
    (row,) = reader.read(build({sheet: [cells]}))
    return row


def test_row_records_carry_sheet_row_number_and_dataset_name():
    rows = reader.read(build({
        "Temp2_Meta_Record": [dataset_row("Pop By Province", "ประชากร"), {},
                              dataset_row("births", "การเกิด")],
        "Temp3_Resource_Record": [{"dataset": "births", "name": "ตาราง 1"}],
    }))
    assert [(r.sheet, r.row, r.name, r.resource) for r in rows] == [
        ("Temp2_Meta_Record", 6, "pop-by-province", False),
        ("Temp2_Meta_Record", 8, "births", False),  # the empty row 7 is skipped
        ("Temp3_Resource_Record", 6, "births", True)]


def test_the_hint_row_after_the_header_is_skipped():
    rows = reader.read(build({"Temp2_Meta_Record": [dataset_row("a1", "A")]}, hint=False))
    assert [r.row for r in rows] == [6]


def test_record_conversions():
    row = _one("Temp2_Meta_Record", **dataset_row(
        "x1", "X", created_date="15/03/2567", last_updated_date=dt.datetime(2567, 1, 2),
        high_value_dataset="ไม่ใช่", reference_data="ใช่", data_support="หน่วยงานของรัฐ",
        data_collect="ครัวเรือน", data_language="ไทย, อังกฤษ"))
    v = row.values
    assert v["created_date"] == "2024-03-15"
    assert v["last_updated_date"] == "2024-01-02"  # an Excel date cell with a BE year
    assert v["high_value_dataset"] is False and v["reference_data"] is True
    assert v["data_support"] == "government_agency"
    assert v["data_language"] == ["th", "en"]
    assert v["tag_string"] == ["ประชากร", "population"]
    assert v["license_id"] == "cc-by" and v["update_frequency_interval"] == "1"


def test_values_outside_a_vocabulary_move_to_the_other_companion():
    v = _one("Temp2_Meta_Record", **dataset_row(
        "x2", "X", geo_coverage="ลุ่มน้ำเจ้าพระยา", objective="พันธกิจหน่วยงาน, แผนกรม",
        license_id="สัญญาอนุญาตของกรม", data_category="ลับมาก")).values
    assert (v["geo_coverage"], v["geo_coverage_other"]) == ("other", "ลุ่มน้ำเจ้าพระยา")
    assert (v["objective"], v["objective_other"]) == (["agency_mission", "other"], "แผนกรม")
    assert (v["license_id"], v["license_id_other"]) == ("other", "สัญญาอนุญาตของกรม")
    # No "other" in the data categories: kept for the validator to refuse.
    assert v["data_category"] == "ลับมาก" and "data_category_other" not in v


def test_statistical_conversions():
    v = _one("Temp2_Meta_Stat", **dataset_row(
        "s1", "S", first_year_of_data=2558, last_year_of_data="พ.ศ. 2567",
        data_release_calendar="31 มีนาคม 2568", disaggregate="เพศ,อายุ/กลุ่มอายุ",
        unit_of_multiplier="พัน", official_statistics="Yes", standard=2560)).values
    assert v["first_year_of_data"] == "2015" and v["last_year_of_data"] == "2024"
    assert v["data_release_calendar"] == "2025-03-31"
    assert v["disaggregate"] == ["sex", "age"] and v["unit_of_multiplier"] == "thousands"
    assert v["official_statistics"] is True and v["standard"] == "2560"


def test_geospatial_conversions():
    v = _one("Temp2_Meta_GIS", **dataset_row(
        "g1", "G", geographic_data_set="ชั้นข้อมูลขอบเขตการปกครอง", equivalent_scale="1:50,000",
        west_bound_longitude=97.3, east_bound_longitude=105.7, north_bound_longitude=20.5,
        south_bound_longitude=5.6, data_release_date="2567-03-15")).values
    assert v["equivalent_scale"] == "1_50000"  # the comma of the scale is not a list
    assert v["geographic_data_set"] == "administrative_boundary"
    assert v["west_bound_longitude"] == "97.3" and v["data_release_date"] == "2024-03-15"


def test_other_type_sheet_reads_the_type_column_as_the_other_type():
    row = _one("Temp2_Meta_Other", **dataset_row("o1", "O", type="ข้อมูลภาพถ่าย"))
    assert row.data_type == "other" and row.values["data_type_other"] == "ข้อมูลภาพถ่าย"


def test_names_are_lower_cased_with_hyphens_and_resources_keep_their_names():
    row = _one("Temp3_Resource_Stat", dataset="Labour  Force 2567", name="ตาราง A",
               resource_disaggregate="เพศ", resource_official_statistics="ไม่")
    assert row.name == "labour-force-2567" and row.values["name"] == "ตาราง A"
    assert row.values["resource_official_statistics"] is False


def test_what_cannot_be_converted_is_kept_for_the_validators():
    v = _one("Temp2_Meta_Record", **dataset_row(
        "x3", "X", created_date="31/02/2567", high_value_dataset="บางที")).values
    assert v["created_date"] == "31/02/2567" and v["high_value_dataset"] == "บางที"


def test_formulas_are_read_as_their_values_and_never_evaluated():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Temp2_Meta_Record"
    sheet["A6"], sheet["C6"] = "f1", "=1+1"
    output = io.BytesIO()
    book.save(output)
    (row,) = reader.read(output.getvalue())
    # openpyxl stores no cached value, so a formula never typed in Excel is empty.
    assert "title" not in row.values and row.name == "f1"


def _zip(members):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


def _refused(content, filename=None):
    with pytest.raises(reader.WorkbookError) as raised:
        reader.read(content, filename)
    return raised.value.msgid


def test_refuses_files_that_are_not_workbooks():
    assert _refused(b"name,title\nx,y\n") == reader.MSG_NOT_XLSX
    assert _refused(_zip({"hello.txt": "hi"})) == reader.MSG_NOT_XLSX
    assert _refused(build({"Temp2_Meta_Record": []})[:2000]) == reader.MSG_NOT_XLSX


def test_refuses_a_damaged_workbook():
    assert _refused(_zip({"[Content_Types].xml": "<broken", "xl/workbook.xml": "<x"})
                    ) == reader.MSG_MALFORMED


def test_refuses_encrypted_and_legacy_files():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert _refused(ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64
                    ) == reader.MSG_ENCRYPTED
    assert _refused(ole + b"Workbook".ljust(64, b"\0")) == reader.MSG_OLD_XLS


def test_refuses_macros():
    content = build({"Temp2_Meta_Record": [dataset_row("m1", "M")]})
    with zipfile.ZipFile(io.BytesIO(content)) as original:
        members = {n: original.read(n) for n in original.namelist()}
    members["xl/vbaProject.bin"] = b"\0" * 32
    assert _refused(_zip(members)) == reader.MSG_MACROS
    assert _refused(content, "catalog.xlsm") == reader.MSG_MACROS


@pytest.mark.ckan_config(reader.MAX_BYTES_OPTION, 1000)
def test_refuses_a_file_over_the_size_limit():
    assert _refused(io.BytesIO(build({"Temp2_Meta_Record": []}))) == reader.MSG_TOO_LARGE


@pytest.mark.ckan_config(reader.MAX_ROWS_OPTION, 2)
def test_refuses_more_rows_than_the_limit():
    rows = [dataset_row(f"r{i}", "R") for i in range(3)]
    assert _refused(build({"Temp2_Meta_Record": rows})) == reader.MSG_TOO_MANY_ROWS


def test_refuses_a_workbook_without_template_sheets():
    book = openpyxl.Workbook()
    output = io.BytesIO()
    book.save(output)
    assert _refused(output.getvalue()) == reader.MSG_NO_SHEETS

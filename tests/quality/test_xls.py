"""Excel 97-2003 (XLS) workbooks in the content engine, read with xlrd:
metrics computed by hand on files written with xlwt, Thai text, dates,
other sheets, and broken files recorded as errors."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.gdcatalog.quality import readers
from ckanext.gdcatalog.quality.engine import assess_file

xlwt = pytest.importorskip("xlwt")

pytestmark = pytest.mark.without_plugins


def _workbook(path, rows, other_sheet: bool = False) -> str:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("ข้อมูล")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    if other_sheet:
        book.add_sheet("หมายเหตุ").write(0, 0, "x")
    book.save(str(path))
    return str(path)


def test_an_xls_workbook_is_assessed_like_xlsx(tmp_path):
    path = _workbook(tmp_path / "w.xls", [
        ["วันที่", "จำนวน", "หมายเหตุ"],
        [dt.date(2024, 1, 1), 10, "ก"],
        [dt.date(2024, 2, 1), 12.5, None],
        ["ไม่ทราบ", 7, "ข"],
        [dt.date(2024, 2, 1), 12.5, None],
    ], other_sheet=True)
    r = assess_file(path, "XLS")
    assert r["error"] is None and (r["rows"], r["columns"]) == (4, 3)
    # 12 cells, 2 empty: 10 / 12
    assert r["completeness"] == 83.3333
    # rows 2 and 4 are equal: 3 distinct of 4
    assert r["uniqueness"] == 75.0
    # date: 3 dates of 4 values; amount: 4 numbers; note: text, 2 -> 9 / 10
    assert r["consistency"] == 90.0
    assert r["validity"] == 100.0
    assert r["details"]["sheets"] == ["ข้อมูล", "หมายเหตุ"]
    assert {"code": "other_sheets", "sheets": ["หมายเหตุ"]} in r["warnings"]
    assert r["utf8"] == 0  # XLS text is UTF-16, not UTF-8


def test_cells_come_back_as_values(tmp_path):
    path = _workbook(tmp_path / "v.xls", [["a", "b", "c"], [dt.date(2567 - 543, 3, 15), 3.0, 2.5]])
    info = readers.ReadInfo()
    rows = list(readers.read_xls(path, info))
    assert rows == [["a", "b", "c"], ["2024-03-15", 3, 2.5]]
    assert info.encoding == "utf-16-le"


def test_a_national_id_in_an_xls_is_a_warning(tmp_path):
    path = _workbook(tmp_path / "p.xls", [["ชื่อ", "เลขประจำตัว"], ["ก", "1101700203450"]])
    r = assess_file(path, "XLS")
    assert r["warnings"][0]["code"] == "national_id"


def test_an_undeclared_xls_is_recognised(tmp_path):
    path = _workbook(tmp_path / "download", [["a"], [1]])
    assert assess_file(path, "")["rows"] == 1


@pytest.mark.parametrize("data", [b"not an xls at all", readers.OLE2_MAGIC + b"\x00" * 600])
def test_a_broken_xls_is_a_recorded_error(tmp_path, data):
    path = tmp_path / "bad.xls"
    path.write_bytes(data)
    assert assess_file(str(path), "XLS")["error"] == "malformed"


def test_an_oversized_xls_is_refused_before_reading(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "big.xls", [["a"], [1]])
    monkeypatch.setattr(readers, "MAX_XLS_BYTES", 100)
    assert assess_file(path, "XLS")["error"] == "too_large"

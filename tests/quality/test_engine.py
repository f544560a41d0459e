"""Content metrics of small files, each value computed by hand in the
comments (formulas: ckanext/gdcatalog/quality/content.py)."""
import datetime as dt
import json

import pytest

from ckanext.gdcatalog.quality.engine import assess_file

pytestmark = pytest.mark.without_plugins


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def test_csv_metrics_by_hand(tmp_path):
    path = _write(tmp_path, "a.csv", "a,b,c\n"
                  "1,x,2024-01-01\n"
                  "2,,15 มีนาคม 2567\n"
                  "1,x,2024-01-01\n"
                  "๓,y,hello\n")
    r = assess_file(path, "CSV")
    assert r["error"] is None
    assert (r["rows"], r["columns"]) == (4, 3)
    # 12 cells, one missing (row 2, b): 11 / 12
    assert r["completeness"] == 91.6667
    # rows 1 and 3 are equal: 3 distinct / 4
    assert r["uniqueness"] == 75.0
    assert r["details"]["duplicate_rows"] == [4]  # line 4 of the file
    # a: numeric, all 4 numeric (๓ is a Thai digit); b: text, 3 consistent;
    # c: timestamp, 3 dates (one Thai) and "hello": 3 -> (4 + 3 + 3) / 11
    assert r["consistency"] == 90.9091
    assert r["validity"] == 100.0
    assert (r["encoding"], r["utf8"]) == ("utf-8", 1)
    assert [c["type"] for c in r["details"]["columns"]] == ["numeric", "text", "timestamp"]


def test_ragged_rows_blank_rows_and_a_blank_header(tmp_path):
    path = _write(tmp_path, "r.csv", "id,name,\n1,a\n,,\n2,b,c,extra\n")
    r = assess_file(path, "CSV")
    # ",," is blank and dropped; "1,a" is padded to 3 cells, "2,b,c,extra" cut
    # to 3: (2 + 3) filled / (2 × 3)
    assert r["rows"] == 2
    assert r["completeness"] == 83.3333
    # blank header fails, names are unique, "extra" lies beyond the 3
    # expected columns: 1 / 3
    assert r["details"]["checks"] == {"blank_header": False, "duplicate_header": True,
                                      "extra_value": False}
    assert r["validity"] == 33.3333
    assert r["uniqueness"] == 100.0


def test_duplicate_header(tmp_path):
    r = assess_file(_write(tmp_path, "d.csv", "a,a,b\n1,2,3\n"), "CSV")
    assert r["validity"] == 66.6667  # 2 of 3 checks pass


def test_first_empty_column_ends_the_expected_columns(tmp_path):
    # column 2 has no name and no value: the expected width is 1, so "3" in
    # column 3 is an extra value. Blank header and extra value fail: 1 / 3.
    r = assess_file(_write(tmp_path, "e.csv", "a,,c\n1,,3\n"), "CSV")
    assert r["details"]["expected_columns"] == 1
    assert r["validity"] == 33.3333


def test_one_column(tmp_path):
    r = assess_file(_write(tmp_path, "one.csv", "x\n1\n2\n2\n"), "CSV")
    # 3 rows, 2 distinct: 66.6667; everything filled and numeric
    assert (r["columns"], r["rows"]) == (1, 3)
    assert (r["completeness"], r["uniqueness"], r["consistency"]) == (100.0, 66.6667, 100.0)


def test_tsv(tmp_path):
    r = assess_file(_write(tmp_path, "t.tsv", "a\tb\n1\t\n2\tn/a\n"), "TSV")
    # 4 cells, 2 missing ("" and "n/a")
    assert r["completeness"] == 50.0
    assert r["columns"] == 2


def test_utf8_with_bom(tmp_path):
    r = assess_file(_write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + "ชื่อ,ค่า\nก,1\n".encode()),
                    "CSV")
    assert (r["encoding"], r["utf8"]) == ("utf-8-sig", 1)
    assert r["details"]["header"] == ["ชื่อ", "ค่า"]


def test_tis620_is_detected_and_decoded(tmp_path):
    text = "จังหวัด,อำเภอ,จำนวนประชากร\n" + "".join(
        f"เชียงใหม่,เมืองเชียงใหม่,{n}\nขอนแก่น,เมืองขอนแก่น,{n + 1}\n" for n in range(40))
    r = assess_file(_write(tmp_path, "tis.csv", text.encode("cp874")), "CSV")
    assert r["encoding"] == "cp874"
    assert r["utf8"] == 0
    assert r["details"]["header"] == ["จังหวัด", "อำเภอ", "จำนวนประชากร"]
    assert r["rows"] == 80 and r["completeness"] == 100.0


def test_mixed_encodings_are_read_to_the_end_and_reported(tmp_path):
    # UTF-8 for the first 256 KiB the detector samples, then a TIS-620 row
    head = "ชื่อ,ค่า\n" + "ก,1\n" * 70000
    data = head.encode() + "ข,2\n".encode("cp874")
    r = assess_file(_write(tmp_path, "mixed.csv", data), "CSV")
    assert r["error"] is None
    assert r["rows"] == 70001
    assert {"code": "decode_errors", "count": 1} in r["warnings"]


def test_empty_file(tmp_path):
    r = assess_file(_write(tmp_path, "empty.csv", b""), "CSV")
    assert r["error"] == "empty"
    assert r["completeness"] is None


def test_header_only(tmp_path):
    r = assess_file(_write(tmp_path, "h.csv", "a,b\n"), "CSV")
    assert r["error"] is None and r["rows"] == 0
    assert r["completeness"] is None and r["validity"] == 100.0


def test_binary_file(tmp_path):
    r = assess_file(_write(tmp_path, "b.csv", bytes(range(256)) * 10), "CSV")
    assert r["error"] == "binary"


def test_a_cell_over_the_limit_is_a_recorded_error(tmp_path):
    path = _write(tmp_path, "huge.csv", "a,b\n1," + "x" * 5000 + "\n")
    assert assess_file(path, "CSV", max_cell_bytes=1000)["error"] == "malformed"
    # within the limit the huge cell is just a value
    r = assess_file(path, "CSV", max_cell_bytes=10000)
    assert r["error"] is None and r["completeness"] == 100.0


def test_unsupported_format(tmp_path):
    r = assess_file(_write(tmp_path, "x.pdf", b"%PDF-1.4"), "PDF")
    assert r["error"] == "unsupported_format"


def test_national_id_numbers_are_a_warning(tmp_path):
    # 1101700203450 has a valid check digit, 1101700203451 not
    path = _write(tmp_path, "p.csv",
                  "name,pid\nก,1101700203450\nข,1-1017-00203-45-0\nค,1101700203451\n")
    r = assess_file(path, "CSV")
    assert r["warnings"] == [{"code": "national_id", "cells": 2, "columns": ["pid"]}]
    # pid is numeric (first value); "1-1017-00203-45-0" is neither a number
    # nor a date: 2 of 3 consistent; name is text, 3: (3 + 2) / 6
    assert r["consistency"] == 83.3333


def test_uniqueness_is_exact_beyond_memory(tmp_path):
    # 40 rows, 10 distinct; only 4 digests kept in memory, the rest spilled
    lines = "".join(f"{i % 10},v{i % 10}\n" for i in range(40))
    r = assess_file(_write(tmp_path, "u.csv", "k,v\n" + lines), "CSV", max_in_memory=4)
    assert r["uniqueness"] == 25.0
    assert r["details"]["distinct_rows"] == 10


def test_xlsx(tmp_path):
    from openpyxl import Workbook
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["date", "amount", "note"])
    sheet.append([dt.date(2024, 1, 1), 10, "a"])
    sheet.append([dt.date(2024, 2, 1), 12.5, None])
    sheet.append(["ไม่ทราบ", 7, "b"])
    workbook.create_sheet("other").append(["x"])
    path = str(tmp_path / "w.xlsx")
    workbook.save(path)
    r = assess_file(path, "XLSX")
    assert r["error"] is None and (r["rows"], r["columns"]) == (3, 3)
    # 9 cells, 1 empty: 8 / 9
    assert r["completeness"] == 88.8889
    # date: 2 timestamps of 3; amount: 3 numeric; note: text 2 -> 7 / 8
    assert r["consistency"] == 87.5
    assert r["utf8"] == 1
    assert {"code": "other_sheets", "sheets": ["other"]} in r["warnings"]


def test_xlsx_that_is_not_a_zip(tmp_path):
    assert assess_file(_write(tmp_path, "bad.xlsx", b"not a zip"), "XLSX")["error"] == "malformed"


def test_json_records(tmp_path):
    records = [{"a": 1, "b": "x"}, {"a": 2, "b": None}, {"a": 1, "b": "x"},
               {"a": 3, "b": "y", "c": [1, 2]}]
    r = assess_file(_write(tmp_path, "r.json", json.dumps(records)), "JSON")
    # header a, b; 8 cells, b of record 2 missing: 7 / 8
    assert r["completeness"] == 87.5
    # records 1 and 3 are equal: 3 / 4
    assert r["uniqueness"] == 75.0
    # key "c" of the last record is an extra value: 2 / 3
    assert r["validity"] == 66.6667


@pytest.mark.parametrize("data, error", [
    (b'{"a": 1}', "not_records"), (b"[1, 2]", "not_records"), (b'[{"a": 1}, {"a": ', "malformed"),
])
def test_json_that_is_not_records(tmp_path, data, error):
    assert assess_file(_write(tmp_path, "j.json", data), "JSON")["error"] == error

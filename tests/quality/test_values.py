"""Cell classification with Thai forms, and the national ID checksum."""
import datetime as dt

import pytest

from ckanext.gdcatalog.quality import values

pytestmark = pytest.mark.without_plugins


@pytest.mark.parametrize("cell", [None, "", "  ", "-", "N/A", " null ", "ไม่มีข้อมูล", "NaN", "none",
                                  "\u3000", "\x1c-", "\x0bnull\u2028"])
def test_missing_markers(cell):
    assert values.is_missing(cell)
    assert not values.present_texts([cell])


def test_white_space_is_what_python_strips():
    assert set(values.WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


@pytest.mark.parametrize("cell", ["0", "x", 0, 0.0, "ไม่มี", "--"])
def test_values_that_are_present(cell):
    assert not values.is_missing(cell)


@pytest.mark.parametrize("cell, kind", [
    ("12", values.NUMERIC), ("-3.5", values.NUMERIC), ("1,234,567.89", values.NUMERIC),
    ("๑๒๓", values.NUMERIC), ("๑,๒๓๔", values.NUMERIC), ("12.5%", values.NUMERIC), (7, values.NUMERIC),
    ("2024-03-15", values.TIMESTAMP), ("15/03/2567", values.TIMESTAMP),
    ("15.03.67", values.TIMESTAMP), ("12/31/2023 10:30", values.TIMESTAMP),
    ("15 มีนาคม 2567", values.TIMESTAMP), ("15 มี.ค. 67", values.TIMESTAMP),
    ("มีนาคม พ.ศ. 2567", values.TIMESTAMP), ("๑๕ มีนาคม ๒๕๖๗", values.TIMESTAMP),
    (dt.date(2024, 3, 15), values.TIMESTAMP),
    ("abc", values.OTHER), ("12 ตัว", values.OTHER), ("1.2.3.4", values.OTHER), (True, values.OTHER),
])
def test_classify(cell, kind):
    assert values.classify(cell) == kind


@pytest.mark.parametrize("cell", [
    "1101700203450",          # 1×13+1×12+0×11+1×10+7×9+0×8+0×7+2×6+0×5+3×4+4×3+5×2 = 144;
                              # 144 mod 11 = 1; (11 − 1) mod 10 = 0 = last digit
    "1-1017-00203-45-0", " 1 1017 00203 45 0 ", "๑๑๐๑๗๐๐๒๐๓๔๕๐", 1101700203450])
def test_national_id_with_a_valid_check_digit(cell):
    assert values.is_thai_national_id(cell)


@pytest.mark.parametrize("cell", ["1101700203451", "0101700203450", "110170020345",
                                  "11017002034500", "abcdefghijklm", 12.5, None])
def test_not_a_national_id(cell):
    assert not values.is_thai_national_id(cell)

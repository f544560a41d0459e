"""Thai conventions as plain functions: Buddhist-Era dates with Thai month
names, and the dictionary order of Thai names."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.gdcatalog.ux import collation, dates

pytestmark = pytest.mark.without_plugins


@pytest.mark.parametrize("value, hours, seconds, shown", [
    (dt.datetime(2026, 12, 1, 14, 5, 9), False, False, "1 ธันวาคม 2569"),
    (dt.datetime(2024, 2, 29, 8, 0), True, False, "29 กุมภาพันธ์ 2567 เวลา 08:00 น."),
    (dt.datetime(1999, 1, 31, 23, 59, 1), False, True, "31 มกราคม 2542 เวลา 23:59:01 น."),
])
def test_dates_are_day_thai_month_and_buddhist_era_year(value, hours, seconds, shown):
    assert dates.thai_datetime(value, with_hours=hours, with_seconds=seconds) == shown


def test_thai_names_sort_in_dictionary_order():
    # A leading vowel sorts after its consonant: เ-ชียงใหม่ under ช, ไ-ก่ under ก.
    names = ["สำนักงานสถิติจังหวัดเชียงใหม่", "กรมอุตุนิยมวิทยา", "ไก่ชน", "เกษตร",
             "โคราช", "ขอนแก่น", "กรมการปกครอง"]
    assert collation.thai_sorted(names) == [
        "กรมการปกครอง", "กรมอุตุนิยมวิทยา", "เกษตร", "ไก่ชน", "ขอนแก่น", "โคราช",
        "สำนักงานสถิติจังหวัดเชียงใหม่"]


def test_tone_marks_only_break_ties():
    assert collation.thai_sorted(["ไก่", "ไก", "ไก้"]) == ["ไก", "ไก่", "ไก้"]
    assert collation.thai_sorted(["ขา", "ข้า", "ขาว"]) == ["ขา", "ข้า", "ขาว"]


def test_latin_names_sort_without_case_and_before_thai():
    assert collation.thai_sorted(["กรม", "beta", "Alpha"]) == ["Alpha", "beta", "กรม"]


def test_a_key_function_picks_the_name():
    orgs = [{"display_name": "สำนักงานสถิติแห่งชาติ"}, {"display_name": "กรมการปกครอง"}]
    assert [o["display_name"] for o in collation.thai_sorted(
        orgs, key=collation._title)] == ["กรมการปกครอง", "สำนักงานสถิติแห่งชาติ"]

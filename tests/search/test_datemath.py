"""Solr date math (always UTC)."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.gdcatalog.search.datemath import DateMathError, evaluate
from ckanext.gdcatalog.search.fields import format_date, normalise_date, parse_date

NOW = dt.datetime(2024, 5, 17, 13, 45, 30, 123456)


@pytest.mark.parametrize("expression, expected", [
    ("NOW", NOW),
    ("NOW/DAY", dt.datetime(2024, 5, 17)),
    ("NOW/DATE", dt.datetime(2024, 5, 17)),
    ("NOW/HOUR", dt.datetime(2024, 5, 17, 13)),
    ("NOW/MINUTE", dt.datetime(2024, 5, 17, 13, 45)),
    ("NOW/SECOND", dt.datetime(2024, 5, 17, 13, 45, 30)),
    ("NOW/MILLI", dt.datetime(2024, 5, 17, 13, 45, 30, 123000)),
    ("NOW/MONTH", dt.datetime(2024, 5, 1)),
    ("NOW/YEAR", dt.datetime(2024, 1, 1)),
    ("NOW-7DAYS", dt.datetime(2024, 5, 10, 13, 45, 30, 123456)),
    ("NOW-7DAY", dt.datetime(2024, 5, 10, 13, 45, 30, 123456)),
    ("NOW+1MONTH", dt.datetime(2024, 6, 17, 13, 45, 30, 123456)),
    ("NOW-1YEAR", dt.datetime(2023, 5, 17, 13, 45, 30, 123456)),
    ("NOW+2HOURS", dt.datetime(2024, 5, 17, 15, 45, 30, 123456)),
    ("NOW-30MINUTES", dt.datetime(2024, 5, 17, 13, 15, 30, 123456)),
    ("NOW+5SECONDS", dt.datetime(2024, 5, 17, 13, 45, 35, 123456)),
    ("NOW+100MILLIS", dt.datetime(2024, 5, 17, 13, 45, 30, 223456)),
    ("NOW/DAY+1DAY", dt.datetime(2024, 5, 18)),
    ("NOW/DAY-1DAY", dt.datetime(2024, 5, 16)),
    ("NOW-7DAYS/DAY", dt.datetime(2024, 5, 10)),
    ("NOW+1DAY-1SECOND", dt.datetime(2024, 5, 18, 13, 45, 29, 123456)),
    ("2024-01-31T00:00:00Z+1MONTH", dt.datetime(2024, 2, 29)),
    ("2024-01-01T00:00:00Z", dt.datetime(2024, 1, 1)),
    ("2024-01-01T10:20:30.5Z", dt.datetime(2024, 1, 1, 10, 20, 30, 500000)),
    ("2024-01-01T10:20:30.123456Z/SECOND", dt.datetime(2024, 1, 1, 10, 20, 30)),
    ("2024-01-01", dt.datetime(2024, 1, 1)),
    ("now-1day", dt.datetime(2024, 5, 16, 13, 45, 30, 123456)),
])
def test_evaluate(expression, expected):
    assert evaluate(expression, NOW) == expected


@pytest.mark.parametrize("expression", [
    "", "yesterday", "NOW-7FORTNIGHTS", "NOW - 7DAYS", "NOW-DAYS", "NOW7DAYS",
    "NOW/", "2024-13-45T00:00:00Z", "2024-01-01T00:00:00+07:00",
    "NOW+10000YEARS", "NOW-99999999999DAYS", "9999-12-31T23:59:59Z+1DAY",
    "0001-01-01T00:00:00Z-1DAY",
])
def test_invalid_is_a_date_math_error(expression):
    with pytest.raises(DateMathError):
        evaluate(expression, NOW)


def test_now_defaults_to_utc_now():
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    value = evaluate("NOW")
    after = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    assert before <= value <= after


@pytest.mark.parametrize("value, text", [
    (dt.datetime(2024, 1, 2, 3, 4, 5, 6), "2024-01-02T03:04:05.000006Z"),
    (dt.datetime(999, 1, 1), "0999-01-01T00:00:00.000000Z"),
    (dt.datetime(1, 1, 1), "0001-01-01T00:00:00.000000Z"),
    (dt.datetime(2024, 1, 1, 7, tzinfo=dt.timezone(dt.timedelta(hours=7))),
     "2024-01-01T00:00:00.000000Z"),
])
def test_format_date_is_fixed_width_utc(value, text):
    assert format_date(value) == text


def test_format_date_order_is_time_order():
    values = [dt.datetime(1, 1, 1), dt.datetime(999, 12, 31), dt.datetime(1000, 1, 1),
              dt.datetime(2024, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59)]
    assert sorted(format_date(v) for v in values) == [format_date(v) for v in values]


@pytest.mark.parametrize("text, expected", [
    ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000000Z"),
    ("2024-01-01T00:00:00.5", "2024-01-01T00:00:00.500000Z"),
    ("2024-01-01T07:00:00+07:00", "2024-01-01T00:00:00.000000Z"),
    ("2024-01-01", "2024-01-01T00:00:00.000000Z"),
    ("not a date", None),
    ("", None),
])
def test_normalise_date(text, expected):
    assert normalise_date(text) == expected


def test_parse_date_to_naive_utc():
    assert parse_date("2024-01-01T07:00:00+07:00") == dt.datetime(2024, 1, 1)
    assert parse_date("  ") is None

"""Dates and years: parsing (ISO, Buddhist Era, day-first, Thai text),
formatting in Thai and English, the validators and the template helpers."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.schema import dates
from ckanext.gdcatalog.schema.dates import DateError, parse_date, parse_year

pytestmark = pytest.mark.without_plugins

D = dt.date


# parse_date ------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    # ISO, Gregorian
    ("2024-03-15", D(2024, 3, 15)),
    ("1800-01-01", D(1800, 1, 1)),
    ("2200-12-31", D(2200, 12, 31)),
    ("2024-3-5", D(2024, 3, 5)),
    ("  2024-03-15  ", D(2024, 3, 15)),
    # ISO with a time part: the date part is kept
    ("2024-03-15T10:30:00", D(2024, 3, 15)),
    ("2024-03-15T10:30:00.123456", D(2024, 3, 15)),
    ("2024-03-15T10:30:00Z", D(2024, 3, 15)),
    ("2024-03-15T23:30:00+07:00", D(2024, 3, 15)),
    ("2024-03-15T10:30", D(2024, 3, 15)),
    ("2024-03-15 10:30:00", D(2024, 3, 15)),
    # ISO, Buddhist Era
    ("2567-03-15", D(2024, 3, 15)),
    ("2400-01-01", D(1857, 1, 1)),
    ("2743-12-31", D(2200, 12, 31)),
    ("2567-03-15T08:00:00", D(2024, 3, 15)),
    # day first
    ("15/03/2567", D(2024, 3, 15)),
    ("15/03/2024", D(2024, 3, 15)),
    ("5/3/2567", D(2024, 3, 5)),
    ("05/03/2024", D(2024, 3, 5)),
    ("1/12/2024", D(2024, 12, 1)),
    # Thai text, full and abbreviated month names
    ("15 มีนาคม 2567", D(2024, 3, 15)),
    ("15 มี.ค. 2567", D(2024, 3, 15)),
    ("1 มกราคม 2567", D(2024, 1, 1)),
    ("1 ม.ค. 2567", D(2024, 1, 1)),
    ("29 กุมภาพันธ์ 2567", D(2024, 2, 29)),
    ("29 ก.พ. 2567", D(2024, 2, 29)),
    ("30 เมษายน 2567", D(2024, 4, 30)),
    ("30 เม.ย. 2567", D(2024, 4, 30)),
    ("31 พฤษภาคม 2567", D(2024, 5, 31)),
    ("31 พ.ค. 2567", D(2024, 5, 31)),
    ("30 มิถุนายน 2567", D(2024, 6, 30)),
    ("30 มิ.ย. 2567", D(2024, 6, 30)),
    ("31 กรกฎาคม 2567", D(2024, 7, 31)),
    ("31 ก.ค. 2567", D(2024, 7, 31)),
    ("31 สิงหาคม 2567", D(2024, 8, 31)),
    ("31 ส.ค. 2567", D(2024, 8, 31)),
    ("30 กันยายน 2567", D(2024, 9, 30)),
    ("30 ก.ย. 2567", D(2024, 9, 30)),
    ("31 ตุลาคม 2567", D(2024, 10, 31)),
    ("31 ต.ค. 2567", D(2024, 10, 31)),
    ("30 พฤศจิกายน 2567", D(2024, 11, 30)),
    ("30 พ.ย. 2567", D(2024, 11, 30)),
    ("31 ธันวาคม 2567", D(2024, 12, 31)),
    ("31 ธ.ค. 2567", D(2024, 12, 31)),
    ("15 มีนาคม 2024", D(2024, 3, 15)),
    # written variants: no dots, extra spaces, era marker, Thai digits
    ("15 มีค 2567", D(2024, 3, 15)),
    ("15 มี. ค. 2567", D(2024, 3, 15)),
    ("15มีนาคม2567", D(2024, 3, 15)),
    ("15  มีนาคม   2567", D(2024, 3, 15)),
    ("15\u00a0มีนาคม\u00a02567", D(2024, 3, 15)),
    ("15 มีนาคม\u200b 2567", D(2024, 3, 15)),
    ("15 มีนาคม พ.ศ. 2567", D(2024, 3, 15)),
    ("15 มี.ค. พ.ศ.2567", D(2024, 3, 15)),
    ("15 มีนาคม ค.ศ. 2024", D(2024, 3, 15)),
    ("วันที่ 15 มีนาคม พ.ศ. 2567", D(2024, 3, 15)),
    ("๑๕ มีนาคม ๒๕๖๗", D(2024, 3, 15)),
    ("๒๕๖๗-๐๓-๑๕", D(2024, 3, 15)),
    # English text, as the English UI shows it
    ("15 March 2024", D(2024, 3, 15)),
    ("15 Mar 2024", D(2024, 3, 15)),
    ("15 march 2567", D(2024, 3, 15)),
])
def test_parse_date(value: str, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value, expected", [
    (D(2024, 3, 15), D(2024, 3, 15)),
    (dt.datetime(2024, 3, 15, 23, 59), D(2024, 3, 15)),
    # a date object built from a BE year by mistake is still converted
    (D(2567, 3, 15), D(2024, 3, 15)),
])
def test_parse_date_objects(value: Any, expected: dt.date) -> None:
    result = parse_date(value)
    assert result == expected
    assert type(result) is dt.date


@pytest.mark.parametrize("value", [
    "2567-02-29",      # 2024 is a leap year
    "29/02/2567",
    "29 กุมภาพันธ์ 2567",
    "2000-02-29",      # divisible by 400
    "2543-02-29",      # 2000 in BE
])
def test_leap_days(value: str) -> None:
    assert parse_date(value).day == 29


@pytest.mark.parametrize("value, days", [
    ("2566-02-29", 28),   # 2023 is not a leap year, though 2566 "looks" like one
    ("2023-02-29", 28),
    ("2100-02-29", 28),   # divisible by 100, not by 400
    ("2024-02-30", 29),
    ("2024-04-31", 30),
    ("31/06/2567", 30),
    ("31 มิถุนายน 2567", 30),
    ("2024-01-32", 31),
    ("2024-01-00", 31),
])
def test_no_such_day(value: str, days: int) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(value)
    assert raised.value.msgid == dates.MSG_NO_SUCH_DAY
    assert raised.value.params["days"] == days
    assert value in str(raised.value)


@pytest.mark.parametrize("value", ["2024-13-01", "2024-00-10", "15/13/2567", "15/0/2024"])
def test_no_such_month(value: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(value)
    assert raised.value.msgid == dates.MSG_NO_SUCH_MONTH


@pytest.mark.parametrize("value, msgid", [
    # the year rule's boundaries
    ("1799-12-31", dates.MSG_YEAR_OUT_OF_RANGE),
    ("2201-01-01", dates.MSG_YEAR_AMBIGUOUS),
    ("2300-06-15", dates.MSG_YEAR_AMBIGUOUS),
    ("2399-12-31", dates.MSG_YEAR_AMBIGUOUS),
    ("2744-01-01", dates.MSG_YEAR_OUT_OF_RANGE),
    ("0001-01-01", dates.MSG_YEAR_OUT_OF_RANGE),
    ("9999-12-31", dates.MSG_YEAR_OUT_OF_RANGE),
    ("15/03/2300", dates.MSG_YEAR_AMBIGUOUS),
    ("15 มีนาคม 1500", dates.MSG_YEAR_OUT_OF_RANGE),
    (D(1700, 1, 1), dates.MSG_YEAR_OUT_OF_RANGE),
    # an era marker must agree with the year
    ("15 มีนาคม พ.ศ. 2024", dates.MSG_YEAR_NOT_BE),
    ("15 มีนาคม ค.ศ. 2567", dates.MSG_YEAR_NOT_CE),
])
def test_year_rule_in_dates(value: Any, msgid: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(value)
    assert raised.value.msgid == msgid


@pytest.mark.parametrize("value", [
    "", "   ", "\t\n", "garbage", "2024", "2567", "2024-03", "20240315",
    "2024/03/15",          # year first with slashes: not a form we accept
    "03/15/2024",          # month first (US): month 15 does not exist
    "15-03-2024", "15.03.2567",
    "15 มีนา 2567", "15 Marchh 2024", "มีนาคม 2567", "15 มีนาคม", "15 มีนาคม 67",
    "15/03/67", "2024-03-15xyz", "2024-03-15T", "2024-03-15Tnoon", "x2024-03-15",
    "2024-03-15 2024-03-16", "พ.ศ. 2567", "15 พ.ศ. 2567", "-2024-03-15",
    "2024-003-15", "123/03/2024",
])
def test_not_a_date(value: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(value)
    # a clear message, never an unrelated exception
    assert isinstance(raised.value, ValueError)
    assert raised.value.msgid in (dates.MSG_NOT_A_DATE, dates.MSG_NO_SUCH_MONTH)


@pytest.mark.parametrize("value", [
    None, 20240315, 2567, 15.3, True, [2024, 3, 15], ["2024-03-15"], {"date": "2024-03-15"},
    b"2024-03-15", object(), tk.missing,
])
def test_not_a_date_types(value: Any) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(value)
    assert raised.value.msgid == dates.MSG_NOT_A_DATE


def test_date_error_message_and_params() -> None:
    with pytest.raises(DateError) as raised:
        parse_date("not a date")
    error = raised.value
    assert error.params == {"value": "not a date"}
    assert str(error) == (
        "Not a date: not a date. Use YYYY-MM-DD, for example 2024-03-15 "
        "(a Buddhist-Era year such as 2567 is also accepted)")
    assert error.translated(lambda msgid: "แปล: " + msgid) == "แปล: " + str(error)


def test_long_value_is_shortened_in_message() -> None:
    with pytest.raises(DateError) as raised:
        parse_date("x" * 500)
    assert len(raised.value.params["value"]) <= 40


def test_no_such_day_message() -> None:
    with pytest.raises(DateError) as raised:
        parse_date("2566-02-29")
    assert str(raised.value) == (
        "Not a valid date: 2566-02-29. The day must be from 1 to 28 in month 2 of 2566")


# parse_year ------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2024", 2024), (2024, 2024), ("2567", 2024), (2567, 2024),
    ("1800", 1800), ("2200", 2200), ("2400", 1857), ("2743", 2200),
    (" 2567 ", 2024), ("๒๕๖๗", 2024), ("พ.ศ. 2567", 2024), ("พ.ศ.2567", 2024),
    ("ค.ศ. 2024", 2024),
])
def test_parse_year(value: Any, expected: int) -> None:
    assert parse_year(value) == expected


@pytest.mark.parametrize("value, msgid", [
    ("1799", dates.MSG_YEAR_OUT_OF_RANGE), (1799, dates.MSG_YEAR_OUT_OF_RANGE),
    ("2201", dates.MSG_YEAR_AMBIGUOUS), ("2399", dates.MSG_YEAR_AMBIGUOUS),
    (2300, dates.MSG_YEAR_AMBIGUOUS),
    ("2744", dates.MSG_YEAR_OUT_OF_RANGE), ("9999", dates.MSG_YEAR_OUT_OF_RANGE),
    ("0000", dates.MSG_YEAR_OUT_OF_RANGE),
    ("พ.ศ. 2024", dates.MSG_YEAR_NOT_BE), ("ค.ศ. 2567", dates.MSG_YEAR_NOT_CE),
    ("", dates.MSG_NOT_A_YEAR), ("  ", dates.MSG_NOT_A_YEAR),
    ("abcd", dates.MSG_NOT_A_YEAR), ("67", dates.MSG_NOT_A_YEAR),
    ("20245", dates.MSG_NOT_A_YEAR), ("2024-03-15", dates.MSG_NOT_A_YEAR),
    ("2024.0", dates.MSG_NOT_A_YEAR), ("-2024", dates.MSG_NOT_A_YEAR),
    (-2024, dates.MSG_NOT_A_YEAR), (24, dates.MSG_NOT_A_YEAR),
    (2024.0, dates.MSG_NOT_A_YEAR), (True, dates.MSG_NOT_A_YEAR),
    (None, dates.MSG_NOT_A_YEAR), ([2024], dates.MSG_NOT_A_YEAR),
    (D(2024, 1, 1), dates.MSG_NOT_A_YEAR), (tk.missing, dates.MSG_NOT_A_YEAR),
])
def test_parse_year_errors(value: Any, msgid: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_year(value)
    assert raised.value.msgid == msgid


def test_year_messages_name_the_ranges() -> None:
    with pytest.raises(DateError) as raised:
        parse_year("2300")
    assert str(raised.value) == (
        "Year 2300 is ambiguous: too late for a Gregorian year (up to 2200) "
        "and too early for a Buddhist-Era year (from 2400)")
    with pytest.raises(DateError) as raised:
        parse_year("1700")
    assert str(raised.value) == (
        "Year 1700 is out of range. Use a Gregorian year from 1800 to 2200 "
        "or a Buddhist-Era year from 2400 to 2743")


def test_every_msgid_formats_with_its_params() -> None:
    """The Thai catalog translates these: each must be a constant whose
    placeholders are all filled by the errors actually raised."""
    cases = ["x", "2024-13-01", "2024-02-30", "2300-01-01", "1700-01-01",
             "1 มกราคม พ.ศ. 2024", "1 มกราคม ค.ศ. 2567"]
    raised = set()
    for value in cases:
        with pytest.raises(DateError) as error:
            parse_date(value)
        raised.add(error.value.msgid)
        error.value.msgid % error.value.params  # no KeyError
    with pytest.raises(DateError) as error:
        parse_year("x")
    raised.add(error.value.msgid)
    msgids = {value for name, value in vars(dates).items() if name.startswith("MSG_")}
    assert raised == msgids


# formatting ------------------------------------------------------------------

@pytest.mark.parametrize("value, lang, style, expected", [
    ("2024-03-15", "th", "long", "15 มีนาคม 2567"),
    ("2024-03-15", "th", "short", "15 มี.ค. 2567"),
    ("2024-03-15", "en", "long", "15 March 2024"),
    ("2024-03-15", "en", "short", "15 Mar 2024"),
    ("2024-03-05", "th", "long", "5 มีนาคม 2567"),
    ("2024-01-01", "th", "long", "1 มกราคม 2567"),
    ("2024-02-29", "th", "short", "29 ก.พ. 2567"),
    ("2024-05-31", "th", "short", "31 พ.ค. 2567"),
    ("2024-12-31", "th", "long", "31 ธันวาคม 2567"),
    ("2024-12-31", "en", "long", "31 December 2024"),
    ("1857-01-01", "th", "long", "1 มกราคม 2400"),
    (D(2024, 3, 15), "th", "long", "15 มีนาคม 2567"),
    (dt.datetime(2024, 3, 15, 10), "en", "long", "15 March 2024"),
    ("2024-03-15T10:30:00", "th", "long", "15 มีนาคม 2567"),
    ("2567-03-15", "en", "long", "15 March 2024"),
    ("2024-03-15", "th_TH", "long", "15 มีนาคม 2567"),
    ("2024-03-15", "th-TH", "long", "15 มีนาคม 2567"),
    ("2024-03-15", "TH", "long", "15 มีนาคม 2567"),
    ("2024-03-15", "fr", "long", "15 March 2024"),
    ("2024-03-15", "", "long", "15 March 2024"),
])
def test_format_date(value: Any, lang: str, style: Any, expected: str) -> None:
    assert dates.format_date(value, lang, style) == expected


def test_format_date_default_style_is_long() -> None:
    assert dates.format_date("2024-03-15", "th") == "15 มีนาคม 2567"


@pytest.mark.parametrize("value, expected", [
    ("not a date", "not a date"),
    ("2024-02-30", "2024-02-30"),
    ("2300-01-01", "2300-01-01"),
    ("", ""),
    (None, ""),
    (tk.missing, ""),
    (12345, "12345"),
    (["2024-03-15"], "['2024-03-15']"),
])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_format_date_passes_unparseable_through(value: Any, expected: str, lang: str) -> None:
    assert dates.format_date(value, lang) == expected


@pytest.mark.parametrize("year, lang, expected", [
    (2024, "th", "2567"), ("2024", "th", "2567"), (2024, "en", "2024"),
    ("2024", "en", "2024"), ("1800", "th", "2343"), ("2200", "th", "2743"),
    ("2567", "th", "2567"),  # a BE year given by mistake is not shifted twice
    ("abc", "th", "abc"), (None, "th", ""), ("2300", "en", "2300"),
])
def test_format_year(year: Any, lang: str, expected: str) -> None:
    assert dates.format_year(year, lang) == expected


@pytest.mark.parametrize("value, expected", [
    ("2024-03-15", "2024-03-15"),
    ("2024-03-15T10:00:00", "2024-03-15"),
    ("2024-03-15 10:00:00", "2024-03-15"),
    (D(2024, 3, 15), "2024-03-15"),
    ("", ""),
    ("  ", ""),
    (None, ""),
    (tk.missing, ""),
    ("15/03/2567", None),
    ("2024-02-30", None),   # a browser would empty the input
    ("2024-3-5", None),
    ("garbage", None),
    (["2024-03-15"], None),
])
def test_iso_date_input_value(value: Any, expected: Any) -> None:
    assert dates.iso_date_input_value(value) == expected


# validators ------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2024-03-15", "2024-03-15"),
    ("2567-03-15", "2024-03-15"),
    ("15/03/2567", "2024-03-15"),
    ("15 มีนาคม 2567", "2024-03-15"),
    ("2024-03-15T10:30:00", "2024-03-15"),
    (D(2024, 3, 15), "2024-03-15"),
    (dt.datetime(2024, 3, 15, 1, 2), "2024-03-15"),
])
def test_gdc_date(value: Any, expected: str) -> None:
    result = dates.gdc_date(value, {})
    assert result == expected
    assert type(result) is str


@pytest.mark.parametrize("value, expected", [
    ("", ""), ("   ", ""), (None, None),
])
def test_gdc_date_empty(value: Any, expected: Any) -> None:
    assert dates.gdc_date(value, {}) == expected


def test_gdc_date_missing() -> None:
    assert dates.gdc_date(tk.missing, {}) is tk.missing


@pytest.mark.parametrize("value", [
    "garbage", "2024-02-30", "2566-02-29", "2300-01-01", "2024-13-01",
    12, [1], ["2024-03-15"], {"a": 1}, True,
])
def test_gdc_date_invalid(value: Any) -> None:
    with pytest.raises(tk.Invalid) as raised:
        dates.gdc_date(value, {})
    assert raised.value.error
    assert "%(" not in raised.value.error


def test_gdc_date_invalid_message() -> None:
    with pytest.raises(tk.Invalid) as raised:
        dates.gdc_date("15/03/2300", {})
    assert raised.value.error == (
        "Year 2300 is ambiguous: too late for a Gregorian year (up to 2200) "
        "and too early for a Buddhist-Era year (from 2400)")


@pytest.mark.parametrize("value, expected", [
    ("2024", "2024"), (2024, "2024"), ("2567", "2024"), (2567, "2024"),
    ("1800", "1800"), ("2743", "2200"), (" พ.ศ. 2567 ", "2024"),
])
def test_gdc_year(value: Any, expected: str) -> None:
    result = dates.gdc_year(value, {})
    assert result == expected
    assert type(result) is str


@pytest.mark.parametrize("value, expected", [("", ""), (" ", ""), (None, None)])
def test_gdc_year_empty(value: Any, expected: Any) -> None:
    assert dates.gdc_year(value, {}) == expected


def test_gdc_year_missing() -> None:
    assert dates.gdc_year(tk.missing, {}) is tk.missing


@pytest.mark.parametrize("value", ["2300", "1799", "2744", "24", "abcd", 2024.5, [2024], True])
def test_gdc_year_invalid(value: Any) -> None:
    with pytest.raises(tk.Invalid) as raised:
        dates.gdc_year(value, {})
    assert raised.value.error


def test_registries() -> None:
    assert dates.VALIDATORS == {"gdc_date": dates.gdc_date, "gdc_year": dates.gdc_year}
    assert set(dates.HELPERS) == {
        "gdcatalog_format_date", "gdcatalog_format_year", "gdcatalog_date_input_value"}


# template helpers in a request ------------------------------------------------

@pytest.fixture
def fresh_app(make_app: Any) -> Any:
    """An app of the test's own: the probes add views to it, which an app
    that has served requests (the shared ``app``) no longer accepts."""
    return make_app()


def _probe(app: Any) -> None:
    """A view that renders the helpers, reached through CKAN's whole WSGI
    stack so that the UI language comes from the URL as on a real page."""
    def view() -> str:
        return " | ".join((
            tk.h.lang(),
            dates.gdcatalog_format_date("2024-03-15"),
            dates.gdcatalog_format_date("2024-03-15", style="short"),
            dates.gdcatalog_format_year("2024"),
            dates.gdcatalog_format_date("not a date"),
        ))
    app.flask_app.add_url_rule("/gdc-dates-probe", "gdc_dates_probe", view)


@pytest.mark.parametrize("path, expected", [
    ("/th/gdc-dates-probe", "th | 15 มีนาคม 2567 | 15 มี.ค. 2567 | 2567 | not a date"),
    ("/en/gdc-dates-probe", "en | 15 March 2024 | 15 Mar 2024 | 2024 | not a date"),
    # no language in the URL: the site default (test.ini: en)
    ("/gdc-dates-probe", "en | 15 March 2024 | 15 Mar 2024 | 2024 | not a date"),
])
@pytest.mark.usefixtures("with_plugins")
def test_helpers_follow_the_ui_language(fresh_app: Any, path: str, expected: str) -> None:
    _probe(fresh_app)
    response = fresh_app.get(path)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == expected


@pytest.mark.ckan_config("ckan.locale_default", "th")
@pytest.mark.usefixtures("with_plugins")
def test_helpers_follow_the_default_language(fresh_app: Any) -> None:
    _probe(fresh_app)
    response = fresh_app.get("/gdc-dates-probe")
    assert response.get_data(as_text=True).startswith("th | 15 มีนาคม 2567 | ")


def test_helpers_outside_a_request() -> None:
    # e.g. a command rendering text: the site's default language
    assert dates.gdcatalog_format_date("2024-03-15") == "15 March 2024"
    assert dates.gdcatalog_format_year(2024) == "2024"


# snippets ----------------------------------------------------------------------

class _Helpers:
    """CKAN's helpers plus this module's, whether or not the plugin has
    registered them yet."""

    def __getattr__(self, name: str) -> Any:
        return dates.HELPERS.get(name) or getattr(tk.h, name)


FIELD = {"field_name": "issued", "label": {"en": "Issued", "th": "วันที่เผยแพร่"}}


def _render(app: Any, kind: str, value: Any, error: Any = None, lang: str = "en") -> str:
    """A snippet rendered by a view behind CKAN's WSGI stack, so the UI
    language comes from the URL as on a real page."""
    def view() -> str:
        return tk.render(f"scheming/{kind}/gdc_date.html", {
            "h": _Helpers(), "field": FIELD, "data": {"issued": value},
            "errors": {"issued": [error] if error else []}})
    app.flask_app.add_url_rule("/gdc-snippet-probe", "gdc_snippet_probe", view)
    response = app.get(f"/{lang}/gdc-snippet-probe")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.ckan_config("ckan.plugins", "gdcatalog scheming_datasets")
@pytest.mark.usefixtures("with_plugins")
class TestSnippets:

    @pytest.mark.parametrize("value, shown", [
        ("2024-03-15", 'value="2024-03-15"'),
        ("2024-03-15T10:00:00", 'value="2024-03-15"'),
        ("", 'value=""'),
        (None, 'value=""'),
    ])
    def test_form_iso_value_in_a_date_input(self, fresh_app: Any, value: Any, shown: str) -> None:
        html = _render(fresh_app, "form_snippets", value)
        assert 'type="date"' in html
        assert 'name="issued"' in html
        assert shown in html

    @pytest.mark.parametrize("value", ["15/03/2300", "2024-02-30", "garbage <b>"])
    def test_form_rejected_text_is_shown_as_typed(self, fresh_app: Any, value: str) -> None:
        from markupsafe import escape
        html = _render(fresh_app, "form_snippets", value, error="Not a date")
        assert 'type="text"' in html
        assert f'value="{escape(value)}"' in html
        assert "Not a date" in html
        assert "<b>" not in html

    @pytest.mark.parametrize("lang, shown", [
        ("en", "15 March 2024"), ("th", "15 มีนาคม 2567"),
    ])
    def test_display(self, fresh_app: Any, lang: str, shown: str) -> None:
        html = _render(fresh_app, "display_snippets", "2024-03-15", lang=lang)
        assert f'<time datetime="2024-03-15">{shown}</time>' in html

    def test_display_unparseable(self, fresh_app: Any) -> None:
        html = _render(fresh_app, "display_snippets", "sometime in 2567", lang="th")
        assert "sometime in 2567" in html
        assert "<time" not in html

    def test_display_empty(self, fresh_app: Any) -> None:
        assert _render(fresh_app, "display_snippets", "").strip() == ""

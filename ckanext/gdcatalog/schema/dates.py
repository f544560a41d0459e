"""Dates and years of the Thai metadata standard.

The standard stores Gregorian values: dates as ISO ``YYYY-MM-DD``, years as
four digits. Thai stewards often write Buddhist-Era (BE) years (Gregorian +
543), so every input year is classified by range: 2400-2743 is BE and is
converted, 1800-2200 is Gregorian, anything else is refused. No range is
both, so a BE year is never silently stored as a Gregorian one, and the gap
(2201-2399) is refused as ambiguous rather than guessed.

Display goes the other way: the Thai UI shows day, Thai month name and BE
year ("15 มีนาคม 2567"), the English UI "15 March 2024".
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Callable, Literal, Optional

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.language import current_language

BE_OFFSET = 543
GREGORIAN_MIN, GREGORIAN_MAX = 1800, 2200
BE_MIN, BE_MAX = 2400, GREGORIAN_MAX + BE_OFFSET  # 2743: the same last day as Gregorian

# English msgids, translated through tk._() with %-style named parameters;
# module-level so the Thai message catalog can carry them.
MSG_NOT_A_DATE = ("Not a date: %(value)s. Use YYYY-MM-DD, for example 2024-03-15 "
                  "(a Buddhist-Era year such as 2567 is also accepted)")
MSG_NO_SUCH_MONTH = "Not a valid date: %(value)s. The month must be from 1 to 12"
MSG_NO_SUCH_DAY = ("Not a valid date: %(value)s. The day must be from 1 to %(days)s "
                   "in month %(month)s of %(year)s")
MSG_NOT_A_YEAR = ("Not a year: %(value)s. Use four digits, for example 2024 "
                  "(a Buddhist-Era year such as 2567 is also accepted)")
MSG_YEAR_AMBIGUOUS = ("Year %(year)s is ambiguous: too late for a Gregorian year (up to "
                      "%(gregorian_max)s) and too early for a Buddhist-Era year (from "
                      "%(be_min)s)")
MSG_YEAR_OUT_OF_RANGE = ("Year %(year)s is out of range. Use a Gregorian year from "
                         "%(gregorian_min)s to %(gregorian_max)s or a Buddhist-Era year "
                         "from %(be_min)s to %(be_max)s")
MSG_YEAR_NOT_BE = ("Year %(year)s is marked as Buddhist Era (พ.ศ.) but is not a "
                   "Buddhist-Era year (%(be_min)s to %(be_max)s)")
MSG_YEAR_NOT_CE = ("Year %(year)s is marked as Gregorian (ค.ศ.) but is not a "
                   "Gregorian year (%(gregorian_min)s to %(gregorian_max)s)")

_RANGES = {"gregorian_min": GREGORIAN_MIN, "gregorian_max": GREGORIAN_MAX,
           "be_min": BE_MIN, "be_max": BE_MAX}

THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                     "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
# Fixed names, not strftime: the process locale must not change the output.
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December")


def _month_key(text: str) -> str:
    # "มี.ค.", "มี. ค." and "มีค" are all written; compare without dots/spaces.
    return re.sub(r"[.\s]", "", text).lower()


_MONTHS: dict[str, int] = {
    _month_key(name): number
    for names in (THAI_MONTHS, THAI_MONTHS_SHORT, ENGLISH_MONTHS,
                  tuple(m[:3] for m in ENGLISH_MONTHS))
    for number, name in enumerate(names, start=1)
}

# A time part is allowed (and dropped) only if it looks like one, so that
# "2024-03-15xyz" is still refused.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"
                  r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TEXT = re.compile(r"(?:วันที่\s*)?(\d{1,2})\s*(\D+?)\s*(\d{4})")
_ERA = re.compile(r"(.*?)\s*(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)")
_YEAR = re.compile(r"(?:(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)\s*)?(\d{4})")
# Thai digits ๐-๙ are used in official documents; zero-width characters come
# with text copied from word processors.
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789", "\u200b\u200c\u200d\ufeff")
_SHOWN_MAX = 40

Era = Optional[Literal["BE", "CE"]]
Style = Literal["long", "short"]


class DateError(ValueError):
    """A date or year that cannot be accepted. ``msgid`` is one of the MSG_*
    constants, ``params`` its named parameters; ``str()`` gives English."""

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid % params)

    def translated(self, gettext: Callable[[str], str] = tk._) -> str:
        return gettext(self.msgid) % self.params


def _as_text(value: Any) -> str:
    # CKAN's ``missing`` raises on str(); None reads better as nothing.
    if value is None or value is tk.missing:
        return ""
    return str(value)


def _empty(value: Any) -> bool:
    return value is tk.missing or value is None or (isinstance(value, str) and not value.strip())


def _shown(value: Any) -> str:
    # Echo what was sent, but never a whole pasted paragraph.
    text = _as_text(value).strip()
    return text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX - 1] + "…"


def _normalise(text: str) -> str:
    return " ".join(text.translate(_DIGITS).split())


def _era(marker: Optional[str]) -> Era:
    if not marker:
        return None
    return "BE" if marker.startswith("พ") else "CE"


def gregorian_year(year: int, era: Era = None) -> int:
    """The Gregorian year of ``year`` as written; ``era`` is the era marked
    next to it (พ.ศ./ค.ศ.), if any."""
    is_be = BE_MIN <= year <= BE_MAX
    is_ce = GREGORIAN_MIN <= year <= GREGORIAN_MAX
    if era == "BE" and not is_be:
        raise DateError(MSG_YEAR_NOT_BE, year=year, **_RANGES)
    if era == "CE" and not is_ce:
        raise DateError(MSG_YEAR_NOT_CE, year=year, **_RANGES)
    if is_be:
        return year - BE_OFFSET
    if is_ce:
        return year
    if GREGORIAN_MAX < year < BE_MIN:
        raise DateError(MSG_YEAR_AMBIGUOUS, year=year, **_RANGES)
    raise DateError(MSG_YEAR_OUT_OF_RANGE, year=year, **_RANGES)


def _make_date(shown: str, year: int, month: int, day: int, era: Era = None) -> dt.date:
    gregorian = gregorian_year(year, era)
    if not 1 <= month <= 12:
        raise DateError(MSG_NO_SUCH_MONTH, value=shown)
    # Leap years follow the Gregorian year: 2567-02-29 exists (2024), 2566-02-29 not.
    days = calendar.monthrange(gregorian, month)[1]
    if not 1 <= day <= days:
        raise DateError(MSG_NO_SUCH_DAY, value=shown, days=days, month=month, year=year)
    return dt.date(gregorian, month, day)


def _parse_words(text: str, shown: str) -> Optional[dt.date]:
    """"15 มีนาคม 2567", "15 มี.ค. พ.ศ. 2567", "15 March 2024"; None if not
    of that shape or the month is unknown."""
    match = _TEXT.fullmatch(text)
    if not match:
        return None
    day_text, middle, year_text = match.groups()
    month_text, marker = middle, None
    if era_match := _ERA.fullmatch(middle):
        month_text, marker = era_match.group(1), era_match.group(2)
    month = _MONTHS.get(_month_key(month_text))
    if month is None:
        return None
    return _make_date(shown, int(year_text), month, int(day_text), _era(marker))


def _parse_text(text: str, shown: str) -> dt.date:
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return _make_date(shown, year, month, day)
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        return _make_date(shown, year, month, day)
    date = _parse_words(text, shown)
    if date is None:
        raise DateError(MSG_NOT_A_DATE, value=shown)
    return date


def parse_date(value: Any) -> dt.date:
    """The Gregorian date of ``value``: a date, ISO ``YYYY-MM-DD`` (a time
    part is dropped), ``DD/MM/YYYY`` (day first, the Thai convention) or Thai
    text ("15 มีนาคม 2567", "15 มี.ค. พ.ศ. 2567"); BE years are converted.
    Raises DateError."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        # A date object may still carry a BE year (2567-03-15 built by a
        # converter that did not know): the same year rule applies.
        if GREGORIAN_MIN <= value.year <= GREGORIAN_MAX:
            return value
        return _make_date(value.isoformat(), value.year, value.month, value.day)
    if not isinstance(value, str):
        raise DateError(MSG_NOT_A_DATE, value=_shown(value))
    return _parse_text(_normalise(value), _shown(value))


def parse_year(value: Any) -> int:
    """The Gregorian year of ``value``: four digits (or an int), BE converted,
    optionally marked พ.ศ./ค.ศ. Raises DateError."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DateError(MSG_NOT_A_YEAR, value=_shown(value))
    match = _YEAR.fullmatch(_normalise(str(value)))
    if not match:
        raise DateError(MSG_NOT_A_YEAR, value=_shown(value))
    marker, digits = match.groups()
    return gregorian_year(int(digits), _era(marker))


def _is_thai(lang: Optional[str]) -> bool:
    return (lang or "").lower().replace("-", "_").split("_")[0] == "th"


def format_date(value: Any, lang: str, style: Style = "long") -> str:
    """``value`` for display: "15 มีนาคม 2567" / "15 มี.ค. 2567" in Thai,
    "15 March 2024" / "15 Mar 2024" otherwise. What cannot be parsed is shown
    as it is: a page must never fail on a stored value."""
    try:
        date = parse_date(value)
    except DateError:
        return _as_text(value)
    if _is_thai(lang):
        months = THAI_MONTHS_SHORT if style == "short" else THAI_MONTHS
        return f"{date.day} {months[date.month - 1]} {date.year + BE_OFFSET}"
    month = ENGLISH_MONTHS[date.month - 1]
    return f"{date.day} {month[:3] if style == 'short' else month} {date.year}"


def format_year(year: Any, lang: str) -> str:
    """A (Gregorian) year for display: BE in Thai, Gregorian otherwise."""
    try:
        gregorian = parse_year(year)
    except DateError:
        return _as_text(year)
    return str(gregorian + BE_OFFSET if _is_thai(lang) else gregorian)


def iso_date_input_value(value: Any) -> Optional[str]:
    """The value an HTML date input can show for ``value``: its ISO date
    part, "" when empty, or None when it cannot. A browser empties a date
    input whose value is not a real ISO date, which would hide what the
    user typed."""
    if _empty(value):
        return ""  # nothing typed yet: an empty date picker
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ].*)?", text)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


# Validators ------------------------------------------------------------------

def gdc_date(value: Any, context: Any) -> Any:
    """A date, stored as ISO ``YYYY-MM-DD`` (Gregorian); empty passes."""
    if _empty(value):
        return "" if isinstance(value, str) else value
    try:
        return parse_date(value).isoformat()
    except DateError as error:
        raise tk.Invalid(error.translated()) from None


def gdc_year(value: Any, context: Any) -> Any:
    """A year, stored as four Gregorian digits; empty passes."""
    if _empty(value):
        return "" if isinstance(value, str) else value
    try:
        return f"{parse_year(value):04d}"
    except DateError as error:
        raise tk.Invalid(error.translated()) from None


# Template helpers ------------------------------------------------------------

def gdcatalog_format_date(value: Any, style: Style = "long") -> str:
    return format_date(value, current_language(), style)


def gdcatalog_format_year(value: Any) -> str:
    return format_year(value, current_language())


def gdcatalog_date_input_value(value: Any) -> Optional[str]:
    return iso_date_input_value(value)


VALIDATORS: dict[str, Callable[..., Any]] = {
    "gdc_date": gdc_date,
    "gdc_year": gdc_year,
}

HELPERS: dict[str, Callable[..., Any]] = {
    "gdcatalog_format_date": gdcatalog_format_date,
    "gdcatalog_format_year": gdcatalog_format_year,
    "gdcatalog_date_input_value": gdcatalog_date_input_value,
}

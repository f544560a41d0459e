"""Classifying cell values: missing, numeric, timestamp or other, with Thai
forms (Thai digits, Buddhist-Era years, Thai month names) recognised, and
13-digit Thai national ID numbers detected by their checksum.

Pure functions without CKAN: the engine calls them once per cell, so they
try the cheap tests first.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import filterfalse
from typing import Final, Iterable

# ckanext-dquality's missing markers (compared trimmed and lower-cased).
MISSING_TOKENS: Final = frozenset({"", "-", "ไม่มีข้อมูล", "null", "n/a", "na", "none", "nan"})

NUMERIC, TIMESTAMP, OTHER = "numeric", "timestamp", "other"

# Written like a national ID number: 13 digits, maybe grouped by - or spaces.
# The patterns are also run by polars' regex engine (quality/columnar.py):
# keep them to the syntax both engines read alike.
ID_LIKE_PATTERN: Final = r"\s*\d[\d \-]{12,17}\s*"
NUMBER_PATTERN: Final = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?"
_ID_LIKE = re.compile(ID_LIKE_PATTERN).fullmatch
_NUMBER = re.compile(NUMBER_PATTERN)
# Thousand separators as ckanext-dquality accepts them: 1,234 or 1,234.56.
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?%?")

_TIME = r"(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:\s*น\.)?(?:Z|[+-]\d{2}:?\d{2})?)?"
# Numeric Y-m-d, d-m-Y and m-d-Y with - / or . and 2- or 4-digit years; a
# 4-digit year may be Buddhist Era (2400-2743), which the pattern accepts as
# it accepts any four digits.
_NUMERIC_DATE = re.compile(
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))" + _TIME)

THAI_MONTHS: Final = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                      "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
THAI_MONTHS_SHORT: Final = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                            "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_MONTH = "|".join(re.escape(m) for m in sorted(THAI_MONTHS + THAI_MONTHS_SHORT,
                                               key=len, reverse=True))
# "15 มีนาคม 2567", "15 มี.ค. 67", "มีนาคม 2567", optionally "พ.ศ." before
# the year and a time after it.
_THAI_DATE = re.compile(
    r"(?:\d{1,2}\s*)?(?:" + _MONTH + r")\s*(?:พ\.ศ\.\s*|ค\.ศ\.\s*)?(?:\d{4}|\d{2})" + _TIME)
ANY_DATE_PATTERN: Final = rf"\s*(?:{_NUMERIC_DATE.pattern}|{_THAI_DATE.pattern})\s*"
_ANY_DATE = re.compile(ANY_DATE_PATTERN)


# What str.strip() removes (str.isspace() of Python 3.11; a test checks).
WHITESPACE: Final = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
                     "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                     "\u2028\u2029\u202f\u205f\u3000")
# First characters of every missing marker once trimmed, and white space:
# a cell starting with anything else is present, without trimming it.
_MAYBE_MISSING = frozenset(WHITESPACE + "-ไnN")


def present_texts(cells: Iterable[str | None]) -> list[str]:
    """The cells of a text column (CSV) that are not missing: the engine's
    hot path, with the first-character test inlined."""
    maybe, tokens = _MAYBE_MISSING, MISSING_TOKENS
    return [c for c in cells
            if c and (c[0] not in maybe or c.strip().lower() not in tokens)]


def count_classes(cells: list[str], kind: str) -> dict[str, int]:
    """Value classes of the present cells of a text column whose type is
    ``kind``: cells matching the type's pattern are counted by the regex
    engine alone, only the others go through :func:`classify`."""
    pattern = _NUMBER.fullmatch if kind == NUMERIC else _ANY_DATE.fullmatch
    rest = list(filterfalse(pattern, cells))
    counts: dict[str, int] = dict(Counter(map(classify, rest)))
    counts[kind] = counts.get(kind, 0) + len(cells) - len(rest)
    return counts


def national_id_candidates(cells: list[str]) -> list[str]:
    return list(filter(_ID_LIKE, cells))


def is_missing(value: object) -> bool:
    """Whether a cell counts as missing (None or a missing marker)."""
    if value is None:
        return True
    if type(value) is not str:
        return False
    if not value:
        return True
    if value[0] not in _MAYBE_MISSING:  # trimming keeps this first character
        return False
    return value.strip().lower() in MISSING_TOKENS


def classify(value: object) -> str:
    """The class of a non-missing cell: NUMERIC, TIMESTAMP or OTHER.

    Spreadsheet cells arrive typed (numbers, dates); text is matched by
    patterns whose ``\\d`` is any Unicode digit, so Thai digits (๐-๙) are
    digits too.
    """
    if type(value) is str:
        if _NUMBER.fullmatch(value):
            return NUMERIC
        text = value.strip()
        if not text:
            return OTHER
        if text[0].isdigit() or text[0] in "+-.":
            if _NUMBER.fullmatch(text) or _GROUPED.fullmatch(text):
                return NUMERIC
            if _NUMERIC_DATE.fullmatch(text):
                return TIMESTAMP
        if _THAI_DATE.fullmatch(text):
            return TIMESTAMP
        return OTHER
    if isinstance(value, bool):
        return OTHER
    if isinstance(value, (int, float)):
        return NUMERIC
    # datetime.date / datetime.datetime / datetime.time from openpyxl
    return TIMESTAMP if hasattr(value, "year") or hasattr(value, "hour") else OTHER


def is_thai_national_id(value: object) -> bool:
    """Whether a cell holds a 13-digit Thai national ID number with a valid
    check digit (written plain or as 1-2345-67890-12-3, Thai digits too)."""
    if type(value) is int:
        text = str(value)
    elif type(value) is str:
        if not 13 <= len(value) <= 19:
            return False
        text = value.strip()
        if not text[:1].isdigit():
            return False
        text = text.replace("-", "").replace(" ", "")
    else:
        return False
    if len(text) != 13 or not text.isdigit() or text[0] in "0๐":
        return False
    digits = [int(d) for d in text]  # int() reads Thai digits as well
    total = sum(d * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == digits[12]

"""Classifying cell values: missing, numeric, timestamp or other, with Thai
forms (Thai digits, Buddhist-Era years, Thai month names) recognised, and
13-digit Thai national ID numbers detected by their checksum.

Pure functions without CKAN: the engine calls them once per cell, so they
try the cheap tests first.
"""
from __future__ import annotations

import re
from typing import Final

# ckanext-dquality's missing markers (compared trimmed and lower-cased).
MISSING_TOKENS: Final = frozenset({"", "-", "ไม่มีข้อมูล", "null", "n/a", "na", "none", "nan"})
_LONGEST_MISSING = max(len(t) for t in MISSING_TOKENS)

NUMERIC, TIMESTAMP, OTHER = "numeric", "timestamp", "other"

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")
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

_ID_SEPARATORS = str.maketrans("", "", " -")


def is_missing(value: object) -> bool:
    """Whether a cell counts as missing (None or a missing marker)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    if len(value) > _LONGEST_MISSING + 2 and not value[0].isspace() and not value[-1].isspace():
        return False
    return value.strip().lower() in MISSING_TOKENS


def classify(value: object) -> str:
    """The class of a non-missing cell: NUMERIC, TIMESTAMP or OTHER.

    Spreadsheet cells arrive typed (numbers, dates); text is parsed, with
    Thai digits read as digits.
    """
    if isinstance(value, bool):
        return OTHER
    if isinstance(value, (int, float)):
        return NUMERIC
    if not isinstance(value, str):
        # datetime.date / datetime.datetime / datetime.time from openpyxl
        return TIMESTAMP if hasattr(value, "year") or hasattr(value, "hour") else OTHER
    text = value.strip().translate(_THAI_DIGITS)
    if not text:
        return OTHER
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _NUMBER.fullmatch(text) or _GROUPED.fullmatch(text):
            return NUMERIC
        if _NUMERIC_DATE.fullmatch(text):
            return TIMESTAMP
    if _THAI_DATE.fullmatch(text):
        return TIMESTAMP
    return OTHER


def is_thai_national_id(value: object) -> bool:
    """Whether a cell holds a 13-digit Thai national ID number with a valid
    check digit (written plain or as 1-2345-67890-12-3, Thai digits too)."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        if not 13 <= len(value) <= 19:
            return False
        text = value.strip().translate(_THAI_DIGITS).translate(_ID_SEPARATORS)
    else:
        return False
    if len(text) != 13 or not text.isdigit() or text[0] == "0":
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(text[:12]))
    return (11 - total % 11) % 10 == int(text[12])

"""The steward's self-assessment of data quality (แบบประเมินคุณภาพข้อมูลด้วยตนเอง):
one score per Thai data-quality dimension on the guideline's 1-4 scale,
with the date, the assessor and notes.

The guideline scores each dimension as the mean of its indicators (1 ต่ำ
low, 2 ปานกลาง medium, 3 ดี good, 4 ดีมาก very good), so a dimension's
score may have decimals (2.6). The overall score is the mean of the
dimensions that were scored, out of 4.00; it is derived, never typed in,
and indexed as ``self_assessment_score`` for search and sorting.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Mapping, Optional

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.gdcatalog.schema.validators import parse_number, scheming_validator

# The five dimensions of the DGA guideline, in its order.
DIMENSIONS: tuple[str, ...] = (
    "self_assessment_accuracy", "self_assessment_consistency", "self_assessment_relevancy",
    "self_assessment_timeliness", "self_assessment_availability",
)
DATE, ASSESSOR, NOTES = ("self_assessment_date", "self_assessment_assessor",
                         "self_assessment_notes")
FIELDS: tuple[str, ...] = DIMENSIONS + (DATE, ASSESSOR, NOTES)
INDEX_FIELD = "self_assessment_score"

LOWEST, HIGHEST = 1, 4
# The scale's levels (the guideline's words for 1 to 4).
LEVELS: dict[int, str] = {1: "Low", 2: "Medium", 3: "Good", 4: "Very good"}

MSG_NOT_A_LEVEL = ('"%(value)s" is not a score from 1 (low) to 4 (very good): give a number '
                   'such as 3, or the mean of the indicators such as 2.6')
MSG_TOO_PRECISE = '"%(value)s" has more than two decimals: round it, e.g. 2.67'
MSG_NO_SCORE = "Give the score of at least one dimension, or leave the self-assessment empty"
MSG_DATE_REQUIRED = "Give the date of the self-assessment"
MSG_ASSESSOR_REQUIRED = "Give who made the self-assessment"
MSG_DATE_IN_FUTURE = "The self-assessment date %(date)s is in the future"

_TWO_PLACES = Decimal("0.01")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _given(value: Any) -> bool:
    return value not in (missing, None, "", [])


def parse_level(value: Any) -> Decimal:
    """A dimension's score: a number from 1 to 4 with at most two decimals
    (Thai digits and a decimal comma are accepted, as in every number)."""
    text = str(value).translate(_THAI_DIGITS).strip() if not isinstance(value, bool) else value
    try:
        number = parse_number(text)
    except tk.Invalid:
        raise tk.Invalid(tk._(MSG_NOT_A_LEVEL) % {"value": value}) from None
    if not LOWEST <= number <= HIGHEST:
        raise tk.Invalid(tk._(MSG_NOT_A_LEVEL) % {"value": value})
    if number != number.quantize(_TWO_PLACES):
        raise tk.Invalid(tk._(MSG_TOO_PRECISE) % {"value": value})
    return number


def gdc_quality_level(value: Any, context: Any) -> Any:
    """Stored as plain decimal text ("3", "2.6"); empty passes."""
    if not _given(value):
        return value
    return format(parse_level(value), "f")


@scheming_validator
def gdc_self_assessment_rules(field: Optional[dict], schema: dict[str, Any]
                              ) -> Callable[..., None]:
    """An assessment is attributable: once any of its fields is filled, at
    least one dimension is scored and the date and assessor are given; the
    date is not in the future. Only reports, never changes a value."""
    def validator(key: tuple, data: dict, errors: dict, context: Any) -> None:
        values = {name: data.get((name,)) for name in FIELDS}
        if not any(_given(v) for v in values.values()):
            return
        if any(errors.get((name,)) for name in FIELDS):
            return  # a field's own error says enough
        if not any(_given(values[name]) for name in DIMENSIONS):
            errors.setdefault((DIMENSIONS[0],), []).append(tk._(MSG_NO_SCORE))
        if not _given(values[DATE]):
            errors.setdefault((DATE,), []).append(tk._(MSG_DATE_REQUIRED))
        elif dt.date.fromisoformat(str(values[DATE])) > dt.date.today():
            from ckanext.gdcatalog.schema.dates import format_date
            from ckanext.gdcatalog.language import current_language
            errors.setdefault((DATE,), []).append(tk._(MSG_DATE_IN_FUTURE) % {
                "date": format_date(values[DATE], current_language())})
        if not _given(values[ASSESSOR]) or not str(values[ASSESSOR]).strip():
            errors.setdefault((ASSESSOR,), []).append(tk._(MSG_ASSESSOR_REQUIRED))
    return validator


def scores(dataset: Mapping[str, Any]) -> dict[str, Decimal]:
    """The dimensions a dataset scores, as numbers (values the schema would
    refuse, from an old index document say, are left out)."""
    result = {}
    for name in DIMENSIONS:
        value = dataset.get(name)
        if _given(value):
            try:
                result[name] = parse_level(value)
            except tk.Invalid:
                continue
    return result


def overall(dataset: Mapping[str, Any]) -> Optional[Decimal]:
    """The mean of the scored dimensions, to two places; None if none is."""
    given = scores(dataset)
    if not given:
        return None
    mean = sum(given.values()) / len(given)
    return mean.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def level_of(score: Decimal) -> int:
    """The scale level a score rounds to (2.5 → 3)."""
    return int(score.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def gdcatalog_self_assessment(pkg: Mapping[str, Any]) -> Optional[dict[str, Any]]:
    """For the dataset page: the overall score, its level's label and how
    many dimensions it averages; None without an assessment."""
    mean = overall(pkg or {})
    if mean is None:
        return None
    level = level_of(mean)
    return {"overall": f"{mean:.2f}", "level": level, "label": tk._(LEVELS[level]),
            "dimensions": len(scores(pkg)), "of": len(DIMENSIONS)}


def gdcatalog_quality_level_label(value: Any) -> str:
    """A dimension's score with its level: "3 (Good)"."""
    try:
        number = parse_level(value)
    except tk.Invalid:
        return str(value)
    return f"{format(number, 'f')} ({tk._(LEVELS[level_of(number)])})"


VALIDATORS: dict[str, Callable[..., Any]] = {
    "gdc_quality_level": gdc_quality_level,
    "gdc_self_assessment_rules": gdc_self_assessment_rules,
}

HELPERS: dict[str, Callable[..., Any]] = {
    "gdcatalog_self_assessment": gdcatalog_self_assessment,
    "gdcatalog_quality_level_label": gdcatalog_quality_level_label,
}

"""Solr date math: ``NOW``, ``NOW/DAY``, ``NOW-7DAYS``,
``2024-01-01T00:00:00Z+1MONTH/DAY`` (always UTC, like Solr)."""
from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from ckanext.gdcatalog.search.errors import QueryError
from ckanext.gdcatalog.search.fields import parse_date

MSG_UNKNOWN_UNIT = 'unknown date unit "%(unit)s"'
MSG_NOT_A_DATE = 'not a date: "%(value)s"'
MSG_BAD_DATE_MATH = 'invalid date math in "%(value)s"'
MSG_OUT_OF_RANGE = 'date out of range: "%(value)s"'


class DateMathError(QueryError):
    pass


_UNITS = {
    "YEAR": "years", "MONTH": "months", "DAY": "days", "DATE": "days",
    "HOUR": "hours", "MINUTE": "minutes", "SECOND": "seconds",
    "MILLI": "microseconds", "MILLISECOND": "microseconds",
}
_OP = re.compile(r"([+-]\d+|/)([A-Z]+)")
_ANCHOR = re.compile(r"^(NOW|\d{4}-\d{2}-\d{2}(?:T[0-9:.]+)?Z?)")


def _unit(name: str) -> str:
    key = name[:-1] if name.endswith("S") and name[:-1] in _UNITS else name
    if key not in _UNITS:
        raise DateMathError(MSG_UNKNOWN_UNIT, unit=name[:40])
    return key


def _round(value: dt.datetime, unit: str) -> dt.datetime:
    if unit == "YEAR":
        return value.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit == "MONTH":
        return value.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit in ("DAY", "DATE"):
        return value.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "HOUR":
        return value.replace(minute=0, second=0, microsecond=0)
    if unit == "MINUTE":
        return value.replace(second=0, microsecond=0)
    if unit == "SECOND":
        return value.replace(microsecond=0)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)  # MILLI


def evaluate(expression: str, now: dt.datetime | None = None) -> dt.datetime:
    """The UTC time (naive) an expression denotes."""
    text = expression.strip().upper()
    anchor = _ANCHOR.match(text)
    if not anchor:
        raise DateMathError(MSG_NOT_A_DATE, value=expression[:40])
    if anchor.group(1) == "NOW":
        value = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    else:
        parsed = parse_date(expression.strip()[:len(anchor.group(1))])
        if parsed is None:
            raise DateMathError(MSG_NOT_A_DATE, value=expression[:40])
        value = parsed
    rest = text[anchor.end():]
    position = 0
    while position < len(rest):
        step = _OP.match(rest, position)
        if not step:
            raise DateMathError(MSG_BAD_DATE_MATH, value=expression[:40])
        op, unit = step.group(1), _unit(step.group(2))
        if op == "/":
            value = _round(value, unit)
        else:
            amount = int(op)
            if unit in ("MILLI", "MILLISECOND"):
                amount *= 1000
            try:
                value = value + relativedelta(**{_UNITS[unit]: amount})
            except (ValueError, OverflowError):
                raise DateMathError(MSG_OUT_OF_RANGE, value=expression[:40]) from None
        position = step.end()
    return value

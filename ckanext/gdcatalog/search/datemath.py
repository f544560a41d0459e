"""Solr date math: ``NOW``, ``NOW/DAY``, ``NOW-7DAYS``,
``2024-01-01T00:00:00Z+1MONTH/DAY`` (always UTC, like Solr)."""
from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from ckanext.gdcatalog.search.fields import parse_date


class DateMathError(ValueError):
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
        raise DateMathError(f"unknown date unit {name!r}")
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
        raise DateMathError(f"not a date: {expression!r}")
    if anchor.group(1) == "NOW":
        value = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    else:
        parsed = parse_date(expression.strip()[:len(anchor.group(1))])
        if parsed is None:
            raise DateMathError(f"not a date: {expression!r}")
        value = parsed
    rest = text[anchor.end():]
    position = 0
    while position < len(rest):
        step = _OP.match(rest, position)
        if not step:
            raise DateMathError(f"invalid date math in {expression!r}")
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
                raise DateMathError(f"date out of range: {expression!r}") from None
        position = step.end()
    return value

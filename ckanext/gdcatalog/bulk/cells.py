"""Cell values of the template to field values, and back.

Import keeps what it cannot convert as the text that was typed, so that the
dataset validators (the ones a web form runs) report it in their own words;
conversion here only covers what a spreadsheet adds: Buddhist-Era dates and
Excel date cells, Yes/No words, comma-separated lists, names with spaces
and values outside a vocabulary, which go to the "other" companion.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ckanext.gdcatalog.bulk.template import Column
from ckanext.gdcatalog.schema import dates, vocabularies
from ckanext.gdcatalog.schema.vocabularies import OTHER

Fields = dict[str, Any]

YES, NO = "ใช่", "ไม่ใช่"
_NEGATION = "ไม่"  # "ไม่ใช่", "ไม่ยินยอม", "ไม่มี": the template's rule for No
_TRUE = {"true", "yes", "y", "1", YES, "ยินยอม", "มี"}
_FALSE = {"false", "no", "n", "0"}
_ZERO_WIDTH = str.maketrans("", "", "\u200b\u200c\u200d\ufeff")


def _text(value: Any) -> str:
    """A cell as text: numbers without a spurious ".0", dates as ISO."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).translate(_ZERO_WIDTH).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not _text(value))


def _other_field(column: Column) -> str:
    return f"{column.key}_other"


def to_fields(column: Column, value: Any) -> Fields:
    """The field values one cell gives (a field and maybe its companion);
    empty for a blank cell."""
    if is_blank(value):
        return {}
    key = column.key
    converter = _IMPORT.get(column.kind)
    if converter is None:
        return {key: _text(value)}
    return converter(column, value)


def _name(column: Column, value: Any) -> Fields:
    return {column.key: re.sub(r"\s+", "-", _text(value)).lower()}


def _tags(column: Column, value: Any) -> Fields:
    return {column.key: [t.strip() for t in _text(value).split(",") if t.strip()]}


def _select(column: Column, value: Any) -> Fields:
    vocabulary = vocabularies.get(column.vocabulary or "")
    text = _text(value)
    code = vocabulary.normalise(text)
    if code is not None:
        return {column.key: code}
    if vocabulary.has_other:
        return {column.key: OTHER, _other_field(column): text}
    return {column.key: text}  # the validator names the allowed values


def _multiple(column: Column, value: Any) -> Fields:
    vocabulary = vocabularies.get(column.vocabulary or "")
    text = _text(value)
    whole = vocabulary.normalise(text)
    if whole is not None:
        return {column.key: [whole]}
    codes, unknown = [], []
    for part in (p.strip() for p in text.split(",")):
        if part:
            code = vocabulary.normalise(part)
            (codes if code is not None else unknown).append(code or part)
    if unknown and vocabulary.has_other:
        return {column.key: codes + [OTHER], _other_field(column): ", ".join(unknown)}
    return {column.key: codes + unknown}


def _yes_no(column: Column, value: Any) -> Fields:
    if isinstance(value, bool):
        return {column.key: value}
    text = _text(value)
    folded = text.casefold()
    if _NEGATION in text or folded in _FALSE:
        return {column.key: False}
    if folded in _TRUE:
        return {column.key: True}
    return {column.key: text}


def _date(column: Column, value: Any) -> Fields:
    try:
        return {column.key: dates.parse_date(
            value if isinstance(value, (dt.date, dt.datetime)) else _text(value)).isoformat()}
    except dates.DateError:
        return {column.key: _text(value)}


def _year(column: Column, value: Any) -> Fields:
    try:
        return {column.key: str(dates.parse_year(_text(value)))}
    except dates.DateError:
        return {column.key: _text(value)}


_IMPORT = {"name": _name, "tags": _tags, "select": _select, "multiple": _multiple,
           "yes_no": _yes_no, "date": _date, "year": _year}


# Export ----------------------------------------------------------------------

def to_cell(column: Column, holder: dict[str, Any]) -> Any:
    """The cell for a dataset's (or resource's) value of ``column``, in the
    form the import reads back to the same value; None when it has none."""
    value = holder.get(column.key)
    if column.kind == "tags":
        names = [t["name"] for t in holder.get("tags") or []]
        return ", ".join(names) or None
    if value in (None, "", []):
        return None
    vocabulary = vocabularies.get(column.vocabulary) if column.vocabulary else None
    if column.kind == "select" and vocabulary is not None:
        return _label(vocabulary, column, value, holder)
    if column.kind == "multiple" and vocabulary is not None:
        items = value if isinstance(value, list) else [value]
        return ", ".join(_label(vocabulary, column, item, holder) for item in items)
    if column.kind == "yes_no":
        truth = value if isinstance(value, bool) else str(value).strip().casefold() == "true"
        return YES if truth else NO
    if column.kind == "date":
        try:
            date = dates.parse_date(value)
        except dates.DateError:
            return str(value)
        return f"{date.day:02d}/{date.month:02d}/{date.year + dates.BE_OFFSET}"
    if column.kind == "year":
        try:
            return dates.parse_year(str(value)) + dates.BE_OFFSET
        except dates.DateError:
            return str(value)
    return str(value)


def _label(vocabulary: vocabularies.Vocabulary, column: Column, code: Any,
           holder: dict[str, Any]) -> str:
    if code == OTHER and holder.get(_other_field(column)):
        return str(holder[_other_field(column)])
    return vocabulary.label_of(str(code), "th")

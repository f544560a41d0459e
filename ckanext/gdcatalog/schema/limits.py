"""Size limits of every text value a dataset is saved with.

One validator before all others (the schema's ``before_validators``) looks
at every string of the dataset, its resources, tags, extras and keys the
schema does not know, so the form, the API, the Excel import and the
harvester (all of which save through package_create / package_update) share
it. Long text (the standard's Markdown fields: descriptions, notes) has a
larger limit than everything else. A value over its limit is refused, not
cut: a truncated description would be published as if it were whole.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

import ckan.plugins.toolkit as tk
from ckanext.scheming.validation import scheming_validator

TEXT_OPTION = "ckan.gdcatalog.max_text_length"
LONG_TEXT_OPTION = "ckan.gdcatalog.max_long_text_length"
DEFAULT_TEXT = 5_000
DEFAULT_LONG_TEXT = 100_000

MSG_TOO_LONG = "Too long: %(length)s characters; at most %(limit)s are allowed"

# Multi-line fields whatever the schema says of them (CKAN's own).
_ALWAYS_LONG = {"notes", "description"}


def _limit(option: str, default: int) -> int:
    return tk.asint(tk.config.get(option) or default)


def long_text_fields(schema: dict[str, Any]) -> set[str]:
    """Names of the schema's Markdown fields, dataset's and resources'."""
    names = set(_ALWAYS_LONG)
    for group in ("dataset_fields", "resource_fields"):
        for field in schema.get(group) or []:
            if field.get("preset") == "gdc_markdown" or \
                    field.get("form_snippet") == "markdown.html":
                names.add(field["field_name"])
    return names


def too_long(name: str, value: Any, long_fields: set[str]) -> Optional[tuple[int, int]]:
    """(length, limit) when ``value`` of the field ``name`` is over its limit."""
    if not isinstance(value, str):
        return None
    limit = _limit(LONG_TEXT_OPTION, DEFAULT_LONG_TEXT) if name in long_fields \
        else _limit(TEXT_OPTION, DEFAULT_TEXT)
    return (len(value), limit) if len(value) > limit else None


@scheming_validator
def gdc_text_limits(field: Optional[dict], schema: dict[str, Any]) -> Callable[..., None]:
    long_fields = long_text_fields(schema)

    def validator(key: tuple, data: dict, errors: dict, context: Any) -> None:
        for name, value in list(data.items()):
            if not name or not isinstance(name[-1], str):
                continue
            for where, text in _strings(name, value):
                over = too_long(where[-1], text, long_fields)
                if over is None:
                    continue
                # An extra's value is reported under its own key.
                if len(where) == 3 and where[0] == "extras" and where[2] == "value":
                    where = (data.get(where[:2] + ("key",)) or "extras",)
                errors.setdefault(where, []).append(tk._(MSG_TOO_LONG) % {
                    "length": f"{over[0]:,}", "limit": f"{over[1]:,}"})
    return validator


def _strings(name: tuple, value: Any) -> Iterator[tuple[tuple, str]]:
    """The strings of a flattened value: keys the schema does not know sit
    in a dict under ``__extras``; multiple choices are lists."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(key, str):
                where = name[:-1] + (key,) if name[-1] in ("__extras", "__junk") else name + (key,)
                yield from _strings(where, inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(name, inner)


VALIDATORS: dict[str, Any] = {"gdc_text_limits": gdc_text_limits}

"""The index schema: which type each field has, mirroring CKAN's Solr
schema.xml (explicit fields first, then dynamic-field patterns), and how a
value of each type is normalised for storage and comparison."""
from __future__ import annotations

import datetime as dt
import enum
import fnmatch
from typing import Any, Iterable

from ckan.common import config


class Kind(enum.Enum):
    STRING = "string"   # exact match, facetable, sortable
    TEXT = "text"       # analysed: matched by terms
    DATE = "date"
    INT = "int"
    STORED = "stored"   # kept for results only, never matched
    NGRAM = "ngram"     # substrings of another field (package_autocomplete)


CATCH_ALL = "text"

_EXPLICIT: dict[str, Kind] = {
    **{f: Kind.TEXT for f in (
        "title", "notes", "author", "author_email", "maintainer",
        "maintainer_email", "res_name", "res_description", "text", "urls",
        "depends_on", "dependency_of",
        "derives_from", "has_derivation", "links_to", "linked_from",
        "child_of", "parent_of")},
    **{f: Kind.DATE for f in (
        "metadata_created", "metadata_modified", "indexed_ts")},
    **{f: Kind.INT for f in (
        "views_total", "views_recent", "resources_accessed_total",
        "resources_accessed_recent", "num_resources", "num_tags")},
    # Ours: the published catch-all text of a metadata-only record, which
    # catalog searches read instead of ``text`` (dcat/published_fields.py).
    "gdc_published_text": Kind.TEXT,
    "data_dict": Kind.STORED,
    "validated_data_dict": Kind.STORED,
    "title_ngram": Kind.NGRAM,
    "name_ngram": Kind.NGRAM,
}

# Solr fills the ngram fields by copyField; we match substrings of the
# column holding the source field instead of storing every gram.
NGRAM_SOURCES: dict[str, str] = {"title_ngram": "title", "name_ngram": "name"}

# Solr dynamic fields, in schema order (first match wins).
_DYNAMIC: list[tuple[str, Kind]] = [
    ("*_date", Kind.DATE),
    ("extras_*", Kind.TEXT),
    ("res_extras_*", Kind.TEXT),
    ("vocab_*", Kind.STRING),
    ("*", Kind.STRING),
]

# Fields copied into the catch-all text field, with their relevance weight
# (PostgreSQL weight classes: A highest .. D lowest). Mirrors the copyField
# rules of CKAN's schema and the dismax boosts name^4 title^4 tags^2 groups^2.
_CATCH_ALL_WEIGHTS: dict[str, str] = {
    "name": "A", "title": "A",
    "tags": "B", "groups": "B", "organization": "B",
    "notes": "C", "res_name": "C", "res_description": "C",
    "text": "D", "license": "D", "maintainer": "D", "author": "D",
    "url": "D", "ckan_url": "D", "download_url": "D", "res_url": "D",
}
_CATCH_ALL_PATTERNS = ("extras_*", "res_extras_*", "vocab_*")

NOT_STORED = frozenset({"text", "urls", "permission_labels", "title_string",
                        "gdc_published_text"})

# Single-valued string fields kept as table columns rather than in the
# ``fields`` jsonb: they are in nearly every query (site_id, state, ...) or
# unique (id, name), where a plain column beats a GIN lookup.
COLUMNS: dict[str, str] = {
    "index_id": "index_id", "id": "id", "name": "name", "site_id": "site_id",
    "state": "state", "capacity": "capacity", "entity_type": "entity_type",
    "dataset_type": "dataset_type", "title_string": "title",
}
DATE_COLUMNS = frozenset({"metadata_modified", "metadata_created"})
# Multi-valued string fields kept as text[] columns (in every CKAN query).
ARRAY_COLUMNS = frozenset({"permission_labels"})


def configured_text_fields() -> frozenset[str]:
    return frozenset(config.get("ckan.gdcatalog.search.text_fields") or ())


def kind_of(field: str) -> Kind:
    if field in _EXPLICIT:
        return _EXPLICIT[field]
    if field in configured_text_fields():
        return Kind.TEXT
    for pattern, kind in _DYNAMIC:
        if fnmatch.fnmatchcase(field, pattern):
            return kind
    return Kind.STRING


def catch_all_weight(field: str) -> str | None:
    """The weight class with which ``field`` feeds the catch-all text, or
    None when it does not."""
    if field in _CATCH_ALL_WEIGHTS:
        return _CATCH_ALL_WEIGHTS[field]
    if field in configured_text_fields():
        return "C"
    if any(fnmatch.fnmatchcase(field, p) for p in _CATCH_ALL_PATTERNS):
        return "D"
    return None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return [value]


def to_text(value: Any) -> str:
    """A value as Solr's string field sees it (pysolr's conversions)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return format_date(value)
    if isinstance(value, dt.date):
        return value.isoformat() + "T00:00:00Z"
    return str(value)


def format_date(value: dt.datetime) -> str:
    """Fixed-width UTC form: string order equals time order."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    # not strftime: %Y gives years before 1000 fewer than four digits
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}Z")


def parse_date(text: str) -> dt.datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def normalise_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return format_date(value)
    parsed = parse_date(str(value))
    return format_date(parsed) if parsed else None


def normalise_int(value: Any) -> str | None:
    try:
        return str(int(str(value).strip()))
    except ValueError:
        return None


def normalised_values(field: str, value: Any) -> list[str]:
    """Values of a non-text field as stored for matching, faceting and
    sorting (always a list of strings; invalid dates/ints are dropped, as
    Solr would refuse them)."""
    kind = kind_of(field)
    out: list[str] = []
    for item in as_list(value):
        if kind is Kind.DATE:
            norm = normalise_date(item)
        elif kind is Kind.INT:
            norm = normalise_int(item)
        else:
            norm = to_text(item)
        if norm is not None:
            out.append(norm)
    return out


def text_values(value: Any) -> Iterable[str]:
    return [to_text(v) for v in as_list(value) if v != ""]

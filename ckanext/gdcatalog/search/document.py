"""Turn one Solr document (as CKAN's PackageSearchIndex builds it) into the
row we store: exact values, weighted catch-all terms, per-field terms and
the stored fields returned to CKAN."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ckanext.gdcatalog.search import analysis
from ckanext.gdcatalog.search.fields import (
    ARRAY_COLUMNS, CATCH_ALL, COLUMNS, DATE_COLUMNS, NOT_STORED, Kind, catch_all_weight, kind_of, normalised_values,
    parse_date, text_values, to_text)
from ckanext.gdcatalog.search.query import MAX_LEXEME_BYTES, field_lexeme

URL_SOURCES = ("url", "ckan_url", "download_url", "res_url")
MAX_POSITIONS_PER_LEXEME = 256  # PostgreSQL keeps at most 256 per lexeme
MAX_POSITION = 16383            # and clamps positions above this


class DocumentError(ValueError):
    pass


@dataclass
class Row:
    index_id: str
    site_id: str
    id: str | None
    name: str | None
    title: str | None
    state: str | None
    capacity: str | None
    entity_type: str | None
    dataset_type: str | None
    permission_labels: list[str]
    metadata_modified: dt.datetime | None
    metadata_created: dt.datetime | None
    fields: str    # jsonb text
    doc: str       # jsonb text
    tsv: str       # tsvector literal
    ftsv: str      # tsvector literal

    def as_params(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _Vector:
    """Accumulates lexeme positions (with weights) for a tsvector literal."""

    def __init__(self) -> None:
        self.positions: dict[str, list[str]] = defaultdict(list)

    def add(self, lexeme: str, position: int, weight: str = "") -> None:
        slots = self.positions[lexeme]
        if len(slots) < MAX_POSITIONS_PER_LEXEME:
            slots.append(f"{min(position, MAX_POSITION)}{weight}")

    def add_tokens(self, tokens: list[analysis.Token], weight: str = "",
                   prefix: str = "") -> None:
        for token in tokens:
            for term in (token.term, *token.subterms):
                self.add(prefix + term, token.position, weight)

    def literal(self) -> str:
        parts = []
        for lexeme, slots in self.positions.items():
            if not lexeme or len(lexeme.encode()) > MAX_LEXEME_BYTES:
                continue
            quoted = lexeme.replace("\\", "\\\\").replace("'", "''")
            parts.append(f"'{quoted}':{','.join(slots)}")
        return " ".join(parts)


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return to_text(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def _scalar(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    return to_text(values[0]) if values and values[0] is not None else None


def without_nul(value: Any) -> Any:
    """PostgreSQL text (and jsonb) cannot hold NUL: it is dropped."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, (list, tuple)):
        return [without_nul(v) for v in value]
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    return value


def build_row(doc: dict[str, Any]) -> Row:
    if not doc.get("index_id"):
        raise DocumentError("document has no index_id")
    doc = without_nul(doc)
    fields: dict[str, list[str]] = {}
    catch_all = _Vector()
    per_field = _Vector()
    catch_all_sources: list[tuple[str, list[str]]] = []

    for key in sorted(doc):
        value = doc[key]
        if value is None or value == [] or value == "":
            continue
        kind = kind_of(key)
        if kind is Kind.TEXT and key != CATCH_ALL:
            for tokens in analysis.analysed_values(text_values(value)):
                per_field.add_tokens(tokens, prefix=field_lexeme(key, ""))
        elif kind not in (Kind.TEXT, Kind.STORED) and key not in COLUMNS \
                and key not in DATE_COLUMNS and key not in ARRAY_COLUMNS:
            values = normalised_values(key, value)
            if values:
                fields[key] = values
        weight = catch_all_weight(key)
        if weight:
            catch_all_sources.append((weight, list(text_values(value))))

    # Solr's copyField url, ckan_url, download_url, res_url -> urls (text).
    if "urls" not in doc:
        urls = [u for key in URL_SOURCES for u in text_values(doc.get(key))]
        for tokens in analysis.analysed_values(urls):
            per_field.add_tokens(tokens, prefix=field_lexeme("urls", ""))

    position = 1
    # Highest weight first so that title/name terms get the low positions.
    for weight, values in sorted(catch_all_sources, key=lambda s: s[0]):
        for value in values:
            tokens = analysis.tokenize(value, position)
            catch_all.add_tokens(tokens, weight)
            if tokens:
                position = tokens[-1].position + 100

    stored = {k: v for k, v in doc.items() if k not in NOT_STORED}
    modified = parse_date(str(doc["metadata_modified"])) if doc.get("metadata_modified") else None
    created = parse_date(str(doc["metadata_created"])) if doc.get("metadata_created") else None
    return Row(
        index_id=str(doc["index_id"]),
        site_id=_scalar(doc.get("site_id")) or "",
        id=_scalar(doc.get("id")),
        name=_scalar(doc.get("name")),
        title=_scalar(doc.get("title_string") or doc.get("title")),
        state=_scalar(doc.get("state")),
        capacity=_scalar(doc.get("capacity")),
        entity_type=_scalar(doc.get("entity_type")),
        dataset_type=_scalar(doc.get("dataset_type")),
        permission_labels=normalised_values("permission_labels", doc.get("permission_labels")),
        metadata_modified=modified,
        metadata_created=created,
        fields=json.dumps(fields, ensure_ascii=False),
        doc=json.dumps(stored, ensure_ascii=False, default=_json_default),
        tsv=catch_all.literal(),
        ftsv=per_field.literal(),
    )

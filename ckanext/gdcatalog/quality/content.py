"""Content metrics of one table, computed in one pass over its rows with
the formulas of ckanext-dquality (see docs/quality.md):

- completeness = complete cells ÷ (rows × columns) × 100. Row 1 is the
  header; fully blank rows are dropped; other rows are padded or cut to the
  header's width; a cell is missing if None or a missing marker
  (values.MISSING_TOKENS).
- uniqueness = distinct whole rows ÷ rows × 100 (rows as padded or cut).
- validity = passed ÷ 3 × 100 of: no blank header cell, no duplicate header
  name, no row with a non-empty cell beyond the expected columns (the index
  of the first entirely empty column, else the header's width).
- consistency = Σ per column the count of its largest value class ÷ Σ
  non-empty values × 100. A column's type is guessed from its first
  non-empty value; text columns are always consistent.

Thai national ID numbers (checksum-valid) are counted per column as likely
personal data.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from ckanext.gdcatalog.quality import values
from ckanext.gdcatalog.quality.uniqueness import DistinctCounter

# Columns past this index are not tracked individually (a hostile row may
# have millions of cells); their cells still count for the "extra value" check.
MAX_TRACKED_COLUMNS = 4096


_BATCH = 2048
TEXT = "text"


def _blank(row: list[Any]) -> bool:
    for cell in row:
        if cell is not None and (type(cell) is not str or (cell and not cell.isspace())):
            return False
    return True


def _last_filled(row: list[Any]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if not values.is_missing(row[index]):
            return index
    return -1


def _round(value: float) -> float:
    return round(value, 4)


class Columns:
    """Per-column counts, updated a batch of rows at a time: column-wise
    comprehensions over a batch are several times faster than a Python
    loop over every cell."""

    def __init__(self, tracked: int) -> None:
        self.tracked = tracked
        self.filled = [0] * tracked
        self.kind: list[str | None] = [None] * tracked
        self.classes: list[dict[str, int]] = [{} for _ in range(tracked)]
        self.national_ids = [0] * tracked
        self.untracked_filled = 0

    def kind_of(self, index: int, first_present: Any) -> str:
        """The column's type, guessed from its first non-empty value."""
        kind = self.kind[index]
        if kind is None:
            first = values.classify(first_present)
            kind = self.kind[index] = TEXT if first == values.OTHER else first
        return kind

    def add_classes(self, index: int, found: dict[str, int]) -> None:
        counts = self.classes[index]
        for cls, n in found.items():
            counts[cls] = counts.get(cls, 0) + n

    def add(self, batch: list[list[Any]], text_only: bool) -> None:
        is_missing, classify, is_id = values.is_missing, values.classify, values.is_thai_national_id
        columns = list(zip(*batch))
        for index, column in enumerate(columns[:self.tracked]):
            if text_only:
                present = values.present_texts(column)
            else:
                present = [c for c in column if not is_missing(c)]
            if not present:
                continue
            self.filled[index] += len(present)
            kind = self.kind_of(index, present[0])
            if kind is not TEXT:
                if text_only:
                    found = values.count_classes(present, kind)
                else:
                    found = Counter(map(classify, present))
                self.add_classes(index, found)
            if text_only:
                candidates = values.national_id_candidates(present)
            else:
                candidates = [c for c in present if type(c) is int or (
                    type(c) is str and 13 <= len(c) <= 19 and c[:1].isdigit())]
            if candidates:
                self.national_ids[index] += sum(1 for c in candidates if is_id(c))
        for column in columns[self.tracked:]:
            self.untracked_filled += sum(1 for c in column if not is_missing(c))


def measure(rows: Iterable[list[Any]], max_in_memory: int = 1_000_000,
            text_only: bool = False) -> dict[str, Any]:
    """Metrics of the table ``rows`` (header first), with per-column details.
    ``text_only``: every cell is a str or None (CSV, TSV), which allows a
    faster path.

    Returns ``{"completeness", "uniqueness", "validity", "consistency",
    "rows", "columns", "details"}``; metrics are None for a table without
    data rows.
    """
    iterator = iter(rows)
    header: list[Any] | None = None
    for row in iterator:
        if not _blank(row):
            header = row
            break
    if header is None:
        return empty_table()
    width = len(header)
    names = header_names(header)
    tracked = min(width, MAX_TRACKED_COLUMNS)
    columns = Columns(tracked)
    distinct = DistinctCounter(max_in_memory=max_in_memory)
    max_last_filled = -1
    n_rows = 0
    batch: list[list[Any]] = []
    # CSV has no None cells: a short row is padded with what an empty cell
    # reads as, so that "a,b" and "a,b," are the same row.
    padding = ["" if text_only else None] * width

    for line, row in enumerate(iterator, start=2):
        if _blank(row):
            continue
        n_rows += 1
        length = len(row)
        if length and not values.is_missing(row[-1]):
            last = length - 1
        else:
            last = _last_filled(row)
        if last > max_last_filled:
            max_last_filled = last
        if length != width:
            row = row[:width] if length > width else row + padding[:width - length]
        distinct.add(row, line)
        batch.append(row)
        if len(batch) >= _BATCH:
            columns.add(batch, text_only)
            batch = []
    if batch:
        columns.add(batch, text_only)
    return summarise(names, columns, distinct, n_rows, max_last_filled)


def empty_table() -> dict[str, Any]:
    """The metrics of a table without a header (no non-blank row)."""
    return {"completeness": None, "uniqueness": None, "validity": None,
            "consistency": None, "rows": 0, "columns": 0,
            "details": {"header": [], "empty": True}}


def header_names(header: list[Any]) -> list[str]:
    return ["" if h is None else str(h).strip() for h in header]


def summarise(names: list[str], columns: Columns, distinct: DistinctCounter, n_rows: int,
              max_last_filled: int) -> dict[str, Any]:
    """The metrics from the counts of one pass over a table: ``names`` of
    the header, ``n_rows`` non-blank data rows, ``max_last_filled`` the
    largest index of a non-missing cell in any data row."""
    width, tracked = len(names), columns.tracked
    distinct_rows = distinct.distinct()
    blank_header = any(not n for n in names)
    duplicate_header = len({n for n in names if n}) < len([n for n in names if n])
    # The first entirely empty column (no name, no value) ends the expected ones.
    expected = next((i for i in range(tracked) if not columns.filled[i] and not names[i]),
                    width)
    extra_values = max_last_filled >= expected
    checks = {"blank_header": not blank_header, "duplicate_header": not duplicate_header,
              "extra_value": not extra_values}
    consistent = 0
    details_columns = []
    for index in range(tracked):
        kind = columns.kind[index]
        if kind in (None, TEXT):
            best = columns.filled[index]
        else:
            best = max(columns.classes[index].values(), default=0)
        consistent += best
        details_columns.append({"name": names[index], "type": kind,
                                "filled": columns.filled[index], "consistent": best,
                                "national_ids": columns.national_ids[index]})
    total_non_empty = sum(columns.filled)
    complete_cells = total_non_empty + columns.untracked_filled
    cells = n_rows * width
    details = {"header": names, "expected_columns": expected, "checks": checks,
               "columns": details_columns, "duplicate_rows": distinct.duplicate_rows,
               "distinct_rows": distinct_rows, "untracked_columns": width - tracked,
               "national_id_cells": sum(columns.national_ids)}
    validity = _round(sum(checks.values()) / 3 * 100)
    if n_rows == 0:
        return {"completeness": None, "uniqueness": None, "validity": validity,
                "consistency": None, "rows": 0, "columns": width, "details": details}
    return {
        "completeness": _round(complete_cells / cells * 100) if cells else None,
        "uniqueness": _round(distinct_rows / n_rows * 100),
        "validity": validity,
        "consistency": _round(consistent / total_non_empty * 100) if total_non_empty else None,
        "rows": n_rows, "columns": width, "details": details,
    }

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

from typing import Any, Iterable

from ckanext.gdcatalog.quality import values
from ckanext.gdcatalog.quality.uniqueness import DistinctCounter

# Columns past this index are not tracked individually (a hostile row may
# have millions of cells); their cells still count for the "extra value" check.
MAX_TRACKED_COLUMNS = 4096


def _blank(row: list[Any]) -> bool:
    for cell in row:
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def _last_filled(row: list[Any]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if not values.is_missing(row[index]):
            return index
    return -1


def _round(value: float) -> float:
    return round(value, 4)


def measure(rows: Iterable[list[Any]], max_in_memory: int = 1_000_000) -> dict[str, Any]:
    """Metrics of the table ``rows`` (header first), with per-column details.

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
        return {"completeness": None, "uniqueness": None, "validity": None,
                "consistency": None, "rows": 0, "columns": 0,
                "details": {"header": [], "empty": True}}
    width = len(header)
    names = ["" if h is None else str(h).strip() for h in header]
    tracked = min(width, MAX_TRACKED_COLUMNS)

    complete_cells = 0
    non_empty = [0] * tracked
    column_type: list[str | None] = [None] * tracked
    class_counts: list[dict[str, int]] = [{} for _ in range(tracked)]
    national_ids = [0] * tracked
    column_filled = [False] * MAX_TRACKED_COLUMNS
    max_last_filled = -1
    distinct = DistinctCounter(max_in_memory=max_in_memory)
    n_rows = 0
    line = 1
    is_missing = values.is_missing
    classify = values.classify
    is_id = values.is_thai_national_id
    TEXT = "text"

    for line, row in enumerate(iterator, start=2):
        if _blank(row):
            continue
        n_rows += 1
        last = _last_filled(row)
        if last > max_last_filled:
            max_last_filled = last
        for index in range(min(last + 1, MAX_TRACKED_COLUMNS)):
            if not column_filled[index] and not is_missing(row[index]):
                column_filled[index] = True
        if len(row) != width:
            row = row[:width] if len(row) > width else row + [None] * (width - len(row))
        distinct.add(row, line)
        for index in range(tracked):
            cell = row[index]
            if is_missing(cell):
                continue
            complete_cells += 1
            non_empty[index] += 1
            kind = column_type[index]
            if kind is None:
                first = classify(cell)
                kind = column_type[index] = TEXT if first == values.OTHER else first
            if kind is not TEXT:
                counts = class_counts[index]
                cls = classify(cell)
                counts[cls] = counts.get(cls, 0) + 1
            if (type(cell) is int or (type(cell) is str and 13 <= len(cell) <= 19)) \
                    and is_id(cell):
                national_ids[index] += 1
        if width > tracked:  # cells of untracked columns count for completeness
            complete_cells += sum(1 for c in row[tracked:] if not is_missing(c))

    distinct_rows = distinct.distinct()
    blank_header = any(not n for n in names)
    duplicate_header = len({n for n in names if n}) < len([n for n in names if n])
    expected = next((i for i in range(tracked) if not column_filled[i] and not names[i]),
                    width)
    extra_values = max_last_filled >= expected
    checks = {"blank_header": not blank_header, "duplicate_header": not duplicate_header,
              "extra_value": not extra_values}
    consistent = 0
    columns = []
    for index in range(tracked):
        kind = column_type[index]
        if kind in (None, TEXT):
            best = non_empty[index]
        else:
            best = max(class_counts[index].values(), default=0)
        consistent += best
        columns.append({"name": names[index], "type": kind, "filled": non_empty[index],
                        "consistent": best, "national_ids": national_ids[index]})
    total_non_empty = sum(non_empty)
    cells = n_rows * width
    details = {"header": names, "expected_columns": expected, "checks": checks,
               "columns": columns, "duplicate_rows": distinct.duplicate_rows,
               "distinct_rows": distinct_rows, "untracked_columns": width - tracked,
               "national_id_cells": sum(national_ids)}
    if n_rows == 0:
        return {"completeness": None, "uniqueness": None,
                "validity": _round(sum(checks.values()) / 3 * 100),
                "consistency": None, "rows": 0, "columns": width, "details": details}
    return {
        "completeness": _round(complete_cells / cells * 100) if cells else None,
        "uniqueness": _round(distinct_rows / n_rows * 100),
        "validity": _round(sum(checks.values()) / 3 * 100),
        "consistency": _round(consistent / total_non_empty * 100) if total_non_empty else None,
        "rows": n_rows, "columns": width, "details": details,
    }

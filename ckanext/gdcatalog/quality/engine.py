"""Assessing one file: pick the reader, stream the rows through the content
metrics, and turn every failure into a recorded error. Pure Python, no CKAN.

:func:`assess_file` never raises for a bad file: a hostile or broken one
(binary, empty, malformed, too large a cell) yields ``error`` set to a code
of :data:`ERRORS`, and warnings list what the steward should know.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Iterator

from ckanext.gdcatalog.quality import columnar as columnar_path
from ckanext.gdcatalog.quality import content, formats, readers

log = logging.getLogger(__name__)

# Error and warning codes; quality/messages.py holds their text.
ERRORS = ("empty", "binary", "malformed", "not_records", "too_large", "unsupported_format",
          "unreadable")
WARNINGS = ("national_id", "decode_errors", "other_sheets", "untracked_columns")


def _rows(path: str, reader: str, info: readers.ReadInfo,
          max_cell_bytes: int) -> Iterator[list[Any]]:
    if reader == "xlsx":
        yield from readers.read_xlsx(path, info)
        return
    if reader == "xls":
        yield from readers.read_xls(path, info)
        return
    with open(path, "rb") as stream:
        if reader == "json":
            yield from readers.read_json(stream, info)
        else:
            yield from readers.read_delimited(
                stream, info, "\t" if reader == "tsv" else None, max_cell_bytes)


def _sniff_reader(path: str) -> str | None:
    # A file whose format is not declared: XLSX is a zip, XLS an OLE2
    # compound file, JSON starts with [.
    with open(path, "rb") as f:
        head = f.read(512)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(readers.OLE2_MAGIC):
        return "xls"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        return "json"
    return None


def assess_file(path: str, fmt: str, max_cell_bytes: int = 1024 * 1024,
                max_in_memory: int = 1_000_000, columnar: bool = True) -> dict[str, Any]:
    """Content metrics of the file at ``path`` read as ``fmt`` (CSV, TSV,
    XLSX, XLS, JSON; other formats get ``unsupported_format``). UTF-8 CSV
    and TSV take the columnar path unless ``columnar`` is false (both give
    the same results; see ``columnar.py``).

    :returns: ``{"format", "encoding", "utf8", "completeness", "uniqueness",
        "validity", "consistency", "rows", "columns", "details",
        "warnings": [{"code", ...}], "error": code or None, "error_detail",
        "seconds"}``
    """
    started = time.monotonic()
    result: dict[str, Any] = {
        "format": fmt, "encoding": None, "utf8": None, "completeness": None,
        "uniqueness": None, "validity": None, "consistency": None, "rows": 0, "columns": 0,
        "details": {}, "warnings": [], "error": None, "error_detail": ""}
    reader = formats.reader_for(fmt)
    info = readers.ReadInfo()
    try:
        if reader is None and fmt.upper() in ("", "TXT"):
            reader = _sniff_reader(path) or "csv"
        if reader is None:
            result["error"] = "unsupported_format"
        else:
            measured = None
            if columnar and reader in ("csv", "tsv"):
                measured = columnar_path.measure_delimited(
                    path, info, "\t" if reader == "tsv" else None, max_cell_bytes,
                    max_in_memory)
            if measured is None:
                measured = content.measure(_rows(path, reader, info, max_cell_bytes),
                                           max_in_memory=max_in_memory,
                                           text_only=reader in ("csv", "tsv"))
            result.update(measured)
            if result["rows"] == 0 and result["columns"] == 0:
                result["error"] = "empty"
    except readers.ReadError as e:
        result["error"], result["error_detail"] = e.code, e.detail
    except MemoryError:
        result["error"], result["error_detail"] = "too_large", "out of memory"
    except Exception as e:  # a hostile file must never crash a worker
        log.exception("Assessing %s failed", path)
        result["error"], result["error_detail"] = "unreadable", type(e).__name__
    result["encoding"] = info.encoding
    if info.encoding:
        result["utf8"] = 1 if info.encoding.replace("_", "-").startswith("utf-8") else 0
    details = result["details"]
    if details.get("national_id_cells"):
        result["warnings"].append({
            "code": "national_id", "cells": details["national_id_cells"],
            "columns": [c["name"] for c in details["columns"] if c["national_ids"]]})
    if info.decode_errors:
        result["warnings"].append({"code": "decode_errors", "count": info.decode_errors})
    if len(info.sheets) > 1:
        result["warnings"].append({"code": "other_sheets", "sheets": info.sheets[1:]})
    if details.get("untracked_columns"):
        result["warnings"].append({"code": "untracked_columns",
                                   "count": details["untracked_columns"]})
    details["sheets"] = info.sheets
    result["seconds"] = round(time.monotonic() - started, 3)
    return result

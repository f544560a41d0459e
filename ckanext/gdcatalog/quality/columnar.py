"""The fast path for UTF-8 CSV and TSV files: polars parses the file in
blocks of 8 MB and the per-cell tests (missing marker, the column's type
pattern, national ID shape) run column-wise in its compiled regex engine;
only the cells that do not fit their column's pattern, and national ID
candidates, go through the Python functions of ``values``. Same formulas,
same results as the row-by-row path (``content.measure``), which
``tests/quality/test_columnar.py`` checks on generated tables.

A file the fast path cannot read exactly as Python's ``csv`` module would
makes :func:`measure_delimited` return None and the engine reads it row by
row: another encoding than UTF-8, a row longer than the first one (polars
fixes the width from the first record), blank records before the header,
malformed quoting, a cell longer than the limit, lines ended by a bare CR,
more columns than are tracked.
"""
from __future__ import annotations

import codecs
import logging
import os
import re
from collections import Counter
from typing import Any, Iterator

from ckanext.gdcatalog.quality import content, readers, values
from ckanext.gdcatalog.quality.uniqueness import DistinctCounter

log = logging.getLogger(__name__)

CHUNK_BYTES = 8 * 1024 * 1024
# A record longer than this (many cells over the cell limit) is read row by row.
MAX_RECORD_BYTES = 64 * 1024 * 1024
_INDEX = "#"



def _whole(pattern: str) -> str:
    """A Python pattern as polars' regex engine must read it to match the
    whole cell alike: its ``\\s`` (Unicode White_Space) lacks the
    separators U+001C-U+001F that Python's takes."""
    return "^(?:" + pattern.replace(r"\s", r"[\s\x1c-\x1f]") + ")$"


_MISSING = _whole(r"\s*(?i:" + "|".join(re.escape(t) for t in sorted(values.MISSING_TOKENS) if t)
                  + r")?\s*")
_BLANK = _whole(r"\s*")
_ID_LIKE = _whole(values.ID_LIKE_PATTERN)
_PATTERNS = {values.NUMERIC: _whole(values.NUMBER_PATTERN),
             values.TIMESTAMP: _whole(values.ANY_DATE_PATTERN)}


# polars' thread pool does not survive fork(): a process forked after this
# one used it (an RQ worker's work horse, say) may hang on its locks, so
# such a process reads row by row. A process that never used polars before
# forking, like CKAN's job worker, gives its children the columnar path.
_used = False
_forked_after_use = False


def _after_fork() -> None:
    global _forked_after_use
    _forked_after_use = _forked_after_use or _used


os.register_at_fork(after_in_child=_after_fork)


class _RowByRow(Exception):
    """The file needs the row-by-row reader."""


def measure_delimited(path: str, info: readers.ReadInfo, delimiter: str | None,
                      max_cell_bytes: int, max_in_memory: int) -> dict[str, Any] | None:
    """``content.measure`` of a CSV or TSV file read by polars, or None when
    the file must be read row by row. Raises ``readers.ReadError`` for an
    empty or binary file."""
    with open(path, "rb") as stream:
        sample, encoding = readers.read_sample(stream)
    if encoding not in ("utf-8", "utf-8-sig") or _forked_after_use:
        return None
    if delimiter is None:
        delimiter = readers.sniff_delimiter(sample, encoding)
    try:
        import polars as pl
    except ImportError:  # a deployment that did not install requirements/ anew
        log.warning("polars is not installed: CSV and TSV files are read row by row")
        return None
    global _used
    _used = True
    try:
        result = _measure(pl, path, delimiter, max_cell_bytes, max_in_memory)
    except (_RowByRow, pl.exceptions.ComputeError):  # ComputeError: polars could not parse it
        return None
    except Exception:  # a fault of this path must not cost the assessment
        log.exception("The columnar path failed on %s; reading it row by row", path)
        return None
    info.encoding = encoding
    return result


def _measure(pl: Any, path: str, delimiter: str, max_cell_bytes: int,
             max_in_memory: int) -> dict[str, Any]:
    names: list[str] | None = None
    columns: content.Columns | None = None
    distinct = DistinctCounter(max_in_memory=max_in_memory)
    n_rows = 0
    for batch in _batches(pl, path, delimiter):
        cells = batch.columns[1:]
        if batch.select(pl.max_horizontal(pl.col(cells).str.len_bytes().max())).item() \
                > max_cell_bytes:
            raise _RowByRow()
        present = batch.select(~pl.col(cells).str.contains(_MISSING))
        data = batch
        # A blank row has only missing cells: white space is tested on those rows alone.
        maybe_blank = ~present.select(pl.any_horizontal(pl.all())).to_series()
        if maybe_blank.any():
            blank = batch.filter(maybe_blank).filter(
                pl.all_horizontal(pl.col(cells).str.contains(_BLANK)))[_INDEX]
            keep = ~batch[_INDEX].is_in(blank.implode())
            data, present = batch.filter(keep), present.filter(keep)
        if names is None:
            if data.height == 0:
                continue
            if data[_INDEX][0] != 0 or len(cells) > content.MAX_TRACKED_COLUMNS:
                raise _RowByRow()
            names = content.header_names(list(data.row(0))[1:])
            columns = content.Columns(len(cells))
            data, present = data.slice(1), present.slice(1)
        assert columns is not None
        if data.height == 0:
            continue
        n_rows += data.height
        _count_columns(pl, data, present, cells, columns)
        # The header is record 1: a row's number is its record's, blank ones counted.
        distinct.add_digests(data.select(cells).hash_rows(seed=0).to_numpy(),
                             data[_INDEX].to_numpy() + 1)
    if names is None or columns is None:
        return content.empty_table()
    last = max((i for i, filled in enumerate(columns.filled) if filled), default=-1)
    return content.summarise(names, columns, distinct, n_rows, last)


def _batches(pl: Any, path: str, delimiter: str) -> Iterator[Any]:
    """The file's records in frames of about CHUNK_BYTES, with their record
    numbers (from 0) in column ``#``. The file is read in blocks rather than
    memory-mapped by polars, whose mapped pages would count whole in the
    worker's resident memory; a block ends after the last line break
    outside quotes (an even number of quote characters before it)."""
    schema = None
    offset = 0
    rest = b""
    with open(path, "rb") as stream:
        block = stream.read(CHUNK_BYTES)
        if block.startswith(codecs.BOM_UTF8):
            block = block[len(codecs.BOM_UTF8):]
        while block or rest:
            data = rest + block
            if block:
                cut = _last_record_end(data)
                if cut is None:
                    if len(data) > MAX_RECORD_BYTES:
                        raise _RowByRow()
                    rest, block = data, stream.read(CHUNK_BYTES)
                    continue
            else:  # the end of the file
                if data.count(b'"') % 2:
                    raise _RowByRow()  # an unclosed quote
                cut = len(data)
            chunk, rest = data[:cut], data[cut:]
            if chunk.count(b"\r") != chunk.count(b"\r\n"):
                raise _RowByRow()  # a bare CR, which Python's csv takes for a line end
            frame = pl.read_csv(chunk, has_header=False, separator=delimiter,
                                quote_char='"', infer_schema=False, schema=schema,
                                empty_string_is_null=False, raise_if_empty=False,
                                row_index_name=_INDEX, row_index_offset=offset)
            if schema is None:
                schema = {name: pl.String for name in frame.columns[1:]}
            offset += frame.height
            if frame.height:
                yield frame
            block = stream.read(CHUNK_BYTES) if block else b""


def _last_record_end(data: bytes) -> int | None:
    """The offset just past the last line break outside quotes, if any."""
    end = data.rfind(b"\n")
    quotes = data.count(b'"', 0, end) if end >= 0 else 0
    while end >= 0 and quotes % 2:  # that break is inside a quoted cell
        previous = data.rfind(b"\n", 0, end)
        quotes -= data.count(b'"', previous + 1, end)
        end = previous
    return end + 1 if end >= 0 else None


def _count_columns(pl: Any, data: Any, present: Any, cells: list[str],
                   columns: content.Columns) -> None:
    """Add one batch's counts: one pass of compiled expressions over all
    columns; Python sees only the cells that do not fit their column's type
    and the national ID candidates."""
    filled = present.sum().row(0)
    for index, name in enumerate(cells):
        if filled[index] and columns.kind[index] is None:
            columns.kind_of(index, data[name].filter(present[name])[0])
    both = data.select(cells).hstack(present.select(pl.all().name.suffix("?")).get_columns())
    fits = {index: pl.col(name).str.contains(_PATTERNS[columns.kind[index]])
            for index, name in enumerate(cells)
            if filled[index] and columns.kind[index] is not content.TEXT}
    id_like = {index: pl.col(name).str.contains(_ID_LIKE)
               for index, name in enumerate(cells) if filled[index]}
    if not fits and not id_like:
        return
    counts = both.select(
        [(fit & pl.col(f"{cells[i]}?")).sum().alias(f"fit{i}") for i, fit in fits.items()]
        + [(like & pl.col(f"{cells[i]}?")).sum().alias(f"id{i}")
           for i, like in id_like.items()]).row(0, named=True)
    for index, name in enumerate(cells):
        if not filled[index]:
            continue
        columns.filled[index] += filled[index]
        is_present = pl.col(f"{name}?")
        if index in fits:
            found: dict[str, int] = {}
            if counts[f"fit{index}"] < filled[index]:
                rest = both.filter(is_present & ~fits[index])[name].to_list()
                found = dict(Counter(map(values.classify, rest)))
            kind = columns.kind[index]
            assert kind is not None
            found[kind] = found.get(kind, 0) + counts[f"fit{index}"]
            columns.add_classes(index, found)
        if counts[f"id{index}"]:
            candidates = both.filter(is_present & id_like[index])[name].to_list()
            columns.national_ids[index] += sum(map(values.is_thai_national_id, candidates))

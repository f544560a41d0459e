"""Streaming readers of tabular files: each yields rows (lists of cells)
without holding the file in memory.

- CSV / TSV: the encoding is detected from the first bytes (BOM, strict
  UTF-8, else charset-normalizer, which recognises TIS-620 / CP874); bytes
  that do not decode are replaced and counted, so a file of mixed encodings
  is read to the end and reported.
- XLSX: openpyxl in read-only mode, the first worksheet.
- XLS (Excel 97-2003, BIFF): xlrd, the first worksheet. xlrd reads a
  worksheet whole, so a file over MAX_XLS_BYTES is refused; the format
  itself bounds a sheet to 65,536 rows of 256 columns.
- JSON: a top-level array of objects, parsed incrementally by ijson; the
  keys of the first object are the header, later objects' other keys are
  extra cells (so validity's "extra value" check sees them).
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import threading
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, Iterator

SAMPLE_BYTES = 256 * 1024
# openpyxl's read-only mode still loads all shared strings: refuse workbooks
# whose string table alone would not fit a worker's memory.
MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024

# An XLS worksheet is read whole: a file this large is refused rather than
# risk a worker's memory (the format's own limits are 65,536 × 256 cells).
MAX_XLS_BYTES = 256 * 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_THAI_ENCODINGS = {"tis_620", "tis-620", "iso8859_11", "iso-8859-11", "cp874", "windows-874"}


class ReadError(Exception):
    """The file cannot be read as a table; ``code`` names the reason."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass
class ReadInfo:
    """What a reader learnt about the file besides its rows."""
    encoding: str | None = None
    decode_errors: int = 0
    sheets: list[str] = field(default_factory=list)


_counter = threading.local()


def _count_and_replace(error: UnicodeDecodeError) -> tuple[str, int]:
    _counter.errors = getattr(_counter, "errors", 0) + 1
    return "\ufffd", error.end


codecs.register_error("gdcatalog_quality_count", _count_and_replace)


def detect_encoding(sample: bytes, complete: bool) -> str:
    """The Python codec name for a file starting with ``sample``
    (``complete``: the sample is the whole file)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        # A multi-byte character cut by the end of the sample is still UTF-8.
        if not complete and e.start >= len(sample) - 3 and e.reason == "unexpected end of data":
            return "utf-8"
    from charset_normalizer import from_bytes
    best = from_bytes(sample).best()
    if best is None:
        raise ReadError("binary")
    name = best.encoding.lower()
    if name in _THAI_ENCODINGS:
        return "cp874"  # a superset of TIS-620 that Windows exports use
    return name


def _check_text(sample: bytes) -> None:
    if not sample:
        raise ReadError("empty")
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("binary")


def read_sample(stream: IO[bytes]) -> tuple[bytes, str]:
    """The first bytes of a delimited text file and its encoding; raises
    ReadError for an empty or binary file."""
    sample = stream.read(SAMPLE_BYTES)
    _check_text(sample)
    return sample, detect_encoding(sample, len(sample) < SAMPLE_BYTES)


def sniff_delimiter(sample: bytes, encoding: str) -> str:
    """The delimiter of a CSV file among ``,;\\t|`` (``,`` when unclear)."""
    head = sample[:64 * 1024].decode(encoding, errors="replace")
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_delimited(stream: IO[bytes], info: ReadInfo, delimiter: str | None = None,
                   max_cell_bytes: int = 1024 * 1024) -> Iterator[list[str]]:
    """Rows of a CSV or TSV file (``delimiter`` None: sniffed from ``,;\\t|``)."""
    sample, info.encoding = read_sample(stream)
    rest = io.BufferedReader(_Prefixed(sample, stream))  # type: ignore[arg-type]
    text = io.TextIOWrapper(rest, encoding=info.encoding, errors="gdcatalog_quality_count",
                            newline="")
    if delimiter is None:
        delimiter = sniff_delimiter(sample, info.encoding)
    _counter.errors = 0
    previous = csv.field_size_limit()
    csv.field_size_limit(max_cell_bytes)
    try:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for row in reader:
                yield row
        except csv.Error as e:
            raise ReadError("malformed", f"line {reader.line_num}: {e}") from None
    finally:
        csv.field_size_limit(previous)
        info.decode_errors = getattr(_counter, "errors", 0)


class _Prefixed(io.RawIOBase):
    """A raw stream that replays ``prefix`` before the rest of ``stream``."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        self._prefix = memoryview(prefix)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def read_xlsx(path: str, info: ReadInfo) -> Iterator[list[Any]]:
    """Rows of the first worksheet of an XLSX workbook (values, not formulas)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {i.filename: i for i in archive.infolist()}
            strings = names.get("xl/sharedStrings.xml")
            if strings is not None and strings.file_size > MAX_SHARED_STRINGS_BYTES:
                raise ReadError("too_large", "shared strings")
    except zipfile.BadZipFile:
        raise ReadError("malformed", "not an XLSX (zip) file") from None
    from openpyxl import load_workbook
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on broken files
        raise ReadError("malformed", type(e).__name__) from None
    info.encoding = "utf-8"  # XLSX is XML in UTF-8
    try:
        info.sheets = list(workbook.sheetnames)
        if not info.sheets:
            raise ReadError("empty")
        for row in workbook[info.sheets[0]].iter_rows(values_only=True):
            yield list(row)
    except ReadError:
        raise
    except Exception as e:
        raise ReadError("malformed", type(e).__name__) from None
    finally:
        workbook.close()


def read_xls(path: str, info: ReadInfo) -> Iterator[list[Any]]:
    """Rows of the first worksheet of an Excel 97-2003 (BIFF) workbook:
    numbers as int when whole, dates as ISO text, empty and error cells as
    None."""
    import os

    import xlrd
    with open(path, "rb") as f:
        if f.read(len(OLE2_MAGIC)) != OLE2_MAGIC:
            raise ReadError("malformed", "not an XLS (OLE2) file")
    if os.path.getsize(path) > MAX_XLS_BYTES:
        raise ReadError("too_large", "XLS file")
    with open(os.devnull, "w") as quiet:  # xlrd prints warnings on odd files
        try:
            book = xlrd.open_workbook(path, on_demand=True, formatting_info=False,
                                      logfile=quiet)
        except Exception as e:  # xlrd raises many kinds on broken files
            raise ReadError("malformed", type(e).__name__) from None
        try:
            # BIFF8 strings are UTF-16; older BIFF versions name a code page.
            info.encoding = (book.encoding or "").replace("_", "-") or None
            info.sheets = list(book.sheet_names())
            if not info.sheets:
                raise ReadError("empty")
            sheet = book.sheet_by_index(0)
            for index in range(sheet.nrows):
                yield [_xls_cell(cell, book.datemode) for cell in sheet.row(index)]
        except ReadError:
            raise
        except Exception as e:
            raise ReadError("malformed", type(e).__name__) from None
        finally:
            book.release_resources()


def _xls_cell(cell: Any, datemode: int) -> Any:
    import xlrd
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
        return moment.date().isoformat() if moment.time() == moment.time().min \
            else moment.isoformat()
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)  # ijson's Decimal
    return value


def read_json(stream: IO[bytes], info: ReadInfo) -> Iterator[list[Any]]:
    """Rows of a JSON array of objects: the header, then one row per object."""
    import ijson
    sample = stream.read(SAMPLE_BYTES)
    _check_text(sample)
    info.encoding = "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"
    if not sample.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"["):
        raise ReadError("not_records", "the top level is not an array")
    raw = io.BufferedReader(_Prefixed(sample.removeprefix(codecs.BOM_UTF8), stream))  # type: ignore[arg-type]
    header: list[str] | None = None
    try:
        for item in ijson.items(raw, "item", use_float=True):
            if not isinstance(item, dict):
                raise ReadError("not_records", "an array element is not an object")
            if header is None:
                header = list(item)
                known = set(header)
                yield list(header)
            row = [_cell(item.get(key)) for key in header]
            row.extend(_cell(v) for k, v in item.items() if k not in known)
            yield row
    except ijson.JSONError as e:
        raise ReadError("malformed", str(e)[:200]) from None
    except UnicodeDecodeError:
        raise ReadError("malformed", "not UTF-8") from None

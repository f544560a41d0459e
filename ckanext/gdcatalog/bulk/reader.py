"""Reading a template workbook safely into row records.

The file is checked before openpyxl sees it: size, the zip container
(encrypted workbooks are OLE files, not zips), macros (a vbaProject part),
and the uncompressed size (a zip bomb). openpyxl then opens it read-only
with ``data_only=True``: a formula cell gives the value Excel last computed
and is never evaluated; external links are not loaded. Cell text is data:
it becomes field values and nothing else.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, Iterator, Optional, Union

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.bulk import cells, template

MAX_BYTES_OPTION = "ckan.gdcatalog.bulk.max_bytes"
MAX_ROWS_OPTION = "ckan.gdcatalog.bulk.max_rows"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 20000
# An xlsx compresses about tenfold; far beyond that it is built to exhaust memory.
MAX_EXPANSION = 50

MSG_TOO_LARGE = "The file is larger than %(limit)s MB, the largest file accepted"
MSG_NOT_XLSX = ("The file is not an Excel workbook (.xlsx). Save it in Excel as "
                "\"Excel Workbook (*.xlsx)\" and upload it again")
MSG_ENCRYPTED = ("The workbook is protected by a password (encrypted), so it cannot be read. "
                 "Remove the password in Excel and upload it again")
MSG_OLD_XLS = ("The file is an old Excel 97-2003 workbook (.xls). Save it as "
               "\"Excel Workbook (*.xlsx)\" and upload it again")
MSG_MACROS = ("The workbook contains macros (VBA), which are not accepted. Save it as "
              "\"Excel Workbook (*.xlsx)\" (without macros) and upload it again")
MSG_MALFORMED = "The workbook is damaged and cannot be read: %(reason)s"
MSG_NO_SHEETS = ("The workbook has none of the template's sheets (%(sheets)s). "
                 "Download the blank template and fill it in")
MSG_TOO_MANY_ROWS = "The workbook has more than %(limit)s rows; split it into smaller files"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam")

Source = Union[bytes, IO[bytes]]


class WorkbookError(ValueError):
    """A workbook that cannot be read. ``msgid`` is a MSG_* constant."""

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid % params)

    def translated(self) -> str:
        return tk._(self.msgid) % self.params


@dataclass
class Row:
    """One data row of a sheet, converted to field values."""
    sheet: str
    row: int
    data_type: str
    resource: bool
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The dataset the row is about (its own, or a resource's dataset)."""
        key = template.DATASET_REF if self.resource else "name"
        return str(self.values.get(key) or "")


def max_bytes() -> int:
    return tk.config.get(MAX_BYTES_OPTION) or DEFAULT_MAX_BYTES


def max_rows() -> int:
    return tk.config.get(MAX_ROWS_OPTION) or DEFAULT_MAX_ROWS


def _content(source: Source) -> bytes:
    limit = max_bytes()
    content = source if isinstance(source, bytes) else source.read(limit + 1)
    if len(content) > limit:
        raise WorkbookError(MSG_TOO_LARGE, limit=f"{limit / 2 ** 20:g}")
    return content


def check(content: bytes, filename: Optional[str] = None) -> None:
    """Refuse what is not a plain, readable .xlsx workbook (WorkbookError)."""
    if filename and filename.lower().endswith(_MACRO_EXTENSIONS):
        raise WorkbookError(MSG_MACROS)
    if content.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding EncryptionInfo and
        # the encrypted package; any other OLE file is a legacy .xls.
        raise WorkbookError(MSG_ENCRYPTED if _ENCRYPTION_STREAM in content else MSG_OLD_XLS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookError(MSG_NOT_XLSX) from None
    names = {m.filename.lower() for m in members}
    if "[content_types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise WorkbookError(MSG_NOT_XLSX)
    if any(n.endswith("vbaproject.bin") for n in names):
        raise WorkbookError(MSG_MACROS)
    if sum(m.file_size for m in members) > MAX_EXPANSION * max(len(content), 2 ** 20):
        raise WorkbookError(MSG_MALFORMED, reason="uncompressed size out of proportion")


def read(source: Source, filename: Optional[str] = None) -> list[Row]:
    """Every non-empty data row of the template's sheets, in sheet order."""
    content = _content(source)
    check(content, filename)
    import openpyxl
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True,
                                          data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for broken parts
        raise WorkbookError(MSG_MALFORMED, reason=type(error).__name__) from None
    try:
        return list(_rows(workbook))
    except WorkbookError:
        raise
    except Exception as error:
        raise WorkbookError(MSG_MALFORMED, reason=type(error).__name__) from None
    finally:
        workbook.close()


def _rows(workbook: Any) -> Iterator[Row]:
    known = [s for s in template.sheets() if s.name in workbook.sheetnames]
    if not known:
        raise WorkbookError(MSG_NO_SHEETS, sheets=", ".join(
            s.name for s in template.sheets()))
    limit, count = max_rows(), 0
    for layout in known:
        worksheet = workbook[layout.name]
        # The stored dimensions may be wrong (files written by other tools):
        # read every row there is.
        worksheet.reset_dimensions()
        width = len(layout.columns)
        for number, values in enumerate(worksheet.iter_rows(
                min_row=template.FIRST_DATA_ROW, max_col=width, values_only=True),
                start=template.FIRST_DATA_ROW):
            if all(cells.is_blank(v) for v in values):
                continue
            count += 1
            if count > limit:
                raise WorkbookError(MSG_TOO_MANY_ROWS, limit=limit)
            row = Row(layout.name, number, layout.data_type, layout.resources)
            for column, value in zip(layout.columns, values):
                row.values.update(cells.to_fields(column, value))
            yield row

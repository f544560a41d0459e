"""Writing the template: an organization's datasets (export), the blank
template with the vocabularies as drop-down lists, and a CSV listing.

Exported cells are what the importer reads back to the same values
(``cells.to_cell``), so export → import is exact. Text is always written
as text: a title that starts with "=" must not become a formula.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ckanext.gdcatalog.bulk import cells, template
from ckanext.gdcatalog.schema import vocabularies

LISTS_SHEET = "Lists"  # hidden: the vocabularies the drop-downs refer to
VALIDATED_ROWS = 2000  # rows of a sheet that get the drop-downs
TITLE = "Template การจัดทำบัญชีข้อมูล"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CSV_UNSAFE = ("=", "+", "-", "@", "\t", "\r")


def _set(worksheet: Any, row: int, column: int, value: Any) -> None:
    cell = worksheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with


def _lists(workbook: Workbook) -> dict[str, str]:
    """Write each vocabulary (and Yes/No) as a column of the hidden sheet;
    returns the range formula of each."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    names = sorted({c.vocabulary for s in template.sheets() for c in s.columns
                    if c.vocabulary}) + ["yes_no"]
    for index, name in enumerate(names, start=1):
        labels = ([cells.YES, cells.NO] if name == "yes_no" else
                  [c.label_in("th") for c in vocabularies.get(name).choices])
        _set(sheet, 1, index, name)
        for row, label in enumerate(labels, start=2):
            _set(sheet, row, index, label)
        letter = get_column_letter(index)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _drop_downs(worksheet: Any, layout: template.Sheet, ranges: dict[str, str]) -> None:
    last = template.FIRST_DATA_ROW + VALIDATED_ROWS - 1
    for index, column in enumerate(layout.columns, start=1):
        name = column.vocabulary or ("yes_no" if column.kind == "yes_no" else None)
        if name is None:
            continue
        strict = column.kind == "yes_no" or (
            column.kind == "select" and not vocabularies.get(name).has_other)
        # A value outside a list with "other" is allowed (it becomes the
        # other text), and a multi-choice cell holds several values.
        validation = DataValidation(type="list", formula1=ranges[name], allow_blank=True,
                                    showErrorMessage=strict)
        letter = get_column_letter(index)
        validation.add(f"{letter}{template.FIRST_DATA_ROW}:{letter}{last}")
        worksheet.add_data_validation(validation)


def _headers(worksheet: Any, layout: template.Sheet) -> None:
    type_label = vocabularies.get("data_type").label_of(layout.data_type, "th")
    part = "รายการทรัพยากร (resources)" if layout.resources else "คำอธิบายชุดข้อมูล (metadata)"
    _set(worksheet, 1, 1, f"{TITLE}: {type_label}")
    worksheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    _set(worksheet, 2, 1, part)
    for index, column in enumerate(layout.columns, start=1):
        _set(worksheet, template.HEADER_ROW, index, column.label.get("th", column.key))
        _set(worksheet, template.HINT_ROW, index,
             f"{column.label.get('en', column.key)} ({column.key})")
        header = worksheet.cell(row=template.HEADER_ROW, column=index)
        header.font, header.fill = Font(bold=True), _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.column_dimensions[get_column_letter(index)].width = 22
    worksheet.freeze_panes = worksheet.cell(row=template.FIRST_DATA_ROW, column=2)


def _organization_cell(dataset: dict[str, Any]) -> Any:
    organization = dataset.get("organization") or {}
    return organization.get("title") or organization.get("name")


def _dataset_cells(layout: template.Sheet, dataset: dict[str, Any]) -> list[Any]:
    values = []
    for column in layout.columns:
        if column.key == template.ORGANIZATION:
            values.append(_organization_cell(dataset))
        elif column.key == "data_type":
            values.append(vocabularies.get("data_type").label_of(layout.data_type, "th"))
        else:
            values.append(cells.to_cell(column, dataset))
    return values


def _resource_cells(layout: template.Sheet, dataset: dict[str, Any],
                    resource: dict[str, Any]) -> list[Any]:
    return [dataset["name"] if column.key == template.DATASET_REF
            else cells.to_cell(column, resource) for column in layout.columns]


def workbook(datasets: Iterable[dict[str, Any]]) -> bytes:
    """The template filled with ``datasets`` (package_show dicts); with none,
    the blank template."""
    book = Workbook()
    book.remove(book.active)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for dataset in datasets:
        by_type.setdefault(dataset.get("data_type") or "record", []).append(dataset)
    layouts = template.sheets()
    worksheets = {layout.name: book.create_sheet(layout.name) for layout in layouts}
    ranges = _lists(book)
    for layout in layouts:
        worksheet = worksheets[layout.name]
        _headers(worksheet, layout)
        _drop_downs(worksheet, layout, ranges)
        row = template.FIRST_DATA_ROW
        for dataset in by_type.get(layout.data_type, []):
            rows = ([_resource_cells(layout, dataset, r) for r in dataset.get("resources") or []]
                    if layout.resources else [_dataset_cells(layout, dataset)])
            for values in rows:
                for index, value in enumerate(values, start=1):
                    if value is not None:
                        _set(worksheet, row, index, value)
                row += 1
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def blank() -> bytes:
    return workbook([])


def _csv_safe(value: Any) -> Any:
    # A spreadsheet opening the CSV would run "=..." as a formula.
    if isinstance(value, str) and value.startswith(_CSV_UNSAFE):
        return "'" + value
    return value


def csv_listing(datasets: Iterable[dict[str, Any]]) -> bytes:
    """One line per dataset: the data type, then every column of every
    metadata sheet, once, in template order. UTF-8 with a BOM, which Excel
    needs to read Thai."""
    columns: dict[str, template.Column] = {}
    for layout in (s for s in template.sheets() if not s.resources):
        for column in layout.columns:
            if column.key not in ("data_type", "data_type_other"):
                columns.setdefault(column.key, column)
    keys = ["data_type", "data_type_other", *columns]
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(keys)
    data_type = vocabularies.get("data_type")
    for dataset in datasets:
        values = [data_type.label_of(dataset.get("data_type") or "", "th"),
                  dataset.get("data_type_other")]
        for column in columns.values():
            values.append(_organization_cell(dataset) if column.key == template.ORGANIZATION
                          else cells.to_cell(column, dataset))
        writer.writerow([_csv_safe("" if v is None else v) for v in values])
    return ("\ufeff" + output.getvalue()).encode("utf-8")

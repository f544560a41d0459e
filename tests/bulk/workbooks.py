"""Template workbooks built in the tests with openpyxl, cell by cell, the
way a steward's Excel would save them."""
from __future__ import annotations

import io
from typing import Any

import openpyxl

from ckanext.gdcatalog.bulk import template


def build(sheets: dict[str, list[dict[str, Any]]], hint: bool = True) -> bytes:
    """A workbook with the given sheets; each row maps a column key (a field
    name, ``dataset``, ``organization``, or ``type``) to its cell value."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        layout = template.sheet(name)
        worksheet = book.create_sheet(name)
        keys = [_key(c.key, layout.data_type) for c in layout.columns] if layout else []
        worksheet.cell(row=1, column=1, value="Template การจัดทำบัญชีข้อมูล")
        for index, key in enumerate(keys, start=1):
            worksheet.cell(row=template.HEADER_ROW, column=index, value=key)
            if hint:
                worksheet.cell(row=template.HINT_ROW, column=index, value="(ตัวอย่าง)")
        for number, row in enumerate(rows, start=template.FIRST_DATA_ROW):
            unknown = set(row) - set(keys)
            assert not unknown, f"{name} has no column {unknown}"
            for key, value in row.items():
                worksheet.cell(row=number, column=keys.index(key) + 1, value=value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _key(key: str, data_type: str) -> str:
    return "type" if key in ("data_type", "data_type_other") else key


MANDATORY = {
    "maintainer": "กองสถิติ", "maintainer_email": "stat@agency.example.go.th",
    "tag_string": "ประชากร, population", "notes": "รายละเอียดชุดข้อมูล",
    "objective": "พันธกิจหน่วยงาน", "update_frequency_unit": "ปี",
    "update_frequency_interval": 1, "geo_coverage": "ประเทศ",
    "data_source": "สำนักงานสถิติแห่งชาติ", "data_format": "CSV",
    "data_category": "ข้อมูลสาธารณะ", "license_id": "Creative Commons Attributions",
}


def dataset_row(name: str, title: str, **cells: Any) -> dict[str, Any]:
    return {"name": name, "title": title, **MANDATORY, **cells}

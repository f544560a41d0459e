"""Excel import benchmark (not a test).

Generates a workbook in the NSO template with N dataset rows (the five data
types in turn, every second dataset with one resource row), then times, as
a background job would run them: reading the workbook, a dry run, the
import, a second import of the same file (nothing changes) and the export
of the organization. Reports datasets per second and the peak resident
memory of the process.

    python bench/bulk_import.py --rows 5000

Uses the config in test.ini with the database given by --db (dropped and
recreated). Prints a Markdown table to paste into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import sys
import time
from typing import Any, Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ckan_site import ROOT, default_db, site  # noqa: E402  (bench/ckan_site.py)

TOPICS = ["ประชากร", "ปริมาณน้ำฝน", "การท่องเที่ยว", "ผลผลิตข้าว", "แรงงาน",
          "คุณภาพอากาศ", "โรงเรียน", "สถานพยาบาล", "รายได้ครัวเรือน", "ป่าไม้"]
EXTRA = {
    "Record": {"created_date": "01/01/2560", "data_collect": "บุคคล", "high_value_dataset": "ใช่"},
    "Stat": {"first_year_of_data": 2558, "last_year_of_data": 2567, "disaggregate": "เพศ, อายุ/กลุ่มอายุ",
             "unit_of_multiplier": "พัน", "official_statistics": "ใช่"},
    "GIS": {"geographic_data_set": "ชั้นข้อมูลขอบเขตการปกครอง", "equivalent_scale": "1:50,000",
            "west_bound_longitude": 97.3, "east_bound_longitude": 105.7,
            "north_bound_longitude": 20.5, "south_bound_longitude": 5.6},
    "Multi": {"data_support": "หน่วยงานของรัฐ"},
    "Other": {"type": "ข้อมูลภาพถ่าย"},
}


MANDATORY = {
    "maintainer": "กองสถิติ", "maintainer_email": "stat@agency.example.go.th",
    "tag_string": "สถิติ, statistics", "notes": "ชุดข้อมูลสำหรับวัดความเร็วการนำเข้า",
    "objective": "พันธกิจหน่วยงาน", "update_frequency_unit": "ปี",
    "update_frequency_interval": 1, "geo_coverage": "ประเทศ", "data_source": "สำรวจ",
    "data_format": "CSV, XLS/XLSX", "data_category": "ข้อมูลสาธารณะ",
    "license_id": "Creative Commons Attributions",
}


def dataset_row(name: str, title: str, **cells: Any) -> dict[str, Any]:
    return {"name": name, "title": title, **MANDATORY, **cells}


def build(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    import openpyxl
    from ckanext.gdcatalog.bulk import template
    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        layout = template.sheet(name)
        keys = ["type" if c.key in ("data_type", "data_type_other") else c.key
                for c in layout.columns]
        worksheet = book.create_sheet(name)
        for _ in range(template.FIRST_DATA_ROW - 1):
            worksheet.append([])
        for row in rows:
            worksheet.append([row.get(key) for key in keys])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def generate(rows: int) -> bytes:
    sheets: dict[str, list[dict[str, Any]]] = {}
    suffixes = list(EXTRA)
    for i in range(rows):
        suffix = suffixes[i % len(suffixes)]
        name = f"bench-{i:05d}"
        title = f"{TOPICS[i % len(TOPICS)]} ชุดที่ {i}"
        sheets.setdefault(f"Temp2_Meta_{suffix}", []).append(
            dataset_row(name, title, **EXTRA[suffix]))
        if i % 2 == 0:
            sheets.setdefault(f"Temp3_Resource_{suffix}", []).append(
                {"dataset": name, "name": f"ตาราง {i}", "url": f"https://example.go.th/{i}.csv",
                 "format": "CSV"})
    return build(sheets)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="dataset rows")
    parser.add_argument("--db", default=default_db("gdcatalog_bench"))
    parser.add_argument("--ini", default=os.path.join(ROOT, "test.ini"))
    parser.add_argument("--steps", default="dry run,import,re-import",
                        help="comma-separated: dry run, import, re-import")
    args = parser.parse_args()
    steps = [s.strip() for s in args.steps.split(",")]
    with site(args.ini, args.db):
        from ckan import model
        from ckan.logic import get_action

        from ckanext.gdcatalog.bulk import importer, reader, writer
        content, generate_s = timed(lambda: generate(args.rows))
        admin = model.User(name="bench-admin", email="a@example.go.th", password="x" * 12)
        model.Session.add(admin)
        model.Session.commit()
        org = get_action("organization_create")({"user": admin.name, "ignore_auth": True}, {
            "name": "bench-org", "title": "หน่วยงานทดสอบ"})  # the admin is its admin

        rows, read_s = timed(lambda: reader.read(content))
        results = {"read": (len(rows), read_s)}
        for label, dry_run in (("dry run", True), ("import", False), ("re-import", False)):
            if label not in steps:
                continue
            report, seconds = timed(lambda: importer.run(rows, org, admin.name, dry_run=dry_run))
            results[label] = (args.rows, seconds, report["datasets"])
        datasets = []

        def export() -> bytes:
            from ckanext.gdcatalog.bulk.actions import datasets_of
            datasets.extend(datasets_of({"user": admin.name}, org))
            return writer.workbook(datasets)
        exported, export_s = timed(export)
        results["export"] = (len(datasets), export_s)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; CKAN {__import__('ckan').__version__}")
    print(f"Workbook: {args.rows} datasets, {len(rows) - args.rows} resources, "
          f"{len(content) / 2 ** 20:.1f} MB (generated in {generate_s:.1f} s); "
          f"export {len(exported) / 2 ** 20:.1f} MB; peak RSS {peak_mb:.0f} MB\n")
    print("| step | rows or datasets | seconds | datasets/s | result |")
    print("|---|---|---|---|---|")
    print(f"| read workbook | {results['read'][0]} rows | {results['read'][1]:.1f} | "
          f"{args.rows / results['read'][1]:.0f} | |")
    for label in (s for s in ("dry run", "import", "re-import") if s in results):
        count, seconds, counts = results[label]
        summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
        print(f"| {label} | {count} | {seconds:.1f} | {count / seconds:.1f} | {summary} |")
    count, seconds = results["export"]
    print(f"| export | {count} | {seconds:.1f} | {count / seconds:.1f} | |")


if __name__ == "__main__":
    main()

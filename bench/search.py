"""Search backend benchmark (not a test).

Generates N synthetic Thai/English datasets over 100 organisations, indexes
them through the backend's Solr-client API, then times package_search
in-process for five query shapes. A smaller run measures CKAN's own
`search-index rebuild` throughput from real datasets.

    python bench/search.py --sizes 10000 100000 --rebuild 1000

Uses the config in test.ini with the database given by --db (dropped and
recreated). Prints a Markdown table to paste into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from typing import Any, Callable

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ckan_site import ROOT, default_db, site  # noqa: E402  (bench/ckan_site.py)
from tests.factories import mandatory_fields  # noqa: E402  (the standard's mandatory fields)

THAI_TOPICS = [
    "ประชากร", "ปริมาณน้ำฝน", "การท่องเที่ยว", "ผลผลิตข้าว", "อุบัติเหตุทางถนน",
    "คุณภาพอากาศ", "โรงเรียน", "สถานพยาบาล", "แรงงาน", "รายได้ครัวเรือน",
    "การใช้ที่ดิน", "ป่าไม้", "ขยะมูลฝอย", "พลังงานไฟฟ้า", "ราคาสินค้าเกษตร",
]
THAI_QUALIFIERS = [
    "จำแนกตามจังหวัด", "รายเดือน", "รายปี", "จำแนกตามเพศและอายุ", "ระดับอำเภอ",
    "ของประเทศไทย", "ในเขตเทศบาล", "ย้อนหลังสิบปี",
]
EN_TOPICS = [
    "population", "rainfall", "tourism", "rice production", "road accidents",
    "air quality", "schools", "hospitals", "labour force", "household income",
    "land use", "forest", "solid waste", "electricity", "farm prices",
]
TAGS = ["สถิติ", "เกษตร", "สิ่งแวดล้อม", "สาธารณสุข", "การศึกษา", "เศรษฐกิจ",
        "คมนาคม", "แรงงาน", "open-data", "statistics", "environment", "health"]
FORMATS = ["CSV", "XLSX", "JSON", "PDF", "SHP", "XML", "API"]
LICENSES = ["cc-by", "cc-by-sa", "odc-by", "other-open", "gdc-open"]
DATA_TYPES = ["record", "statistical", "geospatial", "multiple", "other"]
CATEGORIES = ["public", "open", "restricted", "personal", "secret"]
FREQUENCIES = ["year", "month", "quarter", "day", "irregular"]


def synthetic_doc(i: int, rng: random.Random, orgs: list[dict[str, str]],
                  site_id: str, base: datetime) -> dict[str, Any]:
    org = orgs[i % len(orgs)]
    topic = rng.randrange(len(THAI_TOPICS))
    title = f"{THAI_TOPICS[topic]}{rng.choice(THAI_QUALIFIERS)} {2560 + i % 8}"
    notes = (f"ชุดข้อมูล{THAI_TOPICS[topic]} {rng.choice(THAI_QUALIFIERS)} "
             f"รวบรวมโดย{org['title']} Dataset on {EN_TOPICS[topic]} "
             f"collected by {org['name']} for year {2017 + i % 8}.")
    tags = rng.sample(TAGS, 3)
    formats = rng.sample(FORMATS, 2)
    private = i % 10 == 0
    modified = base - timedelta(minutes=i * 7 % 500000)
    dataset_id = str(uuid.UUID(int=rng.getrandbits(128)))
    name = f"ds-{i:06d}-{EN_TOPICS[topic].replace(' ', '-')}"
    data_type = DATA_TYPES[i % 5]
    category = CATEGORIES[i % 5] if private else rng.choice(CATEGORIES[:3])
    pkg = {
        "id": dataset_id, "name": name, "title": title, "notes": notes,
        "type": "dataset", "state": "active", "private": private,
        "owner_org": org["id"], "license_id": rng.choice(LICENSES),
        "metadata_created": (modified - timedelta(days=30)).isoformat(),
        "metadata_modified": modified.isoformat(),
        "tags": [{"name": t} for t in tags], "num_tags": 3,
        "resources": [{"name": f"{title} ({f})", "format": f,
                       "url": f"https://data.example.go.th/{name}.{f.lower()}"} for f in formats],
        "num_resources": 2, "organization": {"name": org["name"], "title": org["title"]},
        "data_type": data_type, "data_category": category,
        "update_frequency_unit": rng.choice(FREQUENCIES), "geo_coverage": "province",
        "groups": [], "extras": [],
    }
    data_dict = json.dumps(pkg, ensure_ascii=False)
    labels = [f"member-{org['id']}"] if private else ["public"]
    return {
        "index_id": uuid.uuid5(uuid.NAMESPACE_URL, dataset_id + site_id).hex,
        "id": dataset_id, "site_id": site_id, "entity_type": "package",
        "dataset_type": "dataset", "state": "active", "name": name, "title": title,
        "title_string": title, "notes": notes, "tags": tags,
        "organization": org["name"], "owner_org": org["id"],
        "capacity": "private" if private else "public",
        "res_format": formats, "res_name": [r["name"] for r in pkg["resources"]],
        "res_url": [r["url"] for r in pkg["resources"]],
        "license_id": pkg["license_id"], "num_resources": 2, "num_tags": 3,
        "metadata_created": pkg["metadata_created"] + "Z",
        "metadata_modified": pkg["metadata_modified"] + "Z",
        "data_type": data_type, "data_category": category,
        "extras_data_type": data_type, "update_frequency_unit": pkg["update_frequency_unit"],
        "permission_labels": labels, "data_dict": data_dict,
        "validated_data_dict": data_dict,
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    for _ in range(5):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--rebuild", type=int, default=1000,
                        help="datasets created through CKAN for the rebuild measurement")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--db", default=default_db("gdcatalog_bench"))
    parser.add_argument("--ini", default=os.path.join(ROOT, "test.ini"))
    parser.add_argument("--cache-ttl", type=int, default=None,
                        help="override ckan.gdcatalog.search.cache_ttl (0: time cold queries)")
    parser.add_argument("--queries-only", action="store_true",
                        help="time the queries on the index left by an earlier run")
    args = parser.parse_args()

    if args.queries_only:
        return queries_only(args)
    with site(args.ini, args.db):
        from ckan import model
        from ckan.common import config
        from ckan.lib import search
        from ckan.logic import get_action
        site_id = config["ckan.site_id"]
        admin = model.User(name="bench-admin", email="a@example.go.th", password="x" * 12,
                           sysadmin=True)
        member = model.User(name="bench-member", email="m@example.go.th", password="x" * 12)
        model.Session.add_all([admin, member])
        model.Session.commit()
        ctx = {"user": admin.name, "ignore_auth": True}
        orgs = []
        for i in range(100):
            org = get_action("organization_create")(dict(ctx), {
                "name": f"org-{i:03d}", "title": f"หน่วยงานทดสอบที่ {i}"})
            orgs.append(org)
        for org in orgs[:3]:
            get_action("organization_member_create")(dict(ctx), {
                "id": org["id"], "username": member.name, "role": "editor"})

        results: dict[str, Any] = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                                   f"Python {platform.python_version()}",
                                   "ckan": __import__("ckan").__version__, "sizes": {}}

        rebuild_rate, fast_rate = measure_rebuild(ctx, orgs, args.rebuild)
        results["rebuild"] = {"datasets": args.rebuild, "per_second": rebuild_rate,
                              "fast_per_second": fast_rate}

        conn = search.make_connection()
        rng = random.Random(20261122)
        base = datetime(2026, 11, 1)
        indexed = 0
        for size in sorted(args.sizes):
            start = time.perf_counter()
            batch = []
            for i in range(indexed, size):
                batch.append(synthetic_doc(i, rng, orgs, site_id, base))
                if len(batch) == 1000:
                    conn.add(batch)
                    conn.commit()
                    batch = []
            if batch:
                conn.add(batch)
                conn.commit()
            elapsed = time.perf_counter() - start
            rate = (size - indexed) / elapsed
            indexed = size
            # What autovacuum does after a bulk load (statistics, and the
            # visibility map that index-only scans need), at once.
            model.Session.commit()
            with model.meta.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                for table in ("gdcatalog_search_doc", "gdcatalog_search_stored",
                              "gdcatalog_search_match"):
                    connection.execute(sa.text(f"VACUUM ANALYZE {table}"))
            config["ckan.gdcatalog.search.cache_ttl"] = 0
            cold = measure_queries(member.name, args.runs, rng)
            config["ckan.gdcatalog.search.cache_ttl"] = 300
            warm = measure_queries(member.name, args.runs, rng)
            results["sizes"][size] = {"index_per_second": rate, "cold": cold, "warm": warm}
            print(json.dumps(results, indent=1, ensure_ascii=False), file=sys.stderr)
    print(markdown(results))


def queries_only(args: argparse.Namespace) -> None:
    with site(args.ini, args.db, fresh=False):
        from ckan import model
        from ckan.common import config
        if args.cache_ttl is not None:
            config["ckan.gdcatalog.search.cache_ttl"] = args.cache_ttl
        size = model.Session.execute(sa.text("SELECT count(*) FROM gdcatalog_search_doc")).scalar()
        queries = measure_queries("bench-member", args.runs, random.Random(1))
    for name, (median, p95) in queries.items():
        print(f"| {size:,} | {name} | {median:.1f} | {p95:.1f} |")


def measure_rebuild(ctx: dict[str, Any], orgs: list[dict[str, Any]],
                    count: int) -> tuple[float, float]:
    from ckan.lib import search
    from ckan.logic import get_action
    rng = random.Random(7)
    for i in range(count):
        topic = i % len(THAI_TOPICS)
        get_action("package_create")(dict(ctx), mandatory_fields(
            name=f"rebuild-{i:05d}", title=f"{THAI_TOPICS[topic]}{rng.choice(THAI_QUALIFIERS)} {i}",
            notes=f"ชุดข้อมูล{THAI_TOPICS[topic]} dataset on {EN_TOPICS[topic]}",
            owner_org=orgs[i % len(orgs)]["id"],
            tag_string=",".join(rng.sample(TAGS[-4:], 3)),  # CKAN core refuses Thai marks in tags
            resources=[{"url": f"https://data.example.go.th/r{i}.csv", "format": "CSV",
                        "name": f"ตาราง {i}"}],
        ))
    start = time.perf_counter()
    search.rebuild(defer_commit=True, quiet=True)
    rate = count / (time.perf_counter() - start)
    # rebuild-fast: CKAN's multi-process rebuild, as a command (start-up included)
    start = time.perf_counter()
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"), "-c",
                    os.path.join(ROOT, "test.ini"), "search-index", "rebuild-fast"],
                   check=True, capture_output=True)
    fast_rate = count / (time.perf_counter() - start)
    search.clear_all()
    return rate, fast_rate


def measure_queries(member: str, runs: int, rng: random.Random) -> dict[str, tuple[float, float]]:
    from ckan.logic import get_action

    def search(user: str | None = None, **data: Any) -> Callable[[], Any]:
        def run() -> Any:
            ctx = {"user": user or "bench-admin", "ignore_auth": True}
            if user is None:
                ctx = {"ignore_auth": True}
            return get_action("package_search")(ctx, dict(data))
        return run

    def thai() -> Any:
        return search(q=rng.choice(THAI_TOPICS))()

    def org_tag() -> Any:
        return search(fq=f'organization:org-{rng.randrange(100):03d} +tags:"{rng.choice(TAGS)}"')()

    facets = json.dumps(["organization", "tags", "res_format", "license_id",
                         "data_type", "data_category"])
    return {
        "a. Thai free text": timed(thai, runs),
        "b. fq organization + tag": timed(org_tag, runs),
        "c. six facets": timed(search(q="*:*", **{"facet.field": facets}), runs),
        "d. sort modified, page 50": timed(search(q="*:*", sort="metadata_modified desc",
                                                  rows=20, start=980), runs),
        "e. *:* as member of 3 orgs": timed(search(user=member, q="*:*",
                                                   include_private=True), runs),
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [f"Machine: {results['machine']}; CKAN {results['ckan']}.", "",
             f"Rebuild through CKAN ({results['rebuild']['datasets']} datasets): "
             f"`search-index rebuild` {results['rebuild']['per_second']:.0f} datasets/s, "
             f"`search-index rebuild-fast` {results['rebuild']['fast_per_second']:.0f} "
             "datasets/s (command start-up included)", "",
             "| N | index build (docs/s) | query | cold median ms | cold p95 ms "
             "| cached median ms | cached p95 ms |",
             "|---|---|---|---|---|---|---|"]
    for size, data in results["sizes"].items():
        for name, (median, p95) in data["cold"].items():
            warm_median, warm_p95 = data["warm"][name]
            lines.append(f"| {size:,} | {data['index_per_second']:.0f} | {name} | "
                         f"{median:.1f} | {p95:.1f} | {warm_median:.1f} | {warm_p95:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

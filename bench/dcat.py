"""DCAT serialisation benchmark (not a test).

Creates 100 organisations and --real GD Catalog datasets through
package_create (every field of their data type filled, two resources each),
then indexes clones of them up to --size datasets through the search
backend's Solr-client API, as bench/search.py does. It then times, with the
``gdc`` profile and with the stock ``euro_dcat_ap_3`` profile on the same
datasets in the same run:

- a catalog page of 100 datasets (a random page): ours is a GET of
  /catalog.ttl?page=N through the application (Flask test client: exposure
  rules, ETag, fragments), stock is what ckanext-dcat's dcat_catalog_show
  does (package_search sorted by metadata_modified +
  RDFSerializer.serialize_catalog with euro_dcat_ap_3 to Turtle);
- one dataset: ours is a GET of /dataset/<id>.rdf, stock is package_show +
  RDFSerializer.serialize_dataset to RDF/XML (dcat_dataset_show).

Ours is timed three ways:

- "cold": the fragment cache emptied before each request, so every dataset
  of the page is serialised during the request (after an upgrade, before
  ``ckan gdcatalog dcat prerender`` has run, or with no job worker);
- "prerendered": the cache emptied, then the fragments made as the
  background job does once a save commits (dcat/prerender.py; untimed
  here, timed on its own as "prerender job"), then the request: the first
  request after every dataset of the page changed;
- "warm": the page requested once before (a harvester reading pages whose
  datasets did not change since).

The variants run on the same page or dataset in each round, in rotating
order. Median and p95 over --runs rounds.

    python bench/dcat.py --size 10000 --runs 100

Uses the config in test.ini with the database given by --db (dropped and
recreated). Prints a Markdown table to paste into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta
from typing import Any, Callable

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ckan_site import ROOT, default_db, site  # noqa: E402  (bench/ckan_site.py)
from search import (  # noqa: E402  (the sibling benchmark's helpers)
    EN_TOPICS, THAI_QUALIFIERS, THAI_TOPICS, percentile, synthetic_doc,
)

TARGET_RATIO = 1.2
TARGET_CATALOG_P95_MS = 500.0
FORMATS = ["CSV", "XLSX", "JSON", "PDF", "SHP", "XML"]


def field_value(field: dict[str, Any], rng: random.Random) -> Any:
    """A value a steward could send for a schema field (None: leave it out)."""
    from ckanext.gdcatalog.schema import vocabularies
    name, preset = field["field_name"], field.get("preset", "")
    if name in ("allow_harvest", "resource_private"):
        return "False"
    if preset in ("gdc_select", "gdc_multiple"):
        codes = [c for c in vocabularies.get(field["vocabulary"]).codes
                 if c not in ("other", "unknown")]
        return rng.choice(codes) if preset == "gdc_select" else rng.sample(codes, 2)
    if preset == "gdc_other":
        return None
    if preset == "gdc_yes_no":
        return rng.choice(["True", "False"])
    if preset == "gdc_date":
        return f"{rng.randrange(2560, 2568)}-{rng.randrange(1, 13):02d}-15"
    if preset == "gdc_quality_level":
        return rng.choice(["1", "2", "2.6", "3", "4"])
    if preset == "gdc_year":
        return str(2560 if "first" in name else 2567)
    if preset == "gdc_coordinate":
        return {"west": "97.3", "east": "105.7", "south": "5.6",
                "north": "20.5"}[name.split("_")[0].replace("resource", "")]
    if preset in ("gdc_url", "resource_url_upload"):
        return f"https://data.example.go.th/{name}/{rng.randrange(10**6)}"
    if name == "maintainer_email":
        return "stat@agency.example.go.th"
    if name == "update_frequency_interval":
        return 1
    if name == "format":
        return rng.choice(FORMATS)
    return f"ค่าของ {name} {rng.randrange(1000)}"


def full_dataset(i: int, data_type: str, org_id: str, rng: random.Random) -> dict[str, Any]:
    """A dataset of ``data_type`` with every field of its type filled."""
    from ckanext.gdcatalog.dcat.profile import DATASET_FIELDS, RESOURCE_FIELDS, applies
    topic = i % len(THAI_TOPICS)
    data: dict[str, Any] = {
        "name": f"dcat-{i:05d}", "owner_org": org_id, "data_type": data_type,
        "title": f"{THAI_TOPICS[topic]}{rng.choice(THAI_QUALIFIERS)} ชุดที่ {i}",
        "notes": f"ชุดข้อมูล{THAI_TOPICS[topic]} Dataset on {EN_TOPICS[topic]}.",
        "tag_string": f"ประชากร, statistics, {EN_TOPICS[topic]}",  # core refuses Thai marks in tags
        "url": f"https://agency.example.go.th/data/{i}",
        "data_category": "public", "license_id": rng.choice(["cc-by", "odc-by", "dga-ogl"]),
    }
    if data_type == "other":
        data["data_type_other"] = "ข้อมูลภาพ"
    for name, field in DATASET_FIELDS.items():
        if name in data or name in ("title", "name", "owner_org") or not applies(field, data_type):
            continue
        value = field_value(field, rng)
        if value is not None:
            data[name] = value
    data["resources"] = []
    for r in range(2):
        resource = {"name": f"ตาราง {r + 1} ({EN_TOPICS[topic]})"}
        for name, field in RESOURCE_FIELDS.items():
            if applies(field, data_type) and name != "name":
                value = field_value(field, rng)
                if value is not None:
                    resource[name] = value
        data["resources"].append(resource)
    return data


def clone_doc(template: dict[str, Any], i: int, rng: random.Random, orgs: list[dict[str, Any]],
              site_id: str, base: datetime) -> dict[str, Any]:
    """An index document of a copy of ``template`` under a new id and name."""
    doc = synthetic_doc(i, rng, orgs, site_id, base)  # the backend's document fields
    org = orgs[i % len(orgs)]
    pkg = copy.deepcopy(template)
    dataset_id = doc["id"]
    pkg.update(id=dataset_id, name=doc["name"], title=doc["title"], private=False,
               owner_org=org["id"], metadata_modified=doc["metadata_modified"].rstrip("Z"),
               metadata_created=doc["metadata_created"].rstrip("Z"))
    pkg["organization"] = {k: org[k] for k in ("id", "name", "title", "type",
                                               "is_organization", "state")}
    for resource in pkg.get("resources") or []:
        resource.update(id=str(uuid.UUID(int=rng.getrandbits(128))), package_id=dataset_id)
    data_dict = json.dumps(pkg, ensure_ascii=False)
    doc.update(capacity="public", permission_labels=["public"], owner_org=org["id"],
               organization=org["name"], data_type=pkg["data_type"],
               extras_data_type=pkg["data_type"], data_category="public",
               data_dict=data_dict, validated_data_dict=data_dict)
    return doc


VARIANTS = ("gdc (cold)", "gdc (prerendered)", "gdc (warm)", "euro_dcat_ap_3")
JOB = "prerender job (background)"


def timed(work: dict[str, Callable[[Any], float]], pick: Callable[[], Any], runs: int,
          ) -> dict[str, list[float]]:
    """Times each variant's ``work(item)`` on the same item per round,
    rotating which goes first; milliseconds."""
    samples: dict[str, list[float]] = {name: [] for name in work}
    names = list(work)
    for round_ in range(runs + 5):
        item = pick()
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed = work[name](item)
            if round_ >= 5:  # warm-up rounds are not counted
                samples[name].append(elapsed)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000, help="datasets in the catalog")
    parser.add_argument("--real", type=int, default=200,
                        help="of which created through package_create (the rest are clones)")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--db", default=default_db("gdcatalog_bench_dcat"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4",
                        help="Redis database of the run (its DCAT fragments are deleted)")
    parser.add_argument("--ini", default=os.path.join(ROOT, "test.ini"))
    args = parser.parse_args()

    with site(args.ini, args.db, args.redis) as app:
        from ckan import model
        from ckan.common import config
        from ckan.lib import search
        from ckan.lib.redis import connect_to_redis
        from ckan.logic import get_action
        from ckanext.dcat.processors import RDFSerializer
        from ckanext.gdcatalog.dcat import exposure, prerender
        from ckanext.gdcatalog.schema import vocabularies
        admin = model.User(name="bench-admin", email="a@example.go.th", password="x" * 12,
                           sysadmin=True)
        model.Session.add(admin)
        model.Session.commit()
        ctx = {"user": admin.name, "ignore_auth": True}
        orgs = [get_action("organization_create")(dict(ctx), {
            "name": f"org-{i:03d}", "title": f"หน่วยงานทดสอบที่ {i}"}) for i in range(100)]

        rng = random.Random(20261122)
        data_types = vocabularies.get("data_type").codes
        start = time.perf_counter()
        real = []
        for i in range(args.real):
            data = full_dataset(i, data_types[i % len(data_types)], orgs[i % 100]["id"], rng)
            created = get_action("package_create")(dict(ctx), data)
            real.append(get_action("package_show")(dict(ctx), {"id": created["id"]}))
        create_rate = args.real / (time.perf_counter() - start)

        conn = search.make_connection()
        base = datetime(2026, 11, 1)
        batch = []
        for i in range(args.real, args.size):
            batch.append(clone_doc(real[i % len(real)], i, rng, orgs, config["ckan.site_id"],
                                   base - timedelta(days=1)))
            if len(batch) == 1000:
                conn.add(batch)
                conn.commit()
                batch = []
        if batch:
            conn.add(batch)
            conn.commit()
        model.Session.execute(sa.text("ANALYZE gdcatalog_search_doc"))
        model.Session.commit()
        count = get_action("package_search")({"ignore_auth": True}, {"rows": 0})["count"]
        pages = max(1, count // 100)

        client = app._wsgi_app.test_client()
        redis = connect_to_redis()

        def forget_fragments() -> None:
            for key in redis.scan_iter("gdcatalog:dcat:*"):
                redis.delete(key)

        def get(url: str) -> float:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (url, response.status_code)
            return elapsed

        def page_ids(page: int) -> list[str]:
            return [d["id"] for d in exposure.CatalogPage({"page": page}).datasets]

        def ours(url: Callable[[Any], str], how: str, fmt: str,
                 ids: Callable[[Any], list[str]]) -> Callable[[Any], float]:
            def work(item: Any) -> float:
                if how == "warm":
                    client.get(url(item))  # the page as a harvester found it before
                else:
                    forget_fragments()
                    if how == "prerendered":
                        prerender.render(ids(item), [fmt])  # what the job does
                return get(url(item))
            return work

        def job(fmt: str, ids: Callable[[Any], list[str]]) -> Callable[[Any], float]:
            def work(item: Any) -> float:
                wanted = ids(item)
                forget_fragments()
                start = time.perf_counter()
                report = prerender.render(wanted, [fmt])
                assert report["rendered"] == len(wanted), report
                return (time.perf_counter() - start) * 1000
            return work

        def variants(url: Callable[[Any], str], fmt: str, ids: Callable[[Any], list[str]],
                     stock: Callable[[Any], float]) -> dict[str, Callable[[Any], float]]:
            return {"gdc (cold)": ours(url, "cold", fmt, ids),
                    "gdc (prerendered)": ours(url, "prerendered", fmt, ids),
                    "gdc (warm)": ours(url, "warm", fmt, ids),
                    "euro_dcat_ap_3": stock, JOB: job(fmt, ids)}

        def stock_catalog(page: int) -> float:
            start = time.perf_counter()
            found = get_action("package_search")({"ignore_auth": True}, {
                "q": "*:*", "rows": 100, "start": (page - 1) * 100,
                "sort": "metadata_modified desc"})["results"]
            out = RDFSerializer(profiles=["euro_dcat_ap_3"]).serialize_catalog(
                {}, dataset_dicts=found, _format="turtle")
            assert len(found) == 100 and out
            return (time.perf_counter() - start) * 1000

        def stock_dataset(dataset_id: str) -> float:
            start = time.perf_counter()
            shown = get_action("package_show")({"ignore_auth": True}, {"id": dataset_id})
            out = RDFSerializer(profiles=["euro_dcat_ap_3"]).serialize_dataset(
                shown, _format="xml")
            assert out
            return (time.perf_counter() - start) * 1000

        def catalog_url(page: int) -> str:
            return f"/catalog.ttl?page={page}"

        def dataset_url(dataset_id: str) -> str:
            return f"/dataset/{dataset_id}.rdf"

        load = os.getloadavg()
        results = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                       f"Python {platform.python_version()}",
            "ckan": __import__("ckan").__version__, "size": count, "real": args.real,
            "create_rate": create_rate, "runs": args.runs,
            "load_before": load[0],
            "catalog": timed(variants(catalog_url, "ttl", page_ids, stock_catalog),
                             lambda: rng.randrange(1, pages + 1), args.runs),
            "dataset": timed(variants(dataset_url, "rdf", lambda i: [i], stock_dataset),
                             lambda: rng.choice(real)["id"], args.runs),
            "load_after": os.getloadavg()[0],
        }
    print(markdown(results))


def _stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 95)


def markdown(results: dict[str, Any]) -> str:
    lines = [f"Machine: {results['machine']}; CKAN {results['ckan']}. "
             f"{results['size']:,} datasets ({results['real']} created through package_create "
             f"at {results['create_rate']:.1f}/s, the rest clones of them), {results['runs']} "
             f"runs; load average {results['load_before']:.1f} before the timing, "
             f"{results['load_after']:.1f} after.", "",
             "| request | variant | median ms | p95 ms |", "|---|---|---|---|"]
    names = {"catalog": "`/catalog.ttl`, 100 datasets", "dataset": "`/dataset/<id>.rdf`"}
    verdicts = []
    for kind in ("catalog", "dataset"):
        stats = {name: _stats(results[kind][name]) for name in (*VARIANTS, JOB)}
        for name in (*VARIANTS, JOB):
            lines.append(f"| {names[kind]} | {name} | {stats[name][0]:.1f} | "
                         f"{stats[name][1]:.1f} |")
        stock = stats["euro_dcat_ap_3"]
        for name in VARIANTS[:3]:
            ratio, ratio_p95 = stats[name][0] / stock[0], stats[name][1] / stock[1]
            verdicts.append(f"- {names[kind]}, {name}: gdc / stock = {ratio:.2f} (median), "
                            f"{ratio_p95:.2f} (p95). Target ≤ {TARGET_RATIO}: "
                            f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}.")
            if kind == "catalog":
                p95 = stats[name][1]
                verdicts.append(f"- Catalog page p95, {name}: {p95:.0f} ms. Target "
                                f"< {TARGET_CATALOG_P95_MS:.0f} ms: "
                                f"{'met' if p95 < TARGET_CATALOG_P95_MS else 'NOT met'}.")
    return "\n".join(lines + [""] + verdicts)


if __name__ == "__main__":
    main()

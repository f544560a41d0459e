"""Harvest benchmark (not a test).

Serves a generated paged DCAT source (N datasets written by the gdc
profile, hydra paging, Turtle) over HTTP on 127.0.0.1 from a process of
its own, then harvests it with the gdc_dcat_rdf harvester through
ckanext-harvest's Redis queues, as the gather and fetch consumers would (in
this process): a first harvest (every dataset created), an unchanged
re-harvest, and a re-harvest after 1% of the records changed. Reports
datasets per second, the time of each re-harvest as a share of the first,
and the peak resident memory of the harvesting process; progress lines on
standard error say how far memory had grown along the way.

    python bench/harvest.py --datasets 10000 --page-size 100
    python bench/harvest.py --datasets 30000 --first-only   # memory at a larger N

Uses the config in test.ini with the database given by --db (dropped and
recreated) and the Redis database of --redis. --without-quality leaves out
gdcatalog_quality. Prints a Markdown table to paste into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ckan_site import ROOT, site  # noqa: E402  (bench/ckan_site.py)
from tests.harvest.source import Catalog, SourceServer  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def progress(what: str) -> None:
    """A line on standard error, with the peak RSS so far: a long run
    interrupted still says how far memory had grown."""
    print(f"{time.strftime('%H:%M:%S')} {what}; peak RSS {rss_mb():.0f} MB",
          file=sys.stderr, flush=True)


class Pregenerated(Catalog):
    """Pages written once, before timing: serving costs no profile work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache: dict[tuple[int, str], bytes] = {}

    def page(self, number: int, base_url: str) -> bytes:
        key = (number, base_url)
        if key not in self.cache:
            self.cache[key] = super().page(number, base_url)
        return self.cache[key]


def _serve(count: int, page_size: int, commands: Any, answers: Any) -> None:
    """The source's process: serves the pages and regenerates them on
    command ("generate", "change" 1% of the records, "stop")."""
    server = SourceServer(Pregenerated(count=count, page_size=page_size))
    base = server.url.rsplit("/", 1)[0]
    answers.put((server.url, server.catalog.page_count()))
    while True:
        command = commands.get()
        if command == "stop":
            server.stop()
            return
        start = time.perf_counter()
        if command == "change":
            server.catalog.cache.clear()
            for number in range(1, count + 1, 100):
                server.catalog.records[number]["notes"] = "คำอธิบายที่แก้ไขแล้ว"
        for number in range(1, server.catalog.page_count() + 1):
            server.catalog.page(number, base)
        answers.put(time.perf_counter() - start)


class SourceProcess:
    """The generated source in a process of its own (forked once CKAN is
    loaded, for the profile that writes the pages): its pages take no room
    in the harvester's memory, whose peak RSS is what is measured."""

    def __init__(self, count: int, page_size: int) -> None:
        context = multiprocessing.get_context("fork")
        self.commands, self.answers = context.Queue(), context.Queue()
        self.process = context.Process(target=_serve, daemon=True,
                                       args=(count, page_size, self.commands, self.answers))
        self.process.start()
        self.url, self.page_count = self.answers.get(timeout=300)

    def call(self, command: str) -> float:
        self.commands.put(command)
        return self.answers.get()

    def stop(self) -> None:
        self.commands.put("stop")
        self.process.join(30)


def run_job(source_id: str, user: str) -> dict[str, Any]:
    from ckan.logic import get_action
    from ckanext.harvest import queue
    context = {"user": user}
    queue.purge_queues()
    job = get_action("harvest_job_create")(dict(context), {"source_id": source_id, "run": True})
    started = time.perf_counter()
    gather = queue.get_gather_consumer()
    queue.gather_callback(gather, *gather.basic_get(queue=queue.get_gather_queue_name()))
    progress(f"gathered in {time.perf_counter() - started:.0f} s")
    fetch = queue.get_fetch_consumer()
    done = 0
    while True:
        method, header, body = fetch.basic_get(queue=queue.get_fetch_queue_name())
        if body is None:
            break
        queue.fetch_callback(fetch, method, header, body)
        done += 1
        if done % 1000 == 0:
            progress(f"{done} records fetched and imported in "
                     f"{time.perf_counter() - started:.0f} s")
    get_action("harvest_jobs_run")(dict(context), {"source_id": source_id})
    report = get_action("gdcatalog_harvest_report")(dict(context), {"id": source_id})
    return next(j for j in report["jobs"] if j["id"] == job["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/gdcatalog_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--ini", default=os.path.join(ROOT, "test.ini"))
    parser.add_argument("--without-quality", action="store_true")
    parser.add_argument("--first-only", action="store_true",
                        help="only the first harvest (a memory run at a large N)")
    args = parser.parse_args()

    without = ("gdcatalog_quality",) if args.without_quality else ()
    with site(args.ini, args.db, args.redis, without=without, settings={
            "ckan.harvest.mq.type": "redis",
            "ckan.gdcatalog.registry.allowed_hosts": "127.0.0.1"}):
        from ckan import model
        from ckan.logic import get_action
        admin = model.User(name="bench-admin", email="a@example.go.th", password="x" * 12,
                           sysadmin=True)
        model.Session.add(admin)
        model.Session.commit()
        org = get_action("organization_create")({"user": admin.name, "ignore_auth": True}, {
            "name": "bench-org", "title": "หน่วยงานทดสอบ"})
        server = SourceProcess(args.datasets, args.page_size)
        generate_s = server.call("generate")
        progress(f"source of {args.datasets} datasets generated in {generate_s:.0f} s")
        source = get_action("harvest_source_create")({"user": admin.name}, {
            "name": "bench-source", "title": "แหล่งทดสอบ", "url": server.url,
            "source_type": "gdc_dcat_rdf", "owner_org": org["id"], "frequency": "MANUAL"})

        rows = []
        runs = ["first harvest"] if args.first_only else \
            ["first harvest", "unchanged re-harvest", "1% changed"]
        for label in runs:
            if label == "1% changed":
                server.call("change")
            start = time.perf_counter()
            job = run_job(source["id"], admin.name)
            seconds = time.perf_counter() - start
            rows.append((label, seconds, job["counts"], rss_mb()))
        server.stop()

    import ckan
    first = rows[0][1]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; CKAN {ckan.__version__}; plugins: "
          f"{'without' if args.without_quality else 'with'} gdcatalog_quality")
    print(f"Source: {args.datasets} datasets, {args.page_size} per page "
          f"({server.page_count} pages, served by a process of their own), "
          f"generated in {generate_s:.1f} s\n")
    print("| N | run | seconds | datasets/s | share of the first | counts | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for label, seconds, counts, rss in rows:
        shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        print(f"| {args.datasets:,} | {label} | {seconds:.1f} | {args.datasets / seconds:.1f} | "
              f"{seconds / first:.1%} | {shown} | {rss:.0f} MB |")


if __name__ == "__main__":
    main()

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
    python bench/harvest.py --datasets 100000 --first-only --templated --consumers 2

--templated writes each record by filling in a template made once by the
gdc profile (checked to give the same graph), as N-Triples (a subset of
Turtle): generating 100,000 records takes seconds instead of an hour.
--consumers K imports with K fetch consumer processes, as a deployment
runs several; the peak RSS reported is then the largest of any process.

Uses the config in test.ini with the database given by --db (dropped and
recreated) and the Redis database of --redis. --without-quality leaves out
gdcatalog_quality. Prints a Markdown table to paste into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import re
import resource
import sys
import time
from typing import Any, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ckan_site import ROOT, default_db, site  # noqa: E402  (bench/ckan_site.py)
from tests.harvest.source import BASE, HYDRA, Catalog, SourceServer, record  # noqa: E402


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


class Templated(Pregenerated):
    """Records written by filling in one record's N-Triples, made by the gdc
    profile with a marker number; records changed since (``changed``) are
    written by the profile itself."""

    MARK = 987654321

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed: set[int] = set()
        self.template = self._profile_lines(self.MARK, record(self.MARK))
        self._check(next(iter(self.records)))

    @staticmethod
    def _profile_lines(number: int, dataset: dict[str, Any]) -> str:
        from ckanext.dcat.processors import RDFSerializer
        serializer = RDFSerializer(profiles=["gdc"])
        serializer.graph_from_dataset(dict(dataset))
        text = serializer.g.serialize(format="nt")
        # blank node labels made unique in the page
        return re.sub(r"_:(\w+)", lambda m: f"_:{m.group(1)}r{number}", text)

    def _filled(self, number: int) -> str:
        text = self.template.replace(f"{self.MARK:012d}", f"{number:012d}")
        return re.sub(r"_:(\w+)r%d" % self.MARK, lambda m: f"_:{m.group(1)}r{number}",
                      text).replace(str(self.MARK), str(number))

    def page(self, number: int, base_url: str) -> bytes:
        # Records are numbered 1..N: a page's are found without sorting them all.
        key = (number, base_url)
        if key not in self.cache:
            first = (number - 1) * self.page_size + 1
            last = min(number * self.page_size, len(self.records))
            chunk = [(n, self.records[n]) for n in range(first, last + 1)]
            self.cache[key] = self._write(number, base_url, chunk)
        return self.cache[key]

    def _check(self, number: int) -> None:
        from rdflib import Graph
        from rdflib.compare import isomorphic
        filled, made = Graph(), Graph()
        filled.parse(data=self._filled(number), format="nt")
        made.parse(data=self._profile_lines(number, self.records[number]), format="nt")
        if not isomorphic(filled, made):
            raise SystemExit("the record template does not give the profile's graph")

    def _write(self, number: int, base_url: str, chunk: list[tuple[int, dict[str, Any]]]
               ) -> bytes:
        catalog = f"<{BASE}/catalog>"
        page = f"<{base_url}/catalog.ttl?page={number}>"
        integer = "<http://www.w3.org/2001/XMLSchema#integer>"
        lines = [
            f"{catalog} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<http://www.w3.org/ns/dcat#Catalog> .",
            f'{catalog} <http://purl.org/dc/terms/title> "บัญชีข้อมูลของหน่วยงานตัวอย่าง"@th .',
            f"{page} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{HYDRA}PagedCollection> .",
            f'{page} <{HYDRA}totalItems> "{len(self.records)}"^^{integer} .',
            f'{page} <{HYDRA}itemsPerPage> "{self.page_size}"^^{integer} .',
        ]
        if number < self.page_count():
            lines.append(f"{page} <{HYDRA}next> <{base_url}/catalog.ttl?page={number + 1}> .")
        parts = ["\n".join(lines), "\n"]
        for n, dataset in chunk:
            lines_of_record = self._profile_lines(n, dataset) if n in self.changed \
                else self._filled(n)
            parts.append(f"{catalog} <http://www.w3.org/ns/dcat#dataset> <{dataset['uri']}> .\n")
            parts.append(lines_of_record)
        return "".join(parts).encode("utf-8")


def _serve(count: int, page_size: int, commands: Any, answers: Any,
           templated: bool = False) -> None:
    """The source's process: serves the pages and regenerates them on
    command ("generate", "change" 1% of the records, "stop")."""
    kind = Templated if templated else Pregenerated
    server = SourceServer(kind(count=count, page_size=page_size))
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
                if templated:
                    server.catalog.changed.add(number)
        for number in range(1, server.catalog.page_count() + 1):
            server.catalog.page(number, base)
        answers.put(time.perf_counter() - start)


class SourceProcess:
    """The generated source in a process of its own (forked once CKAN is
    loaded, for the profile that writes the pages): its pages take no room
    in the harvester's memory, whose peak RSS is what is measured."""

    def __init__(self, count: int, page_size: int, templated: bool = False) -> None:
        context = multiprocessing.get_context("fork")
        self.commands, self.answers = context.Queue(), context.Queue()
        self.process = context.Process(
            target=_serve, daemon=True,
            args=(count, page_size, self.commands, self.answers, templated))
        self.process.start()
        self.url, self.page_count = self.answers.get(timeout=300)

    def call(self, command: str) -> float:
        self.commands.put(command)
        return self.answers.get()

    def stop(self) -> None:
        self.commands.put("stop")
        self.process.join(30)


def _consume(started: float, answers: Optional[Any] = None) -> int:
    """Fetch and import until the queue is empty; the records done. In a
    consumer process of its own, the count and its peak RSS go to
    ``answers``."""
    from ckanext.harvest import queue
    fetch = queue.get_fetch_consumer()
    done = 0
    try:
        while True:
            method, header, body = fetch.basic_get(queue=queue.get_fetch_queue_name())
            if body is None:
                break
            queue.fetch_callback(fetch, method, header, body)
            done += 1
            if done % 1000 == 0:
                progress(f"{done} records fetched and imported by process {os.getpid()} "
                         f"in {time.perf_counter() - started:.0f} s")
    finally:
        if answers is not None:  # even after a failure: the parent waits for it
            answers.put((done, rss_mb()))
    return done


def run_job(source_id: str, user: str, consumers: int = 1
            ) -> tuple[dict[str, Any], Optional[float]]:
    """The job's report, and the largest peak RSS of the consumer processes
    (None when this process imported)."""
    from ckan.logic import get_action
    from ckanext.harvest import queue
    context = {"user": user}
    queue.purge_queues()
    job = get_action("harvest_job_create")(dict(context), {"source_id": source_id, "run": True})
    started = time.perf_counter()
    gather = queue.get_gather_consumer()
    queue.gather_callback(gather, *gather.basic_get(queue=queue.get_gather_queue_name()))
    progress(f"gathered in {time.perf_counter() - started:.0f} s")
    consumer_rss = None
    if consumers == 1:
        _consume(started)
    else:
        # Forked consumer processes (each opens its own database and Redis
        # connections: search/store.py forgets the inherited ones at fork).
        # Made before the fork: two consumers would both create CKAN's site
        # user on their first record.
        get_action("get_site_user")({"ignore_auth": True}, {})
        context_mp = multiprocessing.get_context("fork")
        answers = context_mp.Queue()
        processes = [context_mp.Process(target=_consume, args=(started, answers))
                     for _ in range(consumers)]
        for process in processes:
            process.start()
        results = [answers.get() for _ in processes]
        for process in processes:
            process.join()
        consumer_rss = max(rss for _, rss in results)
        progress(f"{sum(done for done, _ in results)} records imported by {consumers} "
                 f"processes; their peak RSS {consumer_rss:.0f} MB")
    get_action("harvest_jobs_run")(dict(context), {"source_id": source_id})
    report = get_action("gdcatalog_harvest_report")(dict(context), {"id": source_id})
    return next(j for j in report["jobs"] if j["id"] == job["id"]), consumer_rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--db", default=default_db("gdcatalog_bench"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--ini", default=os.path.join(ROOT, "test.ini"))
    parser.add_argument("--without-quality", action="store_true")
    parser.add_argument("--first-only", action="store_true",
                        help="only the first harvest (a memory run at a large N)")
    parser.add_argument("--templated", action="store_true",
                        help="write the source's records from a template (fast, for large N)")
    parser.add_argument("--consumers", type=int, default=1,
                        help="fetch consumer processes for the import")
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
        server = SourceProcess(args.datasets, args.page_size, args.templated)
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
            job, consumer_rss = run_job(source["id"], admin.name, args.consumers)
            seconds = time.perf_counter() - start
            rows.append((label, seconds, job["counts"], max(rss_mb(), consumer_rss or 0)))
        server.stop()

    import ckan
    first = rows[0][1]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; CKAN {ckan.__version__}; plugins: "
          f"{'without' if args.without_quality else 'with'} gdcatalog_quality; "
          f"{args.consumers} fetch consumer process(es)")
    print(f"Source: {args.datasets} datasets, {args.page_size} per page "
          f"({server.page_count} pages, served by a process of their own"
          f"{', written from a template' if args.templated else ''}), "
          f"generated in {generate_s:.1f} s\n")
    print("| N | run | seconds | datasets/s | share of the first | counts | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for label, seconds, counts, rss in rows:
        shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        print(f"| {args.datasets:,} | {label} | {seconds:.1f} | {args.datasets / seconds:.1f} | "
              f"{seconds / first:.1%} | {shown} | {rss:.0f} MB |")


if __name__ == "__main__":
    main()

"""Quality assessment benchmark (not a test).

1. Content: generates a CSV of the given size (Thai text, Buddhist-Era
   dates, Thai digits, numbers, some national ID numbers, 5 % duplicate
   rows), then assesses it with each reader of the engine (columnar and
   row by row) in a fresh child process held to one core, so that the peak
   RSS is the assessment's alone. Reports MB/s and peak RSS per run, and
   their median and p95 over ``--runs``.
2. Metadata: the metadata score of N synthetic datasets (no database), per
   dataset median and p95.

    python bench/quality.py --size-mb 1024 --runs 3 --datasets 10000

Prints a Markdown table to paste into docs/benchmarks.md.
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
import tempfile
import time

THAI = ["เชียงใหม่", "ขอนแก่น", "ภูเก็ต", "นครราชสีมา", "สงขลา", "ชลบุรี", "อุดรธานี"]
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน"]
DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _national_id(rng: random.Random) -> str:
    digits = [rng.randrange(1, 9)] + [rng.randrange(10) for _ in range(11)]
    check = (11 - sum(d * (13 - i) for i, d in enumerate(digits)) % 11) % 10
    return "".join(map(str, digits + [check]))


def generate(path: str, size: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    rows = 0
    previous = ""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("id,province,district,date,thai_date,amount,count_th,rate,pid,note\n")
        written = 0
        while written < size:
            if previous and rng.random() < 0.05:
                line = previous  # a duplicate row
            else:
                n = rows + 1
                amount = "" if rng.random() < 0.03 else f"{rng.uniform(0, 1e6):.2f}"
                line = (f"{n},{rng.choice(THAI)},อำเภอ{rng.choice(THAI)},"
                        f"{rng.randrange(1, 29)}/{rng.randrange(1, 13)}/{rng.randrange(2550, 2568)},"
                        f"{rng.randrange(1, 29)} {rng.choice(MONTHS)} {rng.randrange(2550, 2568)},"
                        f"{amount},{str(rng.randrange(1000)).translate(DIGITS)},"
                        f"{rng.random():.4f},"
                        f"{_national_id(rng) if rng.random() < 0.01 else '-'},"
                        f"{'หมายเหตุ ' * rng.randrange(0, 4)}\n")
            out.write(line)
            previous = line
            written += len(line.encode("utf-8"))
            rows += 1
    return rows


def _child(path: str, reader: str) -> None:
    import resource
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    from ckanext.gdcatalog.quality.engine import assess_file
    started, cpu_started = time.perf_counter(), time.process_time()
    result = assess_file(path, "CSV", columnar=reader == "columnar")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_kb / 1024,
                      "rows": result["rows"],
                      "error": result["error"], "uniqueness": result["uniqueness"],
                      "completeness": result["completeness"],
                      "warnings": [w["code"] for w in result["warnings"]]}))


def _p95(values: list[float], slow_is_low: bool = False) -> float:
    ordered = sorted(values, reverse=slow_is_low)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


READERS = ("columnar", "row-by-row")


def content(size_mb: int, runs: int) -> dict:
    """Each reader assesses the same file ``runs`` times, alternately."""
    results: dict[str, list[dict]] = {reader: [] for reader in READERS}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.csv")
        rows = generate(path, size_mb * 1024 * 1024)
        size = os.path.getsize(path)
        for _ in range(runs):
            for reader in READERS:
                out = subprocess.run([sys.executable, __file__, "--child", path, reader],
                                     check=True, capture_output=True, text=True,
                                     env={**os.environ, "POLARS_MAX_THREADS": "1"}).stdout
                results[reader].append(json.loads(out.strip().splitlines()[-1]))
    summary = {}
    for reader, runs_of in results.items():
        speeds = [size / 1e6 / r["seconds"] for r in runs_of]
        cpu_speeds = [size / 1e6 / r["cpu_seconds"] for r in runs_of]
        rss = [r["peak_mb"] for r in runs_of]
        summary[reader] = {
            "runs": runs_of, "mb_s_median": statistics.median(speeds),
            "mb_s_p95": _p95(speeds, True), "cpu_mb_s_median": statistics.median(cpu_speeds),
            "cpu_mb_s_p95": _p95(cpu_speeds, True), "rss_median": statistics.median(rss),
            "rss_p95": _p95(rss)}
    return {"size_mb": size / 1e6, "rows": rows, "readers": summary}


def metadata(n: int) -> dict:
    from ckanext.gdcatalog.quality import metadata_score
    rng = random.Random(3)
    times = []
    for i in range(n):
        dataset = {
            "id": f"d{i}", "data_type": rng.choice(["record", "statistical", "geospatial"]),
            "title": "t", "name": f"d{i}", "owner_org": "o", "notes": "n",
            "tags": [{"name": "x"}] if rng.random() < 0.9 else [],
            "maintainer": "m", "maintainer_email": "m@x.go.th", "objective": ["x"],
            "update_frequency_unit": "year", "geo_coverage": "country", "data_source": "s",
            "data_format": ["csv"], "data_category": "public",
            "license_id": rng.choice(["cc-by", "other", "notspecified"]),
            "accessible_condition": "x" if rng.random() < 0.5 else "",
            "resources": [{"id": f"r{i}-{j}", "name": "r", "url": f"http://x/{j}.csv",
                           "format": rng.choice(["CSV", "PDF", "XLSX"])}
                          for j in range(rng.randrange(0, 4))]}
        started = time.perf_counter()
        metadata_score.score(dataset, {})
        times.append((time.perf_counter() - started) * 1e6)
    return {"n": n, "us_median": statistics.median(times), "us_p95": _p95(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--child", nargs=2, metavar=("PATH", "READER"))
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    c = content(args.size_mb, args.runs)
    m = metadata(args.datasets)
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    # p95 of a speed is its slow end: the 5th percentile of MB/s.
    print("| reader | file | rows | runs | MB/s wall median | MB/s wall p95 | MB/s CPU median | "
          "MB/s CPU p95 | peak RSS median | peak RSS p95 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for reader, r in c["readers"].items():
        print(f"| {reader} | CSV {c['size_mb']:.0f} MB | {c['rows']:,} | {len(r['runs'])} | "
              f"{r['mb_s_median']:.1f} | {r['mb_s_p95']:.1f} | {r['cpu_mb_s_median']:.1f} | "
              f"{r['cpu_mb_s_p95']:.1f} | {r['rss_median']:.0f} MB | {r['rss_p95']:.0f} MB |")
    for reader, r in c["readers"].items():
        print(f"\nLast run, {reader}: {json.dumps(r['runs'][-1], ensure_ascii=False)}")
    print()
    print("| metadata score | N | median per dataset | p95 |")
    print("|---|---|---|---|")
    print(f"| pure function | {m['n']:,} | {m['us_median']:.0f} µs | {m['us_p95']:.0f} µs |")


if __name__ == "__main__":
    main()

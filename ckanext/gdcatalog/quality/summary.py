"""Quality aggregated over datasets: per dataset (what to fix first), and
per organization or province (the dashboards).

The datasets are those the caller may read: they come from
``package_search`` in the caller's context, whose permission labels keep a
private dataset out unless the caller is a member of its organization (or
a sysadmin). Results of resources come from the quality tables, limited to
those datasets.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Iterable, Mapping, Optional

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.quality import metadata_score, metrics, store
from ckanext.gdcatalog.schema import self_assessment

_PAGE = 1000
FIELDS = ("id", "name", "title", "owner_org", "private", "metadata_quality_score",
          "metadata_quality_rating", "org_province", *self_assessment.DIMENSIONS)
RATINGS = tuple(metadata_score.RATINGS)
TOP_FIXES = 3
_LABELS = {i.key: (i.label, i.advice) for i in metadata_score.INDICATORS}


def readable_datasets(context: Mapping[str, Any], fq: str = "") -> list[dict[str, Any]]:
    """Every dataset matching ``fq`` that the caller may read (index fields)."""
    found: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("package_search")(dict(context), {
            "fq": fq, "include_private": True, "rows": _PAGE, "start": len(found),
            "sort": "metadata_quality_score asc, name asc", "fl": ",".join(FIELDS)})
        found += page["results"]
        if not page["results"] or len(found) >= page["count"]:
            return found


def _mean(values: Iterable[Optional[float]]) -> Optional[float]:
    given = [float(v) for v in values if v is not None]
    return round(sum(given) / len(given), 2) if given else None


def _score(d: Mapping[str, Any]) -> Optional[int]:
    value = d.get("metadata_quality_score")
    return int(value) if value and str(value).isdigit() else None


def fixes(indicators: Iterable[Mapping[str, Any]],
          translate: Callable[[str], str] = tk._) -> list[dict[str, Any]]:
    """The indicators short of points, most points lost first, with advice."""
    lost = [(float(i.get("max_points") or 0) - float(i.get("points") or 0), i["key"])
            for i in indicators if i.get("applicable") and not i.get("passed")]
    out = []
    for points, key in sorted(lost, key=lambda item: (-item[0], item[1])):
        label, advice = _LABELS.get(key, (key, ""))
        out.append({"key": key, "points_lost": round(points, 2), "label": translate(label),
                    "advice": translate(advice)})
    return out


def dataset_rows(datasets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per dataset: its scores, the means of its resources' content
    metrics, errors and warnings, and what to fix first."""
    ids = [d["id"] for d in datasets]
    latest = store.latest_for_packages(ids)
    indicators = store.latest_indicators(ids)
    rows = []
    for d in datasets:
        assessed = latest.get(d["id"], [])
        mean = self_assessment.overall(d)
        row = {"id": d["id"], "name": d["name"], "title": d.get("title"),
               "owner_org": d.get("owner_org"), "province": d.get("org_province"),
               "private": d.get("private"), "metadata_score": _score(d),
               "metadata_rating": d.get("metadata_quality_rating"),
               "self_assessment": float(mean) if mean is not None else None,
               "self_assessment_dimensions": {
                   k: float(v) for k, v in self_assessment.scores(d).items()},
               "resources_assessed": len(assessed),
               "errors": sum(1 for r in assessed if r.get("error")),
               "national_id_warnings": sum(
                   1 for r in assessed
                   if any(w.get("code") == "national_id" for w in r.get("warnings") or [])),
               "fixes": fixes(indicators.get(d["id"], []))[:TOP_FIXES]}
        for metric in (*metrics.CONTENT_KEYS, "openness", "availability"):
            row[metric] = _mean(r.get(metric) for r in assessed)
        rows.append(row)
    return rows


def group_rows(rows: list[dict[str, Any]], key: str,
               label: Callable[[str], str]) -> list[dict[str, Any]]:
    """Rows aggregated by ``key`` (owner_org or province), worst mean
    metadata score first; each group with the fixes most of its datasets
    need and its weakest content metric."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row.get(key) or "", []).append(row)
    out = [_group(code, members, label) for code, members in groups.items()]
    return sorted(out, key=lambda g: (g["metadata_score"] is None, g["metadata_score"] or 0,
                                      g["label"]))


def _group(code: str, members: list[dict[str, Any]],
           label: Callable[[str], str]) -> dict[str, Any]:
    """The figures of a group of rows (none gives every figure, empty)."""
    ratings = Counter(r["metadata_rating"] for r in members if r["metadata_rating"])
    needed: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    advice: dict[str, dict[str, Any]] = {}
    for r in members:
        for fix in r["fixes"]:
            needed[fix["key"]] += 1
            lost[fix["key"]] += fix["points_lost"]
            advice[fix["key"]] = fix
    common = sorted(needed, key=lambda k: (-lost[k], k))[:TOP_FIXES]
    content = {m: _mean(r[m] for r in members) for m in metrics.CONTENT_KEYS}
    weakest = min((m for m in content if content[m] is not None and content[m] < 100),
                  key=lambda m: content[m], default=None)  # type: ignore[arg-type, return-value]
    return {
        "key": code, "label": label(code) if code else tk._("Not given"),
        "datasets": len(members), "private_datasets": sum(1 for r in members if r["private"]),
        "metadata_score": _mean(r["metadata_score"] for r in members),
        "ratings": {name: ratings.get(name, 0) for name in RATINGS},
        "self_assessment": _mean(r["self_assessment"] for r in members),
        "self_assessed_datasets": sum(1 for r in members if r["self_assessment"] is not None),
        "self_assessment_dimensions": {
            dim: _mean(r["self_assessment_dimensions"].get(dim) for r in members)
            for dim in self_assessment.DIMENSIONS},
        "resources_assessed": sum(r["resources_assessed"] for r in members),
        "errors": sum(r["errors"] for r in members),
        "national_id_warnings": sum(r["national_id_warnings"] for r in members),
        **content,
        "fixes": [{**advice[k], "datasets": needed[k]} for k in common],
        "weakest_metric": ({"key": weakest, "label": tk._(metrics.BY_KEY[weakest].label),
                            "advice": tk._(metrics.BY_KEY[weakest].advice)}
                           if weakest else None)}


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The same figures over every row, for a dashboard's headline: every
    figure is there, empty, when the reader may read no dataset."""
    return _group("all", rows, lambda _: "")

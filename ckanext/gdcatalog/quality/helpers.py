"""Template helpers of the quality panels and dashboards."""
from __future__ import annotations

from typing import Any, Mapping, Optional

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.quality import metrics

MSG_YES = "Yes"
MSG_NO = "No"
# Timeliness categories, with ckanext-dquality's meaning.
TIMELINESS = {-1: "No update cycle to compare with", 0: "On time", 1: "Slightly late",
              2: "Late", 3: "Very late", 4: "Outdated"}


def gdcatalog_quality_for(pkg: Mapping[str, Any]) -> dict[str, Any] | None:
    """The quality of a dataset as the current user may see it, or None."""
    if not pkg or not pkg.get("id"):
        return None
    try:
        return tk.get_action("gdcatalog_quality_dataset_show")({}, {"id": pkg["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def gdcatalog_quality_resource_for(res: Mapping[str, Any]) -> dict[str, Any] | None:
    """A resource's latest assessment and short history, as the current user
    may see them (``gdcatalog_quality_resource_show``), or None."""
    if not res or not res.get("id"):
        return None
    try:
        return tk.get_action("gdcatalog_quality_resource_show")(
            {}, {"id": res["id"], "limit": 5})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def _needs_work(metric: metrics.Metric, value: float) -> bool:
    if metric.kind == metrics.PERCENT:
        return value < 100 if metric.higher_is_better else value > 0
    if metric.kind == metrics.FLAG:
        return not value
    if metric.kind == metrics.STARS:
        return value < 3
    return value > 0  # timeliness: 0 is on time, -1 has no cycle to miss


def format_value(metric: metrics.Metric, value: Any) -> str:
    if value is None:
        return "–"
    if metric.kind == metrics.PERCENT:
        return f"{float(value):.1f}%"
    if metric.kind == metrics.FLAG:
        return tk._(MSG_YES) if value else tk._(MSG_NO)
    if metric.kind == metrics.STARS:
        return "★" * int(value) + f" ({int(value)}/5)"
    category = int(value)
    return f"{category}: {tk._(TIMELINESS.get(category, ''))}"


def gdcatalog_quality_explained(row: Optional[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each metric of an assessment with its value, what it means and, where
    the value falls short, what to do; the metrics that need work first."""
    if not row:
        return []
    out = []
    for metric in metrics.METRICS:
        value = row.get(metric.key)
        if value is None:
            continue
        short = _needs_work(metric, float(value))
        out.append({"key": metric.key, "label": tk._(metric.label),
                    "value": format_value(metric, value),
                    "explanation": tk._(metric.explanation),
                    "advice": tk._(metric.advice) if short else "", "short": short})
    return sorted(out, key=lambda m: not m["short"])


HELPERS = {"gdcatalog_quality_for": gdcatalog_quality_for,
           "gdcatalog_quality_resource_for": gdcatalog_quality_resource_for,
           "gdcatalog_quality_explained": gdcatalog_quality_explained}

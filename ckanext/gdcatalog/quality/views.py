"""The quality dashboards: an organization's (``/organization/<id>/quality``)
and, on the central site, the one across agencies and provinces
(``/quality``). They call the same actions as the API, with the reader's
rights, and hand the charts their data as JSON."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.gdcatalog.quality import metadata_score
from ckanext.gdcatalog.schema import self_assessment

MSG_CENTRAL_ONLY = "The quality dashboard across agencies is on the central catalog."
MSG_NO_ORGANIZATION = "Organization not found"

quality = Blueprint("gdcatalog_quality", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


# The ratings' colours, as the badges of css/gdcatalog-quality.css.
RATING_COLOURS = {"excellent": "#2e7d32", "good": "#7cb342", "sufficient": "#f9a825",
                  "bad": "#c62828"}


def ratings_chart(counts: dict[str, int]) -> dict[str, Any]:
    """A doughnut of datasets per metadata rating."""
    return {"type": "doughnut", "data": {
        "labels": [tk._(metadata_score.RATINGS[r]) for r in counts],
        "datasets": [{"data": list(counts.values()),
                      "backgroundColor": [RATING_COLOURS[r] for r in counts]}]}}


def score_chart(rows: list[dict[str, Any]], label_key: str, title: str,
                limit: int = 30) -> dict[str, Any]:
    """Horizontal bars of the mean metadata score, worst first."""
    shown = [r for r in rows if r.get("metadata_score") is not None][:limit]
    return {"type": "bar", "data": {
        "labels": [str(r.get(label_key) or r.get("name") or "") for r in shown],
        "datasets": [{"label": title, "data": [r["metadata_score"] for r in shown],
                      "backgroundColor": "#1565c0"}]},
        "options": {"indexAxis": "y", "scales": {"x": {"min": 0, "max": 100}}}}


def self_assessment_chart(dimensions: dict[str, Any], title: str) -> dict[str, Any]:
    """The guideline's radar of the mean self-assessment per dimension."""
    schema = tk.h.scheming_get_dataset_schema("dataset") or {}
    labels = {f["field_name"]: tk.h.scheming_language_text(f["label"])
              for f in schema.get("dataset_fields", [])}
    return {"type": "radar", "data": {
        "labels": [labels.get(d, d) for d in self_assessment.DIMENSIONS],
        "datasets": [{"label": title, "data": [dimensions.get(d) for d in
                                               self_assessment.DIMENSIONS]}]},
        "options": {"scales": {"r": {"min": 0, "max": 4}}}}


@quality.route("/organization/<id>/quality")
def organization(id: str) -> Any:
    context = _context()
    try:
        org = tk.get_action("organization_show")(
            dict(context), {"id": id, "include_datasets": False, "include_users": False})
        result = tk.get_action("gdcatalog_quality_organization_show")(
            dict(context), {"id": org["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(MSG_NO_ORGANIZATION))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    totals = result["summary"]
    charts = {"ratings": ratings_chart(totals.get("ratings") or {}),
              "scores": score_chart(result["datasets"], "title", tk._("Metadata quality score")),
              "self_assessment": self_assessment_chart(
                  totals.get("self_assessment_dimensions") or {}, tk._("Self-assessment"))}
    return tk.render("gdcatalog/quality/organization.html", extra_vars={
        "group_dict": org, "group_type": org.get("type", "organization"),
        "quality": result, "totals": totals, "charts": charts})


@quality.route("/quality")
def dashboard() -> Any:
    from ckanext.gdcatalog.registry.directory import is_central
    if not is_central():
        return tk.abort(404, tk._(MSG_CENTRAL_ONLY))
    context = _context()
    by_org = tk.get_action("gdcatalog_quality_summary")(dict(context), {"by": "organization"})
    by_province = tk.get_action("gdcatalog_quality_summary")(dict(context), {"by": "province"})
    totals = by_org["summary"]
    charts = {"ratings": ratings_chart(totals.get("ratings") or {}),
              "organizations": score_chart(by_org["groups"], "label",
                                           tk._("Metadata quality score")),
              "provinces": score_chart(by_province["groups"], "label",
                                       tk._("Metadata quality score"), limit=77),
              "self_assessment": self_assessment_chart(
                  totals.get("self_assessment_dimensions") or {}, tk._("Self-assessment"))}
    return tk.render("gdcatalog/quality/dashboard.html", extra_vars={
        "by_org": by_org, "by_province": by_province, "totals": totals, "charts": charts})


def blueprints() -> list[Blueprint]:
    return [quality]

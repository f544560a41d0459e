"""The metadata quality score: the indicators of the data.europa.eu MQA
adapted to the GD Catalog schema, plus the completeness of the fields the
standard makes mandatory.

Each indicator has points, maximum points, pass/fail and advice. An
indicator that the dataset's type has no field for (time coverage of a
record dataset) is not applicable and counts neither way. The total is
also given as a percentage of the applicable maximum, and the rating band
is MQA's (excellent 351-405, good 221-350, sufficient 121-220, bad 0-120)
applied to that percentage scaled to 405 points.

Reachability of the resources is not probed here (the score is computed on
every save): it comes from the latest content assessments, passed in as
``reachable`` (resource id → True/False; absent: not checked yet).

Pure functions over the validated dataset dict; messages are msgids that
callers translate.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import yaml

from ckanext.gdcatalog.quality import formats
from ckanext.gdcatalog.reference import schema_file

MQA_MAX = 405
# MQA's lower bounds of each band, as shares of its 405 points.
BANDS = (("excellent", 351 / MQA_MAX), ("good", 221 / MQA_MAX), ("sufficient", 121 / MQA_MAX),
         ("bad", 0.0))
MANDATORY_POINTS = 50

MSG_FINDABILITY = "Findability"
MSG_ACCESSIBILITY = "Accessibility"
MSG_INTEROPERABILITY = "Interoperability"
MSG_REUSABILITY = "Reusability"
MSG_CONTEXTUALITY = "Contextuality"
MSG_MANDATORY = "GD Catalog mandatory fields"
MSG_RATING_EXCELLENT = "Excellent"
MSG_RATING_GOOD = "Good"
MSG_RATING_SUFFICIENT = "Sufficient"
MSG_RATING_BAD = "Bad"

MSG_KEYWORDS = "Keywords"
MSG_KEYWORDS_ADVICE = "Add keywords that users would search for."
MSG_CATEGORY = "Data category"
MSG_CATEGORY_ADVICE = "Choose the data category."
MSG_GEO = "Geographic coverage"
MSG_GEO_ADVICE = "Give the geographic coverage (or, for geospatial data, the bounding box)."
MSG_TEMPORAL = "Time coverage"
MSG_TEMPORAL_ADVICE = ("Give the period the data covers (first and last year, or the "
                       "reference period).")
MSG_ACCESS_URL = "Access URL answers"
MSG_ACCESS_URL_ADVICE = ("Give each resource a working link: no resource has been fetched "
                         "successfully yet.")
MSG_DOWNLOAD_URL = "Download URL"
MSG_DOWNLOAD_URL_ADVICE = "Upload the file, or link directly to the file rather than to a web page."
MSG_DOWNLOAD_URL_OK = "Download URL answers"
MSG_DOWNLOAD_URL_OK_ADVICE = ("Make sure the file's link works: no downloadable resource has "
                              "been fetched successfully yet.")
MSG_FORMAT = "Format"
MSG_FORMAT_ADVICE = "Give the format of every resource."
MSG_MEDIA_TYPE = "Media type"
MSG_MEDIA_TYPE_ADVICE = "Give the media type (MIME type) of the resources, or upload the files."
MSG_FORMAT_KNOWN = "Format from the list of known formats"
MSG_FORMAT_KNOWN_ADVICE = "Use a common format name, for example CSV, XLSX or JSON."
MSG_NON_PROPRIETARY = "Non-proprietary format"
MSG_NON_PROPRIETARY_ADVICE = "Publish at least one resource in an open format such as CSV or JSON."
MSG_MACHINE_READABLE = "Machine-readable format"
MSG_MACHINE_READABLE_ADVICE = ("Publish at least one resource that programs can read (CSV, "
                               "XLSX, JSON), not only PDF or images.")
MSG_DCAT_REQUIRED = "DCAT-AP required properties"
MSG_DCAT_REQUIRED_ADVICE = ("Give the title, description and organization, and a link for "
                            "every resource.")
MSG_LICENSE = "Licence"
MSG_LICENSE_ADVICE = "Choose a licence."
MSG_LICENSE_KNOWN = "Licence from the list"
MSG_LICENSE_KNOWN_ADVICE = "Choose a licence from the list rather than \"other\"."
MSG_ACCESS_CONDITION = "Access conditions"
MSG_ACCESS_CONDITION_ADVICE = "Describe the conditions of access to the data."
MSG_ACCESS_RIGHTS = "Access rights from the vocabulary"
MSG_ACCESS_RIGHTS_ADVICE = "Choose the data category, from which the access rights follow."
MSG_CONTACT = "Contact point"
MSG_CONTACT_ADVICE = "Give a contact name and e-mail address."
MSG_PUBLISHER = "Publisher"
MSG_PUBLISHER_ADVICE = "Set the organization that publishes the dataset."
MSG_RIGHTS = "Rights"
MSG_RIGHTS_ADVICE = "State the rights or conditions of use (access conditions)."
MSG_BYTE_SIZE = "File size"
MSG_BYTE_SIZE_ADVICE = "Upload the files so that their size is known."
MSG_ISSUED = "Date of issue"
MSG_ISSUED_ADVICE = "Give the date the data was created or released."
MSG_MODIFIED = "Modification date"
MSG_MODIFIED_ADVICE = "Give the date the data was last updated."
MSG_MANDATORY_FIELDS = "Mandatory fields filled"
MSG_MANDATORY_FIELDS_ADVICE = "Fill in every mandatory field of the standard."

DIMENSIONS = {"findability": MSG_FINDABILITY, "accessibility": MSG_ACCESSIBILITY,
              "interoperability": MSG_INTEROPERABILITY, "reusability": MSG_REUSABILITY,
              "contextuality": MSG_CONTEXTUALITY, "mandatory": MSG_MANDATORY}
RATINGS = {"excellent": MSG_RATING_EXCELLENT, "good": MSG_RATING_GOOD,
           "sufficient": MSG_RATING_SUFFICIENT, "bad": MSG_RATING_BAD}

_TEMPORAL_FIELDS = ("first_year_of_data", "last_year_of_data", "reference_period")
_BBOX = ("west_bound_longitude", "east_bound_longitude", "north_bound_longitude",
         "south_bound_longitude")


@dataclass(frozen=True)
class Indicator:
    key: str
    dimension: str
    points: float
    label: str
    advice: str
    check: Callable[["_View"], float | bool | None]  # share passed, or None: not applicable


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return True


class _View:
    """The dataset as the indicators read it."""

    def __init__(self, dataset: Mapping[str, Any], reachable: Mapping[str, bool]) -> None:
        self.d = dataset
        self.resources = [r for r in dataset.get("resources") or [] if isinstance(r, dict)]
        self.reachable = reachable
        self.fmts = [formats.detect(r.get("url"), r.get("format")) for r in self.resources]

    def has(self, field: str) -> bool:
        return _filled(self.d.get(field))

    def type_has(self, field: str) -> bool:
        return field in _fields_of_type(str(self.d.get("data_type") or ""))

    def downloadable(self, index: int) -> bool:
        r = self.resources[index]
        # An upload, or a link whose path names a file of a known format
        # (not a web page): the metadata alone tells, without a request.
        if r.get("url_type") == "upload":
            return True
        ext = formats.extension(r.get("url"))
        return bool(ext) and ext != "HTML" and formats.openness(ext) > 0


def _temporal(v: _View) -> bool | None:
    if not any(v.type_has(f) for f in _TEMPORAL_FIELDS):
        return None
    return any(v.has(f) for f in _TEMPORAL_FIELDS) or any(
        _filled(r.get("resource_first_year_of_data")) for r in v.resources)


def _mandatory(v: _View) -> float:
    required = _required_of_type(str(v.d.get("data_type") or ""))
    present = sum(1 for f in required if v.has("tags" if f == "tag_string" else f))
    total = len(required) + len(v.resources)
    present += sum(1 for r in v.resources if _filled(r.get("name")))
    return present / total if total else 1.0


INDICATORS: tuple[Indicator, ...] = (
    Indicator("keywords", "findability", 30, MSG_KEYWORDS, MSG_KEYWORDS_ADVICE,
              lambda v: v.has("tags")),
    Indicator("category", "findability", 30, MSG_CATEGORY, MSG_CATEGORY_ADVICE,
              lambda v: v.has("data_category")),
    Indicator("geo", "findability", 20, MSG_GEO, MSG_GEO_ADVICE,
              lambda v: v.has("geo_coverage") or all(v.has(f) for f in _BBOX)),
    Indicator("temporal", "findability", 20, MSG_TEMPORAL, MSG_TEMPORAL_ADVICE, _temporal),
    Indicator("access_url", "accessibility", 50, MSG_ACCESS_URL, MSG_ACCESS_URL_ADVICE,
              lambda v: any(v.reachable.get(r.get("id") or "") for r in v.resources)),
    Indicator("download_url", "accessibility", 20, MSG_DOWNLOAD_URL, MSG_DOWNLOAD_URL_ADVICE,
              lambda v: any(v.downloadable(i) for i in range(len(v.resources)))),
    Indicator("download_url_ok", "accessibility", 30, MSG_DOWNLOAD_URL_OK,
              MSG_DOWNLOAD_URL_OK_ADVICE,
              lambda v: any(v.downloadable(i) and v.reachable.get(r.get("id") or "")
                            for i, r in enumerate(v.resources))),
    # Interoperability: the best resource counts, as in MQA.
    Indicator("format", "interoperability", 20, MSG_FORMAT, MSG_FORMAT_ADVICE,
              lambda v: any(_filled(r.get("format")) for r in v.resources)),
    Indicator("media_type", "interoperability", 10, MSG_MEDIA_TYPE, MSG_MEDIA_TYPE_ADVICE,
              lambda v: any(_filled(r.get("mimetype")) for r in v.resources)),
    Indicator("format_known", "interoperability", 10, MSG_FORMAT_KNOWN, MSG_FORMAT_KNOWN_ADVICE,
              lambda v: any(formats.openness(f) > 0 for f in v.fmts)),
    Indicator("non_proprietary", "interoperability", 20, MSG_NON_PROPRIETARY,
              MSG_NON_PROPRIETARY_ADVICE, lambda v: any(formats.openness(f) >= 3 for f in v.fmts)),
    Indicator("machine_readable", "interoperability", 20, MSG_MACHINE_READABLE,
              MSG_MACHINE_READABLE_ADVICE,
              lambda v: any(formats.openness(f) >= 2 for f in v.fmts)),
    Indicator("dcat_required", "interoperability", 30, MSG_DCAT_REQUIRED,
              MSG_DCAT_REQUIRED_ADVICE,
              lambda v: v.has("title") and v.has("notes") and v.has("owner_org")
              and all(_filled(r.get("url")) for r in v.resources)),
    Indicator("license", "reusability", 20, MSG_LICENSE, MSG_LICENSE_ADVICE,
              lambda v: v.has("license_id") and v.d.get("license_id") != "notspecified"),
    Indicator("license_known", "reusability", 10, MSG_LICENSE_KNOWN, MSG_LICENSE_KNOWN_ADVICE,
              lambda v: v.has("license_id")
              and v.d.get("license_id") not in ("notspecified", "other")),
    Indicator("access_condition", "reusability", 10, MSG_ACCESS_CONDITION,
              MSG_ACCESS_CONDITION_ADVICE, lambda v: v.has("accessible_condition")),
    Indicator("access_rights", "reusability", 5, MSG_ACCESS_RIGHTS, MSG_ACCESS_RIGHTS_ADVICE,
              lambda v: v.has("data_category")),
    Indicator("contact", "reusability", 20, MSG_CONTACT, MSG_CONTACT_ADVICE,
              lambda v: v.has("maintainer") and v.has("maintainer_email")),
    Indicator("publisher", "reusability", 10, MSG_PUBLISHER, MSG_PUBLISHER_ADVICE,
              lambda v: v.has("owner_org")),
    Indicator("rights", "contextuality", 5, MSG_RIGHTS, MSG_RIGHTS_ADVICE,
              lambda v: v.has("accessible_condition") or any(
                  _filled(r.get("resource_accessible_condition")) for r in v.resources)),
    Indicator("byte_size", "contextuality", 5, MSG_BYTE_SIZE, MSG_BYTE_SIZE_ADVICE,
              lambda v: bool(v.resources) and all(_filled(r.get("size")) for r in v.resources)),
    Indicator("issued", "contextuality", 5, MSG_ISSUED, MSG_ISSUED_ADVICE,
              lambda v: v.has("created_date") or v.has("data_release_date") or any(
                  _filled(r.get("resource_created_date")) for r in v.resources)),
    Indicator("modified", "contextuality", 5, MSG_MODIFIED, MSG_MODIFIED_ADVICE,
              lambda v: v.has("last_updated_date")),
    Indicator("mandatory_fields", "mandatory", MANDATORY_POINTS, MSG_MANDATORY_FIELDS,
              MSG_MANDATORY_FIELDS_ADVICE, _mandatory),
)


@functools.lru_cache(maxsize=1)
def _schema_fields() -> list[dict[str, Any]]:
    with open(schema_file("dataset.yaml"), encoding="utf-8") as f:
        return list(yaml.safe_load(f)["dataset_fields"])


def _applies(field: Mapping[str, Any], data_type: str) -> bool:
    types = field.get("data_types")
    return not types or data_type in types


@functools.lru_cache(maxsize=16)
def _fields_of_type(data_type: str) -> frozenset[str]:
    return frozenset(f["field_name"] for f in _schema_fields() if _applies(f, data_type))


@functools.lru_cache(maxsize=16)
def _required_of_type(data_type: str) -> tuple[str, ...]:
    return tuple(f["field_name"] for f in _schema_fields()
                 if f.get("required") and _applies(f, data_type))


def rating(percent: float) -> str:
    """The MQA band of a score given in percent of the maximum."""
    share = percent / 100
    return next(name for name, bound in BANDS if share >= bound - 1e-9)


def score(dataset: Mapping[str, Any],
          reachable: Mapping[str, bool] | None = None) -> dict[str, Any]:
    """The score of a validated dataset dict.

    :returns: ``{"points", "max_points", "percent", "rating", "indicators":
        [{"key", "dimension", "points", "max_points", "passed", "applicable",
        "label", "advice"}], "dimensions": {name: {"points", "max_points"}}}``
    """
    view = _View(dataset, reachable or {})
    indicators = []
    dimensions: dict[str, dict[str, float]] = {
        name: {"points": 0.0, "max_points": 0.0} for name in DIMENSIONS}
    for indicator in INDICATORS:
        outcome = indicator.check(view)
        applicable = outcome is not None
        share = 0.0 if outcome is None else float(outcome)
        points = round(indicator.points * share, 2)
        indicators.append({
            "key": indicator.key, "dimension": indicator.dimension, "points": points,
            "max_points": indicator.points if applicable else 0, "passed": share >= 1,
            "applicable": applicable, "label": indicator.label, "advice": indicator.advice})
        if applicable:
            dimensions[indicator.dimension]["points"] += points
            dimensions[indicator.dimension]["max_points"] += indicator.points
    total = round(sum(i["points"] for i in indicators), 2)
    maximum = sum(i["max_points"] for i in indicators)
    percent = round(total / maximum * 100, 1) if maximum else 0.0
    return {"points": total, "max_points": maximum, "percent": percent,
            "rating": rating(percent), "indicators": indicators, "dimensions": dimensions}

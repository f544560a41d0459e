"""The layout of the NSO Excel template: one metadata sheet and one
resource sheet per data type, the header on row 4, a hint row, then data.

The column order is the template's (metadata standard, appendix A); what
each column holds (its kind, vocabulary, label) is read from
``schemas/dataset.yaml``, so field knowledge lives in one place.
:func:`layout_problems` checks the two against each other.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Optional

import yaml

from ckanext.gdcatalog.reference import schema_file
from ckanext.gdcatalog.schema import self_assessment

HEADER_ROW = 4
HINT_ROW = HEADER_ROW + 1  # the first row after the header is skipped on import
FIRST_DATA_ROW = HINT_ROW + 1

# Columns that are not schema fields.
DATASET_REF = "dataset"        # resource sheets: the name of the resource's dataset
ORGANIZATION = "organization"  # informative: the organization chosen at import wins
TYPE = "type"                  # the data type (data_type_other on the Other sheet)

SHEET_SUFFIX = {"record": "Record", "statistical": "Stat", "geospatial": "GIS",
                "multiple": "Multi", "other": "Other"}
META_PREFIX = "Temp2_Meta_"
RESOURCE_PREFIX = "Temp3_Resource_"

_FIRST = ("name", TYPE, "title", ORGANIZATION, "maintainer", "maintainer_email",
          "tag_string", "notes", "objective", "update_frequency_unit",
          "update_frequency_interval", "geo_coverage", "data_source", "data_format",
          "data_category", "license_id", "accessible_condition")
_RECORD_LIKE = _FIRST + ("created_date", "last_updated_date", "url", "data_support",
                         "data_collect", "data_language", "high_value_dataset",
                         "reference_data")
DATASET_COLUMNS: dict[str, tuple[str, ...]] = {
    "record": _RECORD_LIKE,
    "multiple": _RECORD_LIKE,
    "other": _RECORD_LIKE,
    "statistical": _FIRST + (
        "first_year_of_data", "last_year_of_data", "data_release_calendar",
        "last_updated_date", "disaggregate", "unit_of_measure", "unit_of_multiplier",
        "calculation_method", "standard", "url", "data_language", "official_statistics"),
    "geospatial": _FIRST + (
        "geographic_data_set", "equivalent_scale", "west_bound_longitude",
        "east_bound_longitude", "north_bound_longitude", "south_bound_longitude",
        "positional_accuracy", "reference_period", "last_updated_date",
        "data_release_calendar", "data_release_date", "url", "data_language"),
}
_RESOURCE_FIRST = (DATASET_REF, "name", "url", "description",
                   "resource_accessible_condition", "resource_last_updated_date", "format")
_RESOURCE_RECORD_LIKE = _RESOURCE_FIRST + ("resource_created_date", "resource_data_collect")
RESOURCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "record": _RESOURCE_RECORD_LIKE,
    "multiple": _RESOURCE_RECORD_LIKE,
    "other": _RESOURCE_RECORD_LIKE,
    "statistical": _RESOURCE_FIRST + (
        "resource_first_year_of_data", "resource_last_year_of_data",
        "resource_data_release_calendar", "resource_disaggregate",
        "resource_unit_of_measure", "resource_unit_of_multiplier",
        "resource_official_statistics"),
    "geospatial": _RESOURCE_FIRST + (
        "resource_equivalent_scale", "resource_geographic_data_set",
        "resource_created_date", "resource_data_release_date",
        "resource_positional_accuracy"),
}

# Fields the template has no column for: set by the import itself (owner,
# visibility, consent), the steward's quality self-assessment (not part of
# the standard's template), or the "other" companions, which travel inside
# their field's cell (a value outside the list).
NOT_IN_TEMPLATE = frozenset({"owner_org", "allow_harvest", "reference_url_catalog",
                             "resource_private"}) | frozenset(self_assessment.FIELDS)

_KINDS = {"gdc_select": "select", "gdc_multiple": "multiple", "gdc_yes_no": "yes_no",
          "gdc_date": "date", "gdc_year": "year", "gdc_coordinate": "number",
          "gdc_other": "other"}
_KIND_OF_NAME = {"tag_string": "tags", "name": "name",
                 "update_frequency_interval": "number"}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the field it fills and how its cells convert."""
    key: str                 # a schema field name, or DATASET_REF/ORGANIZATION
    kind: str                # text, name, tags, select, multiple, yes_no, date, year, number
    label: dict[str, str]
    vocabulary: Optional[str] = None


@dataclass(frozen=True)
class Sheet:
    name: str
    data_type: str
    resources: bool
    columns: tuple[Column, ...]


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """schemas/dataset.yaml as written (presets not expanded)."""
    with schema_file("dataset.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _fields(group: str) -> dict[str, dict[str, Any]]:
    return {f["field_name"]: f for f in schema()[group]}


def _label(field: dict[str, Any]) -> dict[str, str]:
    label = field.get("label") or field["field_name"]
    return dict(label) if isinstance(label, dict) else {"th": str(label), "en": str(label)}


def _column(key: str, fields: dict[str, dict[str, Any]], data_type: str,
            resources: bool) -> Column:
    if key == DATASET_REF:
        return Column(key, "name", {"th": "ชื่อชุดข้อมูล (URL)", "en": "Dataset (URL name)"})
    if key == ORGANIZATION:
        return Column(key, "text", {"th": "หน่วยงาน", "en": "Organization"})
    if key == TYPE:
        key = "data_type_other" if data_type == "other" else "data_type"
    field = fields[key]
    kind = (None if resources else _KIND_OF_NAME.get(key)) or _KINDS.get(
        field.get("preset", ""), "text")
    if kind == "other":
        kind = "text"
    return Column(key, kind, _label(field), field.get("vocabulary"))


@functools.lru_cache(maxsize=None)
def sheets() -> tuple[Sheet, ...]:
    """Every sheet of the template: metadata sheets first, then resources."""
    dataset_fields, resource_fields = _fields("dataset_fields"), _fields("resource_fields")
    result = []
    for resources, prefix, layout, fields in (
            (False, META_PREFIX, DATASET_COLUMNS, dataset_fields),
            (True, RESOURCE_PREFIX, RESOURCE_COLUMNS, resource_fields)):
        for data_type, suffix in SHEET_SUFFIX.items():
            columns = tuple(_column(key, fields, data_type, resources) for key in layout[data_type])
            result.append(Sheet(prefix + suffix, data_type, resources, columns))
    return tuple(result)


def sheet(name: str) -> Optional[Sheet]:
    return next((s for s in sheets() if s.name == name), None)


def layout_problems() -> list[str]:
    """Differences between the template's columns and the schema: a column
    that is not a field of its data type, or a field of the type that has no
    column (other than the companions and NOT_IN_TEMPLATE). Empty when they
    agree."""
    problems = []
    for group, is_resource in (("dataset_fields", False), ("resource_fields", True)):
        fields = _fields(group)
        for s in (s for s in sheets() if s.resources == is_resource):
            keys = {c.key for c in s.columns}
            for key in keys - {DATASET_REF, ORGANIZATION}:
                types = fields[key].get("data_types")
                if types and s.data_type not in types:
                    problems.append(f"{s.name}: {key} is not a field of {s.data_type}")
            for name, field in fields.items():
                types = field.get("data_types")
                applies = not types or s.data_type in types
                companion = field.get("preset") == "gdc_other" and name != "data_type_other"
                by_sheet = name == "data_type"  # the sheet is the type
                if (applies and name not in keys and not companion and not by_sheet
                        and name not in NOT_IN_TEMPLATE):
                    problems.append(f"{s.name}: no column for {name}")
    return problems

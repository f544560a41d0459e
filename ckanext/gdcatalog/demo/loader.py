"""Load the demo organizations and datasets through CKAN's actions.

The content is data (organizations.yaml, datasets.yaml and the provinces of
schemas/provinces.yaml); this module only turns it into action calls. Going
through organization_create / package_create, rather than writing rows,
means validation, authorization and search indexing run exactly as they do
for a steward using the web forms.

Loading is idempotent: items are matched by name. An existing item is kept
as it is (a developer's edits survive a second ``./dev.sh up``) unless
``update`` is asked for, which brings it back to the demo content, and only
when it differs.
"""
from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, Optional

import yaml

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog import reference
from ckanext.gdcatalog.schema import dates, vocabularies
from ckanext.gdcatalog.schema.validators import parse_boolean, parse_number, split_multiple

_HERE = Path(__file__).resolve().parent

# Keys of datasets.yaml that are not the schema's field names.
_RENAMED = {"organization": "owner_org", "license": "license_id"}
# Keys the loader builds itself rather than copying.
_BUILT = ("name", "owner_org", "private", "tags", "resources")

# GeoJSON is JSON to the data_format vocabulary (which has no GeoJSON code);
# any format that none of its codes, labels or aliases names is "other".
_RESOURCE_FORMATS = {"GEOJSON": "json"}

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Plan:
    """What a load will create: action data dicts, in creation order."""
    organizations: list[dict[str, Any]]
    datasets: list[dict[str, Any]]

    @property
    def size(self) -> int:
        return len(self.organizations) + len(self.datasets)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    kept: int = 0

    def add(self, outcome: str) -> None:
        if outcome == "create":
            self.created += 1
        elif outcome == "update":
            self.updated += 1
        else:
            self.kept += 1

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "kept": self.kept}


@dataclass
class Report:
    organizations: Counts = field(default_factory=Counts)
    datasets: Counts = field(default_factory=Counts)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"organizations": self.organizations.as_dict(),
                "datasets": self.datasets.as_dict()}


@functools.lru_cache(maxsize=None)
def _read(name: str) -> Any:
    with (_HERE / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


# Keys of organizations.yaml entries that are fields of
# schemas/organization.yaml, sent as they are.
_ORG_FIELDS = ("title_en", "agency_type", "agency_code", "ministry", "province",
               "website", "contact_email", "contact_phone")


def organizations() -> list[dict[str, Any]]:
    """organization_create data dicts: central agencies, then one provincial
    statistical office per province."""
    source = _read("organizations.yaml")
    result = []
    for org in source["central"]:
        result.append(_organization(org["name"], org["title"], org["description"],
                                    {k: org[k] for k in _ORG_FIELDS if k in org}))
    office = source["provincial_office"]
    for province in reference.provinces():
        if province.code in office["skip"]:
            continue
        values = {"slug": province.slug, "name_th": province.name_th,
                  "name_en": province.name_en, "code": province.code,
                  "number": province.code.removeprefix("TH-"),
                  "region_th": province.region.name_th}
        result.append(_organization(
            office["name"].format(**values), office["title"].format(**values),
            office["description"].format(**values),
            {k: str(office[k]).format(**values) for k in _ORG_FIELDS if k in office}))
    return result


def _organization(name: str, title: str, description: str,
                  fields: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "title": title, "description": description.strip(), **fields}


def datasets() -> list[dict[str, Any]]:
    """package_create data dicts, in the order of datasets.yaml."""
    source = _read("datasets.yaml")
    defaults = source["defaults"]
    return [_dataset({**defaults, **row}) for row in source["datasets"]]


@functools.lru_cache(maxsize=None)
def _schema_fields() -> dict[str, dict[str, Any]]:
    """The dataset fields of schemas/dataset.yaml, by name."""
    with reference.schema_file("dataset.yaml").open(encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    return {definition["field_name"]: definition for definition in schema["dataset_fields"]}


def _dataset(row: dict[str, Any]) -> dict[str, Any]:
    """A row of datasets.yaml as a package_create data dict. Besides
    organization, license, private, tags and resources, every key of the row
    is a field of the schema, sent as it is written: the schema turns labels
    and legacy values into codes and Buddhist-Era years into Gregorian ones,
    as it does for a steward's form or a harvest."""
    resources = [{"name": r["name"], "url": r["url"], "format": r["format"],
                  "description": r.get("description", "")} for r in row["resources"]]
    dataset: dict[str, Any] = {
        "name": row["name"],
        "owner_org": row["organization"],
        "private": bool(row["private"]),
        "tags": [{"name": tag} for tag in row["tags"]],
        "resources": resources,
    }
    for key, value in row.items():
        name = _RENAMED.get(key, key)
        if name in _BUILT or value is None:
            continue
        if name not in _schema_fields():
            raise ValueError(f"datasets.yaml, {row['name']}: {key} is not a dataset field")
        dataset[name] = value.strip() if isinstance(value, str) else value
    if "data_format" not in dataset:
        dataset.update(_data_formats(resources))
    return dataset


def _data_formats(resources: list[dict[str, Any]]) -> dict[str, Any]:
    """data_format (and data_format_other) from the formats of the resources."""
    vocabulary = vocabularies.get("data_format")
    codes, others = [], []
    for resource in resources:
        given = resource["format"]
        code = vocabulary.normalise(given) or _RESOURCE_FORMATS.get(given.upper())
        if code is None:
            code = vocabularies.OTHER
            others.append(given)
        if code not in codes:
            codes.append(code)
    result: dict[str, Any] = {"data_format": codes}
    if others:
        result["data_format_other"] = ", ".join(dict.fromkeys(others))
    return result


def plan(limit: Optional[int] = None, organization: Optional[str] = None,
         without_datasets_of: Optional[str] = None) -> Plan:
    """All demo content, or the first ``limit`` datasets and the
    organizations that own them (a quick subset for trials and tests).

    ``organization``: only that organization and its datasets (the content
    of an agency's own catalog). ``without_datasets_of``: every
    organization, but not that one's datasets (a central directory that
    gets them by harvesting the agency's catalog)."""
    all_datasets = datasets()
    orgs = organizations()
    for name in (organization, without_datasets_of):
        if name is not None and name not in {o["name"] for o in orgs}:
            raise ValueError(f"no demo organization {name!r}")
    if organization is not None:
        all_datasets = [d for d in all_datasets if d["owner_org"] == organization]
    if without_datasets_of is not None:
        all_datasets = [d for d in all_datasets if d["owner_org"] != without_datasets_of]
    chosen = all_datasets if limit is None else all_datasets[:limit]
    if limit is not None or organization is not None:
        owners = {d["owner_org"] for d in chosen} | ({organization} if organization else set())
        orgs = [o for o in orgs if o["name"] in owners]
    return Plan(organizations=copy.deepcopy(orgs), datasets=copy.deepcopy(chosen))


def load(context: dict[str, Any], content: Plan, update: bool = False,
         progress: Optional[Progress] = None) -> Report:
    """Create what is missing; with ``update``, also rewrite existing items
    that differ from the demo content. Runs the actions as context["user"]."""
    report = Report()
    user = context["user"]

    def call(action: str, data_dict: dict[str, Any]) -> dict[str, Any]:
        # A fresh context per call: actions store state in the context dict.
        return tk.get_action(action)({"user": user}, copy.deepcopy(data_dict))

    def show(action: str, name: str, **extra: Any) -> Optional[dict[str, Any]]:
        try:
            return call(action, {"id": name, **extra})
        except tk.ObjectNotFound:
            return None

    def sync(items: list[dict[str, Any]], kind: str, projection: Projection,
             counts: Any, **show_extra: Any) -> None:
        for item in items:
            existing = show(f"{kind}_show", item["name"], **show_extra)
            outcome = _decide(existing, item, projection, update)
            if outcome == "create":
                call(f"{kind}_create", item)
            elif outcome == "update" and existing:
                call(f"{kind}_patch", {**item, "id": existing["id"], "state": "active"})
            counts.add(outcome)
            if progress:
                progress(1)

    sync(content.organizations, "organization", _org_projection, report.organizations,
         include_datasets=False, include_users=False, include_extras=True)
    sync(content.datasets, "package", _dataset_projection, report.datasets)
    return report


Outcome = Literal["create", "update", "keep"]
Projection = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


def _decide(existing: Optional[dict[str, Any]], wanted: dict[str, Any],
            projection: Projection, update: bool) -> Outcome:
    if existing is None:
        return "create"
    if update and projection(existing, wanted) != projection(wanted, wanted):
        return "update"
    return "keep"


def _org_projection(org: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The fields the demo content sets, in a form equal for the data dict
    sent to organization_create and the one organization_show returns."""
    return {"title": org["title"], "description": org.get("description") or "",
            **{k: org.get(k) or "" for k in _ORG_FIELDS if k in wanted},
            "state": org.get("state", "active")}


def _dataset_projection(dataset: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The fields the demo content sets for ``wanted``, each in its stored
    form, so that the data dict sent to package_create (labels, Buddhist-Era
    years, ...) and the one package_show returns (codes, Gregorian years,
    lists, booleans) compare equal when they say the same."""
    owner = dataset["owner_org"]
    if isinstance(dataset.get("organization"), dict):
        owner = dataset["organization"]["name"]  # package_show gives the id
    fields = {name: _stored(name, dataset.get(name))
              for name in sorted(wanted) if name not in _BUILT}
    return {
        **fields,
        "owner_org": owner, "private": bool(dataset.get("private")),
        "tags": sorted(t["name"] for t in dataset.get("tags") or []),
        "resources": [(r.get("name"), r.get("url"), r.get("format"), r.get("description") or "")
                      for r in dataset.get("resources") or []],
        "state": dataset.get("state", "active"),
    }


def _stored(name: str, value: Any) -> Any:
    """``value`` of the schema field ``name`` as the schema stores it; a
    value it would refuse is left as it is (and differs)."""
    if value in (None, "", []):
        return None
    definition = _schema_fields().get(name) or {}
    preset = definition.get("preset")
    try:
        if preset == "gdc_select":
            return vocabularies.get(definition["vocabulary"]).normalise(value) or value
        if preset == "gdc_multiple":
            vocabulary = vocabularies.get(definition["vocabulary"])
            codes = {vocabulary.normalise(v) or v for v in split_multiple(value)}
            return [c for c in vocabulary.codes if c in codes] + sorted(
                codes - set(vocabulary.codes))
        if preset == "gdc_yes_no":
            return parse_boolean(value)
        if preset == "gdc_year":
            return dates.parse_year(value)
        if preset == "gdc_date":
            return dates.parse_date(value).isoformat()
        if preset == "gdc_coordinate":
            return parse_number(value)
        if name == "update_frequency_interval":
            return int(value)
    except (tk.Invalid, ValueError, TypeError):
        return value
    return value.strip() if isinstance(value, str) else value

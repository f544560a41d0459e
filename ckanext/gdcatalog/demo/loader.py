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

_HERE = Path(__file__).resolve().parent

# Creation-tab codes of the standard's five data types → the stored value.
DATA_TYPES: dict[str, str] = {
    "record": "ข้อมูลระเบียน",
    "statistical": "ข้อมูลสถิติ",
    "geospatial": "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
    "multiple": "ข้อมูลหลากหลายประเภท",
    "other": "ข้อมูลประเภทอื่นๆ",
}

# Dataset fields of the GD Catalog standard kept as plain extras until the
# scheming schema declares them.
_EXTRA_FIELDS = ("data_type_other", "update_frequency_unit", "update_frequency_unit_other",
                 "geo_coverage", "data_category", "data_source")

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


def organizations() -> list[dict[str, Any]]:
    """organization_create data dicts: central agencies, then one provincial
    statistical office per province."""
    source = _read("organizations.yaml")
    result = []
    for org in source["central"]:
        result.append(_organization(org["name"], org["title"], org["description"],
                                    {"title_en": org["title_en"]}))
    office = source["provincial_office"]
    for province in reference.provinces():
        if province.code in office["skip"]:
            continue
        values = {"slug": province.slug, "name_th": province.name_th,
                  "name_en": province.name_en, "code": province.code,
                  "region_th": province.region.name_th}
        result.append(_organization(
            office["name"].format(**values), office["title"].format(**values),
            office["description"].format(**values),
            {"title_en": office["title_en"].format(**values),
             "iso_3166_2": province.code, "region": province.region.key}))
    return result


def _organization(name: str, title: str, description: str,
                  extras: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "title": title, "description": description.strip(),
            "extras": [{"key": k, "value": v} for k, v in sorted(extras.items())]}


def datasets() -> list[dict[str, Any]]:
    """package_create data dicts, in the order of datasets.yaml."""
    source = _read("datasets.yaml")
    defaults = source["defaults"]
    return [_dataset({**defaults, **row}) for row in source["datasets"]]


def _dataset(row: dict[str, Any]) -> dict[str, Any]:
    extras = {"data_type": DATA_TYPES[row["data_type"]]}
    extras.update({key: str(row[key]) for key in _EXTRA_FIELDS if row.get(key)})
    return {
        "name": row["name"],
        "title": row["title"],
        "notes": row["notes"].strip(),
        "owner_org": row["organization"],
        "private": bool(row["private"]),
        "license_id": row["license"],
        "maintainer": row["maintainer"],
        "maintainer_email": row["maintainer_email"],
        "tags": [{"name": tag} for tag in row["tags"]],
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items())],
        "resources": [{"name": r["name"], "url": r["url"], "format": r["format"],
                       "description": r.get("description", "")}
                      for r in row["resources"]],
    }


def plan(limit: Optional[int] = None) -> Plan:
    """All demo content, or the first ``limit`` datasets and the
    organizations that own them (a quick subset for trials and tests)."""
    all_datasets = datasets()
    chosen = all_datasets if limit is None else all_datasets[:limit]
    orgs = organizations()
    if limit is not None:
        owners = {d["owner_org"] for d in chosen}
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

    def sync(items: list[dict[str, Any]], kind: str, projection: Any,
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


def _decide(existing: Optional[dict[str, Any]], wanted: dict[str, Any],
            projection: Callable[[dict[str, Any]], dict[str, Any]], update: bool) -> Outcome:
    if existing is None:
        return "create"
    if update and projection(existing) != projection(wanted):
        return "update"
    return "keep"


def _extras(item: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((e["key"], e["value"]) for e in item.get("extras") or [])


def _org_projection(org: dict[str, Any]) -> dict[str, Any]:
    """The fields the demo content sets, in a form equal for the data dict
    sent to organization_create and the one organization_show returns."""
    return {"title": org["title"], "description": org.get("description") or "",
            "extras": _extras(org), "state": org.get("state", "active")}


def _dataset_projection(dataset: dict[str, Any]) -> dict[str, Any]:
    owner = dataset["owner_org"]
    if isinstance(dataset.get("organization"), dict):
        owner = dataset["organization"]["name"]  # package_show gives the id
    return {
        "title": dataset["title"], "notes": dataset.get("notes") or "",
        "owner_org": owner, "private": bool(dataset.get("private")),
        "license_id": dataset.get("license_id"), "maintainer": dataset.get("maintainer"),
        "maintainer_email": dataset.get("maintainer_email"),
        "tags": sorted(t["name"] for t in dataset.get("tags") or []),
        "extras": _extras(dataset),
        "resources": [(r.get("name"), r.get("url"), r.get("format"), r.get("description") or "")
                      for r in dataset.get("resources") or []],
        "state": dataset.get("state", "active"),
    }

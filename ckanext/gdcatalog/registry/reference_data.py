"""Loading the ministries of schemas/ministries.yaml as organizations.

CKAN has no organization hierarchy without ckanext-hierarchy, so an agency
names its ministry by code (field ``ministry``); the ministry's own
organization (``ministry-<code>``) gives the directory a page per ministry
and a home for what the ministry's office publishes itself. Provinces need
no loading: they are codes of schemas/provinces.yaml, read where used.
"""
from __future__ import annotations

import copy
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.schema import vocabularies

NAME_PREFIX = "ministry-"
# "independent" is a choice for agencies, not a body of its own.
_NOT_AN_ORGANIZATION = {"independent"}


def ministry_organizations() -> list[dict[str, Any]]:
    """organization_create data dicts, one per ministry."""
    result = []
    for choice in vocabularies.get("ministry").choices:
        if choice.value in _NOT_AN_ORGANIZATION:
            continue
        result.append({
            "name": NAME_PREFIX + choice.value,
            "title": choice.label["th"],
            "title_en": choice.label["en"],
            "agency_type": "central_government",
            "agency_code": str(choice.extra.get("abbreviation") or choice.value.upper()),
            "ministry": choice.value,
        })
    return result


def _differs(existing: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return existing.get("state") != "active" or any(
        (existing.get(k) or "") != v for k, v in wanted.items())


def load_ministries(user: str) -> dict[str, int]:
    """Create missing ministry organizations and bring changed ones back to
    the reference file, as ``user``; other fields (description, image,
    members) are left alone. Returns counts created / updated / kept."""
    counts = {"created": 0, "updated": 0, "kept": 0}
    for wanted in ministry_organizations():
        try:
            existing = tk.get_action("organization_show")(
                {"user": user}, {"id": wanted["name"], "include_datasets": False,
                                 "include_users": False})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")({"user": user}, copy.deepcopy(wanted))
            counts["created"] += 1
            continue
        if _differs(existing, wanted):
            tk.get_action("organization_patch")(
                {"user": user}, {**wanted, "id": existing["id"], "state": "active"})
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return counts

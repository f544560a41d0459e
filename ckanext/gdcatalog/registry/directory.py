"""Directory search on the central site: each dataset's search document
carries its organization's agency type, ministry, province and region, so
that /dataset facets by them (``ckan.gdcatalog.role = central``).

The values are codes; facets show their labels in the user's language.
When an organization's fields change, its datasets are indexed again.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.gdcatalog import reference
from ckanext.gdcatalog.language import current_language
from ckanext.gdcatalog.schema import vocabularies

ROLE_OPTION = "ckan.gdcatalog.role"
CENTRAL = "central"
# index field → the organization field (or the region of its province)
INDEXED = {"org_agency_type": "agency_type", "org_ministry": "ministry",
           "org_province": "province", "org_region": "region"}
# index field → vocabulary naming its values (region: provinces.yaml)
_VOCABULARIES = {"org_agency_type": "agency_type", "org_ministry": "ministry",
                 "org_province": "province"}
_FACET_TITLES = {"org_agency_type": {"th": "ประเภทหน่วยงาน", "en": "Agency type"},
                 "org_ministry": {"th": "กระทรวง", "en": "Ministry"},
                 "org_province": {"th": "จังหวัด", "en": "Province"},
                 "org_region": {"th": "ภาค", "en": "Region"}}


def is_central() -> bool:
    return tk.config.get(ROLE_OPTION) == CENTRAL


def _region_of(province: Optional[str]) -> Optional[str]:
    if not province:
        return None
    choice = vocabularies.get("province").choice(province)
    return choice.extra.get("region") if choice else None


def organization_values(org_id: Optional[str]) -> dict[str, str]:
    """The directory fields of an organization, by index field name."""
    group = model.Group.get(org_id) if org_id else None
    if group is None:
        return {}
    extras = dict(group.extras or {})
    values = {"org_agency_type": extras.get("agency_type"),
              "org_ministry": extras.get("ministry"),
              "org_province": extras.get("province"),
              "org_region": _region_of(extras.get("province"))}
    return {k: v for k, v in values.items() if v}


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    for key in INDEXED:
        pkg_dict.pop(key, None)
    pkg_dict.update(organization_values(pkg_dict.get("owner_org")))
    return pkg_dict


def dataset_facets(facets: dict[str, Any]) -> dict[str, Any]:
    """On the central site, the directory facets follow organization."""
    if not is_central():
        return facets
    lang = current_language()
    result: dict[str, Any] = {}
    for key, title in facets.items():
        result[key] = title
        if key == "organization":
            for name, label in _FACET_TITLES.items():
                result[name] = label.get(lang) or label["en"]
    for name, label in _FACET_TITLES.items():  # no organization facet
        result.setdefault(name, label.get(lang) or label["en"])
    return result


def label_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    lang = current_language()
    facets = search_results.get("search_facets") or {}
    regions = reference.regions()
    for name in INDEXED:
        for item in (facets.get(name) or {}).get("items", []):
            if name in _VOCABULARIES:
                item["display_name"] = vocabularies.get(_VOCABULARIES[name]).label_of(
                    item["name"], lang)
            elif item["name"] in regions:
                region = regions[item["name"]]
                item["display_name"] = region.name_th if lang == "th" else region.name_en
    return search_results


def reindex_organization(group: Any) -> None:
    """Index again the datasets of an organization whose fields changed
    (IOrganizationController.edit)."""
    if not getattr(group, "is_organization", False):
        return
    from ckan.lib.search import rebuild
    ids = [row[0] for row in model.Session.query(model.Package.id)
           .filter(model.Package.owner_org == group.id)
           .filter(model.Package.state != "deleted")]
    for package_id in ids:
        # In the transaction of the organization's update: both or neither.
        rebuild(package_id, defer_commit=True)

"""Actions of the directory pages: how many datasets each province, region,
ministry and agency type has, and the page of one province or ministry.

Counts come from ``package_search`` facets on the fields that
``directory.py`` indexes, run as the caller: a visitor counts public
datasets, an editor also the private ones they may see.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.gdcatalog import reference
from ckanext.gdcatalog.language import current_language
from ckanext.gdcatalog.registry import directory, thailand_map
from ckanext.gdcatalog.schema import vocabularies

MSG_UNKNOWN_PROVINCE = 'There is no province "%(value)s". Use an ISO 3166-2:TH code such as TH-50'
MSG_UNKNOWN_MINISTRY = 'There is no ministry "%(value)s"'
MSG_MISSING_ID = "Missing value: id"
RECENT_DATASETS = 10


def _search(context: dict[str, Any], fq: str = "", facets: Optional[list[str]] = None,
            rows: int = 0) -> dict[str, Any]:
    return tk.get_action("package_search")(
        {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
        {"q": "", "fq": fq, "rows": rows, "sort": "metadata_modified desc",
         "facet.field": facets or [], "facet.limit": -1, "facet.mincount": 1,
         "include_private": True})


def _name(th: str, en: str, lang: str) -> str:
    return th if lang == "th" else en


@tk.side_effect_free
def gdcatalog_directory_summary(context: dict[str, Any],
                                data_dict: dict[str, Any]) -> dict[str, Any]:
    """Datasets per province (all 77, with their map colour class), region,
    ministry and agency type, as the caller may see them."""
    tk.check_access("gdcatalog_directory_summary", context, data_dict)
    result = _search(context, facets=list(directory.INDEXED))
    facets = result.get("facets") or {}
    lang = current_language()
    province_counts = {p.code: int(facets.get("org_province", {}).get(p.code, 0))
                       for p in reference.provinces()}
    colours = thailand_map.colour_classes(province_counts)
    provinces = [{"code": p.code, "name": _name(p.name_th, p.name_en, lang),
                  "name_th": p.name_th, "name_en": p.name_en, "slug": p.slug,
                  "region": p.region.key,
                  "region_name": _name(p.region.name_th, p.region.name_en, lang),
                  "count": province_counts[p.code], "colour_class": colours[p.code]}
                 for p in reference.provinces()]
    regions = [{"key": r.key, "name": _name(r.name_th, r.name_en, lang),
                "count": int(facets.get("org_region", {}).get(r.key, 0))}
               for r in reference.regions().values()]

    def counted(vocabulary: str, field: str) -> list[dict[str, Any]]:
        return [{"code": c.value, "name": c.label_in(lang),
                 "count": int(facets.get(field, {}).get(c.value, 0))}
                for c in vocabularies.get(vocabulary).choices]

    return {"total": int(result.get("count", 0)), "provinces": provinces, "regions": regions,
            "ministries": counted("ministry", "org_ministry"),
            "agency_types": counted("agency_type", "org_agency_type")}


def _agencies(field: str, code: str, counts: dict[str, int]) -> list[dict[str, Any]]:
    """Active organizations whose ``field`` is ``code``, with the number of
    datasets the caller may see, most first. Organization extras are not in
    the search index, so they are read from the model (a few hundred
    organizations at most)."""
    groups = (model.Session.query(model.Group)
              .filter(model.Group.is_organization.is_(True))
              .filter(model.Group.state == "active"))
    agencies = [{"name": g.name, "title": g.display_name, "count": counts.get(g.name, 0)}
                for g in groups if dict(g.extras or {}).get(field) == code]
    return sorted(agencies, key=lambda a: (-a["count"], a["title"]))


def _area(context: dict[str, Any], field: str, org_field: str,
          code: str) -> dict[str, Any]:
    result = _search(context, fq=f'{field}:"{code}"', facets=["organization"],
                     rows=RECENT_DATASETS)
    counts = {k: int(v) for k, v in (result.get("facets") or {}).get("organization", {}).items()}
    return {"count": int(result.get("count", 0)), "agencies": _agencies(org_field, code, counts),
            "recent": result.get("results", []), "search_url_params": {field: code}}


def _id(data_dict: dict[str, Any]) -> str:
    value = str(data_dict.get("id") or "").strip()
    if not value:
        raise tk.ValidationError({"id": [tk._(MSG_MISSING_ID)]})
    return value


@tk.side_effect_free
def gdcatalog_directory_province(context: dict[str, Any],
                                 data_dict: dict[str, Any]) -> dict[str, Any]:
    """One province (id: ISO code, Thai or English name, or slug): its
    agencies, dataset count and latest datasets."""
    tk.check_access("gdcatalog_directory_province", context, data_dict)
    value = _id(data_dict)
    province = next((p for p in reference.provinces()
                     if value.casefold() in (p.code.casefold(), p.slug, p.name_th,
                                             p.name_en.casefold())), None)
    if province is None:
        raise tk.ObjectNotFound(tk._(MSG_UNKNOWN_PROVINCE) % {"value": value})
    lang = current_language()
    return {"code": province.code, "name": _name(province.name_th, province.name_en, lang),
            "name_th": province.name_th, "name_en": province.name_en, "slug": province.slug,
            "region": province.region.key,
            "region_name": _name(province.region.name_th, province.region.name_en, lang),
            **_area(context, "org_province", "province", province.code)}


@tk.side_effect_free
def gdcatalog_directory_ministry(context: dict[str, Any],
                                 data_dict: dict[str, Any]) -> dict[str, Any]:
    """One ministry (id: its code, Thai or English name): its agencies,
    dataset count and latest datasets."""
    tk.check_access("gdcatalog_directory_ministry", context, data_dict)
    value = _id(data_dict)
    vocabulary = vocabularies.get("ministry")
    code = vocabulary.normalise(value)
    choice = vocabulary.choice(code) if code else None
    if choice is None:
        raise tk.ObjectNotFound(tk._(MSG_UNKNOWN_MINISTRY) % {"value": value})
    return {"code": choice.value, "name": choice.label_in(current_language()),
            "name_th": choice.label_in("th"), "name_en": choice.label_in("en"),
            **_area(context, "org_ministry", "ministry", choice.value)}


@tk.auth_allow_anonymous_access
def directory_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # Whoever may search may see the directory; counts follow package_search.
    tk.check_access("package_search", context, data_dict)
    return {"success": True}


ACTIONS = {
    "gdcatalog_directory_summary": gdcatalog_directory_summary,
    "gdcatalog_directory_province": gdcatalog_directory_province,
    "gdcatalog_directory_ministry": gdcatalog_directory_ministry,
}
AUTH_FUNCTIONS = {name: directory_auth for name in ACTIONS}

"""The metadata quality rating as a search facet, with labels."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.quality import metadata_score
from ckanext.gdcatalog.quality.index import RATING_FIELD

MSG_FACET = "Metadata quality"


def dataset_facets(facets: dict[str, Any]) -> dict[str, Any]:
    facets[RATING_FIELD] = tk._(MSG_FACET)
    return facets


def label_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    facet = (search_results.get("search_facets") or {}).get(RATING_FIELD)
    for item in (facet or {}).get("items", []):
        msgid = metadata_score.RATINGS.get(item.get("name"))
        if msgid:
            item["display_name"] = tk._(msgid)
    return search_results

"""Search facets of the standard on /dataset, with codes shown as labels in
the user's language."""
from __future__ import annotations

from typing import Any

from ckanext.gdcatalog.language import current_language
from ckanext.gdcatalog.schema import vocabularies

# facet field → vocabulary whose labels name its values
LABELLED = {
    "data_type": "data_type",
    "data_category": "data_category",
    "license_id": "license",
    "update_frequency_unit": "update_frequency_unit",
}
# facets added to CKAN's, in display order after organization and groups
ADDED = ("data_type", "data_category", "update_frequency_unit")



def dataset_facets(facets: dict[str, Any]) -> dict[str, Any]:
    lang = current_language()
    for name in ADDED:
        label = vocabularies.get(LABELLED[name]).label
        facets[name] = label.get(lang) or label["en"]
    if "license_id" in facets:
        label = vocabularies.get("license").label
        facets["license_id"] = label.get(lang) or label["en"]
    return facets


def label_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    """Give coded facet values their labels as ``display_name``."""
    lang = current_language()
    for name, vocabulary_name in LABELLED.items():
        facet = (search_results.get("search_facets") or {}).get(name)
        if not facet:
            continue
        vocabulary = vocabularies.get(vocabulary_name)
        for item in facet.get("items", []):
            item["display_name"] = vocabulary.label_of(item["name"], lang)
    return search_results

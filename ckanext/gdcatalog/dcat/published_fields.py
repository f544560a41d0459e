"""What a catalog search may read of a metadata-only record: the search
index fields that come from what the record publishes, and a catch-all text
of those fields alone.

A consented private dataset is published without its distributions and
landing page (exposure.py), but its search index document holds them, so a
search of the catalog could tell, by matching or not, what the record leaves
out. catalog_query.py therefore matches a metadata-only record only on the
fields listed here and on ``gdc_published_text``, which this module adds to
its index document.

The list is an allow-list built from the standard: the dataset fields of
``schemas/dataset.yaml`` (every one of which the ``gdc`` profile writes)
that exposure.expose() keeps, under the index names CKAN gives them, and the
record's identity and dates. Anything else, resource fields, fields other
plugins add to the index, CKAN's copy fields (``urls``, ``text``), is left
out: a field no one listed never matches a metadata-only record.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Optional

from ckan.logic.schema import default_create_package_schema

from ckanext.gdcatalog.dcat import exposure, profile
from ckanext.gdcatalog.registry import directory
from ckanext.gdcatalog.search.fields import catch_all_weight, text_values

# Index field: how the catalog publishes the dataset (exposure.Level), absent
# when it does not.
MARKER = "gdc_publication"
# Index field of metadata-only records: the catch-all text of their
# published fields (a text field of the index schema, search/fields.py).
PUBLISHED_TEXT = "gdc_published_text"

# What every record says of itself; the catalog's order and modified_since
# show the dates anyway.
_RECORD_FIELDS = ("id", "type", "state", "metadata_created", "metadata_modified")
# CKAN indexes these fields under other names too (ckan.lib.search.index;
# the ngram fields are Solr copy fields of title and name), and the
# directory adds the publisher's agency fields (registry/directory.py).
_ALSO_INDEXED_AS: dict[str, tuple[str, ...]] = {
    "title": ("title_string", "title_ngram"),
    "name": ("name_ngram",),
    "type": ("dataset_type",),
    "tag_string": ("tags",),
    "owner_org": ("organization", *directory.INDEXED),
    "license_id": ("license_title", "license_url", "isopen"),
}


@functools.lru_cache(maxsize=1)
def published_fields() -> frozenset[str]:
    """The index fields of a metadata-only record that come from what it
    publishes."""
    candidates = set(profile.DATASET_FIELDS) | set(_RECORD_FIELDS)
    # What expose() keeps, asked of expose() itself: a metadata-only record
    # whose every field holds a value of its own.
    sample: dict[str, Any] = {field: f"published-{field}" for field in candidates}
    sample.update(private=True, allow_harvest="true", state="active", type="dataset")
    exposed = exposure.expose(sample) or {}
    kept = {field for field in candidates if field in exposed and exposed[field] == sample[field]}
    core = set(default_create_package_schema())
    fields: set[str] = set()
    for field in kept:
        fields.update((field, *_ALSO_INDEXED_AS.get(field, ())))
        if field in profile.DATASET_FIELDS and field not in core:
            fields.add(f"extras_{field}")  # CKAN keeps it as an extra, indexed so too
    return frozenset(fields)


def published_text(pkg_dict: dict[str, Any]) -> list[str]:
    """The values the catch-all ``text`` field would hold if the document
    had only its published fields, highest weight first."""
    keys = sorted((catch_all_weight(key) or "", key) for key in pkg_dict
                  if key in published_fields() and catch_all_weight(key))
    return [value for _, key in keys for value in text_values(pkg_dict[key])]


def _level(pkg_dict: dict[str, Any]) -> Optional[exposure.Level]:
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except (TypeError, ValueError):
        return None  # cannot tell: not searchable in the catalog by q or fq
    return exposure.level(dataset) if isinstance(dataset, dict) else None


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Mark how the catalog publishes the dataset and give a metadata-only
    record its published text (after resource_privacy and the directory
    have changed the document: the text is made from what is indexed)."""
    # Never a dataset's own extra of the same name.
    pkg_dict.pop(MARKER, None)
    pkg_dict.pop(PUBLISHED_TEXT, None)
    how = _level(pkg_dict)
    if how is None:
        return pkg_dict
    pkg_dict[MARKER] = how.value
    if how is exposure.Level.METADATA:
        pkg_dict[PUBLISHED_TEXT] = published_text(pkg_dict)
    return pkg_dict

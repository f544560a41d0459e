"""A resource's "additional information" without CKAN's internal keys:
the schema's fields are shown with their labels; what CKAN keeps for itself
(position, ids, state...) means nothing to a reader and has no translation."""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk

INTERNAL_KEYS = frozenset({
    "id", "package_id", "position", "state", "has_views", "url_type", "cache_url",
    "cache_last_updated", "mimetype_inner", "datastore_active", "datastore_contains_all_records_of_source",
    "revision_id", "tracking_summary", "is_orphan",
})


@tk.chained_helper
def format_resource_items(next_helper: Callable[..., Any],
                          items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return next_helper([(key, value) for key, value in items if key not in INTERNAL_KEYS])

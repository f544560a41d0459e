"""The template helpers of ckanext.gdcatalog.ux (CKAN's, chained)."""
from __future__ import annotations

from typing import Any, Callable

from ckanext.gdcatalog.ux import collation, dates, resources

HELPERS: dict[str, Callable[..., Any]] = {
    "render_datetime": dates.render_datetime,
    "format_resource_items": resources.format_resource_items,
    "organizations_available": collation.organizations_available,
}

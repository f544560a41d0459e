"""Template helpers of the quality panel."""
from __future__ import annotations

from typing import Any, Mapping

import ckan.plugins.toolkit as tk


def gdcatalog_quality_for(pkg: Mapping[str, Any]) -> dict[str, Any] | None:
    """The quality of a dataset as the current user may see it, or None."""
    if not pkg or not pkg.get("id"):
        return None
    try:
        return tk.get_action("gdcatalog_quality_dataset_show")({}, {"id": pkg["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


HELPERS = {"gdcatalog_quality_for": gdcatalog_quality_for}

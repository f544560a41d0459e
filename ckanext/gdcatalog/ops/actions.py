"""The status action and its auth function; ``ckan gdcatalog doctor`` calls
the action, so monitoring over the API and the CLI report the same checks."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.ops import doctor


@tk.side_effect_free
def gdcatalog_status(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Health of the site's services (sysadmins only).

    :returns: ``{"ok": bool, "checks": [{"name", "ok", "message", "details"}]}``
    """
    tk.check_access("gdcatalog_status", context, data_dict)
    return doctor.summary(doctor.run_checks())


def gdcatalog_status_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # The report names hosts, databases and counts: for sysadmins only, who
    # pass auth functions without calling them.
    return {"success": False, "msg": tk._("Only sysadmins may see the site status")}


ACTIONS = {"gdcatalog_status": gdcatalog_status}
AUTH_FUNCTIONS = {"gdcatalog_status": gdcatalog_status_auth}

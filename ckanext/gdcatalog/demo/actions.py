"""The demo-loading action and its auth function. The CLI calls the action,
so the command line and any web page share one code path."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.demo import loader

ENABLED_OPTION = "ckan.gdcatalog.demo.enabled"
PROGRESS_KEY = "gdcatalog_progress"  # optional context entry: callable(int)


def _schema() -> dict[str, list[Any]]:
    ignore_missing = tk.get_validator("ignore_missing")
    return {
        "limit": [ignore_missing, tk.get_validator("natural_number_validator")],
        "update": [ignore_missing, tk.get_validator("boolean_validator")],
        "organization": [ignore_missing, tk.get_validator("unicode_safe")],
        "without_datasets_of": [ignore_missing, tk.get_validator("unicode_safe")],
    }


def gdcatalog_demo_load(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Load the demo organizations and datasets (sysadmins only).

    :param limit: load only the first ``limit`` datasets and the
        organizations that own them (optional)
    :param update: also bring existing demo items back to the demo content
        (default: keep them as they are)
    :param organization: load only this demo organization and its datasets
        (an agency's own catalog; optional)
    :param without_datasets_of: load every organization but not the datasets
        of this one (a central directory that harvests them; optional)
    :returns: counts of created, updated and kept organizations and datasets
    """
    tk.check_access("gdcatalog_demo_load", context, data_dict)
    if not tk.asbool(tk.config.get(ENABLED_OPTION)):
        raise tk.ValidationError({ENABLED_OPTION: [
            "Demo content is disabled on this site; set this option to true "
            "on development and demonstration sites only."]})
    data, errors = tk.navl_validate(data_dict, _schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    try:
        content = loader.plan(data.get("limit"), organization=data.get("organization"),
                              without_datasets_of=data.get("without_datasets_of"))
    except ValueError as error:
        raise tk.ValidationError({"organization": [str(error)]}) from None
    report = loader.load({"user": context["user"]}, content, update=bool(data.get("update")),
                         progress=context.get(PROGRESS_KEY))
    return report.as_dict()


def gdcatalog_demo_load_auth(context: dict[str, Any],
                             data_dict: dict[str, Any]) -> dict[str, Any]:
    # Sysadmins pass every auth function without calling it; nobody else may
    # create organizations in bulk.
    return {"success": False, "msg": tk._("Only sysadmins may load demo content")}


ACTIONS = {"gdcatalog_demo_load": gdcatalog_demo_load}
AUTH_FUNCTIONS = {"gdcatalog_demo_load": gdcatalog_demo_load_auth}

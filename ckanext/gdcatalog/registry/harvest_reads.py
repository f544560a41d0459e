"""Who may read ckanext-harvest's sources, jobs, records and log.

ckanext-harvest lets anyone list every source (deleted and inactive ones
too, with their URL and configuration) and read any harvest object, and
answers 500 to anyone but a sysadmin asking for its log. Here:

- ``harvest_source_list`` and ``harvest_log_list`` are sysadmins': the
  harvest pages list sources with ``package_search``, which shows each user
  the sources they may see; the list action serves the CLI and the periodic
  run, which run as the site user.
- a harvest object (``harvest_object_show``, ``harvest_object_list``) is
  part of its job: shown to whoever may see the source's jobs, as
  ckanext-harvest does for ``harvest_job_show`` (those who may change the
  source).
- ``harvest_job_list`` without a source is sysadmins' (ckanext-harvest's
  rule needs a source and fails without one).

``harvest_source_show`` and ``harvest_source_show_status`` keep
ckanext-harvest's rule, ``package_show``'s: a deleted (inactive) or private
source only for the members of its organization.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.harvest.model import HarvestObject

from ckanext.gdcatalog.language import translated

MSG_SYSADMIN_ONLY = "Only sysadmins may do this"
MSG_SOURCE_MANAGERS_ONLY = ("Only those who may manage the harvest source may see its jobs "
                            "and records")
MSG_SOURCE_REQUIRED = ("Give source_id: only sysadmins may list the jobs or records of every "
                       "harvest source")

_OBJECT_KEYS = ("id", "guid")  # what harvest_object_show may look an object up by


def _denied(msg: str) -> dict[str, Any]:
    return {"success": False, "msg": translated(msg)}


@tk.chained_action
@tk.side_effect_free
def harvest_source_list(up: Callable[..., Any], context: dict[str, Any],
                        data_dict: dict[str, Any]) -> Any:
    """ckanext-harvest's, for sysadmins only: its auth function is asked
    first (ckanext-harvest's action asks none)."""
    tk.check_access("harvest_source_list", context, data_dict)
    return up(context, data_dict)


@tk.chained_auth_function
def harvest_source_list_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                             data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    # Sysadmins pass without calling it.
    return _denied(MSG_SYSADMIN_ONLY)


@tk.chained_auth_function
def harvest_log_list_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                          data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    # ckanext-harvest registers its functions for actions and auth from one
    # shared dict, so the "auth function" it leaves here is the action
    # itself, which asks itself again (RecursionError, a 500): never call it.
    return _denied(MSG_SYSADMIN_ONLY)


def _harvest_object(data_dict: dict[str, Any]) -> Optional[Any]:
    """The object harvest_object_show would return, looked up the same way
    (None when there is none)."""
    ident, dataset_id = data_dict.get("id"), data_dict.get("dataset_id")
    if ident:
        attr = data_dict.get("attr") or "id"
        if not isinstance(ident, str) or attr not in _OBJECT_KEYS:
            return None
        return HarvestObject.get(ident, attr=attr)
    if dataset_id:
        package = model.Package.get(dataset_id) if isinstance(dataset_id, str) else None
        if package is None:
            return None
        return (model.Session.query(HarvestObject)
                .filter(HarvestObject.package_id == package.id)
                .filter(HarvestObject.current == True)  # noqa: E712
                .order_by(HarvestObject.import_finished.desc()).first())
    return None


def _source_managers(context: dict[str, Any], source_id: str) -> dict[str, Any]:
    try:
        tk.check_access("harvest_source_update", dict(context), {"id": source_id})
    except tk.NotAuthorized:
        return _denied(MSG_SOURCE_MANAGERS_ONLY)
    return {"success": True}


@tk.chained_auth_function
def harvest_object_show_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                             data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    data_dict = data_dict or {}
    if not (data_dict.get("id") or data_dict.get("dataset_id")):
        return next_auth(context, data_dict)  # the action says what is missing
    obj = _harvest_object(data_dict)
    if obj is None:
        raise tk.ObjectNotFound()
    return _source_managers(context, obj.harvest_source_id)


@tk.chained_auth_function
def harvest_object_list_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                             data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    source_id = (data_dict or {}).get("source_id")
    if not source_id or not isinstance(source_id, str):
        return _denied(MSG_SOURCE_REQUIRED)
    return _source_managers(context, source_id)


@tk.chained_auth_function
def harvest_job_list_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                          data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    if not isinstance((data_dict or {}).get("source_id"), str):
        return _denied(MSG_SOURCE_REQUIRED)
    return next_auth(context, data_dict)


ACTIONS: dict[str, Any] = {"harvest_source_list": harvest_source_list}
AUTH_FUNCTIONS: dict[str, Any] = {
    "harvest_source_list": harvest_source_list_auth,
    "harvest_log_list": harvest_log_list_auth,
    "harvest_object_show": harvest_object_show_auth,
    "harvest_object_list": harvest_object_list_auth,
    "harvest_job_list": harvest_job_list_auth,
}

"""Who may save and run ckanext-harvest's sources, and which URLs a source
may hold.

ckanext-harvest keeps a source as a dataset of type ``harvest`` and leaves
its rights to CKAN's dataset rights: ``harvest_source_create``, ``_update``
and ``_patch`` are ``package_create`` / ``package_update`` /
``package_patch``, and its own auth functions for jobs, clearing and
deleting forward to ``package_update``. So the rules are set there:

- On a central site (``ckan.gdcatalog.role = central``) harvest sources
  come from approved registrations (the approval saves them as the site
  user) or from sysadmins: for anyone else, creating, changing, deleting
  and running a source (and reading its jobs, which ckanext-harvest gives to
  whoever may change it) is refused. An agency site keeps ckanext-harvest's
  rule: the organization's editors and admins manage its sources.
- On every site a source's URL passes the registry's URL check
  (``urlsafety.resolve``) when it is saved, not only when its pages are
  fetched: a refusal is a ValidationError on ``url``. The fetch checks
  again (a name may point elsewhere by then).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.gdcatalog.language import translated
from ckanext.gdcatalog.registry import urlsafety
from ckanext.gdcatalog.registry.actions import is_central_site

SOURCE_TYPE = "harvest"  # ckanext-harvest's dataset type of a source

MSG_CENTRAL_SOURCES = ("On the central directory, harvest sources come from approved catalog "
                       "registrations: only sysadmins may create, change, delete or run them")


def _denied() -> dict[str, Any]:
    return {"success": False, "msg": translated(MSG_CENTRAL_SOURCES)}


def _stored_source(data_dict: Optional[dict[str, Any]]) -> Optional[model.Package]:
    ident = (data_dict or {}).get("id")
    package = model.Package.get(ident) if ident else None
    return package if package is not None and package.type == SOURCE_TYPE else None


def is_source(data_dict: Optional[dict[str, Any]]) -> bool:
    """Whether a dataset being saved is (or would become) a harvest source."""
    return (data_dict or {}).get("type") == SOURCE_TYPE or _stored_source(data_dict) is not None


# -- auth: chained to CKAN's dataset rules and ckanext-harvest's ---------------

@tk.chained_auth_function
@tk.auth_allow_anonymous_access  # as CKAN's (anonymous dataset creation is an option)
def package_create_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                        data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    result = next_auth(context, data_dict)
    if result.get("success") and is_central_site() and \
            (data_dict or {}).get("type") == SOURCE_TYPE:
        return _denied()
    return result


@tk.chained_auth_function
@tk.auth_allow_anonymous_access  # as CKAN's
def package_update_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                        data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """Also package_patch's and package_delete's rule, and the one
    ckanext-harvest's jobs, clearing and reindexing forward to."""
    result = next_auth(context, data_dict)
    if result.get("success") and is_central_site() and is_source(data_dict):
        return _denied()
    return result


@tk.chained_auth_function
def harvest_source_create_auth(next_auth: Callable[..., Any], context: dict[str, Any],
                               data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    # What the harvest pages ask before offering "Add harvest source" (the
    # dataset form itself goes through package_create above).
    if is_central_site():
        return _denied()
    return next_auth(context, data_dict)


AUTH_FUNCTIONS: dict[str, Any] = {
    "package_create": package_create_auth,
    "package_update": package_update_auth,
    "harvest_source_create": harvest_source_create_auth,
}


# -- actions: the URL of a source, checked when it is saved ---------------------

def check_url(url: Any) -> None:
    """ValidationError on ``url`` unless the registry's URL check passes it
    (public address, or allowed by ``ckan.gdcatalog.registry.allowed_hosts``)."""
    try:
        urlsafety.resolve(str(url).strip())
    except urlsafety.RefusedURL as error:
        raise tk.ValidationError({"url": [str(error)]}) from None


@tk.chained_action
def package_create(up: Callable[..., Any], context: dict[str, Any],
                   data_dict: dict[str, Any]) -> Any:
    """CKAN's, and for a harvest source (``harvest_source_create``, the
    source form) the registry's URL check first: a refused URL is a
    ValidationError on ``url``."""
    if data_dict.get("type") == SOURCE_TYPE and data_dict.get("url"):
        # Rights first: the check resolves the host, and its answer (not
        # found, not public) is not for those who may not save a source.
        tk.check_access("package_create", dict(context), data_dict)
        check_url(data_dict["url"])
    return up(context, data_dict)


@tk.chained_action
def package_update(up: Callable[..., Any], context: dict[str, Any],
                   data_dict: dict[str, Any]) -> Any:
    """CKAN's, and for a harvest source (``harvest_source_update`` /
    ``_patch``, the source form) a URL that changes gets the registry's URL
    check first.

    An unchanged URL is not checked again, so a source whose host no longer
    resolves can still be suspended or deleted."""
    url = data_dict.get("url")
    if url and is_source(data_dict):
        stored = _stored_source(data_dict)
        if stored is None or (stored.url or "").strip() != str(url).strip():
            tk.check_access("package_update", dict(context), data_dict)
            check_url(url)
    return up(context, data_dict)


ACTIONS: dict[str, Any] = {
    "package_create": package_create,
    "package_update": package_update,
}

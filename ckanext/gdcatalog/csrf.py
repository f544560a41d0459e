"""The CSRF token of a logged-in browser's POST, checked even where CKAN
would let it through.

CKAN checks the token of every POST (PUT, PATCH, DELETE) that a browser
session makes, except where it was told not to:

- CKAN 2.11's ``ckan.csrf_protection.ignore_extensions`` (on by default)
  exempts every extension's blueprints, ours included;
- CKAN 2.12 exempts a view *for good*, in the process, once a request
  without a session (anonymous, or with an API token) reaches it, so one
  anonymous request lifts the check for every user;
- exemptions live on one object shared by every app the process makes.

This check runs after CKAN's, for requests that a session cookie
identifies: on our views always; on the others unless the site keeps
``ignore_extensions`` on and the view is an extension's. Requests with an
API token or no user are not checked, as CKAN does not check them.
"""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import Flask, current_app, g, request

OWN_MODULES = "ckanext.gdcatalog."
IGNORE_EXTENSIONS = "ckan.csrf_protection.ignore_extensions"  # CKAN 2.11 only


def install(app: Flask) -> None:
    """Add the check (once every blueprint is registered, after CKAN's own
    check is installed, so that it runs after CKAN has identified the user)."""
    # Only where CKAN has the option: a 2.11 ckan.ini's line means nothing to 2.12.
    ignore = tk.config.is_declared(IGNORE_EXTENSIONS) and \
        tk.asbool(tk.config.get(IGNORE_EXTENSIONS))
    exempt = _extension_blueprints() if ignore else frozenset()
    app.before_request(_checker(exempt))


def _extension_blueprints() -> frozenset[str]:
    """The blueprints that ``ignore_extensions`` exempts: every plugin's."""
    names: set[str] = set()
    for plugin in p.PluginImplementations(p.IBlueprint):
        made = plugin.get_blueprint()
        names.update(blueprint.name for blueprint in (made if isinstance(made, list) else [made]))
    return frozenset(names)


def _is_own_view(view: Any) -> bool:
    """A view function of this package (its pages and the ones it replaces)."""
    return (getattr(view, "__module__", None) or "").startswith(OWN_MODULES)


def _checker(exempt_blueprints: frozenset[str]) -> Callable[[], None]:
    def check_csrf_token() -> None:
        config = current_app.config
        if not config.get("WTF_CSRF_ENABLED") or not config.get("WTF_CSRF_CHECK_DEFAULT", True):
            return
        if request.method not in config["WTF_CSRF_METHODS"] or g.get("csrf_valid"):
            return  # not a state change, or CKAN's check passed
        if g.get("login_via_auth_header"):
            return  # no session cookie identified the user (CKAN's rule)
        view = current_app.view_functions.get(request.endpoint or "")
        if view is None:
            return
        if request.blueprint in exempt_blueprints and not _is_own_view(view):
            return
        current_app.extensions["csrf"].protect()  # 400 without a valid token
    return check_csrf_token

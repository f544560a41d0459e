"""The login cookies' flags, tightened where CKAN's defaults leave them open.

CKAN's defaults, which ``ckan generate config`` writes out, give the
remember-me cookie ``SameSite=None`` without ``Secure``: browsers that
accept it send it with requests from any other site. ``SameSite=None``
without ``Secure`` is a combination no site can mean (browsers are to
refuse it), so it becomes ``Lax``, as the session cookie already is; a
site that sets ``Secure`` keeps its choice. On a site whose URL is https
both login cookies are ``Secure``: they never travel over plain http.
docs/deployment.md sets the same options explicitly.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def tighten(config: Any) -> None:
    """Adjust the Flask cookie options in CKAN's ``config`` (plugin load)."""
    same_site = config.get("REMEMBER_COOKIE_SAMESITE")
    if str(same_site).lower() == "none" and not tk.asbool(config.get("REMEMBER_COOKIE_SECURE")):
        config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    if str(config.get("ckan.site_url") or "").lower().startswith("https://"):
        config["REMEMBER_COOKIE_SECURE"] = True
        config["SESSION_COOKIE_SECURE"] = True

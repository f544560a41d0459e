"""The user's interface language, also outside a web request."""
from __future__ import annotations

from typing import Any


def current_language() -> str:
    """The language of the current request; the site's default language in
    commands, background jobs and actions called outside a request."""
    try:
        from ckan.lib.i18n import get_lang
        return get_lang()
    except RuntimeError:  # no request context
        import ckan.plugins.toolkit as tk
        return tk.config.get("ckan.locale_default") or "en"


def translated(text: str, **values: Any) -> str:
    """``text`` translated where CKAN can translate (a request or a command's
    app context; untranslated elsewhere, e.g. a harvest worker) and filled in."""
    try:
        import ckan.plugins.toolkit as tk
        text = tk._(text)
    except Exception:  # no translations outside a request or CLI app context
        pass
    return text % values if values else text

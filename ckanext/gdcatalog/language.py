"""The user's interface language, also outside a web request."""
from __future__ import annotations


def current_language() -> str:
    """The language of the current request; the site's default language in
    commands, background jobs and actions called outside a request."""
    try:
        from ckan.lib.i18n import get_lang
        return get_lang()
    except RuntimeError:  # no request context
        import ckan.plugins.toolkit as tk
        return tk.config.get("ckan.locale_default") or "en"

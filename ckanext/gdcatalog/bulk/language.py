"""Running code in a chosen interface language, so that one import can
report every problem in both Thai and English."""
from __future__ import annotations

import contextlib
from typing import Iterator

LANGUAGES = ("en", "th")


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Messages (``tk._``) and the current language (what CKAN's get_lang
    reads from the request) are ``lang`` inside the block. Outside a
    request there is nothing to switch: messages stay English."""
    from flask import has_request_context, request
    if not has_request_context():
        yield
        return
    import flask_babel
    environ = request.environ
    had, before = "CKAN_LANG" in environ, environ.get("CKAN_LANG")
    environ["CKAN_LANG"] = lang
    try:
        with flask_babel.force_locale(lang):
            yield
    finally:
        if had:
            environ["CKAN_LANG"] = before
        else:
            environ.pop("CKAN_LANG", None)

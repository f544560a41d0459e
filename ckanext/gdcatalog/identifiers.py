"""Ids and names that name nothing. PostgreSQL text cannot hold a NUL
character, so no id or name has one, and looking such a value up fails in
the database driver (an error 500) instead of finding nothing.

Actions check the ids they are given (:func:`require_findable`); a page
whose path holds a NUL answers 404 before any view runs, CKAN's pages
included (:func:`refuse_nul_in_path`)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, request


def findable(value: Any) -> bool:
    """False for a value that no id or name can be."""
    return not (isinstance(value, str) and "\x00" in value)


def require_findable(value: Any, not_found: str) -> None:
    """ObjectNotFound (``not_found``, a msgid) for a value no id or name can be."""
    if not findable(value):
        raise tk.ObjectNotFound(tk._(not_found))


guard = Blueprint("gdcatalog_identifiers", __name__)


@guard.before_app_request
def refuse_nul_in_path() -> Any:
    if not findable(request.path):
        return tk.abort(404)
    return None


def blueprints() -> list[Blueprint]:
    return [guard]

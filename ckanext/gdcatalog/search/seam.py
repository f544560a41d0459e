"""Where CKAN meets our search backend.

CKAN (and ckanext-harvest) obtain their Solr client from
``ckan.lib.search.common.make_connection``, often through names imported
elsewhere (``from ckan.lib.search.common import make_connection``). Rebinding
module attributes would miss such copies, so we redirect the function
object itself: its code becomes a small trampoline to :func:`connect`,
which every existing reference then runs. The original code is kept and
used when the deployment selects Solr, so stock CKAN+Solr is untouched.

``check_solr_schema_version`` (run at start-up) is redirected the same way:
with PostgreSQL there is no Solr schema to fetch.

CKAN 2.11 indexes from the commit hook of its session, and indexed every new
dataset twice in the same commit: once as new, then again as "changed"
through its organization membership (a new ``Member`` row points at it).
CKAN already leaves new datasets out of the directly changed ones; the
related ones are left out here too (:func:`_index_new_datasets_once`), for
either backend. CKAN 2.12 indexes from the actions and needs nothing.
"""
from __future__ import annotations

import logging
import os
import types
from typing import Any, Callable

from ckan.common import config

log = logging.getLogger(__name__)

POSTGRESQL = "postgresql"
SOLR = "solr"
BACKEND_OPTION = "ckan.gdcatalog.search.backend"

_originals: dict[str, Callable[..., Any]] = {}


def backend() -> str:
    value = (config.get(BACKEND_OPTION) or POSTGRESQL).strip().lower()
    if value not in (POSTGRESQL, SOLR):
        raise ValueError(f"{BACKEND_OPTION} must be '{POSTGRESQL}' or '{SOLR}', not {value!r}")
    return value


def connect(decode_dates: bool = True) -> Any:
    if backend() == SOLR:
        return _originals["make_connection"](decode_dates)
    from ckanext.gdcatalog.search.client import PostgresSearchClient
    return PostgresSearchClient(decode_dates)


def check_schema_version(schema_file: Any = None) -> bool:
    if backend() == SOLR:
        return _originals["check_solr_schema_version"](schema_file)
    return False


def _make_connection_trampoline(decode_dates: bool = True) -> Any:
    from ckanext.gdcatalog.search import seam
    return seam.connect(decode_dates)


def _check_schema_trampoline(schema_file: Any = None) -> bool:
    from ckanext.gdcatalog.search import seam
    return seam.check_schema_version(schema_file)


def _redirect(function: types.FunctionType, trampoline: types.FunctionType) -> None:
    name = function.__name__
    if name in _originals:
        return
    _originals[name] = types.FunctionType(
        function.__code__, function.__globals__, name,
        function.__defaults__, function.__closure__)
    function.__code__ = trampoline.__code__


def _index_new_datasets_once() -> None:
    import ckan.lib.search as search
    plugin = getattr(search, "SynchronousSearchPlugin", None)  # CKAN 2.11
    if plugin is None or getattr(plugin.notify, "_gdcatalog", False):
        return
    import ckan.model as model
    from sqlalchemy.orm import object_session
    original = plugin.notify

    def notify(self: Any, entity: Any, operation: str) -> None:
        if operation == model.DomainObjectOperation.changed and \
                isinstance(entity, model.Package):
            cache = getattr(object_session(entity), "_object_cache", None) or {}
            if entity in cache.get("new", ()):
                return  # indexed as new in this same commit, in its final state
        original(self, entity, operation)

    notify._gdcatalog = True  # type: ignore[attr-defined]
    plugin.notify = notify


def install() -> None:
    """Idempotent; called when the gdcatalog_search plugin is loaded."""
    import ckan.lib.search as search
    import ckan.lib.search.common as common
    from ckanext.gdcatalog.search import facet_memory, store
    first_time = "make_connection" not in _originals
    _redirect(common.make_connection, _make_connection_trampoline)
    _redirect(search.check_solr_schema_version, _check_schema_trampoline)
    _index_new_datasets_once()
    store.watch_commits()
    if first_time:
        os.register_at_fork(after_in_child=facet_memory.forget)
    log.debug("Search backend seam installed (backend: %s)", backend())

"""HTTP caching of the DCAT endpoints: ETag, Last-Modified, Cache-Control and
304 Not Modified.

The validators are computed from the search results *before* the RDF is
serialised, so a conditional request that matches costs one search and no
serialisation. The ETag is weak (rdflib does not write blank nodes the same
way twice, so equal graphs are not equal bytes) and covers the page's
datasets with their ``metadata_modified``, the request (page, query,
format, profiles) and the search index generation: a change the datasets'
timestamps do not show, such as an organization's new title, reindexes
the datasets and so changes the generation.

The answer is the same for every caller (see exposure.py), so it may be
cached publicly, even when the caller is logged in. CKAN's own after-request
hook would make it ``private`` for logged-in users and use
``ckan.cache_expires``; :func:`install` registers ours to run after CKAN's.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from flask import Flask, Response, g, request

_HEADERS = "_gdcatalog_dcat_cache"


def max_age() -> int:
    return max(0, tk.config.get("ckan.gdcatalog.dcat.max_age") or 0)


def index_generation() -> Optional[str]:
    """The search index generation, when the PostgreSQL backend keeps one."""
    try:
        from ckanext.gdcatalog.search import seam
        if seam.backend() != seam.POSTGRESQL:
            return None
        import ckan.model as model
        import sqlalchemy as sa

        from ckanext.gdcatalog.search.store import STATE
        row = model.Session.execute(
            sa.text(f"SELECT epoch, generation FROM {STATE} WHERE id = 1")).first()
    except Exception:  # no generation table (yet): validators without it
        return None
    return f"{row[0]}:{row[1]}" if row else None


def etag(*parts: Any) -> str:
    text = json.dumps(parts, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _utc(value: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """CKAN's timestamps are naive UTC; HTTP dates have whole seconds."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


def not_modified(tag: str, last_modified: Optional[dt.datetime]) -> bool:
    """Whether the request's validators match (RFC 9110 13.2.2:
    If-None-Match, when present, decides alone)."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(tag)
    since = request.if_modified_since
    last = _utc(last_modified)
    return bool(since and last and last <= since)


def respond(body: Optional[str], media_type: str, tag: str,
            last_modified: Optional[dt.datetime], negotiated: bool) -> Response:
    """The response, or 304 when ``body`` is None; with the validators."""
    if body is None:
        response = Response(status=304)
    else:
        response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(tag, weak=True)
    last = _utc(last_modified)
    if last:
        response.last_modified = last
    if negotiated:
        response.vary.add("Accept")
    g.setdefault(_HEADERS, True)
    return response


def _final_cache_control(response: Response) -> Response:
    if not g.get(_HEADERS):
        return response
    response.headers.pop("Cache-Control", None)
    response.headers.pop("Pragma", None)
    if response.status_code in (200, 304):
        # A response that sets a cookie must not be shared.
        scope = "private" if response.headers.get("Set-Cookie") else "public"
        response.headers["Cache-Control"] = f"{scope}, max-age={max_age()}"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


def install(app: Flask) -> None:
    """Run :func:`_final_cache_control` after every other after-request hook
    (Flask runs the application's hooks last registered first)."""
    hooks = app.after_request_funcs.setdefault(None, [])
    if _final_cache_control not in hooks:
        hooks.insert(0, _final_cache_control)

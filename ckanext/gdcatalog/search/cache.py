"""Search result cache in CKAN's Redis, keyed by the index generation.

Counting and faceting a large match set is the costly part of a search
(Solr keeps caches for the same reason). A response is cached under the
index generation read *before* it was computed; any committed change to the
index bumps the generation (see the migration that adds it), so a cached
response is never served after the index has changed.
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Optional

from ckan.common import config

log = logging.getLogger(__name__)

TTL_OPTION = "ckan.gdcatalog.search.cache_ttl"
MAX_ENTRY_BYTES = 1_000_000
_PREFIX = "gdcatalog:search:"


def ttl() -> int:
    return int(config.get(TTL_OPTION) or 0)


def _redis() -> Any:
    from ckan.lib.redis import connect_to_redis
    return connect_to_redis()


def key(generation: str, sql: str, params: dict[str, Any]) -> str:
    digest = hashlib.sha1(
        json.dumps([sql, params], sort_keys=True, default=str).encode()).hexdigest()
    return f"{_PREFIX}{config.get('ckan.site_id')}:{generation}:{digest}"


def get(cache_key: str) -> Optional[Any]:
    try:
        raw = _redis().get(cache_key)
    except Exception as exc:  # a cache must never break search
        log.warning("Search cache unavailable: %s", exc)
        return None
    return json.loads(raw) if raw else None


def put(cache_key: str, value: Any) -> None:
    raw = json.dumps(value, ensure_ascii=False, default=str)
    if len(raw) > MAX_ENTRY_BYTES:
        return
    try:
        _redis().set(cache_key, raw, ex=ttl())
    except Exception as exc:
        log.warning("Search cache unavailable: %s", exc)

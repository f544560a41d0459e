"""ckanext-harvest's Redis consumers wait for their next message with a
blocking pop that has no time limit. redis-py 8 (which CKAN 2.12 pins) gives
every connection a 5 s socket timeout by default, so an idle gather or
fetch consumer died with "Timeout reading from socket" five seconds after
its queue ran empty, and jobs were never picked up. Connections of the
harvest queue are made without that read timeout again (connecting is
still bounded)."""
from __future__ import annotations

from typing import Any

from ckanext.harvest import queue

_ORIGINAL = queue.get_connection_redis


def _connection_without_read_timeout() -> Any:
    connection = _ORIGINAL()
    connection.connection_pool.connection_kwargs["socket_timeout"] = None
    return connection


def install() -> None:
    """Idempotent: ckanext-harvest looks the function up on every call."""
    queue.get_connection_redis = _connection_without_read_timeout

"""Fault tests: sources that fail or misbehave (trickle, never answer, send
nothing, shrink), served over real HTTP on 127.0.0.1 and harvested through
the real Redis queues, with the harvest tests' configuration and fixtures."""
from __future__ import annotations

from typing import Any

from tests.harvest.conftest import (  # noqa: F401 (fixtures)
    add_harvest_config, harvest_org, source_server, sysadmin)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    add_harvest_config(items, __file__.rsplit("/", 1)[0])

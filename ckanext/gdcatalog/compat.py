"""The few things that differ between CKAN 2.11 and 2.12, in one place."""
from __future__ import annotations

import ckan

CKAN_VERSION: tuple[int, int] = tuple(int(p) for p in ckan.__version__.split(".")[:2])  # type: ignore[assignment]


def ckan_at_least(major: int, minor: int) -> bool:
    return CKAN_VERSION >= (major, minor)

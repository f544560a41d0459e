"""Fixtures of the DCAT tests."""
from __future__ import annotations

from tests.search.conftest import module_db  # noqa: F401 (a shared fixture)

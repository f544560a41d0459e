"""Shared fixtures.

CKAN's pytest plugin loads no extension by itself: every test here runs with
the plugins of test.ini (``with_plugins``). CKAN's ``clean_db`` drops every
table, ours included, so it is extended to run the plugins' migrations.
"""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plugins(with_plugins):
    yield


@pytest.fixture
def clean_db(_plugins, reset_db, migrate_db_for):
    reset_db()
    migrate_db_for("gdcatalog_search")
    migrate_db_for("harvest")

"""Shared fixtures.

CKAN's pytest plugin loads no extension by itself: every test here runs with
the plugins of test.ini (``with_plugins``), except tests marked
``without_plugins``. CKAN's ``clean_db`` drops every
table, ours included, so it is extended to run the plugins' migrations.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "without_plugins: a test of plain functions or files; loading "
        "the plugins (most of a small test's time) is skipped")


@pytest.fixture(autouse=True)
def _plugins(request):
    if request.node.get_closest_marker("without_plugins") is None:
        request.getfixturevalue("with_plugins")
    yield


@pytest.fixture
def clean_db(_plugins, reset_db, migrate_db_for):
    reset_db()
    migrate_db_for("gdcatalog_search")
    migrate_db_for("gdcatalog")
    # reset_db only empties the tables of CKAN's model after its first run.
    from ckan import model
    model.Session.execute(sa.text("TRUNCATE gdcatalog_registry_application CASCADE"))
    model.Session.commit()
    import ckan.plugins as plugins
    if plugins.plugin_loaded("gdcatalog_quality"):  # some tests load fewer plugins
        migrate_db_for("gdcatalog_quality")
    migrate_db_for("harvest")

"""Shared fixtures.

CKAN's pytest plugin loads no extension by itself: every test here runs with
the plugins of test.ini (``with_plugins``), except tests marked
``without_plugins``. CKAN's ``clean_db`` drops every
table, ours included, so it is extended to run the plugins' migrations.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.plugins.toolkit as tk


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "without_plugins: a test of plain functions or files, run with "
        "the plugins unloaded (not for modules whose fixtures load them)")


# What the loaded plugins were configured with: the test's ckan_config
# marks. Loading the plugins (every IConfigurer.update_config, scheming's
# schemas) is most of a small test's time, so they stay loaded from one test
# to the next while the configuration they were loaded with is the same:
# CKAN restores the configuration before each test, then applies its marks.
# A test that loads or unloads plugins itself is noticed by the list of
# loaded plugins.
_loaded_with: list[str] = []


def _system_plugins() -> list[str]:
    from ckan.plugins import core
    # CKAN 2.11 also loads its system plugins (search indexing); 2.12 has none
    return getattr(core, "find_system_plugins", list)()


@pytest.fixture(autouse=True)
def _plugins(request, ckan_config):
    import ckan.plugins as plugins
    from ckan.plugins import core
    if request.node.get_closest_marker("without_plugins") is not None:
        if set(core._PLUGINS) - set(_system_plugins()):
            (getattr(plugins, "unload_non_system_plugins", None) or plugins.unload_all)()
        _loaded_with.clear()
        yield
        return
    marks = [repr(mark.args) for mark in request.node.iter_markers("ckan_config")]
    if _loaded_with != ["loaded", *marks] or \
            core._PLUGINS != tk.aslist(tk.config.get("ckan.plugins")) + _system_plugins():
        # CKAN's with_plugins does the same (load_all unloads first)
        plugins.load_all()
        _loaded_with[:] = ["loaded", *marks]
    yield


_heads: dict[str, set[str]] = {}


def _migrate(migrate_db_for, plugin: str) -> None:
    """The plugin's migrations, unless the database is at their heads
    already: running alembic's environment costs a tenth of a second, and
    after the first reset_db of a session the plugins' tables stay."""
    from ckan import model
    from ckanext.gdcatalog.ops import doctor
    source = next((s for s in doctor.migration_sources() if s.name == plugin), None)
    if source is not None:
        if plugin not in _heads:
            from alembic.config import Config
            from alembic.script import ScriptDirectory
            _heads[plugin] = set(ScriptDirectory.from_config(Config(source.ini)).get_heads())
        from alembic.runtime.migration import MigrationContext
        with model.meta.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": source.version_table})
            if set(context.get_current_heads()) == _heads[plugin]:
                return
    migrate_db_for(plugin)


@pytest.fixture
def clean_db(_plugins, reset_db, migrate_db_for):
    reset_db()
    _migrate(migrate_db_for, "gdcatalog_search")
    _migrate(migrate_db_for, "gdcatalog")
    # reset_db only empties the tables of CKAN's model after its first run.
    from ckan import model
    model.Session.execute(sa.text("TRUNCATE gdcatalog_registry_application CASCADE"))
    model.Session.commit()
    import ckan.plugins as plugins
    if plugins.plugin_loaded("gdcatalog_quality"):  # some tests load fewer plugins
        _migrate(migrate_db_for, "gdcatalog_quality")
    _migrate(migrate_db_for, "harvest")

"""Shared fixtures.

CKAN's pytest plugin loads no extension by itself: every test here runs with
the plugins of test.ini (``with_plugins``), except tests marked
``without_plugins``. CKAN's ``clean_db`` drops every
table, ours included, so it is extended to run the plugins' migrations.
"""
from __future__ import annotations

import copy
from typing import Any

import pytest

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


@pytest.fixture
def clean_db(_plugins, reset_db):
    from tests import database
    database.reset(reset_db)


# CKAN's test app as last made, with what it was made from: the plugin
# instances loaded after making it and the configuration before.
_app: dict[str, Any] = {}


def _loaded_plugin_instances() -> tuple[int, ...]:
    from ckan.plugins import core
    return tuple(id(plugin) for plugin in core._PLUGINS_SERVICE.values())


@pytest.fixture
def app(make_app, _plugins):
    """CKAN's ``app`` fixture, made again only when the loaded plugins or
    the configuration differ from those of the app last made. Making an app
    reloads every plugin (about two seconds); a test client keeps no state
    between requests, so tests with the same plugins and configuration can
    share the app. The site's settings cached in app_globals are read again
    from the database, as making an app does."""
    from ckan.lib import app_globals
    configuration = copy.deepcopy(dict(tk.config))
    if _app and _app["plugins"] == _loaded_plugin_instances() and \
            _app["configuration"] == configuration:
        app_globals.reset()
        return _app["app"]
    made = make_app()
    _app.update(app=made, configuration=configuration, plugins=_loaded_plugin_instances())
    return made

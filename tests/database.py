"""Emptying the test database, the same way for every caller: CKAN's
``reset_db``, then the migrations of the loaded plugins and the tables of
ours that ``reset_db`` does not empty. ``clean_db`` (tests/conftest.py) and
the module-wide resets (search corpora, served sites) use it."""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan import model

# In migration order; a test that loads fewer plugins migrates fewer.
MIGRATED_PLUGINS = ("gdcatalog_search", "gdcatalog", "gdcatalog_quality", "harvest")

_heads: dict[str, set[str]] = {}


def migrate(plugin: str) -> None:
    """The plugin's migrations, unless the database is at their heads
    already: running alembic's environment costs a tenth of a second, and
    after the first reset_db of a session the plugins' tables stay."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from ckan.cli.db import _run_migrations

    from ckanext.gdcatalog.ops import doctor
    source = next((s for s in doctor.migration_sources() if s.name == plugin), None)
    if source is not None:
        if plugin not in _heads:
            _heads[plugin] = set(ScriptDirectory.from_config(Config(source.ini)).get_heads())
        with model.meta.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": source.version_table})
            if set(context.get_current_heads()) == _heads[plugin]:
                return
    _run_migrations(plugin)


def reset(reset_db: Callable[[], None]) -> None:
    """An empty database with every loaded plugin's tables at their heads."""
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        if plugins.plugin_loaded(plugin):
            migrate(plugin)
    pool_connections()
    # reset_db only empties the tables of CKAN's model after its first run.
    if sa.inspect(model.meta.engine).has_table("gdcatalog_registry_application"):
        model.Session.execute(sa.text("TRUNCATE gdcatalog_registry_application CASCADE"))
        model.Session.commit()


def pool_connections() -> None:
    """Give CKAN's model a pooled engine again. CKAN's migration environment
    re-initialises the model with its own engine, which has no pool: after
    the first reset_db every statement of the session would open a new
    PostgreSQL connection, whose backend then loads its catalog caches anew
    (most of a small test's database time). A real site never migrates in
    the process that serves it."""
    if isinstance(model.meta.engine.pool, sa.pool.NullPool):
        model.Session.remove()
        model.meta.engine.dispose()
        model.init_model(sa.engine_from_config(tk.config, pool_pre_ping=True))

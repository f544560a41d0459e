"""The alembic environment of every plugin of this package.

``ckan db upgrade -p <plugin>`` runs ``migration/<plugin>/env.py``, which
calls :func:`run`. Each plugin keeps its revisions in its own version table,
named after the plugin, so their histories never mix.
"""
from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool


def run(env_file: str) -> None:
    """Run the migrations of the plugin whose ``env.py`` is ``env_file``."""
    config = context.config
    if config.config_file_name:
        fileConfig(config.config_file_name)
    plugin = os.path.basename(os.path.dirname(os.path.abspath(env_file)))
    version_table = f"{plugin}_alembic_version"
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"),
                          target_metadata=None, literal_binds=True,
                          version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()
        return
    connectable = engine_from_config(config.get_section(config.config_ini_section),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None,
                          version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()

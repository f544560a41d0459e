"""The CKAN site a benchmark runs in: the configuration of test.ini with
the benchmark's own database and Redis database, CKAN's tables and those of
every loaded plugin, and a pooled database engine (not a test, not a fixture:
shared by the scripts of bench/)."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from typing import Any, Iterator, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
# Before CKAN loads: an installed package may bring its own "tests".
from tests.database import MIGRATED_PLUGINS, pool_connections  # noqa: E402


def default_db(name: str) -> str:
    """A database on the server dev.sh manages (its role and the password in
    .dev/db-password), or on GDCATALOG_PG_URL when that is set."""
    server = os.environ.get("GDCATALOG_PG_URL", "").rstrip("/")
    if not server:
        password_file = os.path.join(ROOT, ".dev", "db-password")
        if os.path.exists(password_file):
            with open(password_file) as f:
                server = f"postgresql://gdcatalog:{f.read().strip()}@127.0.0.1:5432"
        else:
            server = "postgresql://postgres@127.0.0.1:5432"
    return f"{server}/{name}"


def reset_database(db_url: str) -> None:
    """Drop and create the benchmark's database."""
    name = db_url.rsplit("/", 1)[1]
    server = db_url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", server, "-q", "-c", sql], check=True)


@contextlib.contextmanager
def site(ini: str, db_url: str, redis_url: Optional[str] = None, fresh: bool = True,
         without: tuple[str, ...] = (), settings: Optional[dict[str, str]] = None
         ) -> Iterator[Any]:
    """The app, inside a request context. ``fresh``: an empty database with
    every table created (else the tables of an earlier run as they are);
    ``without``: plugins of the ini file to leave out."""
    os.environ["CKAN_SQLALCHEMY_URL"] = db_url
    if redis_url:
        os.environ["CKAN_REDIS_URL"] = redis_url
    if fresh:
        reset_database(db_url)
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    config = load_config(ini)
    config["ckan.plugins"] = " ".join(p for p in config["ckan.plugins"].split()
                                      if p not in without)
    config.update(settings or {})
    app = make_app(config)
    import logging
    for name in ("", "ckan", "ckanext"):  # test.ini logs some of ours at DEBUG
        logging.getLogger(name).setLevel(logging.WARNING)
    from ckan import model
    from ckan.cli.db import _run_migrations
    import ckan.plugins as plugins
    with app._wsgi_app.test_request_context():
        if fresh:
            model.repo.init_db()
            for plugin in MIGRATED_PLUGINS:
                if plugins.plugin_loaded(plugin):
                    _run_migrations(plugin)
        # Migrating leaves CKAN's model an engine without a pool: every
        # statement would open a PostgreSQL connection (tests/database.py).
        pool_connections()
        yield app

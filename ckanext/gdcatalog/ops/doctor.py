"""Health checks of a running site: configuration, database and migrations,
Redis, the search backend and, when enabled, the harvest queues.

Each check returns a :class:`Check` instead of raising, so one broken
service does not hide the state of the others. ``ckan gdcatalog doctor``
and the ``gdcatalog_status`` action both report :func:`run_checks`.
"""
from __future__ import annotations

import inspect
import os
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, cast
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.ops import services

SEARCH_BACKEND_OPTION = "ckan.gdcatalog.search.backend"
SEARCH_TABLE = "gdcatalog_search_doc"  # created by the gdcatalog_search migrations


@dataclass
class Check:
    name: str
    ok: bool
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_checks() -> list[Check]:
    """Every check, in the order a person would fix them."""
    checks: list[Callable[[], Check]] = [
        check_config, check_database, check_migrations, check_redis, check_search]
    if "harvest" in _plugins():
        checks.append(check_harvest)
    return [_safely(check) for check in checks]


def _safely(check: Callable[[], Check]) -> Check:
    try:
        return check()
    except Exception as e:  # a check must report, never crash the report
        _rollback()
        name = check.__name__.removeprefix("check_")
        return Check(name, False, f"{type(e).__name__}: {e}")


def _rollback() -> None:
    # A failed statement leaves the session's transaction aborted; later
    # checks must start clean.
    try:
        from ckan import model
        model.Session.rollback()
    except Exception:
        pass


def _plugins() -> list[str]:
    return list(tk.aslist(tk.config.get("ckan.plugins")))


def redact(url: str) -> str:
    """A URL without its password, fit for printing."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


# -- configuration --------------------------------------------------------

def _scheming_types() -> list[str]:
    try:
        return list(tk.get_action("scheming_dataset_schema_list")({"ignore_auth": True}, {}))
    except KeyError:  # scheming_datasets listed but not loaded
        return []


def check_config() -> Check:
    site_url = tk.config.get("ckan.site_url") or ""
    site_id = tk.config.get("ckan.site_id") or ""
    plugins = _plugins()
    details = {"site_url": site_url, "site_id": site_id, "plugins": plugins}
    problems = []
    parsed = urlsplit(site_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(f"ckan.site_url is not an http(s) URL: {site_url!r}")
    if not site_id:
        problems.append("ckan.site_id is empty")
    for required in ("gdcatalog", "scheming_datasets"):
        if required not in plugins:
            problems.append(f"plugin {required} is not in ckan.plugins")
    if ({"gdcatalog", "scheming_datasets"} <= set(plugins)
            and plugins.index("scheming_datasets") < plugins.index("gdcatalog")):
        # gdcatalog's templates override scheming's only when listed first.
        problems.append("plugin gdcatalog must come before scheming_datasets in ckan.plugins")
    if "scheming_datasets" in plugins and "dataset" not in _scheming_types():
        problems.append("ckanext-scheming has loaded no 'dataset' schema "
                        "(check scheming.dataset_schemas)")
    if problems:
        return Check("config", False, "; ".join(problems), details)
    return Check("config", True,
                 f"site_url {site_url}, site_id {site_id}, plugins: {' '.join(plugins)}",
                 details)


# -- database -------------------------------------------------------------

def _engine() -> sa.engine.Engine:
    from ckan import model
    return model.meta.engine


def check_database() -> Check:
    engine = _engine()
    with engine.connect() as conn:
        version = conn.execute(sa.text("SHOW server_version")).scalar()
        database = conn.execute(sa.text("SELECT current_database()")).scalar()
    url = engine.url.render_as_string(hide_password=True)
    return Check("database", True, f"PostgreSQL {version}, database {database}",
                 {"url": url, "server_version": version, "database": database})


@dataclass(frozen=True)
class MigrationSource:
    """Core CKAN or a plugin with alembic migrations."""
    name: str
    ini: str
    version_table: str


def migration_sources() -> list[MigrationSource]:
    """Core and each enabled plugin with migrations, found where
    ``ckan db upgrade`` looks: <plugin package>/migration/<plugin>/."""
    import ckan.migration
    sources = [MigrationSource("core", os.path.join(
        os.path.dirname(ckan.migration.__file__), "alembic.ini"), "alembic_version")]
    for name in _plugins():
        plugin = p.get_plugin(name)
        if plugin is None:
            continue
        source_file = inspect.getsourcefile(type(plugin))
        if not source_file:
            continue
        plugin_dir = os.path.dirname(source_file)
        # the top package under ckanext/, as ckan.cli.db resolves it
        start = plugin_dir.rfind("/ckanext/") + len("/ckanext/")
        end = plugin_dir.find("/", start)
        if end != -1:
            plugin_dir = plugin_dir[:end]
        ini = os.path.join(plugin_dir, "migration", name, "alembic.ini")
        if os.path.isfile(ini):
            # CKAN's plugin migration template names the table this way.
            sources.append(MigrationSource(name, ini, f"{name}_alembic_version"))
    return sources


def migration_state(source: MigrationSource, connection: Any) -> tuple[set[str], set[str]]:
    """(applied revisions, head revisions). Reads the version table without
    running the migration environment (which would reconfigure logging)."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(Config(source.ini)).get_heads())
    context = MigrationContext.configure(connection, opts={"version_table": source.version_table})
    return set(context.get_current_heads()), heads


def check_migrations() -> Check:
    pending = []
    states = {}
    with _engine().connect() as conn:
        for source in migration_sources():
            current, heads = migration_state(source, conn)
            states[source.name] = {"current": sorted(current), "heads": sorted(heads)}
            if current != heads:
                pending.append(source.name)
    if pending:
        return Check("migrations", False,
                     f"not at the latest revision: {', '.join(pending)}; "
                     "run `ckan db upgrade`", states)
    return Check("migrations", True,
                 f"up to date: {', '.join(states)}", states)


# -- redis ----------------------------------------------------------------

def check_redis() -> Check:
    # A fresh client rather than ckan.lib.redis.is_redis_available(): that
    # reuses a connection pool built from the configuration first seen, so
    # it would not notice a changed or wrong ckan.redis.url.
    import redis

    raw_url = tk.config.get("ckan.redis.url") or ""
    url = redact(raw_url)
    client = redis.Redis.from_url(raw_url, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
        server = cast(dict[str, Any], client.info("server"))
        version = server.get("redis_version", "?")
    except redis.RedisError as e:
        parsed = urlsplit(raw_url)
        return Check("redis", False,
                     f"not reachable at {url} (ckan.redis.url): {str(e).rstrip('.')}. "
                     f"Fix: {services.redis_fix(parsed.hostname, parsed.port)}",
                     {"url": url})
    finally:
        client.close()
    return Check("redis", True, f"Redis {version} reachable at {url}",
                 {"url": url, "server_version": version})


# -- search ---------------------------------------------------------------

def search_backend() -> str:
    """The backend serving package_search: PostgreSQL only when the
    gdcatalog_search plugin is enabled; otherwise stock CKAN's Solr."""
    if "gdcatalog_search" not in _plugins():
        return "solr"
    return (tk.config.get(SEARCH_BACKEND_OPTION) or "postgresql").strip().lower()


def check_search() -> Check:
    backend = search_backend()
    if backend == "postgresql":
        return _check_postgresql_index()
    if backend == "solr":
        return _check_solr()
    return Check("search", False, f"unknown {SEARCH_BACKEND_OPTION}: {backend!r}",
                 {"backend": backend})


def _check_postgresql_index() -> Check:
    from ckan import model
    session = model.Session
    details: dict[str, Any] = {"backend": "postgresql", "table": SEARCH_TABLE}
    if session.execute(sa.text("SELECT to_regclass(:t)"), {"t": SEARCH_TABLE}).scalar() is None:
        return Check("search", False,
                     f"backend postgresql: index table {SEARCH_TABLE} is missing; "
                     "run `ckan db upgrade`", details)
    site_id = tk.config.get("ckan.site_id")
    # CKAN indexes every dataset that is not deleted (drafts included).
    live = session.execute(sa.text(
        "SELECT count(*) FROM package WHERE state <> 'deleted'")).scalar()
    indexed = session.execute(sa.text(
        f"SELECT count(*) FROM {SEARCH_TABLE} WHERE site_id = :site"), {"site": site_id}).scalar()
    missing = session.execute(sa.text(f"""
        SELECT count(*) FROM package p WHERE p.state <> 'deleted' AND NOT EXISTS (
            SELECT 1 FROM {SEARCH_TABLE} d WHERE d.site_id = :site AND d.id = p.id)"""),
        {"site": site_id}).scalar()
    stale = session.execute(sa.text(f"""
        SELECT count(*) FROM {SEARCH_TABLE} d WHERE d.site_id = :site AND NOT EXISTS (
            SELECT 1 FROM package p WHERE p.id = d.id AND p.state <> 'deleted')"""),
        {"site": site_id}).scalar()
    details.update({"datasets": live, "indexed": indexed, "missing": missing, "stale": stale})
    summary = f"backend postgresql: {indexed} indexed of {live} datasets"
    if missing or stale:
        return Check("search", False,
                     f"{summary} ({missing} missing, {stale} stale); "
                     "run `ckan search-index rebuild`", details)
    return Check("search", True, summary, details)


def _check_solr() -> Check:
    from ckan.lib.search.common import is_available
    url = redact(tk.config.get("solr_url") or "")
    details = {"backend": "solr", "url": url}
    if is_available():
        return Check("search", True, f"backend solr: reachable at {url}", details)
    return Check("search", False, f"backend solr: not reachable at {url} (solr_url)", details)


# -- harvest --------------------------------------------------------------

def check_harvest() -> Check:
    from ckanext.harvest import queue

    backend = tk.config.get("ckan.harvest.mq.type") or queue.MQ_TYPE
    details: dict[str, Any] = {"backend": backend}
    connection = queue.get_connection()
    if backend == "redis":
        try:
            connection.ping()
        except Exception as e:  # redis.ConnectionError and the like
            return Check("harvest", False,
                         f"redis queues not reachable: {e} (see the redis check)", details)
        lengths = {"gather": connection.llen(queue.get_gather_routing_key()),
                   "fetch": connection.llen(queue.get_fetch_routing_key())}
        details.update(lengths)
        return Check("harvest", True,
                     f"redis queues reachable: {lengths['gather']} gather, "
                     f"{lengths['fetch']} fetch messages waiting", details)
    connection.close()  # AMQP: opening the connection is the check
    return Check("harvest", True, f"{backend} broker reachable", details)


def summary(checks: list[Check]) -> dict[str, Any]:
    return {"ok": all(c.ok for c in checks), "checks": [c.as_dict() for c in checks]}

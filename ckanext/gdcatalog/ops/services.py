"""PostgreSQL and Redis as services of this machine: when one does not
answer, the command that installs or starts it.

CKAN cannot even start without its database (it reads the schema version
while loading plugins), so :func:`require_database` runs first, from the
plugin's configuration hook: any ``ckan`` command, ``ckan gdcatalog doctor``
included, then stops with the fix instead of a traceback.
"""
from __future__ import annotations

import glob
import subprocess
import shutil
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}
CONNECT_TIMEOUT = 3  # seconds

_reachable: set[str] = set()  # URLs already seen answering in this process


def _is_local(host: Optional[str]) -> bool:
    # No host, or a socket directory, is this machine too.
    return (host or "") in LOCAL_HOSTS or (host or "").startswith("/")


def _clusters() -> list[tuple[str, str, int, str]]:
    """Debian's PostgreSQL clusters: (version, name, port, status)."""
    if not shutil.which("pg_lsclusters"):
        return []
    try:
        output = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True,
                                timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    clusters = []
    for line in output.splitlines():
        words = line.split()
        if len(words) >= 4 and words[2].isdigit():
            clusters.append((words[0], words[1], int(words[2]), words[3]))
    return clusters


def postgresql_fix(host: Optional[str], port: Optional[int]) -> str:
    """What to run so that PostgreSQL answers at host:port."""
    port = port or 5432
    if not _is_local(host):
        return (f"check that the server at {host}:{port} runs and accepts connections "
                "from this machine (sqlalchemy.url)")
    if not glob.glob("/usr/lib/postgresql/*/bin/postgres") and not shutil.which("postgres"):
        return "install it: sudo apt-get install postgresql"
    clusters = _clusters()
    for version, name, cluster_port, _status in clusters:
        if cluster_port == port:
            return f"start it: sudo pg_ctlcluster {version} {name} start"
    if clusters:
        listed = ", ".join(f"{v}/{n} on port {p}" for v, n, p, _ in clusters)
        return f"no cluster listens on port {port} ({listed}): correct sqlalchemy.url"
    return "start it: sudo service postgresql start"


def redis_fix(host: Optional[str], port: Optional[int]) -> str:
    """What to run so that Redis answers at host:port."""
    port = port or 6379
    if not _is_local(host):
        return f"check that the server at {host}:{port} runs (ckan.redis.url)"
    if not shutil.which("redis-server"):
        return "install it: sudo apt-get install redis-server"
    if port == 6379:
        return "start it: sudo service redis-server start (or: redis-server --daemonize yes)"
    return f"start it: redis-server --port {port} --daemonize yes"


def database_problem(url: str) -> Optional[str]:
    """None when the database answers, else what is wrong and its fix."""
    parsed = make_url(url)
    engine = sa.create_engine(parsed, poolclass=NullPool,
                              connect_args={"connect_timeout": CONNECT_TIMEOUT})
    try:
        with engine.connect():
            return None
    except sa.exc.OperationalError as e:
        reason = str(e.orig if e.orig is not None else e).strip().splitlines()[0]
    finally:
        engine.dispose()
    where = f"{parsed.host or 'the local socket'}:{parsed.port or 5432}"
    if ("password authentication failed" in reason or "no password supplied" in reason
            or "role" in reason and "does not exist" in reason):
        fix = "correct the user and password in sqlalchemy.url"
    elif "does not exist" in reason:
        fix = (f"create it: sudo -u postgres createdb -O {parsed.username or 'USER'} "
               f"-E UTF8 -T template0 {parsed.database}")
    else:
        fix = postgresql_fix(parsed.host, parsed.port)
    return (f"PostgreSQL at {where}, database {parsed.database}, does not answer: "
            f"{reason}. Fix: {fix}")


def require_database(url: str) -> None:
    """Raise CKAN's configuration error, which its command line prints in one
    line, when the database does not answer. Checked once per process."""
    if not url or url in _reachable or make_url(url).get_backend_name() != "postgresql":
        return
    problem = database_problem(url)
    if problem:
        from ckan.exceptions import CkanConfigurationException
        raise CkanConfigurationException(problem)
    _reachable.add(url)

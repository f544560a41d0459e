"""A database or Redis that does not answer is named, with the command that
fixes it, instead of a traceback."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.ops import services

CKAN = str(Path(sys.executable).with_name("ckan"))


def _closed_port() -> int:
    # A port that was free a moment ago: nothing listens there.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_url() -> str:
    return tk.config["sqlalchemy.url"]


def test_the_test_database_has_no_problem():
    assert services.database_problem(_test_url()) is None


def test_a_stopped_server_is_named_with_a_fix():
    url = make_url(_test_url()).set(port=_closed_port())
    problem = services.database_problem(url.render_as_string(hide_password=False))
    assert problem is not None
    assert f"127.0.0.1:{url.port}" in problem
    assert "does not answer" in problem and "Fix: " in problem
    fix = problem.split("Fix: ", 1)[1]
    assert any(command in fix for command in (
        "apt-get install postgresql", "pg_ctlcluster", "correct sqlalchemy.url",
        "service postgresql start")), fix


def test_a_missing_database_says_how_to_create_it():
    url = make_url(_test_url()).set(database="gdcatalog_no_such_database")
    problem = services.database_problem(url.render_as_string(hide_password=False))
    assert problem is not None
    assert "createdb" in problem and "gdcatalog_no_such_database" in problem


def test_remote_servers_are_left_to_their_operators():
    assert services.postgresql_fix("db.example.go.th", 5433) == (
        "check that the server at db.example.go.th:5433 runs and accepts connections "
        "from this machine (sqlalchemy.url)")
    assert "cache.example.go.th:6380" in services.redis_fix("cache.example.go.th", 6380)


def test_any_ckan_command_stops_with_the_fix_when_the_database_is_down(request):
    # A real ckan process, as an operator runs it, against a closed port.
    url = make_url(_test_url()).set(port=_closed_port())
    env = dict(os.environ, CKAN_SQLALCHEMY_URL=url.render_as_string(hide_password=False))
    result = subprocess.run(
        [CKAN, "-c", request.config.getoption("--ckan-ini"), "gdcatalog", "doctor"],
        capture_output=True, text=True, timeout=120, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "does not answer" in output and "Fix: " in output, output
    assert "Traceback" not in output, output

"""A forked child (rebuild-fast's workers, forked harvest consumers) must
leave the parent's open transaction alone (ckanext/gdcatalog/dbfork.py)."""
from __future__ import annotations

import gc
import os

import pytest
import sqlalchemy as sa

from ckan import model

pytestmark = pytest.mark.usefixtures("clean_db")


def test_a_forked_child_does_not_roll_back_the_parents_transaction():
    model.Session.execute(sa.text("CREATE TEMP TABLE fork_probe (x int)"))
    model.Session.execute(sa.text("INSERT INTO fork_probe VALUES (1)"))
    parent_backend = model.Session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    pid = os.fork()
    if pid == 0:  # the child collects what it inherited, as a busy child would
        try:
            gc.collect()
            own = model.Session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
            os._exit(0 if own != parent_backend else 3)  # a connection of its own
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # Still in the same transaction: the row is there and a savepoint works.
    model.Session.execute(sa.text("SAVEPOINT after_fork"))
    assert model.Session.execute(sa.text("SELECT count(*) FROM fork_probe")).scalar() == 1
    model.Session.rollback()

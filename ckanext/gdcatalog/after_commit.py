"""Work that must wait until CKAN's transaction commits.

A background job queued from inside a save could run before the save is
committed (and read the old state) or for a save that is then rolled back.
So values (dataset ids) are collected on the session while the transaction
runs, and handed to a callback once it commits; a rollback of the whole
transaction forgets them.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import sqlalchemy as sa

import ckan.model as model

log = logging.getLogger(__name__)


class AfterCommit:
    """Values collected during a transaction, given to ``callback`` (sorted)
    after it commits. The callback's errors are logged: the save stands."""

    def __init__(self, name: str, callback: Callable[[list[str]], None]) -> None:
        self.key = f"gdcatalog_after_commit:{name}"
        self.callback = callback
        # SQLAlchemy knows listeners by identity: bind the methods once.
        self._on_commit = self._after_commit
        self._on_rollback = self._after_rollback

    def add(self, value: str) -> None:
        model.Session().info.setdefault(self.key, set()).add(value)

    def _after_commit(self, session: Any) -> None:
        if session.in_nested_transaction():  # a savepoint released: not committed yet
            return
        pending = session.info.pop(self.key, None)
        if not pending:
            return
        try:
            self.callback(sorted(pending))
        except Exception:  # Redis down, say: the save stands, the work waits
            log.exception("Could not hand over %s after the commit", self.key)

    def _after_rollback(self, session: Any, previous: Any) -> None:
        if previous.parent is None and not previous.nested:  # the whole transaction
            session.info.pop(self.key, None)

    def install(self) -> None:
        """Listen to commits of CKAN's sessions (once per process)."""
        if not sa.event.contains(model.Session, "after_commit", self._on_commit):
            sa.event.listen(model.Session, "after_commit", self._on_commit)
            sa.event.listen(model.Session, "after_soft_rollback", self._on_rollback)

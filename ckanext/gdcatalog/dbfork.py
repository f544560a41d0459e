"""A forked child (``search-index rebuild-fast``'s workers, forked harvest
consumers) opens database connections of its own and never touches the
parent's. Registered when the extension is imported, whichever of its
plugins a site loads."""
from __future__ import annotations

import os
from typing import Any

# The parent's sessions, as inherited by a forked child: kept from the
# garbage collector, which would otherwise roll back their open transaction
# on the socket the child shares with the parent (the parent's transaction
# would be gone under it). Forked children leave by os._exit, finalising
# nothing.
_inherited_sessions: list[Any] = []


def forget_inherited_connections() -> None:
    from ckan.model import meta
    if meta.Session.registry.has():
        _inherited_sessions.append(meta.Session.registry())
    meta.Session.registry.clear()
    if meta.engine is not None:
        meta.engine.dispose(close=False)


os.register_at_fork(after_in_child=forget_inherited_connections)

"""A source that shrinks at once is suspect: an empty answer, a broken
export or a misconfigured server would otherwise withdraw its whole
catalog. A complete read that lists no record at all while the source has
records here, or that would withdraw more than
``ckan.gdcatalog.harvest.max_withdraw_share`` of them, withdraws nothing:
it records a gather error and marks the missing records as held
(``withdrawal_held``). The next complete read that still misses every one
of them confirms the shrink and withdraws them; a read that sees a held
record again releases it. Smaller withdrawals happen at once, as before.
"""
from __future__ import annotations

from typing import Any, Optional

from ckanext.gdcatalog.harvest import messages, options, store

Held = tuple[str, dict[str, Any]]


def release(source_id: str, seen: set[str]) -> None:
    """Held records that the source lists again are no longer held."""
    store.set_held(store.held(source_id) & seen, None)


def hold(source_id: str, live: int, missing: list[str], seen: set[str]) -> Optional[Held]:
    """None when the ``missing`` records (of ``live`` ones) may be withdrawn
    now; else the message of the gather error, the records now held."""
    if not missing:
        return None
    share = options.max_withdraw_share()
    if seen and len(missing) <= share * live:
        return None
    held = store.held(source_id)
    if held.issuperset(missing):
        return None  # a previous complete read missed them too: confirmed
    store.set_held(set(missing) - held, store.now())
    if not seen:
        return messages.MSG_WITHDRAWAL_HELD_EMPTY, {"total": live}
    return messages.MSG_WITHDRAWAL_HELD, {"missing": len(missing), "total": live,
                                          "share": f"{share:.0%}"}

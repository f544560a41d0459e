"""What a failed database statement says, in one line for a log or a message."""
from __future__ import annotations


def reason(error: BaseException) -> str:
    """The driver's first line (SQLAlchemy wraps it with the statement)."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__

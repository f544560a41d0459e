"""The harvesting options (declared in harvest/config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

WITHDRAW_DELETE, WITHDRAW_KEEP = "delete", "keep"


def _int(key: str, default: int) -> int:
    value = tk.config.get(key)
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def withdraw_mode() -> str:
    value = str(tk.config.get("ckan.gdcatalog.harvest.withdraw") or WITHDRAW_DELETE).lower()
    return WITHDRAW_KEEP if value == WITHDRAW_KEEP else WITHDRAW_DELETE


def max_withdraw_share() -> float:
    """The share of a source's records one run may withdraw (0 to 1)."""
    value = tk.config.get("ckan.gdcatalog.harvest.max_withdraw_share")
    try:
        share = float(value) if value not in (None, "") else 0.5
    except (TypeError, ValueError):
        share = 0.5
    return min(max(share, 0.0), 1.0)


def fetch_timeout() -> int:
    return _int("ckan.gdcatalog.harvest.fetch_timeout", 60)


def stuck_minutes() -> int:
    return _int("ckan.gdcatalog.harvest.stuck_minutes", 120)


def retention_days() -> int:
    return _int("ckan.gdcatalog.harvest.retention_days", 90)


def report_jobs() -> int:
    return _int("ckan.gdcatalog.harvest.report_jobs", 10)

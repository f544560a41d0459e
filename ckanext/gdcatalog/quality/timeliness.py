"""Timeliness against the declared update frequency (ckanext-dquality's
formulas): cycle = the unit's days ÷ update_frequency_interval;
elapsed = days since the resource last changed;
acc_latency = max(0, elapsed − cycle) ÷ cycle × 100;
freshness = (cycle − elapsed) ÷ cycle × 100 (negative when overdue);
timeliness = category 0 (on time) to 4 (acc_latency > 100), −1 when the
unit has no cycle in days.

ckanext-dquality multiplies the unit's days by the interval; our schema
defines the interval as updates *per unit* (2 per month: every 15 days),
so the cycle divides by it. With the usual interval 1 both agree."""
from __future__ import annotations

import datetime as dt
from typing import Any

# Unit codes of schemas/vocabularies/update_frequency_unit.yaml.
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 90, "half_year": 180, "year": 365}


def _days(unit: str | None, interval: Any) -> float | None:
    days = UNIT_DAYS.get((unit or "").strip())
    if days is None:
        return None
    try:
        count = float(interval) if interval not in (None, "") else 1.0
    except (TypeError, ValueError):
        return None
    return days / count if count > 0 else None


def category(acc_latency: float) -> int:
    if acc_latency <= 0:
        return 0
    if acc_latency <= 25:
        return 1
    if acc_latency <= 50:
        return 2
    if acc_latency <= 100:
        return 3
    return 4


def measure(unit: str | None, interval: Any, changed: dt.datetime | dt.date | None,
            today: dt.date) -> dict[str, float | int | None]:
    """``timeliness``, ``acc_latency`` and ``freshness``; all None when the
    date of change is unknown, timeliness −1 (others None) when the unit has
    no cycle."""
    if changed is None:
        return {"timeliness": None, "acc_latency": None, "freshness": None}
    cycle = _days(unit, interval)
    if cycle is None:
        return {"timeliness": -1, "acc_latency": None, "freshness": None}
    changed_day = changed.date() if isinstance(changed, dt.datetime) else changed
    elapsed = (today - changed_day).days
    acc_latency = max(0.0, elapsed - cycle) / cycle * 100
    freshness = (cycle - elapsed) / cycle * 100
    return {"timeliness": category(acc_latency), "acc_latency": round(acc_latency, 4),
            "freshness": round(freshness, 4)}

import datetime as dt

import pytest

from ckanext.gdcatalog.quality import timeliness

pytestmark = pytest.mark.without_plugins

TODAY = dt.date(2026, 1, 31)


def test_monthly_on_time():
    # cycle 30 days, elapsed 10: latency 0, freshness (30 − 10) ÷ 30 = 66.6667 %
    assert timeliness.measure("month", 1, dt.date(2026, 1, 21), TODAY) == {
        "timeliness": 0, "acc_latency": 0.0, "freshness": 66.6667}


@pytest.mark.parametrize("elapsed, latency, category", [
    (35, 16.6667, 1),    # (35 − 30) ÷ 30
    (45, 50.0, 2),       # (45 − 30) ÷ 30, the upper edge of (25, 50]
    (60, 100.0, 3),
    (61, 103.3333, 4),
])
def test_overdue_categories(elapsed, latency, category):
    changed = TODAY - dt.timedelta(days=elapsed)
    result = timeliness.measure("month", "1", changed, TODAY)
    assert (result["acc_latency"], result["timeliness"]) == (latency, category)
    assert result["freshness"] == round((30 - elapsed) / 30 * 100, 4)


def test_interval_is_updates_per_unit():
    # twice a year: cycle 365 / 2 = 182.5 days; elapsed 200:
    # latency (200 − 182.5) / 182.5 = 9.589 % -> category 1
    result = timeliness.measure("year", 2, TODAY - dt.timedelta(days=200), TODAY)
    assert (result["timeliness"], result["acc_latency"]) == (1, 9.589)


@pytest.mark.parametrize("unit", ["real_time", "hour", "working_day", "unknown", "never", None])
def test_units_without_a_cycle(unit):
    assert timeliness.measure(unit, 1, TODAY, TODAY) == {
        "timeliness": -1, "acc_latency": None, "freshness": None}


def test_unknown_change_date():
    assert timeliness.measure("year", 1, None, TODAY)["timeliness"] is None

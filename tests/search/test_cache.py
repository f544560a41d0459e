"""Search responses are cached in Redis under the index generation: a
repeated search is answered from the cache, and any committed change to the
index is seen by the next search."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers

from ckanext.gdcatalog.compat import ckan_at_least

from tests.factories import Dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _dataset(**kwargs):
    return Dataset(owner_org=factories.Organization()["id"], **kwargs)


def _cache_keys() -> set[bytes]:
    return set(connect_to_redis().keys("gdcatalog:search:*"))


def _generation() -> int:
    return model.Session.execute(
        sa.text("SELECT generation FROM gdcatalog_search_state")).scalar()


@pytest.fixture(autouse=True)
def _empty_cache():
    redis = connect_to_redis()
    for key in _cache_keys():
        redis.delete(key)


def test_repeated_search_is_answered_from_the_cache():
    _dataset(title="ปริมาณน้ำฝนรายเดือน")
    before = _cache_keys()
    first = helpers.call_action("package_search", q="น้ำฝน")
    cached = _cache_keys() - before
    assert len(cached) == 1
    second = helpers.call_action("package_search", q="น้ำฝน")
    assert second == first
    assert _cache_keys() - before == cached


def test_every_committed_change_is_seen_at_once():
    dataset = _dataset(title="ปริมาณน้ำฝนรายเดือน")
    assert helpers.call_action("package_search", q="น้ำฝน")["count"] == 1
    before = _generation()

    helpers.call_action("package_patch", id=dataset["id"], title="Rainfall by month")
    assert _generation() == before + 1
    assert helpers.call_action("package_search", q="น้ำฝน")["count"] == 0
    assert helpers.call_action("package_search", q="rainfall")["count"] == 1

    helpers.call_action("package_delete", id=dataset["id"])
    assert helpers.call_action("package_search", q="rainfall")["count"] == 0


def test_one_bump_per_transaction():
    org = factories.Organization()
    datasets = [Dataset(owner_org=org["id"], private=True) for _ in range(3)]
    before = _generation()
    helpers.call_action("bulk_update_public", {"user": factories.Sysadmin()["name"]},
                        datasets=[d["id"] for d in datasets], org_id=org["id"])
    # CKAN 2.11 reindexes a bulk update in one transaction; 2.12 runs
    # package_patch, one transaction, for each dataset
    assert _generation() == before + (len(datasets) if ckan_at_least(2, 12) else 1)
    assert helpers.call_action("package_search", include_private=False)["count"] == 3


def test_rolled_back_write_changes_nothing():
    _dataset(title="ชุดข้อมูลเดิม")
    before = _generation()
    model.Session.execute(sa.text("UPDATE gdcatalog_search_doc SET title = 'x'"))
    model.Session.rollback()
    assert _generation() == before


@pytest.mark.ckan_config("ckan.gdcatalog.search.cache_ttl", 0)
def test_cache_can_be_turned_off():
    _dataset(title="ปริมาณน้ำฝนรายเดือน")
    helpers.call_action("package_search", q="น้ำฝน")
    assert _cache_keys() == set()


def test_clock_dependent_queries_are_not_cached():
    _dataset()
    before = _cache_keys()
    result = helpers.call_action("package_search", fq="metadata_modified:[NOW-1DAY TO NOW]")
    assert result["count"] == 1
    assert _cache_keys() == before

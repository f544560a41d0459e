"""``ckan search-index`` commands against the PostgreSQL index."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories

from ckanext.gdcatalog.compat import ckan_at_least

from tests.factories import Dataset

from .conftest import index_row_count, names

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def run(cli, *args):
    result = cli.invoke(ckan, ["search-index", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def lose_index_rows(*ids):
    """What an interrupted write or a restored database backup leaves."""
    model.Session.execute(sa.text("DELETE FROM gdcatalog_search_doc WHERE id = ANY(:ids)"),
                          {"ids": list(ids)})
    model.Session.commit()


@pytest.fixture
def datasets():
    org = factories.Organization()
    return [Dataset(name=name, title=title, owner_org=org["id"])
            for name, title in [("alpha", "จำนวนประชากร"), ("beta", "ปริมาณน้ำฝน"),
                                ("gamma", "Gamma rays")]]


def test_rebuild(cli, datasets):
    lose_index_rows(*[d["id"] for d in datasets])
    assert names() == set()
    run(cli, "rebuild", "--quiet")
    assert names() == {"alpha", "beta", "gamma"}
    assert names(q="น้ำฝน") == {"beta"}
    assert index_row_count() == 3


def test_rebuild_one(cli, datasets):
    lose_index_rows(datasets[0]["id"], datasets[1]["id"])
    run(cli, "rebuild", "alpha")
    assert names() == {"alpha", "gamma"}


def test_rebuild_only_missing_and_commit_each(cli, datasets):
    lose_index_rows(datasets[2]["id"])
    run(cli, "rebuild", "--only-missing", "--quiet")
    assert names() == {"alpha", "beta", "gamma"}
    lose_index_rows(datasets[1]["id"])
    run(cli, "rebuild", "--commit-each", "--quiet")
    assert names() == {"alpha", "beta", "gamma"}


@pytest.mark.skipif(ckan_at_least(2, 12), reason="CKAN 2.12 has no rebuild --clear")
def test_rebuild_clear(cli, datasets):
    run(cli, "rebuild", "--clear", "--quiet")
    assert names() == {"alpha", "beta", "gamma"}
    assert index_row_count() == 3


def test_rebuild_unknown_dataset_fails(cli, datasets):
    result = cli.invoke(ckan, ["search-index", "rebuild", "no-such-dataset"])
    assert result.exit_code == 1
    assert "no-such-dataset" in result.output


def test_rebuild_fast(cli, datasets):
    lose_index_rows(*[d["id"] for d in datasets])
    # rebuild-fast forks workers. A real `ckan` process reaches the command
    # with no open database connection (load_environment disposes them);
    # this test process has pooled ones, which forked children must not share.
    model.Session.remove()
    model.meta.engine.dispose()
    run(cli, "rebuild-fast")
    assert names() == {"alpha", "beta", "gamma"}
    assert index_row_count() == 3


def test_clear_all_and_one(cli, datasets):
    run(cli, "clear", "beta")
    assert names() == {"alpha", "gamma"}
    run(cli, "clear")
    assert names() == set()
    assert index_row_count() == 0


def test_check_and_list_unindexed(cli, datasets):
    output = run(cli, "check")
    assert "Packages not indexed = 0 out of 3" in output
    lose_index_rows(datasets[1]["id"])
    output = run(cli, "check")
    assert "Packages not indexed = 1 out of 3" in output
    assert "beta" in output
    output = run(cli, "list-unindexed")
    assert datasets[1]["id"] in output
    assert "Found 1 unindexed package(s)." in output
    run(cli, "rebuild", "--quiet")
    assert "Packages not indexed = 0 out of 3" in run(cli, "check")
    assert "Found 0 unindexed package(s)." in run(cli, "list-unindexed")


def test_show(cli, datasets):
    output = run(cli, "show", "beta")
    assert "'name': 'beta'" in output
    assert datasets[1]["id"] in output
    output = run(cli, "show", datasets[0]["id"])
    assert "'name': 'alpha'" in output
    result = cli.invoke(ckan, ["search-index", "show", "nothing"])
    assert result.exit_code != 0
    assert "not found in the search index" in str(result.exception)


def test_list_and_clear_orphans(cli, datasets):
    assert "Found 0 orphaned package(s)." in run(cli, "list-orphans")
    # remove a dataset from the database behind CKAN's back, with the rows
    # that refer to it: its keywords and, where CKAN keeps them in a table
    # of their own (2.11), its extras
    orphan = {"id": datasets[2]["id"]}
    for table in ("package_tag", "package_extra"):
        if sa.inspect(model.Session.get_bind()).has_table(table):
            model.Session.execute(sa.text(f"DELETE FROM {table} WHERE package_id = :id"),
                                  orphan)
    model.Session.execute(sa.text("DELETE FROM package WHERE id = :id"), orphan)
    model.Session.commit()
    output = run(cli, "list-orphans")
    assert datasets[2]["id"] in output
    assert "Found 1 orphaned package(s)." in output
    run(cli, "clear-orphans")
    assert "Found 0 orphaned package(s)." in run(cli, "list-orphans")
    assert index_row_count(id=datasets[2]["id"]) == 0
    assert names() == {"alpha", "beta"}

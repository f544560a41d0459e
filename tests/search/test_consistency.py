"""The index and CKAN's tables commit or roll back together.

Index rows are written on CKAN's own session, inside the transaction that
saves the dataset. A commit that fails after the index write (here: a
deferred constraint trigger refusing the dataset at COMMIT time) leaves
neither the dataset nor its index row; an index write that fails leaves
no dataset without its row. When rows go missing anyway (a restored
backup, a manual DELETE), ``search-index check`` reports them and
``rebuild`` mends them.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan
from ckan.lib.search.common import SearchError, SearchIndexError
from ckan.tests import factories, helpers

from tests.factories import Dataset, mandatory_fields

from .conftest import index_row_count, names

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", True),
]


def _execute(sql, **params):
    model.Session.execute(sa.text(sql), params)
    model.Session.commit()


@pytest.fixture
def refuse_at_commit():
    """A deferred trigger on package that fails COMMIT for names starting
    with "doomed", reporting whether the index row existed at that point."""
    _execute("""
        CREATE OR REPLACE FUNCTION gdcatalog_test_refuse() RETURNS trigger AS $$
        BEGIN
            IF NEW.name LIKE 'doomed%' THEN
                RAISE EXCEPTION 'refused by test policy (indexed: %)',
                    EXISTS (SELECT 1 FROM gdcatalog_search_doc d WHERE d.id = NEW.id);
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")
    _execute("""
        CREATE CONSTRAINT TRIGGER gdcatalog_test_refuse AFTER INSERT OR UPDATE ON package
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gdcatalog_test_refuse()""")
    yield
    model.Session.rollback()
    _execute("DROP TRIGGER IF EXISTS gdcatalog_test_refuse ON package")
    _execute("DROP FUNCTION IF EXISTS gdcatalog_test_refuse()")


@pytest.fixture
def refuse_index_write():
    """Make the index refuse rows of datasets named "unindexable*"."""
    _execute("""
        CREATE OR REPLACE FUNCTION gdcatalog_test_refuse_row() RETURNS trigger AS $$
        BEGIN
            IF NEW.name LIKE 'unindexable%' THEN
                RAISE EXCEPTION 'index write refused by test';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")
    _execute("""
        CREATE TRIGGER gdcatalog_test_refuse_row BEFORE INSERT OR UPDATE
        ON gdcatalog_search_doc FOR EACH ROW EXECUTE FUNCTION gdcatalog_test_refuse_row()""")
    yield
    model.Session.rollback()
    _execute("DROP TRIGGER IF EXISTS gdcatalog_test_refuse_row ON gdcatalog_search_doc")
    _execute("DROP FUNCTION IF EXISTS gdcatalog_test_refuse_row()")


def test_failed_commit_leaves_no_index_row(refuse_at_commit):
    Dataset(name="survivor", title="Survivor")
    with pytest.raises(sa.exc.SQLAlchemyError, match=r"refused by test policy \(indexed: t\)"):
        helpers.call_action("package_create", name="doomed", title="Doomed",
                            **mandatory_fields())
    model.Session.rollback()
    assert model.Package.get("doomed") is None
    assert index_row_count(name="doomed") == 0
    assert names() == {"survivor"}
    assert names(q="doomed") == set()


def test_failed_update_keeps_the_old_index_row(refuse_at_commit):
    dataset = Dataset(name="stable", title="Stable title")
    with pytest.raises(sa.exc.SQLAlchemyError, match="refused by test policy"):
        helpers.call_action("package_patch", id=dataset["id"], name="doomed-rename",
                            title="Changed title")
    model.Session.rollback()
    assert model.Package.get(dataset["id"]).title == "Stable title"
    assert names(q="changed") == set()
    assert names(q="stable") == {"stable"}
    assert names(fq="name:stable") == {"stable"}


def test_failed_index_write_saves_no_dataset(refuse_index_write):
    with pytest.raises(SearchIndexError, match="index write refused by test"):
        helpers.call_action("package_create", name="unindexable", title="Unindexable",
                            **mandatory_fields())
    model.Session.rollback()
    assert model.Package.get("unindexable") is None
    Dataset(name="fine", title="Fine")
    assert names() == {"fine"}


def test_search_errors_do_not_disturb_the_callers_transaction():
    """A failing search must not abort the transaction CKAN is working in."""
    Dataset(name="first", title="First")
    org = factories.Organization()
    model.Session.add(model.Tag(name="pending-tag"))
    model.Session.flush()
    with pytest.raises(SearchError):
        helpers.call_action("package_search", q="title:(")
    model.Session.commit()
    assert model.Tag.by_name("pending-tag") is not None
    Dataset(name="second", title="Second", owner_org=org["id"])
    assert names() == {"first", "second"}


def test_check_reports_a_lost_row_and_rebuild_mends_it(cli):
    kept = Dataset(name="kept", title="Kept")
    lost = Dataset(name="lost", title="จำนวนประชากร")
    _execute("DELETE FROM gdcatalog_search_doc WHERE id = :id", id=lost["id"])
    assert names() == {"kept"}

    result = cli.invoke(ckan, ["search-index", "check"])
    assert result.exit_code == 0, result.output
    assert "Packages not indexed = 1 out of 2" in result.output
    assert "lost" in result.output

    result = cli.invoke(ckan, ["search-index", "rebuild", "--only-missing", "--quiet"])
    assert result.exit_code == 0, result.output
    assert names() == {"kept", "lost"}
    assert names(q="ประชากร") == {"lost"}
    assert index_row_count(id=kept["id"]) == 1
    result = cli.invoke(ckan, ["search-index", "check"])
    assert "Packages not indexed = 0 out of 2" in result.output

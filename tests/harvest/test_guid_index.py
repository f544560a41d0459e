"""ckanext-dcat's lookup of a dataset by its guid extra (made for every new
harvested record) is answered from an index, on CKAN 2.11 and 2.12 alike."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories

from ckanext.gdcatalog.harvest.harvester import GdcDCATRDFHarvester

from tests.factories import Dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

GUID = "http://agency.example.go.th/dataset/guid-index"


def _lookup_statements() -> tuple[list, list]:
    """The datasets found for GUID, and the statements that found them."""
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    engine = model.meta.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        found = GdcDCATRDFHarvester()._read_datasets_from_db(GUID)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return found, seen


def test_the_guid_lookup_finds_the_dataset_through_an_index():
    dataset = Dataset(owner_org=factories.Organization()["id"])
    # What ckanext-dcat's harvester wrote before our records were kept
    # (package_extra rows on CKAN 2.11, the extras column on 2.12).
    package = model.Package.get(dataset["id"])
    package.extras["guid"] = GUID
    model.Session.commit()
    found, statements = _lookup_statements()
    assert [row[0] for row in found] == [dataset["id"]]
    [(statement, parameters)] = [s for s in statements if "guid" in str(s[1])]
    # A handful of rows makes a sequential scan cheapest: forbid it, so the
    # plan shows whether an index can answer the statement at all.
    model.Session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    cursor = model.Session.connection().connection.cursor()
    cursor.execute("EXPLAIN " + statement, parameters)
    plan = "\n".join(row[0] for row in cursor.fetchall())
    model.Session.rollback()
    assert "gdcatalog_package_extra_guid" in plan or "gdcatalog_package_guid" in plan, plan

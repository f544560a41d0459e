"""A harvested record with a text value over its size limit becomes an error
of its job; the source's other records are imported."""
from __future__ import annotations

import pytest

from ckan import model

from tests.harvest.conftest import make_source, report, run_harvest
from tests.harvest.source import Catalog, record

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"),
              pytest.mark.ckan_config("ckan.gdcatalog.max_long_text_length", 1000)]


def test_a_record_over_the_limit_is_an_error_and_the_others_are_imported(
        source_server, harvest_org, sysadmin):
    catalog = Catalog(count=3)
    catalog.records[2] = record(2, notes="ก" * 1001)
    source_server.catalog = catalog
    source = make_source(source_server.url, harvest_org, sysadmin)
    job = run_harvest(source["id"], sysadmin)
    assert job["status"] == "Finished"
    assert job["stats"]["added"] == 2 and job["stats"]["errored"] == 1
    errors = " ".join(e["message"] for e in report(source["id"], sysadmin)["jobs"][0]
                      ["object_errors"])
    assert "http://agency.example.go.th/dataset/2" in errors and "at most 1,000" in errors
    names = {p.name for p in model.Session.query(model.Package).filter(
        model.Package.type == "dataset")}
    assert names == {"source-dataset-1", "source-dataset-3"}

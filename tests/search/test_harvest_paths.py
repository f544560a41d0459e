"""ckanext-harvest talks to the index directly (make_connection and
PackageSearchIndex): clearing and reindexing a source must work without Solr."""
from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from tests.factories import Dataset


def _source(org):
    return helpers.call_action(
        "harvest_source_create", {"user": factories.Sysadmin()["name"]},
        name="agency-catalog", title="Agency catalog", url="http://127.0.0.1:8999/catalog.ttl",
        source_type="dcat_rdf", owner_org=org["id"], frequency="MANUAL")


def _harvested_dataset(source, org, title):
    from ckanext.harvest.model import HarvestJob, HarvestObject
    dataset = Dataset(owner_org=org["id"], title=title)
    job = HarvestJob(source_id=source["id"])
    job.save()
    HarvestObject(guid=dataset["id"], job=job, harvest_source_id=source["id"],
                  package_id=dataset["id"], current=True).save()
    # Reindex so harvest's before_dataset_index adds harvest_source_id.
    helpers.call_action("package_patch", id=dataset["id"], notes="harvested")
    return dataset


@pytest.mark.usefixtures("clean_db", "clean_index")
# A source's URL is checked when it is saved: this one is never fetched.
@pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "127.0.0.1")
class TestHarvestIndexPaths:
    def test_source_clear_removes_its_datasets_from_the_index(self):
        org = factories.Organization()
        source = _source(org)
        harvested = _harvested_dataset(source, org, "ปริมาณน้ำฝนรายเดือน")
        own = Dataset(owner_org=org["id"], title="ชุดข้อมูลของหน่วยงานเอง")
        found = helpers.call_action("package_search", fq=f'harvest_source_id:"{source["id"]}"')
        assert [d["id"] for d in found["results"]] == [harvested["id"]]

        helpers.call_action("harvest_source_clear", {"user": factories.Sysadmin()["name"]},
                            id=source["id"])

        names = {d["id"] for d in helpers.call_action("package_search", rows=100)["results"]}
        assert harvested["id"] not in names
        assert own["id"] in names

    def test_source_reindex_indexes_the_source(self):
        org = factories.Organization()
        source = _source(org)
        helpers.call_action("harvest_source_reindex", id=source["id"])
        found = helpers.call_action("package_search", fq="+dataset_type:harvest",
                                    include_private=True)
        assert [d["name"] for d in found["results"]] == ["agency-catalog"]

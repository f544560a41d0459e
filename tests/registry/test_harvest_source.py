"""The harvest source an approval creates is gathered by ckanext-dcat's
harvester, and harvest pages on non-public addresses are refused."""
from __future__ import annotations

import pytest

from ckan.tests import factories, helpers
from ckanext.dcat.harvesters import DCATRDFHarvester
from ckanext.harvest import model as harvest_model
from ckanext.harvest import queue
from ckanext.harvest.tests.factories import HarvestJobObj, HarvestSourceObj

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index"),
              pytest.mark.ckan_config("ckan.gdcatalog.role", "central"),
              pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "127.0.0.1")]


def _gather(source):
    job = HarvestJobObj(source=source, run=False)
    job.status = "Running"
    job.save()
    return job, queue.gather_stage(DCATRDFHarvester(), job) or []


def test_an_approved_catalog_is_gathered(base_url):
    user, sysadmin = factories.User(), factories.Sysadmin()
    application = helpers.call_action(
        "gdcatalog_registry_apply", context={"user": user["name"]},
        catalog_url=base_url + "/ckan/", agency_title="กรมตัวอย่าง",
        agency_type="central_government", contact_name="x", contact_email="x@example.go.th")
    approved = helpers.call_action("gdcatalog_registry_approve",
                                   context={"user": sysadmin["name"]}, id=application["id"])
    source = harvest_model.HarvestSource.get(approved["harvest_source_id"])
    assert source.url == base_url + "/ckan/catalog.ttl"  # the discovered endpoint
    job, object_ids = _gather(source)
    assert len(object_ids) == 3
    assert not job.gather_errors


def test_a_source_on_a_private_address_is_not_fetched(ckan_config):
    # Saved while the site allowed the address (a URL is checked when it is
    # saved too); each page is checked again when it is fetched.
    ckan_config["ckan.gdcatalog.registry.allowed_hosts"] = "127.0.0.1 10.0.0.1"
    source = HarvestSourceObj(url="http://10.0.0.1/catalog.ttl", source_type="dcat_rdf",
                              owner_org=factories.Organization()["id"])
    ckan_config["ckan.gdcatalog.registry.allowed_hosts"] = "127.0.0.1"
    job, object_ids = _gather(source)
    assert object_ids == []
    assert "not a public Internet address" in " ".join(e.message for e in job.gather_errors)

"""The DataStore's active flag: when a resource's DataStore table is created
or dropped, CKAN's datastore sets ``datastore_active`` on the resource and
the dataset is re-indexed (CKAN 2.11: ``set_datastore_active_flag``, which
writes the flag in SQL and indexes the dataset itself; 2.12: a
resource_patch). Searches show the flag as it is."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories, helpers

from tests.factories import Dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _set_flag(resource_id: str, flag: bool) -> None:
    from ckanext.datastore.logic import action
    if hasattr(action, "set_datastore_active_flag"):  # CKAN 2.11
        action.set_datastore_active_flag({"model": model}, {"resource_id": resource_id}, flag)
    else:  # CKAN 2.12, as datastore_create and datastore_delete do
        helpers.call_action("resource_patch", id=resource_id, datastore_active=flag)


def _flag_in_search(name: str) -> object:
    found = helpers.call_action("package_search", q=f"name:{name}")["results"]
    return found[0]["resources"][0].get("datastore_active")


def test_the_datastore_flag_reaches_the_index():
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"], resources=[
        {"url": "https://data.example.go.th/a.csv", "name": "ตาราง", "format": "CSV"}])
    resource_id = dataset["resources"][0]["id"]
    assert not _flag_in_search(dataset["name"])
    _set_flag(resource_id, True)
    assert _flag_in_search(dataset["name"]) is True
    _set_flag(resource_id, False)
    assert _flag_in_search(dataset["name"]) is False

"""Changing a dataset's data type: the API lists what would be removed,
removes it only when confirmed, and only for those who may edit."""
from __future__ import annotations

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import mandatory_fields

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def stat_dataset():
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    dataset = helpers.call_action(
        "package_create", {"user": editor["name"]},
        **mandatory_fields(owner_org=org["id"], title="ภาวะการทำงานของประชากร",
                           data_type="statistical", first_year_of_data="2560",
                           official_statistics=True,
                           resources=[{"name": "ตาราง", "url": "https://example.go.th/a.csv",
                                       "resource_unit_of_measure": "คน"}]))
    return {"editor": editor, "org": org, "dataset": dataset}


def change(user: dict, **data):
    return helpers.call_action("gdcatalog_dataset_type_change",
                               {"user": user["name"], "ignore_auth": False}, **data)


def test_without_confirmation_nothing_changes_and_the_fields_are_listed(stat_dataset):
    result = change(stat_dataset["editor"], id=stat_dataset["dataset"]["id"], data_type="record")
    assert result["changed"] is False
    assert {item["field"] for item in result["remove"]} == {
        "first_year_of_data", "official_statistics", "resource_unit_of_measure"}
    assert helpers.call_action("package_show", id=stat_dataset["dataset"]["id"])[
        "data_type"] == "statistical"


def test_confirmed_change_removes_the_fields_and_keeps_the_rest(stat_dataset):
    result = change(stat_dataset["editor"], id=stat_dataset["dataset"]["id"],
                    data_type="ข้อมูลระเบียน", confirm=True)
    assert result["changed"] is True
    shown = helpers.call_action("package_show", id=stat_dataset["dataset"]["id"])
    assert shown["data_type"] == "record"
    assert "first_year_of_data" not in shown and "official_statistics" not in shown
    assert "resource_unit_of_measure" not in shown["resources"][0]
    assert shown["maintainer"] == stat_dataset["dataset"]["maintainer"]


def test_a_change_without_fields_to_remove_needs_no_confirmation():
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    dataset = helpers.call_action("package_create", {"user": editor["name"]},
                                  **mandatory_fields(owner_org=org["id"], title="ข้อมูลหลายแบบ"))
    result = change(editor, id=dataset["id"], data_type="multiple")
    assert result["changed"] is True and result["remove"] == []


def test_other_needs_its_name(stat_dataset):
    with pytest.raises(tk.ValidationError) as raised:
        change(stat_dataset["editor"], id=stat_dataset["dataset"]["id"], data_type="other",
               confirm=True)
    assert "data_type_other" in raised.value.error_dict


def test_an_unknown_type_is_refused(stat_dataset):
    with pytest.raises(tk.ValidationError) as raised:
        change(stat_dataset["editor"], id=stat_dataset["dataset"]["id"], data_type="table")
    assert "Use one of: record, statistical" in raised.value.error_dict["data_type"][0]


@pytest.mark.parametrize("who", ["stranger", "member", "anonymous"])
def test_only_those_who_may_edit_can_change_the_type(stat_dataset, who):
    if who == "anonymous":
        context = {"user": "", "ignore_auth": False}
    else:
        user = factories.User()
        if who == "member":
            helpers.call_action("organization_member_create", id=stat_dataset["org"]["id"],
                                username=user["name"], role="member")
        context = {"user": user["name"], "ignore_auth": False}
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("gdcatalog_dataset_type_change", context,
                            id=stat_dataset["dataset"]["id"], data_type="record", confirm=True)

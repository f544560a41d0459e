"""Authorization of the quality actions, and private results: a private
dataset's results only for those who may read it.

One set of users, datasets and assessments serves the module (creating
them is what costs time); tests only add to it."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import Dataset

from tests.search.conftest import module_db  # noqa: F401 (a fixture)


def _call(action, user, **data):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context, **data)


def _allowed(action, user, **data):
    try:
        _call(action, user, **data)
    except tk.NotAuthorized:
        return False
    return True


@pytest.fixture(scope="module")
def setup(module_db, file_server):
    # the file server listens on 127.0.0.1
    previous = tk.config.get("ckan.gdcatalog.quality.allow_private_addresses")
    tk.config["ckan.gdcatalog.quality.allow_private_addresses"] = True
    try:
        yield _make(file_server)
    finally:
        tk.config["ckan.gdcatalog.quality.allow_private_addresses"] = previous


@pytest.fixture(autouse=True)
def _local_files(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.gdcatalog.quality.allow_private_addresses", True)


def _make(file_server):
    base, files = file_server
    files["/p.csv"] = (b"pid,name\n1101700203450,a\n", "text/csv")
    users = {name: factories.User() for name in ("member", "editor", "other_admin")}
    users["sysadmin"] = factories.Sysadmin()
    users["anonymous"] = None
    org = factories.Organization(users=[{"name": users["member"]["name"], "capacity": "member"},
                                        {"name": users["editor"]["name"], "capacity": "editor"}])
    factories.Organization(users=[{"name": users["other_admin"]["name"], "capacity": "admin"}])
    private = Dataset(owner_org=org["id"], private=True)
    public = Dataset(owner_org=org["id"])
    resources = {}
    for key, dataset in (("private", private), ("public", public)):
        resources[key] = factories.Resource(package_id=dataset["id"], url=f"{base}/p.csv",
                                            format="CSV")
        _call("gdcatalog_quality_resource_assess", users["sysadmin"],
              id=resources[key]["id"], background=False)
    return users, org, {"private": private, "public": public}, resources


def test_reading_private_results(setup):
    users, org, datasets, resources = setup
    readers = {"anonymous": False, "member": True, "editor": True, "other_admin": False,
               "sysadmin": True}
    for name, may in readers.items():
        user = users[name]
        assert _allowed("gdcatalog_quality_resource_show", user,
                        id=resources["private"]["id"]) is may, name
        assert _allowed("gdcatalog_quality_dataset_show", user,
                        id=datasets["private"]["id"]) is may, name
        # public results for everyone
        assert _allowed("gdcatalog_quality_resource_show", user, id=resources["public"]["id"])
        assert _allowed("gdcatalog_quality_dataset_show", user, id=datasets["public"]["id"])
        listed = _call("gdcatalog_quality_organization_show", user, id=org["id"])
        ids = {d["id"] for d in listed["datasets"]}
        assert (datasets["private"]["id"] in ids) is may, name
        assert datasets["public"]["id"] in ids


def test_only_editors_may_assess(setup):
    users, _, _, resources = setup
    editors = {"anonymous": False, "member": False, "editor": True, "other_admin": False,
               "sysadmin": True}
    for name, may in editors.items():
        assert _allowed("gdcatalog_quality_resource_assess", users[name],
                        id=resources["public"]["id"], background=False) is may, name


def test_results_in_words_and_organization_summary(setup):
    users, org, datasets, resources = setup
    latest = _call("gdcatalog_quality_resource_show", users["editor"],
                   id=resources["public"]["id"])["latest"]
    assert latest["warnings"] == [{"code": "national_id", "cells": 1, "columns": ["pid"]}]
    assert latest["warning_messages"] == [
        "Columns pid hold 1 values that look like Thai national ID numbers (valid check "
        "digit): likely personal data. Check before publishing."]
    summary = _call("gdcatalog_quality_organization_show", users["editor"], id=org["id"])
    row = next(d for d in summary["datasets"] if d["id"] == datasets["public"]["id"])
    assert (row["resources_assessed"], row["national_id_warnings"], row["completeness"]) == (
        1, 1, 100.0)
    # worst metadata score first
    scores = [d["metadata_score"] for d in summary["datasets"]]
    assert scores == sorted(scores)


@pytest.mark.parametrize("action, data", [
    ("gdcatalog_quality_resource_show", {}), ("gdcatalog_quality_dataset_show", {"id": ""}),
    ("gdcatalog_quality_organization_show", {"id": 5}),
])
def test_missing_id_is_a_validation_error(action, data):
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action(action, {"ignore_auth": True}, **data)
    assert error.value.error_dict == {"id": ["Give the id or name (id)."]}


def test_bad_limit_and_unknown_resource():
    with pytest.raises(tk.ValidationError):
        helpers.call_action("gdcatalog_quality_resource_show", {"ignore_auth": True},
                            id="x", limit="many")
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("gdcatalog_quality_resource_assess", {"ignore_auth": True},
                            id="no-such-resource")


def test_private_resource_results_only_for_editors(setup, file_server):
    # last: it adds a resource to the public dataset
    users, _, datasets, _ = setup
    base, _ = file_server
    hidden = factories.Resource(package_id=datasets["public"]["id"], url=f"{base}/p.csv",
                                format="CSV", resource_private=True)
    _call("gdcatalog_quality_resource_assess", users["sysadmin"], id=hidden["id"],
          background=False)
    for name, may in (("anonymous", False), ("member", False), ("editor", True)):
        shown = _call("gdcatalog_quality_dataset_show", users[name],
                      id=datasets["public"]["id"])
        assert (hidden["id"] in {r["resource_id"] for r in shown["resources"]}) is may, name
        assert _allowed("gdcatalog_quality_resource_show", users[name], id=hidden["id"]) is may

"""ckan gdcatalog quality run: one dataset, an organization, everything."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

from tests.factories import Dataset

pytestmark = [pytest.mark.ckan_config("ckan.gdcatalog.quality.allow_private_addresses", "true"),
              pytest.mark.ckan_config("ckan.gdcatalog.quality.auto", "false"),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def _run(cli, *args):
    return cli.invoke(ckan, ["gdcatalog", "quality", "run", *args], catch_exceptions=False)


def _history(resource_id):
    return tk.get_action("gdcatalog_quality_resource_show")(
        {"ignore_auth": True}, {"id": resource_id})["history"]


def test_run_for_a_dataset_an_organization_and_all(cli, file_server):
    base, files = file_server
    files["/a.csv"] = (b"a,b\n1,2\n", "text/csv")
    org = factories.Organization()
    first = Dataset(owner_org=org["id"])
    second = Dataset(owner_org=org["id"], private=True)
    r1 = factories.Resource(package_id=first["id"], url=f"{base}/a.csv", format="CSV")
    r2 = factories.Resource(package_id=second["id"], url=f"{base}/gone.csv", format="CSV")

    result = _run(cli, "--dataset", first["name"])
    assert result.exit_code == 0, result.output
    assert "datasets: 1, resources: 1, errors: 0, queued: 0" in result.output
    assert _history(r1["id"])[0]["completeness"] == 100.0

    result = _run(cli, "--organization", org["name"])
    assert "datasets: 2, resources: 2, errors: 1, queued: 0" in result.output
    assert _history(r2["id"])[0]["error"] == "http_status"  # the private one too

    result = _run(cli, "--all")
    assert "datasets: 2, resources: 2" in result.output
    assert len(_history(r1["id"])) == 3


def test_exactly_one_scope(cli):
    result = cli.invoke(ckan, ["gdcatalog", "quality", "run"])
    assert result.exit_code != 0
    assert "Give exactly one of dataset, organization or all." in result.output


def test_who_may_run():
    editor, admin = factories.User(), factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"},
                                        {"name": admin["name"], "capacity": "admin"}])
    dataset = Dataset(owner_org=org["id"])

    def allowed(user, **data):
        try:
            helpers.call_action("gdcatalog_quality_run",
                                {"user": user["name"], "ignore_auth": False}, **data)
        except tk.NotAuthorized:
            return False
        return True

    assert allowed(editor, dataset=dataset["id"])
    assert not allowed(editor, organization=org["id"])
    assert allowed(admin, organization=org["id"])
    assert not allowed(admin, all=True)

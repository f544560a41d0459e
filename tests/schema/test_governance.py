"""Data governance: personal, security and official-secret datasets are never
public, whoever asks and however; harvesting consent for private datasets."""
from __future__ import annotations

from typing import Any

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import mandatory_fields

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

RESTRICTED = ["personal", "security", "secret", "ข้อมูลความลับทางราชการ"]


@pytest.fixture
def org_users() -> dict[str, Any]:
    users = {role: factories.User() for role in ("admin", "editor", "member")}
    users["sysadmin"] = factories.Sysadmin()
    org = factories.Organization(users=[
        {"name": users[role]["name"], "capacity": role} for role in ("admin", "editor", "member")])
    return {"org": org, **users}


def as_user(user: dict) -> dict[str, Any]:
    # call_action skips authorization unless told otherwise.
    return {"user": user["name"], "ignore_auth": False}


def create(user: dict, org: dict, **fields: Any) -> dict[str, Any]:
    data = mandatory_fields(owner_org=org["id"], **fields)
    data.setdefault("title", f"ชุดข้อมูล {fields.get('data_category')} {id(fields)}")
    return helpers.call_action("package_create", as_user(user), **data)


@pytest.mark.parametrize("role", ["editor", "admin", "sysadmin"])
@pytest.mark.parametrize("category", RESTRICTED)
def test_restricted_datasets_cannot_be_created_public(org_users, role, category):
    with pytest.raises(tk.ValidationError) as raised:
        create(org_users[role], org_users["org"], data_category=category, private=False)
    assert "can never be public" in raised.value.error_dict["private"][0]


@pytest.mark.parametrize("role", ["editor", "admin", "sysadmin"])
def test_restricted_datasets_cannot_be_switched_to_public(org_users, role):
    dataset = create(org_users[role], org_users["org"], data_category="personal", private=True)
    context = as_user(org_users[role])
    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_patch", context, id=dataset["id"], private=False)
    dataset["private"] = False
    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_update", context, **dataset)
    assert helpers.call_action("package_show", id=dataset["id"])["private"] is True


def test_a_public_dataset_cannot_be_reclassified_as_secret_while_public(org_users):
    dataset = create(org_users["editor"], org_users["org"], data_category="public", private=False)
    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_patch", as_user(org_users["editor"]),
                            id=dataset["id"], data_category="secret")
    assert helpers.call_action("package_show", id=dataset["id"])["data_category"] == "public"


def test_a_member_cannot_create_datasets_at_all(org_users):
    with pytest.raises(tk.NotAuthorized):
        create(org_users["member"], org_users["org"], data_category="public", private=True)


@pytest.mark.parametrize("role", ["admin", "sysadmin"])
def test_bulk_make_public_refuses_restricted_datasets(org_users, role):
    org = org_users["org"]
    secret = create(org_users["admin"], org, data_category="secret", private=True)
    plain = create(org_users["admin"], org, data_category="public", private=True)
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("bulk_update_public", as_user(org_users[role]),
                            datasets=[secret["id"], plain["id"]], org_id=org["id"])
    assert secret["name"] in raised.value.error_dict["datasets"][0]
    assert helpers.call_action("package_show", id=secret["id"])["private"] is True
    assert helpers.call_action("package_show", id=plain["id"])["private"] is True
    helpers.call_action("bulk_update_public", as_user(org_users[role]),
                        datasets=[plain["id"]], org_id=org["id"])
    assert helpers.call_action("package_show", id=plain["id"])["private"] is False


def test_the_bulk_page_shows_the_refusal_instead_of_failing(app, org_users):
    org = org_users["org"]
    secret = create(org_users["admin"], org, data_category="secret", private=True)
    response = app.post(f"/organization/bulk_process/{org['name']}",
                        data={f"dataset_{secret['id']}": "on", "bulk_action.public": "public"},
                        headers={"Authorization": factories.APIToken(
                            user=org_users["admin"]["name"])["token"]},
                        follow_redirects=True)
    assert response.status_code == 200
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert secret["name"] in response.get_data(as_text=True)
    assert helpers.call_action("package_show", id=secret["id"])["private"] is True


def test_bulk_make_private_withdraws_the_implied_consent(org_users):
    org = org_users["org"]
    public = create(org_users["admin"], org, data_category="public", private=False)
    assert public["allow_harvest"] is True
    helpers.call_action("bulk_update_private", as_user(org_users["admin"]),
                        datasets=[public["id"]], org_id=org["id"])
    shown = helpers.call_action("package_show", id=public["id"])
    assert shown["private"] is True and shown["allow_harvest"] is False
    # the index agrees: the DCAT publication filter no longer selects it
    found = helpers.call_action("package_search", fq=f"id:{public['id']} +allow_harvest:true",
                                include_private=True)
    assert found["count"] == 0


def test_public_datasets_are_always_harvestable(org_users):
    dataset = create(org_users["editor"], org_users["org"], private=False, allow_harvest="False")
    assert dataset["allow_harvest"] is True


def test_private_datasets_are_not_harvested_without_consent(org_users):
    dataset = create(org_users["editor"], org_users["org"], private=True)
    assert dataset["allow_harvest"] is False
    consented = create(org_users["editor"], org_users["org"], private=True,
                       allow_harvest="ยินยอม", data_category="personal")
    assert consented["allow_harvest"] is True
    assert consented["private"] is True


@pytest.mark.parametrize("echoed", [None, True, "True"])
def test_making_a_dataset_private_keeps_consent_only_when_given(org_users, echoed):
    dataset = create(org_users["editor"], org_users["org"], private=False)
    context = as_user(org_users["editor"])
    dataset["private"] = True
    # the form and package_show give back the "true" of the public state
    if echoed is None:
        dataset.pop("allow_harvest")
    else:
        dataset["allow_harvest"] = echoed
    assert helpers.call_action("package_update", context, **dataset)["allow_harvest"] is False
    patched = helpers.call_action("package_patch", context, id=dataset["id"], allow_harvest=True)
    assert patched["allow_harvest"] is True


def test_private_restricted_datasets_stay_out_of_public_search(org_users):
    create(org_users["editor"], org_users["org"], data_category="secret", private=True,
           title="ทะเบียนลับเฉพาะ")
    anonymous = helpers.call_action("package_search", {"user": "", "ignore_auth": False}, q="ทะเบียนลับเฉพาะ",
                                    include_private=True)
    assert anonymous["count"] == 0
    member = helpers.call_action("package_search", as_user(org_users["member"]),
                                 q="ทะเบียนลับเฉพาะ", include_private=True)
    assert member["count"] == 1

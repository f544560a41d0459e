"""Resource-level visibility (resource_private, การเข้าถึง): a private resource
of a public dataset is hidden, through actions and over HTTP, from everyone
who cannot edit the dataset; its editors, the organization's admins and
sysadmins see it."""
from __future__ import annotations

import json
from typing import Any, Optional

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.gdcatalog.schema import resource_privacy
from tests.factories import mandatory_fields

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

SECRET_WORD = "zebrafinchledger"      # only in the private resource
SECRET_DESCRIPTION = "quokkapayroll"  # only in its description
PUBLIC_NAME = "ตารางสถิติสาธารณะ"
HIDDEN = ["anonymous", "stranger", "member"]
SEEING = ["editor", "admin", "sysadmin"]


@pytest.fixture
def world() -> dict[str, Any]:
    users = {role: factories.User() for role in ("admin", "editor", "member")}
    org = factories.Organization(users=[
        {"name": users[role]["name"], "capacity": role} for role in ("admin", "editor", "member")])
    users["stranger"] = factories.User()
    users["sysadmin"] = factories.Sysadmin()
    dataset = helpers.call_action(
        "package_create", {"user": users["editor"]["name"], "ignore_auth": False},
        **mandatory_fields(
            owner_org=org["id"], private=False, title="ชุดข้อมูลที่มีไฟล์ส่วนตัว",
            resources=[
                {"name": PUBLIC_NAME, "url": "https://data.example.go.th/public.csv",
                 "format": "CSV"},
                {"name": f"Payroll {SECRET_WORD}", "description": f"Salaries {SECRET_DESCRIPTION}",
                 "url": f"https://files.example.go.th/{SECRET_WORD}.xlsx", "format": "XLSX",
                 "resource_private": "True"},
            ]))
    public, private = dataset["resources"]
    return {"users": users, "org": org, "dataset": dataset, "public": public, "private": private}


def context(world: dict[str, Any], role: str) -> dict[str, Any]:
    user = "" if role == "anonymous" else world["users"][role]["name"]
    # call_action skips authorization unless told otherwise.
    return {"user": user, "ignore_auth": False}


def headers(world: dict[str, Any], role: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    return {"Authorization": factories.APIToken(user=world["users"][role]["name"])["token"]}


def api(app: Any, action: str, head: dict[str, str], status: int = 200, **params: Any) -> Any:
    response = app.get(f"/api/3/action/{action}", query_string=params, headers=head, status=status)
    return json.loads(response.body)


def names(dataset: dict[str, Any]) -> set[str]:
    return {r["name"] for r in dataset["resources"]}


def search_result(results: list[dict[str, Any]], dataset_id: str) -> Optional[dict[str, Any]]:
    return next((r for r in results if r["id"] == dataset_id), None)


def test_the_field_is_stored_as_a_boolean_and_absent_means_public(world):
    shown = helpers.call_action("package_show", id=world["dataset"]["id"])
    public, private = shown["resources"]
    assert private["resource_private"] is True
    assert not public.get("resource_private")
    assert resource_privacy.is_private({"resource_private": "true"})
    assert resource_privacy.is_private({"resource_private": "True"})
    assert not resource_privacy.is_private({"resource_private": "false"})
    assert not resource_privacy.is_private({})
    assert resource_privacy.is_private({"resource_private": "not a yes or no"})


@pytest.mark.parametrize("role", HIDDEN)
def test_through_actions_the_private_resource_is_hidden(world, role):
    ctx = context(world, role)
    shown = helpers.call_action("package_show", dict(ctx), id=world["dataset"]["id"])
    assert names(shown) == {PUBLIC_NAME}
    assert shown["num_resources"] == 1
    assert shown["resources"][0]["position"] == 0
    found = helpers.call_action("package_search", dict(ctx), q=f"id:{world['dataset']['id']}")
    # package_search passes no context to its hooks: outside a web request no
    # user is known, and the private resource is hidden from every result.
    assert names(found["results"][0]) == {PUBLIC_NAME}
    assert found["results"][0]["num_resources"] == 1
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("resource_show", dict(ctx), id=world["private"]["id"])
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("resource_view_list", dict(ctx), id=world["private"]["id"])
    assert helpers.call_action("resource_show", dict(ctx), id=world["public"]["id"])["name"] == PUBLIC_NAME


@pytest.mark.parametrize("role", SEEING)
def test_through_actions_those_who_can_edit_see_it(world, role):
    ctx = context(world, role)
    shown = helpers.call_action("package_show", dict(ctx), id=world["dataset"]["id"])
    assert len(shown["resources"]) == 2 and shown["num_resources"] == 2
    assert helpers.call_action("resource_show", dict(ctx), id=world["private"]["id"])["resource_private"] is True
    assert helpers.call_action("resource_view_list", dict(ctx), id=world["private"]["id"]) == []


@pytest.mark.parametrize("role", HIDDEN)
def test_over_http_the_private_resource_is_hidden(app, world, role):
    head, dataset = headers(world, role), world["dataset"]
    shown = api(app, "package_show", head, id=dataset["id"])["result"]
    assert names(shown) == {PUBLIC_NAME} and shown["num_resources"] == 1

    found = api(app, "package_search", head, q=f"name:{dataset['name']}")["result"]
    result = search_result(found["results"], dataset["id"])
    assert names(result) == {PUBLIC_NAME} and result["num_resources"] == 1

    private_id = world["private"]["id"]
    api(app, "resource_show", head, status=403, id=private_id)
    api(app, "resource_view_list", head, status=403, id=private_id)
    page = f"/dataset/{dataset['id']}/resource/{private_id}"
    assert app.get(page, headers=head).status_code in (403, 404)
    assert app.get(f"{page}/download", headers=head).status_code in (403, 404)

    dataset_page = app.get(f"/dataset/{dataset['name']}", headers=head).body
    assert PUBLIC_NAME in dataset_page and SECRET_WORD not in dataset_page
    search_page = app.get("/dataset/", headers=head).body
    assert 'data-format="csv"' in search_page and 'data-format="xlsx"' not in search_page
    assert SECRET_WORD not in search_page


@pytest.mark.parametrize("role", SEEING)
def test_over_http_those_who_can_edit_see_it(app, world, role):
    head, dataset = headers(world, role), world["dataset"]
    shown = api(app, "package_show", head, id=dataset["id"])["result"]
    assert len(shown["resources"]) == 2 and shown["num_resources"] == 2

    found = api(app, "package_search", head, q=f"name:{dataset['name']}")["result"]
    assert len(search_result(found["results"], dataset["id"])["resources"]) == 2

    private_id = world["private"]["id"]
    assert api(app, "resource_show", head, id=private_id)["result"]["name"].endswith(SECRET_WORD)
    page = f"/dataset/{dataset['id']}/resource/{private_id}"
    assert SECRET_WORD in app.get(page, headers=head).body
    download = app.get(f"{page}/download", headers=head, follow_redirects=False)
    assert download.status_code == 302 and SECRET_WORD in download.headers["Location"]

    assert SECRET_WORD in app.get(f"/dataset/{dataset['name']}", headers=head).body
    assert 'data-format="xlsx"' in app.get("/dataset/", headers=head).body


@pytest.mark.parametrize("role", ["anonymous", "member", "editor"])
def test_dcat_documents_never_hold_it(app, world, role):
    # DCAT documents are what harvesters (and shared caches) keep: they are
    # the same for every caller, editors included.
    head = headers(world, role)
    for url in (f"/dataset/{world['dataset']['name']}.ttl", "/catalog.ttl"):
        body = app.get(url, headers=head).body
        assert PUBLIC_NAME in body
        assert SECRET_WORD not in body, url


@pytest.mark.parametrize("action", ["package_show", "package_search"])
def test_the_default_schema_hides_it_too(app, world, action):
    params = ({"id": world["dataset"]["id"]} if action == "package_show"
              else {"q": f"name:{world['dataset']['name']}"})
    result = api(app, action, {}, use_default_schema="true", **params)["result"]
    dataset = result if action == "package_show" else result["results"][0]
    assert names(dataset) == {PUBLIC_NAME} and dataset["num_resources"] == 1


@pytest.mark.ckan_config("ckan.plugins", "gdcatalog_search gdcatalog scheming_datasets harvest "
                                          "dcat dcat_rdf_harvester image_view")
def test_views_of_a_private_resource_are_hidden(app, world):
    view = helpers.call_action("resource_view_create", context(world, "editor"),
                               resource_id=world["private"]["id"], view_type="image_view",
                               title="ภาพ", image_url="https://files.example.go.th/chart.png")
    page = f"/dataset/{world['dataset']['id']}/resource/{world['private']['id']}/view/{view['id']}"
    for role in HIDDEN:
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("resource_view_show", context(world, role), id=view["id"])
        api(app, "resource_view_show", headers(world, role), status=403, id=view["id"])
        assert app.get(page, headers=headers(world, role)).status_code in (403, 404)
    for role in SEEING:
        assert helpers.call_action("resource_view_show", context(world, role), id=view["id"])["title"] == "ภาพ"
        assert app.get(page, headers=headers(world, role)).status_code == 200


def test_the_public_resource_stays_downloadable_for_everyone(app, world):
    page = f"/dataset/{world['dataset']['id']}/resource/{world['public']['id']}"
    assert PUBLIC_NAME in app.get(page).body
    assert app.get(f"{page}/download", follow_redirects=False).status_code == 302


@pytest.mark.parametrize("query", [SECRET_WORD, SECRET_DESCRIPTION, f"res_name:{SECRET_WORD}",
                                   f"res_url:{SECRET_WORD}", "res_format:XLSX"])
def test_no_one_finds_the_dataset_by_its_private_resource(app, world, query):
    assert api(app, "package_search", {}, q=query)["result"]["count"] == 0
    assert helpers.call_action("package_search", context(world, "anonymous"), q=query)["count"] == 0
    # the dataset itself is found by its public words
    assert api(app, "package_search", {}, q="ตารางสถิติสาธารณะ")["result"]["count"] == 1


def test_facets_do_not_count_private_formats(app, world):
    found = api(app, "package_search", {}, **{"facet.field": '["res_format"]'})["result"]
    formats = {item["name"] for item in found["search_facets"]["res_format"]["items"]}
    assert formats == {"CSV"}


@pytest.mark.parametrize("field", ["validated_data_dict", "data_dict", "res_name", "res_url"])
def test_raw_index_fields_do_not_carry_the_private_resource(app, world, field):
    found = api(app, "package_search", {}, q=f"name:{world['dataset']['name']}", fl=f"id,{field}")
    assert found["result"]["count"] == 1
    assert SECRET_WORD not in json.dumps(found["result"]["results"], ensure_ascii=False)


def test_the_index_keeps_the_private_resource_for_editors(app, world):
    editor = headers(world, "editor")
    found = api(app, "package_search", editor, q=f"name:{world['dataset']['name']}",
                fl="id,validated_data_dict")["result"]
    stored = json.loads(found["results"][0]["validated_data_dict"])
    assert len(stored["resources"]) == 2


@pytest.mark.parametrize("role,count", [("anonymous", 0), ("stranger", 0), ("member", 0),
                                        ("editor", 1), ("sysadmin", 1)])
def test_resource_search_hides_private_resources(world, role, count):
    found = helpers.call_action("resource_search", context(world, role), query=f"name:{SECRET_WORD}")
    assert found["count"] == count and len(found["results"]) == count
    both = helpers.call_action("resource_search", context(world, role), query="url:example.go.th",
                               limit=1)
    assert both["count"] == 1 + count and len(both["results"]) == 1


def test_editors_keep_the_private_resource_when_they_save(world):
    editor = context(world, "editor")
    dataset = helpers.call_action("package_show", dict(editor), id=world["dataset"]["id"])
    dataset["notes"] = "แก้ไขคำอธิบาย"
    helpers.call_action("package_update", dict(editor), **dataset)
    helpers.call_action("package_patch", dict(editor), id=dataset["id"], title="ชื่อใหม่")
    helpers.call_action("resource_patch", dict(editor), id=world["public"]["id"], description="ใหม่")
    shown = helpers.call_action("package_show", id=dataset["id"])  # trusted: ignore_auth
    assert len(shown["resources"]) == 2 and shown["resources"][1]["resource_private"] is True


def test_trusted_internal_calls_read_and_keep_the_whole_dataset(app, world):
    # ignore_auth: the indexer and the update actions read datasets this way
    # and write back what they read.
    internal = {"user": "", "ignore_auth": True}
    assert len(helpers.call_action("package_show", dict(internal), id=world["dataset"]["id"])["resources"]) == 2
    helpers.call_action("package_patch", dict(internal), id=world["dataset"]["id"], notes="ปรับปรุง")
    helpers.call_action("resource_patch", dict(internal), id=world["public"]["id"], description="ใหม่")
    shown = api(app, "package_show", headers(world, "editor"), id=world["dataset"]["id"])["result"]
    assert len(shown["resources"]) == 2
    found = api(app, "package_search", headers(world, "editor"), q=f"name:{world['dataset']['name']}")
    assert len(found["result"]["results"][0]["resources"]) == 2
    # the function itself asks for the right to edit whatever the context says
    dataset = helpers.call_action("package_show", dict(internal), id=world["dataset"]["id"])
    assert names(resource_privacy.hide_private_resources(dataset, internal)) == {PUBLIC_NAME}


def test_outside_a_web_request_search_results_hide_private_resources_from_all(world):
    for role in SEEING:
        found = helpers.call_action("package_search", context(world, role), q=f"id:{world['dataset']['id']}")
        assert names(found["results"][0]) == {PUBLIC_NAME}


def test_the_organization_page_lists_only_public_formats(app, world):
    page = app.get(f"/organization/{world['org']['name']}").body
    assert 'data-format="csv"' in page and 'data-format="xlsx"' not in page


def test_switching_a_resource_back_to_public_shows_it(app, world):
    helpers.call_action("resource_patch", context(world, "editor"), id=world["private"]["id"],
                        resource_private="False")
    shown = api(app, "package_show", {}, id=world["dataset"]["id"])["result"]
    assert len(shown["resources"]) == 2 and shown["num_resources"] == 2
    api(app, "resource_show", {}, id=world["private"]["id"])
    assert api(app, "package_search", {}, q=SECRET_WORD)["result"]["count"] == 1
    helpers.call_action("resource_patch", context(world, "editor"), id=world["private"]["id"],
                        resource_private="True")
    assert api(app, "package_search", {}, q=SECRET_WORD)["result"]["count"] == 0
    assert api(app, "package_show", {}, id=world["dataset"]["id"])["result"]["num_resources"] == 1


def test_a_private_dataset_member_sees_only_public_resources(app, world):
    helpers.call_action("package_patch", context(world, "editor"), id=world["dataset"]["id"],
                        private=True)
    member = headers(world, "member")
    shown = api(app, "package_show", member, id=world["dataset"]["id"])["result"]
    assert names(shown) == {PUBLIC_NAME}
    found = api(app, "package_search", member, q="*:*", include_private="true")["result"]
    assert names(search_result(found["results"], world["dataset"]["id"])) == {PUBLIC_NAME}
    api(app, "package_show", {}, status=403, id=world["dataset"]["id"])


def test_editors_see_the_visibility_on_the_resource_page(app, world):
    page = f"/dataset/{world['dataset']['name']}/resource/{world['private']['id']}"
    thai = app.get(f"/th{page}", headers=headers(world, "editor")).body
    assert "การเข้าถึง" in thai and "ส่วนตัว" in thai
    english = app.get(f"/en{page}", headers=headers(world, "admin")).body
    assert "Visibility" in english and "Private" in english


def test_the_resource_form_offers_public_and_private(app, world):
    editor = headers(world, "editor")
    edit = f"/dataset/{world['dataset']['name']}/resource/{world['private']['id']}/edit"
    page = app.get(f"/th{edit}", headers=editor).body
    assert 'name="resource_private"' in page
    assert "การเข้าถึง" in page and "ส่วนตัว" in page and "สาธารณะ" in page
    assert '<option value="true" selected' in page
    english = app.get(f"/en{edit}", headers=editor).body
    assert "Visibility" in english and "Private" in english and "Public" in english
    app.get(f"/th{edit}", headers=headers(world, "member"), status=403)

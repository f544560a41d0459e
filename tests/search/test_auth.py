"""Who sees what: CKAN's permission labels, enforced by the index.

Private datasets never reach anonymous users or non-members, whether they
ask package_search or the /dataset page; drafts reach only those CKAN
labels them for (their creator, or the members of their organization).
"""
from __future__ import annotations

import pytest

from ckan.common import config
from ckan.lib.search.common import SearchError
from ckan.tests import factories, helpers

from tests.factories import mandatory_fields

PUBLIC = {"open-data", "open-population"}


@pytest.fixture(scope="module")
def people(module_db):
    people = {
        "editor": factories.UserWithToken(name="editor"),
        "member": factories.UserWithToken(name="member"),
        "outsider": factories.UserWithToken(name="outsider"),
        "loner": factories.UserWithToken(name="loner"),
        "sysadmin": factories.Sysadmin(name="boss"),
    }
    org = factories.Organization(name="agency", users=[
        {"name": "editor", "capacity": "editor"},
        {"name": "member", "capacity": "member"},
    ])
    other_org = factories.Organization(name="other-agency", users=[
        {"name": "outsider", "capacity": "admin"}])

    def create(user, **data):
        return helpers.call_action("package_create", context={"user": user},
                                   **mandatory_fields(**data))

    create("editor", name="open-data", title="Open data", owner_org=org["id"])
    create("editor", name="open-population", title="Population (open)",
           owner_org=other_org["id"])
    create("editor", name="closed-data", title="Closed population data",
           owner_org=org["id"], private=True)
    create("editor", name="draft-in-org", title="Draft population", owner_org=org["id"],
           state="draft")
    create("outsider", name="other-private", title="Other population",
           owner_org=other_org["id"], private=True)
    unowned = config.get("ckan.auth.create_unowned_dataset")
    config["ckan.auth.create_unowned_dataset"] = True
    try:
        create("loner", name="my-draft", title="My draft population", state="draft")
    finally:
        config["ckan.auth.create_unowned_dataset"] = unowned
    return people


def visible(user, **kwargs):
    context = {"user": user, "ignore_auth": False}
    kwargs.setdefault("rows", 100)
    result = helpers.call_action("package_search", context=context, **kwargs)
    got = {d["name"] for d in result["results"]}
    assert result["count"] == len(got)
    return got


EVERYONE = ["", "outsider", "member", "editor", "loner", "boss"]


@pytest.mark.parametrize("user", EVERYONE)
def test_default_search_shows_only_public_active(people, user):
    assert visible(user) == PUBLIC
    assert visible(user, q="population") == {"open-population"}


@pytest.mark.parametrize("user, expected", [
    ("", PUBLIC),
    ("loner", PUBLIC),
    ("outsider", PUBLIC | {"other-private"}),
    ("member", PUBLIC | {"closed-data"}),
    ("editor", PUBLIC | {"closed-data"}),
    ("boss", PUBLIC | {"closed-data", "other-private"}),
])
def test_include_private(people, user, expected):
    assert visible(user, include_private=True) == expected


@pytest.mark.parametrize("user, expected", [
    ("", PUBLIC),
    ("outsider", PUBLIC),
    ("member", PUBLIC | {"draft-in-org"}),  # labelled for the org's members
    ("editor", PUBLIC | {"draft-in-org"}),
    ("loner", PUBLIC | {"my-draft"}),  # no organization: the creator only
    ("boss", PUBLIC | {"draft-in-org", "my-draft"}),
])
def test_include_drafts(people, user, expected):
    assert visible(user, include_drafts=True) == expected


@pytest.mark.parametrize("user, own", [("", set()), ("loner", {"my-draft"})])
def test_private_never_leaks_through_q_fq_or_facets(people, user, own):
    assert visible(user, q="closed", include_private=True) == set()
    assert visible(user, fq="name:closed-data", include_private=True) == set()
    assert visible(user, fq="capacity:private", include_private=True,
                   include_drafts=True) == set()
    assert visible(user, q="population", include_private=True,
                   include_drafts=True) == {"open-population"} | own
    result = helpers.call_action(
        "package_search", context={"user": user, "ignore_auth": False},
        include_private=True, include_drafts=True,
        **{"facet.field": ["organization", "name"]})
    assert result["facets"]["organization"] == {"agency": 1, "other-agency": 1}
    assert set(result["facets"]["name"]) == PUBLIC | own


def test_member_sees_private_through_q(people):
    assert visible("member", q="population", include_private=True) == {
        "open-population", "closed-data"}


def test_dataset_page_anonymous(people, app):
    body = app.get("/dataset/?q=population").body
    assert "/dataset/open-population" in body
    for hidden in ("closed-data", "draft-in-org", "other-private", "my-draft"):
        assert f"/dataset/{hidden}" not in body
    body = app.get("/dataset/").body
    assert "2 datasets found" in body


def test_dataset_page_member(people, app):
    headers = {"Authorization": people["member"]["token"]}
    body = app.get("/dataset/?q=population", headers=headers).body
    assert "/dataset/closed-data" in body
    assert "/dataset/other-private" not in body
    assert "/dataset/draft-in-org" not in body


def test_dataset_page_outsider(people, app):
    headers = {"Authorization": people["loner"]["token"]}
    body = app.get("/dataset/", headers=headers).body
    assert "2 datasets found" in body
    assert "/dataset/closed-data" not in body


def test_organization_page_counts(people, app):
    body = app.get("/organization/agency").body
    assert "/dataset/open-data" in body
    assert "/dataset/closed-data" not in body
    headers = {"Authorization": people["member"]["token"]}
    body = app.get("/organization/agency", headers=headers).body
    assert "/dataset/closed-data" in body
    assert "2 datasets found" in body


def test_api_package_search_anonymous(people, app):
    result = app.get("/api/3/action/package_search?include_private=true"
                     "&include_drafts=true&rows=100").json["result"]
    assert {d["name"] for d in result["results"]} == PUBLIC


@pytest.mark.parametrize("fq", [
    "OR *:*", "OR capacity:private", ") OR (*:*", "* OR capacity:private",
    "-capacity:public", "capacity:private", "+state:draft", "+state:(active OR draft)",
    "permission_labels:*", "*:* OR permission_labels:member*",
])
@pytest.mark.parametrize("user", ["", "loner"])
def test_fq_cannot_widen_visibility(people, user, fq):
    """CKAN joins the caller's fq with its own filters; no fq reaches
    datasets that the caller's permission labels do not allow."""
    allowed = PUBLIC | ({"my-draft"} if user == "loner" else set())
    try:
        got = visible(user, fq=fq, include_private=True)
    except SearchError:  # a query CKAN refuses is fine too
        return
    assert got <= allowed

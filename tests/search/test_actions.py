"""Every CKAN action that writes or reads the index, on real PostgreSQL."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.lib import search as ckan_search
from ckan.tests import factories, helpers

from ckanext.gdcatalog.compat import ckan_at_least

from tests.factories import Dataset, mandatory_fields

from .conftest import index_row_count, names, package_search

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", True),
]


def test_create_update_patch_delete():
    org = factories.Organization()
    dataset = Dataset(name="life-cycle", title="Original title",
                      notes="first notes", owner_org=org["id"])
    assert index_row_count(id=dataset["id"]) == 1
    assert names(q="original") == {"life-cycle"}

    helpers.call_action("package_update", id=dataset["id"], name="life-cycle",
                        title="ข้อมูลปริมาณน้ำฝน", owner_org=org["id"],
                        **mandatory_fields(notes="first notes"))
    assert names(q="original") == set()
    assert names(q="น้ำฝน") == {"life-cycle"}

    helpers.call_action("package_patch", id=dataset["id"], notes="patched words",
                        tags=[{"name": "rain"}])
    assert names(q="patched") == {"life-cycle"}
    assert names(q="first") == set()
    assert names(fq="tags:rain") == {"life-cycle"}
    assert names(q="น้ำฝน") == {"life-cycle"}

    helpers.call_action("package_patch", id=dataset["id"], name="renamed")
    assert names(fq="name:renamed") == {"renamed"}
    assert names(fq="name:life-cycle") == set()
    assert index_row_count(id=dataset["id"]) == 1

    helpers.call_action("package_delete", id=dataset["id"])
    assert names(q="patched") == set()
    assert names(q="patched", include_deleted=True) == set()
    assert index_row_count(id=dataset["id"]) == 0


def test_purge():
    kept = Dataset(name="kept", title="Kept")
    purged = Dataset(name="purged", title="Purged")
    helpers.call_action("dataset_purge", id=purged["id"])
    assert index_row_count(id=purged["id"]) == 0
    assert names() == {"kept"}
    assert index_row_count(id=kept["id"]) == 1


@pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
def test_deleted_stay_in_index_when_configured():
    dataset = Dataset(name="gone", title="Gone")
    Dataset(name="here", title="Here")
    helpers.call_action("package_delete", id=dataset["id"])
    assert index_row_count(id=dataset["id"]) == 1
    assert names() == {"here"}
    assert names(include_deleted=True) == {"here", "gone"}
    assert names(fq="+state:deleted") == {"gone"}


def test_resource_changes_reindex_dataset():
    dataset = Dataset(name="with-resources", title="With resources")
    resource = helpers.call_action(
        "resource_create", package_id=dataset["id"], url="http://example.com/x.csv",
        format="CSV", name="ตารางสถิติ", description="rows of numbers")
    assert names(fq="res_format:CSV") == {"with-resources"}
    assert names(q="ตาราง") == {"with-resources"}
    assert names(q="res_description:numbers") == {"with-resources"}
    helpers.call_action("resource_patch", id=resource["id"], format="XLSX")
    assert names(fq="res_format:CSV") == set()
    assert names(fq="res_format:XLSX") == {"with-resources"}
    helpers.call_action("resource_delete", id=resource["id"])
    assert names(fq="res_format:XLSX") == set()
    assert names(fq="num_resources:0") == {"with-resources"}


def test_group_membership_reindexes():
    group = factories.Group(name="economy")
    dataset = Dataset(name="gdp", title="GDP")
    assert names(fq="groups:economy") == set()
    helpers.call_action("member_create", id=group["id"], object=dataset["id"],
                        object_type="package", capacity="public")
    assert names(fq="groups:economy") == {"gdp"}
    helpers.call_action("member_delete", id=group["id"], object=dataset["id"],
                        object_type="package")
    assert names(fq="groups:economy") == set()


def _anonymous():
    return {"user": "", "ignore_auth": False}


def test_organization_and_group_package_counts():
    member = factories.User()
    outsider = factories.User()
    org = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    group = factories.Group(name="stats")
    for i in range(2):
        Dataset(owner_org=org["id"], groups=[{"name": "stats"}])
    Dataset(owner_org=org["id"], private=True)
    Dataset()  # neither in org nor group

    shown = helpers.call_action("organization_show", context=_anonymous(), id=org["id"])
    assert shown["package_count"] == 2
    shown = helpers.call_action("organization_show", context={
        "user": outsider["name"], "ignore_auth": False}, id=org["id"])
    assert shown["package_count"] == 2
    shown = helpers.call_action("organization_show", context={
        "user": member["name"], "ignore_auth": False}, id=org["id"], include_datasets=True)
    assert shown["package_count"] == 3
    assert len(shown["packages"]) == 3

    shown = helpers.call_action("group_show", context=_anonymous(), id=group["id"],
                                include_datasets=True)
    assert shown["package_count"] == 2
    assert len(shown["packages"]) == 2

    # 2.11 runs organization_show for each, 2.12 one facet query with the
    # caller's permission labels: the same counts either way
    for context, expected in [(_anonymous(), 2), ({"user": outsider["name"]}, 2),
                              ({"user": member["name"]}, 3)]:
        context["ignore_auth"] = False
        listed = helpers.call_action("organization_list", context=context, all_fields=True)
        assert [(o["name"], o["package_count"]) for o in listed] == [(org["name"], expected)]
    listed = helpers.call_action("group_list", context=_anonymous(), all_fields=True)
    assert [(g["name"], g["package_count"]) for g in listed] == [("stats", 2)]


def test_tag_show_include_datasets():
    Dataset(name="tagged", title="Tagged", tag_string="ประชากร, census")
    Dataset(name="other", title="Other", tag_string="censuses")
    org = factories.Organization()
    Dataset(name="hidden", title="Hidden", private=True,
            owner_org=org["id"], tag_string="census")
    shown = helpers.call_action("tag_show", id="census", include_datasets=True)
    assert [d["name"] for d in shown["packages"]] == ["tagged"]
    shown = helpers.call_action("tag_show", id="ประชากร", include_datasets=True)
    assert [d["name"] for d in shown["packages"]] == ["tagged"]


def test_vocabulary_tags_are_searchable_and_shown():
    vocab = helpers.call_action("vocabulary_create", name="themes",
                                tags=[{"name": "health"}, {"name": "economy"}])
    Dataset(name="themed", title="Themed",
            tags=[{"name": "health", "vocabulary_id": vocab["id"]}])
    assert names(fq="vocab_themes:health") == {"themed"}
    assert names(fq="tags:health") == set()
    result = package_search(**{"facet.field": ["vocab_themes"]})
    assert result["facets"]["vocab_themes"] == {"health": 1}
    shown = helpers.call_action("tag_show", id="health", vocabulary_id=vocab["id"],
                                include_datasets=True)
    assert [d["name"] for d in shown["packages"]] == ["themed"]


def test_package_autocomplete():
    Dataset(name="pop-by-province", title="จำนวนประชากรจำแนกตามจังหวัด")
    Dataset(name="world-populations", title="World Populations")
    Dataset(name="rainfall", title="ข้อมูลปริมาณน้ำฝน")

    def complete(q):
        return {r["name"]: r["match_field"]
                for r in helpers.call_action("package_autocomplete", q=q)}

    assert complete("pop") == {"pop-by-province": "name", "world-populations": "name"}
    assert complete("Populations") == {"world-populations": "name"}
    assert complete("World Pop") == {"world-populations": "title"}
    assert complete("ulati") == {"world-populations": "name"}
    assert complete("ประชากร") == {"pop-by-province": "title"}
    assert complete("น้ำฝน") == {"rainfall": "title"}
    assert complete("rainfall") == {"rainfall": "name"}
    assert complete("zzz") == {}


def test_package_autocomplete_respects_visibility():
    org = factories.Organization()
    Dataset(name="secret-pop", title="Secret", private=True, owner_org=org["id"])
    anonymous = {"user": "", "ignore_auth": False}
    got = helpers.call_action("package_autocomplete", context=anonymous, q="pop")
    assert got == []


def _bulk(action, org, datasets):
    helpers.call_action(action, org_id=org["id"], datasets=[d["id"] for d in datasets])


def test_bulk_update_private_public_delete():
    org = factories.Organization()
    other_org = factories.Organization()
    datasets = [Dataset(name=f"bulk-{i}", owner_org=org["id"]) for i in range(3)]
    elsewhere = Dataset(name="elsewhere", owner_org=other_org["id"])

    _bulk("bulk_update_private", org, datasets[:2] + [elsewhere])
    assert names() == {"bulk-2", "elsewhere"}
    assert names(include_private=True) == {"bulk-0", "bulk-1", "bulk-2", "elsewhere"}
    assert names(fq="capacity:private", include_private=True) == {"bulk-0", "bulk-1"}
    shown = package_search(fq="name:bulk-0", include_private=True)["results"][0]
    assert shown["private"] is True

    _bulk("bulk_update_public", org, datasets[:1])
    assert names() == {"bulk-0", "bulk-2", "elsewhere"}
    assert package_search(fq="name:bulk-0")["results"][0]["private"] is False

    _bulk("bulk_update_delete", org, datasets[1:])
    assert names(include_private=True) == {"bulk-0", "elsewhere"}
    # CKAN updates the rows in SQL; the session may still hold the datasets
    # as loaded before (with their keywords they live until a garbage
    # collection), so read their state afresh
    model.Session.expire_all()
    for d in datasets[1:]:
        assert index_row_count(id=d["id"]) == 0
        assert model.Package.get(d["id"]).state == "deleted"


@pytest.mark.ckan_config("ckan.gdcatalog.search.text_fields", "objective_other data_source")
def test_configured_text_fields_are_analysed():
    """Scheming top-level fields named in ckan.gdcatalog.search.text_fields
    are matched by words and join the free text; others stay exact strings."""
    Dataset(name="with-objective", title="Plain", objective=["other"],
            objective_other="ติดตามปริมาณน้ำฝนรายจังหวัด",
            data_source="Meteorological Department",
            extras=[{"key": "frequency", "value": "Monthly"}])
    Dataset(name="other", title="Other", data_source="Survey")
    assert names(fq="objective_other:น้ำฝน") == {"with-objective"}
    assert names(q="น้ำฝน") == {"with-objective"}
    assert names(fq="data_source:meteorological") == {"with-objective"}
    assert names(q="department") == {"with-objective"}
    assert names(fq="frequency:Monthly") == {"with-objective"}
    assert names(fq="frequency:monthly") == set()
    result = package_search(**{"facet.field": ["frequency", "data_source"]})
    assert result["facets"]["frequency"] == {"Monthly": 1}
    assert result["facets"]["data_source"] == {"meteorolog": 1, "depart": 1, "survey": 1}


def test_owner_org_change_and_revise_reindex():
    first, second = factories.Organization(name="first-org"), factories.Organization(name="second-org")
    dataset = Dataset(name="mover", title="Mover", owner_org=first["id"])
    helpers.call_action("package_owner_org_update", id=dataset["id"],
                        organization_id=second["id"])
    if ckan_at_least(2, 12):
        # CKAN 2.12's package_owner_org_update neither reindexes nor changes
        # metadata_modified (with Solr too), so package_show would serve the
        # stale indexed dict and the next package_revise would move the
        # dataset back. Reindexing it, as `search-index rebuild <id>` does,
        # mends that.
        assert names(fq="organization:first-org") == {"mover"}
        ckan_search.rebuild(dataset["id"])
    assert names(fq="organization:second-org") == {"mover"}
    assert names(fq="organization:first-org") == set()
    helpers.call_action("package_revise", match={"id": dataset["id"]},
                        update={"title": "ปริมาณน้ำฝน"})
    assert names(q="น้ำฝน") == {"mover"}
    assert model.Package.get(dataset["id"]).owner_org == second["id"]
    assert names(fq="organization:second-org") == {"mover"}
    assert names(fq="organization:first-org") == set()


@pytest.mark.ckan_config("ckan.auth.allow_dataset_collaborators", True)
def test_collaborators_see_the_private_dataset():
    org = factories.Organization()
    collaborator, stranger = factories.User(), factories.User()
    dataset = Dataset(name="shared", title="Shared", private=True,
                      owner_org=org["id"])
    helpers.call_action("package_collaborator_create", id=dataset["id"],
                        user_id=collaborator["id"], capacity="member")

    def visible(user):
        context = {"user": user["name"], "ignore_auth": False}
        result = helpers.call_action("package_search", context=context, include_private=True)
        return {d["name"] for d in result["results"]}

    assert visible(collaborator) == {"shared"}
    assert visible(stranger) == set()
    helpers.call_action("package_collaborator_delete", id=dataset["id"],
                        user_id=collaborator["id"])
    assert visible(collaborator) == set()


def test_a_new_dataset_is_indexed_once_in_its_final_state(monkeypatch):
    """CKAN 2.11 indexed a new dataset twice in its commit (as new, then as
    changed through its new organization membership); the second pass is
    left out, and what the single pass indexed is the saved dataset."""
    from ckanext.gdcatalog.search.client import PostgresSearchClient
    written: list[str] = []
    add = PostgresSearchClient.add

    def counting_add(self, docs, *args, **kwargs):
        written.extend(d.get("name") for d in docs)
        return add(self, docs, *args, **kwargs)

    monkeypatch.setattr(PostgresSearchClient, "add", counting_add)
    org = factories.Organization()
    group = factories.Group()
    dataset = Dataset(name="indexed-once", title="ดัชนีครั้งเดียว", owner_org=org["id"],
                      groups=[{"id": group["id"]}],
                      resources=[{"url": "http://example.com/a.csv", "format": "CSV",
                                  "name": "ตาราง"}])
    assert written == ["indexed-once"]
    shown = package_search(fq="name:indexed-once")["results"][0]
    assert shown["organization"]["name"] == org["name"]
    assert [g["name"] for g in shown["groups"]] == [group["name"]]
    assert shown["num_resources"] == 1

    written.clear()  # a change to an existing dataset is still indexed
    helpers.call_action("package_patch", id=dataset["id"], title="ชื่อใหม่")
    assert written == ["indexed-once"]
    assert names(q="ชื่อใหม่") == {"indexed-once"}

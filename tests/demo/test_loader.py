import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from ckanext.gdcatalog.demo import loader

ENABLED = pytest.mark.ckan_config("ckan.gdcatalog.demo.enabled", True)


def _as(user, **extra):
    return {"user": user["name"] if user else "", "ignore_auth": False, **extra}


def _all_datasets(user):
    result = helpers.call_action("package_search", context=_as(user), q="*:*",
                                 rows=1000, include_private=True)
    return {d["name"]: d for d in result["results"]}


def test_plan_has_every_provincial_office_and_data_type():
    content = loader.plan()
    names = [o["name"] for o in content.organizations]
    offices = [n for n in names if n.startswith("pso-")]
    assert len(offices) == 76
    assert "pso-bangkok" not in names
    assert {"nso", "dopa", "tmd", "pcd", "oae", "doe", "pso-bueng-kan"} <= set(names)
    chiang_mai = next(o for o in content.organizations if o["name"] == "pso-chiang-mai")
    assert chiang_mai["title"] == "สำนักงานสถิติจังหวัดเชียงใหม่"
    assert {"key": "iso_3166_2", "value": "TH-50"} in chiang_mai["extras"]

    data_types = {e["value"] for d in content.datasets for e in d["extras"]
                  if e["key"] == "data_type"}
    assert data_types == set(loader.DATA_TYPES.values())
    assert 30 <= len(content.datasets) <= 60
    assert any(d["private"] for d in content.datasets)
    assert {d["owner_org"] for d in content.datasets} <= set(names)
    assert all(d["resources"] for d in content.datasets)


def test_limit_keeps_the_first_datasets_and_their_owners():
    content = loader.plan(3)
    assert [d["name"] for d in content.datasets] == [d["name"] for d in loader.datasets()[:3]]
    assert {o["name"] for o in content.organizations} == {d["owner_org"] for d in content.datasets}


@ENABLED
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_full_load_is_idempotent_and_keeps_private_datasets_private():
    sysadmin = factories.Sysadmin()
    content = loader.plan()
    first = helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin))
    assert first == {
        "organizations": {"created": len(content.organizations), "updated": 0, "kept": 0},
        "datasets": {"created": len(content.datasets), "updated": 0, "kept": 0}}
    before = {name: d["metadata_modified"] for name, d in _all_datasets(sysadmin).items()}
    assert len(before) == len(content.datasets)
    org_count = model.Session.query(model.Group).filter_by(is_organization=True).count()

    # Loading again, even asking for updates, finds nothing to change.
    second = helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin), update=True)
    assert second == {
        "organizations": {"created": 0, "updated": 0, "kept": len(content.organizations)},
        "datasets": {"created": 0, "updated": 0, "kept": len(content.datasets)}}
    after = {name: d["metadata_modified"] for name, d in _all_datasets(sysadmin).items()}
    assert after == before
    assert model.Session.query(model.Group).filter_by(is_organization=True).count() == org_count

    private = {d["name"] for d in content.datasets if d["private"]}
    anonymous = _all_datasets(None)
    assert private and not private & set(anonymous)
    assert len(anonymous) == len(content.datasets) - len(private)

    shown = helpers.call_action("package_show", id="tmd-weather-stations")
    extras = {e["key"]: e["value"] for e in shown["extras"]}
    assert extras["data_type"] == "ข้อมูลภูมิสารสนเทศเชิงพื้นที่"
    assert shown["organization"]["name"] == "tmd"
    assert [r["format"] for r in shown["resources"]] == ["SHP", "CSV"]


@ENABLED
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_existing_items_are_kept_unless_update_is_asked():
    sysadmin = factories.Sysadmin()
    helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin), limit=2)
    name = loader.datasets()[0]["name"]
    original_title = helpers.call_action("package_show", id=name)["title"]
    helpers.call_action("package_patch", id=name, title="แก้ไขโดยผู้ดูแล")

    kept = helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin), limit=2)
    assert kept["datasets"] == {"created": 0, "updated": 0, "kept": 2}
    assert helpers.call_action("package_show", id=name)["title"] == "แก้ไขโดยผู้ดูแล"

    updated = helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin),
                                  limit=2, update=True)
    assert updated["datasets"] == {"created": 0, "updated": 1, "kept": 1}
    assert helpers.call_action("package_show", id=name)["title"] == original_title


@ENABLED
@pytest.mark.usefixtures("clean_db")
def test_only_sysadmins_may_load():
    user = factories.User()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("gdcatalog_demo_load", context=_as(user), limit=1)
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("gdcatalog_demo_load", context=_as(None), limit=1)


@pytest.mark.usefixtures("clean_db")
def test_loading_is_refused_unless_enabled():
    sysadmin = factories.Sysadmin()
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin), limit=1)
    assert "ckan.gdcatalog.demo.enabled" in error.value.error_dict
    assert model.Session.query(model.Package).count() == 0


@ENABLED
@pytest.mark.usefixtures("clean_db")
def test_limit_must_be_a_natural_number():
    sysadmin = factories.Sysadmin()
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin), limit=-1)
    assert "limit" in error.value.error_dict

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from ckanext.gdcatalog import reference
from ckanext.gdcatalog.demo import loader
from ckanext.gdcatalog.schema import vocabularies

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
    assert (chiang_mai["agency_type"], chiang_mai["province"], chiang_mai["ministry"]) == (
        "provincial_office", "TH-50", "mdes")
    assert {o["province"] for o in content.organizations if o["name"].startswith("pso-")} == {
        p.code for p in reference.provinces() if p.code != "TH-10"}

    data_type = vocabularies.get("data_type")
    assert {data_type.normalise(d["data_type"]) for d in content.datasets} == set(data_type.codes)
    assert 30 <= len(content.datasets) <= 60
    assert any(d["private"] for d in content.datasets)
    category = vocabularies.get("data_category")
    restricted = [d for d in content.datasets
                  if category.normalise(d["data_category"]) in vocabularies.restricted_categories()]
    assert restricted and all(d["private"] for d in restricted)
    assert {d["owner_org"] for d in content.datasets} <= set(names)
    assert all(d["resources"] for d in content.datasets)


def test_data_format_comes_from_the_resources():
    by_name = {d["name"]: d for d in loader.datasets()}
    assert by_name["nso-labour-force-survey"]["data_format"] == ["xls", "csv"]
    assert by_name["tmd-weather-stations"]["data_format"] == ["shapefile", "csv"]
    cyclones = by_name["tmd-tropical-cyclone-tracks"]
    assert (cyclones["data_format"], cyclones["data_format_other"]) == (
        ["shapefile", "other"], "KML")
    assert "data_format_other" not in by_name["tmd-weather-stations"]


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
    assert shown["data_type"] == "geospatial"
    assert shown["organization"]["name"] == "tmd"
    assert [r["format"] for r in shown["resources"]] == ["SHP", "CSV"]
    # Labels and legacy values of datasets.yaml are stored as codes
    assert (shown["license_id"], shown["geo_coverage"], shown["data_category"]) == (
        "odc-by", "coordinates", "public")
    assert (shown["update_frequency_unit"], shown["update_frequency_interval"]) == ("year", 1)
    assert shown["data_format"] == ["csv", "shapefile"]
    assert [shown[f"{side}_bound_longitude"] for side in ("west", "east", "south", "north")] == [
        "97.3", "105.7", "5.6", "20.5"]
    assert shown["data_release_date"] == "2024-01-15"
    # Buddhist-Era years become Gregorian
    statistical = helpers.call_action("package_show", id="nso-labour-force-survey")
    assert (statistical["first_year_of_data"], statistical["last_year_of_data"]) == (2015, 2024)
    assert statistical["disaggregate"] == [
        "sex", "age", "education_level", "industry", "geographic_area"]
    assert statistical["official_statistics"] is True
    assert "การว่างงาน" in {t["name"] for t in statistical["tags"]}
    record = helpers.call_action("package_show", id="dopa-administrative-units")
    assert (record["data_collect"], record["created_date"]) == ("geographic_area", "2002-10-01")
    assert helpers.call_action("package_show", id="tmd-tropical-cyclone-tracks")[
        "data_format_other"] == "KML"


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


def test_an_agency_catalog_and_a_directory_that_harvests_it_split_the_content():
    everything = loader.plan()
    agency = loader.plan(organization="tmd")
    central = loader.plan(without_datasets_of="tmd")
    tmd = {d["name"] for d in everything.datasets if d["owner_org"] == "tmd"}
    assert tmd and {d["name"] for d in agency.datasets} == tmd
    assert [o["name"] for o in agency.organizations] == ["tmd"]
    # the directory keeps the organization (its harvest source belongs to it)
    assert "tmd" in {o["name"] for o in central.organizations}
    assert {d["name"] for d in central.datasets} == {d["name"] for d in everything.datasets} - tmd
    with pytest.raises(ValueError, match="no-such-org"):
        loader.plan(organization="no-such-org")


@ENABLED
@pytest.mark.usefixtures("clean_db")
def test_an_unknown_demo_organization_is_a_validation_error():
    sysadmin = factories.Sysadmin()
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("gdcatalog_demo_load", context=_as(sysadmin), organization="nobody")
    assert "nobody" in str(error.value.error_dict["organization"])
    assert model.Session.query(model.Package).count() == 0

"""The metadata quality score on dataset dicts (no CKAN needed)."""
import pytest

from ckanext.gdcatalog.quality import metadata_score

pytestmark = pytest.mark.without_plugins

MANDATORY = {
    "data_type": "record", "title": "t", "name": "t", "owner_org": "org-id", "notes": "n",
    "tags": [{"name": "x"}], "maintainer": "m", "maintainer_email": "m@x.go.th",
    "objective": ["agency_mission"], "update_frequency_unit": "year", "geo_coverage": "country",
    "data_source": "s", "data_format": ["csv"], "data_category": "public", "license_id": "cc-by",
}


def _by_key(result):
    return {i["key"]: i for i in result["indicators"]}


def test_a_record_dataset_without_resources():
    result = metadata_score.score(MANDATORY)
    ind = _by_key(result)
    # Findability: keywords 30 + category 30 + geo 20; a record dataset has
    # no time-coverage field: not applicable (max 80)
    assert not ind["temporal"]["applicable"]
    assert result["dimensions"]["findability"] == {"points": 80, "max_points": 80}
    # Accessibility 0/100; interoperability: only "DCAT-AP required" (title,
    # description, organization, and no resource lacks a link) 30/110
    assert result["dimensions"]["accessibility"]["points"] == 0
    assert result["dimensions"]["interoperability"]["points"] == 30
    # Reusability: licence 20 + from list 10 + access rights 5 + contact 20
    # + publisher 10 = 65 of 75 (no access conditions)
    assert result["dimensions"]["reusability"] == {"points": 65, "max_points": 75}
    # Contextuality: nothing (0/20); mandatory: all 15 fields: 50/50
    assert result["dimensions"]["mandatory"] == {"points": 50, "max_points": 50}
    # 80 + 0 + 30 + 65 + 0 + 50 = 225 of 80 + 100 + 110 + 75 + 20 + 50 = 435
    assert (result["points"], result["max_points"]) == (225, 435)
    assert result["percent"] == 51.7
    # 51.7 % x 405 = 209.4 points on MQA's scale: sufficient (121-220)
    assert result["rating"] == "sufficient"
    assert ind["access_condition"]["advice"] == metadata_score.MSG_ACCESS_CONDITION_ADVICE


def test_a_complete_statistical_dataset_with_a_checked_csv():
    dataset = {**MANDATORY, "data_type": "statistical", "first_year_of_data": "2020",
               "accessible_condition": "ไม่มี", "last_updated_date": "2024-01-01",
               "resources": [{"id": "r1", "name": "r", "url": "http://x.go.th/a.csv",
                              "format": "CSV", "mimetype": "text/csv", "size": 10,
                              "url_type": ""}]}
    result = metadata_score.score(dataset, reachable={"r1": True})
    failed = [i["key"] for i in result["indicators"] if not i["passed"] and i["applicable"]]
    assert failed == ["issued"]  # no created or release date: 5 points short
    assert (result["points"], result["max_points"]) == (450, 455)
    assert result["rating"] == "excellent"


def test_unreachable_resource_loses_access_points():
    dataset = {**MANDATORY, "resources": [{"id": "r1", "name": "r", "url": "http://x/a.csv",
                                           "format": "CSV"}]}
    checked = _by_key(metadata_score.score(dataset, reachable={"r1": False}))
    assert (checked["access_url"]["points"], checked["download_url"]["points"],
            checked["download_url_ok"]["points"]) == (0, 20, 0)
    assert _by_key(metadata_score.score(dataset, reachable={"r1": True}))[
        "download_url_ok"]["points"] == 30


def test_missing_mandatory_fields_give_partial_points():
    dataset = {k: v for k, v in MANDATORY.items() if k not in ("maintainer", "data_source")}
    dataset["resources"] = [{"id": "r", "url": "http://x/a.pdf", "format": "PDF"}]
    ind = _by_key(metadata_score.score(dataset))
    # 13 of 15 dataset fields and 0 of 1 resource name: 13 / 16 x 50
    assert ind["mandatory_fields"]["points"] == 40.62
    assert not ind["mandatory_fields"]["passed"]
    # PDF: a known format, neither open nor machine-readable
    assert ind["format_known"]["passed"] and not ind["machine_readable"]["passed"]


@pytest.mark.parametrize("percent, band", [(100, "excellent"), (86.67, "excellent"),
                                           (86.6, "good"), (54.57, "good"),
                                           (54.5, "sufficient"), (29.88, "sufficient"),
                                           (29.8, "bad"), (0, "bad")])
def test_bands_are_mqa_scaled(percent, band):
    # 351 / 405 = 86.67 %, 221 / 405 = 54.57 %, 121 / 405 = 29.88 %
    assert metadata_score.rating(percent) == band

"""The metadata score on every save: in the index (search, sort, facet)
and in the score history."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.factories import Dataset


def _search(**params):
    return tk.get_action("package_search")({"ignore_auth": True}, params)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_score_follows_edits_and_is_searchable():
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    found = _search(fq=f"id:{dataset['id']}",
                    fl="id,metadata_quality_score,metadata_quality_rating")["results"][0]
    # The factory's record dataset without resources: findability 80/80,
    # accessibility 0/100, interoperability 30/110, reusability 65/75,
    # contextuality 0/20, mandatory 50/50: 225 / 435 = 51.7 % -> "052",
    # sufficient (51.7 % × 405 = 209 MQA points)
    assert found["metadata_quality_score"] == "052"
    assert found["metadata_quality_rating"] == "sufficient"

    tk.get_action("package_patch")({"ignore_auth": True}, {
        "id": dataset["id"], "accessible_condition": "ขอใช้ผ่านหนังสือราชการ"})
    # + access conditions 10 + rights 5: 240 / 435 = 55.2 % -> good (from 54.57 %)
    found = _search(fq="metadata_quality_rating:good", fl="id,metadata_quality_score")
    assert [(d["id"], d["metadata_quality_score"]) for d in found["results"]] == [
        (dataset["id"], "055")]

    show = tk.get_action("gdcatalog_quality_dataset_show")({"ignore_auth": True},
                                                          {"id": dataset["id"]})
    assert show["metadata"]["percent"] == 55.2
    assert [h["percent"] for h in show["metadata_history"]] == [55.2, 51.7]
    advice = {i["key"]: i for i in show["metadata"]["indicators"]}
    assert not advice["modified"]["passed"]
    assert advice["modified"]["advice"] == "Give the date the data was last updated."


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_sort_and_facet_by_score():
    org = factories.Organization()
    better = Dataset(owner_org=org["id"], accessible_condition="เปิดเผยได้",
                     last_updated_date="2025-01-01")
    worse = Dataset(owner_org=org["id"])
    found = _search(sort="metadata_quality_score asc", fl="id,metadata_quality_score",
                    **{"facet.field": '["metadata_quality_rating"]'})
    assert [d["id"] for d in found["results"]] == [worse["id"], better["id"]]
    # 225 + 15 + modification date 5 = 245 / 435 = 56.3 %
    assert [d["metadata_quality_score"] for d in found["results"]] == ["052", "056"]
    assert found["facets"]["metadata_quality_rating"] == {"sufficient": 1, "good": 1}
    ranged = _search(fq="metadata_quality_score:[053 TO 100]", fl="id")
    assert [d["id"] for d in ranged["results"]] == [better["id"]]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_rating_facet_has_labels_in_thai(app):
    org = factories.Organization()
    Dataset(owner_org=org["id"])
    response = app.get("/th/dataset/")
    assert "พอใช้" in response.body  # "Sufficient"

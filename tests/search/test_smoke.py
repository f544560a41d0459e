import pytest
from ckan.tests import factories, helpers

from tests.factories import Dataset


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_thai_title_found_by_inner_word():
    org = factories.Organization()
    Dataset(title="จำนวนประชากรจำแนกตามจังหวัด", owner_org=org["id"], name="pop-by-province")
    Dataset(title="Rainfall", owner_org=org["id"])
    result = helpers.call_action("package_search", q="ประชากร")
    assert [d["name"] for d in result["results"]] == ["pop-by-province"]
    org_shown = helpers.call_action("organization_show", id=org["id"])
    assert org_shown["package_count"] == 2

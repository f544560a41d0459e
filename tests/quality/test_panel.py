"""The quality panel of the dataset page, in English and Thai."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.factories import Dataset

pytestmark = [pytest.mark.ckan_config("ckan.gdcatalog.quality.allow_private_addresses", "true"),
              pytest.mark.ckan_config("ckan.gdcatalog.quality.auto", "false"),
              pytest.mark.usefixtures("clean_db", "clean_index")]


@pytest.fixture
def dataset(file_server):
    base, files = file_server
    files["/people.csv"] = (b"name,pid\na,1101700203450\nb,\n", "text/csv")
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    resource = factories.Resource(package_id=dataset["id"], url=f"{base}/people.csv",
                                  format="CSV", name="people")
    tk.get_action("gdcatalog_quality_resource_assess")(
        {"ignore_auth": True}, {"id": resource["id"], "background": False})
    return dataset


def test_panel_in_english(app, dataset):
    body = app.get(f"/dataset/{dataset['name']}").body
    assert "Metadata quality score" in body
    assert "Give the date the data was last updated." in body  # advice
    # 4 cells, 1 missing: 75 %; the ID number is shown prominently on a
    # public dataset
    assert "75.0%" in body
    assert "alert-danger gdc-quality-personal-data" in body
    assert "look like Thai national ID numbers" in body


def test_panel_in_thai(app, dataset):
    body = app.get(f"/th/dataset/{dataset['name']}").body
    assert "คะแนนคุณภาพคำอธิบายข้อมูล" in body
    assert "ระบุวันที่ปรับปรุงข้อมูลล่าสุด" in body
    assert "เลขประจำตัวประชาชน" in body

"""Assessments as background jobs through Redis, on files served by the
test or uploaded to CKAN's storage."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from ckan.tests import factories

from tests.factories import Dataset

CSV = ("province,year,amount\n"
       "เชียงใหม่,2567,10\n"
       "ขอนแก่น,2567,\n"
       "เชียงใหม่,2567,10\n"
       "ภูเก็ต,๒๕๖๗,n/a\n").encode()
# 12 cells, 2 missing ("" and "n/a"): completeness 10 / 12 = 83.3333;
# rows 1 and 3 equal: uniqueness 3 / 4 = 75; year (numeric, ๒๕๖๗ too) 4 of 4,
# amount numeric 2 of 2, province text 4: consistency 10 / 10 = 100.
EXPECTED = {"completeness": 83.3333, "uniqueness": 75.0, "validity": 100.0,
            "consistency": 100.0, "utf8": 1.0, "openness": 3.0, "rows": 4, "columns": 3}

pytestmark = [pytest.mark.ckan_config("ckan.gdcatalog.quality.allow_private_addresses", "true"),
              pytest.mark.ckan_config("ckan.gdcatalog.quality.auto", "true"),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def _run_queued_jobs():
    jobs.Worker([tk.config.get("ckan.gdcatalog.quality.queue")]).work(burst=True)


def _latest(resource_id):
    return tk.get_action("gdcatalog_quality_resource_show")(
        {"ignore_auth": True}, {"id": resource_id})["latest"]


@pytest.fixture(autouse=True)
def _empty_queue():
    jobs.get_queue(tk.config.get("ckan.gdcatalog.quality.queue")).empty()


def test_a_new_linked_csv_is_assessed_by_a_worker(file_server):
    base, files = file_server
    files["/population.csv"] = (CSV, "text/csv; charset=utf-8")
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    resource = factories.Resource(package_id=dataset["id"], url=f"{base}/population.csv",
                                  format="CSV", name="ประชากร")
    assert _latest(resource["id"]) is None  # queued, not yet run
    _run_queued_jobs()
    latest = _latest(resource["id"])
    assert latest["status"] == "done", latest
    assert {k: latest[k] for k in EXPECTED} == EXPECTED
    assert (latest["reachable"], latest["downloadable"], latest["availability"]) == (True, 1, 1)
    assert latest["file_size"] == len(CSV)
    # the dataset was reindexed: the fetched resource now earns the
    # accessibility points of the metadata score
    show = tk.get_action("gdcatalog_quality_dataset_show")({"ignore_auth": True},
                                                          {"id": dataset["id"]})
    ind = {i["key"]: i for i in show["metadata"]["indicators"]}
    assert ind["access_url"]["passed"] and ind["download_url_ok"]["passed"]
    assert [r["resource_name"] for r in show["resources"]] == ["ประชากร"]

    # Saving again without changing the file queues nothing new to assess
    tk.get_action("package_patch")({"ignore_auth": True}, {"id": dataset["id"], "notes": "x"})
    _run_queued_jobs()
    history = tk.get_action("gdcatalog_quality_resource_show")(
        {"ignore_auth": True}, {"id": resource["id"]})["history"]
    assert len(history) == 1
    # A new URL is assessed again
    files["/v2.csv"] = (b"a\n1\n", "text/csv")
    tk.get_action("resource_patch")({"ignore_auth": True},
                                    {"id": resource["id"], "url": f"{base}/v2.csv"})
    _run_queued_jobs()
    assert _latest(resource["id"])["rows"] == 1


def test_an_uploaded_file_is_read_from_storage(create_with_upload):
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    resource = create_with_upload(CSV, "population.csv", package_id=dataset["id"],
                                  format="CSV", name="upload", context={"ignore_auth": True})
    _run_queued_jobs()
    latest = _latest(resource["id"])
    assert {k: latest[k] for k in EXPECTED} == EXPECTED
    assert latest["downloadable"] == 1


def test_a_broken_link_is_a_recorded_error(file_server):
    base, _ = file_server
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    resource = factories.Resource(package_id=dataset["id"], url=f"{base}/missing.csv",
                                  format="CSV")
    _run_queued_jobs()
    latest = _latest(resource["id"])
    assert (latest["status"], latest["error"], latest["error_detail"]) == ("error", "http_status",
                                                                           "404")
    assert latest["reachable"] is False
    assert latest["error_message"] == "The link answered with HTTP status 404 instead of the file."
    assert latest["openness"] == 3  # metadata metrics are still recorded


def test_a_hostile_file_is_a_recorded_error(file_server):
    base, files = file_server
    files["/binary.csv"] = (bytes(range(256)) * 100, "text/csv")
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    resource = factories.Resource(package_id=dataset["id"], url=f"{base}/binary.csv",
                                  format="CSV")
    _run_queued_jobs()
    assert _latest(resource["id"])["error"] == "binary"


def test_private_addresses_are_not_fetched(file_server, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.gdcatalog.quality.allow_private_addresses", False)
    base, files = file_server
    files["/secret.csv"] = (CSV, "text/csv")
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    resource = factories.Resource(package_id=dataset["id"], url=f"{base}/secret.csv",
                                  format="CSV")
    result = tk.get_action("gdcatalog_quality_resource_assess")(
        {"ignore_auth": True}, {"id": resource["id"], "background": False})
    assert result["error"] == "blocked_address"
    assert result["completeness"] is None


def test_the_assess_action_queues_a_job(file_server):
    base, files = file_server
    files["/one.csv"] = (b"x\n1\n1\n", "text/csv")
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"])
    resource = factories.Resource(package_id=dataset["id"], url=f"{base}/one.csv",
                                  format="CSV")
    _run_queued_jobs()
    queued = tk.get_action("gdcatalog_quality_resource_assess")(
        {"ignore_auth": True}, {"id": resource["id"]})
    assert queued["status"] == "pending" and queued["job_id"]
    _run_queued_jobs()
    shown = tk.get_action("gdcatalog_quality_resource_show")(
        {"ignore_auth": True}, {"id": resource["id"]})
    assert [h["id"] for h in shown["history"]][0] == queued["id"]
    assert shown["latest"]["uniqueness"] == 50.0  # 2 rows, 1 distinct
    assert len(shown["history"]) == 2

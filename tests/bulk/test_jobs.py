"""A background import runs as a real CKAN job through Redis (a worker in
burst mode) and leaves its progress and report for the page."""
from __future__ import annotations

import io

import pytest
import ckan.model as model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import helpers

from ckanext.gdcatalog.bulk import jobs
from tests.bulk.workbooks import build, dataset_row


@pytest.mark.usefixtures("clean_queues")
def test_background_import_runs_in_a_worker_and_reports(people):
    upload = io.BytesIO(build({"Temp2_Meta_Record": [
        dataset_row(f"set-{i}", f"ชุดที่ {i}") for i in range(3)]}))
    upload.name = "catalog.xlsx"
    editor = {"user": people["editor"]["name"], "ignore_auth": False}
    state = helpers.call_action("gdcatalog_import_excel", editor,
                                organization=people["org"]["name"], upload=upload,
                                background=True)
    assert state["state"] == jobs.QUEUED
    assert model.Session.query(model.Package).count() == 0

    ckan_jobs.Worker().work(burst=True)

    status = helpers.call_action("gdcatalog_import_status", editor, id=state["id"])
    assert status["state"] == jobs.FINISHED, status.get("error")
    assert (status["done"], status["total"]) == (3, 3)
    assert status["report"]["datasets"]["created"] == 3
    model.Session.expire_all()
    assert model.Session.query(model.Package).count() == 3
    assert jobs.workbook(state["id"]) is None  # the upload is dropped once imported


@pytest.mark.usefixtures("clean_queues")
def test_a_dry_run_job_keeps_the_workbook_for_the_import(people):
    upload = io.BytesIO(build({"Temp2_Meta_Record": [dataset_row("one", "หนึ่ง")]}))
    upload.name = "catalog.xlsx"
    editor = {"user": people["editor"]["name"], "ignore_auth": False}
    preview = helpers.call_action("gdcatalog_import_excel", editor,
                                  organization=people["org"]["name"], upload=upload,
                                  dry_run=True, background=True)
    ckan_jobs.Worker().work(burst=True)
    assert jobs.status(preview["id"])["report"]["datasets"]["created"] == 1
    assert model.Session.query(model.Package).count() == 0

    final = helpers.call_action("gdcatalog_import_excel", editor,
                                organization=people["org"]["name"], job_id=preview["id"],
                                background=True)
    ckan_jobs.Worker().work(burst=True)
    assert jobs.status(final["id"])["state"] == jobs.FINISHED
    model.Session.expire_all()
    assert model.Session.query(model.Package).filter_by(name="one").count() == 1


def test_status_of_an_import_is_only_for_its_organization(people):
    state = jobs.new_job(b"x", "a.xlsx", people["org"], people["editor"]["name"], True)
    with pytest.raises(Exception) as raised:
        helpers.call_action("gdcatalog_import_status",
                            {"user": people["outsider"]["name"], "ignore_auth": False},
                            id=state["id"])
    assert type(raised.value).__name__ == "NotAuthorized"

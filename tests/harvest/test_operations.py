"""Refused addresses, stuck jobs, retention, and who may use them."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories, helpers
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestObject

from tests.harvest.conftest import make_source, report, run_harvest

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index")]


def _datasets():
    return {p.id: p.state for p in model.Session.query(model.Package).filter(
        model.Package.type == "dataset")}


def _gather_errors(source_id, sysadmin):
    return " ".join(e["message"] for e in report(source_id, sysadmin)["jobs"][0]
                    ["gather_errors"])


ALLOWED_HOSTS = "ckan.gdcatalog.registry.allowed_hosts"


def test_a_source_on_a_private_address_is_refused(harvest_org, sysadmin, ckan_config):
    # A URL is checked when it is saved (tests/security), and every page
    # again when it is fetched: here the site allowed the address when the
    # source was saved, and no longer does.
    ckan_config[ALLOWED_HOSTS] = "127.0.0.1 10.0.0.1"
    source = make_source("http://10.0.0.1/catalog.ttl", harvest_org, sysadmin)
    ckan_config[ALLOWED_HOSTS] = "127.0.0.1"
    job = run_harvest(source["id"], sysadmin)
    assert job["status"] == "Finished"
    assert "not a public Internet address" in _gather_errors(source["id"], sysadmin)
    assert _datasets() == {}


def test_a_redirect_to_a_private_address_is_refused(source_server, harvest_org, sysadmin):
    url = source_server.url.replace("/catalog.ttl", "/to-private")
    source = make_source(url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    assert "(10.1.2.3) is not a public Internet address" in _gather_errors(source["id"],
                                                                          sysadmin)
    assert _datasets() == {}


def test_loopback_is_refused_unless_allowed(source_server, harvest_org, sysadmin, ckan_config):
    # Saved while 127.0.0.1 was allowed; fetched once the allow-list names
    # another host only.
    source = make_source(source_server.url, harvest_org, sysadmin)
    ckan_config[ALLOWED_HOSTS] = "data.example.go.th"
    run_harvest(source["id"], sysadmin)
    assert "(127.0.0.1) is not a public Internet address" in _gather_errors(source["id"],
                                                                           sysadmin)
    assert source_server.server.requests == []  # nothing was sent to it


def _age(job_id, hours):
    """Move a job and its objects back in time, as if its worker died then."""
    shift = {"delta": dt.timedelta(hours=hours), "id": job_id}
    model.Session.execute(sa.text(
        "UPDATE harvest_job SET created = created - :delta, "
        "gather_started = gather_started - :delta, gather_finished = gather_finished - :delta "
        "WHERE id = :id"), shift)
    model.Session.execute(sa.text(
        "UPDATE harvest_object SET gathered = gathered - :delta, "
        "import_finished = import_finished - :delta WHERE harvest_job_id = :id"), shift)
    model.Session.commit()


@pytest.mark.ckan_config("ckan.gdcatalog.harvest.stuck_minutes", "60")
def test_a_job_whose_worker_died_is_finished_with_an_error(source_server, harvest_org,
                                                           sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    run_harvest(source["id"], sysadmin)
    before = _datasets()
    source_server.catalog.records.pop(2)
    source_server.catalog.records[1]["title"] = "ชุดข้อมูลต้นทาง 1 ฉบับแก้ไข"
    context = {"user": sysadmin["name"]}
    queue.purge_queues()
    job = helpers.call_action("harvest_job_create", context, source_id=source["id"], run=True)
    gather = queue.get_gather_consumer()
    queue.gather_callback(gather, *gather.basic_get(queue=queue.get_gather_queue_name()))
    # The fetch consumer dies: nothing takes the objects off the queue.
    helpers.call_action("harvest_jobs_run", context, source_id=source["id"])
    assert HarvestJob.get(job["id"]).status == "Running"  # not stuck yet

    _age(job["id"], hours=2)
    helpers.call_action("harvest_jobs_run", context, source_id=source["id"])
    assert HarvestJob.get(job["id"]).status == "Finished"
    last = next(j for j in report(source["id"], sysadmin)["jobs"] if j["id"] == job["id"])
    assert "made no progress for 60 minutes" in " ".join(
        e["message"] for e in last["gather_errors"])
    assert last["counts"]["errors"] == 2 and last["counts"]["pending"] == 0  # update, withdrawal
    assert {e["message"] for e in last["object_errors"]} == {
        "The record was not processed: the job was stopped after 60 minutes without progress"}
    assert _datasets() == before  # nothing withdrawn, nothing lost
    redis = queue.get_connection()
    assert not redis.keys(queue.get_fetch_routing_key() + ":*")


def test_old_history_is_pruned_and_current_records_kept(source_server, harvest_org, sysadmin):
    source = make_source(source_server.url, harvest_org, sysadmin)
    first = run_harvest(source["id"], sysadmin)
    second = run_harvest(source["id"], sysadmin)
    _age(first["id"], hours=24 * 100)

    result = helpers.call_action("gdcatalog_harvest_prune", {"user": sysadmin["name"]},
                                 days=90)
    assert result == {"objects": 5, "jobs": 1}
    assert HarvestJob.get(first["id"]) is None and HarvestJob.get(second["id"]) is not None
    assert model.Session.query(HarvestObject).filter(HarvestObject.current.is_(True)).count() == 5
    assert [j["id"] for j in report(source["id"], sysadmin)["jobs"]] == [second["id"]]
    # Records still map to their datasets: the next run changes nothing.
    run_harvest(source["id"], sysadmin)
    assert report(source["id"], sysadmin)["jobs"][0]["counts"]["unchanged"] == 5


def test_only_sysadmins_prune_or_finish_jobs_and_numbers_are_checked(sysadmin):
    user = factories.User()
    for action in ("gdcatalog_harvest_prune", "gdcatalog_harvest_finish_stuck"):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(action, {"user": user["name"], "ignore_auth": False})
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("gdcatalog_harvest_prune", {"user": sysadmin["name"]}, days="soon")
    assert "days must be a whole number of at least 1" in str(error.value.error_dict)
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("gdcatalog_harvest_finish_stuck", {"user": sysadmin["name"]},
                            minutes=0)

"""DCAT fragments made in the background once a save commits, so that the
first catalog page after a change serialises nothing; the action and the
command that make the missing ones of every published dataset."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers

from ckanext.gdcatalog.after_commit import AfterCommit
from ckanext.gdcatalog.dcat import exposure, fragments, prerender
from tests.factories import Dataset

QUEUE = "gdcatalog-test-dcat"

pytestmark = [pytest.mark.ckan_config(prerender.FORMATS_OPTION, "ttl rdf"),
              pytest.mark.ckan_config(prerender.ON_SAVE_OPTION, "true"),
              pytest.mark.ckan_config(prerender.QUEUE_OPTION, QUEUE),
              pytest.mark.usefixtures("clean_db", "clean_index", "empty")]


@pytest.fixture
def empty():
    jobs.get_queue(QUEUE).empty()
    redis = connect_to_redis()
    for key in redis.scan_iter("gdcatalog:dcat:*"):
        redis.delete(key)


def _queued_ids() -> list[str]:
    return sorted(i for job in jobs.get_queue(QUEUE).jobs for i in job.args[0])


def _work() -> None:
    jobs.Worker([QUEUE]).work(burst=True)


def _missing(fmt: str) -> int:
    """Fragments a catalog page of every published dataset would have to make."""
    page = exposure.CatalogPage({})
    return sum(1 for _ in page.datasets) and fragments.prerender(page.datasets, fmt)


def test_a_saved_dataset_is_serialised_by_a_job_after_the_commit(app):
    org = factories.Organization()
    dataset = Dataset(owner_org=org["id"], title="ปริมาณน้ำฝนรายเดือน")
    assert dataset["id"] in _queued_ids()
    _work()
    assert _queued_ids() == []
    # Both formats are in Redis: the page and the document serialise nothing.
    assert _missing("ttl") == 0 and _missing("rdf") == 0
    assert "ปริมาณน้ำฝนรายเดือน" in app.get("/catalog.ttl").get_data(as_text=True)

    helpers.call_action("package_patch", {"user": factories.Sysadmin()["name"]},
                        id=dataset["id"], title="ปริมาณน้ำฝนรายวัน")
    assert _queued_ids() == [dataset["id"]]
    assert _missing("ttl") == 1  # the job has not run yet: the page would make it
    _work()
    assert _missing("ttl") == 0
    assert "ปริมาณน้ำฝนรายวัน" in app.get("/catalog.ttl").get_data(as_text=True)


def test_what_is_not_published_is_never_serialised():
    org = factories.Organization()
    hidden = Dataset(owner_org=org["id"], private=True)
    consented = Dataset(owner_org=org["id"], private=True, allow_harvest="true")
    assert {hidden["id"], consented["id"]} <= set(_queued_ids())
    report = prerender.render([hidden["id"], consented["id"]], ["ttl"])
    assert report == {"datasets": 1, "rendered": 1}  # the consented one, metadata only
    keys = list(connect_to_redis().scan_iter("gdcatalog:dcat:*"))
    text = fragments.Fragment.from_json(connect_to_redis().get(keys[0])).body
    assert consented["id"] in text and hidden["id"] not in text


def test_a_job_that_finds_its_fragments_makes_none():
    org = factories.Organization()
    ids = [Dataset(owner_org=org["id"])["id"] for _ in range(3)]
    assert prerender.render(ids, ["ttl"]) == {"datasets": 3, "rendered": 3}
    assert prerender.render(ids, ["ttl"]) == {"datasets": 3, "rendered": 0}
    # .rdf and .xml are one serialisation: one fragment serves both.
    assert prerender.render(ids, ["rdf"])["rendered"] == 3
    assert prerender.render(ids, ["xml"])["rendered"] == 0


def test_a_rolled_back_save_queues_nothing():
    calls: list[list[str]] = []
    pending = AfterCommit("test", calls.append)
    pending.install()
    model.Session.execute(sa.text("SELECT 1"))  # in a transaction, as a save is
    pending.add("b")
    pending.add("a")
    model.Session.rollback()
    model.Session.commit()
    assert calls == []
    pending.add("b")
    pending.add("a")
    with model.Session.begin_nested():  # a savepoint released is not a commit
        pending.add("c")
    assert calls == []
    model.Session.commit()
    assert calls == [["a", "b", "c"]]


# Module marks are applied after a test's own: these tests set the option
# themselves.
def test_only_formats_assembled_from_fragments_are_prerendered(monkeypatch):
    monkeypatch.setitem(tk.config, prerender.FORMATS_OPTION, "ttl n3 bogus ttl")
    assert prerender.formats() == ["ttl"]


def test_no_prerendering_without_the_fragment_cache(monkeypatch):
    monkeypatch.setitem(tk.config, fragments.TTL_OPTION, 0)
    assert prerender.formats() == []
    Dataset(owner_org=factories.Organization()["id"])
    assert _queued_ids() == []


def test_saves_queue_nothing_when_turned_off(monkeypatch):
    monkeypatch.setitem(tk.config, prerender.ON_SAVE_OPTION, False)
    made = Dataset(owner_org=factories.Organization()["id"])
    assert _queued_ids() == []
    assert prerender.render([made["id"]]) == {"datasets": 1, "rendered": 2}


def test_the_action_is_for_sysadmins_and_makes_every_missing_fragment():
    org = factories.Organization()
    ids = [Dataset(owner_org=org["id"])["id"] for _ in range(3)]
    Dataset(owner_org=org["id"], private=True)
    jobs.get_queue(QUEUE).empty()
    user = factories.User()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("gdcatalog_dcat_prerender", {"user": user["name"],
                                                         "ignore_auth": False})
    sysadmin = {"user": factories.Sysadmin()["name"]}
    report = helpers.call_action("gdcatalog_dcat_prerender", sysadmin)
    assert report == {"formats": ["ttl", "rdf"], "datasets": 3, "rendered": 6}
    queued = helpers.call_action("gdcatalog_dcat_prerender", sysadmin, background=True)
    assert queued == {"formats": ["ttl", "rdf"], "jobs": 1}
    assert _queued_ids() == sorted(ids)
    _work()
    one = helpers.call_action("gdcatalog_dcat_prerender", sysadmin, ids=[ids[0]])
    assert one == {"formats": ["ttl", "rdf"], "datasets": 1, "rendered": 0}
    for bad in ([1, 2], {"id": ids[0]}, 7):
        with pytest.raises(tk.ValidationError):
            helpers.call_action("gdcatalog_dcat_prerender", sysadmin, ids=bad)


def test_the_command_reports_what_it_made(cli):
    org = factories.Organization()
    made = Dataset(owner_org=org["id"])
    result = cli.invoke(ckan, ["gdcatalog", "dcat", "prerender", "--dataset", made["name"]],
                        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "formats: ttl rdf; published datasets: 1, fragments made: 2" in result.output
    again = cli.invoke(ckan, ["gdcatalog", "dcat", "prerender"], catch_exceptions=False)
    assert "published datasets: 1, fragments made: 0" in again.output


def test_a_dataset_document_uses_the_fragment_of_its_catalog_page():
    """/dataset/<id>.rdf reads the dataset through package_show, a catalog
    page through the search index: both give the same dict, so one
    prerendered fragment serves both."""
    made = Dataset(owner_org=factories.Organization()["id"], tag_string="น้ำ, rain")
    from_index = exposure.published_datasets([made["id"]])
    assert from_index == [exposure.published_dataset(made["id"])]
    assert prerender.render([made["id"]], ["rdf"])["rendered"] == 1
    assert fragments.prerender([exposure.published_dataset(made["id"])], "rdf") == 0

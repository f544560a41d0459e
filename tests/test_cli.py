"""The ckan gdcatalog commands, run through CKAN's own ``ckan`` entry point."""
import json

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan

from ckanext.gdcatalog.demo import loader


def _run(cli, *args):
    return cli.invoke(ckan, list(args), catch_exceptions=False)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_doctor_prints_every_check_and_exits_zero(cli):
    result = _run(cli, "gdcatalog", "doctor")
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines() if line.strip()]
    assert [(words[0], words[1]) for words in lines] == [
        ("OK", "config"), ("OK", "database"), ("OK", "migrations"), ("OK", "redis"),
        ("OK", "search"), ("OK", "harvest")]
    assert "backend postgresql: 0 indexed of 0 datasets" in result.output


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_doctor_exits_one_when_a_check_fails(cli):
    def execute(statement):
        model.Session.execute(sa.text(statement))
        model.Session.commit()

    execute("ALTER TABLE gdcatalog_search_doc RENAME TO gdcatalog_search_doc_away")
    try:
        result = _run(cli, "gdcatalog", "doctor", "--json")
    finally:
        execute("ALTER TABLE gdcatalog_search_doc_away RENAME TO gdcatalog_search_doc")
    assert result.exit_code == 1
    status = json.loads(result.output)
    assert status["ok"] is False
    assert [c["name"] for c in status["checks"] if not c["ok"]] == ["search"]


@pytest.mark.ckan_config("ckan.gdcatalog.demo.enabled", True)
@pytest.mark.usefixtures("clean_db", "clean_index", "with_extended_cli")
def test_demo_load_command_is_idempotent(cli):
    first = _run(cli, "gdcatalog", "demo", "load", "--limit", "4")
    assert first.exit_code == 0, first.output
    owners = len(loader.plan(4).organizations)
    assert f"organizations: {owners} created, 0 updated, 0 kept" in first.output
    assert "datasets: 4 created, 0 updated, 0 kept" in first.output
    assert model.Session.query(model.Package).count() == 4

    second = _run(cli, "gdcatalog", "demo", "load", "--limit", "4", "--update")
    assert second.exit_code == 0, second.output
    assert "datasets: 0 created, 0 updated, 4 kept" in second.output
    assert model.Session.query(model.Package).count() == 4


@pytest.mark.usefixtures("clean_db", "with_extended_cli")
def test_demo_load_command_refuses_when_disabled(cli):
    result = _run(cli, "gdcatalog", "demo", "load", "--limit", "1")
    assert result.exit_code == 1
    assert "ckan.gdcatalog.demo.enabled" in result.output
    assert model.Session.query(model.Package).count() == 0

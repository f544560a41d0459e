"""An auth function and its action read the same value (issue #23, finding
1): the registry applied for organization " sec-org-a " (with spaces) for a
user who is no member of it, as the auth function looked the raw value up
and found nothing to refuse, and the action stripped it and found the
organization."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.gdcatalog.registry import store
from tests.security.conftest import CENTRAL_ROLE, headers

pytestmark = [CENTRAL_ROLE]

SPELLINGS = [" sec-org-a ", "sec-org-a\t", "\nsec-org-a\n", "  Sec-Org-A"]


def _application(n: int) -> dict[str, str]:
    return {"catalog_url": f"https://attacker.example.com/catalog-{n}.ttl",
            "contact_name": "Mallory", "contact_email": "mallory@example.com"}


def _applications_for(org_id: str) -> int:
    return sum(1 for a in store.search(limit=1000)[1] if a["organization_id"] == org_id)


def _call(user, **data):
    return helpers.call_action("gdcatalog_registry_apply",
                               {"user": user["name"], "ignore_auth": False}, **data)


@pytest.mark.parametrize("n, spelling", enumerate(SPELLINGS))
def test_a_stranger_cannot_apply_for_an_organization_however_it_is_spelt(site, n, spelling):
    before = _applications_for(site["org"]["id"])
    with pytest.raises((tk.NotAuthorized, tk.ValidationError)):
        _call(site["users"]["visitor"], organization=spelling, **_application(n))
    assert _applications_for(site["org"]["id"]) == before


def test_nor_by_its_id_with_spaces(site):
    with pytest.raises(tk.NotAuthorized):
        _call(site["users"]["visitor"], organization=f" {site['org']['id']} ", **_application(10))


def test_nor_over_http(app, site):
    """The probe's request."""
    before = _applications_for(site["org"]["id"])
    response = app.post("/api/3/action/gdcatalog_registry_apply",
                        data=json.dumps({"organization": " sec-org-a ", **_application(11)}),
                        headers={**headers(site, "visitor"), "Content-Type": "application/json"},
                        status=403)
    assert json.loads(response.body)["success"] is False
    assert _applications_for(site["org"]["id"]) == before


def test_nor_through_the_form(app, site):
    before = _applications_for(site["org"]["id"])
    response = app.post("/registry/apply", headers=headers(site, "visitor"), data={
        "organization": " sec-org-a ", **_application(12)})
    assert "Only an administrator of the organization may register its catalog" in response.body
    assert _applications_for(site["org"]["id"]) == before


def test_its_admin_still_applies_with_spaces_around_its_name(site):
    application = _call(site["users"]["admin"], organization=" sec-org-a ", **_application(13))
    assert application["organization"]["id"] == site["org"]["id"]


def test_a_nul_in_an_applicants_text_is_dropped(site):
    # PostgreSQL text cannot hold one: storing it failed (an error 500).
    application = _call(site["users"]["visitor"], agency_title="สำนักงาน\x00ทดสอบ",
                        **{**_application(14), "contact_name": "Mal\x00lory"})
    assert application["new_organization"]["title"] == "สำนักงานทดสอบ"
    assert application["contact_name"] == "Mallory"


@pytest.fixture(scope="module")
def harvest_source(site):
    sysadmin = factories.Sysadmin()
    option = "ckan.gdcatalog.registry.allowed_hosts"  # a source's URL must be reachable
    previous = tk.config.get(option)
    tk.config[option] = "127.0.0.1"
    try:
        return helpers.call_action(
            "harvest_source_create", {"user": sysadmin["name"]}, name="sec-source",
            title="Sec Org A's catalog", url="http://127.0.0.1:9/catalog.ttl",
            source_type="gdc_dcat_rdf", owner_org=site["org"]["id"], frequency="MANUAL")
    finally:
        tk.config[option] = previous


@pytest.mark.parametrize("who", ["admin", "visitor", None])
def test_the_harvest_report_is_authorised_for_the_source_it_reports(site, harvest_source, who):
    """gdcatalog_harvest_report takes ``id`` or ``source_id``; the auth
    function read only ``id`` (a KeyError without it)."""
    context = {"user": site["users"][who]["name"] if who else "", "ignore_auth": False}
    answers = []
    for key in ("id", "source_id"):
        try:
            report = helpers.call_action("gdcatalog_harvest_report", dict(context),
                                         **{key: harvest_source["name"]})
            answers.append(("report", report))
        except tk.NotAuthorized:
            answers.append(("refused", None))
    assert answers[0] == answers[1]

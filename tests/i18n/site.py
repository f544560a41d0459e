"""A demo-like site for the page tests: the demo content, a group, a harvest
source, a registry application and the people who use them, built once per
module (creating datasets is what costs time)."""
from __future__ import annotations

import contextlib
import dataclasses
from typing import Any, Iterator

import yaml

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.gdcatalog import reference
from ckanext.gdcatalog.demo import loader

# The site as a Thai catalog runs it: Thai by default, the central directory
# (registry pages), demo content allowed.
SITE_CONFIG = {
    "ckan.locale_default": "th",
    "ckan.locales_offered": "th en",
    "ckan.site_title": "บัญชีข้อมูลภาครัฐ",
    "ckan.site_description": "บัญชีข้อมูลภาครัฐของประเทศไทย",
    "ckan.gdcatalog.role": "central",
    "ckan.gdcatalog.demo.enabled": "true",
    "ckan.gdcatalog.registry.admin_organization": "gdc-central",
    "ckan.gdcatalog.registry.allowed_hosts": "127.0.0.1",
}

STEWARD_PASSWORD = "Steward-Pass-2567"


@dataclasses.dataclass
class Site:
    sysadmin: dict[str, Any]
    steward: dict[str, Any]          # editor of the NSO
    applicant: dict[str, Any]        # admin of a provincial office
    organization: dict[str, Any]
    dataset: dict[str, Any]          # a public demo dataset with resources
    group: dict[str, Any]
    harvest_source: dict[str, Any]
    application: dict[str, Any]
    content_words: set[str]          # words typed as content, not interface


def apply_config() -> None:
    """SITE_CONFIG again: CKAN's pytest plugin restores the configuration of
    test.ini before each test, so module fixtures call this from a
    function-scoped one."""
    tk.config.update(SITE_CONFIG)


@contextlib.contextmanager
def served_site(limit: int = 6) -> Iterator[tuple[Any, Site]]:
    """The plugins loaded, CKAN's test app and a built site with SITE_CONFIG;
    afterwards the configuration as it was, an empty database, the plugins
    unloaded. The configuration is set after the app is made: making an app
    reads the ini file again."""
    saved = dict(tk.config)
    plugins.load_all()
    try:
        app = helpers._get_test_app()
        tk.config.update(SITE_CONFIG)
        yield app, build(limit)
    finally:
        tk.config.clear()
        tk.config.update(saved)
        from tests.search.conftest import reset_all
        reset_all()
        unload = getattr(plugins, "unload_non_system_plugins", None) or plugins.unload_all
        unload()


def _context(user: dict[str, Any]) -> dict[str, Any]:
    return {"user": user["name"], "ignore_auth": False}


def build(limit: int = 6) -> Site:
    """Load ``limit`` demo datasets (every data type) and the rest of a site."""
    from ckan.cli.db import _run_migrations
    from tests.search.conftest import reset_all
    reset_all()
    _run_migrations("gdcatalog")  # the registry's tables
    from ckan.lib import app_globals
    app_globals._CONFIG_CACHE.clear()
    app_globals.reset()  # the site title of SITE_CONFIG
    # No picture (CKAN's factories make up one on the Internet): the site
    # shows its own placeholder, as for a real user who uploaded none.
    sysadmin = factories.Sysadmin(name="gdc-admin", fullname="ผู้ดูแลระบบกลาง", password=STEWARD_PASSWORD,
                                  about="ผู้ดูแลระบบ", image_url="")
    loader.load({"user": sysadmin["name"]}, loader.plan(limit=limit))
    steward = factories.User(name="somchai", fullname="สมชาย ใจดี", password=STEWARD_PASSWORD,
                             email="somchai@nso.example.go.th", about="เจ้าหน้าที่ข้อมูล",
                             image_url="")
    applicant = factories.User(name="somying", fullname="สมหญิง รักข้อมูล",
                               password=STEWARD_PASSWORD, email="somying@nan.example.go.th",
                               about="ผู้ประสานงานข้อมูลจังหวัด", image_url="")
    helpers.call_action("organization_member_create", _context(sysadmin), id="nso",
                        username=steward["name"], role="editor")
    helpers.call_action("organization_create", _context(sysadmin), name="gdc-central",
                        title="ศูนย์บัญชีข้อมูลภาครัฐ", agency_type="central_government",
                        ministry="mdes")
    organization = helpers.call_action("organization_show", id="nso")
    group = helpers.call_action("group_create", _context(sysadmin), name="economy",
                                title="เศรษฐกิจ", description="ชุดข้อมูลด้านเศรษฐกิจ")
    datasets = helpers.call_action("package_search", q="*:*", rows=100,
                                   fq="organization:nso")["results"]
    dataset = next(d for d in datasets if d["resources"])
    helpers.call_action("member_create", _context(sysadmin), id="economy", object=dataset["id"],
                        object_type="package", capacity="public")
    harvest_source = helpers.call_action(
        "harvest_source_create", _context(sysadmin), name="pso-nan-catalog",
        title="บัญชีข้อมูลสำนักงานสถิติจังหวัดน่าน", url="http://127.0.0.1:9/catalog.ttl",
        source_type="dcat_rdf", owner_org=organization["id"], frequency="WEEKLY")
    application = helpers.call_action(
        "gdcatalog_registry_apply", _context(applicant),
        catalog_url="http://127.0.0.1:9/catalog.ttl", agency_title="สำนักงานสถิติจังหวัดน่าน",
        agency_type="provincial_office", province="TH-55", ministry="mdes",
        contact_name="คุณสมหญิง", contact_email="nan@example.go.th", harvest_frequency="WEEKLY")
    return Site(sysadmin=sysadmin, steward=steward, applicant=applicant,
                organization=organization, dataset=dataset, group=group,
                harvest_source=harvest_source, application=application,
                content_words=_content_words())


def _free_text_fields() -> set[str]:
    """Fields whose values people type (not codes of a vocabulary)."""
    fields = {"title", "name", "notes", "about", "description", "url", "display_name", "fullname",
              "tags", "title_en", "email"}
    for name in ("dataset.yaml", "organization.yaml"):
        schema = yaml.safe_load(reference.schema_file(name).read_text(encoding="utf-8"))
        for field in (schema.get("dataset_fields", []) + schema.get("resource_fields", [])
                      + schema.get("fields", [])):
            if "vocabulary" not in field and not str(field.get("preset", "")).startswith(
                    ("gdc_yes_no", "gdc_select", "gdc_multiple", "gdc_date", "gdc_year")):
                fields.add(field["field_name"])
    return fields


def _content_words() -> set[str]:
    """Every Latin word of the content (titles, descriptions, tags...)."""
    from tests.i18n.visible import latin_words
    free = _free_text_fields()
    words: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in free:
            words.update(latin_words(value))

    for dataset in helpers.call_action("package_search", q="*:*", rows=1000,
                                       include_private=True)["results"]:
        walk(dataset)
    for org in helpers.call_action("organization_list", all_fields=True, include_extras=True,
                                   limit=1000):
        walk(org)
    # names in URLs, breadcrumbs and member lists
    words.update(helpers.call_action("organization_list", limit=1000))
    words.update(helpers.call_action("user_list", all_fields=False))
    return words

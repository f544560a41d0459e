"""Every page a visitor, a steward or an administrator uses reads in Thai:
the pages of the real app (CKAN core, ckanext-scheming, -harvest, -dcat and
ours) are rendered in the Thai locale over demo-like content, and no English
interface word may show (names, codes, formats and the content's own words
aside). The same pages render in English too."""
from __future__ import annotations

from typing import Any, Callable

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.i18n import site as demo_site
from tests.i18n.visible import english_words

# One app and one site for the module: the plugins stay loaded throughout
# (building an app and loading the plugins for each page would cost seconds).
# No without_plugins mark: the served site needs the plugins loaded for
# every test, and tests/conftest.py keeps them loaded from one to the next.


@pytest.fixture(scope="module")
def served():
    with demo_site.served_site() as (app, site):
        yield app, site


@pytest.fixture(autouse=True)
def _site_config(served):
    demo_site.apply_config()


@pytest.fixture(scope="module")
def app(served):
    return served[0]


@pytest.fixture(scope="module")
def site(served):
    return served[1]


_TOKENS: dict[str, str] = {}


def _token(user: dict[str, Any]) -> dict[str, str]:
    if user["name"] not in _TOKENS:
        _TOKENS[user["name"]] = factories.APIToken(user=user["name"])["token"]
    return {"Authorization": _TOKENS[user["name"]]}


# (page, who is looking): who is None (anonymous), "steward" or "sysadmin".
Page = tuple[Callable[[demo_site.Site], str], Any]
PAGES: dict[str, Page] = {
    "home": (lambda s: "/", None),
    "search": (lambda s: "/dataset/", None),
    "search in Thai": (lambda s: "/dataset/?q=แรงงาน", None),
    "search with a facet": (lambda s: "/dataset/?data_type=statistical", None),
    "search that finds nothing": (lambda s: "/dataset/?q=ไม่มีคำนี้เลย", None),
    "dataset": (lambda s: f"/dataset/{s.dataset['name']}", None),
    "resource": (lambda s: f"/dataset/{s.dataset['name']}/resource/"
                 f"{s.dataset['resources'][0]['id']}", None),
    "dataset groups": (lambda s: f"/dataset/groups/{s.dataset['name']}", None),
    "organizations": (lambda s: "/organization/", None),
    "organization": (lambda s: "/organization/nso", None),
    "organization about": (lambda s: "/organization/about/nso", None),
    "groups": (lambda s: "/group/", None),
    "group": (lambda s: "/group/economy", None),
    "group about": (lambda s: "/group/about/economy", None),
    "user": (lambda s: f"/user/{s.steward['name']}", None),
    "users": (lambda s: "/user/", "sysadmin"),
    "login": (lambda s: "/user/login", None),
    "register": (lambda s: "/user/register", None),
    "reset password": (lambda s: "/user/reset", None),
    "dashboard datasets": (lambda s: "/dashboard/datasets", "steward"),
    "dashboard organizations": (lambda s: "/dashboard/organizations", "steward"),
    "dashboard groups": (lambda s: "/dashboard/groups", "steward"),
    "user edit": (lambda s: f"/user/edit/{s.steward['name']}", "steward"),
    "new dataset": (lambda s: "/dataset/new", "steward"),
    "edit dataset": (lambda s: f"/dataset/edit/{s.dataset['name']}", "steward"),
    "new resource": (lambda s: f"/dataset/{s.dataset['name']}/resource/new", "steward"),
    "edit resource": (lambda s: f"/dataset/{s.dataset['name']}/resource/"
                      f"{s.dataset['resources'][0]['id']}/edit", "steward"),
    "organization members": (lambda s: "/organization/members/nso", "sysadmin"),
    "organization bulk": (lambda s: "/organization/bulk_process/nso", "sysadmin"),
    "harvest sources": (lambda s: "/harvest/", "sysadmin"),
    "harvest source": (lambda s: f"/harvest/{s.harvest_source['name']}", "sysadmin"),
    "harvest admin": (lambda s: f"/harvest/admin/{s.harvest_source['name']}", "sysadmin"),
    "new harvest source": (lambda s: "/harvest/new", "sysadmin"),
    "registry apply": (lambda s: "/registry/apply", "steward"),
    "registry mine": (lambda s: "/registry/mine", "steward"),
    "registry queue": (lambda s: "/registry/queue", "sysadmin"),
    "registry application": (lambda s: f"/registry/{s.application['id']}", "sysadmin"),
    "dataset data type": (lambda s: f"/dataset/{s.dataset['name']}/data-type", "steward"),
    "organization quality": (lambda s: "/organization/nso/quality", "steward"),
    "quality dashboard": (lambda s: "/quality", None),
    "import excel": (lambda s: "/organization/nso/import-excel", "steward"),
    "harvest report": (lambda s: f"/harvest/report/{s.harvest_source['id']}", "sysadmin"),
    "directory": (lambda s: "/directory/", None),
    "directory province": (lambda s: "/directory/province/TH-55", None),
    "directory ministry": (lambda s: "/directory/ministry/mdes", None),
    "not found": (lambda s: "/dataset/no-such-dataset", None),
}


def _get(app, site: demo_site.Site, name: str, lang: str = "th"):
    path, who = PAGES[name]
    url = path(site) if lang == "th" else f"/{lang}{path(site)}"
    headers = _token(getattr(site, who)) if who else {}
    return app.get(url, headers=headers, status=404 if name == "not found" else 200)


@pytest.mark.parametrize("name", PAGES)
def test_the_page_shows_no_english_interface_words_in_thai(app, site, name):
    body = _get(app, site, name).body
    assert 'lang="th"' in body
    assert not english_words(body, site.content_words), name


@pytest.mark.parametrize("name", ["home", "search", "dataset", "organization", "new dataset",
                                  "registry apply", "harvest sources"])
def test_the_page_reads_in_english_too(app, site, name):
    body = _get(app, site, name, lang="en").body
    assert 'lang="en"' in body
    # The interface is English: a Thai word on it would be our translation
    # leaking; content (titles, descriptions) may be Thai.
    assert "ค้นหา" not in body.split("<main", 1)[0]


def test_emails_read_in_thai(app, site):
    """The e-mails CKAN sends (password reset, invitation) in Thai."""
    with app.flask_app.test_request_context("/th/"):
        tk.g.user = ""
        user = helpers.call_action("user_show", id=site.steward["name"])
        extra = {"site_title": "บัญชีข้อมูลภาครัฐ", "site_url": "http://catalog.example.go.th",
                 "user_name": user["name"], "reset_link": "http://catalog.example.go.th/r",
                 "group_type": "organization", "group_title": "สำนักงานสถิติแห่งชาติ",
                 "role_name": "editor"}
        texts = [tk.render(f"emails/{name}.txt", extra) for name in (
            "reset_password", "reset_password_subject", "invite_user", "invite_user_subject")]
    words = {w for text in texts for w in english_words(f"<p>{text}</p>", {
        user["name"], "editor", "organization"})}
    assert not words
    assert all("บัญชีข้อมูลภาครัฐ" in text for text in texts)
    assert "http://catalog.example.go.th/r" in texts[0]


@pytest.mark.parametrize("name", ["resource", "user", "registry queue"])
def test_dates_show_the_buddhist_era_in_thai_and_gregorian_in_english(app, site, name):
    import datetime as dt
    from tests.i18n.visible import visible_text
    year = dt.date.today().year
    thai = visible_text(_get(app, site, name).body)
    assert f" {year + 543}" in thai and "ค.ศ." not in thai
    english = visible_text(_get(app, site, name, lang="en").body)
    assert str(year) in english and f" {year + 543}" not in english

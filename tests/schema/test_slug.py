"""Dataset URL names romanised from Thai titles (ckanext.gdcatalog.schema.slug).

The pure functions need no database; the action, its auth function and the
validator look names up, so they use ``clean_db``. Datasets that take a
name are made through the model: only the name matters here, not the
fields the metadata standard requires.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.gdcatalog.schema import slug

NAME = re.compile(r"^[a-z0-9_-]{2,}$")
RAIN = "ชุดข้อมูลปริมาณน้ำฝน"
RAIN_NAME = "chut-khomun-primannamfon"

TITLES = [
    RAIN,
    "สถิติประชากร จังหวัดเชียงใหม่ ปี ๒๕๖๗",
    "ข้อมูล COVID-19 รายวัน",
    "คุณภาพอากาศ PM2.5 (Café) — รายชั่วโมง",
    "กรุงเทพฯ ต่างๆ ฯลฯ",
    "โรงเรียนในสังกัดสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน ทั่วประเทศ แยกรายจังหวัด",
    "   Open   Data   ",
    "ไฟฟ้า",
    "Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ",
]


# -- slugify_title: no database ------------------------------------------------

@pytest.mark.parametrize("title", TITLES)
@pytest.mark.without_plugins
def test_names_follow_ckan_rules(title: str) -> None:
    name = slug.slugify_title(title)
    assert NAME.match(name)
    assert len(name) <= 70
    assert "--" not in name and not name.startswith("-") and not name.endswith("-")


@pytest.mark.without_plugins
def test_thai_words_are_romanised_and_hyphenated() -> None:
    assert slug.slugify_title(RAIN) == RAIN_NAME


@pytest.mark.without_plugins
def test_thai_and_english() -> None:
    assert slug.slugify_title("ข้อมูล COVID-19 รายวัน") == "khomun-covid-19-raiwan"


@pytest.mark.without_plugins
def test_thai_digits() -> None:
    assert slug.slugify_title("๒๕๖๗") == "2567"
    assert slug.slugify_title("ประชากร ปี ๒๕๖๗").endswith("-2567")


@pytest.mark.without_plugins
def test_latin_is_lower_cased_and_accents_dropped() -> None:
    assert slug.slugify_title("Café Données ÉTÉ") == "cafe-donnees-ete"


@pytest.mark.without_plugins
def test_silent_and_sounded_ho() -> None:
    # royin alone gives "chianghaim" and "aeng"
    assert slug.slugify_title("เชียงใหม่") == "chiangmai"
    assert slug.slugify_title("แห่ง") == "haeng"


@pytest.mark.parametrize("title", ["", "   ", "!!! ... ???", "ฯลฯ", "ๆ", "—", "A", "中文"])
@pytest.mark.without_plugins
def test_nothing_usable_gives_empty(title: str) -> None:
    assert slug.slugify_title(title) == ""


@pytest.mark.without_plugins
def test_long_titles_are_cut_on_a_word_boundary() -> None:
    title = " ".join([RAIN, "จังหวัดเชียงใหม่"] * 6)
    full = slug.slugify_title(title, max_length=1000)
    name = slug.slugify_title(title)
    assert len(full) > 70
    assert len(name) <= 70 and NAME.match(name)
    assert full.startswith(name) and full[len(name)] == "-"


@pytest.mark.without_plugins
def test_one_overlong_word_is_cut() -> None:
    assert slug.slugify_title("a" * 100) == "a" * 70


# -- unique_name: no database --------------------------------------------------

@pytest.mark.without_plugins
def test_unique_name_counts_up() -> None:
    taken = {"rain", "rain-2"}
    assert slug.unique_name("rain", taken.__contains__) == "rain-3"
    assert slug.unique_name("snow", taken.__contains__) == "snow"


@pytest.mark.without_plugins
def test_unique_name_avoids_names_ckan_refuses() -> None:
    assert slug.unique_name("new", lambda name: False) == "new-2"


@pytest.mark.without_plugins
def test_unique_name_stays_within_70_characters() -> None:
    base = "-".join(["primannamfon"] * 5) + "-2567"  # 69 characters
    name = slug.unique_name(base, lambda name: name == base)
    assert len(name) <= 70 and name.endswith("-2")
    assert base.startswith(name[:-2]) and base[len(name) - 2] == "-"


# -- no download, no network ---------------------------------------------------

@pytest.mark.without_plugins
def test_romanisation_needs_no_download_or_network(tmp_path: Any) -> None:
    """Import and first use in a fresh process, with sockets refused and an
    empty PyThaiNLP data folder that must stay empty."""
    script = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network access attempted')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from ckanext.gdcatalog.schema.slug import slugify_title\n"
        f"print(slugify_title({RAIN!r}))\n"
    )
    data = tmp_path / "pythainlp"
    data.mkdir()
    env = dict(os.environ, PYTHAINLP_DATA_DIR=str(data))
    result = subprocess.run([sys.executable, "-c", script], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == RAIN_NAME
    assert list(data.rglob("*")) == []


# -- the action and its auth function ------------------------------------------

def _take(name: str, state: str = "active", owner_org: str | None = None) -> model.Package:
    package = model.Package(name=name, title=name, state=state, owner_org=owner_org)
    model.Session.add(package)
    model.Session.commit()
    return package


def _suggest(user: str, **data: Any) -> dict[str, Any]:
    return helpers.call_action("gdcatalog_slug_suggest",
                               context={"user": user, "ignore_auth": False}, **data)


@pytest.fixture
def editor(clean_db: Any) -> dict[str, Any]:
    user = factories.UserWithToken()
    factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return user


@pytest.mark.usefixtures("clean_db")
def test_anonymous_users_are_refused() -> None:
    with pytest.raises(tk.NotAuthorized):
        _suggest("", title=RAIN)
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("gdcatalog_slug_suggest", {"user": ""}, title=RAIN)


@pytest.mark.usefixtures("clean_db")
def test_users_who_may_not_create_datasets_are_refused() -> None:
    # ckan.auth.create_unowned_dataset is off: no organization, no datasets
    user = factories.User()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("gdcatalog_slug_suggest", {"user": user["name"]}, title=RAIN)


def test_editors_get_a_name(editor: dict[str, Any]) -> None:
    assert helpers.call_auth("gdcatalog_slug_suggest", {"user": editor["name"]}, title=RAIN)
    assert _suggest(editor["name"], title=RAIN) == {"name": RAIN_NAME, "available": True}


def test_taken_names_deleted_ones_included_get_a_number(editor: dict[str, Any]) -> None:
    _take(RAIN_NAME, state="deleted")
    assert _suggest(editor["name"], title=RAIN)["name"] == RAIN_NAME + "-2"
    _take(RAIN_NAME + "-2")
    assert _suggest(editor["name"], title=RAIN)["name"] == RAIN_NAME + "-3"


def test_the_edited_datasets_own_name_is_free(clean_db: Any) -> None:
    sysadmin = factories.Sysadmin()
    package = _take(RAIN_NAME)
    assert _suggest(sysadmin["name"], title=RAIN, id=package.id)["name"] == RAIN_NAME
    assert _suggest(sysadmin["name"], title=RAIN)["name"] == RAIN_NAME + "-2"
    with pytest.raises(tk.ObjectNotFound):
        _suggest(sysadmin["name"], title=RAIN, id="no-such-dataset")


def test_editing_needs_the_right_to_update_the_dataset(editor: dict[str, Any]) -> None:
    package = _take(RAIN_NAME, owner_org=factories.Organization()["id"])  # not the editor's
    with pytest.raises(tk.NotAuthorized):
        _suggest(editor["name"], title=RAIN, id=package.id)


def test_a_title_is_required(editor: dict[str, Any]) -> None:
    for data in ({}, {"title": "  "}, {"title": ["list"]}):
        with pytest.raises(tk.ValidationError) as error:
            _suggest(editor["name"], **data)
        assert "title" in error.value.error_dict


def test_titles_without_usable_words(editor: dict[str, Any]) -> None:
    assert _suggest(editor["name"], title="!!!") == {"name": "", "available": False}


def test_get_request(app: Any, editor: dict[str, Any]) -> None:
    url = "/api/action/gdcatalog_slug_suggest"
    response = app.get(url, query_string={"title": RAIN},
                       headers={"Authorization": editor["token"]}, status=200)
    assert response.json["result"]["name"] == RAIN_NAME
    app.get(url, query_string={"title": RAIN}, status=403)


# -- the validator ---------------------------------------------------------------

def _validate(context: dict[str, Any] | None = None, **fields: Any) -> dict[tuple[Any, ...], Any]:
    data = {(key,): value for key, value in fields.items()}
    slug.gdc_name_from_title(("name",), data, {("name",): []}, context or {})
    return data


@pytest.mark.usefixtures("clean_db")
def test_validator_names_datasets_from_their_title() -> None:
    _take(RAIN_NAME, state="deleted")
    assert _validate(title=RAIN)[("name",)] == RAIN_NAME + "-2"
    assert _validate(name="", title=RAIN)[("name",)] == RAIN_NAME + "-2"
    assert _validate(name=tk.missing, title=RAIN)[("name",)] == RAIN_NAME + "-2"


def test_validator_leaves_given_names_and_updates_alone() -> None:
    assert _validate(name="mine", title=RAIN)[("name",)] == "mine"
    assert _validate(name="", id="some-id", title=RAIN)[("name",)] == ""
    package = model.Package(name="existing")
    assert _validate({"package": package}, name="", title=RAIN)[("name",)] == ""


def test_validator_leaves_unusable_titles_to_not_empty() -> None:
    assert _validate(name="", title="!!!")[("name",)] == ""
    assert ("name",) not in _validate(title=None)


def test_the_form_previews_names_from_the_site(app: Any, editor: dict[str, Any]) -> None:
    body = app.get("/dataset/new", headers={"Authorization": editor["token"]}, status=200).body
    assert 'data-module="gdcatalog-slug"' in body
    assert re.search(r'src="[^"]*ckanext-gdcatalog/[^"]*-slug\.js"', body)

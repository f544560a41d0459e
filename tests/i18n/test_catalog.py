"""The Thai message catalog: every user-facing message of the code is
translated, and the compiled catalog CKAN loads matches its source."""
from __future__ import annotations

import pytest

import importlib
import pkgutil
import re

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import ckanext.gdcatalog
from ckanext.gdcatalog.reference import i18n_directory

pytestmark = pytest.mark.without_plugins

CATALOG = i18n_directory() / "th" / "LC_MESSAGES" / "ckanext-gdcatalog"


def _po():
    with open(CATALOG.with_suffix(".po"), "rb") as f:
        return read_po(f, locale="th")


def _messages_in_code() -> dict[str, str]:
    """MSG_* constants: the messages validators and actions raise."""
    found = {}
    for module in pkgutil.walk_packages(ckanext.gdcatalog.__path__, "ckanext.gdcatalog."):
        if ".tests" in module.name or ".migration." in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if name.startswith("MSG_") and isinstance(value, str):
                found[f"{module.name}.{name}"] = value
    return found


def test_every_message_of_the_code_has_a_thai_translation():
    po = _po()
    missing = {where: msgid for where, msgid in _messages_in_code().items()
               if not (po.get(msgid) and po.get(msgid).string)}
    assert not missing


def _texts(value) -> tuple[str, ...]:
    """A message's id or string: one text, or the forms of a plural."""
    return (value,) if isinstance(value, str) else tuple(value)


# %(name)s of our messages and CKAN's older ones, {name} / {0} / {} of
# CKAN's and the extensions' newer ones.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_translations_keep_the_placeholders_of_their_message():
    """Every %(name)s is kept; a {name} of CKAN's may be left out (a field's
    internal name in an accessible label), never added."""
    for message in _po():
        if message.id and message.string:
            wanted = _PLACEHOLDER.findall(_texts(message.id)[0])
            for text in _texts(message.string):
                found = _PLACEHOLDER.findall(text)
                assert sorted(p for p in found if p.startswith("%")) == sorted(
                    p for p in wanted if p.startswith("%")), message.id
                assert set(found) <= set(wanted), message.id


def test_the_compiled_catalog_matches_its_source():
    with open(CATALOG.with_suffix(".mo"), "rb") as f:
        compiled = {_texts(m.id): _texts(m.string) for m in read_mo(f) if m.id}
    source = {_texts(m.id): _texts(m.string) for m in _po() if m.id and m.string}
    assert compiled == source, "run: pybabel compile -d i18n -D ckanext-gdcatalog"


def _extracted() -> dict[str, list[str]]:
    """Every message the package's code, scripts and templates mark for
    translation, as ``pybabel extract`` finds them (templates with CKAN's own
    extractor), with where each is used."""
    from pathlib import Path

    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    from ckan.lib.extract import extract_ckan
    package = Path(ckanext.gdcatalog.__file__).parent
    method_map = [("**/assets/vendor/**", "ignore"), ("**/migration/**", "ignore"),
                  ("**.py", "python"), ("**/assets/js/**.js", "javascript"),
                  ("**.html", extract_ckan)]
    found: dict[str, list[str]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(package), method_map, keywords=DEFAULT_KEYWORDS, comment_tags=()):
        found.setdefault(_texts(message)[0], []).append(f"{filename}:{line}")
    return found


def test_every_message_of_the_code_and_templates_is_in_the_thai_catalog():
    """The extension's own catalog translates each of its messages, CKAN's
    wording included: the Thai of CKAN's catalog covers about half of it."""
    po = _po()
    extracted = _extracted()
    assert len(extracted) > 200  # the templates were read
    missing = {msgid: where[0] for msgid, where in extracted.items()
               if not (po.get(msgid) and all(_texts(po.get(msgid).string)))}
    assert not missing

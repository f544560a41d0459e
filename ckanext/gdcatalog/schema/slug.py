"""Readable dataset URL names from Thai titles.

CKAN, in Python and in its slug-preview JavaScript, keeps only the ASCII
letters and digits of a title, so "ชุดข้อมูลปริมาณน้ำฝน" gives an empty or
meaningless name. Here Thai words are romanised by the Royal Thai General
System of Transcription (RTGS): PyThaiNLP's built-in ``royin`` engine, which
needs neither a model nor a download.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable, Iterator, Optional

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.gdcatalog.identifiers import require_findable
from ckanext.gdcatalog.thai import ensure_pythainlp_data_dir

ensure_pythainlp_data_dir()

from pythainlp.tokenize import syllable_tokenize, word_tokenize  # noqa: E402
from pythainlp.transliterate import romanize  # noqa: E402
from pythainlp.util import normalize as thai_normalize  # noqa: E402

try:
    # royin's romaniser of one word. The public romanize() first segments
    # its input with the word dictionary, which breaks syllables that are
    # not words ("กาศ" -> "กา" + "ศ" -> "kas" instead of "kat").
    from pythainlp.transliterate.royin import _romanize as _royin  # noqa: E402
except ImportError:  # pragma: no cover - moved in another PyThaiNLP release
    def _royin(word: str) -> str:
        return romanize(word, engine="royin")

MAX_LENGTH = 70
MSG_NO_DATASET = "Dataset not found"
NAME_PATTERN = re.compile(r"^[a-z0-9_-]{2,}$")  # CKAN's rule for names
# CKAN's name_validator refuses these however free they are.
_RESERVED = frozenset({"new", "edit", "search"})
# A 70-character name never needs more of a title; bounds the work one
# (GET) request can cause.
_MAX_INPUT = 1000

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Thai letters and signs (digits are translated first), with any zero-width
# characters between them
_THAI_RUN = re.compile(
    r"[\u0E01-\u0E4F\u0E5A\u0E5B]+(?:[\u200B-\u200D\u2060\uFEFF]+[\u0E01-\u0E4F\u0E5A\u0E5B]+)*")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_TONE_MARKS = re.compile("[\u0E48-\u0E4B]")
# Leading vowel, ห, and the sonorant it may lead
_HO = re.compile("([เแโใไ]?)ห([งญนมยรลว]?)(.?)")


# -- names from titles -------------------------------------------------------

def _romanise_syllable(syllable: str) -> str:
    """royin, except where it mishandles ห opening a syllable."""
    match = _HO.match(_TONE_MARKS.sub("", syllable))
    if not match:
        return _royin(syllable)
    lead, sonorant, rest = match.groups()
    if sonorant and (rest or lead in ("ใ", "ไ")):
        # A silent ห leading a sonorant: ใหม่ is "mai", not royin's "aim".
        return _royin(syllable.replace("ห", "", 1))
    # ห is the sound that opens the syllable: แห่ง is "haeng", not "aeng".
    romanised = _royin(syllable)
    return romanised if romanised.startswith("h") else "h" + romanised


def _romanise_word(word: str) -> str:
    """A word romanised syllable by syllable: royin gets whole compounds
    wrong ("น้ำฝน" -> "nampn"), single syllables mostly right ("nam" "fon")."""
    syllables = syllable_tokenize(word, engine="dict")  # bundled dictionary
    # royin leaves letters it cannot place (ไฟฟ้า -> "fafaiา"): drop them.
    return "".join(_ASCII_WORD.findall("".join(map(_romanise_syllable, syllables))))


def _ascii_words(text: str) -> list[str]:
    """Latin words and numbers, lower-cased, accents dropped (Café -> cafe)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _ASCII_WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def _words(title: str) -> Iterator[str]:
    """The title's words in ASCII, in order."""
    text = title[:_MAX_INPUT].translate(_THAI_DIGITS)
    position = 0
    for run in _THAI_RUN.finditer(text):
        yield from _ascii_words(text[position:run.start()])
        position = run.end()
        for word in word_tokenize(thai_normalize(run.group()), engine="newmm",
                                  keep_whitespace=False):
            romanised = _romanise_word(word)
            if romanised:
                yield romanised
    yield from _ascii_words(text[position:])


def _trim(slug: str, max_length: int) -> str:
    """Cut at the last hyphen that fits; a single longer word is cut."""
    if len(slug) <= max_length:
        return slug
    head = slug[:max_length + 1]
    return head.rsplit("-", 1)[0] if "-" in head else slug[:max_length]


def slugify_title(title: str, max_length: int = MAX_LENGTH) -> str:
    """A CKAN name for a title ("" when nothing usable remains):
    ชุดข้อมูลปริมาณน้ำฝน -> chut-khomun-primannamfon."""
    words: list[str] = []
    length = -1
    for word in _words(title):
        words.append(word)
        length += len(word) + 1
        if length > max_length:  # enough to cut on a word boundary
            break
    slug = _trim("-".join(words), max_length)
    return slug if NAME_PATTERN.match(slug) else ""


def name_taken(name: str, except_id: Optional[str] = None) -> bool:
    """Whether a dataset in any state, deleted ones included, has the name:
    names are unique across states in the database."""
    query = model.Session.query(model.Package.id).filter(model.Package.name == name)
    if except_id:
        query = query.filter(model.Package.id != except_id)
    return query.first() is not None


def unique_name(base: str, exists: Optional[Callable[[str], bool]] = None) -> str:
    """``base``, else ``base-2``, ``base-3``... within MAX_LENGTH characters;
    ``exists`` defaults to ``name_taken``."""
    if not base:
        return ""
    exists = exists or name_taken
    candidate = base
    number = 1
    while candidate in _RESERVED or exists(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = _trim(base, MAX_LENGTH - len(suffix)) + suffix
    return candidate


# -- CKAN: validator, action, auth -------------------------------------------

def _blank(value: Any) -> bool:
    return value is None or value is tk.missing or value == ""


def gdc_name_from_title(key: tuple[Any, ...], data: dict[tuple[Any, ...], Any],
                        errors: dict[tuple[Any, ...], list[str]],
                        context: dict[str, Any]) -> None:
    """Before ``not_empty`` on a dataset's name: when none is given, derive
    one from the title. An update keeps the dataset's own name, and a title
    with nothing usable leaves the name empty for ``not_empty`` to report."""
    if not _blank(data.get(key)):
        return
    if context.get("package") or not _blank(data.get(key[:-1] + ("id",))):
        return
    title = data.get(key[:-1] + ("title",))
    if not isinstance(title, str) or not title.strip():
        return
    base = slugify_title(title)
    if base:
        data[key] = unique_name(base)


@tk.side_effect_free
def gdcatalog_slug_suggest(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """A free URL name for a dataset title (the web form's live preview).

    :param title: the dataset's title
    :param id: id or name of the dataset being edited, whose own name
        counts as free (optional)
    :returns: ``{"name": str, "available": bool}``; ``name`` is "" and
        ``available`` false when the title gives nothing usable
    """
    require_findable(data_dict.get("id"), MSG_NO_DATASET)
    tk.check_access("gdcatalog_slug_suggest", context, data_dict)
    title = data_dict.get("title")
    if not isinstance(title, str) or not title.strip():
        raise tk.ValidationError({"title": [tk._("Enter a title to get a suggested URL")]})
    own_id = None
    if data_dict.get("id"):
        package = model.Package.get(data_dict["id"])
        if package is None:
            raise tk.ObjectNotFound(tk._("Dataset not found"))
        own_id = package.id
    base = slugify_title(title)
    if not base:
        return {"name": "", "available": False}
    return {"name": unique_name(base, lambda name: name_taken(name, own_id)),
            "available": True}


def gdcatalog_slug_suggest_auth(context: dict[str, Any],
                                data_dict: dict[str, Any]) -> dict[str, Any]:
    # Suggestions tell which names are taken, private and deleted datasets'
    # included, as package_create itself does: so whoever may create a
    # dataset (or edit the named one) may ask. CKAN refuses anonymous users
    # before calling this (no auth_allow_anonymous_access).
    context = dict(context)  # the delegated checks may cache objects in it
    if data_dict.get("id"):
        return authz.is_authorized("package_update", context, {"id": data_dict["id"]})
    result = authz.is_authorized("package_create", context, {})
    if not result.get("success"):
        return {"success": False,
                "msg": tk._("Only users who may create datasets can get a suggested URL")}
    return result


ACTIONS = {"gdcatalog_slug_suggest": gdcatalog_slug_suggest}
AUTH_FUNCTIONS = {"gdcatalog_slug_suggest": gdcatalog_slug_suggest_auth}
VALIDATORS = {"gdc_name_from_title": gdc_name_from_title}

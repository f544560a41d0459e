"""Controlled vocabularies of the GD Catalog standard, read from
``schemas/vocabularies/<name>.yaml``.

Values are stored as stable ASCII codes. Catalogs that agencies run today
store the Thai label itself (or an English token, or a licence title), so
:meth:`Vocabulary.normalise` accepts a code, either label or a listed alias,
ignoring case and spacing, and returns the code: harvested and imported
metadata maps cleanly without a second lookup table.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Optional

import yaml

from ckanext.gdcatalog.reference import schema_file

OTHER = "other"
LANGUAGES = ("th", "en")

# Reference lists at the top of schemas/ (not fields of the dataset
# standard) that organization fields also choose from.
REFERENCE_FILES = {"ministry": "ministries.yaml"}
PROVINCE = "province"  # schemas/provinces.yaml, in its own format


@dataclass(frozen=True)
class Choice:
    value: str
    label: dict[str, str]
    aliases: tuple[str, ...] = ()
    uri: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.value


@dataclass(frozen=True)
class Vocabulary:
    name: str
    label: dict[str, str]
    choices: tuple[Choice, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def _index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for choice in self.choices:
            for spelling in (choice.value, *choice.label.values(), *choice.aliases):
                index.setdefault(_key(spelling), choice.value)
        return index

    @property
    def codes(self) -> list[str]:
        return [choice.value for choice in self.choices]

    @property
    def has_other(self) -> bool:
        return any(choice.value == OTHER for choice in self.choices)

    def normalise(self, value: Any) -> Optional[str]:
        """The code for a code, label or alias; None if it names no choice."""
        if not isinstance(value, (str, bool, int)):
            return None
        return self._index.get(_key(str(value)))

    def choice(self, code: str) -> Optional[Choice]:
        return next((c for c in self.choices if c.value == code), None)

    def label_of(self, code: str, lang: str) -> str:
        choice = self.choice(code)
        return choice.label_in(lang) if choice else code

    def as_scheming_choices(self) -> list[dict[str, Any]]:
        """Choices in ckanext-scheming's shape: value and per-language label."""
        return [{"value": c.value, "label": dict(c.label)} for c in self.choices]


def _key(spelling: str) -> str:
    # Legacy values differ in case and in spaces ("อื่น ๆ" and "อื่นๆ").
    return re.sub(r"\s+", "", spelling).casefold()


def _choice(raw: dict[str, Any]) -> Choice:
    known = {"value", "label", "aliases", "uri"}
    return Choice(
        value=str(raw["value"]),
        label={lang: str(text) for lang, text in raw["label"].items()},
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        uri=raw.get("uri"),
        extra={k: v for k, v in raw.items() if k not in known},
    )


@functools.lru_cache(maxsize=None)
def get(name: str) -> Vocabulary:
    """The vocabulary ``schemas/vocabularies/<name>.yaml`` (or a reference
    list of schemas/: ministries, provinces)."""
    if name == PROVINCE:
        return _provinces()
    path = REFERENCE_FILES.get(name, f"vocabularies/{name}.yaml")
    with schema_file(path).open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    known = {"name", "label", "choices"}
    return Vocabulary(
        name=raw["name"],
        label=dict(raw["label"]),
        choices=tuple(_choice(c) for c in raw["choices"]),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def restricted_categories() -> frozenset[str]:
    """data_category codes whose datasets can never be public."""
    return frozenset(get("data_category").extra.get("restricted", ()))


def _provinces() -> Vocabulary:
    """The 77 province-level areas as a vocabulary of ISO 3166-2:TH codes;
    Thai and English names and the URL slug are accepted spellings."""
    from ckanext.gdcatalog.reference import provinces
    return Vocabulary(
        name=PROVINCE, label={"th": "จังหวัด", "en": "Province"},
        choices=tuple(Choice(value=p.code, label={"th": p.name_th, "en": p.name_en},
                             aliases=(p.slug,), extra={"region": p.region.key})
                      for p in provinces()))

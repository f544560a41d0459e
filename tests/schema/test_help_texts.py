"""Every field of schemas/dataset.yaml tells a data steward, in Thai and in
English, what to enter: a help text for every dataset and resource field, and
a placeholder for every field typed in as free text.

Read with PyYAML only: no CKAN app, no database. A field's own keys override
its preset's (schemas/presets.yaml), so a placeholder may come from either.
"""
from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from ckanext.gdcatalog.reference import schema_file

pytestmark = pytest.mark.without_plugins

SCHEMA = yaml.safe_load(schema_file("dataset.yaml").read_text(encoding="utf-8"))
PRESETS = {
    preset["preset_name"]: preset["values"]
    for preset in yaml.safe_load(schema_file("presets.yaml").read_text(encoding="utf-8"))["presets"]
}

THAI = re.compile(r"[\u0e01-\u0e5b]")
LATIN = re.compile(r"[A-Za-z]")

# Field kinds. A field is picked from a list, a calendar or yes / no
# (no placeholder: the form shows choices, not a text box) ...
CHOICE_PRESETS = {"gdc_select", "gdc_multiple", "gdc_yes_no", "gdc_date", "dataset_organization"}
# ... or typed in (a bilingual placeholder shows what to type): by preset,
FREE_TEXT_PRESETS = {
    "gdc_text", "gdc_markdown", "gdc_url", "gdc_other", "gdc_year", "gdc_coordinate",
    "gdc_quality_level", "resource_format_autocomplete",
}
# or, without a preset, by form snippet (none: scheming's text.html).
FREE_TEXT_SNIPPETS = {None, "text.html", "large_text.html", "markdown.html", "number.html",
                      "gdc_slug.html"}
# scheming's upload.html passes its placeholder on untranslated, so a {th, en}
# mapping there would be shown as it is written: the resource URL keeps
# scheming's example address.
UNTRANSLATED_PLACEHOLDER_PRESETS = {"resource_url_upload"}
# A placeholder that reads the same in both languages may be a plain string.
LANGUAGE_NEUTRAL = re.compile(r"[\w.+-]+@[\w.-]+|https?://\S*")

FIELDS = [(group, field) for group in ("dataset_fields", "resource_fields")
          for field in SCHEMA[group]]
IDS = [f"{group.split('_')[0]}:{field['field_name']}" for group, field in FIELDS]


def effective(field: dict[str, Any], key: str) -> Any:
    """The field's own value of ``key``, else its preset's."""
    if key in field:
        return field[key]
    return PRESETS.get(field.get("preset"), {}).get(key)


def is_choice(field: dict[str, Any]) -> bool:
    return field.get("preset") in CHOICE_PRESETS


def is_free_text(field: dict[str, Any]) -> bool:
    preset = field.get("preset")
    if preset:
        return preset in FREE_TEXT_PRESETS
    return field.get("form_snippet") in FREE_TEXT_SNIPPETS


def assert_bilingual(text: Any, what: str) -> None:
    assert isinstance(text, dict) and {"th", "en"} <= set(text), f"{what}: {{th: ..., en: ...}}"
    for lang in ("th", "en"):
        value = text[lang]
        assert isinstance(value, str) and value.strip(), f"{what}: empty {lang}"
        assert value == value.strip(), f"{what}: {lang} has surrounding spaces"
    assert THAI.search(text["th"]), f"{what}: the Thai text has no Thai script"
    assert LATIN.search(text["en"]), f"{what}: the English text has no Latin letters"
    assert text["th"] != text["en"], f"{what}: the English text repeats the Thai"


def test_the_presets_named_by_the_schema_are_known():
    scheming_presets = {"dataset_organization", "resource_url_upload",
                        "resource_format_autocomplete"}
    for _, field in FIELDS:
        preset = field.get("preset")
        assert preset is None or preset in PRESETS or preset in scheming_presets, preset


@pytest.mark.parametrize("group, field", FIELDS, ids=IDS)
def test_every_field_has_a_kind(group, field):
    """A new kind of field must be sorted here: chosen, typed or uploaded."""
    kinds = [is_choice(field), is_free_text(field),
             field.get("preset") in UNTRANSLATED_PLACEHOLDER_PRESETS]
    assert sum(kinds) == 1, (field["field_name"], field.get("preset"), field.get("form_snippet"))


@pytest.mark.parametrize("group, field", FIELDS, ids=IDS)
def test_every_field_has_bilingual_label_and_help_text(group, field):
    label = field["label"]
    assert isinstance(label, dict) and label.get("th", "").strip() and label.get("en", "").strip()
    assert_bilingual(field.get("help_text"), f"{field['field_name']} help_text")


@pytest.mark.parametrize("group, field", [f for f in FIELDS if is_free_text(f[1])],
                         ids=[i for i, f in zip(IDS, FIELDS) if is_free_text(f[1])])
def test_every_free_text_field_has_a_bilingual_placeholder(group, field):
    placeholder = effective(field, "form_placeholder")
    what = f"{field['field_name']} form_placeholder"
    assert placeholder, f"{what}: missing"
    if isinstance(placeholder, str):
        assert LANGUAGE_NEUTRAL.fullmatch(placeholder), f"{what}: {placeholder!r} needs th and en"
    else:
        assert_bilingual(placeholder, what)


@pytest.mark.parametrize("group, field", FIELDS, ids=IDS)
def test_untranslated_placeholders_are_plain_strings(group, field):
    if field.get("preset") in UNTRANSLATED_PLACEHOLDER_PRESETS:
        assert not isinstance(field.get("form_placeholder"), dict), field["field_name"]


def test_every_other_box_says_please_specify():
    """The standard's placeholder of every "other" box is โปรดระบุ (please
    specify); the gdc_other preset gives it to all of them."""
    assert PRESETS["gdc_other"]["form_placeholder"] == {"th": "โปรดระบุ", "en": "Please specify"}
    for _, field in FIELDS:
        if field.get("preset") == "gdc_other":
            assert effective(field, "form_placeholder") == PRESETS["gdc_other"]["form_placeholder"]


def test_fields_with_other_say_how_to_choose_it():
    """A list with "other" (อื่นๆ) says that a value it lacks is chosen as
    อื่นๆ / Other and written in the box that follows, and that box says when
    it is used."""
    for group, field in FIELDS:
        if field.get("preset") != "gdc_other":
            continue
        help_text = field["help_text"]
        assert "อื่นๆ" in help_text["th"] and "Other" in help_text["en"], field["field_name"]
        base = field.get("other_of") or field["field_name"][: -len("_other")]
        if base == "data_type":
            continue  # chosen from the type tabs, its help is about changing it
        chosen = next(f for f in SCHEMA[group] if f["field_name"] == base)
        assert "อื่นๆ" in chosen["help_text"]["th"], base
        assert "Other" in chosen["help_text"]["en"], base


def test_dates_and_years_accept_buddhist_era():
    for _, field in FIELDS:
        if field.get("preset") in ("gdc_date", "gdc_year"):
            help_text = field["help_text"]
            assert "พ.ศ." in help_text["th"], field["field_name"]
            assert "Buddhist-Era" in help_text["en"], field["field_name"]


def test_bounding_box_help_gives_the_datum_and_an_example_for_thailand():
    examples = {"west_bound_longitude": "97.3", "east_bound_longitude": "105.7",
                "south_bound_longitude": "5.6", "north_bound_longitude": "20.5"}
    for field in SCHEMA["dataset_fields"]:
        if "coordinate" in field:
            help_text = field["help_text"]
            for lang in ("th", "en"):
                assert "WGS 84" in help_text[lang], field["field_name"]
                assert examples[field["field_name"]] in help_text[lang], field["field_name"]
            # north and south are latitudes, whatever their names say
            thai_word = {"latitude": "ละติจูด", "longitude": "ลองจิจูด"}[field["coordinate"]]
            assert thai_word in help_text["th"], field["field_name"]
            assert field["coordinate"].capitalize() in help_text["en"], field["field_name"]

"""Field validators of the GD Catalog dataset schema.

Each takes what stewards, old catalogs and harvesters actually send (codes,
Thai or English labels, "True"/"False", JSON-encoded lists) and stores one
canonical form, or refuses the value with a message that names the field's
rule. Messages are English msgids; ``i18n/th`` translates them.

Validators marked ``scheming_validator`` are built per field by
ckanext-scheming, which hands them the field's definition (``vocabulary``,
``coordinate`` ...) from ``schemas/dataset.yaml``.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal, DecimalException, InvalidOperation
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing

from ckanext.gdcatalog.language import current_language
from ckanext.gdcatalog.schema import vocabularies
from ckanext.gdcatalog.schema.vocabularies import OTHER

Validator = Callable[..., Any]

MSG_UNKNOWN_CHOICE = '"%(value)s" is not a value of %(field)s. Use one of: %(allowed)s'
MSG_NOT_A_LIST = "Expected a list of values"
MSG_OTHER_REQUIRED = 'Please specify: "other" is selected'
MSG_SELECT_ONE = "Select at least one value"
MSG_NOT_BOOLEAN = '"%(value)s" is not yes or no (true/false)'
MSG_NOT_POSITIVE_INTEGER = '"%(value)s" is not a whole number of 1 or more'
MSG_NOT_A_NUMBER = '"%(value)s" is not a number'
MSG_INTEGER_TOO_LARGE = '"%(value)s" is too large: at most %(max)s'
MSG_LONGITUDE_RANGE = "A longitude must be between -180 and 180 (got %(value)s)"
MSG_LATITUDE_RANGE = "A latitude must be between -90 and 90 (got %(value)s)"
MSG_BAD_EMAIL = '"%(value)s" is not an e-mail address, for example data@agency.go.th'
MSG_BAD_URL = '"%(value)s" is not a web address starting with http:// or https://'
MSG_TAG_CHARACTERS = ('Keyword "%(value)s" may contain only Thai or other letters, digits, '
                      'spaces, "-", "_" and "."')
MSG_TAG_LENGTH = "Keyword \"%(value)s\" must be %(min)s to %(max)s characters long"
MSG_TAGS_NOT_LIST = "Keywords must be a comma-separated text or a list of texts"
MSG_TITLE_TAKEN = 'Another dataset already has the title "%(value)s"'


TAG_MIN_LENGTH = 2
TAG_MAX_LENGTH = 100
# Thai letters, vowels, tone marks and digits (U+0E01-U+0E59) are written
# out: \w does not cover Thai combining vowels and tone marks.
_TAG_PATTERN = re.compile(r"^[\w\u0E01-\u0E59 .\-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"true", "yes", "y", "1", "on", "ใช่", "ยินยอม"}
_FALSE = {"false", "no", "n", "0", "off", "ไม่ใช่", "ไม่ยินยอม"}


def scheming_validator(fn: Validator) -> Validator:
    fn.is_a_scheming_validator = True  # type: ignore[attr-defined]
    return fn


def _empty(value: Any) -> bool:
    return value is missing or value is None or value == "" or value == []


def field_label(field: dict[str, Any]) -> str:
    """A schema field's label in the user's language."""
    label = field.get("label") or field["field_name"]
    if isinstance(label, dict):
        return label.get(current_language()) or label.get("en") or field["field_name"]
    return str(label)


def _unknown(value: Any, field: dict[str, Any],
             vocabulary: vocabularies.Vocabulary) -> tk.Invalid:
    return tk.Invalid(tk._(MSG_UNKNOWN_CHOICE) % {
        "value": value, "field": field_label(field),
        "allowed": ", ".join(vocabulary.codes)})


@scheming_validator
def gdc_choice(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """One value of the field's ``vocabulary``, stored as its code."""
    vocabulary = vocabularies.get(field["vocabulary"])

    def validator(value: Any, context: Any) -> Any:
        if _empty(value):
            return value
        code = vocabulary.normalise(value.strip() if isinstance(value, str) else value)
        if code is None:
            raise _unknown(value, field, vocabulary)
        return code
    return validator


def split_multiple(value: Any) -> list[Any]:
    """A multi-choice value as a list: a list, a JSON-encoded list (what old
    catalogs store), or one text that may be comma-separated."""
    if _empty(value):
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                decoded = json.loads(text)
            except ValueError:
                decoded = None
            if isinstance(decoded, list):
                return decoded
        return [text]
    raise tk.Invalid(tk._(MSG_NOT_A_LIST))


@scheming_validator
def gdc_multiple_choice(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Values of the field's ``vocabulary``: stored as a JSON list of codes in
    the vocabulary's order, without repeats."""
    vocabulary = vocabularies.get(field["vocabulary"])

    def validator(key: tuple, data: dict, errors: dict, context: Any) -> None:
        value = data.get(key, missing)
        try:
            codes = _codes(value)
        except tk.Invalid as error:
            errors[key].append(error.error)
            raise StopOnError from None
        if not codes:
            if field.get("required"):
                errors[key].append(tk._(MSG_SELECT_ONE))
            # Nothing chosen: store nothing (no empty extra).
            data.pop(key, None)
            raise StopOnError
        data[key] = json.dumps([c for c in vocabulary.codes if c in codes])

    def _codes(value: Any) -> set[str]:
        codes = set()
        for item in split_multiple(value):
            if _empty(item):
                continue
            code = vocabulary.normalise(item.strip() if isinstance(item, str) else item)
            if code is None and isinstance(item, str) and "," in item:
                # "CSV, XML": a comma-joined text from a spreadsheet or form.
                parts = [vocabulary.normalise(p.strip()) for p in item.split(",") if p.strip()]
                if parts and all(parts):
                    codes.update(parts)  # type: ignore[arg-type]
                    continue
            if code is None:
                raise _unknown(item, field, vocabulary)
            codes.add(code)
        return codes
    return validator


def gdc_multiple_choice_output(value: Any) -> list[str]:
    """Stored JSON list → a real list in the API."""
    if isinstance(value, list):
        return value
    if not value:
        return []
    try:
        decoded = json.loads(value)
    except (TypeError, ValueError):
        return [value]
    return decoded if isinstance(decoded, list) else [decoded]


@scheming_validator
def gdc_other_text(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """The free text that goes with "other" (อื่นๆ) of ``other_of``: required
    when other is chosen, cleared when it is not."""
    parent = field.get("other_of") or field["field_name"][: -len("_other")]

    def validator(key: tuple, data: dict, errors: dict, context: Any) -> None:
        prefix = key[:-1]
        chosen = data.get(prefix + (parent,))
        # The parent sorts before its companion, so it is normalised already.
        chosen_codes = gdc_multiple_choice_output(chosen) if chosen not in (None, missing) else []
        value = data.get(key)
        if OTHER in chosen_codes:
            if _empty(value) or (isinstance(value, str) and not value.strip()):
                errors[key].append(tk._(MSG_OTHER_REQUIRED))
                raise StopOnError
            data[key] = value.strip() if isinstance(value, str) else value
            return
        data.pop(key, None)
        raise StopOnError
    return validator


def parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise tk.Invalid(tk._(MSG_NOT_BOOLEAN) % {"value": value})


def gdc_boolean(value: Any, context: Any) -> Any:
    """Yes/no, stored "true"/"false"; accepts the legacy "True"/"False" and the
    Thai ใช่/ไม่ใช่, ยินยอม/ไม่ยินยอม."""
    if _empty(value):
        return value
    return "true" if parse_boolean(value) else "false"


def gdc_boolean_output(value: Any) -> Any:
    if _empty(value):
        return value
    try:
        return parse_boolean(value)
    except tk.Invalid:
        return value


# Decimal digits a number may have before and after the point.
NUMBER_DIGITS = 20
# Update frequency: more than a billion updates per unit is a typing error.
MAX_INTEGER = 999_999_999


def gdc_positive_integer(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    number = None
    try:
        number = None if "," in str(value) else parse_number(value)  # 1,000 or 1,5?
    except tk.Invalid:
        pass
    if number is None or number != number.to_integral_value() or number < 1:
        raise tk.Invalid(tk._(MSG_NOT_POSITIVE_INTEGER) % {"value": value})
    if number > MAX_INTEGER:
        raise tk.Invalid(tk._(MSG_INTEGER_TOO_LARGE) % {"value": value, "max": MAX_INTEGER})
    return str(int(number))


def gdc_integer_output(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


@scheming_validator
def gdc_coordinate(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """A decimal longitude or latitude (``coordinate`` of the field) within
    its range, stored as a plain decimal text."""
    latitude = field.get("coordinate") == "latitude"
    limit, message = (90, MSG_LATITUDE_RANGE) if latitude else (180, MSG_LONGITUDE_RANGE)

    def validator(value: Any, context: Any) -> Any:
        if _empty(value):
            return value
        number = parse_number(value)
        if not -limit <= number <= limit:
            raise tk.Invalid(tk._(message) % {"value": value})
        return format(number.normalize(), "f")
    return validator


def parse_number(value: Any) -> Decimal:
    """A finite decimal under 10**NUMBER_DIGITS, with at most NUMBER_DIGITS
    zeros after the point: "1e5000" and "1e-999999999" are numbers to
    Decimal, but int() or writing them out costs a request its memory and
    time."""
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).strip().replace(",", "."))
        if not number.is_finite():
            raise InvalidOperation
        if not number:
            return Decimal(0)
        if not -NUMBER_DIGITS <= number.adjusted() < NUMBER_DIGITS:
            raise InvalidOperation
        return number.normalize()
    except (DecimalException, ValueError):
        raise tk.Invalid(tk._(MSG_NOT_A_NUMBER) % {"value": value}) from None


def gdc_email(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    if not _EMAIL.match(text):
        raise tk.Invalid(tk._(MSG_BAD_EMAIL) % {"value": value})
    return text


def gdc_url(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    from urllib.parse import urlparse
    text = str(value).strip()
    try:
        parts = urlparse(text)
    except ValueError:
        parts = None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise tk.Invalid(tk._(MSG_BAD_URL) % {"value": value})
    return text


def tag_name_validator(value: Any, context: Any) -> Any:
    """Replaces CKAN's tag character check, which refuses Thai vowels and
    tone marks (they are not \\w); used for tags sent as a list too."""
    if not _TAG_PATTERN.match(value):
        raise tk.Invalid(tk._(MSG_TAG_CHARACTERS) % {"value": value})
    return value


def tag_length_validator(value: Any, context: Any) -> Any:
    if not TAG_MIN_LENGTH <= len(value) <= TAG_MAX_LENGTH:
        raise tk.Invalid(tk._(MSG_TAG_LENGTH) % {
            "value": value, "min": TAG_MIN_LENGTH, "max": TAG_MAX_LENGTH})
    return value


def gdc_tag_string_convert(key: tuple, data: dict, errors: dict, context: Any) -> None:
    """``tag_string`` (comma-separated, or a list) → ``tags``, each checked
    with the Thai-aware rules; every bad keyword is reported, not just the
    first."""
    value = data[key]
    if isinstance(value, str):
        names = [t.strip() for t in value.split(",") if t.strip()]
    elif isinstance(value, (list, tuple)) and all(isinstance(t, str) for t in value):
        names = [t.strip() for t in value if t.strip()]
    else:
        errors[key].append(tk._(MSG_TAGS_NOT_LIST))
        return
    start = max([int(k[1]) for k in data if len(k) == 3 and k[0] == "tags"] + [-1]) + 1
    for offset, name in enumerate(dict.fromkeys(names)):
        data[("tags", start + offset, "name")] = name
    for name in names:
        for check in (tag_length_validator, tag_name_validator):
            try:
                check(name, context)
            except tk.Invalid as error:
                errors[key].append(error.error)
                break


def gdc_unique_title(key: tuple, data: dict, errors: dict, context: Any) -> None:
    """Titles are unique among datasets that are not deleted: the directory
    lists datasets by title, and two alike are a registration mistake."""
    title = data.get(key)
    if _empty(title) or errors.get(key):
        return
    import ckan.model as model
    own_id = data.get(("id",))
    package = context.get("package")
    if own_id in (None, missing) and package is not None:
        own_id = package.id
    query = (model.Session.query(model.Package.id)
             .filter(model.Package.title == title, model.Package.state != "deleted",
                     model.Package.type == "dataset"))
    if own_id not in (None, missing, ""):
        query = query.filter(model.Package.id != own_id)
    if query.first() is not None:
        errors[key].append(tk._(MSG_TITLE_TAKEN) % {"value": title})


VALIDATORS: dict[str, Validator] = {
    "gdc_unique_title": gdc_unique_title,
    "gdc_choice": gdc_choice,
    "gdc_multiple_choice": gdc_multiple_choice,
    "gdc_multiple_choice_output": gdc_multiple_choice_output,
    "gdc_other_text": gdc_other_text,
    "gdc_boolean": gdc_boolean,
    "gdc_boolean_output": gdc_boolean_output,
    "gdc_positive_integer": gdc_positive_integer,
    "gdc_integer_output": gdc_integer_output,
    "gdc_coordinate": gdc_coordinate,
    "gdc_email": gdc_email,
    "gdc_url": gdc_url,
    "gdc_tag_string_convert": gdc_tag_string_convert,
    # Overrides of CKAN core validators, by name (see tag_name_validator).
    "tag_name_validator": tag_name_validator,
    "tag_length_validator": tag_length_validator,
}

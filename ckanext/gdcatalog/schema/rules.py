"""Rules that involve several fields of a dataset, checked after each field
is normalised (the schema's ``after_validators``): which fields apply to
which data type, year and bounding-box order, and the governance rule that
personal, security and official-secret datasets are never public.

They only report; they never change a value, so nothing a steward sent is
silently dropped.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.gdcatalog.language import current_language
from ckanext.gdcatalog.schema import vocabularies
from ckanext.gdcatalog.schema.validators import parse_number, scheming_validator

MSG_NOT_FOR_TYPE = ("This field does not apply to datasets of type %(data_type)s: "
                    "remove it, or change the dataset's type first")
MSG_INTERVAL_REQUIRED = "Give how many times per %(unit)s the data is updated"
MSG_TAGS_REQUIRED = "Give at least one keyword"
MSG_YEAR_ORDER = "The first year (%(first)s) is later than the latest year (%(last)s)"
MSG_BBOX_INCOMPLETE = "Give all four bounding-box coordinates (west, east, south, north) or none"
MSG_BBOX_WEST_EAST = "West (%(west)s) must be less than east (%(east)s)"
MSG_BBOX_SOUTH_NORTH = "South (%(south)s) must be less than north (%(north)s)"
MSG_RESTRICTED_PUBLIC = ("A dataset classified as %(category)s can never be public. Keep it "
                         "private; with the consent to harvest, its metadata (not its data) "
                         "can still be listed in the Government Data Catalog")

BBOX = ("west_bound_longitude", "east_bound_longitude",
        "south_bound_longitude", "north_bound_longitude")
YEARS = (("first_year_of_data", "last_year_of_data"),
         ("resource_first_year_of_data", "resource_last_year_of_data"))


def present(value: Any) -> bool:
    """Whether a field holds a value (not missing, empty or an empty list)."""
    return value not in (missing, None, "", [], "[]")



def _add(errors: dict, key: tuple, message: str) -> None:
    errors.setdefault(key, []).append(message)


def fields_not_applying(schema: dict[str, Any], data_type: str
                        ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(group, field) of every dataset and resource field that a dataset of
    ``data_type`` does not have."""
    for group in ("dataset_fields", "resource_fields"):
        for field in schema.get(group, ()):
            types = field.get("data_types")
            if types and data_type not in types:
                yield group, field


def _resource_prefixes(data: dict) -> list[tuple]:
    return sorted({key[:2] for key in data if len(key) == 3 and key[0] == "resources"})


@scheming_validator
def gdc_dataset_rules(field: Optional[dict], schema: dict[str, Any]) -> Callable[..., None]:
    def validator(key: tuple, data: dict, errors: dict, context: Any) -> None:
        prefixes = [()] + _resource_prefixes(data)
        data_type = data.get(("data_type",))
        if data_type in vocabularies.get("data_type").codes:
            type_label = vocabularies.get("data_type").label_of(data_type, current_language())
            for group, f in fields_not_applying(schema, data_type):
                for prefix in (prefixes[:1] if group == "dataset_fields" else prefixes[1:]):
                    name = prefix + (f["field_name"],)
                    if present(data.get(name)):
                        _add(errors, name, tk._(MSG_NOT_FOR_TYPE) % {"data_type": type_label})
        for prefix in prefixes:
            _check_years(prefix, data, errors)
        _check_interval(data, errors)
        _check_tags(data, errors)
        _check_bbox(data, errors)
        _check_public(data, errors)
    return validator


def _check_years(prefix: tuple, data: dict, errors: dict) -> None:
    for first_name, last_name in YEARS:
        first, last = data.get(prefix + (first_name,)), data.get(prefix + (last_name,))
        if (present(first) and present(last) and not errors.get(prefix + (first_name,))
                and not errors.get(prefix + (last_name,)) and int(first) > int(last)):
            _add(errors, prefix + (first_name,), tk._(MSG_YEAR_ORDER) % {
                "first": first, "last": last})


def _check_interval(data: dict, errors: dict) -> None:
    unit = data.get(("update_frequency_unit",))
    choice = vocabularies.get("update_frequency_unit").choice(unit) if unit else None
    # Only units that are periods of time (year, month ...) take a count.
    if (choice and choice.extra.get("period")
            and not present(data.get(("update_frequency_interval",)))
            and not errors.get(("update_frequency_interval",))):
        _add(errors, ("update_frequency_interval",), tk._(MSG_INTERVAL_REQUIRED) % {
            "unit": choice.label_in(current_language())})


def _check_tags(data: dict, errors: dict) -> None:
    if errors.get(("tag_string",)):
        return
    if not any(len(key) == 3 and key[0] == "tags" and key[2] == "name" and present(value)
               for key, value in data.items()):
        _add(errors, ("tag_string",), tk._(MSG_TAGS_REQUIRED))


def _check_bbox(data: dict, errors: dict) -> None:
    values = {name: data.get((name,)) for name in BBOX}
    given = [name for name, value in values.items() if present(value)]
    if not given or any(errors.get((name,)) for name in BBOX):
        return
    if len(given) < len(BBOX):
        for name in BBOX:
            if name not in given:
                _add(errors, (name,), tk._(MSG_BBOX_INCOMPLETE))
        return
    west, east, south, north = (parse_number(values[name]) for name in BBOX)
    if not west < east:
        _add(errors, ("west_bound_longitude",), tk._(MSG_BBOX_WEST_EAST) % {
            "west": values["west_bound_longitude"], "east": values["east_bound_longitude"]})
    if not south < north:
        _add(errors, ("south_bound_longitude",), tk._(MSG_BBOX_SOUTH_NORTH) % {
            "south": values["south_bound_longitude"], "north": values["north_bound_longitude"]})


def _check_public(data: dict, errors: dict) -> None:
    category = data.get(("data_category",))
    if category in vocabularies.restricted_categories() and not tk.asbool(
            data.get(("private",)) or False):
        label = vocabularies.get("data_category").label_of(category, current_language())
        _add(errors, ("private",), tk._(MSG_RESTRICTED_PUBLIC) % {"category": label})


VALIDATORS = {"gdc_dataset_rules": gdc_dataset_rules}

"""Validators of the organization schema (schemas/organization.yaml).

Agencies are CKAN organizations; ckanext-scheming stores these fields as
organization extras. Messages are English msgids; ``i18n/th`` translates
them.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing

from ckanext.gdcatalog.schema import vocabularies

MSG_PROVINCE_REQUIRED = "A provincial office must name its province"
MSG_BAD_AGENCY_CODE = ('"%(value)s" is not an agency code: use Latin letters, digits, '
                       '"-", "_" or ".", at most 32 characters')
MSG_BAD_PHONE = ('"%(value)s" is not a telephone number, for example 02 141 7500 '
                 'or +66 2 141 7500 ext. 1234')

PROVINCIAL_OFFICE = "provincial_office"
_AGENCY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
# Digits with the separators people write; an extension after ต่อ / ext.
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}((ต่อ|ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)


def _empty(value: Any) -> bool:
    return value is missing or value is None or (isinstance(value, str) and not value.strip())


def is_provincial_office(agency_type: Any) -> bool:
    """Whether a raw or stored agency type names a provincial office."""
    return vocabularies.get("agency_type").normalise(agency_type) == PROVINCIAL_OFFICE \
        if isinstance(agency_type, str) else False


def gdc_province_for_office(key: tuple, data: dict, errors: dict, context: Any) -> None:
    """The province is required when the agency type is provincial office
    (agency_type may not be validated yet: its raw spelling is read)."""
    if _empty(data.get(key)) and is_provincial_office(data.get(("agency_type",))):
        errors[key].append(tk._(MSG_PROVINCE_REQUIRED))
        raise StopOnError


def gdc_agency_code(value: Any, context: Any) -> Any:
    if _empty(value):
        return ""
    text = str(value).strip()
    if not _AGENCY_CODE.match(text):
        raise tk.Invalid(tk._(MSG_BAD_AGENCY_CODE) % {"value": value})
    return text


def gdc_phone(value: Any, context: Any) -> Any:
    if _empty(value):
        return ""
    text = re.sub(r"\s+", " ", str(value).strip())
    if not _PHONE.match(text):
        raise tk.Invalid(tk._(MSG_BAD_PHONE) % {"value": value})
    return text


VALIDATORS = {
    "gdc_province_for_office": gdc_province_for_office,
    "gdc_agency_code": gdc_agency_code,
    "gdc_phone": gdc_phone,
}

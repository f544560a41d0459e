"""Data-governance rules on visibility and harvesting consent.

- Personal, security and official-secret datasets (``restricted`` in
  ``schemas/vocabularies/data_category.yaml``) are never public. Single
  updates are refused by :mod:`.rules`; CKAN's bulk "make public" bypasses
  validation, so it is guarded here.
- ``allow_harvest``: a private dataset's metadata (not its data) reaches the
  central catalog only with this consent; public datasets are always
  harvestable.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.gdcatalog.schema import vocabularies
from ckanext.gdcatalog.schema.validators import parse_boolean

MSG_BULK_RESTRICTED = ("These datasets are classified as personal, security or official-secret "
                       "data and can never be public: %(names)s")


def gdc_allow_harvest(key: tuple, data: dict, errors: dict, context: Any) -> None:
    """Public → always "true"; private → the steward's consent, "false" unless given.

    ``private`` sorts after ``allow_harvest``, so it is read raw here.
    """
    private = data.get(("private",))
    try:
        is_private = parse_boolean(private) if private not in (missing, None, "") else False
    except tk.Invalid:
        return  # the private field reports its own error
    value = data.get(key)
    if not is_private:
        data[key] = "true"
    elif value in (missing, None, ""):
        data[key] = "false"
    else:
        try:
            data[key] = "true" if parse_boolean(value) else "false"
        except tk.Invalid as error:
            errors[key].append(error.error)


def restricted_dataset_names(ids: list[str]) -> list[str]:
    """Names of the given datasets whose data_category is restricted."""
    if not ids:
        return []
    # Package.extras is a dict on both CKAN 2.11 (package_extra rows) and
    # 2.12 (a JSON column), so read it through the model rather than SQL.
    restricted = vocabularies.restricted_categories()
    packages = (model.Session.query(model.Package)
                .filter(model.Package.id.in_(ids) | model.Package.name.in_(ids)))
    return sorted(pkg.name for pkg in packages
                  if (pkg.extras or {}).get("data_category") in restricted)


@tk.chained_action
def bulk_update_public(original: Any, context: dict, data_dict: dict[str, Any]) -> Any:
    names = restricted_dataset_names(list(data_dict.get("datasets") or []))
    if names:
        raise tk.ValidationError({"datasets": [
            tk._(MSG_BULK_RESTRICTED) % {"names": ", ".join(names)}]})
    return original(context, data_dict)


VALIDATORS = {"gdc_allow_harvest": gdc_allow_harvest}
ACTIONS = {"bulk_update_public": bulk_update_public}

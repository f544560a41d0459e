"""Data-governance rules on visibility and harvesting consent.

- Personal, security and official-secret datasets (``restricted`` in
  ``schemas/vocabularies/data_category.yaml``) are never public. Single
  updates are refused by :mod:`.rules`; CKAN's bulk "make public" bypasses
  validation, so it is guarded here.
- ``allow_harvest``: a private dataset's metadata (not its data) reaches the
  central catalog only with this consent; public datasets are always
  harvestable. Making a public dataset private withdraws the consent its
  public state implied (the form and the API echo back the stored "true"):
  the steward gives it again, deliberately, once the dataset is private.
  CKAN's bulk "make private" skips validation, so it is handled here too.
"""
from __future__ import annotations

from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from flask import Flask, redirect, request

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
    stored = context.get("package")  # package_update puts the stored dataset here
    if not is_private:
        data[key] = "true"
    elif stored is not None and not stored.private:  # public → private
        data[key] = "false"
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
    """CKAN's bulk "make public", refused (nothing changed) when one of the
    datasets holds personal, secret or security data, which may never be
    public."""
    names = restricted_dataset_names(list(data_dict.get("datasets") or []))
    if names:
        raise tk.ValidationError({"datasets": [
            tk._(MSG_BULK_RESTRICTED) % {"names": ", ".join(names)}]})
    return original(context, data_dict)


@tk.chained_action
def bulk_update_private(original: Any, context: dict, data_dict: dict[str, Any]) -> Any:
    """CKAN 2.11 flips ``private`` in SQL and reindexes the stored dicts, so
    the consent the public state implied would survive; withdraw it."""
    ids = list(data_dict.get("datasets") or [])
    was_public = [pkg.id for pkg in model.Session.query(model.Package).filter(
        model.Package.id.in_(ids), model.Package.private.is_(False))] if ids else []
    result = original(context, data_dict)
    from ckan.lib import search
    model.Session.expire_all()  # 2.11 updated the rows behind the session's back
    withdrawn = []
    for pkg in model.Session.query(model.Package).filter(model.Package.id.in_(was_public)):
        extras = dict(pkg.extras or {})
        if pkg.private and extras.get("allow_harvest") != "false":
            extras["allow_harvest"] = "false"
            pkg.extras = extras
            withdrawn.append(pkg.id)
    if withdrawn:
        model.Session.commit()
        for dataset_id in withdrawn:  # from the database, as `search-index rebuild` does
            search.rebuild(dataset_id)
    return result


MSG_BULK_FAILED = "Nothing was changed: %(reason)s"


def _guard_bulk_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """CKAN's bulk page handles only NotAuthorized: show a refusal (such as
    "make public" of secret data) as a message on the page, not a 500."""
    def bulk_process(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except tk.ValidationError as error:
            details = error.error_dict or {}
            reason = " ".join(" ".join(map(str, v)) if isinstance(v, list) else str(v)
                              for v in details.values()) or str(error)
            tk.h.flash_error(tk._(MSG_BULK_FAILED) % {"reason": reason})
            return redirect(request.path)
    bulk_process._gdcatalog = True  # type: ignore[attr-defined]
    return bulk_process


def install(app: Flask) -> None:
    """Wrap the bulk pages of organizations and groups (once registered)."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.endswith(".bulk_process") and not getattr(view, "_gdcatalog", False):
            app.view_functions[endpoint] = _guard_bulk_view(view)


VALIDATORS = {"gdc_allow_harvest": gdc_allow_harvest}
ACTIONS = {"bulk_update_public": bulk_update_public, "bulk_update_private": bulk_update_private}

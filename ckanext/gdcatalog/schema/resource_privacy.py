"""Resource-level visibility: ``resource_private`` (การเข้าถึง).

A resource marked private is seen only by those who may edit its dataset
(``package_update``); for everyone else it does not exist, and
``num_resources`` counts only what they see. It is hidden at each place a
resource can be read:

- ``package_show`` (the dataset page, the API, DCAT): :func:`after_dataset_show`;
- ``package_search`` results: :func:`after_dataset_search`;
- the search index: :func:`before_dataset_index` leaves private resources'
  text out of the searchable fields, so that no one finds a dataset by words
  only its private resources contain. The stored dataset dicts stay
  complete: editors read them, and results are filtered per user;
- ``resource_show`` (the resource page, downloads) and, through it,
  ``resource_view_show`` and ``resource_view_list``: :func:`resource_show` (auth);
- ``resource_search``: :func:`resource_search`.

Calls whose context has ``ignore_auth`` are trusted, as CKAN's own
``package_search`` trusts them: the search indexer and the update actions
read datasets that way and write what they read back, so hiding there would
drop the private resources from the index, or from the dataset itself.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Mapping, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.schema.validators import parse_boolean

FIELD = "resource_private"
MSG_PRIVATE_RESOURCE = "This resource is private: only those who can edit its dataset can access it"

# Index fields CKAN fills with one entry per resource, in resource order
# (ckan.lib.search.index: res_name ... and res_extras_<extra>).
_INDEXED_RESOURCE_FIELDS = ("res_name", "res_description", "res_format", "res_url", "res_type")
_INDEXED_RESOURCE_EXTRAS = "res_extras_"
# Stored copies of the whole dataset that package_search returns with ``fl``.
_STORED_DATASET_FIELDS = ("validated_data_dict", "data_dict")


def is_private(resource: Mapping[str, Any]) -> bool:
    """Whether a resource (a dict, validated or raw) is marked private. A
    value that is not a yes/no counts as private: when unsure, hide."""
    value = resource.get(FIELD)
    if value is None or value == "":
        return False
    try:
        return parse_boolean(value)
    except tk.Invalid:
        return True


def may_see_private(context: Mapping[str, Any], dataset_id: str) -> bool:
    """Whether the user of ``context`` may update the dataset, whatever the
    context's ``ignore_auth`` says."""
    check = {key: context[key] for key in ("model", "session", "user", "auth_user_obj")
             if key in context}
    check["ignore_auth"] = False
    try:
        tk.check_access("package_update", check, {"id": dataset_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def hide_private_resources(dataset_dict: dict[str, Any],
                           context: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the private resources of ``dataset_dict`` (in place) unless the
    context's user may update the dataset; recount ``num_resources``."""
    resources = dataset_dict.get("resources") or []
    if not any(is_private(r) for r in resources):
        return dataset_dict
    if dataset_dict.get("id") and may_see_private(context, dataset_dict["id"]):
        return dataset_dict
    return _drop_private(dataset_dict)


def _drop_private(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    visible = [dict(r) for r in dataset_dict.get("resources") or [] if not is_private(r)]
    for position, resource in enumerate(visible):
        if "position" in resource:
            # Gaps in the positions would tell that something is hidden.
            resource["position"] = position
    dataset_dict["resources"] = visible
    dataset_dict["num_resources"] = len(visible)
    return dataset_dict


def after_dataset_show(context: Mapping[str, Any], pkg_dict: dict[str, Any]) -> None:
    if context.get("ignore_auth"):
        return
    hide_private_resources(pkg_dict, context)


def _request_user() -> str:
    """The user of the current web request (API calls included: CKAN builds
    the action context from the same user), or anonymous outside one."""
    from flask import has_request_context
    if not has_request_context():
        return ""
    try:
        user = tk.current_user
        return user.name if user.is_authenticated else ""
    except Exception:  # no login machinery: treat as anonymous
        return ""


def _hide_in_stored(result: dict[str, Any], key: str,
                    may_see: Callable[[str], bool]) -> None:
    try:
        stored = json.loads(result[key])
    except (TypeError, ValueError):
        # Unreadable: cannot tell what it holds, so do not return it.
        result.pop(key, None)
        return
    if not isinstance(stored, dict):
        result.pop(key, None)
        return
    for nested in _STORED_DATASET_FIELDS:
        # CKAN 2.11's data_dict holds validated_data_dict too.
        if nested in stored:
            _hide_in_stored(stored, nested, may_see)
    resources = stored.get("resources") or []
    if any(is_private(r) for r in resources) and not may_see(stored.get("id") or result.get("id", "")):
        _drop_private(stored)
    result[key] = json.dumps(stored)


def after_dataset_search(search_results: dict[str, Any],
                         search_params: dict[str, Any]) -> dict[str, Any]:
    """Hide private resources in each result.

    package_search does not pass its context to this hook, so the user is
    the web request's (the one CKAN puts in the context of actions called
    over HTTP); outside a request no one is known, and private resources are
    hidden from every result. The results also include raw index fields
    when the caller asked for them with ``fl``.
    """
    context = {"user": _request_user()}
    answers: dict[str, bool] = {}

    def may_see(dataset_id: str) -> bool:
        if dataset_id not in answers:
            answers[dataset_id] = bool(dataset_id) and may_see_private(context, dataset_id)
        return answers[dataset_id]

    for result in search_results.get("results") or []:
        if not isinstance(result, dict):
            continue
        resources = result.get("resources")
        if isinstance(resources, list) and any(is_private(r) for r in resources) \
                and not may_see(result.get("id") or ""):
            _drop_private(result)
        for key in _STORED_DATASET_FIELDS:
            if key in result:
                _hide_in_stored(result, key, may_see)
    return search_results


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Leave private resources out of the searchable resource fields."""
    try:
        resources = json.loads(pkg_dict.get("data_dict") or "{}").get("resources") or []
    except (TypeError, ValueError, AttributeError):
        return pkg_dict
    hidden = {i for i, r in enumerate(resources) if isinstance(r, dict) and is_private(r)}
    if not hidden:
        return pkg_dict
    for key in [k for k in pkg_dict
                if k in _INDEXED_RESOURCE_FIELDS or k.startswith(_INDEXED_RESOURCE_EXTRAS)]:
        values = pkg_dict[key]
        if isinstance(values, list) and len(values) == len(resources):
            pkg_dict[key] = [v for i, v in enumerate(values) if i not in hidden]
        else:
            # Not one entry per resource: which are private's is unknown.
            pkg_dict.pop(key)
    # num_resources filters and sorts searches: count what the public sees.
    pkg_dict["num_resources"] = len(resources) - len(hidden)
    return pkg_dict


def _resource_of(context: Mapping[str, Any], data_dict: Optional[Mapping[str, Any]]) -> Any:
    resource_id = (data_dict or {}).get("id")
    if resource_id:
        return model.Resource.get(resource_id)
    return context.get("resource")


@tk.chained_auth_function
@tk.auth_allow_anonymous_access  # as CKAN's: anonymous users read public resources
def resource_show(next_auth: Callable[..., Any], context: dict[str, Any],
                  data_dict: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """CKAN's rule, then: a private resource only for its dataset's editors.
    resource_view_show and resource_view_list ask this function too."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    resource = _resource_of(context, data_dict)
    if resource is not None and is_private(resource.extras or {}) \
            and not may_see_private(context, resource.package_id):
        return {"success": False, "msg": tk._(MSG_PRIVATE_RESOURCE)}
    return result


def _package_id_and_extras(resource: Any) -> tuple[str, Mapping[str, Any]]:
    if isinstance(resource, dict):
        return resource.get("package_id") or "", resource
    return resource.package_id or "", resource.extras or {}


def _visible(resources: Iterable[Any], context: Mapping[str, Any]) -> list[Any]:
    answers: dict[str, bool] = {}
    visible = []
    for resource in resources:
        package_id, fields = _package_id_and_extras(resource)
        if is_private(fields):
            if package_id not in answers:
                answers[package_id] = may_see_private(context, package_id)
            if not answers[package_id]:
                continue
        visible.append(resource)
    return visible


@tk.chained_action
def resource_search(up: Callable[..., Any], context: dict[str, Any],
                    data_dict: dict[str, Any]) -> dict[str, Any]:
    """CKAN's resource_search reads resources straight from the database:
    filter the private ones out before paging, so that the count is right."""
    if context.get("ignore_auth"):
        return up(context, data_dict)
    natural = tk.get_validator("natural_number_validator")
    paging = {}
    for key in ("offset", "limit"):
        value = data_dict.get(key)
        if value not in (None, ""):
            try:
                paging[key] = int(natural(value, context))
            except tk.Invalid as error:
                raise tk.ValidationError({key: [error.error]}) from error
    everything = up(context, {k: v for k, v in data_dict.items() if k not in ("offset", "limit")})
    visible = _visible(everything["results"], context)
    start = paging.get("offset", 0)
    end = start + paging["limit"] if "limit" in paging else None
    return {**everything, "count": len(visible), "results": visible[start:end]}


AUTH_FUNCTIONS: dict[str, Any] = {"resource_show": resource_show}
ACTIONS: dict[str, Any] = {"resource_search": resource_search}

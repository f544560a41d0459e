"""Actions of the metadata standard: changing a dataset's data type, and
the schema-related actions of the other modules of this package."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.identifiers import require_findable
from ckanext.gdcatalog.schema import governance, rules, slug, vocabularies
from ckanext.gdcatalog.schema.validators import field_label

MSG_TYPE_UNKNOWN = '"%(value)s" is not a data type. Use one of: %(allowed)s'
MSG_NO_DATASET = "Dataset not found"


def _schema() -> dict[str, Any]:
    return tk.h.scheming_get_dataset_schema("dataset")


def fields_to_remove(dataset: dict[str, Any], data_type: str) -> list[dict[str, Any]]:
    """The filled-in fields of ``dataset`` that a dataset of ``data_type``
    does not have: what changing the type removes."""
    removed = []
    for group, field in rules.fields_not_applying(_schema(), data_type):
        name = field["field_name"]
        holders = ([dataset] if group == "dataset_fields"
                   else dataset.get("resources") or [])
        for holder in holders:
            if rules.present(holder.get(name)):
                removed.append({
                    "field": name, "label": field_label(field), "value": holder[name],
                    **({"resource": holder.get("name") or holder.get("id")}
                       if group == "resource_fields" else {})})
    return removed


def gdcatalog_dataset_type_change(context: dict, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Change a dataset's data type (record, statistical, geospatial,
    multiple or other).

    Fields the new type does not have would be removed, so without
    ``confirm: true`` nothing changes and the answer lists them
    (``changed: false, remove: [...]``). With it, they are removed and the
    dataset saved; the previous version stays in the activity stream.

    :param id: the dataset's id or name
    :param data_type: the new type (a code or its Thai or English label)
    :param data_type_other: what the type is, when it is "other"
    :param confirm: remove the fields that do not apply and save
    """
    dataset_id = tk.get_or_bust(data_dict, "id")
    require_findable(dataset_id, MSG_NO_DATASET)
    tk.check_access("gdcatalog_dataset_type_change", context, {"id": dataset_id})
    vocabulary = vocabularies.get("data_type")
    wanted = data_dict.get("data_type")
    code = vocabulary.normalise(wanted) if wanted else None
    if code is None:
        raise tk.ValidationError({"data_type": [tk._(MSG_TYPE_UNKNOWN) % {
            "value": wanted or "", "allowed": ", ".join(vocabulary.codes)}]})
    dataset = tk.get_action("package_show")(dict(context), {"id": dataset_id})
    remove = fields_to_remove(dataset, code)
    result: dict[str, Any] = {"data_type": code, "remove": remove, "changed": False}
    if code == dataset.get("data_type") and not data_dict.get("data_type_other"):
        return result
    if remove and not tk.asbool(data_dict.get("confirm", False)):
        return result
    dataset["data_type"] = code
    if "data_type_other" in data_dict:
        dataset["data_type_other"] = data_dict["data_type_other"]
    for item in remove:
        holders = ([dataset] if "resource" not in item else [
            r for r in dataset["resources"]
            if (r.get("name") or r.get("id")) == item["resource"]])
        for holder in holders:
            holder.pop(item["field"], None)
    result["dataset"] = tk.get_action("package_update")(dict(context), dataset)
    result["changed"] = True
    return result


def gdcatalog_dataset_type_change_auth(context: dict, data_dict: dict[str, Any]) -> dict[str, Any]:
    from ckan import authz
    return authz.is_authorized("package_update", context, data_dict)


ACTIONS: dict[str, Any] = {
    "gdcatalog_dataset_type_change": gdcatalog_dataset_type_change,
    **governance.ACTIONS,
    **slug.ACTIONS,
}
AUTH_FUNCTIONS: dict[str, Any] = {
    "gdcatalog_dataset_type_change": gdcatalog_dataset_type_change_auth,
    **slug.AUTH_FUNCTIONS,
}

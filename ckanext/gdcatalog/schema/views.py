"""Web pages of the metadata standard: changing a dataset's data type."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

MSG_TYPE_CHANGED = "The data type is now %(data_type)s."

dataset_type = Blueprint("gdcatalog_dataset_type", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


@dataset_type.route("/dataset/<id>/data-type", methods=["GET", "POST"])
def change(id: str) -> Any:
    context = _context()
    try:
        tk.check_access("gdcatalog_dataset_type_change", context, {"id": id})
        dataset = tk.get_action("package_show")(context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Unauthorized to edit this dataset"))
    extra: dict[str, Any] = {"pkg_dict": dataset, "errors": {}, "remove": [],
                             "chosen": dataset.get("data_type"),
                             "data_type_other": dataset.get("data_type_other") or ""}
    if tk.request.method == "POST":
        form = tk.request.form
        extra.update(chosen=form.get("data_type"), data_type_other=form.get("data_type_other", ""))
        data = {"id": dataset["id"], "data_type": form.get("data_type"),
                "data_type_other": form.get("data_type_other") or None,
                "confirm": form.get("confirm") == "true"}
        try:
            result = tk.get_action("gdcatalog_dataset_type_change")(context, data)
        except tk.ValidationError as error:
            extra["errors"] = error.error_dict
        else:
            if result["changed"] or not result["remove"]:
                if result["changed"]:
                    label = tk.h.gdcatalog_vocabulary_label("data_type", result["data_type"])
                    tk.h.flash_success(tk._(MSG_TYPE_CHANGED) % {"data_type": label})
                return tk.redirect_to("dataset.read", id=dataset["name"])
            extra["remove"] = result["remove"]
    return tk.render("gdcatalog/dataset_type_change.html", extra_vars=extra)


def blueprints() -> list[Blueprint]:
    return [dataset_type]

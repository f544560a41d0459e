"""The report page of a harvest source (``/harvest/report/<id>``): who may
see the source sees its last runs, their counts and errors."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

MSG_NO_SOURCE = "Harvest source not found"

harvest_report = Blueprint("gdcatalog_harvest", __name__)


@harvest_report.route("/harvest/report/<id>")
def report(id: str) -> Any:
    from ckan import model
    context = {"model": model, "session": model.Session, "user": tk.g.user,
               "auth_user_obj": tk.g.userobj}
    try:
        source = tk.get_action("harvest_source_show")(dict(context), {"id": id})
        result = tk.get_action("gdcatalog_harvest_report")(dict(context), {"id": source["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(MSG_NO_SOURCE))
    except tk.NotAuthorized:
        if not tk.g.user:
            return tk.redirect_to("user.login", came_from=tk.request.full_path)
        return tk.abort(403, tk._("Unauthorized to read this harvest source"))
    return tk.render("gdcatalog/harvest/report.html",
                     extra_vars={"source": source, "report": result})


def blueprints() -> list[Blueprint]:
    return [harvest_report]

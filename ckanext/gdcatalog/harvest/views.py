"""The report page of a harvest source (``/harvest/report/<id>``): who may
see the source sees its last runs, their counts and errors.

And ckanext-harvest's pages that change a source: reharvest, clear, stop a
job, delete. ckanext-harvest runs them on GET, which any other site can
make a logged-in administrator's browser send (a link, an image); here
they answer only a POST, which carries the CSRF token (the buttons are
forms, ``source/admin_base.html``), and GET gets 405. Our routes take the
POSTs that ckanext-harvest's GET-only routes cannot; ``install`` puts the
same views in place of ckanext-harvest's, whatever the order of the plugins.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from flask import Blueprint, Flask
from werkzeug.exceptions import MethodNotAllowed

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


def _post_only(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def post_only(**kwargs: Any) -> Any:
        if tk.request.method != "POST":
            raise MethodNotAllowed(valid_methods=["POST"])
        return view(**kwargs)
    return post_only


# ckanext-harvest's own views do the work (its messages, its redirects).

@harvest_report.route("/harvest/refresh/<id>", methods=["POST"])
@_post_only
def refresh(id: str) -> Any:
    from ckanext.harvest import utils
    return utils.refresh_view(id)


@harvest_report.route("/harvest/clear/<id>", methods=["POST"])
@_post_only
def clear(id: str) -> Any:
    from ckanext.harvest import utils
    return utils.clear_view(id)


@harvest_report.route("/harvest/<source>/job/<id>/abort", methods=["POST"])
@_post_only
def job_abort(source: str, id: str) -> Any:
    from ckanext.harvest import utils
    return utils.job_abort_view(source, id)


@harvest_report.route("/harvest/delete/<id>", methods=["POST"])
@_post_only
def delete(id: str) -> Any:
    # ?clear=true also removes the source's datasets (ckanext-harvest's link)
    from ckanext.harvest import utils
    return utils.delete_view(id)


REPLACED_VIEWS = {"harvester.refresh": refresh, "harvester.clear": clear,
                  "harvester.job_abort": job_abort, "harvester.delete": delete}


def install(app: Flask) -> None:
    """Put our views in place of ckanext-harvest's (once every plugin's
    blueprint is registered)."""
    for endpoint, view in REPLACED_VIEWS.items():
        if endpoint in app.view_functions:
            app.view_functions[endpoint] = view


def blueprints() -> list[Blueprint]:
    return [harvest_report]

"""Directory pages of the central site: /directory (the map of Thailand
coloured by datasets per province, and tables of provinces, regions and
ministries), /directory/province/<id> and /directory/ministry/<id>. Each page
calls the directory actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.gdcatalog.registry import directory, thailand_map

directory_pages = Blueprint("gdcatalog_directory", __name__, url_prefix="/directory")


@directory_pages.before_request
def _central_site_only() -> Any:
    if not directory.is_central():
        return tk.abort(404)
    return None


def _context() -> dict[str, Any]:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


def _call(action: str, data_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        return tk.get_action(action)(_context(), data_dict)
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error) or None)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or None)


@directory_pages.route("/")
def index() -> Any:
    summary = _call("gdcatalog_directory_summary", {})
    return tk.render("gdcatalog/directory/index.html", {
        "summary": summary, "map": thailand_map.load(),
        "by_code": {p["code"]: p for p in summary["provinces"]},
        "legend": thailand_map.legend({p["code"]: p["count"] for p in summary["provinces"]})})


@directory_pages.route("/province/<id>")
def province(id: str) -> Any:
    return tk.render("gdcatalog/directory/area.html", {
        "area": _call("gdcatalog_directory_province", {"id": id}), "kind": "province"})


@directory_pages.route("/ministry/<id>")
def ministry(id: str) -> Any:
    return tk.render("gdcatalog/directory/area.html", {
        "area": _call("gdcatalog_directory_ministry", {"id": id}), "kind": "ministry"})


def blueprints() -> list[Blueprint]:
    return [directory_pages]

"""Web pages of bulk registration, on the organization's pages: upload a
workbook, follow its preview (a dry run) and import its valid rows, both as
background jobs; export and blank-template downloads."""
from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError, SearchQueryError
from flask import Blueprint, Response

from ckanext.gdcatalog.bulk.actions import MSG_NO_SUCH_IMPORT, MSG_NOT_EDITOR

MSG_IMPORT_STARTED = "The import has started; this page shows its progress."
MSG_STATUS_COUNTS = {
    "created": "Created", "updated": "Updated", "unchanged": "Unchanged",
    "invalid": "With problems", "skipped": "Skipped"}
MSG_STATUS_COUNTS_DRY_RUN = {
    "created": "To create", "updated": "To update", "unchanged": "Unchanged",
    "invalid": "With problems", "skipped": "Skipped"}

bulk = Blueprint("gdcatalog_bulk", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


def _organization_or_abort(id: str) -> dict[str, Any]:
    context = _context()
    try:
        organization = tk.get_action("organization_show")(
            context, {"id": id, "include_datasets": False, "include_users": False})
        tk.check_access("gdcatalog_import_excel", context, {"organization": organization["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._(MSG_NOT_EDITOR))
    return organization


def _render_upload(organization: dict[str, Any], errors: dict[str, Any]) -> Any:
    return tk.render("gdcatalog/bulk/upload.html", extra_vars={
        "group_dict": organization, "group_type": organization.get("type", "organization"),
        "errors": errors})


@bulk.route("/organization/<id>/import-excel", methods=["GET", "POST"])
def upload(id: str) -> Any:
    organization = _organization_or_abort(id)
    if tk.request.method == "GET":
        return _render_upload(organization, {})
    try:
        state = tk.get_action("gdcatalog_import_excel")(_context(), {
            "organization": organization["id"], "upload": tk.request.files.get("upload"),
            "dry_run": True, "background": True})
    except tk.ValidationError as error:
        return _render_upload(organization, error.error_dict)
    return tk.redirect_to("gdcatalog_bulk.status", id=organization["name"], job_id=state["id"])


@bulk.route("/organization/<id>/import-excel/<job_id>")
def status(id: str, job_id: str) -> Any:
    organization = _organization_or_abort(id)
    try:
        state = tk.get_action("gdcatalog_import_status")(_context(), {"id": job_id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(MSG_NO_SUCH_IMPORT))
    except tk.NotAuthorized:
        return tk.abort(403, tk._(MSG_NOT_EDITOR))
    if state["organization"] != organization["id"]:
        return tk.abort(404, tk._(MSG_NO_SUCH_IMPORT))
    return tk.render("gdcatalog/bulk/status.html", extra_vars={
        "group_dict": organization, "group_type": organization.get("type", "organization"),
        "job": state, "lang": tk.h.lang(), "counts": _counts(state)})


def _counts(state: dict[str, Any]) -> list[tuple[str, int]]:
    report = state.get("report") or {}
    labels = MSG_STATUS_COUNTS_DRY_RUN if state.get("dry_run") else MSG_STATUS_COUNTS
    return [(tk._(labels[status]), count)
            for status, count in (report.get("datasets") or {}).items()]


@bulk.route("/organization/<id>/import-excel/<job_id>/import", methods=["POST"])
def confirm(id: str, job_id: str) -> Any:
    organization = _organization_or_abort(id)
    try:
        state = tk.get_action("gdcatalog_import_excel")(_context(), {
            "organization": organization["id"], "job_id": job_id, "background": True})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(MSG_NO_SUCH_IMPORT))
    except tk.ValidationError as error:
        return _render_upload(organization, error.error_dict)
    tk.h.flash_success(tk._(MSG_IMPORT_STARTED))
    return tk.redirect_to("gdcatalog_bulk.status", id=organization["name"], job_id=state["id"])


def _search_error(error: SearchError) -> Any:
    """The caller's q in words (400); any other failure generically (409),
    its details in the log (search/client.py)."""
    if isinstance(error, SearchQueryError):
        return tk.abort(400, tk._("Invalid search query: {error_message}").format(
            error_message=error))
    return tk.abort(409, str(error))


def _download(result: dict[str, Any]) -> Response:
    return Response(base64.b64decode(result["content"]), mimetype=result["mimetype"],
                    headers={"Content-Disposition":
                             f'attachment; filename="{result["filename"]}"'})


@bulk.route("/organization/<id>/export.<fmt>")
def export(id: str, fmt: str) -> Any:
    try:
        result = tk.get_action("gdcatalog_export_excel")(_context(), {
            "organization": id, "format": fmt})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Unauthorized to read organization %s") % id)
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(str(m) for v in error.error_dict.values() for m in v))
    except SearchError as error:
        return _search_error(error)
    return _download(result)


@bulk.route("/dataset/export.<fmt>")
def export_search(fmt: str) -> Any:
    """The datasets of a search (``q`` as on /dataset) that the user may
    see, in the NSO template or as CSV."""
    q = (tk.request.args.get("q") or "").strip() or "*:*"
    try:
        result = tk.get_action("gdcatalog_export_excel")(_context(), {"q": q, "format": fmt})
    except tk.NotAuthorized:
        return tk.abort(403)
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(str(m) for v in error.error_dict.values() for m in v))
    except SearchError as error:
        return _search_error(error)
    return _download(result)


@bulk.route("/dataset/excel-template.xlsx")
def blank_template() -> Any:
    return _download(tk.get_action("gdcatalog_excel_template")(_context(), {}))


def blueprints() -> list[Blueprint]:
    return [bulk]

"""Actions and auth functions of bulk registration: import a template
workbook into an organization, follow a background import, export an
organization's catalog (template or CSV) and download the blank template.

The web pages and the ``ckan gdcatalog`` commands call these actions.
"""
from __future__ import annotations

import base64
import datetime as dt
from typing import Any, Iterator, Optional

import ckan.plugins.toolkit as tk
from ckan import authz

from ckanext.gdcatalog.bulk import importer, jobs, reader, writer
from ckanext.gdcatalog.identifiers import require_findable

PROGRESS_KEY = "gdcatalog_progress"  # optional context entry: callable(done, total)
BACKGROUND_ROWS_OPTION = "ckan.gdcatalog.bulk.background_rows"
PAGE_SIZE = 500
CSV_MIMETYPE = "text/csv"

MSG_NO_UPLOAD = "Choose the Excel file (.xlsx) to import"
MSG_NO_SUCH_IMPORT = "This import is not known, or its report has expired"
MSG_NOT_EDITOR = ("Only editors and admins of the organization may import datasets into it")
MSG_UNKNOWN_FORMAT = 'Unknown format "%(value)s": use xlsx or csv'
MSG_NO_ORGANIZATION = "Organization not found"


def _organization(context: dict[str, Any], id_: Any) -> dict[str, Any]:
    if not id_:
        raise tk.ValidationError({"organization": [tk._("Missing value")]})
    require_findable(id_, MSG_NO_ORGANIZATION)
    return tk.get_action("organization_show")(
        {"user": context.get("user")}, {"id": id_, "include_datasets": False,
                                        "include_users": False})


def _upload_content(upload: Any) -> tuple[bytes, str]:
    """The bytes and file name of an upload: a Flask/werkzeug FileStorage,
    an open file, or bytes."""
    if upload in (None, ""):
        raise tk.ValidationError({"upload": [tk._(MSG_NO_UPLOAD)]})
    name = getattr(upload, "filename", None) or getattr(upload, "name", None) or "upload.xlsx"
    stream = getattr(upload, "stream", upload)
    limit = reader.max_bytes()
    content = stream if isinstance(stream, bytes) else stream.read(limit + 1)
    if not content:
        raise tk.ValidationError({"upload": [tk._(MSG_NO_UPLOAD)]})
    return content, str(name).replace("\\", "/").rsplit("/", 1)[-1]


def gdcatalog_import_excel(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Import an NSO template workbook into an organization.

    Every row is validated by package_create / package_update, as a web form
    would be. Rows are matched to the organization's datasets by name (or
    id), so importing the same file again changes nothing; nothing is
    deleted. New datasets start private, without consent to harvest.

    :param organization: the organization's id or name
    :param upload: the .xlsx file (multipart upload)
    :param job_id: instead of ``upload``: the workbook of an earlier import
        of this organization (e.g. a dry run, to import its valid rows)
    :param dry_run: validate and report, write nothing (default false)
    :param background: run as a background job: true, false, or unset for
        true above ``ckan.gdcatalog.bulk.background_rows`` rows
    :returns: the report (rows with sheet, row number, name, status and
        problems in Thai and English), or for a background job its state
        (``id``; follow it with gdcatalog_import_status)
    """
    organization = _organization(context, data_dict.get("organization"))
    tk.check_access("gdcatalog_import_excel", context, {"organization": organization["id"]})
    dry_run = tk.asbool(data_dict.get("dry_run", False))
    if data_dict.get("job_id"):
        previous = jobs.status(str(data_dict["job_id"]))
        if previous is None or previous["organization"] != organization["id"]:
            raise tk.ObjectNotFound(tk._(MSG_NO_SUCH_IMPORT))
        content, filename = jobs.workbook(previous["id"]) or b"", previous["filename"]
        if not content:
            raise tk.ObjectNotFound(tk._(MSG_NO_SUCH_IMPORT))
    else:
        content, filename = _upload_content(data_dict.get("upload"))
    try:
        rows = reader.read(content, filename)
    except reader.WorkbookError as error:
        raise tk.ValidationError({"upload": [error.translated()]}) from None
    background = data_dict.get("background")
    if background in (None, ""):
        background = len(rows) > tk.config.get(BACKGROUND_ROWS_OPTION)
    if tk.asbool(background):
        state = jobs.new_job(content, filename, organization, context["user"], dry_run)
        jobs.enqueue(state)
        return state
    return importer.run(rows, organization, context["user"], dry_run=dry_run,
                        progress=context.get(PROGRESS_KEY))


@tk.side_effect_free
def gdcatalog_import_status(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The state of a background import: queued, running (``done`` of
    ``total`` datasets), finished (with ``report``) or failed.

    :param id: the import's id, as gdcatalog_import_excel returned it
    """
    state = jobs.status(str(tk.get_or_bust(data_dict, "id")))
    if state is None:
        raise tk.ObjectNotFound(tk._(MSG_NO_SUCH_IMPORT))
    tk.check_access("gdcatalog_import_status", context, {"organization": state["organization"]})
    return state


def datasets_of(context: dict[str, Any], organization: Optional[dict[str, Any]],
                q: Optional[str] = None) -> Iterator[dict[str, Any]]:
    """The datasets the user may see (private ones only if a member), of an
    organization and/or matching a search, in name order."""
    fq = f'owner_org:"{organization["id"]}"' if organization else ""
    start = 0
    while True:
        page = tk.get_action("package_search")({"user": context.get("user")}, {
            "q": q or "", "fq": fq, "include_private": True, "rows": PAGE_SIZE,
            "start": start, "sort": "name asc"})
        yield from page["results"]
        start += PAGE_SIZE
        if start >= page["count"] or not page["results"]:
            return


@tk.side_effect_free
def gdcatalog_export_excel(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """An organization's catalog (or a search result) in the NSO template,
    which gdcatalog_import_excel reads back unchanged, or as CSV.

    Private datasets are included only for users who may see them.

    :param organization: the organization's id or name (optional with ``q``)
    :param q: a search (optional)
    :param format: ``xlsx`` (default) or ``csv``
    :returns: ``filename``, ``mimetype``, ``count`` and ``content``
        (the file, base64-encoded)
    """
    tk.check_access("gdcatalog_export_excel", context, data_dict)
    fmt = str(data_dict.get("format") or "xlsx").lower()
    if fmt not in ("xlsx", "csv"):
        raise tk.ValidationError({"format": [tk._(MSG_UNKNOWN_FORMAT) % {"value": fmt}]})
    organization = (_organization(context, data_dict["organization"])
                    if data_dict.get("organization") else None)
    if organization is None and not data_dict.get("q"):
        raise tk.ValidationError({"organization": [tk._("Missing value")]})
    datasets = list(datasets_of(context, organization, data_dict.get("q")))
    content = (writer.csv_listing(datasets) if fmt == "csv" else writer.workbook(datasets))
    stem = organization["name"] if organization else "search"
    return {"filename": f"{stem}-{dt.date.today().isoformat()}.{fmt}",
            "mimetype": CSV_MIMETYPE if fmt == "csv" else writer.XLSX_MIMETYPE,
            "count": len(datasets), "content": base64.b64encode(content).decode("ascii")}


@tk.side_effect_free
def gdcatalog_excel_template(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The blank NSO template, the vocabularies as drop-down lists.

    :returns: ``filename``, ``mimetype`` and ``content`` (base64)
    """
    tk.check_access("gdcatalog_excel_template", context, data_dict)
    return {"filename": "gdcatalog-template.xlsx", "mimetype": writer.XLSX_MIMETYPE,
            "content": base64.b64encode(writer.blank()).decode("ascii")}


def gdcatalog_import_excel_auth(context: dict[str, Any],
                                data_dict: dict[str, Any]) -> dict[str, Any]:
    # Sysadmins pass without this being called. Editors and admins hold
    # create_dataset in their organization; members do not.
    user = context.get("user")
    organization = data_dict.get("organization")
    if user and organization and authz.has_user_permission_for_group_or_org(
            organization, user, "create_dataset"):
        return {"success": True}
    return {"success": False, "msg": tk._(MSG_NOT_EDITOR)}


def gdcatalog_import_status_auth(context: dict[str, Any],
                                data_dict: dict[str, Any]) -> dict[str, Any]:
    # An import's progress and report are for those who may import into its
    # organization (the action passes the organization of the import).
    return gdcatalog_import_excel_auth(context, data_dict)


@tk.auth_allow_anonymous_access
def gdcatalog_export_excel_auth(context: dict[str, Any],
                                data_dict: dict[str, Any]) -> dict[str, Any]:
    # Anyone may export what they can see; package_search leaves out the
    # private datasets a user may not read.
    return {"success": True}


@tk.auth_allow_anonymous_access
def gdcatalog_excel_template_auth(context: dict[str, Any],
                                  data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}


ACTIONS = {
    "gdcatalog_import_excel": gdcatalog_import_excel,
    "gdcatalog_import_status": gdcatalog_import_status,
    "gdcatalog_export_excel": gdcatalog_export_excel,
    "gdcatalog_excel_template": gdcatalog_excel_template,
}
AUTH_FUNCTIONS = {
    "gdcatalog_import_excel": gdcatalog_import_excel_auth,
    "gdcatalog_import_status": gdcatalog_import_status_auth,
    "gdcatalog_export_excel": gdcatalog_export_excel_auth,
    "gdcatalog_excel_template": gdcatalog_excel_template_auth,
}

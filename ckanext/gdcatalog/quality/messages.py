"""Texts of the engine's error and warning codes (English msgids; callers
translate them with tk._ and fill the parameters)."""
from __future__ import annotations

from typing import Any, Mapping

MSG_ERROR_EMPTY = "The file is empty."
MSG_ERROR_BINARY = "The file is not text: it cannot be read as a table."
MSG_ERROR_MALFORMED = "The file is damaged or not in its declared format (%(detail)s)."
MSG_ERROR_NOT_RECORDS = "The JSON file is not an array of records (objects)."
MSG_ERROR_TOO_LARGE = "The file is larger than this catalog assesses."
MSG_ERROR_UNSUPPORTED = "The contents of this format are not assessed (only CSV, TSV, XLSX, XLS and JSON)."
MSG_ERROR_UNREADABLE = "The file could not be read."
MSG_ERROR_UNREACHABLE = "The file could not be downloaded from its link."
MSG_ERROR_HTTP_STATUS = "The link answered with HTTP status %(detail)s instead of the file."
MSG_ERROR_TIMEOUT = "Downloading the file took too long."
MSG_ERROR_BAD_URL = "The link is not an http or https address."
MSG_ERROR_BLOCKED = "The link points to a private network address, which is not fetched."
MSG_ERROR_DELETED = "The resource was deleted before it could be assessed."

MSG_WARNING_NATIONAL_ID = ("Columns %(columns)s hold %(cells)s values that look like Thai "
                           "national ID numbers (valid check digit): likely personal data. "
                           "Check before publishing.")
MSG_WARNING_DECODE = ("%(count)s byte sequences could not be decoded in the detected "
                      "encoding (%(encoding)s): the file mixes encodings.")
MSG_WARNING_OTHER_SHEETS = "Only the first worksheet was assessed; also in the file: %(sheets)s."
MSG_WARNING_UNTRACKED = "%(count)s columns beyond the first 4096 were counted but not typed."

ERRORS = {
    "empty": MSG_ERROR_EMPTY, "binary": MSG_ERROR_BINARY, "malformed": MSG_ERROR_MALFORMED,
    "not_records": MSG_ERROR_NOT_RECORDS, "too_large": MSG_ERROR_TOO_LARGE,
    "unsupported_format": MSG_ERROR_UNSUPPORTED, "unreadable": MSG_ERROR_UNREADABLE,
    "unreachable": MSG_ERROR_UNREACHABLE, "http_status": MSG_ERROR_HTTP_STATUS,
    "timeout": MSG_ERROR_TIMEOUT, "bad_url": MSG_ERROR_BAD_URL,
    "blocked_address": MSG_ERROR_BLOCKED, "deleted": MSG_ERROR_DELETED,
}
WARNINGS = {"national_id": MSG_WARNING_NATIONAL_ID, "decode_errors": MSG_WARNING_DECODE,
            "other_sheets": MSG_WARNING_OTHER_SHEETS, "untracked_columns": MSG_WARNING_UNTRACKED}


def _params(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            for k, v in values.items()}


def error_text(code: str | None, detail: str | None, translate: Any) -> str | None:
    if not code:
        return None
    msgid = ERRORS.get(code, MSG_ERROR_UNREADABLE)
    return translate(msgid) % {"detail": detail or "-"} if "%(" in msgid else translate(msgid)


def warning_text(warning: Mapping[str, Any], encoding: str | None, translate: Any) -> str:
    msgid = WARNINGS.get(str(warning.get("code")), "")
    if not msgid:
        return str(warning.get("code"))
    params = _params({"encoding": encoding or "-", "columns": "", "cells": "", "count": "",
                      "sheets": "", **warning})
    return translate(msgid) % params

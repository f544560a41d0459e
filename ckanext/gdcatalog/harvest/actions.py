"""Actions and auth functions of harvesting. The report page, the dataset
page and ``ckan gdcatalog harvest ...`` call these."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.gdcatalog.harvest import options, prune, report, stuck
from ckanext.gdcatalog.identifiers import findable, require_findable
from ckanext.gdcatalog.language import translated

MSG_WHOLE_NUMBER = "%(name)s must be a whole number of at least %(minimum)s"
MSG_SYSADMIN_ONLY = "Only sysadmins may do this"
MSG_MISSING_ID = "Please give the id or name of the harvest source"
MSG_NO_SOURCE = "Harvest source not found"
MSG_NO_DATASET = "Dataset not found"


def _number(data_dict: dict[str, Any], name: str, default: int, minimum: int) -> int:
    value = data_dict.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise tk.ValidationError({name: [translated(MSG_WHOLE_NUMBER, name=name,
                                                    minimum=minimum)]})
    return number


def _named_source(data_dict: dict[str, Any]) -> Any:
    """The source the caller names: ``id``, or ``source_id`` (the auth
    function and the action read the same one)."""
    return data_dict.get("id") or data_dict.get("source_id")


def _source_ref(data_dict: dict[str, Any]) -> str:
    ident = _named_source(data_dict)
    if not ident or not isinstance(ident, str):
        raise tk.ValidationError({"id": [translated(MSG_MISSING_ID)]})
    require_findable(ident, MSG_NO_SOURCE)
    return ident


def _source_id(context: dict[str, Any], ident: str) -> str:
    """The source's id, after ckanext-harvest's own check that the user may
    see it (NotFound / NotAuthorized otherwise)."""
    source = tk.get_action("harvest_source_show")(
        {"model": model, "session": model.Session, "user": context.get("user"),
         "auth_user_obj": context.get("auth_user_obj"),
         "ignore_auth": context.get("ignore_auth", False)}, {"id": ident})
    return source["id"]


@tk.side_effect_free
def gdcatalog_harvest_report(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The report of a harvest source: its last jobs with the counts added,
    updated, unchanged, withdrawn, errors (and pending while it runs), each
    error with the record it concerns, and its current and withdrawn records.

    :param id: the harvest source (id or name)
    :param limit: how many jobs (default ``ckan.gdcatalog.harvest.report_jobs``)
    """
    ident = _source_ref(data_dict)
    tk.check_access("gdcatalog_harvest_report", context, {"id": ident})
    limit = _number(data_dict, "limit", options.report_jobs(), 1)
    return report.source_report(_source_id(context, ident), min(limit, 100))


@tk.side_effect_free
def gdcatalog_harvest_provenance(context: dict[str, Any],
                                 data_dict: dict[str, Any]) -> dict[str, Any] | None:
    """Where a harvested dataset comes from (source, catalog, original URI,
    landing page, first and last harvested, last changed at the source and
    here), or null for a dataset that was not harvested.

    :param id: the dataset (id or name)
    """
    require_findable(data_dict.get("id"), MSG_NO_DATASET)
    tk.check_access("gdcatalog_harvest_provenance", context, data_dict)
    dataset = tk.get_action("package_show")(
        {"user": context.get("user"), "ignore_auth": context.get("ignore_auth", False)},
        {"id": data_dict.get("id")})
    return report.provenance(dataset["id"])


def gdcatalog_harvest_finish_stuck(context: dict[str, Any],
                                   data_dict: dict[str, Any]) -> dict[str, Any]:
    """Finish with an error the running jobs without progress for
    ``minutes`` (default ``ckan.gdcatalog.harvest.stuck_minutes``).

    :param minutes: optional
    :param source_id: only this source's jobs (optional)
    """
    tk.check_access("gdcatalog_harvest_finish_stuck", context, data_dict)
    minutes = _number(data_dict, "minutes", options.stuck_minutes(), 1)
    return {"finished": stuck.finish_stuck(minutes, data_dict.get("source_id"))}


def gdcatalog_harvest_prune(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Delete harvest history older than ``days`` (default
    ``ckan.gdcatalog.harvest.retention_days``): objects that are not current,
    then jobs left empty, keeping each source's latest job.

    :param days: optional
    """
    tk.check_access("gdcatalog_harvest_prune", context, data_dict)
    return prune.prune(_number(data_dict, "days", options.retention_days(), 1))


@tk.chained_action
def harvest_jobs_run(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """ckanext-harvest's periodic run (``ckan harvester run``) finishes stuck
    jobs first, so the cron job that runs it does both."""
    tk.check_access("harvest_jobs_run", context, data_dict)
    stuck.finish_stuck(options.stuck_minutes(), data_dict.get("source_id"))
    return original(context, data_dict)


def _as_auth(action: str, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        tk.check_access(action, dict(context), data_dict)
    except tk.NotAuthorized as error:
        return {"success": False, "msg": str(error)}
    except tk.ObjectNotFound:
        return {"success": False}
    return {"success": True}


def report_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # Who may see the source may see its report (its jobs and errors).
    ident = _named_source(data_dict)
    if not isinstance(ident, str) or not findable(ident):
        return {"success": False}
    return _as_auth("harvest_source_show", context, {"id": ident})


def provenance_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return _as_auth("package_show", context, data_dict)


def sysadmin_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": False, "msg": translated(MSG_SYSADMIN_ONLY)}


ACTIONS = {
    "gdcatalog_harvest_report": gdcatalog_harvest_report,
    "gdcatalog_harvest_provenance": gdcatalog_harvest_provenance,
    "gdcatalog_harvest_finish_stuck": gdcatalog_harvest_finish_stuck,
    "gdcatalog_harvest_prune": gdcatalog_harvest_prune,
    "harvest_jobs_run": harvest_jobs_run,
}
AUTH_FUNCTIONS = {
    "gdcatalog_harvest_report": report_auth,
    "gdcatalog_harvest_provenance": provenance_auth,
    "gdcatalog_harvest_finish_stuck": sysadmin_auth,
    "gdcatalog_harvest_prune": sysadmin_auth,
}

"""Quality actions and their auth functions. Results are read with the
rights of the dataset: whoever may read a dataset (``package_show``) may
read its quality, and a resource's results follow ``resource_show`` (so a
private resource's stay with its dataset's editors). Assessing needs
``package_update``."""
from __future__ import annotations

from typing import Any, Mapping

import ckan.plugins.toolkit as tk
from ckan import authz

from ckanext.gdcatalog.identifiers import require_findable
from ckanext.gdcatalog.quality import jobs, messages, metadata_score, store, summary

MSG_ID_REQUIRED = "Give the id or name (id)."
MSG_RESOURCE_NOT_FOUND = "Resource not found."
MSG_DATASET_NOT_FOUND = "Dataset not found"
MSG_ORGANIZATION_NOT_FOUND = "Organization not found"
MSG_BAD_LIMIT = "limit must be a whole number from 1 to 1000."
MSG_ONE_SCOPE = "Give exactly one of dataset, organization or all."
MSG_ALL_SYSADMIN = "Only sysadmins may assess every dataset."
MSG_ORG_ADMIN = "Only the organization's admins may assess all its datasets."
MSG_BAD_BY = "by must be organization or province."
BY_ORGANIZATION, BY_PROVINCE = "organization", "province"

PROGRESS_KEY = "gdcatalog_quality_progress"  # optional context entry: callable(done, total)
_PAGE = 1000


def _id(data_dict: Mapping[str, Any], not_found: str) -> str:
    value = data_dict.get("id")
    if not value or not isinstance(value, str):
        raise tk.ValidationError({"id": [tk._(MSG_ID_REQUIRED)]})
    require_findable(value, not_found)
    return value


def _limit(data_dict: Mapping[str, Any], default: int) -> int:
    try:
        limit = int(data_dict.get("limit", default))
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= 1000:
        raise tk.ValidationError({"limit": [tk._(MSG_BAD_LIMIT)]})
    return limit


def _present(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored assessment with its error and warnings in words."""
    out = dict(row)
    out["error_message"] = messages.error_text(row.get("error"), row.get("error_detail"), tk._)
    out["warning_messages"] = [messages.warning_text(w, row.get("encoding"), tk._)
                               for w in row.get("warnings") or []]
    return out


def _score(dataset: Mapping[str, Any]) -> dict[str, Any]:
    result = metadata_score.score(dataset, store.reachability(dataset["id"]))
    translate = tk._  # of messages defined in metadata_score, not literals
    for indicator in result["indicators"]:
        indicator["label"] = translate(indicator["label"])
        indicator["advice"] = translate(indicator["advice"])
        indicator["dimension_label"] = translate(metadata_score.DIMENSIONS[indicator["dimension"]])
    result["rating_label"] = translate(metadata_score.RATINGS[result["rating"]])
    return result


def _resource(context: dict[str, Any], resource_id: str) -> dict[str, Any]:
    try:
        return tk.get_action("resource_show")(dict(context), {"id": resource_id})
    except tk.ObjectNotFound:
        raise tk.ObjectNotFound(tk._(MSG_RESOURCE_NOT_FOUND)) from None


def gdcatalog_quality_resource_assess(context: dict[str, Any],
                                      data_dict: dict[str, Any]) -> dict[str, Any]:
    """Assess a resource's file (editors of its dataset).

    :param id: the resource's id
    :param background: queue a job (default true); false assesses now
    :returns: the assessment (``id``, ``status``, and with background false
        its metrics)
    """
    resource_id = _id(data_dict, MSG_RESOURCE_NOT_FOUND)
    tk.check_access("gdcatalog_quality_resource_assess", context, {"id": resource_id})
    resource = _resource(context, resource_id)
    dataset = tk.get_action("package_show")(
        {**context, "ignore_auth": True}, {"id": resource["package_id"]})
    if tk.asbool(data_dict.get("background", True)):
        return jobs.enqueue_resource(resource, dataset.get("owner_org"))
    assessment_id = store.create_pending(resource, dataset.get("owner_org"))
    row = jobs.run_now(assessment_id, resource, dataset)
    jobs.reindex(dataset["id"])
    return _present(row)


def gdcatalog_quality_resource_assess_auth(context: dict[str, Any],
                                           data_dict: dict[str, Any]) -> dict[str, Any]:
    import ckan.model as model
    resource = model.Resource.get(str(data_dict.get("id") or ""))
    if resource is None:
        return {"success": False}
    return authz.is_authorized("package_update", context, {"id": resource.package_id})


@tk.side_effect_free
def gdcatalog_quality_resource_show(context: dict[str, Any],
                                    data_dict: dict[str, Any]) -> dict[str, Any]:
    """The latest assessment of a resource and its history.

    :param id: the resource's id
    :param limit: how many assessments of the history (default 10)
    :returns: ``{"resource_id", "latest": assessment or None, "history": [...]}``
    """
    resource_id = _id(data_dict, MSG_RESOURCE_NOT_FOUND)
    limit = _limit(data_dict, 10)
    tk.check_access("gdcatalog_quality_resource_show", context, {"id": resource_id})
    history = [_present(r) for r in store.resource_history(resource_id, limit)]
    finished = [r for r in history if r["status"] in (store.DONE, store.FAILED)]
    return {"resource_id": resource_id, "latest": finished[0] if finished else None,
            "history": history}


@tk.auth_allow_anonymous_access
def gdcatalog_quality_resource_show_auth(context: dict[str, Any],
                                         data_dict: dict[str, Any]) -> dict[str, Any]:
    return authz.is_authorized("resource_show", context, data_dict)


@tk.side_effect_free
def gdcatalog_quality_dataset_show(context: dict[str, Any],
                                   data_dict: dict[str, Any]) -> dict[str, Any]:
    """A dataset's metadata score (with advice per indicator), its history,
    and the latest assessment of each resource the user may see.

    :param id: the dataset's id or name
    """
    dataset_id = _id(data_dict, MSG_DATASET_NOT_FOUND)
    tk.check_access("gdcatalog_quality_dataset_show", context, {"id": dataset_id})
    dataset = tk.get_action("package_show")(dict(context), {"id": dataset_id})
    visible = {r["id"]: r for r in dataset.get("resources", [])}  # private ones hidden
    latest = store.latest_for_packages([dataset["id"]]).get(dataset["id"], [])
    resources = [{**_present(row), "resource_name": visible[row["resource_id"]].get("name")}
                 for row in latest if row["resource_id"] in visible]
    # The score is the dataset's, the one in the index: of all its resources.
    whole = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["id"]})
    return {"id": dataset["id"], "name": dataset["name"], "metadata": _score(whole),
            "metadata_history": store.metadata_history(dataset["id"]),
            "resources": resources}


@tk.auth_allow_anonymous_access
def gdcatalog_quality_dataset_show_auth(context: dict[str, Any],
                                        data_dict: dict[str, Any]) -> dict[str, Any]:
    return authz.is_authorized("package_show", context, data_dict)


@tk.side_effect_free
def gdcatalog_quality_organization_show(context: dict[str, Any],
                                        data_dict: dict[str, Any]) -> dict[str, Any]:
    """The quality of an organization's datasets that the user may read,
    worst metadata score first: per dataset the means of its resources'
    content metrics, its self-assessment and what to fix first; and the
    same figures over all of them (``summary``).

    :param id: the organization's id or name
    :param limit: how many datasets (default 1000)
    """
    org_id = _id(data_dict, MSG_ORGANIZATION_NOT_FOUND)
    limit = _limit(data_dict, 1000)
    tk.check_access("gdcatalog_quality_organization_show", context, {"id": org_id})
    org = tk.get_action("organization_show")(dict(context), {"id": org_id,
                                                             "include_datasets": False})
    # package_search applies the user's permission labels: private datasets
    # appear only for those who may read them.
    rows = summary.dataset_rows(summary.readable_datasets(context, f'owner_org:"{org["id"]}"'))
    return {"id": org["id"], "name": org["name"], "title": org.get("title"),
            "count": len(rows), "datasets": rows[:limit], "summary": summary.totals(rows)}


@tk.auth_allow_anonymous_access
def gdcatalog_quality_organization_show_auth(context: dict[str, Any],
                                             data_dict: dict[str, Any]) -> dict[str, Any]:
    return authz.is_authorized("organization_show", context, data_dict)


@tk.side_effect_free
def gdcatalog_quality_summary(context: dict[str, Any],
                              data_dict: dict[str, Any]) -> dict[str, Any]:
    """Quality per organization or per province (of the datasets'
    organizations), over the datasets the user may read, worst mean
    metadata score first, each group with the fixes most needed.

    :param by: ``organization`` (default) or ``province``
    :returns: ``{"by", "count", "summary", "groups": [...]}``
    """
    by = data_dict.get("by") or BY_ORGANIZATION
    if by not in (BY_ORGANIZATION, BY_PROVINCE):
        raise tk.ValidationError({"by": [tk._(MSG_BAD_BY)]})
    tk.check_access("gdcatalog_quality_summary", context, {"by": by})
    rows = summary.dataset_rows(summary.readable_datasets(context))
    if by == BY_PROVINCE:
        from ckanext.gdcatalog.language import current_language
        from ckanext.gdcatalog.schema import vocabularies
        provinces = vocabularies.get("province")
        groups = summary.group_rows(
            rows, "province", lambda code: provinces.label_of(code, current_language()))
    else:
        import ckan.model as model
        titles = {g.id: (g.title or g.name) for g in model.Session.query(model.Group).filter(
            model.Group.id.in_({r["owner_org"] for r in rows if r["owner_org"]}))}
        groups = summary.group_rows(rows, "owner_org", lambda code: titles.get(code, code))
    return {"by": by, "count": len(rows), "summary": summary.totals(rows), "groups": groups}


@tk.auth_allow_anonymous_access
def gdcatalog_quality_summary_auth(context: dict[str, Any],
                                   data_dict: dict[str, Any]) -> dict[str, Any]:
    # Anyone: the figures cover only the datasets the caller may read.
    return {"success": True}


def _scope(data_dict: Mapping[str, Any]) -> tuple[str, str]:
    given = [(k, data_dict[k]) for k in ("dataset", "organization") if data_dict.get(k)]
    if tk.asbool(data_dict.get("all", False)):
        given.append(("all", ""))
    if len(given) != 1 or not isinstance(given[0][1], str):
        raise tk.ValidationError({"dataset": [tk._(MSG_ONE_SCOPE)]})
    require_findable(given[0][1], MSG_DATASET_NOT_FOUND if given[0][0] == "dataset"
                     else MSG_ORGANIZATION_NOT_FOUND)
    return given[0]


def _dataset_ids(kind: str, value: str) -> list[str]:
    context = {"ignore_auth": True}
    if kind == "dataset":
        return [tk.get_action("package_show")(context, {"id": value})["id"]]
    fq = ""
    if kind == "organization":
        org = tk.get_action("organization_show")(dict(context), {"id": value})
        fq = f'owner_org:"{org["id"]}"'
    ids: list[str] = []
    while True:
        page = tk.get_action("package_search")(dict(context), {
            "fq": fq, "include_private": True, "rows": _PAGE, "start": len(ids),
            "sort": "name asc", "fl": "id"})
        ids += [d["id"] for d in page["results"]]
        if not page["results"] or len(ids) >= page["count"]:
            return ids


def gdcatalog_quality_run(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Assess every resource with a link of one dataset, an organization's
    datasets, or all datasets (``ckan gdcatalog quality run``).

    :param dataset: a dataset's id or name
    :param organization: an organization's id or name
    :param all: true for every dataset (sysadmins)
    :param background: queue one job per resource instead of assessing now
    :returns: ``{"datasets", "resources", "errors", "queued"}``
    """
    kind, value = _scope(data_dict)
    tk.check_access("gdcatalog_quality_run", context, {kind: value})
    background = tk.asbool(data_dict.get("background", False))
    progress = context.get(PROGRESS_KEY)
    datasets = [tk.get_action("package_show")({"ignore_auth": True}, {"id": i})
                for i in _dataset_ids(kind, value)]
    work = [(d, r) for d in datasets for r in d.get("resources", []) if r.get("url")]
    report = {"datasets": len(datasets), "resources": len(work), "errors": 0, "queued": 0}
    for done, (dataset, resource) in enumerate(work, start=1):
        if background:
            jobs.enqueue_resource(resource, dataset.get("owner_org"))
            report["queued"] += 1
        else:
            assessment_id = store.create_pending(resource, dataset.get("owner_org"))
            if jobs.run_now(assessment_id, resource, dataset).get("error"):
                report["errors"] += 1
        if progress:
            progress(done, len(work))
    if not background:
        for dataset in datasets:
            jobs.reindex(dataset["id"])
    return report


def gdcatalog_quality_run_auth(context: dict[str, Any],
                               data_dict: dict[str, Any]) -> dict[str, Any]:
    if data_dict.get("dataset"):
        return authz.is_authorized("package_update", context, {"id": data_dict["dataset"]})
    if data_dict.get("organization"):
        # An organization's admins (sysadmins pass before auth functions run).
        import ckan.model as model
        org = model.Group.get(str(data_dict["organization"]))
        role = org and authz.users_role_for_group_or_org(org.id, context.get("user"))
        if role == "admin":
            return {"success": True}
        return {"success": False, "msg": tk._(MSG_ORG_ADMIN)}
    return {"success": False, "msg": tk._(MSG_ALL_SYSADMIN)}


ACTIONS = {
    "gdcatalog_quality_run": gdcatalog_quality_run,
    "gdcatalog_quality_resource_assess": gdcatalog_quality_resource_assess,
    "gdcatalog_quality_resource_show": gdcatalog_quality_resource_show,
    "gdcatalog_quality_dataset_show": gdcatalog_quality_dataset_show,
    "gdcatalog_quality_organization_show": gdcatalog_quality_organization_show,
    "gdcatalog_quality_summary": gdcatalog_quality_summary,
}
AUTH_FUNCTIONS = {
    "gdcatalog_quality_run": gdcatalog_quality_run_auth,
    "gdcatalog_quality_resource_assess": gdcatalog_quality_resource_assess_auth,
    "gdcatalog_quality_resource_show": gdcatalog_quality_resource_show_auth,
    "gdcatalog_quality_dataset_show": gdcatalog_quality_dataset_show_auth,
    "gdcatalog_quality_organization_show": gdcatalog_quality_organization_show_auth,
    "gdcatalog_quality_summary": gdcatalog_quality_summary_auth,
}

"""Importing template rows into an organization through CKAN's own
``package_create`` / ``package_update``, row by row, with a report.

Each dataset (its metadata row and its resource rows) is one transaction:
the action runs with ``defer_commit``, so it validates with the schema's
validators (those of the web form), writes and flushes, and then either
commits (indexing first on CKAN 2.12, which leaves that to the caller of a
deferred commit), or rolls back when the run is a dry run or the dataset
would not change. A dry run is therefore the real thing undone, not an imitation:
authorization, validation and database constraints are all exercised, and
CKAN's search index, which is written only at commit, never sees it.

Matching: a row updates the organization's dataset with its name (or id;
without a name, its title), otherwise creates one. Empty cells leave a
field as it is; resources are matched by name (then URL) and never
removed; nothing is deleted.
"""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.bulk import template
from ckanext.gdcatalog.bulk.language import LANGUAGES, in_language
from ckanext.gdcatalog.bulk.reader import Row

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

CREATED, UPDATED, UNCHANGED, INVALID, SKIPPED = (
    "created", "updated", "unchanged", "invalid", "skipped")

MSG_STATUS = {
    (CREATED, False): "Created",
    (CREATED, True): "Valid: will be created",
    (UPDATED, False): "Updated",
    (UPDATED, True): "Valid: will update the existing dataset",
    (UNCHANGED, False): "Unchanged: the dataset already has these values",
    (UNCHANGED, True): "Unchanged: the dataset already has these values",
    (INVALID, False): "Not imported: correct the problems and import again",
    (INVALID, True): "Not valid: correct the problems before importing",
    (SKIPPED, False): "Skipped",
    (SKIPPED, True): "Skipped",
}
MSG_OTHER_ORGANIZATION_ROW = ("The row names the organization \"%(value)s\", not the one "
                              "being imported into")
MSG_DATASET_OF_OTHER_ORGANIZATION = ("A dataset of another organization already has the "
                                     "name \"%(value)s\"")
MSG_DUPLICATE_NAME = "The name \"%(value)s\" is also used on %(sheet)s row %(row)s"
MSG_DUPLICATE_TITLE = "The title \"%(value)s\" is also used on %(sheet)s row %(row)s"
MSG_NO_DATASET = ("No dataset named \"%(value)s\" is in the file or in the organization; "
                  "give the resource the name of its dataset")
MSG_NO_DATASET_NAME = "Give the name of the dataset the resource belongs to"
MSG_DATASET_INVALID = "Not imported because its dataset has problems"
MSG_WRONG_SHEET = ("The dataset \"%(value)s\" is on the %(sheet)s sheet, but this resource "
                   "sheet is for another data type")
MSG_NOT_ALLOWED = "You are not allowed to save this dataset"
MSG_ROW_FAILED = "The row could not be saved because of an unexpected error; nothing was changed"

_GENERAL = "__general__"
_IGNORED_IN_COMPARISON = {"metadata_modified", "revision_id", "last_modified"}


def _both(msgid: str, **params: Any) -> dict[str, str]:
    """A message of ours in every language of the report."""
    out = {}
    for lang in LANGUAGES:
        with in_language(lang):
            out[lang] = tk._(msgid) % params if params else tk._(msgid)
    return out


def _labels(group: str) -> dict[str, dict[str, str]]:
    labels = {}
    for f in template.schema()[group]:
        label = f.get("label") or f["field_name"]
        labels[f["field_name"]] = label if isinstance(label, dict) else {"th": label, "en": label}
    return labels


@dataclass
class RowReport:
    sheet: str
    row: int
    name: str
    resource: Optional[str] = None
    status: str = INVALID
    problems: list[dict[str, Any]] = field(default_factory=list)

    def problem(self, key: str, message: dict[str, str], labels: dict[str, Any]) -> None:
        self.problems.append({"field": key if key != _GENERAL else None,
                              "label": labels.get(key), "message": message})

    def as_dict(self, dry_run: bool) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "name": self.name,
                "resource": self.resource, "kind": "resource" if self.resource is not None
                else "dataset", "status": self.status,
                "status_message": _both(MSG_STATUS[(self.status, dry_run)]),
                "problems": self.problems}


@dataclass
class _Group:
    """A dataset row and the resource rows that go with it (or, for resource
    rows only, the existing dataset they are added to)."""
    name: str
    row: Optional[Row]
    report: Optional[RowReport]
    resources: list[tuple[Row, RowReport]] = field(default_factory=list)
    data_type: Optional[str] = None


def _report_for(row: Row) -> RowReport:
    return RowReport(row.sheet, row.row, row.name,
                     str(row.values.get("name") or "") if row.resource else None)


def _matches_organization(value: Any, organization: dict[str, Any]) -> bool:
    def key(text: Any) -> str:
        return "".join(str(text or "").split()).casefold()
    return key(value) in {key(organization.get(k)) for k in ("id", "name", "title")}


class Importer:
    def __init__(self, organization: dict[str, Any], user: str, dry_run: bool,
                 progress: Optional[Progress] = None) -> None:
        self.organization = organization
        self.user = user
        self.dry_run = dry_run
        self.progress = progress
        self.dataset_labels = _labels("dataset_fields")
        self.resource_labels = _labels("resource_fields")
        self.reports: list[RowReport] = []

    # -- planning ----------------------------------------------------------

    def _plan(self, rows: list[Row]) -> list[_Group]:
        groups: dict[str, _Group] = {}
        seen_names: dict[str, RowReport] = {}
        seen_titles: dict[str, RowReport] = {}
        for row in (r for r in rows if not r.resource):
            report = _report_for(row)
            self.reports.append(report)
            org_cell = row.values.get(template.ORGANIZATION)
            if org_cell and not _matches_organization(org_cell, self.organization):
                report.status = SKIPPED
                report.problem(template.ORGANIZATION, _both(
                    MSG_OTHER_ORGANIZATION_ROW, value=org_cell), self.dataset_labels)
                groups.setdefault(row.name or f"#{row.sheet}:{row.row}",
                                  _Group(row.name, None, report, data_type=row.data_type))
                continue
            duplicate = False
            for key, seen, msgid in ((row.name, seen_names, MSG_DUPLICATE_NAME),
                                     (row.values.get("title"), seen_titles, MSG_DUPLICATE_TITLE)):
                if key and key in seen:
                    first = seen[key]
                    report.problem("name" if seen is seen_names else "title", _both(
                        msgid, value=key, sheet=first.sheet, row=first.row), self.dataset_labels)
                    duplicate = True
                elif key:
                    seen[key] = report
            if duplicate:
                continue
            groups[row.name or f"#{row.sheet}:{row.row}"] = _Group(
                row.name, row, report, data_type=row.data_type)
        for row in (r for r in rows if r.resource):
            report = _report_for(row)
            self.reports.append(report)
            if not row.name:
                report.problem(template.DATASET_REF, _both(MSG_NO_DATASET_NAME),
                               self.resource_labels)
                continue
            group = groups.get(row.name)
            if group is None:
                group = groups[row.name] = _Group(row.name, None, None)
            if group.row is None and group.report is not None:  # its dataset is skipped
                report.status = SKIPPED
                continue
            if group.data_type and group.data_type != row.data_type:
                report.problem(template.DATASET_REF, _both(
                    MSG_WRONG_SHEET, value=row.name, sheet=group.report.sheet
                    if group.report else ""), self.resource_labels)
                continue
            group.resources.append((row, report))
        return [g for g in groups.values() if g.row is not None or g.resources]

    # -- running -----------------------------------------------------------

    def run(self, rows: list[Row]) -> dict[str, Any]:
        groups = self._plan(rows)
        model.Session.rollback()  # each dataset starts a transaction of its own
        for done, group in enumerate(groups, start=1):
            try:
                self._import(group)
            except Exception:  # one bad row must not stop the others
                log.exception("Import of %s failed", group.name)
                model.Session.rollback()
                self._fail(group, _both(MSG_ROW_FAILED))
            if self.progress:
                self.progress(done, len(groups))
        self.reports.sort(key=lambda r: (r.resource is not None, _sheet_order(r.sheet), r.row))
        return self._summary()

    def _existing(self, group: _Group) -> Optional[model.Package]:
        if group.name:
            package = model.Package.get(group.name)
        elif group.row is not None and group.row.values.get("title"):
            package = (model.Session.query(model.Package)
                       .filter(model.Package.title == group.row.values["title"],
                               model.Package.owner_org == self.organization["id"],
                               model.Package.state == "active").first())
        else:
            package = None
        if package is not None and package.state == "deleted":
            return None  # package_create reports the name as taken
        return package

    def _import(self, group: _Group) -> None:
        package = self._existing(group)
        if package is not None and package.owner_org != self.organization["id"]:
            return self._fail(group, _both(MSG_DATASET_OF_OTHER_ORGANIZATION,
                                           value=group.name), key="name")
        if group.row is None and package is None:
            for _row, report in group.resources:
                report.problem(template.DATASET_REF, _both(MSG_NO_DATASET, value=group.name),
                               self.resource_labels)
            return None
        existing = self._show(package.id) if package is not None else None
        if group.row is None and existing is not None and \
                any(r.data_type != existing.get("data_type") for r, _ in group.resources):
            return self._fail(group, _both(MSG_WRONG_SHEET, value=group.name, sheet=(
                template.META_PREFIX + template.SHEET_SUFFIX.get(
                    existing.get("data_type") or "", ""))), key=template.DATASET_REF)
        data, positions = self._merge(group, existing)
        action = "package_update" if existing is not None else "package_create"
        result, errors = self._save(action, data)
        if errors is not None:
            model.Session.rollback()
            thai = self._errors_in_thai(action, data)
            return self._invalid(group, errors, thai, positions)
        unchanged = existing is not None and _comparable(existing) == _comparable(result)
        if self.dry_run or unchanged:
            model.Session.rollback()
        else:
            _index_before_commit(result["id"], self.user)
            model.repo.commit()
        status = UNCHANGED if unchanged else (UPDATED if existing is not None else CREATED)
        for report in self._reports_of(group):
            report.status = status
        return None

    def _show(self, id_: str) -> dict[str, Any]:
        return tk.get_action("package_show")({"user": self.user, "use_cache": False},
                                             {"id": id_})

    def _merge(self, group: _Group, existing: Optional[dict[str, Any]]
               ) -> tuple[dict[str, Any], dict[int, RowReport]]:
        if existing is not None:
            data = copy.deepcopy(existing)
        else:
            # The standard: imported datasets start private, without consent
            # to harvest, until a steward reviews them.
            data = {"private": True, "allow_harvest": False, "resources": []}
        if group.row is not None:
            values = {k: v for k, v in group.row.values.items() if k != template.ORGANIZATION}
            if existing is not None and values.get("name") in (existing["id"], None):
                values.pop("name", None)  # matched by id, or by title: keep the name
            if "tag_string" in values:
                data.pop("tags", None)  # replaced, not added to
            data.update(values)
            data["data_type"] = group.row.data_type
        data["owner_org"] = self.organization["id"]
        resources = data.setdefault("resources", [])
        positions: dict[int, RowReport] = {}
        for row, report in group.resources:
            values = {k: v for k, v in row.values.items() if k != template.DATASET_REF}
            index = _matching_resource(resources, values)
            if index is None:
                resources.append(values)
                index = len(resources) - 1
            else:
                resources[index].update(values)
            positions[index] = report
        return data, positions

    def _save(self, action: str, data: dict[str, Any]
              ) -> tuple[Optional[dict[str, Any]], Optional[dict[str, Any]]]:
        # Committed or rolled back by the caller, once it knows which. With
        # ``return_id_only`` the action returns as soon as it has saved:
        # CKAN 2.12's package_update would otherwise roll back its own
        # savepoint when the commit is deferred.
        context = {"user": self.user, "defer_commit": True, "return_id_only": True}
        try:
            with in_language("en"):
                package_id = tk.get_action(action)(context, copy.deepcopy(data))
                return self._show(package_id), None
        except tk.ValidationError as error:
            return None, error.error_dict
        except tk.NotAuthorized:
            return None, {_GENERAL: [tk._(MSG_NOT_ALLOWED)]}

    def _errors_in_thai(self, action: str, data: dict[str, Any]) -> dict[str, Any]:
        context = {"user": self.user, "defer_commit": True, "return_id_only": True}
        try:
            with in_language("th"):
                tk.get_action(action)(context, copy.deepcopy(data))
        except tk.ValidationError as error:
            return error.error_dict
        except tk.NotAuthorized:
            with in_language("th"):
                return {_GENERAL: [tk._(MSG_NOT_ALLOWED)]}
        finally:
            model.Session.rollback()
        return {}

    # -- reporting ---------------------------------------------------------

    def _reports_of(self, group: _Group) -> list[RowReport]:
        return ([group.report] if group.report else []) + [r for _, r in group.resources]

    def _fail(self, group: _Group, message: dict[str, str], key: str = _GENERAL) -> None:
        for report in self._reports_of(group):
            report.status = INVALID
            report.problem(key, message, self.dataset_labels)

    def _invalid(self, group: _Group, english: dict[str, Any], thai: dict[str, Any],
                 positions: dict[int, RowReport]) -> None:
        target = group.report
        for key, messages in english.items():
            if key == "resources" and isinstance(messages, list):
                thai_list = thai.get("resources") if isinstance(thai.get("resources"), list) else []
                for index, errors in enumerate(messages):
                    if not errors:
                        continue
                    report = positions.get(index) or target
                    thai_errors = thai_list[index] if index < len(thai_list) else {}
                    for res_key, texts in errors.items():
                        self._add(report, res_key, texts, (thai_errors or {}).get(res_key),
                                  self.resource_labels, group)
                continue
            self._add(target, key, messages, thai.get(key), self.dataset_labels, group)
        for report in self._reports_of(group):
            report.status = INVALID
            if report is not target and not report.problems:
                report.problem(_GENERAL, _both(MSG_DATASET_INVALID), self.dataset_labels)

    def _add(self, report: Optional[RowReport], key: str, english: Any, thai: Any,
             labels: dict[str, Any], group: _Group) -> None:
        if report is None:  # resource rows only: the dataset's own errors
            report = group.resources[0][1]
        english_texts = _texts(english)
        thai_texts = _texts(thai)
        for index, text in enumerate(english_texts):
            report.problem(key, {"en": text,
                                 "th": thai_texts[index] if index < len(thai_texts) else text},
                           labels)

    def _summary(self) -> dict[str, Any]:
        counts = {status: 0 for status in (CREATED, UPDATED, UNCHANGED, INVALID, SKIPPED)}
        for report in self.reports:
            if report.resource is None:
                counts[report.status] += 1
        invalid_rows = sum(1 for r in self.reports if r.status == INVALID)
        return {
            "dry_run": self.dry_run,
            "organization": self.organization["name"],
            "rows": len(self.reports),
            "invalid_rows": invalid_rows,
            "datasets": counts,
            "report": [r.as_dict(self.dry_run) for r in self.reports],
        }


def _index_before_commit(package_id: str, user: str) -> None:
    """CKAN 2.12 actions index a dataset themselves, except with
    ``defer_commit``, which leaves it to the caller; CKAN 2.11 indexes at
    commit. Either way the index row is written in the dataset's
    transaction."""
    from ckan import logic
    if hasattr(logic, "index_update_package_dicts"):  # CKAN 2.12
        logic.index_update_package_dicts(
            logic.package_show_default_and_custom_schemas({"user": user}, package_id))


def _texts(messages: Any) -> list[str]:
    if messages is None:
        return []
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, dict):
        return [f"{k}: {t}" for k, v in messages.items() for t in _texts(v)]
    return [t for m in messages for t in _texts(m)]


def _matching_resource(resources: list[dict[str, Any]], values: dict[str, Any]) -> Optional[int]:
    for key in ("name", "url"):
        wanted = values.get(key)
        if wanted:
            for index, resource in enumerate(resources):
                if resource.get(key) == wanted:
                    return index
    return None


def _sheet_order(name: str) -> int:
    names = [s.name for s in template.sheets()]
    return names.index(name) if name in names else len(names)


def _comparable(dataset: Optional[dict[str, Any]]) -> Any:
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in _IGNORED_IN_COMPARISON}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    return clean(dataset)


def run(rows: list[Row], organization: dict[str, Any], user: str, dry_run: bool = False,
        progress: Optional[Progress] = None) -> dict[str, Any]:
    """Import ``rows`` into ``organization`` as ``user``; the report lists
    every row with its status and problems (Thai and English)."""
    return Importer(organization, user, dry_run, progress).run(rows)

"""The import stage: write one record's dataset, or withdraw one.

Which dataset a record updates is decided by its row in
``gdcatalog_harvest_record`` (by guid), never by the dataset's name; a
record, or its identifier, already harvested from another source is an
error of this object, not a second dataset. The record and the harvest
object are written first (their keys to the dataset are checked at
commit), so that the commit of package_create / package_update writes the
dataset, its object and its record together.
"""
from __future__ import annotations

import copy
import json
import logging
import uuid
from typing import Any, Optional

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.harvest.model import HarvestObject

from ckanext.gdcatalog.dberror import reason
from ckanext.gdcatalog.harvest import gather, messages, options, store
from ckanext.gdcatalog.schema import slug

log = logging.getLogger(__name__)


def _extra(obj: Any, key: str) -> Optional[str]:
    return next((e.value for e in obj.extras if e.key == key), None)


def _package_state(package_id: str) -> Optional[str]:
    return model.Session.execute(sa.select(model.package_table.c.state).where(
        model.package_table.c.id == package_id)).scalar()


def _source_title(source_id: str) -> str:
    package = model.Package.get(source_id)
    return package.title or package.name if package else source_id


def _worth_retrying(error: BaseException) -> bool:
    """A dropped connection, or a dataset name taken by a concurrent writer."""
    if isinstance(error, sa.exc.DBAPIError):
        if error.connection_invalidated:
            return True
        diag = getattr(error.orig, "diag", None)
        return getattr(diag, "constraint_name", None) == "package_name_key"
    return False


class _Import:
    def __init__(self, harvester: Any, obj: Any) -> None:
        self.harvester, self.obj = harvester, obj
        self.source_id = obj.harvest_source_id or obj.source.id

    def error(self, template: str, **values: Any) -> bool:
        self.harvester._save_object_error(messages.english(template, **values), self.obj,
                                          "Import")
        return False

    def context(self) -> dict[str, Any]:
        return {"user": self.harvester._get_user_name(), "ignore_auth": True,
                "return_id_only": True}

    # -- withdrawal ------------------------------------------------------------

    def withdraw(self) -> bool:
        if options.withdraw_mode() == options.WITHDRAW_DELETE and self.obj.package_id:
            try:
                tk.get_action("package_delete")(self.context(), {"id": self.obj.package_id})
            except tk.ObjectNotFound:
                pass  # deleted or purged here already
        store.withdraw(self.obj.guid, store.now())
        model.Session.commit()
        return True

    # -- create or update -------------------------------------------------------

    def existing(self, provenance: dict[str, Any]) -> tuple[bool, Optional[str]]:
        """(may import, id of the dataset to update)."""
        guid = self.obj.guid
        record = store.get(guid)
        if record and record["source_id"] != self.source_id \
                and _package_state(record["package_id"]) == "active":
            return self.error(messages.MSG_DUPLICATE, guid=guid,
                              source=_source_title(record["source_id"]),
                              dataset=record["package_id"]), None
        identifier = provenance.get("identifier")
        if identifier and identifier != guid:
            other = store.by_identifier(identifier, self.source_id)
            if other and _package_state(other["package_id"]) == "active":
                return self.error(messages.MSG_DUPLICATE_IDENTIFIER, identifier=identifier,
                                  guid=guid, source=_source_title(other["source_id"]),
                                  dataset=other["package_id"]), None
        if record and _package_state(record["package_id"]) is not None:
            return True, record["package_id"]
        # No record (a dataset harvested before records were kept): the guid
        # extra ckanext-dcat's harvester wrote, if that dataset is ours.
        for (package_id,) in self.harvester._read_datasets_from_db(guid):
            owner = model.Session.query(HarvestObject.harvest_source_id).filter(
                HarvestObject.package_id == package_id).first()
            if owner and owner[0] != self.source_id:
                return self.error(messages.MSG_DUPLICATE, guid=guid,
                                  source=_source_title(owner[0]), dataset=package_id), None
            return True, package_id
        return True, None

    def run(self) -> Any:
        obj = self.obj
        if _extra(obj, gather.STATUS) == "delete":
            return self.withdraw()
        if not obj.content:
            return self.error(messages.MSG_IMPORT_FAILED, guid=obj.guid, error="no content")
        dataset = json.loads(obj.content)
        provenance = json.loads(_extra(obj, gather.PROVENANCE) or "{}")
        record_digest = _extra(obj, gather.DIGEST) or ""
        allowed, package_id = self.existing(provenance)
        if not allowed:
            return False
        dataset = self.harvester.modify_package_dict(dataset, {}, obj)
        save = (obj.guid, self.source_id, record_digest, provenance)
        # One more try when the database connection dropped, or another
        # writer took the dataset's name between our check and our insert:
        # both pass on a second attempt, and the record should not wait for
        # the next harvest.
        for attempt in (1, 2):
            try:
                if package_id:
                    self.update(package_id, copy.deepcopy(dataset), save)
                elif self.create(copy.deepcopy(dataset), save) is None:
                    return False
                return True
            except tk.ValidationError as error:
                model.Session.rollback()
                summary = getattr(error, "error_summary", None) or error.error_dict
                return self.error(messages.MSG_INVALID, guid=obj.guid,
                                  errors="; ".join(f"{k}: {v}" for k, v in summary.items())
                                  if isinstance(summary, dict) else str(summary))
            except Exception as error:  # one bad record must not stop the job
                model.Session.rollback()
                if attempt == 1 and _worth_retrying(error):
                    log.warning("Importing %s failed (%s); trying once more", obj.guid,
                                reason(error))
                    continue
                log.exception("Importing %s failed", obj.guid)
                return self.error(messages.MSG_IMPORT_FAILED, guid=obj.guid,
                                  error=f"{type(error).__name__}: {reason(error)}"[:1000])
        return False

    def make_current(self, package_id: str) -> None:
        model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_source_id == self.source_id,
            HarvestObject.guid == self.obj.guid, HarvestObject.current.is_(True),
            HarvestObject.id != self.obj.id).update({"current": False},
                                                    synchronize_session=False)
        self.obj.current = True
        self.obj.package_id = package_id
        model.Session.add(self.obj)

    @staticmethod
    def save_record(package_id: str, save: tuple[Any, ...]) -> None:
        guid, source_id, record_digest, provenance = save
        store.save(guid, source_id, package_id, record_digest, provenance, store.now())

    def update(self, package_id: str, dataset: dict[str, Any], save: tuple[Any, ...]) -> None:
        existing = tk.get_action("package_show")(
            {"ignore_auth": True, "user": self.harvester._get_user_name()}, {"id": package_id})
        dataset["id"], dataset["name"] = existing["id"], existing["name"]
        dataset["state"] = "active"  # a withdrawn record that came back
        by_uri = {r.get("uri"): r.get("id") for r in existing.get("resources", [])
                  if r.get("uri")}
        for resource in dataset.get("resources") or []:
            if resource.get("uri") in by_uri:
                resource["id"] = by_uri[resource["uri"]]
        temp: dict[str, Any] = {}
        for hook in p.PluginImplementations(IDCATRDFHarvester):
            hook.before_update(self.obj, dataset, temp)
        self.make_current(package_id)
        self.save_record(package_id, save)
        tk.get_action("package_update")(self.context(), dataset)
        for hook in p.PluginImplementations(IDCATRDFHarvester):
            err = hook.after_update(self.obj, dataset, temp)
            if err:
                raise RuntimeError(err)

    def create(self, dataset: dict[str, Any], save: tuple[Any, ...]) -> Optional[str]:
        base = dataset.get("name") or slug.slugify_title(dataset.get("title") or "") \
            or slug.slugify_title(self.obj.guid)
        name = slug.unique_name(base)
        if not name:
            self.error(messages.MSG_NO_NAME, guid=self.obj.guid)
            return None
        dataset["name"] = name
        dataset["id"] = str(uuid.uuid4())
        temp: dict[str, Any] = {}
        for hook in p.PluginImplementations(IDCATRDFHarvester):
            hook.before_create(self.obj, dataset, temp)
        # The object names the dataset before it exists, so that indexing
        # (ckanext-harvest's hooks) finds the dataset's source.
        model.Session.execute(sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))
        self.make_current(dataset["id"])
        self.save_record(dataset["id"], save)
        model.Session.flush()
        tk.get_action("package_create")(self.context(), dataset)
        for hook in p.PluginImplementations(IDCATRDFHarvester):
            err = hook.after_create(self.obj, dataset, temp)
            if err:
                raise RuntimeError(err)
        return dataset["id"]


def import_object(harvester: Any, obj: Any) -> Any:
    return _Import(harvester, obj).run()



"""The gather stage: read every page of a source, one at a time.

Each page is fetched through ``registry/urlsafety.py`` (every redirect
checked, size and time limited) and parsed once by ``dcat/safe_parse.py``;
ckanext-dcat's profiles turn it into dataset dicts. A record whose digest
equals the one its dataset was last written from gets a finished harvest
object at once (counted as unchanged, never queued). A page whose bytes did
not change since it was last read whole, none of whose datasets changed
here since, is not even parsed (``gdcatalog_harvest_page``): an unchanged
source costs its reads. Datasets are withdrawn only when every page was
read and the number of records matches what the source declares
(hydra:totalItems): a failed page, a paging loop or a source whose paging
changed while it was read never withdraws anything. A source that lists
none of its records, or would lose more than a share of them at once, is
held back until the next complete read confirms it (``shrink.py``).
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Optional

import ckan.plugins as p
import sqlalchemy as sa
from ckan import model
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.dcat.processors import RDFParser
from ckanext.harvest.model import HarvestObject, HarvestObjectExtra
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from ckanext.gdcatalog.dcat import safe_parse
from ckanext.gdcatalog.harvest import digest, messages, options, shrink, store
from ckanext.gdcatalog.registry import urlsafety

log = logging.getLogger(__name__)

HYDRA_TOTAL = URIRef("http://www.w3.org/ns/hydra/core#totalItems")
ACCEPT = ("text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, "
          "application/n-triples;q=0.7, */*;q=0.1")
DIGEST, PROVENANCE, STATUS = "gdc_digest", "gdc_provenance", "status"


def _other_hooks() -> list[Any]:
    """IDCATRDFHarvester plugins other than ours: our URL and parsing checks
    are done here already (and better: redirects, one parse)."""
    from ckanext.gdcatalog.plugin import GdcatalogPlugin
    return [h for h in p.PluginImplementations(IDCATRDFHarvester)
            if not isinstance(h, GdcatalogPlugin)]


class _Gather:
    def __init__(self, harvester: Any, job: Any) -> None:
        self.harvester, self.job = harvester, job
        self.source = job.source
        self.config = self.source.config or ""
        try:
            self.rdf_format = json.loads(self.config or "{}").get("rdf_format")
        except ValueError:
            self.rdf_format = None
        package = model.Package.get(self.source.id)
        self.owner_org = package.owner_org if package else None
        self.source_url = package.url if package else self.source.url
        self.seen: set[str] = set()
        self.complete = True
        self.declared_total: Optional[int] = None
        self.object_ids: list[str] = []
        self.errors = 0

    def error(self, template: str, **values: Any) -> None:
        self.errors += 1
        self.harvester._save_gather_error(messages.english(template, **values), self.job)

    # -- pages -----------------------------------------------------------------

    def run(self) -> list[str]:
        url: Optional[str] = self.source.url
        visited: set[str] = set()
        previous_hash = None
        while url:
            if url in visited:
                self.error(messages.MSG_PAGE_LOOP, url=url)
                self.complete = False
                break
            visited.add(url)
            fetched = self.fetch_page(url)
            if fetched is None:
                self.complete = False
                break
            body_hash = hashlib.sha256(fetched.body).digest()
            if body_hash == previous_hash:  # a source that ignores the page asked
                self.error(messages.MSG_PAGE_LOOP, url=url)
                self.complete = False
                break
            previous_hash = body_hash
            page_digest = self.page_digest(fetched.body)
            unchanged = self.take_unchanged_page(url, page_digest)
            if unchanged is not None:
                model.Session.commit()
                url = unchanged
                continue
            parser = self.parse_page(url, fetched)
            if parser is None:
                self.complete = False
                break
            errors = self.errors
            records, declared = self.take_page(parser)
            if self.errors == errors:  # a page with errors is read whole every time
                store.save_page(self.source.id, url, page_digest, records,
                                parser.next_page(), declared)
            else:
                store.forget_page(self.source.id, url)
            model.Session.commit()
            url = parser.next_page()
        if self.complete and self.declared_total is not None \
                and len(self.seen) < self.declared_total:
            self.error(messages.MSG_FEWER_THAN_DECLARED, total=self.declared_total,
                       read=len(self.seen))
            self.complete = False
        shrink.release(self.source.id, self.seen)
        if self.complete:
            self.withdraw_missing()
        else:
            self.error(messages.MSG_INCOMPLETE)
        model.Session.commit()
        return self.object_ids

    def fetch_page(self, url: str) -> Optional[Any]:
        """The page's response, or None (the error is recorded)."""
        for hook in _other_hooks():
            url, errors = hook.before_download(url, self.job)
            for message in errors:
                self.harvester._save_gather_error(message, self.job)
            if not url:
                return None
        try:
            response = urlsafety.fetch(url, accept=ACCEPT, timeout=options.fetch_timeout())
        except urlsafety.RefusedURL as error:
            self.harvester._save_gather_error(str(error), self.job)
            return None
        if response.status != 200:
            self.error(messages.MSG_HTTP_STATUS, url=url, status=response.status)
            return None
        return response

    def page_digest(self, body: bytes) -> str:
        """The bytes with what decides how they are read: the same digest
        means the same records would be read from the page."""
        reading = f"{digest.VERSION}\0{self.config}\0{self.rdf_format or ''}\0".encode("utf-8")
        return hashlib.sha256(reading + body).hexdigest()

    def take_unchanged_page(self, url: str, page_digest: str) -> Optional[str]:
        """A page whose bytes did not change since it was last read whole,
        none of whose records changed here since (each dataset still active
        and written from the same record): its records are unchanged
        without parsing it. Returns where the page leads ("" at the last
        page), or None to read it whole."""
        if _other_hooks():  # their after_download / after_parsing must run
            return None
        stored = store.page(self.source.id, url)
        if stored is None or stored["digest"] != page_digest:
            return None
        records: dict[str, str] = stored["records"]
        if any(guid in self.seen for guid in records):
            return None  # the paging shifted: read it as the rest is read
        known = store.unchanged_candidates(self.source.id, records)
        if any(known.get(guid) != record_digest for guid, record_digest in records.items()):
            return None
        self.seen.update(records)
        if stored["declared_total"] is not None:
            self.declared_total = stored["declared_total"]
        if records:
            self.finish_unchanged(list(records), store.now())
        return stored["next_url"] or ""

    def parse_page(self, url: str, response: Any) -> Optional[RDFParser]:
        try:
            text = response.body.decode("utf-8")
        except UnicodeDecodeError:
            self.error(messages.MSG_NOT_UTF8, url=url)
            return None
        for hook in _other_hooks():
            text, errors = hook.after_download(text, self.job)
            for message in errors:
                self.harvester._save_gather_error(message, self.job)
            if not text:
                return None
        fmt = self.rdf_format or (response.content_type
                                  if response.content_type in safe_parse.FORMATS else None)
        try:
            graph = safe_parse.parse(text, fmt, base=response.url)
        except safe_parse.UnsafeRDFError as error:
            self.error(messages.MSG_PARSE, url=url, error=str(error))
            return None
        parser = RDFParser()
        parser.g = graph
        for hook in _other_hooks():
            parser, errors = hook.after_parsing(parser, self.job)
            for message in errors:
                self.harvester._save_gather_error(message, self.job)
            if not parser:
                return None
        return parser

    # -- records ---------------------------------------------------------------

    def take_page(self, parser: RDFParser) -> tuple[dict[str, str], Optional[int]]:
        """The page's records: unchanged ones finished, the others queued.
        Returns each record's guid with its digest, and the total the page
        declares."""
        graph = parser.g
        declared = None
        for total in graph.objects(None, HYDRA_TOTAL):
            try:
                declared = self.declared_total = int(total)
            except ValueError:
                pass
        catalog = _catalog(graph)
        page: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {}
        for dataset in parser.datasets():
            if not dataset.get("owner_org") and self.owner_org:
                dataset["owner_org"] = self.owner_org
            guid = self.harvester._get_guid(dataset, source_url=self.source_url)
            if not guid:
                self.error(messages.MSG_NO_GUID, title=dataset.get("title") or "?")
                continue
            if guid in self.seen:
                continue  # the paging shifted: the record was read already
            self.seen.add(guid)
            provenance = _provenance(self.harvester, graph, dataset, catalog)
            page[guid] = (dataset, provenance,
                          digest.record_digest(dataset, provenance, self.config))
        if not page:
            return {}, declared
        known = store.unchanged_candidates(self.source.id, page)
        unchanged = [guid for guid, (_, _, d) in page.items() if known.get(guid) == d]
        now = store.now()
        if unchanged:
            self.finish_unchanged(unchanged, now)
        for guid, (dataset, provenance, record_digest) in page.items():
            if guid in known and known[guid] == record_digest:
                continue
            obj = HarvestObject(guid=guid, job=self.job, harvest_source_id=self.source.id,
                                content=json.dumps(dataset), extras=[
                                    HarvestObjectExtra(key=DIGEST, value=record_digest),
                                    HarvestObjectExtra(key=PROVENANCE,
                                                       value=json.dumps(provenance))])
            model.Session.add(obj)
            model.Session.flush()
            self.object_ids.append(obj.id)
        return {guid: record_digest for guid, (_, _, record_digest) in page.items()}, declared

    def finish_unchanged(self, guids: list[str], now: Any) -> None:
        """Finished objects for unchanged records, without a queue round
        trip: they become the current objects of their guids, and only the
        records' time of last harvest moves (the datasets stay put)."""
        objects = model.Session.query(HarvestObject.guid, HarvestObject.package_id).filter(
            HarvestObject.harvest_source_id == self.source.id,
            HarvestObject.guid.in_(guids), HarvestObject.current.is_(True)).all()
        package_of = {guid: package_id for guid, package_id in objects}
        records = {}
        if len(package_of) < len(guids):  # a cleared history: ask the records
            rows = model.Session.execute(
                sa.select(store.record_table.c.guid, store.record_table.c.package_id)
                .where(store.record_table.c.guid.in_(guids)))
            records = dict(rows.all())
        model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_source_id == self.source.id,
            HarvestObject.guid.in_(guids), HarvestObject.current.is_(True)
        ).update({"current": False}, synchronize_session=False)
        model.Session.add_all(HarvestObject(
            guid=guid, job=self.job, harvest_source_id=self.source.id,
            package_id=package_of.get(guid) or records.get(guid), current=True,
            state="COMPLETE", report_status="not modified", gathered=now,
            import_finished=now) for guid in guids)
        store.touch(guids, now)

    def withdraw_missing(self) -> None:
        live = list(store.live_records(self.source.id))
        missing = [(guid, package_id) for guid, package_id in live if guid not in self.seen]
        held = shrink.hold(self.source.id, len(live), [guid for guid, _ in missing], self.seen)
        if held is not None:
            self.error(held[0], **held[1])
            return
        for guid, package_id in missing:
            model.Session.query(HarvestObject).filter(
                HarvestObject.harvest_source_id == self.source.id,
                HarvestObject.guid == guid, HarvestObject.current.is_(True)
            ).update({"current": False}, synchronize_session=False)
            obj = HarvestObject(guid=guid, job=self.job, harvest_source_id=self.source.id,
                                package_id=package_id,
                                extras=[HarvestObjectExtra(key=STATUS, value="delete")])
            model.Session.add(obj)
            model.Session.flush()
            self.object_ids.append(obj.id)


def _catalog(graph: Graph) -> dict[str, Optional[str]]:
    ref = next(iter(graph.subjects(RDF.type, DCAT.Catalog)), None)
    if ref is None:
        return {"catalog_uri": None, "catalog_title": None}
    titles = list(graph.objects(ref, DCTERMS.title))
    title = next((t for t in titles if getattr(t, "language", None) == "th"), None) \
        or (titles[0] if titles else None)
    return {"catalog_uri": str(ref) if isinstance(ref, URIRef) else None,
            "catalog_title": str(title) if title is not None else None}


def _provenance(harvester: Any, graph: Graph, dataset: dict[str, Any],
                catalog: dict[str, Optional[str]]) -> dict[str, Any]:
    uri = harvester._get_dict_value(dataset, "uri")
    ref = URIRef(uri) if uri else None
    landing = graph.value(ref, DCAT.landingPage) if ref is not None else None
    modified = graph.value(ref, DCTERMS.modified) if ref is not None else None
    identifier = harvester._get_dict_value(dataset, "identifier")
    return {"uri": uri, "identifier": str(identifier) if identifier else None,
            "landing_page": str(landing) if landing is not None else dataset.get("url"),
            "source_modified": str(modified) if modified is not None else None, **catalog}


def gather(harvester: Any, job: Any) -> list[str]:
    return _Gather(harvester, job).run()

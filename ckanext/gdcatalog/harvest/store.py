"""The table of harvested records (``gdcatalog_harvest_record``, created by
the gdcatalog migrations): for each source record (its guid: URI, else
identifier) the dataset it maps to, the digest of what was last imported
and its provenance. Written on CKAN's session, in the caller's transaction.

The record, not ckanext-harvest's objects, decides which dataset a record
updates: it survives a cleared harvest history and a renamed dataset, and
its primary key makes a second dataset for the same guid impossible."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ckan import model

_metadata = sa.MetaData()

record_table = sa.Table(
    "gdcatalog_harvest_record", _metadata,
    sa.Column("guid", sa.Text, primary_key=True),
    sa.Column("source_id", sa.Text, nullable=False),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("identifier", sa.Text),
    sa.Column("uri", sa.Text),
    sa.Column("landing_page", sa.Text),
    sa.Column("catalog_uri", sa.Text),
    sa.Column("catalog_title", sa.Text),
    sa.Column("source_modified", sa.Text),
    sa.Column("digest", sa.Text, nullable=False),
    sa.Column("first_harvested", sa.DateTime, nullable=False),
    sa.Column("last_harvested", sa.DateTime, nullable=False),
    sa.Column("last_changed", sa.DateTime, nullable=False),
    sa.Column("withdrawn", sa.DateTime),
    # when a run held back its withdrawal (shrink.py); cleared when it is
    # seen again or withdrawn
    sa.Column("withdrawal_held", sa.DateTime),
)

# What each page of a source held when it was last read whole.
page_table = sa.Table(
    "gdcatalog_harvest_page", _metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("digest", sa.Text, nullable=False),
    sa.Column("records", JSONB, nullable=False),
    sa.Column("next_url", sa.Text),
    sa.Column("declared_total", sa.Integer),
    sa.Column("read_at", sa.DateTime, nullable=False),
)

PROVENANCE_KEYS = ("identifier", "uri", "landing_page", "catalog_uri", "catalog_title",
                   "source_modified")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def get(guid: str) -> Optional[dict[str, Any]]:
    row = model.Session.execute(
        sa.select(record_table).where(record_table.c.guid == guid)).mappings().first()
    return dict(row) if row else None


def by_identifier(identifier: str, other_than_source: str) -> Optional[dict[str, Any]]:
    """A record of another source with this identifier, if any."""
    row = model.Session.execute(
        sa.select(record_table).where(record_table.c.identifier == identifier)
        .where(record_table.c.source_id != other_than_source)).mappings().first()
    return dict(row) if row else None


def for_package(package_id: str) -> Optional[dict[str, Any]]:
    row = model.Session.execute(
        sa.select(record_table).where(record_table.c.package_id == package_id)
        .order_by(record_table.c.last_harvested.desc())).mappings().first()
    return dict(row) if row else None


def unchanged_candidates(source_id: str, guids: Iterable[str]) -> dict[str, str]:
    """guid → digest for the records of ``source_id`` among ``guids`` whose
    dataset is active and which are not withdrawn: only these may be left
    alone when their digest matches."""
    guids = list(guids)
    if not guids:
        return {}
    rows = model.Session.execute(
        sa.select(record_table.c.guid, record_table.c.digest)
        .select_from(record_table.join(model.package_table,
                                       model.package_table.c.id == record_table.c.package_id))
        .where(record_table.c.source_id == source_id)
        .where(record_table.c.guid.in_(guids))
        .where(record_table.c.withdrawn.is_(None))
        .where(model.package_table.c.state == "active"))
    return {guid: digest for guid, digest in rows}


def touch(guids: Iterable[str], when: dt.datetime) -> None:
    """Seen again unchanged: only the time of the last harvest moves."""
    guids = list(guids)
    if guids:
        model.Session.execute(record_table.update().where(record_table.c.guid.in_(guids))
                              .values(last_harvested=when))


def live_records(source_id: str) -> Iterable[tuple[str, str]]:
    """(guid, package_id) of the records of a source not yet withdrawn."""
    return model.Session.execute(
        sa.select(record_table.c.guid, record_table.c.package_id)
        .where(record_table.c.source_id == source_id)
        .where(record_table.c.withdrawn.is_(None))).all()


def save(guid: str, source_id: str, package_id: str, digest: str,
         provenance: dict[str, Any], when: dt.datetime) -> None:
    """Insert or update the record of ``guid`` after its dataset was written."""
    values = {key: provenance.get(key) for key in PROVENANCE_KEYS}
    values.update(source_id=source_id, package_id=package_id, digest=digest,
                  last_harvested=when, last_changed=when, withdrawn=None,
                  withdrawal_held=None)
    updated = model.Session.execute(
        record_table.update().where(record_table.c.guid == guid).values(**values))
    if not updated.rowcount:
        model.Session.execute(record_table.insert().values(
            guid=guid, first_harvested=when, **values))


def withdraw(guid: str, when: dt.datetime) -> None:
    model.Session.execute(record_table.update().where(record_table.c.guid == guid)
                          .values(withdrawn=when, last_harvested=when, withdrawal_held=None))


def held(source_id: str) -> set[str]:
    """The guids of a source's records whose withdrawal is held back."""
    return set(model.Session.execute(
        sa.select(record_table.c.guid).where(record_table.c.source_id == source_id)
        .where(record_table.c.withdrawal_held.isnot(None))).scalars())


def set_held(guids: Iterable[str], when: Optional[dt.datetime]) -> None:
    """Hold back the withdrawal of ``guids`` (``when``), or release it (None)."""
    guids = list(guids)
    if guids:
        model.Session.execute(record_table.update().where(record_table.c.guid.in_(guids))
                              .values(withdrawal_held=when))


def page(source_id: str, url: str) -> Optional[dict[str, Any]]:
    row = model.Session.execute(sa.select(page_table).where(
        page_table.c.source_id == source_id, page_table.c.url == url)).mappings().first()
    return dict(row) if row else None


def save_page(source_id: str, url: str, digest: str, records: dict[str, str],
              next_url: Optional[str], declared_total: Optional[int]) -> None:
    """What a page read whole held: its digest, each record's guid with the
    digest of the record, where it led and the total it declared."""
    values = dict(digest=digest, records=records, next_url=next_url,
                  declared_total=declared_total, read_at=now())
    updated = model.Session.execute(page_table.update().where(
        page_table.c.source_id == source_id, page_table.c.url == url).values(**values))
    if not updated.rowcount:
        model.Session.execute(page_table.insert().values(source_id=source_id, url=url, **values))


def forget_page(source_id: str, url: str) -> None:
    model.Session.execute(page_table.delete().where(
        page_table.c.source_id == source_id, page_table.c.url == url))

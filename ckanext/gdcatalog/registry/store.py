"""The registry's tables (created by the gdcatalog migrations), read and
written on CKAN's session so that an application and its log change in the
transaction of the action that changes them."""
from __future__ import annotations

import datetime
import uuid
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ckan import model

from ckanext.gdcatalog.identifiers import findable

PENDING, APPROVED, REJECTED, SUSPENDED, WITHDRAWN = (
    "pending", "approved", "rejected", "suspended", "withdrawn")
STATES = (PENDING, APPROVED, REJECTED, SUSPENDED, WITHDRAWN)

_metadata = sa.MetaData()

application_table = sa.Table(
    "gdcatalog_registry_application", _metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("catalog_url", sa.Text, nullable=False),
    sa.Column("dcat_url", sa.Text),
    sa.Column("organization_id", sa.Text),
    sa.Column("new_organization", JSONB, nullable=False),
    sa.Column("contact_name", sa.Text, nullable=False),
    sa.Column("contact_email", sa.Text, nullable=False),
    sa.Column("contact_phone", sa.Text, nullable=False),
    sa.Column("harvest_frequency", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("applicant_id", sa.Text, nullable=False),
    sa.Column("harvest_source_id", sa.Text),
    sa.Column("check_result", JSONB),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("modified", sa.DateTime, nullable=False),
)

transition_table = sa.Table(
    "gdcatalog_registry_transition", _metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("application_id", sa.Text, nullable=False),
    sa.Column("from_state", sa.Text),
    sa.Column("to_state", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)


def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


def _row(row: Any) -> dict[str, Any]:
    result = dict(row._mapping)
    for key in ("created", "modified", "at"):
        if isinstance(result.get(key), datetime.datetime):
            result[key] = result[key].isoformat()
    return result


def create(values: dict[str, Any], user_id: str) -> dict[str, Any]:
    """A new pending application, with the first entry of its log."""
    now = _now()
    row = {"id": str(uuid.uuid4()), "state": PENDING, "created": now, "modified": now,
           "dcat_url": None, "organization_id": None, "new_organization": {},
           "contact_name": "", "contact_email": "", "contact_phone": "",
           "harvest_frequency": "WEEKLY", "notes": "", "harvest_source_id": None,
           "check_result": None, **values, "applicant_id": user_id}
    model.Session.execute(application_table.insert().values(**row))
    _log(row["id"], None, PENDING, user_id, "", now)
    return get(row["id"]) or row


def get(application_id: str) -> Optional[dict[str, Any]]:
    if not findable(application_id):
        return None
    row = model.Session.execute(
        application_table.select().where(application_table.c.id == application_id)).first()
    return _row(row) if row else None


def transitions(application_id: str) -> list[dict[str, Any]]:
    rows = model.Session.execute(
        transition_table.select().where(transition_table.c.application_id == application_id)
        .order_by(transition_table.c.id))
    return [_row(r) for r in rows]


def search(*, states: Iterable[str] = (), visible_to: Optional[tuple[str, list[str]]] = None,
           limit: int = 100, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Applications, newest first. ``visible_to``: (user id, ids of the
    organizations the user administers) — only theirs; None: all."""
    where = []
    states = list(states)
    if states:
        where.append(application_table.c.state.in_(states))
    if visible_to is not None:
        user_id, org_ids = visible_to
        mine = application_table.c.applicant_id == user_id
        where.append(sa.or_(mine, application_table.c.organization_id.in_(org_ids))
                     if org_ids else mine)
    condition = sa.and_(sa.true(), *where)
    total = model.Session.execute(
        sa.select(sa.func.count()).select_from(application_table).where(condition)).scalar()
    rows = model.Session.execute(
        application_table.select().where(condition)
        .order_by(application_table.c.created.desc(), application_table.c.id)
        .limit(limit).offset(offset))
    return int(total or 0), [_row(r) for r in rows]


def active_with_url(catalog_url: str) -> bool:
    """Whether an application for this URL is pending, approved or suspended
    (trailing slashes and case of the host do not count)."""
    key = _url_key(catalog_url)
    rows = model.Session.execute(
        sa.select(application_table.c.catalog_url)
        .where(application_table.c.state.in_([PENDING, APPROVED, SUSPENDED])))
    return any(_url_key(row[0]) == key for row in rows)


def _url_key(url: str) -> str:
    from urllib.parse import urlsplit
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}"


def update(application_id: str, **values: Any) -> None:
    model.Session.execute(application_table.update()
                          .where(application_table.c.id == application_id)
                          .values(modified=_now(), **values))


def transition(application_id: str, from_state: str, to_state: str, user_id: str,
               reason: str = "", **values: Any) -> None:
    """Move an application to ``to_state`` and log who, when and why. The
    update is conditional on ``from_state``, so two reviewers acting at once
    cannot both succeed."""
    now = _now()
    result = model.Session.execute(
        application_table.update()
        .where(sa.and_(application_table.c.id == application_id,
                       application_table.c.state == from_state))
        .values(state=to_state, modified=now, **values))
    if result.rowcount != 1:
        raise StateChanged(application_id)
    _log(application_id, from_state, to_state, user_id, reason, now)


class StateChanged(RuntimeError):
    """The application left the expected state meanwhile."""


def _log(application_id: str, from_state: Optional[str], to_state: str, user_id: str,
         reason: str, at: datetime.datetime) -> None:
    model.Session.execute(transition_table.insert().values(
        application_id=application_id, from_state=from_state, to_state=to_state,
        user_id=user_id, reason=reason, at=at))

"""What the DCAT publication endpoints may show: which datasets, and how much
of each.

``/catalog.*`` and ``/dataset/<id>.*`` publish this catalog to harvesters,
the central Government Data Catalog above all. They are publication
endpoints, not an API for the caller's own rights: every caller, anonymous
or logged in, sysadmin included, gets the same answer, so that what is
published never depends on who asks (and the answer may be cached publicly).

- A public dataset is published in full, without its ``resource_private``
  resources.
- A private dataset whose steward consented (``allow_harvest``) is published
  as a metadata-only record: no distributions, so no download or access
  URL, no resource name or description, and no landing page
  (``url``). The profile writes ``dct:accessRights`` ``NON_PUBLIC``.
- A dataset of a restricted category (personal, security, secret) is always
  private (the schema refuses otherwise); should one be public anyway, it is
  still published as metadata only: the data itself never appears.
- Nothing else: not a private dataset without consent (``/dataset/<id>.ttl``
  answers 404, the same as a dataset that does not exist), not a draft or
  deleted dataset, not a harvest source or another dataset type.

The search runs with the site's rights (``ignore_auth``) and a filter that
selects exactly these datasets; a caller's ``q`` and ``fq`` match a
metadata-only record on what it publishes only (catalog_query.py). Each
dataset dict is then reduced here before any RDF profile sees it, so the
rules hold for every profile a caller may pick with ``?profiles=``.
"""
from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional
from urllib.parse import urlencode

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from dateutil.parser import parse as parse_date

from ckanext.gdcatalog.identifiers import findable
from ckanext.gdcatalog.schema.resource_privacy import is_private as is_private_resource
from ckanext.gdcatalog.schema.validators import parse_boolean

# The dataset types this catalog publishes (harvest sources are not datasets).
PUBLISHED_TYPES = ("dataset",)
RESTRICTED_CATEGORIES = frozenset({"personal", "security", "secret"})
# Every filter query is ANDed; a caller's ``fq`` is one more of them, so it
# can narrow the publication set but never widen it.
PUBLICATION_FILTERS = (
    "+(capacity:public OR allow_harvest:true)",
    "+state:active",
    "+dataset_type:(" + " OR ".join(PUBLISHED_TYPES) + ")",
)
# Dataset fields that point at the data rather than describe it.
_ACCESS_FIELDS = ("url",)
DEFAULT_PER_PAGE = 100
# The first dataset of a page is a search's start, a 32-bit integer in Solr
# (and in the PostgreSQL backend).
MAX_START = 2**31 - 1

MSG_BAD_PAGE = "The page must be a whole number from 1."
MSG_PAGE_TOO_LARGE = "The page must be at most %(maximum)s."
MSG_BAD_MODIFIED_SINCE = "modified_since must be a date and time in ISO 8601 format."


class Level(enum.Enum):
    FULL = "full"
    METADATA = "metadata"


def _flag(value: Any) -> bool:
    if value is None or value == "":
        return False
    try:
        return parse_boolean(value)
    except tk.Invalid:
        return False  # not a clear yes: no consent, not private-looking


def level(dataset: Mapping[str, Any]) -> Optional[Level]:
    """How much of ``dataset`` the publication endpoints show; None: nothing."""
    if dataset.get("state", "active") != "active":
        return None
    if (dataset.get("type") or "dataset") not in PUBLISHED_TYPES:
        return None
    private = dataset.get("private")
    # Unknown visibility counts as private: when unsure, publish less.
    is_private = True if private is None else _flag(private)
    if is_private and not _flag(dataset.get("allow_harvest")):
        return None
    if is_private or dataset.get("data_category") in RESTRICTED_CATEGORIES:
        return Level.METADATA
    return Level.FULL


def expose(dataset: Mapping[str, Any]) -> Optional[dict[str, Any]]:
    """The publishable copy of ``dataset`` (never changed in place), or None."""
    how = level(dataset)
    if how is None:
        return None
    out = dict(dataset)
    if how is Level.METADATA:
        out["resources"] = []
        for field in _ACCESS_FIELDS:
            out.pop(field, None)
        # The profile writes NON_PUBLIC access rights for private datasets.
        out["private"] = True
    else:
        visible = [dict(r) for r in dataset.get("resources") or []
                   if not is_private_resource(r)]
        for position, resource in enumerate(visible):
            if "position" in resource:
                resource["position"] = position
        out["resources"] = visible
    out["num_resources"] = len(out["resources"])
    return out


def expose_all(datasets: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in (expose(x) for x in datasets) if d is not None]


def _site_context() -> dict[str, Any]:
    # The site's rights: private datasets are searched too; the filters and
    # expose() decide, the same for every caller.
    return {"model": model, "session": model.Session, "user": "", "ignore_auth": True}


# ---- one dataset -------------------------------------------------------------

def published_dataset(dataset_id: str) -> dict[str, Any]:
    """The publishable dataset dict; ObjectNotFound if it is not published."""
    if not findable(dataset_id):
        raise tk.ObjectNotFound()
    try:
        dataset = tk.get_action("package_show")(_site_context(), {"id": dataset_id})
    except tk.NotAuthorized:
        raise tk.ObjectNotFound() from None
    exposed = expose(dataset)
    if exposed is None:
        raise tk.ObjectNotFound()
    return exposed


def published_datasets(ids: Iterable[str]) -> list[dict[str, Any]]:
    """The publishable dicts of the published datasets among ``ids`` (ids
    or names), as a catalog page holds them (from the search index)."""
    wanted = list(dict.fromkeys(i for i in ids if i))
    if not wanted:
        return []
    quoted = " OR ".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"'
                         for i in wanted)
    result = tk.get_action("package_search")(_site_context(), {
        "q": "*:*", "fq_list": [*PUBLICATION_FILTERS, f"+(id:({quoted}) OR name:({quoted}))"],
        "rows": len(wanted), "include_private": True})
    return expose_all(result["results"])


def published_ids(batch: int = 1000) -> Iterator[str]:
    """The ids of every published dataset, searched ``batch`` at a time."""
    start = 0
    while True:
        result = tk.get_action("package_search")(_site_context(), {
            "q": "*:*", "fq_list": list(PUBLICATION_FILTERS), "fl": "id",
            "sort": "id asc", "rows": batch, "start": start, "include_private": True})
        ids = [d["id"] for d in result["results"]]
        if not ids:
            return
        yield from ids
        start += len(ids)


# ---- the catalog -------------------------------------------------------------

def per_page() -> int:
    try:
        return max(1, int(tk.config.get("ckanext.dcat.datasets_per_page") or DEFAULT_PER_PAGE))
    except (TypeError, ValueError):
        return DEFAULT_PER_PAGE


def page_number(value: Any, rows: int) -> int:
    """The page asked for, of ``rows`` datasets each."""
    if value in (None, ""):
        return 1
    try:
        page = int(str(value))
    except ValueError:
        raise tk.ValidationError({"page": [tk._(MSG_BAD_PAGE)]}) from None
    if page < 1:
        raise tk.ValidationError({"page": [tk._(MSG_BAD_PAGE)]})
    maximum = MAX_START // rows + 1
    if page > maximum:
        raise tk.ValidationError({"page": [tk._(MSG_PAGE_TOO_LARGE) % {"maximum": maximum}]})
    return page


def modified_since_filter(value: Any) -> Optional[str]:
    """``metadata_modified:[<UTC> TO NOW]``; a time zone in the value is
    honoured (the index holds UTC)."""
    if value in (None, ""):
        return None
    try:
        when = parse_date(str(value))
    except (ValueError, OverflowError):
        raise tk.ValidationError({"modified_since": [tk._(MSG_BAD_MODIFIED_SINCE)]}) from None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return f"metadata_modified:[{when.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z TO NOW]"


class CatalogPage:
    """One page of the published catalog: the exposed datasets and what
    paging, caching and serialising need."""

    def __init__(self, data_dict: Mapping[str, Any]) -> None:
        self.rows = per_page()
        self.page = page_number(data_dict.get("page"), self.rows)
        fq_list = list(PUBLICATION_FILTERS)
        since = modified_since_filter(data_dict.get("modified_since"))
        if since:
            fq_list.append(since)
        # q and fq match a metadata-only record on what it publishes only
        # (imported here: it reads this module's rules).
        from ckanext.gdcatalog.dcat import catalog_query
        q, fq = catalog_query.scoped(data_dict.get("q"), data_dict.get("fq"))
        search = {
            "q": q,
            "fq": fq,
            "fq_list": fq_list,
            "rows": self.rows,
            "start": self.rows * (self.page - 1),
            # id breaks ties, so that pages never overlap or skip.
            "sort": "metadata_modified desc, id desc",
            "include_private": True,
        }
        result = tk.get_action("package_search")(_site_context(), search)
        self.count: int = result["count"]
        self.datasets = expose_all(result["results"])

    def pagination(self, page_url: Callable[[int], str]) -> dict[str, Any]:
        """ckanext-dcat's ``pagination_info`` (Hydra): count, items per page,
        first/last/current/next/previous page URLs."""
        if not self.count:
            return {}
        last = max(1, math.ceil(self.count / self.rows))
        info: dict[str, Any] = {
            "count": self.count, "items_per_page": self.rows,
            "current": page_url(self.page), "first": page_url(1), "last": page_url(last),
        }
        if 1 < self.page <= last:
            info["previous"] = page_url(self.page - 1)
        elif self.page > last:
            info["previous"] = page_url(last)
        if self.page < last:
            info["next"] = page_url(self.page + 1)
        return info


# Request parameters kept in the paging links, in this order.
PAGING_PARAMETERS = ("q", "fq", "modified_since", "profiles")


def page_url_maker(base: str, params: Mapping[str, Any]) -> Callable[[int], str]:
    """``base?q=…&page=n``, values URL-encoded (the stock links are not)."""
    kept = [(k, params[k]) for k in PAGING_PARAMETERS if params.get(k) not in (None, "")]

    def page_url(page: int) -> str:
        return f"{base}?{urlencode(kept + [('page', page)])}"
    return page_url


def last_change() -> Optional[dt.datetime]:
    """The last time any dataset of the site changed, deleted and private
    ones included: removing a dataset from the catalog (deleting it, making
    it private, withdrawing consent) is a change too, which the newest
    dataset still published would not show."""
    return model.Session.query(sa.func.max(model.Package.metadata_modified)).filter(
        model.Package.type.in_(PUBLISHED_TYPES)).scalar()

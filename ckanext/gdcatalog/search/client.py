"""A stand-in for the pysolr.Solr client that CKAN's search code talks to,
answering from PostgreSQL.

CKAN builds Solr requests (permission labels, site_id, defaults, fl) and
reads Solr responses itself; by replacing only the client, all of that
stays CKAN's own code on both CKAN versions. Errors of index writes are
raised as ``pysolr.SolrError`` so CKAN turns them into its usual index
errors. A search that fails raises CKAN's search errors directly: CKAN
would wrap a SolrError in a message repeating the whole request, whose
filters hold the caller's permission labels.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

import pysolr
from ckan.lib.search.common import SearchError, SearchQueryError
from sqlalchemy.exc import SQLAlchemyError

from ckanext.gdcatalog.dberror import reason
from ckanext.gdcatalog.language import translated
from ckanext.gdcatalog.search import store
from ckanext.gdcatalog.search.document import DocumentError, build_row
from ckanext.gdcatalog.search.query import QueryError

log = logging.getLogger(__name__)

URL = "postgresql://gdcatalog-search"

MSG_SEARCH_TIMEOUT = "The search took too long. Try fewer or more specific terms."
MSG_SEARCH_TOO_COMPLEX = "The search is too complex. Try fewer terms or less nesting."
MSG_BAD_REGEX = "a regular expression in the query is not valid"
MSG_SEARCH_FAILED = "The search could not be completed. Please try again later."


class PostgresSearchClient:
    url = URL

    def __init__(self, decode_dates: bool = True) -> None:
        self.decode_dates = decode_dates

    # pysolr.Solr API ------------------------------------------------------
    def add(self, docs: list[dict[str, Any]], boost: Any = None,
            fieldUpdates: Any = None, commit: Optional[bool] = None,
            softCommit: bool = False, commitWithin: Any = None,
            waitFlush: Any = None, waitSearcher: Any = None,
            overwrite: Any = None, handler: str = "update",
            min_rf: Any = None) -> str:
        """Index documents. The rows are written in CKAN's open transaction
        and become visible when CKAN commits it; ``commit`` commits that
        transaction unless it is CKAN's to commit (see store)."""
        if fieldUpdates:
            raise pysolr.SolrError("atomic field updates are not supported")
        try:
            rows = [build_row(doc) for doc in docs]
            commit = commit and not store.caller_will_commit()
            count = store.upsert(rows)
            if commit:
                store.commit()
        except DocumentError as exc:
            raise pysolr.SolrError(f"Bad document: {exc}") from None
        except SQLAlchemyError as exc:
            raise pysolr.SolrError(f"Search index write failed: {reason(exc)}") from None
        for doc in docs:
            log.debug("Indexed %s (%s)", doc.get("name"), doc.get("id"))
        return f"indexed {count}"

    def delete(self, id: Any = None, q: Optional[str] = None,
               commit: Optional[bool] = None, softCommit: bool = False,
               waitFlush: Any = None, waitSearcher: Any = None,
               handler: str = "update") -> str:
        if id is None and q is None:
            raise ValueError('You must specify "id" or "q".')
        try:
            commit = commit and not store.caller_will_commit()
            count = 0
            if id is not None:
                count += store.delete_ids(id if isinstance(id, list) else [id])
            if q is not None:
                count += store.delete_matching(q)
            if commit:
                store.commit()
        except QueryError as exc:
            raise pysolr.SolrError(str(exc)) from None
        except SQLAlchemyError as exc:
            raise pysolr.SolrError(f"Search index delete failed: {reason(exc)}") from None
        return f"deleted {count}"

    def search(self, q: str, search_handler: Optional[str] = None,
               **kwargs: Any) -> pysolr.Results:
        params = dict(kwargs, q=q)
        try:
            decoded = store.search(params)
        except QueryError as exc:
            # The caller's mistake, named so that they can mend it: CKAN
            # answers 400 (the API's Search Query Error).
            raise SearchQueryError(exc.translated()) from None
        except SQLAlchemyError as exc:
            # The database's words and the statement (CKAN's filters with
            # the caller's permission labels) are for the log only.
            log.error("Search failed for %r: %s", params, reason(exc))
            raise search_failure(exc) from None
        if self.decode_dates:
            from ckan.lib.search.common import solr_datetime_decoder
            decoded["response"]["docs"] = [
                solr_datetime_decoder(doc) for doc in decoded["response"]["docs"]]
        return pysolr.Results(decoded)

    def commit(self, softCommit: bool = False, waitFlush: Any = None,
               waitSearcher: Any = None, expungeDeletes: Any = None,
               handler: str = "update") -> str:
        store.commit()
        return "committed"

    def optimize(self, *args: Any, **kwargs: Any) -> str:
        return "optimized"

    def ping(self, handler: str = "admin/ping", **kwargs: Any) -> str:
        if not store.table_exists():
            raise pysolr.SolrError(
                "the search tables are missing: run `ckan db upgrade`")
        return '{"status": "OK"}'


def search_failure(error: SQLAlchemyError) -> SearchError:
    """What a caller is told of a failed search statement: by its SQLSTATE,
    the query's own fault (400) or not (409), never PostgreSQL's words."""
    code = getattr(getattr(error, "orig", None), "pgcode", None) or ""
    if code == "2201B":  # invalid_regular_expression (PostgreSQL's dialect)
        return SearchQueryError(translated(MSG_BAD_REGEX))
    if code.startswith("54"):  # program_limit_exceeded: stack depth, target lists
        return SearchQueryError(translated(MSG_SEARCH_TOO_COMPLEX))
    if code == "57014":  # query_canceled: the statement timeout
        return SearchError(translated(MSG_SEARCH_TIMEOUT))
    return SearchError(translated(MSG_SEARCH_FAILED))

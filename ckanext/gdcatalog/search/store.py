"""The index table and the statements that read and write it.

Writes run on CKAN's own SQLAlchemy session, so an index write made while
CKAN saves a dataset commits or rolls back with that dataset: the index
cannot disagree with the database after a failed request.

Reads run on a connection of their own, like queries to a Solr server: they
see committed documents, and a failing or timed-out query can never abort
the transaction CKAN is working in.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional

import sqlalchemy as sa

from ckanext.gdcatalog.search.document import Row, without_nul
from ckanext.gdcatalog.search import cache, facet_memory
from ckanext.gdcatalog.search.fields import (
    ARRAY_COLUMNS, COLUMNS, DATE_COLUMNS, Kind, configured_text_fields, kind_of)
from ckanext.gdcatalog.search.query import (
    FALSE, TRUE, Compiled, LuceneCompiler, Params, QueryError,
    compile_dismax)

TABLE = "gdcatalog_search_doc"
STORED = "gdcatalog_search_stored"  # the fields returned with results
STATE = "gdcatalog_search_state"    # the index generation (see cache.py)
# What text searches filter on, in narrow rows (see migration 8d4e2f0a3b07):
# a condition that reads nothing else is counted there.
MATCH = "gdcatalog_search_match"
MATCH_COLUMNS = frozenset({
    "seq", "site_id", "state", "capacity", "entity_type", "dataset_type",
    "permission_labels", "metadata_modified", "metadata_created", "tsv"})
# Ranking a one-word search from its title/name matches pays while the page
# is near the top; deeper pages rank every match.
TOP_TIER_MAX_END = 1000
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A
EXACT_TITLE_BONUS = 10.0
DEFAULT_FACET_LIMIT = 100  # Solr's default
# Solr's start and rows are 32-bit integers; ORDER BY keys are columns of
# the statement, of which PostgreSQL allows 1664.
MAX_ROW_NUMBER = 2**31 - 1
MAX_SORT_KEYS = 32
_LOCAL_PARAMS = re.compile(r"^\{!([^}]*)\}")
_SORT_ITEM = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s+(asc|desc)\s*$", re.IGNORECASE)
_COLUMN_REF = re.compile(r"\bd\.([A-Za-z_]+)")
_PLAIN_LEXEME = re.compile(r"^'(?:[^']|'')+'$")

MSG_WHOLE_NUMBER = '%(name)s must be a whole number, got "%(value)s"'
MSG_TOO_LARGE = "%(name)s must be at most %(maximum)s"
MSG_LOCAL_PARAMS = "local parameters %(local)s are not supported"
MSG_BAD_SORT = 'cannot sort by "%(spec)s": give a field name and asc or desc'
MSG_TOO_MANY_SORT_KEYS = "sort by at most %(limit)s fields"
MSG_BAD_FACET_OPTIONS = "invalid facet options for %(field)s"


def _session() -> Any:
    from ckan import model
    return model.Session


@contextlib.contextmanager
def _reader() -> Iterator[Any]:
    """A read-only REPEATABLE READ transaction: the page, the total and the
    facet counts of one response all come from one snapshot."""
    from ckan import model
    from ckan.common import config
    timeout = int(config.get("ckan.gdcatalog.search.statement_timeout") or 0)
    with model.meta.engine.connect() as base:
        connection = base.execution_options(isolation_level="REPEATABLE READ",
                                            postgresql_readonly=True)
        with connection.begin():
            if timeout > 0:
                connection.execute(sa.text(f"SET LOCAL statement_timeout = {timeout}"))
            yield connection


# -- writing --------------------------------------------------------------

# One statement (one round trip) writes both tables; the stored row's
# foreign key is checked at the end of the statement, after the CTE.
_UPSERT = sa.text(f"""
WITH searched AS (
    INSERT INTO {TABLE} (index_id, site_id, id, name, title, state, capacity,
        entity_type, dataset_type, permission_labels, metadata_modified,
        metadata_created, fields, tsv, ftsv, indexed_at)
    VALUES (:index_id, :site_id, :id, :name, :title, :state, :capacity,
        :entity_type, :dataset_type, :permission_labels, :metadata_modified,
        :metadata_created, CAST(:fields AS jsonb), CAST(:tsv AS tsvector),
        CAST(:ftsv AS tsvector), now() at time zone 'utc')
    ON CONFLICT (index_id) DO UPDATE SET
        site_id = EXCLUDED.site_id, id = EXCLUDED.id, name = EXCLUDED.name,
        title = EXCLUDED.title, state = EXCLUDED.state, capacity = EXCLUDED.capacity,
        entity_type = EXCLUDED.entity_type, dataset_type = EXCLUDED.dataset_type,
        permission_labels = EXCLUDED.permission_labels,
        metadata_modified = EXCLUDED.metadata_modified,
        metadata_created = EXCLUDED.metadata_created, fields = EXCLUDED.fields,
        tsv = EXCLUDED.tsv, ftsv = EXCLUDED.ftsv, indexed_at = EXCLUDED.indexed_at
    RETURNING index_id
)
INSERT INTO {STORED} (index_id, doc)
SELECT index_id, CAST(:doc AS jsonb) FROM searched
ON CONFLICT (index_id) DO UPDATE SET doc = EXCLUDED.doc
""")



def upsert(rows: Iterable[Row]) -> int:
    batch = [row.as_params() for row in rows]
    if batch:
        _session().execute(_UPSERT, batch)
    return len(batch)


def delete_ids(index_ids: list[str]) -> int:
    if not index_ids:
        return 0
    result = _session().execute(
        sa.text(f"DELETE FROM {TABLE} WHERE index_id = ANY(:ids)"),
        {"ids": list(index_ids)})
    _prune_removed()
    return result.rowcount or 0


def delete_matching(query: str) -> int:
    params = Params()
    where = LuceneCompiler(params).compile_text(query)
    result = _session().execute(
        sa.text(f"DELETE FROM {TABLE} d WHERE {where}"), params.values)
    _prune_removed()
    return result.rowcount or 0


def _prune_removed() -> None:
    """The removal log (see facet_memory) keeps a day: a process whose copy
    is older notices by the number of rows and reads everything again."""
    _session().execute(sa.text(
        f"DELETE FROM {facet_memory.REMOVED} "
        f"WHERE removed_at < (now() AT TIME ZONE 'utc') - interval '1 day'"))


def commit() -> None:
    _session().commit()


# CKAN asks for commit=True as it would of Solr, but writes the index inside
# transactions it commits itself: from its before_commit hook (2.11), or
# just before its own commit, even inside a savepoint (2.12's package_create
# and package_update). Other callers (``search-index clear``, harvest's
# source reindex) pass commit=True and never commit the session. We commit
# only for those: when the transaction had written nothing before the
# index write and CKAN is not committing it.
_COMMITTING = "gdcatalog_search_committing"


def caller_will_commit() -> bool:
    """Call before writing: is the session's transaction already CKAN's
    work (being committed, or holding earlier writes)?"""
    session = _session()
    if session.info.get(_COMMITTING):
        return True
    return bool(session.execute(
        sa.text("SELECT txid_current_if_assigned() IS NOT NULL")).scalar())


def _mark_committing(session: Any) -> None:
    session.info[_COMMITTING] = True


def _unmark_committing(session: Any) -> None:
    session.info.pop(_COMMITTING, None)


def watch_commits() -> None:
    from ckan.model import meta
    for target in (meta.Session, meta.create_local_session):
        if not sa.event.contains(target, "before_commit", _mark_committing):
            sa.event.listen(target, "before_commit", _mark_committing, insert=True)
            sa.event.listen(target, "after_commit", _unmark_committing)
            sa.event.listen(target, "after_rollback", _unmark_committing)


# -- reading --------------------------------------------------------------

@dataclass
class SearchRequest:
    q: str = "*:*"
    fq: list[str] = field(default_factory=list)
    def_type: str = "lucene"
    qf: str = "text"
    mm: str = "100%"
    default_field: str = "text"
    default_operator: str = "OR"
    rows: int = 10
    start: int = 0
    sort: str = ""
    fl: list[str] = field(default_factory=list)
    facet_fields: list[str] = field(default_factory=list)
    facet_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "SearchRequest":
        # PostgreSQL text cannot hold NUL, and indexed values never contain
        # it (document.without_nul): a NUL in a request can only be dropped.
        params = {k: without_nul(v) for k, v in params.items()}

        def first(key: str, default: Any = None) -> Any:
            value = params.get(key, default)
            if isinstance(value, (list, tuple)):
                return value[0] if value else default
            return value

        def as_int(key: str, default: int) -> int:
            value = first(key, default)
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise QueryError(MSG_WHOLE_NUMBER, name=key, value=str(value)[:40]) from None
            if number > MAX_ROW_NUMBER:
                raise QueryError(MSG_TOO_LARGE, name=key, maximum=MAX_ROW_NUMBER)
            return number

        request = cls()
        request.q = str(first("q") or "*:*")
        request.fq = [str(f) for f in _as_list(params.get("fq")) if str(f).strip()]
        request.def_type = str(first("defType") or "lucene")
        request.qf = str(first("qf") or "text")
        request.mm = str(first("mm") or "100%")
        request.default_field = str(first("df") or "text")
        request.default_operator = str(first("q.op") or "OR")
        request.rows = max(0, as_int("rows", 10))
        request.start = max(0, as_int("start", 0))
        request.sort = str(first("sort") or "")
        request.fl = [f for f in re.split(r"[\s,]+", " ".join(
            str(v) for v in _as_list(params.get("fl")))) if f]
        if str(first("facet", "false")).lower() == "true":
            request.facet_fields = [str(f) for f in _as_list(params.get("facet.field"))]
            for name in request.facet_fields:
                options = {}
                for option in ("limit", "mincount", "sort", "offset", "prefix"):
                    value = first(f"f.{name}.facet.{option}", first(f"facet.{option}"))
                    if value is not None:
                        options[option] = value
                request.facet_options[name] = options
        return request


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _strip_local_params(text: str, default_type: str) -> tuple[str, str]:
    match = _LOCAL_PARAMS.match(text.strip())
    if not match:
        return text, default_type
    local = match.group(1).strip()
    parser_type = local.split()[0] if local else ""
    if parser_type.startswith("type="):
        parser_type = parser_type[5:]
    if parser_type not in ("lucene", "dismax", "edismax"):
        raise QueryError(MSG_LOCAL_PARAMS, local=f"{{!{local[:40]}}}")
    return text.strip()[match.end():], parser_type


class Translation:
    """The SQL of one search request."""

    def __init__(self, request: SearchRequest, now: dt.datetime | None = None) -> None:
        self.request = request
        self.params = Params()
        self.rank_terms: list[str] = []
        self.raw_text: Optional[str] = None
        conditions = [self._q(now)]
        for fq in request.fq:
            text, parser_type = _strip_local_params(fq, "lucene")
            compiler = LuceneCompiler(self.params, request.default_field,
                                      request.default_operator, now)
            conditions.append(compiler.compile_text(text))
        conditions = [c for c in conditions if c != TRUE]
        self.where = " AND ".join(f"({c})" for c in conditions) or TRUE

    def _q(self, now: dt.datetime | None) -> str:
        text, parser_type = _strip_local_params(self.request.q, self.request.def_type)
        if parser_type in ("dismax", "edismax") and text.strip() not in ("", "*:*"):
            compiled: Compiled = compile_dismax(
                text, self.params, self.request.mm, self.request.qf, now)
            self.raw_text = text.strip()
            self.rank_terms = compiled.rank_terms
            return compiled.sql or FALSE
        if parser_type in ("dismax", "edismax"):
            return TRUE
        compiler = LuceneCompiler(self.params, self.request.default_field,
                                  self.request.default_operator, now)
        sql = compiler.compile_text(text)
        self.rank_terms = compiler.rank_terms
        return sql

    def score_sql(self) -> str:
        if not self.rank_terms:
            return "1.0"
        query = f"CAST({self.params.add(' | '.join(dict.fromkeys(self.rank_terms)))} AS tsquery)"
        weights = f"CAST('{RANK_WEIGHTS}' AS float4[])"
        # As dismax scores a term by its best field: a match in the title,
        # name, tags or groups is ranked by those alone, from the small
        # vector in the row (rtsv); only a match in the other text alone
        # reads the whole catch-all vector.
        score = (f"COALESCE(NULLIF(ts_rank({weights}, d.rtsv, {query}), 0), "
                 f"ts_rank({weights}, d.tsv, {query}))")
        if self.raw_text:
            raw = self.raw_text.strip('"').strip()
            score += (f" + CASE WHEN lower(d.title) = {self.params.add(raw.lower())}"
                      f" OR d.name = {self.params.add(raw)} THEN {EXACT_TITLE_BONUS}"
                      " ELSE 0 END")
        return score

    def count_table(self) -> str:
        """The narrow match table when the conditions read only its columns
        (a text search with CKAN's filters), else the document table."""
        if set(_COLUMN_REF.findall(self.where)) <= MATCH_COLUMNS \
                and "gdcatalog_search_" not in self.where:  # no subquery of ours
            return MATCH
        return TABLE

    def top_tier_sql(self) -> Optional[str]:
        """For a ranking by one word, the condition of the matches with that
        word in their title or name (weight A); None for other rankings.

        ts_rank scores one word with highest weight w at between w/1.645
        and w (that occurrence counts in full, the others by 1/i² of their
        rank), with weights D 0.1, C 0.2, B 0.4, A 1.0: a weight-A match
        scores at least 0.608, any other at most 0.4 from ``rtsv`` (B alone)
        or 0.33 from ``tsv`` (C and D), and the exact-title bonus goes only
        to weight-A matches. The weight-A matches therefore come first in
        score order, and when they fill the page they are all that needs
        ranking. ``gdcatalog_search_doc_atsv`` indexes the expression."""
        terms = list(dict.fromkeys(self.rank_terms))
        if len(terms) != 1 or not _PLAIN_LEXEME.match(terms[0]):
            return None
        return f"ts_filter(d.tsv, '{{a}}') @@ CAST({self.params.add(terms[0])} AS tsquery)"

    def order_keys(self) -> list[tuple[str, str]]:
        """The sort as (SQL key, direction) pairs, the index id last."""
        spec = self.request.sort.strip()
        keys = []
        parts = [p for p in spec.split(",") if p.strip()]
        if len(parts) > MAX_SORT_KEYS:
            raise QueryError(MSG_TOO_MANY_SORT_KEYS, limit=MAX_SORT_KEYS)
        for part in parts:
            match = _SORT_ITEM.match(part)
            if not match:
                raise QueryError(MSG_BAD_SORT, spec=part.strip()[:80])
            name, direction = match.group(1), match.group(2).upper()
            if name == "score" and not self.rank_terms:
                continue  # every score is equal: let an index serve the rest
            keys.append((self._sort_key(name), f"{direction} NULLS LAST"))
        keys.append(("d.index_id", "ASC"))
        return keys

    def _sort_key(self, name: str) -> str:
        if name == "score":
            return "score"
        if name in DATE_COLUMNS:
            return f"d.{name}"
        if name in COLUMNS:
            return f'd.{COLUMNS[name]} COLLATE "C"'
        kind = kind_of(name)
        ref = self.params.add(name)
        if kind is Kind.INT:
            return f"CAST(d.fields -> {ref} ->> 0 AS numeric)"
        if kind in (Kind.TEXT, Kind.STORED):
            return (f'(SELECT s.doc ->> {ref} FROM {STORED} s '
                    f'WHERE s.index_id = d.index_id) COLLATE "C"')
        return f'(d.fields -> {ref} ->> 0) COLLATE "C"'


def search(params: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """Run a Solr select request; returns Solr's JSON response shape."""
    started = time.monotonic()
    request = SearchRequest.from_params(params)
    translation = Translation(request, now)
    with _reader() as connection:
        cache_key = _cache_key(connection, request)
        cached = cache.get(cache_key) if cache_key else None
        if cached is not None:
            docs, total, facets = cached
        else:
            docs, total = _page(connection, translation) if request.rows else ([], None)
            if total is None or request.facet_fields:
                total, facets = _count_and_facets(connection, translation)
            else:
                facets = {}
            if cache_key:
                cache.put(cache_key, [docs, total, facets])
    response = {
        "responseHeader": {"status": 0, "QTime": int((time.monotonic() - started) * 1000)},
        "response": {"numFound": total, "start": request.start, "docs": docs},
    }
    if request.facet_fields:
        response["facet_counts"] = {
            "facet_queries": {}, "facet_fields": facets, "facet_ranges": {},
            "facet_intervals": {}, "facet_heatmaps": {}}
    return response


def _cache_key(connection: Any, request: SearchRequest) -> Optional[str]:
    """None when the response must not be cached: caching is off, or the
    request depends on the clock (NOW) rather than only on the index."""
    if cache.ttl() <= 0:
        return None
    if any("NOW" in text for text in [request.q, *request.fq]):
        return None
    epoch, generation = connection.execute(
        sa.text(f"SELECT epoch, generation FROM {STATE} WHERE id = 1")).one()
    return cache.key(f"{epoch}:{generation}", "search-v1", {
        "request": dataclasses.asdict(request),
        "text_fields": sorted(configured_text_fields())})


def _page(session: Any, translation: Translation) -> tuple[list[dict[str, Any]], Optional[int]]:
    """The page's documents, and the total when the page query had to visit
    every match anyway (ranking by relevance): then one scan serves both."""
    request = translation.request
    keys = translation.order_keys()
    params = translation.params
    if keys[0][0] == "score":
        page, total = _ranked_page(session, translation, keys)
    else:
        wants_score = "score" in request.fl or "score" in request.sort
        score = translation.score_sql() if wants_score else "1.0"
        order = ", ".join(f"{key} {direction}" for key, direction in keys)
        page = session.execute(sa.text(
            f"SELECT d.index_id, {score} AS score FROM {TABLE} d "
            f"WHERE {translation.where} ORDER BY {order} "
            f"LIMIT {params.add(request.rows)} OFFSET {params.add(request.start)}"),
            params.values).fetchall()
        total = None
    if not page:
        return [], total
    stored = dict(session.execute(
        sa.text(f"SELECT index_id, doc FROM {STORED} WHERE index_id = ANY(:ids)"),
        {"ids": [row[0] for row in page]}).fetchall())
    docs = [_project(stored.get(row[0], {}), float(row[1]), request.fl) for row in page]
    return docs, total


def _ranked_page(session: Any, translation: Translation, keys: list[tuple[str, str]]
                 ) -> tuple[list[Any], Optional[int]]:
    """The page in score order, first from the top tier alone (see
    Translation.top_tier_sql) when it fills the page; the total too when
    every match was ranked."""
    request = translation.request
    end = request.start + request.rows
    tier = translation.top_tier_sql() if keys[0][1].startswith("DESC") else None
    if tier and end <= TOP_TIER_MAX_END:
        page = _ranked(session, translation, keys, f"({translation.where}) AND {tier}")
        if page and page[0][2] >= end:
            return page, None  # the total of every match is counted apart
    page = _ranked(session, translation, keys, translation.where)
    return page, int(page[0][2]) if page else None


def _ranked(session: Any, translation: Translation, keys: list[tuple[str, str]],
            where: str) -> list[Any]:
    """(index_id, score, number of matches) of the page in score order."""
    request = translation.request
    params = translation.params
    # The window's rows are kept in a tuple store, which would read every
    # out-of-line value they carry (the whole catch-all vector of each
    # match): the inner query (OFFSET 0 keeps it apart) hands on only the
    # score and the sort keys.
    columns = ", ".join(f"{key} AS k{i}" for i, (key, _) in enumerate(keys[1:]))
    order = ", ".join([f"score {keys[0][1]}"]
                      + [f"k{i} {direction}" for i, (_, direction) in enumerate(keys[1:])])
    return session.execute(sa.text(
        f"SELECT index_id, score, count(*) OVER () AS total FROM ("
        f"SELECT d.index_id, {translation.score_sql()} AS score, {columns} FROM {TABLE} d "
        f"WHERE {where} OFFSET 0) d ORDER BY {order} "
        f"LIMIT {params.add(request.rows)} OFFSET {params.add(request.start)}"),
        params.values).fetchall()


def _project(doc: dict[str, Any], score: float, fl: list[str]) -> dict[str, Any]:
    if not fl or "*" in fl:
        out = dict(doc)
    else:
        out = {k: doc[k] for k in fl if k in doc}
    if "score" in fl:
        out["score"] = score
    return out


def _count_and_facets(session: Any, translation: Translation) -> tuple[int, dict[str, list[Any]]]:
    request = translation.request
    if request.facet_fields and facet_memory_enabled() and \
            all(facet_memory.supported(name) for name in request.facet_fields):
        answer = _facets_from_memory(session, translation)
        if answer is not None:
            return answer
    return _count_and_facets_sql(session, translation)


def facet_memory_enabled() -> bool:
    from ckan.common import asbool, config
    return asbool(config.get("ckan.gdcatalog.search.facet_memory", True))


def _facets_from_memory(connection: Any, translation: Translation
                        ) -> Optional[tuple[int, dict[str, list[Any]]]]:
    """The total and the facets with the counting done in this process
    (search/facet_memory.py); None to fall back to SQL."""
    request = translation.request
    options = {name: _facet_options(name, request.facet_options.get(name, {}))
               for name in request.facet_fields}
    matched = facet_memory.parse_seqs(connection.execute(
        sa.text(f"SELECT string_agg(d.seq::text, ',') FROM {translation.count_table()} d "
                f"WHERE {translation.where}"), translation.params.values).scalar())
    memory = facet_memory.memory()
    with memory.lock:
        if not memory.update(connection, list(request.facet_fields)):
            return None
        marked = facet_memory.mask(matched)
        facets = {name: memory.count(marked, name, options[name])
                  for name in request.facet_fields}
    return len(matched), facets


def _count_and_facets_sql(session: Any, translation: Translation
                          ) -> tuple[int, dict[str, list[Any]]]:
    request = translation.request
    params = translation.params
    if not request.facet_fields:
        sql = (f"SELECT NULL, NULL, count(*) FROM {translation.count_table()} d "
               f"WHERE {translation.where}")
    else:
        branches = ["(SELECT NULL::text AS f, NULL::text AS v, count(*) AS c FROM m)"]
        for name in request.facet_fields:
            branches.append(_facet_branch(name, request.facet_options.get(name, {}), params))
        sql = (f"WITH m AS MATERIALIZED (SELECT {_facet_columns(request.facet_fields)} "
               f"FROM {TABLE} d WHERE {translation.where}) " + " UNION ALL ".join(branches))
    total = 0
    facets: dict[str, list[Any]] = {name: [] for name in request.facet_fields}
    for name, value, count in session.execute(sa.text(sql), params.values):
        if name is None:
            total = int(count)
        else:
            facets[name].extend([value, int(count)])
    return total, facets


def _facet_columns(names: list[str]) -> str:
    """Only what the requested facets read: the matched set can be large."""
    columns = {"d.index_id"}
    for name in names:
        if name in COLUMNS:
            columns.add(f"d.{COLUMNS[name]}")
        elif name in ARRAY_COLUMNS or name in DATE_COLUMNS:
            columns.add(f"d.{name}")
        elif kind_of(name) is Kind.TEXT:
            columns.add("d.ftsv")
        else:
            columns.add("d.fields")
    return ", ".join(sorted(columns))


def _facet_options(name: str, raw: dict[str, Any]) -> facet_memory.Options:
    """Solr's facet options of one field (f.<field>.facet.* or facet.*)."""
    try:
        options = facet_memory.Options(
            limit=int(raw.get("limit", DEFAULT_FACET_LIMIT)),
            mincount=int(raw.get("mincount", 0)), offset=max(int(raw.get("offset", 0)), 0),
            by_index=str(raw.get("sort", "count")) in ("index", "lex"),
            prefix=None if raw.get("prefix") is None else str(raw.get("prefix")))
    except (TypeError, ValueError):
        raise QueryError(MSG_BAD_FACET_OPTIONS, field=name) from None
    if max(options.limit, options.mincount, options.offset) > MAX_ROW_NUMBER:
        raise QueryError(MSG_BAD_FACET_OPTIONS, field=name)
    return options


def _facet_branch(name: str, raw: dict[str, Any], params: Params) -> str:
    options = _facet_options(name, raw)
    limit, mincount, offset = options.limit, options.mincount, options.offset
    order = "v COLLATE \"C\"" if options.by_index else "c DESC, v COLLATE \"C\""
    if name in COLUMNS:
        source = f"(SELECT m.{COLUMNS[name]} AS v FROM m WHERE m.{COLUMNS[name]} IS NOT NULL)"
    elif name in ARRAY_COLUMNS:
        source = f"(SELECT unnest(m.{name}) AS v FROM m)"
    elif name in DATE_COLUMNS:  # the stored form of dates (fields.format_date)
        source = (f"(SELECT to_char(m.{name}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS v "
                  f"FROM m WHERE m.{name} IS NOT NULL)")
    elif kind_of(name) is Kind.TEXT:
        source = (f"(SELECT substr(u.lexeme, {params.add(len(name) + 2)}) AS v FROM m, "
                  f"unnest(m.ftsv) u WHERE starts_with(u.lexeme, {params.add(name + ':')}))")
    else:
        source = f"(SELECT x AS v FROM m, jsonb_array_elements_text(m.fields -> {params.add(name)}) x)"
    prefix = options.prefix
    where = f"WHERE starts_with(s.v, {params.add(prefix)})" if prefix else ""
    limit_sql = f"LIMIT {params.add(limit)}" if limit >= 0 else ""
    return (f"(SELECT CAST({params.add(name)} AS text) AS f, s.v, count(*) AS c FROM {source} s "
            f"{where} GROUP BY s.v HAVING count(*) >= {params.add(max(mincount, 1))} "
            f"ORDER BY {order} {limit_sql} OFFSET {params.add(offset)})")


def table_exists() -> bool:
    with _reader() as connection:
        result = connection.execute(sa.text("SELECT to_regclass(:t)"), {"t": TABLE})
        return result.scalar() is not None


__all__ = ["QueryError", "search", "upsert", "delete_ids", "delete_matching",
           "commit"]

"""Facet counts from a copy of the facet values kept in this process, as
Solr counts from its doc values.

Counting the values of six fields over 90,000 matching rows takes PostgreSQL
more than a second (each value of each row goes through the executor); with
the values of each field as integer arrays in memory it takes milliseconds.
PostgreSQL still decides which documents match (the same WHERE as every
other search) and returns their ``seq`` numbers; the counting happens here.

The copy follows the index exactly. It is brought up to date inside the
search's own REPEATABLE READ transaction, before the match set is read, so
the counts are of the snapshot the rest of the response comes from:

- the index generation (``gdcatalog_search_state``) unchanged since the copy
  was last brought up to date: nothing committed since, nothing to read;
- otherwise the rows written by transactions not yet ended at the last
  update (``changed_txid``) and the rows removed since
  (``gdcatalog_search_removed``) are applied; if the number of rows then
  differs from the table's (a TRUNCATE, or removals older than the log),
  everything is read again;
- a field is read whole the first time it is asked for.

Only facet fields stored as plain values are counted here (columns, the
permission labels, and the string, date and number fields of the
``fields`` document); text fields (counted by analysed terms) and the
date columns keep the SQL path, as does a request made while another
thread moved the copy to a later snapshot.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import sqlalchemy as sa

from ckanext.gdcatalog.search.fields import (
    ARRAY_COLUMNS, COLUMNS, DATE_COLUMNS, Kind, kind_of)

TABLE = "gdcatalog_search_doc"
REMOVED = "gdcatalog_search_removed"
# Fields kept at most, the least recently used dropped first: the site's
# own facets are about fifteen.
MAX_FIELDS = 32
_EMPTY = np.zeros(0, dtype=np.int64)


def supported(name: str) -> bool:
    """Whether ``name`` is counted here (else by SQL)."""
    if name in COLUMNS or name in ARRAY_COLUMNS:
        return True
    if name in DATE_COLUMNS:
        return False
    return kind_of(name) not in (Kind.TEXT, Kind.STORED, Kind.NGRAM)


def _expression(name: str, params: dict[str, Any]) -> str:
    if name in COLUMNS:
        return f"d.{COLUMNS[name]}"
    if name in ARRAY_COLUMNS:
        return f"d.{name}"
    key = f"f{len(params)}"
    params[key] = name
    return f"d.fields -> :{key}"


def _grouped(name: str) -> tuple[Any, dict[str, Any]]:
    """The statement giving each value of ``name`` with the rows having it,
    counted as the SQL path counts (a value twice in a row counts twice)."""
    if name in COLUMNS:
        column = f"d.{COLUMNS[name]}"
        return sa.text(f"SELECT {column}, string_agg(d.seq::text, ',') FROM {TABLE} d "
                       f"WHERE {column} IS NOT NULL GROUP BY {column}"), {}
    source = f"unnest(d.{name})" if name in ARRAY_COLUMNS else \
        "jsonb_array_elements_text(d.fields -> :name)"
    return sa.text(f"SELECT v, string_agg(d.seq::text, ',') FROM {TABLE} d, {source} v "
                   f"WHERE v IS NOT NULL GROUP BY v"), {"name": name}


def _values(raw: Any) -> list[str]:
    """A row's values of a field, as the SQL path counts them."""
    if raw is None:
        return []
    if isinstance(raw, (list, tuple)):
        return [v if isinstance(v, str) else _json_text(v) for v in raw if v is not None]
    if isinstance(raw, str):
        return [raw]
    return []  # a JSON object or number where a list was expected: SQL errs


def _json_text(value: Any) -> str:
    # jsonb_array_elements_text of a number or boolean
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class _Field:
    """The values of one field: occurrence i is value ``codes[i]`` of row
    ``rows[i]``; ``alive[i]`` is false once its row changed or went."""
    vocabulary: list[str] = field(default_factory=list)
    code_of: dict[str, int] = field(default_factory=dict)
    rows: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=np.int64))
    codes: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=np.int32))
    alive: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=bool))
    used: int = 0
    dead: int = 0
    top: int = 0  # the highest row number put
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def from_groups(cls, groups: Any) -> "_Field":
        """A field read whole: (value, its rows as 'seq,seq,...') pairs."""
        field_ = cls()
        per_value = []
        for code, (value, seqs) in enumerate(groups):
            field_.vocabulary.append(value)
            field_.code_of[value] = code
            per_value.append(parse_seqs(seqs))
        if not per_value:
            return field_
        rows = np.concatenate(per_value)
        codes = np.repeat(np.arange(len(per_value), dtype=np.int32),
                          [len(a) for a in per_value])
        order = np.argsort(rows, kind="stable")  # each row's values together
        rows, codes = rows[order], codes[order]
        field_.rows, field_.codes = rows, codes
        field_.alive = np.ones(len(rows), dtype=bool)
        field_.used = len(rows)
        field_.top = int(rows[-1])
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        ends = np.r_[starts[1:], len(rows)]
        field_.spans = dict(zip(rows[starts].tolist(), zip(starts.tolist(), ends.tolist())))
        return field_

    def put(self, seq: int, values: list[str]) -> None:
        """The values of row ``seq`` (replacing any it had)."""
        self.drop(seq)
        if not values:
            return
        if self.used + len(values) > len(self.rows):
            self._make_room(len(values))
        start, end = self.used, self.used + len(values)
        for i, value in enumerate(values):
            code = self.code_of.get(value)
            if code is None:
                code = self.code_of[value] = len(self.vocabulary)
                self.vocabulary.append(value)
            self.codes[start + i] = code
        self.rows[start:end] = seq
        self.alive[start:end] = True
        self.used = end
        self.top = max(self.top, seq)
        self.spans[seq] = (start, end)

    def drop(self, seq: int) -> None:
        span = self.spans.pop(seq, None)
        if span is not None:
            self.alive[span[0]:span[1]] = False
            self.dead += span[1] - span[0]

    def _make_room(self, extra: int) -> None:
        if self.dead * 2 > self.used:
            self._compact()
        if self.used + extra <= len(self.rows):
            return
        size = max(self.used + extra, len(self.rows) * 2)
        for name in ("rows", "codes", "alive"):
            old = getattr(self, name)
            new = np.zeros(size, dtype=old.dtype)
            new[:self.used] = old[:self.used]
            setattr(self, name, new)

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive[:self.used])
        self.rows[:len(keep)] = self.rows[keep]
        self.codes[:len(keep)] = self.codes[keep]
        self.alive[:len(keep)] = True
        self.alive[len(keep):self.used] = False
        # each row's occurrences stay together and in order
        self.spans = {}
        if len(keep):
            rows = self.rows[:len(keep)]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            ends = np.r_[starts[1:], len(keep)]
            self.spans = {int(rows[s]): (int(s), int(e)) for s, e in zip(starts, ends)}
        self.used = len(keep)
        self.dead = 0

    def counts(self, matched: np.ndarray) -> np.ndarray:
        """Occurrences per code over the rows marked in ``matched``."""
        rows = self.rows[:self.used]
        if len(matched) <= self.top:
            matched = np.concatenate([matched, np.zeros(self.top + 1 - len(matched), dtype=bool)])
        selected = self.alive[:self.used] & matched[rows]
        return np.bincount(self.codes[:self.used][selected],
                           minlength=len(self.vocabulary))


class FacetMemory:
    """The copy of one index (an epoch of ``gdcatalog_search_state``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset(None)

    def reset(self, epoch: Optional[str]) -> None:
        self.epoch = epoch
        self.generation: Optional[int] = None
        self.since = 0             # transactions from this one on may be missing
        self.live: set[int] = set()
        self.fields: dict[str, _Field] = {}

    # -- keeping up with the index ---------------------------------------------

    def update(self, connection: Any, names: list[str]) -> bool:
        """Bring the copy to the connection's snapshot (a REPEATABLE READ
        transaction) with the fields ``names``. False when another thread
        has already moved it to a later state of the index: the caller
        counts by SQL then.

        The generation orders the states: index transactions bump it when
        they commit, one after the other (the counter's row lock), so a
        snapshot that sees generation G sees exactly the first G of them."""
        epoch, generation, xmin = connection.execute(sa.text(
            "SELECT s.epoch, s.generation, "
            "pg_snapshot_xmin(pg_current_snapshot())::text::bigint "
            "FROM gdcatalog_search_state s WHERE s.id = 1")).one()
        if epoch != self.epoch:
            self.reset(epoch)
        if self.generation is not None and generation < self.generation:
            return False
        if self.generation is not None and generation > self.generation and self.fields:
            self._apply_changes(connection)
            live = connection.execute(sa.text(f"SELECT count(*) FROM {TABLE}")).scalar()
            if len(self.live) != live:  # a TRUNCATE, or removals older than the log
                loaded = list(self.fields)
                self.reset(epoch)
                self._load(connection, loaded)
        if self.generation is None or generation > self.generation:
            # every transaction before xmin had ended: its changes are in
            self.generation, self.since = generation, xmin
        absent = [n for n in names if n not in self.fields]
        if absent:
            self._load(connection, absent)
        for name in names:  # most recently used last
            self.fields[name] = self.fields.pop(name)
        while len(self.fields) > MAX_FIELDS:  # any field may be asked for: bound the copy
            del self.fields[next(iter(self.fields))]
        return True

    def _load(self, connection: Any, names: list[str]) -> None:
        """Read ``names`` whole; the first fields also give the live rows.
        PostgreSQL groups the rows by value, so that the copy is built from
        arrays (a second at 100,000 datasets rather than several, row by
        row)."""
        if not self.fields:
            self.live = set(parse_seqs(connection.execute(sa.text(
                f"SELECT string_agg(d.seq::text, ',') FROM {TABLE} d")).scalar()).tolist())
        for name in names:
            self.fields[name] = _Field.from_groups(connection.execute(*_grouped(name)))

    def _apply_changes(self, connection: Any) -> None:
        for (seq,) in connection.execute(sa.text(
                f"SELECT seq FROM {REMOVED} WHERE txid >= :since"), {"since": self.since}):
            self.live.discard(seq)
            for values in self.fields.values():
                values.drop(seq)
        names = list(self.fields)
        params: dict[str, Any] = {"since": self.since}
        columns = ", ".join(_expression(n, params) for n in names)
        for seq, *values in connection.execute(sa.text(
                f"SELECT d.seq, {columns} FROM {TABLE} d WHERE d.changed_txid >= :since"),
                params):
            self.live.add(seq)
            for name, raw in zip(names, values):
                self.fields[name].put(seq, _values(raw))

    # -- counting -----------------------------------------------------------------

    def count(self, matched: np.ndarray, name: str, options: "Options") -> list[Any]:
        """Solr's facet.field answer for one field, [value, count, ...], over
        the rows marked in ``matched`` (see :func:`mask`)."""
        values = self.fields[name]
        counts = values.counts(matched)
        codes = np.flatnonzero(counts >= max(options.mincount, 1))
        vocabulary = values.vocabulary
        if options.prefix is not None:
            codes = np.array([c for c in codes if vocabulary[c].startswith(options.prefix)],
                             dtype=np.int64)
        # PostgreSQL's ORDER BY ... v COLLATE "C": code point order of UTF-8
        def key_bytes(code: int) -> bytes:
            return vocabulary[code].encode("utf-8")
        if options.by_index:
            ordered = sorted(codes.tolist(), key=key_bytes)
        else:
            ordered = sorted(codes.tolist(), key=lambda c: (-int(counts[c]), key_bytes(c)))
        ordered = ordered[options.offset:]
        if options.limit >= 0:
            ordered = ordered[:options.limit]
        out: list[Any] = []
        for code in ordered:
            out.extend([vocabulary[code], int(counts[code])])
        return out


@dataclass
class Options:
    limit: int
    mincount: int
    offset: int
    by_index: bool
    prefix: Optional[str]


def parse_seqs(text: Optional[str]) -> np.ndarray:
    """``string_agg(seq::text, ',')`` as an integer array."""
    if not text:
        return _EMPTY
    return np.fromstring(text, dtype=np.int64, sep=",")


def mask(seqs: np.ndarray) -> np.ndarray:
    """The matched rows as a boolean array indexed by seq."""
    matched = np.zeros(int(seqs.max()) + 1 if len(seqs) else 0, dtype=bool)
    matched[seqs] = True
    return matched


_MEMORY = FacetMemory()


def memory() -> FacetMemory:
    return _MEMORY


def forget() -> None:
    """In a forked child: a copy of its own (the parent's lock may have been
    held when it forked)."""
    global _MEMORY
    _MEMORY = FacetMemory()

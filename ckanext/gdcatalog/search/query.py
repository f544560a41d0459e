"""Translate Solr query syntax (Lucene q/fq, CKAN's dismax q) into SQL
conditions over the index table.

The Lucene parse is luqum's; this module only decides what each node means
for our storage: string fields match whole values through the ``fields``
jsonb (GIN ``@>``), text fields match analysed terms through tsvectors,
dates and numbers compare in their normalised forms.

Limits (each answers as stated, or fails with a QueryError that CKAN
reports as an invalid search query):

* a query nests at most MAX_DEPTH levels (groups, NOT, fields in fields)
  and a request holds at most MAX_TERMS terms, over q and every fq (Solr's
  maxBooleanClauses is 1024 too);
* a term longer than the index keeps (MAX_LEXEME_BYTES) matches nothing,
  as none is indexed;
* fuzzy terms (``term~2``) match the exact term; proximity phrases
  (``"a b"~3``) match all their words in any order; boosts (``^2``) are
  accepted and do not change the ranking;
* regular expressions (``/.../``) match whole values of string fields and
  single indexed terms of text fields, as in Solr;
* ``*`` is a field name only in ``*:*``; stored-only fields (``data_dict``,
  ``validated_data_dict``) cannot be searched;
* one word cannot mix escaped and unescaped wildcards (``foo\\*bar*``);
* local parameters other than ``{!lucene}``, ``{!dismax}`` and
  ``{!edismax}`` are refused (CKAN refuses most before they reach us);
* ``title_ngram``/``name_ngram`` (package_autocomplete) match substrings
  of any length from 2, where Solr's grams stop at 10 characters.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from luqum import tree
from luqum.parser import parser as _lucene_parser

from ckanext.gdcatalog.search import analysis, datemath
from ckanext.gdcatalog.search.errors import QueryError
from ckanext.gdcatalog.search.fields import (
    ARRAY_COLUMNS, CATCH_ALL, COLUMNS, DATE_COLUMNS, NGRAM_SOURCES, Kind,
    format_date, kind_of,
    normalise_int)

# ``d`` is the index table's alias in every statement (see store.py).

# Deeper nesting than any person writes; it keeps the compiler's recursion
# and PostgreSQL's expression depth far from their limits.
MAX_DEPTH = 50
MAX_TERMS = 1024
# PostgreSQL's lexemes are shorter than 2 KiB: the index leaves out longer
# ones (document.py), and a tsquery refuses them.
MAX_LEXEME_BYTES = 2046

MSG_EMPTY = "the query is empty"
MSG_TOO_DEEP = "the query is nested too deeply (at most %(limit)s levels)"
MSG_TOO_MANY_TERMS = "the search has too many terms (at most %(limit)s)"
MSG_UNBALANCED_PARENTHESES = "unbalanced parentheses"
MSG_UNBALANCED_BRACKETS = "unbalanced brackets of a range: [a TO b] or {a TO b}"
MSG_UNCLOSED_QUOTE = "a quotation mark is not closed"
MSG_INCOMPLETE = "the query ends too early: a term is missing after the last operator or field"
MSG_UNEXPECTED = 'unexpected "%(token)s" in the query'
MSG_CANNOT_PARSE = "the query cannot be read"
MSG_UNSUPPORTED = "unsupported query syntax: %(syntax)s"
MSG_STAR_FIELD = "only *:* may use * as a field name"
MSG_MIXED_WILDCARDS = "escaped wildcards cannot be mixed with wildcards: %(word)s"
MSG_BAD_REGEX = "invalid regular expression %(regex)s"
MSG_IN_FIELD = "%(field)s: %(problem)s"
MSG_EXPECTS_NUMBER = '%(field)s expects a number, got "%(value)s"'
MSG_EXPECTS_WHOLE_NUMBER = '%(field)s expects a whole number, got "%(value)s"'
MSG_NOT_SEARCHABLE = "field %(field)s is not searchable"
MSG_BAD_MM = 'invalid mm (minimum match) "%(value)s"'


class Params:
    """Collects bind parameters for one SQL statement, and counts its terms
    (every query compiled into the statement shares MAX_TERMS)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.terms = 0

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"

    def count_terms(self, count: int) -> None:
        self.terms += count
        if self.terms > MAX_TERMS:
            raise QueryError(MSG_TOO_MANY_TERMS, limit=MAX_TERMS)


def indexable(lexeme: str) -> bool:
    """Whether the index can hold the lexeme (longer ones are left out of
    it, and PostgreSQL refuses them in a tsquery)."""
    return len(lexeme.encode()) <= MAX_LEXEME_BYTES


def tsquery_lexeme(term: str, prefix: bool = False) -> str:
    quoted = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def field_lexeme(field_name: str, term: str) -> str:
    """Spelling of a term of a non-catch-all text field in ``ftsv``."""
    return f"{field_name}:{term}"


# -- words with escapes and wildcards ------------------------------------

@dataclass
class Pattern:
    """A query word: literal text, or a wildcard pattern (* and ?)."""
    text: str
    wildcard: bool

    @property
    def only_trailing_star(self) -> bool:
        return self.wildcard and self.text.endswith("*") and \
            "*" not in self.text[:-1] and "?" not in self.text

    def like(self) -> str:
        out = []
        for ch in self.text:
            if ch == "*":
                out.append("%")
            elif ch == "?":
                out.append("_")
            elif ch in "%_\\":
                out.append("\\" + ch)
            else:
                out.append(ch)
        return "".join(out)


def parse_word(raw: str) -> Pattern:
    out = []
    wildcard = False
    escaped = False
    for ch in raw:
        if escaped:
            # An escaped wildcard is literal: store it out of band.
            out.append("\x00" + ch if ch in "*?" else ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            if ch in "*?":
                wildcard = True
            out.append(ch)
    text = "".join(out)
    if not wildcard:
        return Pattern(text.replace("\x00", ""), False)
    # Literal wildcards inside a pattern become LIKE-escaped later; keep
    # them simple by refusing the rare mix.
    if "\x00" in text:
        raise QueryError(MSG_MIXED_WILDCARDS, word=raw[:40])
    return Pattern(text, True)


def phrase_text(raw: str) -> str:
    inner = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw
    return re.sub(r"\\(.)", r"\1", inner)


# -- compiler ------------------------------------------------------------

@dataclass
class Compiled:
    sql: Optional[str]  # None: the query constrains nothing (e.g. "!!!")
    rank_terms: list[str] = field(default_factory=list)


TRUE = "TRUE"
FALSE = "FALSE"


class LuceneCompiler:
    def __init__(self, params: Params, default_field: str = CATCH_ALL,
                 default_operator: str = "AND",
                 now: dt.datetime | None = None) -> None:
        self.params = params
        self.default_field = default_field
        self.default_and = default_operator.upper() != "OR"
        self.now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        self.rank_terms: list[str] = []

    # entry points
    def compile_text(self, text: str) -> str:
        node, terms = parse_counted(text)  # no deeper than MAX_DEPTH
        self.params.count_terms(terms)
        sql = self.node(node, None)
        return sql if sql is not None else FALSE

    # boolean structure
    def node(self, node: tree.Item, fld: Optional[str]) -> Optional[str]:
        handler: Callable[[Any, Optional[str]], Optional[str]] | None = \
            getattr(self, "_" + type(node).__name__, None)
        if handler is None:
            raise QueryError(MSG_UNSUPPORTED, syntax=str(node).strip()[:40])
        return handler(node, fld)

    def _SearchField(self, node: tree.SearchField, fld: Optional[str]) -> Optional[str]:
        name = node.name
        if name == "*":
            if isinstance(node.expr, tree.Word) and node.expr.value == "*":
                return TRUE
            raise QueryError(MSG_STAR_FIELD)
        return self.node(node.expr, name)

    def _Group(self, node: tree.Group, fld: Optional[str]) -> Optional[str]:
        return self.node(node.expr, fld)

    _FieldGroup = _Group

    def _Boost(self, node: tree.Boost, fld: Optional[str]) -> Optional[str]:
        return self.node(node.expr, fld)

    def _Fuzzy(self, node: tree.Fuzzy, fld: Optional[str]) -> Optional[str]:
        return self.node(node.term, fld)

    def _Proximity(self, node: tree.Proximity, fld: Optional[str]) -> Optional[str]:
        # Sloppy phrase: every word, in any order.
        words = " ".join(phrase_text(node.term.value).split())
        return self.terms_all(fld or self.default_field, words)

    def _Not(self, node: tree.Not, fld: Optional[str]) -> Optional[str]:
        inner = self.node(node.a, fld)
        return None if inner is None else f"NOT ({inner})"

    _Prohibit = _Not

    def _Plus(self, node: tree.Plus, fld: Optional[str]) -> Optional[str]:
        return self.node(node.a, fld)

    def _AndOperation(self, node: tree.AndOperation, fld: Optional[str]) -> Optional[str]:
        return self.combine(node.children, fld, all_required=True)

    def _OrOperation(self, node: tree.OrOperation, fld: Optional[str]) -> Optional[str]:
        return self.combine(node.children, fld, all_required=False)

    def _UnknownOperation(self, node: tree.UnknownOperation, fld: Optional[str]) -> Optional[str]:
        return self.combine(node.children, fld, all_required=self.default_and)

    def combine(self, children: Any, fld: Optional[str], all_required: bool) -> Optional[str]:
        """Lucene boolean clauses: +required, -prohibited, and optional ones
        that are required under AND and alternatives under OR."""
        required, prohibited, optional = [], [], []
        for child in children:
            if isinstance(child, tree.Plus):
                bucket, child = required, child.a
            elif isinstance(child, (tree.Prohibit, tree.Not)):
                bucket, child = prohibited, child.a
            else:
                bucket = required if all_required else optional
            sql = self.node(child, fld)
            if sql is not None:
                bucket.append(sql)
        parts = [f"({s})" for s in required]
        if optional and not required:
            parts.append("(" + " OR ".join(f"({s})" for s in optional) + ")")
        parts.extend(f"NOT ({s})" for s in prohibited)
        if not parts:
            return None
        return " AND ".join(parts)

    # terms
    def _Word(self, node: tree.Word, fld: Optional[str]) -> Optional[str]:
        name = fld or self.default_field
        if node.value == "*":
            return self.exists(name)
        return self.match(name, parse_word(node.value))

    def _Phrase(self, node: tree.Phrase, fld: Optional[str]) -> Optional[str]:
        name = fld or self.default_field
        return self.match(name, Pattern(phrase_text(node.value), False), phrase=True)

    def _Regex(self, node: tree.Regex, fld: Optional[str]) -> Optional[str]:
        name = fld or self.default_field
        regex = "^(?:" + node.value[1:-1] + ")$"
        try:
            re.compile(regex)
        except (re.error, RecursionError):  # Python's parser recurses into groups
            raise QueryError(MSG_BAD_REGEX, regex=node.value[:80]) from None
        return self.values_where(name, f"x ~ {self.params.add(regex)}")

    def _Range(self, node: tree.Range, fld: Optional[str]) -> Optional[str]:
        name = fld or self.default_field
        kind = kind_of(name)
        # A bound is usually a Word, but luqum reads "-1" in [-1 TO 5] as a
        # prohibited term: take each bound's text as written.
        low_text, high_text = str(node.low).strip(), str(node.high).strip()
        low = None if low_text == "*" else self.bound(name, kind, low_text)
        high = None if high_text == "*" else self.bound(name, kind, high_text)
        if low is None and high is None:
            return self.exists(name)
        if name in DATE_COLUMNS:
            conds = []
            if low is not None:
                conds.append(f"d.{name} {'>=' if node.include_low else '>'} "
                             f"CAST({self.params.add(low)} AS timestamp)")
            if high is not None:
                conds.append(f"d.{name} {'<=' if node.include_high else '<'} "
                             f"CAST({self.params.add(high)} AS timestamp)")
            return " AND ".join(conds)
        value = "CAST(x AS numeric)" if kind is Kind.INT else 'x COLLATE "C"'
        conds = []
        if low is not None:
            conds.append(f"{value} {'>=' if node.include_low else '>'} {self.params.add(low)}")
        if high is not None:
            conds.append(f"{value} {'<=' if node.include_high else '<'} {self.params.add(high)}")
        return self.values_where(name, " AND ".join(conds))

    def bound(self, name: str, kind: Kind, raw: str) -> Any:
        text = phrase_text(raw) if raw.startswith('"') else parse_word(raw).text
        if kind is Kind.DATE:
            try:
                return format_date(datemath.evaluate(text, self.now))
            except datemath.DateMathError as exc:
                raise QueryError(MSG_IN_FIELD, field=name, problem=exc) from None
        if kind is Kind.INT:
            try:
                return float(text)
            except ValueError:
                raise QueryError(MSG_EXPECTS_NUMBER, field=name, value=text[:40]) from None
        if kind is Kind.TEXT:
            terms = analysis.query_terms(text)
            return terms[0] if terms else text.lower()
        return text

    # atoms by field kind
    def exists(self, name: str) -> str:
        kind = kind_of(name)
        if name == CATCH_ALL:
            return TRUE
        if kind is Kind.TEXT:
            return self.values_where(name, TRUE)
        if name in DATE_COLUMNS:
            return f"d.{name} IS NOT NULL"
        if kind is Kind.NGRAM:
            return f"d.{NGRAM_SOURCES[name]} IS NOT NULL"
        if name in COLUMNS:
            return f"d.{COLUMNS[name]} IS NOT NULL"
        if name in ARRAY_COLUMNS:
            return f"cardinality(d.{name}) > 0"
        return f"d.fields ? {self.params.add(name)}"

    def values_where(self, name: str, condition: str) -> str:
        """Some value (string kinds) or indexed term (text kinds) of the
        field, as ``x``, meets ``condition``."""
        kind = kind_of(name)
        if kind is Kind.TEXT:
            if name == CATCH_ALL:
                return f"EXISTS (SELECT 1 FROM unnest(d.tsv) u(x) WHERE {condition})"
            prefix = self.params.add(len(name) + 2)
            starts = self.params.add(name + ":")
            return (f"EXISTS (SELECT 1 FROM (SELECT substr(u.lexeme, {prefix}) AS x "
                    f"FROM unnest(d.ftsv) u WHERE starts_with(u.lexeme, {starts})) t "
                    f"WHERE {condition})")
        if kind is Kind.STORED:
            raise QueryError(MSG_NOT_SEARCHABLE, field=name)
        if kind is Kind.NGRAM:
            return (f"EXISTS (SELECT 1 FROM (SELECT lower(d.{NGRAM_SOURCES[name]}) AS x) v "
                    f"WHERE {condition})")
        if name in COLUMNS:
            return f"EXISTS (SELECT 1 FROM (SELECT d.{COLUMNS[name]} AS x) v WHERE {condition})"
        if name in ARRAY_COLUMNS:
            return f"EXISTS (SELECT 1 FROM unnest(d.{name}) v(x) WHERE {condition})"
        if name in DATE_COLUMNS:
            return (f"EXISTS (SELECT 1 FROM (SELECT to_char(d.{name}, "
                    f"'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS x) v WHERE {condition})")
        return (f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(d.fields -> "
                f"{self.params.add(name)}) v(x) WHERE {condition})")

    def match(self, name: str, pattern: Pattern, phrase: bool = False) -> Optional[str]:
        kind = kind_of(name)
        if kind is Kind.STORED:
            raise QueryError(MSG_NOT_SEARCHABLE, field=name)
        if kind is Kind.NGRAM:
            return self.ngram(name, pattern)
        if kind is Kind.TEXT:
            if pattern.wildcard:
                return self.text_wildcard(name, pattern)
            # One word that analysis splits ("dept-b", "e_mail", "v2.1") is
            # matched as a phrase, as Lucene does with
            # autoGeneratePhraseQueries; a Thai run keeps all-terms matching,
            # since how it segments depends on its context.
            if not analysis.has_thai(pattern.text):
                phrase = True
            return self.terms_all(name, pattern.text, phrase=phrase)
        if pattern.wildcard:
            return self.values_where(name, f"x LIKE {self.params.add(pattern.like())}")
        if kind is Kind.DATE:
            try:
                value = format_date(datemath.evaluate(pattern.text, self.now))
            except datemath.DateMathError as exc:
                raise QueryError(MSG_IN_FIELD, field=name, problem=exc) from None
        elif kind is Kind.INT:
            value = normalise_int(pattern.text)
            if value is None:
                raise QueryError(MSG_EXPECTS_WHOLE_NUMBER, field=name,
                                 value=pattern.text[:40])
        else:
            value = pattern.text
        if name in COLUMNS:
            return f"d.{COLUMNS[name]} = {self.params.add(value)}"
        if name in ARRAY_COLUMNS:
            return f"CAST({self.params.add(value)} AS text) = ANY(d.{name})"
        if name in DATE_COLUMNS:
            return f"d.{name} = CAST({self.params.add(value)} AS timestamp)"
        doc = json.dumps({name: [value]}, ensure_ascii=False)
        return f"d.fields @> CAST({self.params.add(doc)} AS jsonb)"

    def ngram(self, name: str, pattern: Pattern) -> str:
        """Solr's text_ngram fields hold every 2-10 letter substring of
        the lowercased source; we accept a substring of any length >= 2
        (so that long Thai words complete too)."""
        text = " ".join(pattern.text.lower().split())
        if len(text.replace("*", "").replace("?", "")) < 2:
            return FALSE
        if pattern.wildcard:
            like = "%" + Pattern(text, True).like() + "%"
            return self.values_where(name, f"x LIKE {self.params.add(like)}")
        return f"strpos(lower(d.{NGRAM_SOURCES[name]}), {self.params.add(text)}) > 0"

    def text_wildcard(self, name: str, pattern: Pattern) -> str:
        if pattern.only_trailing_star:
            stem = analysis.normalise_prefix(pattern.text[:-1])
            if not stem:
                return self.exists(name)
            if not indexable(stem if name == CATCH_ALL else field_lexeme(name, stem)):
                return FALSE
            if name == CATCH_ALL:
                self.rank_terms.append(tsquery_lexeme(stem, prefix=True))
                return f"d.tsv @@ CAST({self.params.add(tsquery_lexeme(stem, True))} AS tsquery)"
            lexeme = tsquery_lexeme(field_lexeme(name, stem), prefix=True)
            return f"d.ftsv @@ CAST({self.params.add(lexeme)} AS tsquery)"
        like = Pattern(analysis.normalise_prefix(pattern.text), True).like()
        return self.values_where(name, f"x LIKE {self.params.add(like)}")

    def terms_all(self, name: str, text: str, phrase: bool = False) -> Optional[str]:
        terms = analysis.query_terms(text)
        if not terms:
            return None
        # Each word of a phrase is a term of the tsquery (the first one was
        # counted as the query's term): PostgreSQL runs out of stack on a
        # phrase of some thousands.
        self.params.count_terms(len(terms) - 1)
        if not all(indexable(t if name == CATCH_ALL else field_lexeme(name, t)) for t in terms):
            return FALSE  # every term must match, and that one is in no document
        joiner = " <-> " if phrase else " & "
        if name == CATCH_ALL:
            self.rank_terms.extend(tsquery_lexeme(t) for t in terms)
            query = joiner.join(tsquery_lexeme(t) for t in terms)
            return f"d.tsv @@ CAST({self.params.add(query)} AS tsquery)"
        if name in ("title", "notes"):
            self.rank_terms.extend(tsquery_lexeme(t) for t in terms)
        query = joiner.join(tsquery_lexeme(field_lexeme(name, t)) for t in terms)
        return f"d.ftsv @@ CAST({self.params.add(query)} AS tsquery)"


_parse_lock = threading.Lock()


_SPACE = " \t\r\n\u3000"


def spell_operators(text: str) -> str:
    """Lucene also spells AND, OR and NOT as ``&&``, ``||`` and ``!``;
    luqum knows only the words. ``&&``/``||`` are operators when they stand
    alone (Lucene reads ``a&&b`` as one term), ``!`` when it starts a
    clause; quoted and escaped characters are left alone."""
    out: list[str] = []
    i, n, quoted = 0, len(text), False
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i:i + 2])
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            before = text[i - 1] if i else " "
            pair = text[i:i + 2]
            if pair in ("&&", "||") and (before in _SPACE or before in "()") and \
                    (i + 2 == n or text[i + 2] in _SPACE or text[i + 2] in "()"):
                out.append(" AND " if pair == "&&" else " OR ")
                i += 2
                continue
            if ch == "!" and (before in _SPACE or before in "(") and \
                    i + 1 < n and text[i + 1] not in _SPACE:
                out.append(" NOT ")
                i += 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


class QuerySyntaxError(QueryError):
    """Text that is not Lucene syntax (dismax reads it as words instead)."""


def parse_lucene(text: str) -> tree.Item:
    """The query's tree, at most MAX_DEPTH deep."""
    return parse_counted(text)[0]


def parse_counted(text: str) -> tuple[tree.Item, int]:
    """The query's tree, at most MAX_DEPTH deep, and its number of terms
    (one walk of the tree does both). luqum's PLY parser keeps state between
    calls: serialise them."""
    if not text.strip():
        raise QuerySyntaxError(MSG_EMPTY)
    spelled = spell_operators(text)
    with _parse_lock:
        try:
            node = _lucene_parser.parse(spelled)
        except Exception as exc:  # luqum raises several kinds
            raise syntax_problem(spelled, exc) from None
    # Checks the depth before anything recurses over the tree.
    return node, term_count(node)


def term_count(node: tree.Item) -> int:
    """The terms (leaves) of a tree; QueryError if it is deeper than
    MAX_DEPTH. Iterative: the tree may be thousands of levels deep."""
    count, stack = 0, [(node, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise QueryError(MSG_TOO_DEEP, limit=MAX_DEPTH)
        children = item.children
        if not children:
            count += 1
        stack.extend((child, depth + 1) for child in children)
    return count


_UNEXPECTED_TOKEN = re.compile(r"unexpected\s+'(.+)' at position \d+")
_ILLEGAL_CHARACTER = re.compile(r"Illegal character '(.+)' at position \d+")


def syntax_problem(text: str, error: Exception) -> QuerySyntaxError:
    """What is wrong with text luqum could not parse, as a user can fix it:
    unbalanced parentheses, brackets or quotes first (luqum's own message
    names only the token where it stopped)."""
    parentheses = brackets = 0
    quoted = escaped = unbalanced = False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "()":
            parentheses += 1 if ch == "(" else -1
            unbalanced = unbalanced or parentheses < 0
        elif ch in "[]{}":
            brackets += 1 if ch in "[{" else -1
    if quoted:
        return QuerySyntaxError(MSG_UNCLOSED_QUOTE)
    if unbalanced or parentheses:
        return QuerySyntaxError(MSG_UNBALANCED_PARENTHESES)
    if brackets:
        return QuerySyntaxError(MSG_UNBALANCED_BRACKETS)
    message = str(error)
    if "unexpected end of expression" in message:
        return QuerySyntaxError(MSG_INCOMPLETE)
    token = _UNEXPECTED_TOKEN.search(message) or _ILLEGAL_CHARACTER.search(message)
    if token and token.group(1).strip():
        return QuerySyntaxError(MSG_UNEXPECTED, token=token.group(1).strip()[:40])
    return QuerySyntaxError(MSG_CANNOT_PARSE)


# -- dismax --------------------------------------------------------------

# sign, "phrase" with its ~slop (and a ^boost, ignored), or a word
_DISMAX_CLAUSE = re.compile(r'([+-]?)(?:"([^"]*)"(?:~(\d+))?(?:\^[\d.]+)?|(\S+))')
_WORD_SUFFIX = re.compile(r"(?<!\\)[~^][\d.]*$")  # fuzzy ~2 or boost ^2 after a word
_OPERATORS = re.compile(r'(^|\s)(AND|OR|NOT|&&|\|\|)(\s|$)|(^|[\s(])![^\s]|[()]')


def minimum_match(spec: str, optional: int) -> int:
    """How many of ``optional`` clauses must match under Solr's ``mm``
    (e.g. "2<-1 5<80%": up to 2 all, up to 5 all but one, then 80%)."""
    spec = (spec or "100%").strip()

    def apply(expr: str) -> int:
        expr = expr.strip()
        if expr.endswith("%"):
            pct = int(expr[:-1])
            count = int(optional * abs(pct) / 100)
            return optional - count if pct < 0 else count
        value = int(expr)
        return optional + value if value < 0 else value

    try:
        if "<" not in spec:
            result = apply(spec)
        else:
            result = optional
            for condition in spec.split():
                limit, expr = condition.split("<", 1)
                if optional > int(limit):
                    result = apply(expr)
    except ValueError:
        raise QueryError(MSG_BAD_MM, value=spec[:40]) from None
    return max(0, min(optional, result))


def compile_dismax(text: str, params: Params, mm: str, qf: str,
                   now: dt.datetime | None = None) -> Compiled:
    """CKAN sends plain q through dismax: terms and "phrases", +/- marks,
    spread over the qf fields, with a minimum number of matching terms.
    Boolean operators and parentheses are honoured as edismax does; dismax
    never fails on syntax, so unparseable input degrades to plain terms."""
    fields = [f.split("^")[0] for f in (qf or CATCH_ALL).split()]
    if CATCH_ALL in fields:
        fields = [CATCH_ALL]  # every qf field is copied into it
    compiler = LuceneCompiler(params, CATCH_ALL, "AND", now)

    def clause(pattern: Pattern, phrase: bool) -> Optional[str]:
        alternatives = [s for s in (compiler.match(f, pattern, phrase) for f in fields) if s]
        if not alternatives:
            return None
        return " OR ".join(f"({a})" for a in alternatives)

    def sloppy(words: str) -> Optional[str]:
        """"a b"~3: every word, in any order (as _Proximity)."""
        alternatives = [s for s in (
            compiler.terms_all(f, words) if kind_of(f) is Kind.TEXT
            else compiler.match(f, Pattern(words, False), True) for f in fields) if s]
        if not alternatives:
            return None
        return " OR ".join(f"({a})" for a in alternatives)

    if _OPERATORS.search(text):
        try:
            node, terms = parse_counted(text)
        except QuerySyntaxError:  # the limits are not syntax: they fail here too
            node, terms = None, 0
        if node is not None and not _has_field(node):
            params.count_terms(terms)
            return Compiled(compiler.node(node, None), compiler.rank_terms)

    required, prohibited, optional = [], [], []
    clauses = _DISMAX_CLAUSE.findall(text.replace('"', ' " ') if text.count('"') % 2 else text)
    params.count_terms(len(clauses))
    for sign, phrase, slop, word in clauses:
        if word == '"':
            continue
        if phrase and slop:
            sql = sloppy(phrase)
        elif phrase:
            sql = clause(Pattern(phrase, False), True)
        else:
            word = _WORD_SUFFIX.sub("", word) or word
            sql = clause(Pattern(re.sub(r"\\(.)", r"\1", word), False), False)
        if sql is None:
            continue
        {"+": required, "-": prohibited}.get(sign, optional).append(sql)
    parts = [f"({s})" for s in required]
    if optional:
        need = minimum_match(mm, len(optional))
        if need >= len(optional):
            parts.extend(f"({s})" for s in optional)
        elif need > 0:
            any_of = " OR ".join(f"({s})" for s in optional)
            count = " + ".join(f"(CASE WHEN {s} THEN 1 ELSE 0 END)" for s in optional)
            parts.append(f"({any_of}) AND ({count}) >= {need}")
        elif not required:
            parts.append("(" + " OR ".join(f"({s})" for s in optional) + ")")
    parts.extend(f"NOT ({s})" for s in prohibited)
    return Compiled(" AND ".join(parts) if parts else None, compiler.rank_terms)


def _has_field(node: tree.Item) -> bool:
    if isinstance(node, tree.SearchField):
        return True
    return any(_has_field(c) for c in node.children)

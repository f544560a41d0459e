"""The catalog's ``q`` and ``fq``, matched against each dataset as the
catalog publishes it.

A catalog search runs with the site's rights over public datasets and
consented private ones (exposure.py). Matched as written, ``q`` and ``fq``
would read the whole index document of a metadata-only record, its
resources and landing page included, and the count would tell, a character
at a time with prefix searches, what the record leaves out. Each of them is
therefore written again as two branches:

- a dataset published in full (``gdc_publication:full``) matches the query
  as it was written;
- a metadata-only record (``gdc_publication:metadata``) matches the same
  query with each term of the catch-all ``text`` (words without a field)
  read from ``gdc_published_text``, each term of a field it publishes
  (published_fields.py) as it was, and each term of any other field
  replaced by one that matches nothing.

So a metadata-only record matches, or not, exactly as a document holding
only what it publishes would; a dataset indexed without the marker (before
the index was rebuilt) matches neither branch. The query is parsed and
written again from its tree, never pasted in: its text cannot close the
branch it stands in. ``q`` without a field is read as Lucene too (every word
must match, where the dataset search page reads it with dismax); words that
Lucene cannot read are taken literally.
"""
from __future__ import annotations

import re
from typing import Optional

from ckan.lib.search import SearchQueryError
from luqum import tree

from ckanext.gdcatalog.dcat.exposure import Level
from ckanext.gdcatalog.dcat.published_fields import MARKER, PUBLISHED_TEXT, published_fields
from ckanext.gdcatalog.search.errors import QueryError
from ckanext.gdcatalog.search.fields import CATCH_ALL
from ckanext.gdcatalog.search.query import (
    MSG_STAR_FIELD, MSG_UNSUPPORTED, QuerySyntaxError, parse_lucene)

# No document has this value: the term of a field a record does not publish.
NOTHING = f"{MARKER}:none"

_TERMS = (tree.Word, tree.Phrase, tree.Regex, tree.Range, tree.Fuzzy, tree.Proximity)
_OPERATORS = {tree.AndOperation: " AND ", tree.OrOperation: " OR ", tree.UnknownOperation: " "}
_PREFIXES = {tree.Not: "NOT ", tree.Prohibit: "-", tree.Plus: "+"}
# What Lucene reads as syntax inside a word.
_SYNTAX = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def scoped(q: Optional[str], fq: Optional[str]) -> tuple[str, str]:
    """``q`` and ``fq`` for package_search: ``*:*`` and ``""`` when they
    constrain nothing. SearchQueryError (the caller's mistake) when one
    cannot be read."""
    q = (q or "").strip()
    try:
        return (_scoped(q, plain=":" not in q) or "*:*",
                _scoped((fq or "").strip(), plain=False) or "")
    except QueryError as error:
        raise SearchQueryError(error.translated()) from None


def _scoped(text: str, plain: bool) -> Optional[str]:
    if not text:
        return None
    node = _parse(text, plain)
    if _everything(node):
        return None
    full = _render(node, None, published=False)
    metadata = _render(node, None, published=True)
    # Whole, and required: CKAN appends " +state:(active)" to fq.
    return (f"+(({MARKER}:{Level.FULL.value} AND ({full})) OR "
            f"({MARKER}:{Level.METADATA.value} AND ({metadata})))")


def _parse(text: str, plain: bool) -> tree.Item:
    try:
        return parse_lucene(text)
    except QuerySyntaxError:
        if not plain:
            raise
    # As dismax would: words, with their + or - mark.
    words = []
    for word in text.split():
        sign = word[0] if len(word) > 1 and word[0] in "+-" else ""
        words.append(sign + _SYNTAX.sub(r"\\\1", word[len(sign):]))
    return parse_lucene(" ".join(words))


def _everything(node: tree.Item) -> bool:
    return isinstance(node, tree.SearchField) and node.name == "*" and \
        isinstance(node.expr, tree.Word) and node.expr.value == "*"


def _render(node: tree.Item, field: Optional[str], published: bool) -> str:
    """Lucene text of ``node`` whose terms are those of the branch: as
    written, or (``published``) as a metadata-only record may match them."""
    if isinstance(node, tree.SearchField):
        if node.name == "*":
            if _everything(node):
                return "*:*"
            raise QueryError(MSG_STAR_FIELD)
        return _render(node.expr, node.name, published)
    if isinstance(node, (tree.Group, tree.FieldGroup)):
        return f"({_render(node.expr, field, published)})"
    if isinstance(node, tree.Boost):  # a catalog page is not ranked
        return _render(node.expr, field, published)
    if type(node) in _PREFIXES:
        return _PREFIXES[type(node)] + _operand(node.a, field, published)
    if type(node) in _OPERATORS:
        return _OPERATORS[type(node)].join(
            _operand(child, field, published) for child in node.children)
    if isinstance(node, _TERMS):
        return _term(field or CATCH_ALL, str(node).strip(), published)
    raise QueryError(MSG_UNSUPPORTED, syntax=str(node).strip()[:40])


def _operand(node: tree.Item, field: Optional[str], published: bool) -> str:
    # An operation inside another keeps its place by parentheses, whatever
    # precedence the search server gives the operators.
    text = _render(node, field, published)
    return f"({text})" if type(node) in _OPERATORS else text


def _term(field: str, term: str, published: bool) -> str:
    if not published:
        return f"{field}:{term}"
    if field == CATCH_ALL:
        return f"{PUBLISHED_TEXT}:{term}"
    if field in published_fields():
        return f"{field}:{term}"
    return NOTHING

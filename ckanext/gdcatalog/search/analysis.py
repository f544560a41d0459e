"""Text analysis shared by indexing and querying: Thai word segmentation,
Thai compound splitting, English stemming and case/accent folding.

Index and query go through the same functions, so a term found in a title
is spelled in the index exactly as the query spells it.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

from ckanext.gdcatalog.thai import ensure_pythainlp_data_dir

ensure_pythainlp_data_dir()

import snowballstemmer  # noqa: E402
from pythainlp.tokenize import word_dict_trie, word_tokenize  # noqa: E402
from pythainlp.util import Trie, normalize as thai_normalize  # noqa: E402

_THAI = re.compile(r"[\u0E00-\u0E7F]")
# A run of letters or of digits; everything else separates terms (Solr's
# WordDelimiter splits "data-set", "e_mail" and "PM2.5" the same way).
_LATIN_PARTS = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
# Thai letters, with any zero-width characters between them
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+(?:[\u200B-\u200D\u2060\uFEFF]+[\u0E00-\u0E7F]+)*")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_MIN_COMPOUND = 4  # shorter Thai words are not split further

_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Token:
    """One term at one position; ``alternatives`` share that position."""
    term: str
    position: int
    subterms: tuple[str, ...] = ()


def _dictionary() -> Trie:
    # The dictionary word_tokenize itself uses (built once, lazily): a Trie
    # of PyThaiNLP's 62,000 words takes seconds to build, so not a second one.
    return word_dict_trie()


def has_thai(text: str) -> bool:
    return bool(_THAI.search(text))


def _fold_latin(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())  # casefold: ß -> ss
    return "".join(c for c in word if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def normalise_term(word: str) -> str:
    """The index spelling of one word: Thai normalised, Latin folded and
    stemmed, Thai digits as Arabic digits."""
    word = word.translate(_THAI_DIGITS)
    if _THAI.search(word):
        return thai_normalize(word)
    folded = _fold_latin(word)
    if folded.isascii() and folded.isalpha():
        return _stemmer.stemWord(folded)
    return folded


def normalise_prefix(text: str) -> str:
    """Spelling of a wildcard pattern: folded like terms but not stemmed,
    as Solr leaves wildcard terms unstemmed."""
    text = text.translate(_THAI_DIGITS)
    if _THAI.search(text):
        return thai_normalize(text)
    return _fold_latin(text)


@functools.lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Dictionary words a Thai compound is made of, recursively.

    "ปริมาณน้ำฝน" is one dictionary word, so the segmenter keeps it whole;
    people still search "น้ำฝน" or "ปริมาณ". We split it into the fewest
    dictionary words shorter than itself (a decompounder, as Lucene has for
    German) and index those parts at the compound's position.
    """
    if len(word) < _MIN_COMPOUND or not _THAI.search(word):
        return ()
    trie = _dictionary()
    n = len(word)
    # best[i] = fewest parts covering word[i:], with the parts' lengths
    best: list[tuple[int, tuple[int, ...]] | None] = [None] * (n + 1)
    best[n] = (0, ())
    for i in range(n - 1, -1, -1):
        for prefix in trie.prefixes(word[i:]):
            length = len(prefix)
            if length == n or best[i + length] is None:
                continue
            count, lengths = best[i + length]  # type: ignore[misc]
            if best[i] is None or count + 1 < best[i][0]:  # type: ignore[index]
                best[i] = (count + 1, (length,) + lengths)
    if best[0] is None or best[0][0] < 2:
        return ()
    parts: list[str] = []
    start = 0
    for length in best[0][1]:
        part = word[start:start + length]
        start += length
        parts.append(part)
        parts.extend(split_compound(part))
    return tuple(dict.fromkeys(parts))


def _words(text: str) -> Iterator[str]:
    """Thai runs go to the segmenter, normalised first ("เเ" typed for
    "แ", doubled tone marks, zero-width spaces change how they segment);
    everything else splits on non-letters. newmm would also cut Latin words
    at accented letters ("Café" -> "Caf", "é"), defeating accent folding."""
    position = 0
    for run in _THAI_RUN.finditer(text):
        yield from _LATIN_PARTS.findall(text[position:run.start()])
        position = run.end()
        for chunk in word_tokenize(thai_normalize(run.group()), engine="newmm",
                                   keep_whitespace=False):
            chunk = chunk.strip()
            if chunk and any(c.isalnum() for c in chunk):
                yield chunk
    yield from _LATIN_PARTS.findall(text[position:])


@functools.lru_cache(maxsize=8192)
def _analysed(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Terms of a text with their compound parts. Cached: a document feeds
    the same title or notes to its own field and to the catch-all field."""
    out = []
    for word in _words(text):
        term = normalise_term(word)
        if term:
            out.append((term, tuple(normalise_term(p) for p in split_compound(term))))
    return tuple(out)


def tokenize(text: str, start: int = 1) -> list[Token]:
    """Split free text into positioned, normalised terms."""
    return [Token(term, start + offset, subterms)
            for offset, (term, subterms) in enumerate(_analysed(text))]


def query_terms(text: str) -> list[str]:
    """Normalised terms of a query string, in order (no compound parts:
    the index already holds the parts, so the whole compound is enough)."""
    return [t.term for t in tokenize(text)]


def analysed_values(values: Iterable[str]) -> list[list[Token]]:
    """Tokenise each value of a multi-valued field, leaving a gap between
    values so that a phrase never spans two of them."""
    out = []
    position = 1
    for value in values:
        tokens = tokenize(value, position)
        out.append(tokens)
        if tokens:
            position = tokens[-1].position + 100
    return out

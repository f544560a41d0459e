"""Parsing RDF fetched from other catalogs, safely.

Harvested RDF comes from servers we do not control. Before rdflib sees it:

- a document longer than ``ckan.gdcatalog.dcat.max_bytes`` is refused;
- RDF/XML with any DOCTYPE or ENTITY declaration is refused. Expat reads
  the document first and stops at the declaration, so no entity is ever
  defined, expanded (billion laughs) or fetched (``file:///etc/passwd``,
  ``http://…``). RDF/XML needs no DTD, so nothing legitimate is lost;
- JSON-LD that refers to a context by URL (``"@context": "https://…"``,
  ``@import``) is refused: rdflib would fetch it, from wherever the
  document says, while parsing. Contexts must be embedded.

While parsing, the triples go to a store that stops after
``ckan.gdcatalog.dcat.max_triples`` and after
``ckan.gdcatalog.dcat.parse_timeout`` seconds (checked at each triple;
in the main thread a timer also interrupts a parser that adds none).
Every failure is an :class:`UnsafeRDFError` with a message that says what
was wrong; nothing else escapes.
"""
from __future__ import annotations

import json
import re
import signal
import threading
import time
import xml.parsers.expat
from contextlib import contextmanager
from typing import Any, Iterator, Optional, Union

import ckan.plugins.toolkit as tk
from rdflib import Graph
from rdflib.plugins.stores.memory import Memory

from ckanext.gdcatalog.language import translated

MSG_TOO_LARGE = "The RDF document is too large: %(size)s bytes, the limit is %(limit)s."
MSG_TOO_MANY_TRIPLES = "The RDF document has more than %(limit)s triples."
MSG_TIMEOUT = "Parsing the RDF document took longer than %(seconds)s seconds."
MSG_DOCTYPE = ("The RDF/XML document has a DOCTYPE or ENTITY declaration, "
               "which is not accepted.")
MSG_REMOTE_CONTEXT = ("The JSON-LD document refers to a remote context (%(context)s): "
                      "only embedded contexts are accepted.")
MSG_UNKNOWN_FORMAT = "Unknown RDF format: %(format)s."
MSG_SYNTAX = "The RDF document (%(format)s) could not be parsed: %(error)s"

_XML_START = re.compile(rb"<(\?xml|!|[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?[\s/>])")

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_TRIPLES = 1_000_000
DEFAULT_TIMEOUT = 60

# Names a format may be given by (ckanext-dcat's, rdflib's, media types)
# → the rdflib parser.
FORMATS = {
    "xml": "xml", "rdf": "xml", "pretty-xml": "xml", "application/rdf+xml": "xml",
    "application/xml": "xml", "text/xml": "xml",
    "ttl": "turtle", "turtle": "turtle", "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "n3": "n3", "text/n3": "n3",
    "nt": "nt", "nt11": "nt", "ntriples": "nt", "application/n-triples": "nt",
    "jsonld": "json-ld", "json-ld": "json-ld", "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "trig": "trig", "application/trig": "trig",
    "nquads": "nquads", "application/n-quads": "nquads",
    "trix": "trix", "application/trix": "trix",  # XML: checked as RDF/XML is
    "hext": "hext",
}


class UnsafeRDFError(ValueError):
    """The document was refused or could not be parsed; the message says why."""


def _setting(key: str, default: int) -> int:
    try:
        value = tk.config.get(key)
    except Exception:
        value = None
    return int(value) if value not in (None, "") else default


def rdflib_format(name: Optional[str], data: bytes) -> str:
    """The rdflib parser for a format name or media type (parameters such
    as ``; charset=…`` ignored); without one, guessed from the first
    character, as ckanext-dcat's harvester guesses nothing."""
    if name:
        key = name.split(";")[0].strip().lower()
        if key not in FORMATS:
            raise UnsafeRDFError(translated(MSG_UNKNOWN_FORMAT, format=name))
        return FORMATS[key]
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if _XML_START.match(head):
        return "xml"  # not "<http://…>", which starts N-Triples
    if head[:1] == b"{" or (head[:1] == b"[" and head[1:].lstrip()[:1] in (b"{", b"]")):
        return "json-ld"
    return "turtle"


class _Limited(Memory):
    """rdflib's memory store, refusing triples beyond a count or a time.
    Every parser adds through the store, named graphs included."""

    def __init__(self, max_triples: int, deadline: float, timeout: float) -> None:
        super().__init__()
        self.max_triples, self.deadline, self.timeout = max_triples, deadline, timeout
        self.added = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self.added += 1
        if self.max_triples and self.added > self.max_triples:
            raise UnsafeRDFError(translated(MSG_TOO_MANY_TRIPLES, limit=self.max_triples))
        if self.deadline and time.monotonic() > self.deadline:
            raise UnsafeRDFError(translated(MSG_TIMEOUT, seconds=self.timeout))
        super().add(triple, context, quoted)

    def lift_limits(self) -> None:
        self.max_triples, self.deadline = 0, 0.0


def refuse_xml_declarations(data: bytes) -> None:
    """Expat reads the whole document (any encoding it declares) and stops
    at a DOCTYPE or ENTITY declaration, before anything is expanded."""
    def refuse(*_: Any) -> None:
        raise UnsafeRDFError(translated(MSG_DOCTYPE))

    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = lambda *_: refuse()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise UnsafeRDFError(translated(MSG_SYNTAX, format="RDF/XML", error=str(error))) from error


def refuse_remote_contexts(document: Any) -> None:
    """Any ``@context`` (at any depth, scoped ones included) given as a
    URL, or an ``@import``, would be fetched by the JSON-LD processor."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    for context in value if isinstance(value, list) else [value]:
                        if isinstance(context, str):
                            raise UnsafeRDFError(translated(MSG_REMOTE_CONTEXT, context=context))
                if key == "@import":
                    raise UnsafeRDFError(translated(MSG_REMOTE_CONTEXT, context=str(value)))
                stack.append(value)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the parser after ``seconds``, where a timer can: in the
    main thread, and when no other timer is running."""
    usable = (seconds > 0 and threading.current_thread() is threading.main_thread()
              and hasattr(signal, "setitimer") and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def expire(*_: Any) -> None:
        raise UnsafeRDFError(translated(MSG_TIMEOUT, seconds=seconds))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse(data: Union[str, bytes], rdf_format: Optional[str] = None, *,
          base: Optional[str] = None, max_bytes: Optional[int] = None,
          max_triples: Optional[int] = None, timeout: Optional[float] = None) -> Graph:
    """The graph of ``data``, or :class:`UnsafeRDFError`. Limits default to
    the site's settings. ``data`` is never treated as a location: nothing
    is fetched."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    max_bytes = _setting("ckan.gdcatalog.dcat.max_bytes", DEFAULT_MAX_BYTES) \
        if max_bytes is None else max_bytes
    max_triples = _setting("ckan.gdcatalog.dcat.max_triples", DEFAULT_MAX_TRIPLES) \
        if max_triples is None else max_triples
    timeout = _setting("ckan.gdcatalog.dcat.parse_timeout", DEFAULT_TIMEOUT) \
        if timeout is None else timeout
    if max_bytes and len(raw) > max_bytes:
        raise UnsafeRDFError(translated(MSG_TOO_LARGE, size=len(raw), limit=max_bytes))
    fmt = rdflib_format(rdf_format, raw)

    if fmt in ("xml", "trix"):
        refuse_xml_declarations(raw)
    elif fmt == "json-ld":
        try:
            refuse_remote_contexts(json.loads(raw))
        except (ValueError, RecursionError) as error:
            raise UnsafeRDFError(translated(MSG_SYNTAX, format="JSON-LD", error=str(error))) from error

    deadline = time.monotonic() + timeout if timeout else 0.0
    store = _Limited(max_triples, deadline, timeout)
    graph = Graph(store=store)
    try:
        with _alarm(timeout):
            graph.parse(data=raw, format=fmt, publicID=base)
    except UnsafeRDFError:
        raise
    except (Exception, RecursionError) as error:  # every parser has its own errors
        raise UnsafeRDFError(translated(MSG_SYNTAX, format=fmt, error=str(error)[:500] or
                                  type(error).__name__)) from error
    store.lift_limits()
    return graph


def after_download(content: Optional[str], harvest_job: Any) -> tuple[Optional[str], list[str]]:
    """``IDCATRDFHarvester.after_download``: refuse a page that is not safe
    to parse (ckanext-dcat's harvester then parses it with rdflib); the
    error goes to the harvest job's gather errors."""
    if not content:
        return content, []
    try:
        parse(content, _source_format(harvest_job))
    except UnsafeRDFError as error:
        return None, [str(error)]
    return content, []


def _source_format(harvest_job: Any) -> Optional[str]:
    try:
        return json.loads(harvest_job.source.config or "{}").get("rdf_format")
    except (AttributeError, ValueError, TypeError):
        return None

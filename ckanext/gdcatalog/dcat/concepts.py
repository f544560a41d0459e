"""The controlled vocabularies as SKOS concept schemes served by the site.

A vocabulary ``data_category`` is the scheme ``<site>/vocabulary/data-category``
and its code ``public`` the concept ``<site>/vocabulary/data-category/public``,
with Thai and English labels, the code as ``skos:notation`` and
``skos:exactMatch`` to the EU vocabulary where the file gives a ``uri``.

Every GD Catalog site serves the same schemes, so :func:`code_from_uri`
accepts a concept URI of any site (harvesting from another agency) as well as
the EU URI and, for licences, the licence URL.
"""
from __future__ import annotations

import functools
import re
from typing import Optional, Union
from urllib.parse import quote, unquote

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ckanext.gdcatalog.reference import schema_file
from ckanext.gdcatalog.schema import vocabularies
from ckanext.gdcatalog.schema.vocabularies import Vocabulary

PATH = "/vocabulary"
_CONCEPT_PATH = re.compile(r"/vocabulary/(?P<scheme>[a-z0-9-]+)/(?P<code>[^/?#]+)$")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LATIN = re.compile(r"[A-Za-z]")


def site_url() -> str:
    import ckan.plugins.toolkit as tk
    return str(tk.config.get("ckan.site_url") or "").rstrip("/")


def language_of(text: str) -> Optional[str]:
    """The language tag of a free text: ``th`` if it has Thai characters,
    ``en`` if it has Latin letters (and no Thai), None otherwise (numbers,
    symbols: "1:4,000")."""
    if _THAI.search(text):
        return "th"
    if _LATIN.search(text):
        return "en"
    return None


def text_literal(text: str) -> Literal:
    return Literal(text, lang=language_of(text))


@functools.lru_cache(maxsize=1)
def vocabulary_names() -> tuple[str, ...]:
    """The vocabularies the dataset schema uses: those the site serves."""
    schema = yaml.safe_load(schema_file("dataset.yaml").read_text(encoding="utf-8"))
    names = {field["vocabulary"] for group in ("dataset_fields", "resource_fields")
             for field in schema[group] if field.get("vocabulary")}
    return tuple(sorted(names))


def slug(name: str) -> str:
    """``data_category`` → ``data-category``: the name in URLs."""
    return name.replace("_", "-")


def name_from_slug(value: str) -> Optional[str]:
    name = value.replace("-", "_")
    return name if name in vocabulary_names() else None


def _vocabulary(vocabulary: Union[str, Vocabulary]) -> Vocabulary:
    return vocabulary if isinstance(vocabulary, Vocabulary) else vocabularies.get(vocabulary)


def scheme_uri(vocabulary: Union[str, Vocabulary], base: Optional[str] = None) -> str:
    name = vocabulary.name if isinstance(vocabulary, Vocabulary) else vocabulary
    return f"{(base if base is not None else site_url()).rstrip('/')}{PATH}/{slug(name)}"


def concept_uri(vocabulary: Union[str, Vocabulary], code: str,
                base: Optional[str] = None) -> str:
    return f"{scheme_uri(vocabulary, base)}/{quote(code, safe='')}"


def _same_url(a: str, b: str) -> bool:
    # Licence URLs are written with and without the trailing slash, and with
    # http or https.
    def key(url: str) -> str:
        return re.sub(r"^https?://", "", url.strip()).rstrip("/").casefold()
    return key(a) == key(b)


def code_from_uri(vocabulary: Union[str, Vocabulary], uri: str) -> Optional[str]:
    """The code that ``uri`` names in ``vocabulary``: a concept URI of this or
    any GD Catalog site, the EU URI of a choice, or a licence URL; None if
    none."""
    vocab = _vocabulary(vocabulary)
    text = str(uri).strip()
    match = _CONCEPT_PATH.search(text)
    if match and match.group("scheme") == slug(vocab.name):
        code = unquote(match.group("code"))
        if vocab.choice(code):
            return code
    for choice in vocab.choices:
        for known in (choice.uri, choice.extra.get("url")):
            if known and _same_url(str(known), text):
                return choice.value
    return None


def _add_concept(g: Graph, vocab: Vocabulary, code: str, base: Optional[str]) -> URIRef:
    choice = vocab.choice(code)
    assert choice is not None
    scheme = URIRef(scheme_uri(vocab.name, base))
    concept = URIRef(concept_uri(vocab.name, code, base))
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.inScheme, scheme))
    g.add((concept, SKOS.topConceptOf, scheme))
    g.add((concept, SKOS.notation, Literal(choice.value)))
    for lang in vocabularies.LANGUAGES:
        if choice.label.get(lang):
            g.add((concept, SKOS.prefLabel, Literal(choice.label[lang], lang=lang)))
    for alias in choice.aliases:
        g.add((concept, SKOS.altLabel, text_literal(alias)))
    if choice.uri:
        g.add((concept, SKOS.exactMatch, URIRef(choice.uri)))
    if choice.extra.get("url"):
        # A licence: its text is the document dct:license points to.
        g.add((concept, RDFS.seeAlso, URIRef(str(choice.extra["url"]))))
    return concept


def _add_scheme(g: Graph, vocab: Vocabulary, base: Optional[str]) -> URIRef:
    scheme = URIRef(scheme_uri(vocab.name, base))
    g.bind("skos", SKOS)
    g.bind("dct", DCTERMS)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    for lang in vocabularies.LANGUAGES:
        if vocab.label.get(lang):
            g.add((scheme, SKOS.prefLabel, Literal(vocab.label[lang], lang=lang)))
            g.add((scheme, DCTERMS.title, Literal(vocab.label[lang], lang=lang)))
    g.add((scheme, SKOS.notation, Literal(vocab.name)))
    return scheme


def scheme_graph(vocabulary: Union[str, Vocabulary], base: Optional[str] = None) -> Graph:
    """The whole concept scheme of ``vocabulary``."""
    vocab = _vocabulary(vocabulary)
    g = Graph()
    scheme = _add_scheme(g, vocab, base)
    for choice in vocab.choices:
        concept = _add_concept(g, vocab, choice.value, base)
        g.add((scheme, SKOS.hasTopConcept, concept))
    return g


def concept_graph(vocabulary: Union[str, Vocabulary], code: str,
                  base: Optional[str] = None) -> Optional[Graph]:
    """One concept and the labels of its scheme; None for an unknown code."""
    vocab = _vocabulary(vocabulary)
    if not vocab.choice(code):
        return None
    g = Graph()
    _add_scheme(g, vocab, base)
    _add_concept(g, vocab, code, base)
    return g

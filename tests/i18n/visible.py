"""What a reader sees of a page: its text (no scripts or styles) and the
attributes that show text (placeholders, alt text, titles, button values),
and the English words in it that are not names, codes or formats."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

# Names, codes, formats and units that stay as they are in a Thai page.
ALLOWED = {
    "CKAN", "DCAT", "GD", "GDC", "API", "CSV", "TSV", "JSON", "XLSX", "XLS", "XML", "RDF",
    "TTL", "Turtle", "PDF", "ZIP", "SHP", "KML", "GeoJSON", "WMS", "HTML", "URL", "URI",
    "ISO", "SKOS", "SHACL", "JSON-LD", "JSONLD", "N3", "NT", "OFL", "Excel", "NSO", "DGA",
    "Open", "Data", "Common", "Creative", "Commons", "CC", "BY", "SA", "ND", "NC", "ODC",
    "PDDL", "ODbL", "ODC-BY", "GNU", "FDL", "GPL", "OGL", "UK", "Attribution", "Share-Alike",
    "Non-Commercial", "Public", "Domain", "Dedication", "License", "Licence", "and",
    "Bootstrap", "Markdown", "Gravatar", "RSS", "Atom", "KiB", "MiB", "GiB", "TiB", "MB", "KB",
    "UTC", "ICT", "http", "https", "www", "TH", "EN", "th", "en", "SI", "RTGS",
    "WEEKLY", "MONTHLY", "DAILY", "MANUAL", "ASCII", "UTF", "ID", "REST", "SPARQL",
    # file formats of the metadata standard's vocabulary (its Thai labels
    # are these words: schemas/vocabularies/data_format.yaml)
    "Database", "Image", "Video", "Audio", "Text", "DOC", "DOCX", "NoSQL", "Arc", "Info", "Coverage", "Shapefile", "GeoTiff", "GML", "WAF",
    "CSW", "DataStore", "MIME", "PNG", "JPEG",
    # a language's own name in the language switcher
    "English",
    # proper names: the standard's name for the central catalog, the Open
    # Definition badge, social networks
    "GD-Catalog", "Catalog", "Definition",
    # the directory map's source, credited by its package name
    "svg-maps",
    # examples and URL prefixes of URL names ("/harvest/", "my-dataset")
    "harvest", "my-dataset", "population-by-province", "pso-chiang-mai", "Twitter", "Facebook", "LinkedIn",
}
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|/[\w\-/.]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*[A-Za-z]|[A-Za-z]")

SHOWN_ATTRIBUTES = ("placeholder", "alt", "title", "aria-label")


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "svg", "code", "pre"]):
        tag.decompose()
    for tag in soup.select("[hidden], [style*='display: none'], [style*='display:none']"):
        tag.decompose()
    parts = [soup.get_text(" ", strip=True)]
    for tag in soup.find_all(True):
        parts.extend(str(tag.get(a)) for a in SHOWN_ATTRIBUTES if tag.get(a))
        if tag.name == "input" and tag.get("type") in ("submit", "button", "reset") \
                and tag.get("value"):
            parts.append(str(tag["value"]))
    return " ".join(parts)


def latin_words(text: str) -> set[str]:
    return set(_WORD.findall(_URL.sub(" ", text)))


def english_words(html: str, allowed: set[str] = frozenset()) -> set[str]:
    """Latin words of the visible text that are not names, codes or content.
    Single letters (list markers, units) are ignored."""
    words = latin_words(visible_text(html))
    return {w for w in words
            if len(w) > 1 and w not in ALLOWED and w not in allowed
            and w.upper() not in ALLOWED and not w.isupper()}

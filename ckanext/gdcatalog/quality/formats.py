"""File formats: which reader reads a resource, and its openness stars
(ckanext-dquality's 5-star table)."""
from __future__ import annotations

import os
from urllib.parse import urlparse

# Reader per format, by extension or declared format (upper-cased).
TABULAR = {"CSV": "csv", "TSV": "tsv", "TXT": None, "XLSX": "xlsx", "XLS": "xls",
           "JSON": "json"}

_STARS = {
    5: {"TTL", "RDF", "JSON-LD", "N3", "SPARQL"},
    3: {"CSV", "TSV", "JSON", "XML", "GEOJSON", "KML", "KMZ", "GML", "WMS", "WFS", "WCS",
        "WMTS", "XYZ", "NETCDF", "QGIS", "RSS", "ATOM FEED", "ODS", "ODB", "ODF", "ODG"},
    2: {"XLS", "XLSX", "MDB", "SHP", "DBASE", "ESRI REST", "ARCGIS MAP SERVICE",
        "ARCGIS MAP PREVIEW"},
    1: {"PDF", "DOC", "DOCX", "PPT", "PPTX", "TXT", "HTML", "ODT", "ODP", "ODC", "GIF", "TIFF",
        "TIF", "JPEG", "JPG", "BMP", "SVG", "PNG", "ZIP", "RAR", "TAR", "GZ", "BIN"},
}

# URL endings ckanext-dquality takes as a direct download.
DOWNLOAD_EXTENSIONS = (".zip", ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".doc", ".docx", ".xls",
                       ".xlsx", ".ppt", ".pptx", ".gml", ".kml", ".kmz", ".json", ".geojson",
                       ".shp", ".wms", ".xml")


def extension(url_or_name: str | None) -> str:
    """The upper-cased extension of a URL's path or a file name ("" if none)."""
    if not url_or_name:
        return ""
    path = urlparse(url_or_name).path or url_or_name
    return os.path.splitext(path)[1].lstrip(".").upper()


def detect(url: str | None, declared: str | None) -> str:
    """The format of a resource: its URL's extension when known, else the
    declared format (upper-cased)."""
    ext = extension(url)
    if ext == "JPG":
        ext = "JPEG"
    known = ext in TABULAR or any(ext in group for group in _STARS.values())
    return ext if known else (declared or "").strip().upper()


def reader_for(fmt: str) -> str | None:
    """The reader of a detected format ("csv", "tsv", "xlsx", "xls", "json"), or None."""
    return TABULAR.get(fmt.upper()) if fmt else None


def openness(fmt: str | None) -> int:
    """Stars of a format, 0 to 5 (4 is never awarded, as in the reference)."""
    name = (fmt or "").strip().upper()
    for stars, group in _STARS.items():
        if name in group:
            return stars
    return 0


def downloadable(url: str | None, content_type: str | None) -> int:
    """1 if the resource is a direct file: a Content-Type without "text",
    with "csv" or octet-stream, or a URL ending in a file extension."""
    kind = (content_type or "").lower()
    if kind and ("text" not in kind or "csv" in kind or "octet-stream" in kind):
        return 1
    path = urlparse(url or "").path.lower()
    return 1 if path.endswith(DOWNLOAD_EXTENSIONS) else 0

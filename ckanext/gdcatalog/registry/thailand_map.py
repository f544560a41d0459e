"""The directory's map of Thailand: the vendored SVG's province paths
matched to ISO 3166-2:TH codes, and the colour class of each province for a
set of dataset counts.

The SVG (public/gdcatalog/map/, CC BY 4.0) names each path in English;
matching those names to `schemas/provinces.yaml` (spacing, case and
punctuation ignored: "Buri Ram" is "Buriram") keeps a single source for
the codes. A path that is no province (Songkhla Lake) is drawn as water.
"""
from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from ckanext.gdcatalog import reference

SVG_FILE = Path(__file__).resolve().parent.parent / "public" / "gdcatalog" / "map" / "thailand.svg"
_SVG_NS = "{http://www.w3.org/2000/svg}"
# colour classes: 0 = no dataset; 1..CLASSES by the count's quantile
CLASSES = 5


@dataclass(frozen=True)
class Shape:
    code: Optional[str]  # ISO 3166-2:TH; None for what is no province
    name_en: str
    path: str


@dataclass(frozen=True)
class Map:
    view_box: str
    shapes: tuple[Shape, ...]


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


@functools.lru_cache(maxsize=1)
def load() -> Map:
    """The map, read once (a file shipped with the package, not user input)."""
    root = ET.parse(SVG_FILE).getroot()
    codes = {_key(p.name_en): p.code for p in reference.provinces()}
    shapes = tuple(Shape(codes.get(_key(path.get("aria-label", ""))),
                         path.get("aria-label", ""), path.get("d", ""))
                   for path in root.iter(f"{_SVG_NS}path"))
    return Map(root.get("viewBox", "0 0 560 1025"), shapes)


def colour_classes(counts: Mapping[str, int]) -> dict[str, int]:
    """Province code → colour class: 0 without datasets, else 1 (fewest)
    to CLASSES (most) by rank among the provinces that have datasets, so a
    few very large catalogs do not wash out the rest of the map."""
    ranked = sorted({n for n in counts.values() if n > 0})
    if not ranked:
        return {code: 0 for code in counts}
    position = {n: i for i, n in enumerate(ranked)}
    return {code: (1 + position[n] * CLASSES // len(ranked)) if n > 0 else 0
            for code, n in counts.items()}


def legend(counts: Mapping[str, int]) -> list[tuple[int, int, int]]:
    """(colour class, fewest, most datasets) of each class in use."""
    classes = colour_classes(counts)
    spans: dict[int, list[int]] = {}
    for code, colour in classes.items():
        spans.setdefault(colour, []).append(counts[code])
    return [(colour, min(values), max(values)) for colour, values in sorted(spans.items())]

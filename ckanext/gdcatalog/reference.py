"""Files shipped in schemas/ and i18n/, and the reference data of schemas/
(the provinces of Thailand).

schemas/ sits at the repository root, where data stewards look for it, and
installs as the package data ``ckanext/gdcatalog/schemas``. In a source
checkout (editable install) the files are only at the root, so both places
are tried.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

_PACKAGE_DIR = Path(__file__).resolve().parent


def schema_file(name: str) -> Path:
    """Path of a file of schemas/, installed or in a source checkout."""
    for base in (_PACKAGE_DIR / "schemas", _PACKAGE_DIR.parents[1] / "schemas"):
        candidate = base / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"schemas/{name} is not installed with ckanext-gdcatalog")


def i18n_directory() -> Path:
    """The translations directory (i18n/), installed or in a source checkout."""
    for candidate in (_PACKAGE_DIR / "i18n", _PACKAGE_DIR.parents[1] / "i18n"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("i18n/ is not installed with ckanext-gdcatalog")


def package_relative(path: Path) -> str:
    """``path`` as "ckanext.gdcatalog:<relative path>", the form in which
    ckanext-scheming takes schema files."""
    import os
    return "ckanext.gdcatalog:" + os.path.relpath(path, _PACKAGE_DIR)


@dataclass(frozen=True)
class Region:
    key: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Province:
    """A province-level area: one of the 76 provinces, or Bangkok."""
    code: str  # ISO 3166-2:TH, e.g. TH-50
    name_th: str
    name_en: str
    region: Region
    slug: str


@functools.lru_cache(maxsize=1)
def _provinces_file() -> dict:
    with schema_file("provinces.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def regions() -> dict[str, Region]:
    return {key: Region(key, value["name_th"], value["name_en"])
            for key, value in _provinces_file()["regions"].items()}


def provinces() -> list[Province]:
    """The 77 province-level areas in ISO code order."""
    by_key = regions()
    return [Province(code=row["code"], name_th=row["name_th"], name_en=row["name_en"],
                     region=by_key[row["region"]], slug=row["slug"])
            for row in _provinces_file()["provinces"]]

"""A plain ``pip install .`` (not editable) must carry every data file the
code reads: build the wheel and look inside."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EXPECTED = [
    "ckanext/gdcatalog/config_declaration.yaml",
    "ckanext/gdcatalog/search/config_declaration.yaml",
    "ckanext/gdcatalog/migration/gdcatalog_search/alembic.ini",
    "ckanext/gdcatalog/migration/gdcatalog_search/env.py",
    "ckanext/gdcatalog/migration/gdcatalog/alembic.ini",
    "ckanext/gdcatalog/migration/gdcatalog/env.py",
    "ckanext/gdcatalog/migration/gdcatalog/versions/20261201_01_registry.py",
    "ckanext/gdcatalog/migration/gdcatalog/versions/20261201_02_harvest_record.py",
    "ckanext/gdcatalog/harvest/config_declaration.yaml",
    "ckanext/gdcatalog/harvest/templates/gdcatalog/harvest/report.html",
    "ckanext/gdcatalog/harvest/templates/gdcatalog/harvest/provenance.html",
    "ckanext/gdcatalog/schemas/organization.yaml",
    "ckanext/gdcatalog/schemas/ministries.yaml",
    "ckanext/gdcatalog/schemas/vocabularies/agency_type.yaml",
    "ckanext/gdcatalog/templates/gdcatalog/registry/apply.html",
    "ckanext/gdcatalog/quality/config_declaration.yaml",
    "ckanext/gdcatalog/quality/templates/gdcatalog/quality/panel.html",
    "ckanext/gdcatalog/migration/gdcatalog_quality/alembic.ini",
    "ckanext/gdcatalog/migration/gdcatalog_quality/env.py",
    "ckanext/gdcatalog/demo/datasets.yaml",
    "ckanext/gdcatalog/demo/organizations.yaml",
    "ckanext/gdcatalog/schemas/provinces.yaml",
    "ckanext/gdcatalog/schemas/solr/schema.xml",
    "ckanext/gdcatalog/schemas/dataset.yaml",
    "ckanext/gdcatalog/schemas/presets.yaml",
    "ckanext/gdcatalog/schemas/vocabularies/data_category.yaml",
    "ckanext/gdcatalog/schemas/shacl/gdc.ttl",
    "ckanext/gdcatalog/i18n/th/LC_MESSAGES/ckanext-gdcatalog.mo",
    "ckanext/gdcatalog/assets/webassets.yml",
    "ckanext/gdcatalog/templates/scheming/package/snippets/package_form.html",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(out), ROOT],
                   check=True, capture_output=True)
    (path,) = out.glob("*.whl")
    return zipfile.ZipFile(path)


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    return set(wheel.namelist())


def test_wheel_carries_data_files(wheel_names):
    missing = [name for name in EXPECTED if name not in wheel_names]
    assert missing == []


@pytest.mark.parametrize("plugin", ["gdcatalog_search", "gdcatalog_quality"])
def test_wheel_carries_every_migration(wheel_names, plugin):
    versions = os.path.join(ROOT, "ckanext", "gdcatalog", "migration", plugin, "versions")
    for name in os.listdir(versions):
        if name.endswith(".py"):
            assert f"ckanext/gdcatalog/migration/{plugin}/versions/{name}" in wheel_names


def test_wheel_declares_plugins(wheel, wheel_names):
    (entry_points,) = [n for n in wheel_names if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "gdcatalog = ckanext.gdcatalog.plugin:GdcatalogPlugin" in text
    assert "gdcatalog_search = ckanext.gdcatalog.plugin:GdcatalogSearchPlugin" in text
    assert "gdcatalog_quality = ckanext.gdcatalog.plugin:GdcatalogQualityPlugin" in text
    assert "gdcatalog_harvester = ckanext.gdcatalog.plugin:GdcatalogHarvesterPlugin" in text
    assert "gdc = ckanext.gdcatalog.dcat.profile:GdcatalogProfile" in text

"""docs/metadata-standard.md lists every field of the schema with its labels."""
from __future__ import annotations

import pytest

from pathlib import Path

import yaml

pytestmark = pytest.mark.without_plugins

ROOT = Path(__file__).resolve().parents[2]


def _rows(page: str, heading: str) -> dict[str, str]:
    section = page.split(heading, 1)[1].split("\n#", 1)[0]
    return {line.split("|")[1].strip(" `"): line for line in section.splitlines()
            if line.startswith("| `")}


def test_the_reference_page_lists_every_field_with_its_labels():
    schema = yaml.safe_load((ROOT / "schemas" / "dataset.yaml").read_text(encoding="utf-8"))
    page = (ROOT / "docs" / "metadata-standard.md").read_text(encoding="utf-8")
    for group, heading in (("dataset_fields", "### Dataset"), ("resource_fields", "### Resource")):
        rows = _rows(page, heading)
        assert set(rows) == {f["field_name"] for f in schema[group]}, group
        for field in schema[group]:
            row = rows[field["field_name"]]
            assert field["label"]["th"] in row and field["label"]["en"] in row, row

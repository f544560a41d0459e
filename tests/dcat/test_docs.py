"""docs/dcat.md maps every field of the schema to its RDF property."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _rows(page: str, heading: str) -> dict[str, str]:
    section = page.split(heading, 1)[1].split("\n#", 1)[0]
    return {line.split("|")[1].strip(" `"): line for line in section.splitlines()
            if line.startswith("| `")}


def test_the_mapping_table_lists_every_field_with_a_property():
    schema = yaml.safe_load((ROOT / "schemas" / "dataset.yaml").read_text(encoding="utf-8"))
    page = (ROOT / "docs" / "dcat.md").read_text(encoding="utf-8")
    for group, heading in (("dataset_fields", "### Dataset"), ("resource_fields", "### Resource")):
        rows = _rows(page, heading)
        assert set(rows) == {f["field_name"] for f in schema[group]}, group
        for row in rows.values():
            assert row.split("|")[2].strip(), row

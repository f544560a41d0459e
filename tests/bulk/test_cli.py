"""ckan gdcatalog import-excel / export-excel through CKAN's ckan command."""
from __future__ import annotations

import pytest
import ckan.model as model
from ckan.cli.cli import ckan

from tests.bulk.workbooks import build, dataset_row

pytestmark = pytest.mark.usefixtures("with_extended_cli")


def _run(cli, *args):
    return cli.invoke(ckan, list(args), catch_exceptions=False)


def test_import_dry_run_import_export_and_re_import(cli, people, tmp_path):
    workbook = tmp_path / "catalog.xlsx"
    workbook.write_bytes(build({"Temp2_Meta_Record": [
        dataset_row("census", "สำมะโน"), dataset_row("broken", "ผิด", maintainer_email="x")]}))
    org = people["org"]["name"]

    dry = _run(cli, "gdcatalog", "import-excel", str(workbook), "--organization", org,
               "--dry-run")
    assert dry.exit_code == 1, dry.output  # a row has problems
    assert "Temp2_Meta_Record row 7: broken: invalid" in dry.output
    assert "maintainer_email:" in dry.output
    assert "1 would be created" in dry.output
    assert model.Session.query(model.Package).count() == 0

    real = _run(cli, "gdcatalog", "import-excel", str(workbook), "--organization", org)
    assert "Temp2_Meta_Record row 6: census: created" in real.output
    assert model.Session.query(model.Package).filter_by(name="census").count() == 1

    exported = tmp_path / "export.xlsx"
    result = _run(cli, "gdcatalog", "export-excel", "--organization", org, "-f", str(exported))
    assert result.exit_code == 0 and "1 datasets" in result.output

    again = _run(cli, "gdcatalog", "import-excel", str(exported), "--organization", org)
    assert again.exit_code == 0, again.output
    assert "census: unchanged" in again.output


def test_import_of_a_bad_file_fails_with_its_reason(cli, people, tmp_path):
    bad = tmp_path / "catalog.xlsx"
    bad.write_bytes(b"name,title\n")
    result = cli.invoke(ckan, ["gdcatalog", "import-excel", str(bad), "--organization",
                               people["org"]["name"]])
    assert result.exit_code == 1
    assert "not an Excel workbook" in result.output


def test_blank_template_command(cli, tmp_path):
    path = tmp_path / "blank.xlsx"
    result = _run(cli, "gdcatalog", "export-excel", "--blank", "-f", str(path))
    assert result.exit_code == 0 and path.read_bytes()[:2] == b"PK"

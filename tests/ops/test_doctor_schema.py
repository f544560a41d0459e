"""The GD Catalog schema is loaded however the site starts, and doctor
reports plugin settings that would lose it."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ckanext.gdcatalog.ops import doctor


def test_the_test_setup_has_the_schema_plugins_in_order():
    config = doctor.check_config()
    assert config.ok, config


@pytest.mark.ckan_config("ckan.plugins", "gdcatalog_search scheming_datasets gdcatalog")
def test_scheming_before_gdcatalog_is_reported():
    config = doctor.check_config()
    assert not config.ok
    assert "gdcatalog must come before scheming_datasets" in config.message


@pytest.mark.ckan_config("ckan.plugins", "gdcatalog_search gdcatalog")
def test_a_missing_scheming_plugin_is_reported():
    config = doctor.check_config()
    assert not config.ok
    assert "scheming_datasets is not in ckan.plugins" in config.message


def test_a_site_started_from_its_ini_loads_the_gd_catalog_schema(request, tmp_path):
    # pytest loads the plugins more than once, which hides load-order bugs:
    # start the site once, as `ckan run` does, in a process of its own.
    script = (
        "import sys\n"
        "from ckan.cli import load_config\n"
        "from ckan.config.middleware import make_app\n"
        "import ckan.plugins.toolkit as tk\n"
        "make_app(load_config(sys.argv[1]))\n"
        "types = tk.get_action('scheming_dataset_schema_list')({}, {})\n"
        "print('schemas:', *types)\n"
    )
    env = dict(os.environ, PYTHAINLP_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", script, request.config.getoption("--ckan-ini")],
        env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    # CKAN logs to stdout too: read the one line the script printed.
    printed = [line for line in result.stdout.splitlines() if line.startswith("schemas:")]
    assert printed == ["schemas: dataset"]

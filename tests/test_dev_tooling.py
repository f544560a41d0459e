"""dev.sh and the requirements files: the parts that need no services."""
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _dev(*args):
    return subprocess.run([str(ROOT / "dev.sh"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_dev_sh_without_command_prints_usage_and_fails():
    result = _dev()
    assert result.returncode == 1
    assert "./dev.sh up" in result.stdout and "./dev.sh test" in result.stdout
    assert "./dev.sh down" in result.stdout


def test_dev_sh_rejects_an_unknown_ckan_version():
    result = _dev("test", "2.99")
    assert result.returncode == 1
    assert "unknown CKAN version 2.99" in result.stderr


@pytest.mark.parametrize("name", ["ckan-2.11.txt", "ckan-2.12.txt", "test.txt"])
def test_requirements_are_pinned_exactly(name):
    lines = [line.split("#")[0].strip()
             for line in (ROOT / "requirements" / name).read_text().splitlines()]
    requirements = [line for line in lines if line]
    assert requirements
    unpinned = [r for r in requirements if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", r)]
    assert unpinned == []


def test_each_ckan_version_pins_its_own_ckan():
    for version, exact in (("2.11", "2.11.6"), ("2.12", "2.12.0")):
        text = (ROOT / "requirements" / f"ckan-{version}.txt").read_text()
        assert f"ckan[requirements]=={exact}\n" in text

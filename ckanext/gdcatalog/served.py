"""The package's template, public and asset directories, registered with
CKAN as ``tk.add_template_directory``, ``tk.add_public_directory`` and
``tk.add_resource`` register them.

Those helpers find the calling file with ``inspect.stack()``, which reads
the source lines of every frame on the stack; with the plugins loaded again
for each new app (every worker start, every test app) that was a large
share of loading them. Here the paths are relative to this package.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def _prepend(config: Any, option: str, relative_path: str) -> str:
    path = str(PACKAGE_DIR / relative_path)
    current = list(config.get(option) or [])
    if path not in current:
        config[option] = [path] + current
    return path


def add_template_directory(config: Any, relative_path: str) -> None:
    """A directory of templates, relative to ckanext/gdcatalog/."""
    _prepend(config, "plugin_template_paths", relative_path)


def add_public_directory(config: Any, relative_path: str) -> None:
    """A directory of static files, relative to ckanext/gdcatalog/."""
    from ckan.lib.webassets_tools import add_public_path
    add_public_path(_prepend(config, "plugin_public_paths", relative_path), "/")


def add_resource(relative_path: str, name: str) -> None:
    """A webassets library, relative to ckanext/gdcatalog/."""
    from ckan.lib.webassets_tools import create_library
    create_library(name, str(PACKAGE_DIR / relative_path))

"""docs/reference.md, the reference for developers and integrators, is
written from the code: the plugins, every declared configuration option,
every action with who may call it, the commands and the pages. The test
fails when the page no longer matches the code; rewrite it with

    GDCATALOG_WRITE_REFERENCE=1 ./dev.sh test 2.11 tests/test_reference_doc.py
"""
from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any, Iterator

import click
import yaml

import ckan.plugins as p

from ckanext.gdcatalog import plugin as plugins_module

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference.md"
PACKAGE = ROOT / "ckanext" / "gdcatalog"
PLUGINS = {  # entry point name: class
    "gdcatalog_search": plugins_module.GdcatalogSearchPlugin,
    "gdcatalog": plugins_module.GdcatalogPlugin,
    "gdcatalog_quality": plugins_module.GdcatalogQualityPlugin,
    "gdcatalog_harvester": plugins_module.GdcatalogHarvesterPlugin,
}

HEADER = """# Reference

For developers and integrators: the plugins of ckanext-gdcatalog, their
configuration options, the actions they add to CKAN's API
(`POST /api/3/action/<name>`), the commands and the pages. Written from
the code by `tests/test_reference_doc.py`, which fails when this page and
the code disagree. How the parts fit: [architecture.md](architecture.md);
DCAT endpoints in depth: [dcat.md](dcat.md); running a site:
[deployment.md](deployment.md).
"""


def _first_paragraph(text: str | None) -> str:
    text = inspect.cleandoc(text or "").split("\n\n")[0]
    return " ".join(text.split()).replace("|", "\\|")


def _plugins() -> Iterator[str]:
    yield "## Plugins\n"
    yield "In `ckan.plugins`, in this order (then `scheming_datasets "
    yield "scheming_organizations harvest dcat dcat_rdf_harvester`):\n"
    yield "| plugin | what it adds |\n|---|---|"
    for name, cls in PLUGINS.items():
        yield f"| `{name}` | {_first_paragraph(cls.__doc__)} |"
    yield ""


def _options() -> Iterator[str]:
    yield "## Configuration options\n"
    yield "Declared in the `config_declaration.yaml` files of the package "
    yield "(`ckan config declaration gdcatalog` prints them with CKAN's tools).\n"
    files = sorted(PACKAGE.glob("**/config_declaration.yaml"), key=lambda f: len(f.parts))
    for path in files:
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            yield f"### {group['annotation']}\n"
            yield "| option | default | meaning |\n|---|---|---|"
            for option in group["options"]:
                default = option.get("default", "")
                shown = f"`{default}`" if default not in ("", None) else "(none)"
                yield f"| `{option['key']}` | {shown} | " \
                      f"{_first_paragraph(option.get('description'))} |"
            yield ""


def _actions() -> Iterator[str]:
    yield "## Actions\n"
    yield ("Called as `POST /api/3/action/<name>` with a JSON body, or from "
           "Python with `toolkit.get_action(name)(context, data_dict)`. Each "
           "`gdcatalog_` action has an auth function of the same name; a name "
           "without that prefix chains the action of CKAN or of another "
           "extension, whose auth function still applies.\n")
    for name, cls in PLUGINS.items():
        if not p.IActions.implemented_by(cls):
            continue
        instance = cls()
        actions = instance.get_actions()
        auth = instance.get_auth_functions() if p.IAuthFunctions.implemented_by(cls) else {}
        yield f"### Plugin `{name}`\n"
        yield "| action | what it does |\n|---|---|"
        for action in sorted(actions):
            assert action in auth or not action.startswith("gdcatalog_"), \
                f"{action} has no auth function"
            yield f"| `{action}` | {_first_paragraph(actions[action].__doc__)} |"
        yield ""


def _commands(group: click.Command, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            yield from _commands(group.commands[name], f"{prefix} {name}")
    else:
        params = " ".join(f"[{p.opts[-1]}]" if isinstance(p, click.Option) else p.name.upper()
                          for p in group.params if p.name != "help")
        yield f"{prefix} {params}".strip(), _first_paragraph(group.help)


def _cli() -> Iterator[str]:
    from ckanext.gdcatalog import cli
    yield "## Commands\n"
    yield "Run as `ckan -c <ini> <command>`; `--help` on any of them says more.\n"
    yield "| command | what it does |\n|---|---|"
    for group in cli.get_commands():
        for command, text in _commands(group, group.name):
            yield f"| `{command}` | {text} |"
    yield ""


def _pages() -> Iterator[str]:
    yield "## Pages and endpoints\n"
    yield ("Besides CKAN's own: the pages and endpoints the plugins add. The DCAT "
           "endpoints `/catalog.{ttl,rdf,xml,jsonld}` and `/dataset/<id>.{ttl,rdf,jsonld}` "
           "are ckanext-dcat's routes, answered through the `gdc` profile: see "
           "[dcat.md](dcat.md).\n")
    yield "| path | methods | plugin |\n|---|---|---|"
    for name, cls in PLUGINS.items():
        if not p.IBlueprint.implemented_by(cls):
            continue
        blueprints = cls().get_blueprint()
        for blueprint in blueprints if isinstance(blueprints, list) else [blueprints]:
            for rule, methods in _rules(blueprint):
                yield f"| `{rule}` | {methods} | `{name}` |"
    yield ""


def _rules(blueprint: Any) -> list[tuple[str, str]]:
    from flask import Flask
    app = Flask(__name__)
    app.register_blueprint(blueprint)
    return sorted((str(rule), ", ".join(sorted(rule.methods - {"HEAD", "OPTIONS"})))
                  for rule in app.url_map.iter_rules() if rule.endpoint != "static")


def render() -> str:
    parts = [HEADER, *_plugins(), *_options(), *_actions(), *_cli(), *_pages()]
    return "\n".join(parts).rstrip() + "\n"


def test_the_reference_page_matches_the_code():
    text = render()
    if os.environ.get("GDCATALOG_WRITE_REFERENCE") == "1":
        REFERENCE.write_text(text, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == text, (
        "docs/reference.md is out of date: rerun this test with GDCATALOG_WRITE_REFERENCE=1")

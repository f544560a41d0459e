"""Plugin wiring only: each plugin hands CKAN's interfaces to the modules
that implement a capability."""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk


@tk.blanket.config_declarations
class GdcatalogPlugin(p.SingletonPlugin):
    """The GD Catalog site: templates, translations, commands."""
    p.implements(p.IConfigurer)
    p.implements(p.IClick)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    def get_commands(self) -> list[Any]:
        from ckanext.gdcatalog import cli
        return cli.get_commands()

    def get_actions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.demo import actions as demo
        from ckanext.gdcatalog.ops import actions as ops
        return {**demo.ACTIONS, **ops.ACTIONS}

    def get_auth_functions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.demo import actions as demo
        from ckanext.gdcatalog.ops import actions as ops
        return {**demo.AUTH_FUNCTIONS, **ops.AUTH_FUNCTIONS}


@tk.blanket.config_declarations(
    os.path.join(os.path.dirname(__file__), "search", "config_declaration.yaml"))
class GdcatalogSearchPlugin(p.SingletonPlugin):
    """The PostgreSQL search backend (see ckanext.gdcatalog.search)."""
    p.implements(p.IConfigurer)

    def update_config(self, config: Any) -> None:
        from ckanext.gdcatalog.search import seam
        seam.install()
        if seam.backend() == seam.POSTGRESQL and not config.get("solr_url"):
            # CKAN requires solr_url; say plainly that no Solr is involved.
            from ckanext.gdcatalog.search.client import URL
            config["solr_url"] = URL

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

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")


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

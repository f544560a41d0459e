"""Plugin wiring only: each plugin hands CKAN's interfaces to the modules
that implement a capability."""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation
from ckanext.dcat.interfaces import IDCATRDFHarvester

from ckanext.gdcatalog import dbfork  # noqa: F401 (registers the at-fork handler)
from ckanext.gdcatalog.schema import setup


@tk.blanket.config_declarations(setup.declare_config_options)
class GdcatalogPlugin(p.SingletonPlugin, DefaultTranslation):
    """The GD Catalog site: the metadata standard, templates, translations,
    commands. List it before ``scheming_datasets`` in ``ckan.plugins``, so
    that its templates override ckanext-scheming's."""
    p.implements(p.IConfigurer)
    p.implements(p.IClick)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IValidators)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IBlueprint)
    p.implements(p.ITranslation)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(IDCATRDFHarvester, inherit=True)

    def update_config(self, config: Any) -> None:
        from ckanext.gdcatalog import cookies, served
        from ckanext.gdcatalog.dcat import prerender
        from ckanext.gdcatalog.ops import services
        cookies.tighten(config)  # the login cookies' SameSite and Secure flags
        # CKAN reads its database right after this hook: say what to start.
        services.require_database(config.get("sqlalchemy.url") or "")
        served.add_template_directory(config, "templates")
        served.add_public_directory(config, "public")
        served.add_resource("assets", "ckanext-gdcatalog")
        prerender.install()

    def i18n_directory(self) -> str:
        from ckanext.gdcatalog.reference import i18n_directory
        return str(i18n_directory())

    def get_commands(self) -> list[Any]:
        from ckanext.gdcatalog import cli
        return cli.get_commands()

    def get_actions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.bulk import actions as bulk
        from ckanext.gdcatalog.dcat import endpoints as dcat_endpoints
        from ckanext.gdcatalog.demo import actions as demo
        from ckanext.gdcatalog.ops import actions as ops
        from ckanext.gdcatalog.registry import actions as registry
        from ckanext.gdcatalog.registry import directory_actions
        from ckanext.gdcatalog.schema import actions as schema
        from ckanext.gdcatalog.schema import resource_privacy
        actions = {**demo.ACTIONS, **ops.ACTIONS, **schema.ACTIONS, **resource_privacy.ACTIONS,
                   **bulk.ACTIONS, **registry.ACTIONS, **directory_actions.ACTIONS}
        if p.plugin_loaded("dcat"):  # they chain ckanext-dcat's actions
            from ckanext.gdcatalog.dcat import prerender
            actions.update(dcat_endpoints.ACTIONS)
            actions.update(prerender.ACTIONS)
        if p.plugin_loaded("harvest"):  # they chain CKAN's and ckanext-harvest's
            from ckanext.gdcatalog.registry import harvest_reads, harvest_sources
            actions.update(harvest_sources.ACTIONS)
            actions.update(harvest_reads.ACTIONS)
        return actions

    def get_auth_functions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.bulk import actions as bulk
        from ckanext.gdcatalog.demo import actions as demo
        from ckanext.gdcatalog.ops import actions as ops
        from ckanext.gdcatalog.registry import actions as registry
        from ckanext.gdcatalog.registry import directory_actions
        from ckanext.gdcatalog.schema import actions as schema
        from ckanext.gdcatalog.schema import resource_privacy
        auth = {**demo.AUTH_FUNCTIONS, **ops.AUTH_FUNCTIONS, **schema.AUTH_FUNCTIONS,
                **resource_privacy.AUTH_FUNCTIONS, **bulk.AUTH_FUNCTIONS,
                **registry.AUTH_FUNCTIONS, **directory_actions.AUTH_FUNCTIONS}
        if p.plugin_loaded("dcat"):
            from ckanext.gdcatalog.dcat import prerender
            auth.update(prerender.AUTH_FUNCTIONS)
        if p.plugin_loaded("harvest"):
            from ckanext.gdcatalog.registry import harvest_reads, harvest_sources
            auth.update(harvest_sources.AUTH_FUNCTIONS)
            auth.update(harvest_reads.AUTH_FUNCTIONS)
        return auth

    def get_validators(self) -> dict[str, Any]:
        return setup.validators()

    def get_helpers(self) -> dict[str, Any]:
        from ckanext.gdcatalog.ux import helpers as ux
        return {**setup.helpers(), **ux.HELPERS}

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        from ckanext.gdcatalog.registry import directory
        from ckanext.gdcatalog.schema import facets
        return directory.dataset_facets(facets.dataset_facets(facets_dict))

    def after_dataset_search(self, search_results: dict[str, Any],
                             search_params: dict[str, Any]) -> dict[str, Any]:
        from ckanext.gdcatalog.registry import directory
        from ckanext.gdcatalog.schema import facets, resource_privacy
        search_results = directory.label_facets(facets.label_facets(search_results))
        return resource_privacy.after_dataset_search(search_results, search_params)

    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        from ckanext.gdcatalog.schema import resource_privacy
        resource_privacy.after_dataset_show(context, pkg_dict)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        from ckanext.gdcatalog.registry import directory
        from ckanext.gdcatalog.schema import resource_privacy
        pkg_dict = directory.before_dataset_index(resource_privacy.before_dataset_index(pkg_dict))
        if p.plugin_loaded("dcat"):
            from ckanext.gdcatalog.dcat import prerender, published_fields
            prerender.schedule(pkg_dict.get("id"))  # its fragments, made once the save commits
            # what a catalog search may read of it (after the changes above)
            pkg_dict = published_fields.before_dataset_index(pkg_dict)
        return pkg_dict

    def edit(self, entity: Any) -> None:
        # IOrganizationController (and IPackageController, a no-op there):
        # datasets carry their organization's directory fields in the index.
        from ckanext.gdcatalog.registry import directory
        directory.reindex_organization(entity)

    def get_blueprint(self) -> list[Any]:
        from ckanext.gdcatalog import identifiers  # 404 for a NUL in any page's path
        from ckanext.gdcatalog.bulk import views as bulk_views
        from ckanext.gdcatalog.dcat import endpoints as dcat_endpoints
        from ckanext.gdcatalog.dcat import views as dcat_views
        from ckanext.gdcatalog.registry import directory_views
        from ckanext.gdcatalog.registry import views as registry_views
        from ckanext.gdcatalog.schema import views
        blueprints = (identifiers.blueprints() + views.blueprints() + dcat_views.blueprints()
                      + bulk_views.blueprints() + registry_views.blueprints()
                      + directory_views.blueprints())
        if p.plugin_loaded("dcat"):
            blueprints += dcat_endpoints.blueprints()
        return blueprints

    def make_middleware(self, app: Any, config: Any) -> Any:
        # Every blueprint is registered by now: ckanext-dcat's views are put
        # in their place by ours, CKAN's bulk pages get a guard, and CSRF
        # tokens are checked where CKAN would not.
        from ckanext.gdcatalog import csrf
        from ckanext.gdcatalog.dcat import endpoints as dcat_endpoints
        from ckanext.gdcatalog.schema import governance
        dcat_endpoints.install(app)
        governance.install(app)
        csrf.install(app)
        return app

    def before_download(self, url: Any, harvest_job: Any) -> Any:
        # Harvest URLs (every page): refuse non-public addresses unless allowed.
        from ckanext.gdcatalog.registry import urlsafety
        return urlsafety.before_download(url, harvest_job)

    def after_download(self, content: Any, harvest_job: Any) -> Any:
        # Harvested RDF: refuse what is unsafe to parse (DTDs, remote JSON-LD
        # contexts, size, triples, time) before ckanext-dcat parses it.
        from ckanext.gdcatalog.dcat import safe_parse
        return safe_parse.after_download(content, harvest_job)


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


@tk.blanket.config_declarations(
    os.path.join(os.path.dirname(__file__), "quality", "config_declaration.yaml"))
class GdcatalogQualityPlugin(p.SingletonPlugin):
    """Data-quality assessment (see ckanext.gdcatalog.quality): the metadata
    score on every save, content assessments as background jobs, their
    tables (``ckan db upgrade -p gdcatalog_quality``) and actions. List it
    after ``gdcatalog``."""
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IBlueprint)

    def update_config(self, config: Any) -> None:
        from ckanext.gdcatalog import served
        from ckanext.gdcatalog.quality import jobs
        served.add_template_directory(config, "quality/templates")
        jobs.install()

    def get_helpers(self) -> dict[str, Any]:
        from ckanext.gdcatalog.quality import helpers
        return dict(helpers.HELPERS)

    def get_blueprint(self) -> list[Any]:
        from ckanext.gdcatalog.quality import views
        return views.blueprints()

    def get_actions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.quality import actions
        return dict(actions.ACTIONS)

    def get_auth_functions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.quality import actions
        return dict(actions.AUTH_FUNCTIONS)

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        from ckanext.gdcatalog.quality import facets
        return facets.dataset_facets(facets_dict)

    def after_dataset_search(self, search_results: dict[str, Any],
                             search_params: dict[str, Any]) -> dict[str, Any]:
        from ckanext.gdcatalog.quality import facets
        return facets.label_facets(search_results)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        from ckanext.gdcatalog.quality import index
        return index.before_dataset_index(pkg_dict)

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        self._schedule(pkg_dict.get("id"))

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        self._schedule(pkg_dict.get("id"))

    def after_resource_create(self, context: Any, resource: dict[str, Any]) -> None:
        self._schedule(resource.get("package_id"))

    def after_resource_update(self, context: Any, resource: dict[str, Any]) -> None:
        self._schedule(resource.get("package_id"))

    @staticmethod
    def _schedule(package_id: Any) -> None:
        # Queued after the commit, for the resources whose file changed.
        from ckanext.gdcatalog.quality import jobs
        if package_id:
            jobs.schedule_dataset(str(package_id))


def _harvester_base() -> type:
    from ckanext.gdcatalog.harvest.harvester import GdcDCATRDFHarvester
    return GdcDCATRDFHarvester


@tk.blanket.config_declarations(
    os.path.join(os.path.dirname(__file__), "harvest", "config_declaration.yaml"))
class GdcatalogHarvesterPlugin(_harvester_base()):  # type: ignore[misc]
    """The ``gdc_dcat_rdf`` harvester (see ckanext.gdcatalog.harvest) with
    its report page, provenance on dataset pages, stuck jobs and retention.
    Needs ``harvest`` and ``dcat``; list it after ``gdcatalog``."""
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IMiddleware, inherit=True)

    def update_config(self, config: Any) -> None:
        from ckanext.gdcatalog import served
        from ckanext.gdcatalog.harvest import queue_timeout
        served.add_template_directory(config, "harvest/templates")
        queue_timeout.install()

    def make_middleware(self, app: Any, config: Any) -> Any:
        # ckanext-harvest's pages that change a source: POST only, with the token.
        from ckanext.gdcatalog.harvest import views
        views.install(app)
        return app

    def get_actions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.harvest import actions
        return dict(actions.ACTIONS)

    def get_auth_functions(self) -> dict[str, Any]:
        from ckanext.gdcatalog.harvest import actions
        return dict(actions.AUTH_FUNCTIONS)

    def get_blueprint(self) -> list[Any]:
        from ckanext.gdcatalog.harvest import views
        return views.blueprints()

    def get_helpers(self) -> dict[str, Any]:
        from ckanext.gdcatalog.harvest import helpers
        return dict(helpers.HELPERS)

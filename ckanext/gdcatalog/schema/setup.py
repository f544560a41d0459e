"""Wiring of the metadata standard into CKAN: the scheming options, and the
validators and template helpers of every module of this package."""
from __future__ import annotations

from typing import Any

from ckanext.gdcatalog.reference import package_relative, schema_file

SCHEMA_OPTION = "scheming.dataset_schemas"
ORGANIZATION_SCHEMA_OPTION = "scheming.organization_schemas"
PRESETS_OPTION = "scheming.presets"
SCHEMING_PRESETS = "ckanext.scheming:presets.json"


def configure_scheming(config: Any) -> None:
    """Point ckanext-scheming at schemas/dataset.yaml and our presets, unless
    the site configures its own schema."""
    if not config.get(SCHEMA_OPTION):
        config[SCHEMA_OPTION] = package_relative(schema_file("dataset.yaml"))
    if not config.get(ORGANIZATION_SCHEMA_OPTION):
        config[ORGANIZATION_SCHEMA_OPTION] = package_relative(schema_file("organization.yaml"))
    presets = package_relative(schema_file("presets.yaml"))
    current = (config.get(PRESETS_OPTION) or SCHEMING_PRESETS).split()
    if presets not in current:
        config[PRESETS_OPTION] = " ".join(current + [presets])
    # CKAN runs update_config from the last plugin of ckan.plugins to the
    # first, so scheming_datasets (listed after gdcatalog, whose templates
    # must win) has already read these options: let it read them again.
    # Its update_config is idempotent (templates and assets register once).
    import ckan.plugins as p
    for plugin in ("scheming_datasets", "scheming_organizations"):
        if p.plugin_loaded(plugin):
            p.get_plugin(plugin).update_config(config)


def validators() -> dict[str, Any]:
    from ckanext.gdcatalog.schema import dates, governance, rules, slug
    from ckanext.gdcatalog.registry import organization
    from ckanext.gdcatalog.schema import validators as fields
    return {**fields.VALIDATORS, **rules.VALIDATORS, **governance.VALIDATORS,
            **dates.VALIDATORS, **slug.VALIDATORS, **organization.VALIDATORS}


def helpers() -> dict[str, Any]:
    from ckanext.gdcatalog.schema import dates
    from ckanext.gdcatalog.registry import helpers as registry_helpers
    from ckanext.gdcatalog.schema import helpers as schema_helpers
    return {**schema_helpers.HELPERS, **dates.HELPERS, **registry_helpers.HELPERS}

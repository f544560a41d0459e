"""Wiring of the metadata standard into CKAN: the scheming options, and the
validators and template helpers of every module of this package."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ckanext.gdcatalog.reference import package_relative, schema_file

SCHEMA_OPTION = "scheming.dataset_schemas"
ORGANIZATION_SCHEMA_OPTION = "scheming.organization_schemas"
PRESETS_OPTION = "scheming.presets"
SCHEMING_PRESETS = "ckanext.scheming:presets.json"
_DECLARATIONS = Path(__file__).resolve().parents[1] / "config_declaration.yaml"


def declare_config_options(declaration: Any, key: Any) -> None:
    """The gdcatalog plugin's options (config_declaration.yaml), and defaults
    for the two ckanext-scheming options that point at schemas/.

    They are declarations rather than values set in update_config: CKAN
    applies declared defaults before any plugin's update_config, and runs
    update_config from the last plugin of ckan.plugins to the first, so
    scheming_datasets (listed after gdcatalog) would otherwise read them
    before we set them. The paths differ between a source checkout and an
    installed wheel, hence code rather than YAML."""
    with _DECLARATIONS.open("rb") as source:
        declaration.load_dict(yaml.safe_load(source))
    defaults = {
        SCHEMA_OPTION: (package_relative(schema_file("dataset.yaml")),
                        "The ckanext-scheming dataset schema: by default the GD Catalog "
                        "metadata standard (schemas/dataset.yaml)."),
        ORGANIZATION_SCHEMA_OPTION: (
            package_relative(schema_file("organization.yaml")),
            "The ckanext-scheming organization schema: agencies and provincial offices "
            "with the GD Catalog registry fields (schemas/organization.yaml)."),
        PRESETS_OPTION: (f"{SCHEMING_PRESETS} {package_relative(schema_file('presets.yaml'))}",
                         "ckanext-scheming presets: scheming's own and the GD Catalog "
                         "field kinds (schemas/presets.yaml), which the schema needs."),
    }
    for option, (default, description) in defaults.items():
        if option not in declaration:  # unless ckanext-scheming declares it
            declaration.declare(option, default).set_description(description)


def validators() -> dict[str, Any]:
    from ckanext.gdcatalog.schema import dates, governance, limits, rules, self_assessment, slug
    from ckanext.gdcatalog.registry import organization
    from ckanext.gdcatalog.schema import validators as fields
    return {**fields.VALIDATORS, **rules.VALIDATORS, **governance.VALIDATORS,
            **dates.VALIDATORS, **slug.VALIDATORS, **organization.VALIDATORS,
            **self_assessment.VALIDATORS, **limits.VALIDATORS}


def helpers() -> dict[str, Any]:
    from ckanext.gdcatalog.schema import dates, self_assessment
    from ckanext.gdcatalog.registry import helpers as registry_helpers
    from ckanext.gdcatalog.schema import helpers as schema_helpers
    return {**schema_helpers.HELPERS, **dates.HELPERS, **registry_helpers.HELPERS,
            **self_assessment.HELPERS}

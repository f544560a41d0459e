from setuptools import find_namespace_packages, setup

setup(
    name="ckanext-gdcatalog",
    version="0.1.0",
    description="Thailand's Government Data Catalog (GD Catalog) on CKAN",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.11",
    # schemas/ and i18n/ live at the repository root (where stewards and
    # translators look for them) and install as package data of the plugin.
    packages=find_namespace_packages(include=["ckanext", "ckanext.*"])
    + ["ckanext.gdcatalog.schemas", "ckanext.gdcatalog.schemas.solr",
       "ckanext.gdcatalog.i18n"],
    package_dir={
        "ckanext.gdcatalog.schemas": "schemas",
        "ckanext.gdcatalog.i18n": "i18n",
    },
    include_package_data=True,
    package_data={
        # Everything that is not Python: configuration declarations, demo
        # content, migration scaffolding, templates, assets, translations,
        # schemas.
        "ckanext.gdcatalog": [
            "**/*.yaml", "**/*.json", "**/*.ini", "**/*.mako", "**/README",
            "templates/**/*", "public/**/*", "assets/**/*", "quality/templates/**/*",
            "harvest/templates/**/*",
        ],
        "ckanext.gdcatalog.schemas": ["*", "**/*"],
        "ckanext.gdcatalog.i18n": ["*", "**/*"],
    },
    install_requires=[
        "charset-normalizer>=3,<4",
        "ijson>=3.2,<4",
        "luqum>=1.0,<2",
        "numpy>=2,<3",
        "openpyxl>=3.1,<4",
        "polars>=1.44,<2",
        "pythainlp>=5.4,<6",
        "snowballstemmer>=3,<4",
        "xlrd>=2.0.1,<3",
    ],
    entry_points={
        "ckan.plugins": [
            "gdcatalog = ckanext.gdcatalog.plugin:GdcatalogPlugin",
            "gdcatalog_search = ckanext.gdcatalog.plugin:GdcatalogSearchPlugin",
            "gdcatalog_quality = ckanext.gdcatalog.plugin:GdcatalogQualityPlugin",
            "gdcatalog_harvester = ckanext.gdcatalog.plugin:GdcatalogHarvesterPlugin",
        ],
        "ckan.rdf.profiles": [
            "gdc = ckanext.gdcatalog.dcat.profile:GdcatalogProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)

"""Alembic environment of the gdcatalog_quality plugin (the data-quality results tables), run by
``ckan db upgrade``: see ckanext.gdcatalog.alembic_env."""
from ckanext.gdcatalog.alembic_env import run

run(__file__)

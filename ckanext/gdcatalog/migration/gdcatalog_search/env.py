"""Alembic environment of the gdcatalog_search plugin (the search index tables), run by
``ckan db upgrade``: see ckanext.gdcatalog.alembic_env."""
from ckanext.gdcatalog.alembic_env import run

run(__file__)

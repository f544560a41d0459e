"""Alembic environment of the gdcatalog plugin (the catalog registry tables), run by
``ckan db upgrade``: see ckanext.gdcatalog.alembic_env."""
from ckanext.gdcatalog.alembic_env import run

run(__file__)

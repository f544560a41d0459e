"""Helpers for the search backend tests.

Most modules build one set of datasets for all their tests
(``module_db``): creating datasets is what costs time, and read-only
searches do not change them. Tests that write use CKAN's function-scoped
``clean_db``/``clean_index`` instead and must not share a module with
``module_db`` fixtures.
"""
from __future__ import annotations

from typing import Any

import pytest

import ckan.plugins as plugins
from ckan.lib import search as ckan_search
from ckan.tests import helpers


def reset_all() -> None:
    """Empty database (CKAN's tables and ours) and search index."""
    from tests import database
    database.reset(helpers.reset_db)
    ckan_search.clear_all()


@pytest.fixture(scope="module")
def module_db():
    """An empty database for a module that builds shared datasets; the
    plugins of test.ini are loaded while the datasets are made."""
    plugins.load_all()
    try:
        reset_all()
        yield
    finally:
        # CKAN 2.11 keeps its system plugins (search indexing); 2.12 has none
        unload = getattr(plugins, "unload_non_system_plugins", None) or plugins.unload_all
        unload()


def drop_tags(dataset_id: str) -> None:
    """Remove every keyword of a dataset behind the schema's back and
    reindex it, as ``ckan search-index rebuild <id>`` does. Datasets that
    predate the GD Catalog standard (or came from a harvest) may have none,
    which package_create no longer allows; corpora that count tags use this
    for their untagged datasets."""
    import sqlalchemy as sa
    from ckan import model
    model.Session.execute(sa.text("DELETE FROM package_tag WHERE package_id = :id"),
                          {"id": dataset_id})
    model.Session.commit()
    ckan_search.rebuild(dataset_id)
    # CKAN's session keeps loaded objects across commits: let later SQL
    # changes to the dataset be read afresh.
    model.Session.expire_all()


def package_search(**kwargs: Any) -> dict[str, Any]:
    return helpers.call_action("package_search", **kwargs)


def names(**kwargs: Any) -> set[str]:
    """Names of every dataset a package_search returns."""
    kwargs.setdefault("rows", 1000)
    return {d["name"] for d in package_search(**kwargs)["results"]}


def ordered_names(**kwargs: Any) -> list[str]:
    kwargs.setdefault("rows", 1000)
    return [d["name"] for d in package_search(**kwargs)["results"]]


def index_row_count(**where: Any) -> int:
    """Rows of the index table matching column = value conditions."""
    import sqlalchemy as sa
    from ckan import model
    conditions = " AND ".join(f"{column} = :{column}" for column in where) or "TRUE"
    return model.Session.execute(
        sa.text(f"SELECT count(*) FROM gdcatalog_search_doc WHERE {conditions}"),
        where).scalar()

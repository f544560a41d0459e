"""The metadata score on every save: computed when CKAN indexes a dataset
(in the transaction that saves it), added to the index document and kept
in the score history.

Index fields: ``metadata_quality_score`` is the percentage as three digits
("052", "100"): extra fields are strings in the index (Solr's dynamic
``*`` and our PostgreSQL backend alike), and zero-padding makes their order
and ranges (``metadata_quality_score:[050 TO 100]``) numeric.
``metadata_quality_rating`` is the band, for facets.
``self_assessment_score`` is the mean of the steward's self-assessment
(see :mod:`ckanext.gdcatalog.schema.self_assessment`).
"""
from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa

import ckan.model as model

from ckanext.gdcatalog.dberror import reason
from ckanext.gdcatalog.quality import metadata_score, store
from ckanext.gdcatalog.schema import self_assessment

log = logging.getLogger(__name__)

SCORE_FIELD = "metadata_quality_score"
RATING_FIELD = "metadata_quality_rating"


def index_value(percent: float) -> str:
    return f"{int(round(percent)):03d}"


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except (TypeError, ValueError):
        return pkg_dict
    if not isinstance(dataset, dict) or not dataset.get("id"):
        return pkg_dict
    reachable: dict[str, bool] = {}
    try:
        # A savepoint: without our tables (migrations not run yet) the save
        # of the dataset must still succeed. It is the connection's, not the
        # session's: SQLAlchemy 1.4 (CKAN 2.11) fires the session's
        # before_commit for a nested session transaction, and CKAN's handler
        # would index the datasets of the transaction again from inside
        # this hook, recursively.
        with model.Session.connection().begin_nested():
            reachable = store.reachability(dataset["id"])
            result = metadata_score.score(dataset, reachable)
            store.save_metadata_score(dataset["id"], dataset.get("owner_org"), result)
    except sa.exc.SQLAlchemyError as error:
        log.warning("Metadata score of %s not saved (are the quality tables there? "
                    "ckan db upgrade -p gdcatalog_quality): %s", dataset["id"],
                    reason(error))
        result = metadata_score.score(dataset, reachable)
    pkg_dict[SCORE_FIELD] = index_value(result["percent"])
    pkg_dict[RATING_FIELD] = result["rating"]
    mean = self_assessment.overall(dataset)
    if mean is not None:
        pkg_dict[self_assessment.INDEX_FIELD] = f"{mean:.2f}"
    return pkg_dict

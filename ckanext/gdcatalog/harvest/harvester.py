"""The ``gdc_dcat_rdf`` harvester: ckanext-dcat's DCAT RDF harvester with
our gather (gather.py) and import (importer.py) stages. Sources that the
registry approves are of this type."""
from __future__ import annotations

from typing import Any

from ckanext.dcat.harvesters import DCATRDFHarvester

from ckanext.gdcatalog.harvest import gather, importer

SOURCE_TYPE = "gdc_dcat_rdf"


class GdcDCATRDFHarvester(DCATRDFHarvester):
    def info(self) -> dict[str, str]:
        return {"name": SOURCE_TYPE, "title": "GD Catalog DCAT RDF",
                "description": "DCAT RDF catalogs read incrementally: unchanged records are "
                               "not rewritten, withdrawn ones are withdrawn, one dataset per "
                               "record, with provenance"}

    def gather_stage(self, harvest_job: Any) -> list[str]:
        return gather.gather(self, harvest_job)

    def fetch_stage(self, harvest_object: Any) -> bool:
        return True  # the gather stage holds each record's content already

    def import_stage(self, harvest_object: Any) -> Any:
        return importer.import_object(self, harvest_object)

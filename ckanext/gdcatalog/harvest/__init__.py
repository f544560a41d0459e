"""Harvesting registered catalogs: the gdc_dcat_rdf harvester (incremental,
withdrawal, one dataset per source record, provenance), stuck jobs,
retention and the per-source report."""

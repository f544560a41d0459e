"""Demo content: organizations and datasets that show a GD Catalog site at
work (``ckan gdcatalog demo load``, action ``gdcatalog_demo_load``)."""

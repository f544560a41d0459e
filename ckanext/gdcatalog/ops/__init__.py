"""Operating a site: health checks (``ckan gdcatalog doctor``, action
``gdcatalog_status``)."""

"""DCAT for the GD Catalog: the ``gdc`` RDF profile of ckanext-dcat, the
``gdc:`` namespace and the SKOS concept schemes of the controlled
vocabularies, which the site serves itself."""

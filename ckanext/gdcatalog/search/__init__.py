"""PostgreSQL search backend: a drop-in for CKAN's Solr index.

Layers, from CKAN inwards: ``seam`` (where CKAN obtains its Solr client),
``client`` (the pysolr-compatible client), ``store`` (SQL of the index
table), ``query`` (Lucene/dismax to SQL), ``document`` (Solr document to
row), ``analysis`` (Thai/English text analysis), ``fields`` (field types),
``datemath`` (Solr date math).
"""

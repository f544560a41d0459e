"""ckanext-gdcatalog: Thailand's Government Data Catalog on CKAN."""
__version__ = "0.1.0"

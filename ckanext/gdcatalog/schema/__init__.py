"""The Thai GD Catalog metadata standard: vocabularies, validators, dataset
rules, governance, readable names and display helpers.

The field definitions themselves are data: ``schemas/dataset.yaml``
(ckanext-scheming) and one file per controlled vocabulary in
``schemas/vocabularies/``.
"""

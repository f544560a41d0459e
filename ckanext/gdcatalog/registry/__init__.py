"""The registry of agency and provincial catalogs: organizations as
agencies (schemas/organization.yaml), reference data (ministries), catalog
registration and its review, and the URL safety of what is fetched."""

"""Data-quality assessment: content metrics of tabular files (``engine``),
the metadata quality score (``metadata_score``), their storage, actions and
background jobs."""

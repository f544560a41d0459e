"""Small Thai-language helpers shared across capabilities."""
from __future__ import annotations

import os
import tempfile


def ensure_pythainlp_data_dir() -> str:
    """PyThaiNLP writes a data folder (by default in the home directory) when
    imported; web servers often have no writable home. Point it at a writable
    place unless the deployment chose one."""
    path = os.environ.get("PYTHAINLP_DATA_DIR")
    if not path:
        path = os.path.join(tempfile.gettempdir(), f"pythainlp-data-{os.getuid()}")
        os.environ["PYTHAINLP_DATA_DIR"] = path
    os.makedirs(path, exist_ok=True)
    return path

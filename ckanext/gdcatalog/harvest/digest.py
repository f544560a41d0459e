"""A digest of a parsed source record: equal digests mean the dataset
would be written with the same content, so it is not written again."""
from __future__ import annotations

import hashlib
import json
from typing import Any

# Bumped when what the harvester makes of a record changes (the profile's
# mapping, the fields added here), so every record is written once again.
VERSION = "1"

# The name is kept from the first harvest, whatever the source later says.
_IGNORED = frozenset({"name"})


def record_digest(dataset: dict[str, Any], provenance: dict[str, Any],
                  source_config: str) -> str:
    content = {key: value for key, value in dataset.items() if key not in _IGNORED}
    payload = json.dumps([VERSION, source_config or "", content, provenance],
                         sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

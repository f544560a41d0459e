"""Template helpers of harvesting."""
from __future__ import annotations

from typing import Any, Optional


def gdcatalog_harvest_provenance(package_id: Any) -> Optional[dict[str, Any]]:
    """The provenance of a harvested dataset for its page, or None."""
    if not package_id:
        return None
    from ckanext.gdcatalog.harvest import report
    return report.provenance(str(package_id))


HELPERS = {"gdcatalog_harvest_provenance": gdcatalog_harvest_provenance}

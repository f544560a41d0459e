from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories


@pytest.fixture
def people(clean_db, clean_index) -> dict[str, Any]:
    """An organization with an editor, an admin and a member; another
    organization's admin (outsider); a sysadmin."""
    users = {role: factories.User() for role in ("editor", "admin", "member", "outsider")}
    users["sysadmin"] = factories.Sysadmin()
    org = factories.Organization(title="สำนักงานสถิติจังหวัดทดสอบ", users=[
        {"name": users[r]["name"], "capacity": r} for r in ("editor", "admin", "member")])
    other = factories.Organization(users=[{"name": users["outsider"]["name"],
                                           "capacity": "admin"}])
    return {"org": org, "other": other, **users}

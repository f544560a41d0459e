"""Fixtures of the schema tests."""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories


@pytest.fixture
def editor() -> dict[str, Any]:
    """An editor of an organization, with an API token for the web pages."""
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    token = factories.APIToken(user=user["name"])["token"]
    return {"user": user, "org": org, "headers": {"Authorization": token}}

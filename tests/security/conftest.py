"""What the security tests share: how a failure may show itself to the
caller, and a small site of one organization."""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from tests.factories import Dataset
from tests.search.conftest import module_db  # noqa: F401 (a shared fixture)

CENTRAL_ROLE = pytest.mark.ckan_config("ckan.gdcatalog.role", "central")

# What a database error or the statement CKAN sent says: never for the
# caller to read (issue #23, finding 7).
DATABASE_TEXT = (
    "bigint out of range", "integer out of range", "word is too long",
    "stack depth limit", "target lists can have", "statement timeout",
    "canceling statement", "psycopg2", "sqlalchemy", "SQLAlchemy", "SELECT ", " WHERE ",
    "permission_labels", "site_id", "gdcatalog_search", "SOLR returned", "Traceback",
    "RecursionError",
)


def database_text_in(body: str) -> list[str]:
    # As written (a page's own <select> is not SQL).
    return [text for text in DATABASE_TEXT if text in body]


@pytest.fixture(scope="module")
def site(module_db) -> dict[str, Any]:
    """Organization A with a public and a private dataset, the organization's
    admin, a visitor who belongs to no organization, and organization B
    whose only dataset is private."""
    admin, visitor = factories.User(), factories.User()
    org = factories.Organization(name="sec-org-a", title="Sec Org A",
                                 users=[{"name": admin["name"], "capacity": "admin"}])
    public = Dataset(owner_org=org["id"], name="sec-rainfall", title="Rainfall of Sec Org A")
    private = Dataset(owner_org=org["id"], name="sec-private", title="Private of Sec Org A",
                      private=True)
    org_b = factories.Organization(name="sec-org-b", title="Sec Org B")
    Dataset(owner_org=org_b["id"], name="sec-b-private", private=True)
    return {"org": org, "org_b": org_b, "public": public, "private": private,
            "users": {"admin": admin, "visitor": visitor},
            "tokens": {name: factories.APIToken(user=user["name"])["token"]
                       for name, user in (("admin", admin), ("visitor", visitor))}}


def headers(site: dict[str, Any], who: str) -> dict[str, str]:
    return {"Authorization": site["tokens"][who]} if who in site["tokens"] else {}

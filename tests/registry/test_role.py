"""The registry belongs to the central directory: an agency catalog (the
default role) has neither its actions nor its pages."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers


@pytest.mark.usefixtures("clean_db")
def test_an_agency_catalog_has_no_registry(app):
    user, sysadmin = factories.User(), factories.Sysadmin()
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("gdcatalog_registry_apply", context={"user": user["name"]},
                            catalog_url="https://catalog.example.go.th/catalog.ttl",
                            agency_title="x", contact_name="x",
                            contact_email="x@example.go.th")
    assert "ckan.gdcatalog.role" in raised.value.error_dict
    with pytest.raises(tk.ValidationError):
        helpers.call_action("gdcatalog_registry_application_list",
                            context={"user": sysadmin["name"]})
    token = factories.APIToken(user=user["name"])["token"]
    assert app.get("/registry/apply", headers={"Authorization": token}).status_code == 404

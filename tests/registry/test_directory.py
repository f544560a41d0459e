"""Directory facets on the central site: agency type, ministry, province and
region of each dataset's organization."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from ckan.tests import helpers


CENTRAL_ROLE = pytest.mark.ckan_config("ckan.gdcatalog.role", "central")
FACETS = "org_agency_type org_ministry org_province org_region"




def _facets(**params):
    result = helpers.call_action("package_search", **{"facet.field": json.dumps(FACETS.split())},
                                 **params)
    return {name: {i["name"]: i["count"] for i in facet["items"]}
            for name, facet in result["search_facets"].items()}, result


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_datasets_are_indexed_with_their_organizations_fields(directory):
    facets, _ = _facets()
    assert facets["org_agency_type"] == {"provincial_office": 3, "central_government": 1}
    assert facets["org_ministry"] == {"mdes": 3, "mnre": 1}
    assert facets["org_province"] == {"TH-50": 2, "TH-90": 1}
    assert facets["org_region"] == {"north": 2, "south": 1}
    assert _facets(fq="org_region:north")[1]["count"] == 2


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_changing_an_organization_reindexes_its_datasets(directory):
    helpers.call_action("organization_patch", context={"user": directory["sysadmin"]["name"]},
                        id="pcd", ministry="opm")
    facets, _ = _facets()
    assert facets["org_ministry"] == {"mdes": 3, "opm": 1}


@CENTRAL_ROLE
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_central_site_facets_dataset_search(app, directory):
    page = app.get("/th/dataset/")
    soup = BeautifulSoup(page.body, "html.parser")
    text = soup.get_text(" ", strip=True)
    for title in ("ประเภทหน่วยงาน", "กระทรวง", "จังหวัด", "ภาค"):
        assert title in text
    # labels, not codes (long ones are shortened by CKAN)
    assert "เชียงใหม่" in text and "ภาคเหนือ" in text and "กระทรวงดิจิทัลเพื่อ" in text
    assert "TH-50" not in text and "mdes" not in text
    filtered = app.get("/dataset/?org_province=TH-90")
    assert "1 dataset found" in filtered.body


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_an_agency_site_shows_no_directory_facets(app, directory):
    page = app.get("/dataset/")
    assert "org_province" not in page.body

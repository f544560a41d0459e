"""A dataset of the GD Catalog standard with every mandatory field filled,
for tests that are not about those fields."""
from __future__ import annotations

from typing import Any

import factory
from ckan.tests import factories


def mandatory_fields(**overrides: Any) -> dict[str, Any]:
    """The mandatory fields of a record dataset, as a steward would send them."""
    fields = {
        "data_type": "record",
        "maintainer": "กองสถิติ",
        "maintainer_email": "stat@agency.example.go.th",
        "tag_string": "ทดสอบ, test",
        "notes": "ชุดข้อมูลสำหรับการทดสอบ",
        "objective": ["agency_mission"],
        "update_frequency_unit": "year",
        "update_frequency_interval": 1,
        "geo_coverage": "country",
        "data_source": "หน่วยงานทดสอบ",
        "data_format": ["csv"],
        "data_category": "public",
        "license_id": "cc-by",
    }
    fields.update(overrides)
    return fields


class Dataset(factories.Dataset):
    """factories.Dataset with the mandatory fields of the standard."""
    data_type = "record"
    maintainer = "กองสถิติ"
    maintainer_email = "stat@agency.example.go.th"
    tag_string = "ทดสอบ, test"
    notes = "ชุดข้อมูลสำหรับการทดสอบ"
    objective = factory.LazyFunction(lambda: ["agency_mission"])
    update_frequency_unit = "year"
    update_frequency_interval = 1
    geo_coverage = "country"
    data_source = "หน่วยงานทดสอบ"
    data_format = factory.LazyFunction(lambda: ["csv"])
    data_category = "public"
    license_id = "cc-by"

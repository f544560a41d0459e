"""Template helpers of the registry pages and the agency page."""
from __future__ import annotations

from typing import Any

from ckanext.gdcatalog import reference
from ckanext.gdcatalog.language import current_language


def gdcatalog_province_region(code: Any) -> str:
    """The region of an ISO 3166-2:TH province code, in the user's language."""
    for province in reference.provinces():
        if province.code == code:
            region = province.region
            return region.name_th if current_language() == "th" else region.name_en
    return ""


def gdcatalog_registry_is_central_admin() -> bool:
    """Whether the current user reviews registrations."""
    import ckan.plugins.toolkit as tk
    from ckanext.gdcatalog.registry.actions import is_central_admin
    return is_central_admin(getattr(tk.g, "user", None))


# State names as the pages show them (the codes are the API's).
STATE_LABELS = {"pending": {"th": "รอพิจารณา", "en": "pending"},
                "approved": {"th": "อนุมัติแล้ว", "en": "approved"},
                "rejected": {"th": "ไม่อนุมัติ", "en": "rejected"},
                "suspended": {"th": "ระงับชั่วคราว", "en": "suspended"},
                "withdrawn": {"th": "ถอนแล้ว", "en": "withdrawn"}}
FREQUENCY_LABELS = {"MANUAL": {"th": "เมื่อสั่งเท่านั้น", "en": "Manually"},
                    "MONTHLY": {"th": "รายเดือน", "en": "Monthly"},
                    "WEEKLY": {"th": "รายสัปดาห์", "en": "Weekly"},
                    "BIWEEKLY": {"th": "ทุกสองสัปดาห์", "en": "Every two weeks"},
                    "DAILY": {"th": "รายวัน", "en": "Daily"}}


def _label(labels: dict[str, dict[str, str]], code: Any) -> str:
    entry = labels.get(str(code))
    if not entry:
        return str(code or "")
    return entry["th"] if current_language() == "th" else entry["en"]


def gdcatalog_registry_state_label(state: Any) -> str:
    return _label(STATE_LABELS, state)


def gdcatalog_registry_frequency_label(frequency: Any) -> str:
    return _label(FREQUENCY_LABELS, frequency)


def gdcatalog_is_central() -> bool:
    """Whether this site is the central directory (ckan.gdcatalog.role)."""
    from ckanext.gdcatalog.registry.directory import is_central
    return is_central()


HELPERS = {
    "gdcatalog_is_central": gdcatalog_is_central,
    "gdcatalog_registry_state_label": gdcatalog_registry_state_label,
    "gdcatalog_registry_frequency_label": gdcatalog_registry_frequency_label,
    "gdcatalog_province_region": gdcatalog_province_region,
    "gdcatalog_registry_is_central_admin": gdcatalog_registry_is_central_admin,
}

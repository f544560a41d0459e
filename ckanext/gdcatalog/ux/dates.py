"""Dates as Thai readers write them: day, Thai month, Buddhist-Era year
("1 ธันวาคม 2569", with the time "1 ธันวาคม 2569 เวลา 14:05 น."); other
languages keep CKAN's own rendering (Gregorian)."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.language import current_language
from ckanext.gdcatalog.schema.dates import BE_OFFSET, THAI_MONTHS, _is_thai


def thai_datetime(value: dt.datetime, with_hours: bool = False,
                  with_seconds: bool = False) -> str:
    """``value`` (in the site's display time zone) in Thai."""
    text = f"{value.day} {THAI_MONTHS[value.month - 1]} {value.year + BE_OFFSET}"
    if with_seconds:
        return f"{text} เวลา {value:%H:%M:%S} น."
    if with_hours:
        return f"{text} เวลา {value:%H:%M} น."
    return text


def _display_time(value: dt.datetime) -> dt.datetime:
    import pytz
    from ckan.lib.helpers import get_display_timezone
    if value.tzinfo is None:
        value = value.replace(tzinfo=pytz.utc)
    return value.astimezone(get_display_timezone())


@tk.chained_helper
def render_datetime(next_helper: Callable[..., str], datetime_: Any,
                    date_format: Optional[str] = None, with_hours: bool = False,
                    with_seconds: bool = False) -> str:
    """CKAN's ``h.render_datetime``; in Thai (and with no explicit
    ``date_format``) day, Thai month and Buddhist-Era year."""
    if date_format or not _is_thai(current_language()):
        return next_helper(datetime_, date_format=date_format, with_hours=with_hours,
                           with_seconds=with_seconds)
    from ckan.lib.helpers import _datestamp_to_datetime
    value = _datestamp_to_datetime(datetime_)
    if not value:
        return ""
    return thai_datetime(_display_time(value), with_hours, with_seconds)

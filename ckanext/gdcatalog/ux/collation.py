"""The order of Thai names that Thai readers expect (dictionary order),
without ICU: a leading vowel (เ แ โ ใ ไ) sorts after the consonant it is
written before, and tone marks only break ties."""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

import ckan.plugins.toolkit as tk

_LEADING_VOWEL = re.compile(r"([\u0E40-\u0E44])([\u0E01-\u0E2E])")
_TONE_MARKS = re.compile(r"[\u0E47-\u0E4E]")


def thai_sort_key(text: str) -> tuple[str, str]:
    """Key of ``text`` for sorting: Thai words in dictionary order, Latin
    ones case-insensitively (before Thai, as code points put them)."""
    folded = (text or "").strip().casefold()
    moved = _LEADING_VOWEL.sub(r"\2\1", folded)
    return _TONE_MARKS.sub("", moved), moved


def thai_sorted(items: Iterable[Any], key: Callable[[Any], str] = str,
                reverse: bool = False) -> list[Any]:
    return sorted(items, key=lambda item: thai_sort_key(key(item)), reverse=reverse)


def _title(organization: dict[str, Any]) -> str:
    return organization.get("display_name") or organization.get("title") or organization.get("name") or ""


@tk.chained_helper
def organizations_available(next_helper: Callable[..., Any], *args: Any,
                            **kwargs: Any) -> list[dict[str, Any]]:
    """CKAN's ``h.organizations_available`` (the dataset form's owner
    list) in Thai dictionary order of the names."""
    return thai_sorted(next_helper(*args, **kwargs), key=_title)

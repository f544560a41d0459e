"""Accessibility basics checked in the browser: every form field has a
label, keyboard Tab reaches the submit button, images have alt text."""
from __future__ import annotations

from typing import Any

_UNLABELLED_FIELDS = """(root) => {
  const fields = [...root.querySelectorAll('input, select, textarea')].filter(e =>
    !['hidden', 'submit', 'button', 'reset', 'image'].includes(e.type) &&
    e.offsetParent !== null);
  return fields.filter(e => {
    if (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.title) return false;
    if (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`)) return false;
    return !e.closest('label');
  }).map(e => e.name || e.id || e.outerHTML.slice(0, 80));
}"""

_IMAGES_WITHOUT_ALT = """() => [...document.images].filter(i => !i.hasAttribute('alt'))
  .map(i => i.src)"""


def unlabelled_fields(page: Any, form: str = "form") -> list[str]:
    return page.eval_on_selector(form, _UNLABELLED_FIELDS)


def images_without_alt(page: Any) -> list[str]:
    return page.evaluate(_IMAGES_WITHOUT_ALT)


def tab_reaches(page: Any, selector: str, limit: int = 250) -> bool:
    """Pressing Tab from the top of the page focuses ``selector``."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    target = page.locator(selector).first.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(t) => document.activeElement === t", target):
            return True
    return False


def check(page: Any, form: str, submit: str, keyboard: bool = True) -> None:
    """Labels and alt text; with ``keyboard``, also Tab to the submit button
    (a key press per field: the slow part on a long form)."""
    assert not unlabelled_fields(page, form), unlabelled_fields(page, form)
    assert not images_without_alt(page), images_without_alt(page)
    if keyboard:
        assert tab_reaches(page, submit), f"Tab never reaches {submit}"

"""The documentation's pictures and links to other pages of the repository
exist: a guide that points at a missing screenshot or page is no guide."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.without_plugins

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
# [text](target) and ![alt](target), not web addresses or anchors of the page
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_picture_and_page_a_document_links_to_exists(page):
    targets = [t for t in _LINK.findall(page.read_text(encoding="utf-8"))
               if not re.match(r"[a-z]+:", t)]
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert not missing


def test_the_guides_show_the_screenshots_the_browser_tests_take():
    guides = (ROOT / "docs" / "th").glob("*.md")
    shown = {Path(t).name for g in guides for t in _LINK.findall(g.read_text(encoding="utf-8"))
             if t.endswith(".png")}
    assert {"dataset-self-assessment.png", "quality-organization.png", "quality-dashboard.png",
            "directory-map.png", "registry-review.png"} <= shown

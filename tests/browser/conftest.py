"""A real CKAN server and a real browser for the module's tests: the app of
test.ini (with the site configuration of tests/i18n/site.py) served by a
werkzeug server thread on 127.0.0.1 on a free port, against the test
database, and Debian's Chromium driven by Playwright (never a downloaded
browser). One server, one browser, one demo site per module."""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

import ckan.plugins.toolkit as tk

CHROMIUM = os.environ.get("GDCATALOG_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    from werkzeug.serving import make_server

    from tests.i18n import site as demo_site
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    saved_site_url = tk.config.get("ckan.site_url")
    tk.config["ckan.site_url"] = base_url  # links and redirects point at this server
    try:
        with demo_site.served_site() as (app, site):
            httpd = make_server("127.0.0.1", 0, app.app, threaded=True, fd=sock.fileno())
            thread = threading.Thread(target=httpd.serve_forever, daemon=True)
            thread.start()
            try:
                yield {"url": base_url, "site": site}
            finally:
                httpd.shutdown()
                httpd.server_close()
    finally:
        tk.config["ckan.site_url"] = saved_site_url
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} missing: ./dev.sh installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server) -> Iterator[Any]:
    from tests.i18n import site as demo_site
    demo_site.apply_config()  # CKAN's pytest plugin reset it before this test
    tk.config["ckan.site_url"] = server["url"]
    # Reduced motion: charts are drawn at once (no animation half-way
    # through in a screenshot), as for readers who ask for it.
    context = browser.new_context(base_url=server["url"], locale="th-TH",
                                  viewport={"width": 1280, "height": 900},
                                  reduced_motion="reduce")
    # Saving a dataset segments Thai text and scores its metadata: allow a
    # loaded machine time for it.
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(90_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    yield page
    context.close()
    assert not errors, errors  # no JavaScript error on any page


def screenshot(page: Any, name: str) -> None:
    """Save the page to docs/screenshots/NAME.png when GDCATALOG_SCREENSHOTS=1."""
    if os.environ.get("GDCATALOG_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

"""Getting a resource's file for assessment: from CKAN's upload storage, or
over HTTP into a temporary file with limits on size and time, refusing
private and loopback addresses (unless allowed) at every redirect."""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urljoin, urlparse

import requests

import ckan.plugins.toolkit as tk

MAX_REDIRECTS = 5
_CHUNK = 1024 * 1024


class FetchError(Exception):
    """The file could not be fetched; ``code`` names why."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass
class Fetched:
    path: str
    size: int
    content_type: str | None
    temporary: bool

    def cleanup(self) -> None:
        if self.temporary and os.path.exists(self.path):
            os.unlink(self.path)


def _limits() -> tuple[int, int, bool]:
    return (tk.config.get("ckan.gdcatalog.quality.max_bytes"),
            tk.config.get("ckan.gdcatalog.quality.timeout"),
            tk.asbool(tk.config.get("ckan.gdcatalog.quality.allow_private_addresses")))


def _check_host(url: str, allow_private: bool) -> None:
    """The address policy of every URL the site fetches for someone
    (registry.urlsafety: public addresses, or the allow-list)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise FetchError("bad_url", url[:200])
    if allow_private:
        return
    from ckanext.gdcatalog.registry import urlsafety
    try:
        urlsafety.resolve(url)
    except urlsafety.RefusedURL as error:
        raise FetchError("blocked_address", str(error)) from None


def fetch(resource: Mapping[str, Any]) -> Fetched:
    """The file of ``resource`` as a local path (call ``cleanup()`` after)."""
    if resource.get("url_type") == "upload":
        from ckan.lib.uploader import get_resource_uploader
        path = get_resource_uploader(dict(resource)).get_path(resource["id"])
        if not os.path.isfile(path):
            raise FetchError("unreachable", "uploaded file missing")
        return Fetched(path, os.path.getsize(path), resource.get("mimetype"), False)
    return download(str(resource.get("url") or ""))


def download(url: str) -> Fetched:
    max_bytes, timeout, allow_private = _limits()
    deadline = time.monotonic() + timeout
    session = requests.Session()
    response = None
    for _ in range(MAX_REDIRECTS + 1):
        _check_host(url, allow_private)
        try:
            response = session.get(url, stream=True, allow_redirects=False,
                                   timeout=(10, max(1, min(60, timeout))),
                                   headers={"User-Agent": "ckanext-gdcatalog quality"})
        except requests.RequestException as e:
            raise FetchError("unreachable", type(e).__name__) from None
        if response.is_redirect and response.headers.get("Location"):
            url = urljoin(url, response.headers["Location"])
            response.close()
            continue
        break
    else:
        raise FetchError("unreachable", "too many redirects")
    assert response is not None
    with response:
        if response.status_code != 200:
            raise FetchError("http_status", str(response.status_code))
        length = response.headers.get("Content-Length")
        if max_bytes and length and length.isdigit() and int(length) > max_bytes:
            raise FetchError("too_large", length)
        handle, path = tempfile.mkstemp(prefix="gdcatalog-quality-")
        size = 0
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in response.iter_content(_CHUNK):
                    size += len(chunk)
                    if max_bytes and size > max_bytes:
                        raise FetchError("too_large", str(size))
                    if time.monotonic() > deadline:
                        raise FetchError("timeout", f"{timeout} s")
                    out.write(chunk)
        except requests.RequestException as e:
            os.unlink(path)
            raise FetchError("unreachable", type(e).__name__) from None
        except BaseException:
            os.unlink(path)
            raise
        return Fetched(path, size, response.headers.get("Content-Type"), True)

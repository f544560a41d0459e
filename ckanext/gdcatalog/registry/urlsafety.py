"""Fetching URLs that agencies give us, without being turned against the
servers behind us (SSRF).

A registration or harvest URL is refused when its host resolves to an
address that is not public — private, loopback, link-local (cloud metadata
services live at 169.254.169.254), multicast, reserved, unspecified, shared
or documentation ranges, and their IPv4-mapped IPv6 forms — unless
``ckan.gdcatalog.registry.allowed_hosts`` names the host or the address.
The name is resolved once and the connection goes to the address that was
checked (a second lookup could answer differently: DNS rebinding). Each
redirect is checked the same way, and responses are limited in size and
time: the timeout bounds the whole request (connection, redirects, headers
and body), not each receive, so a server trickling a byte at a time
cannot hold a fetch for longer.
"""
from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Any, Optional, Union
from urllib.parse import urljoin, urlsplit

import ckan.plugins.toolkit as tk

from ckanext.gdcatalog.language import translated

MSG_BAD_SCHEME = '"%(url)s" is not a web address starting with http:// or https://'
MSG_UNRESOLVED = 'The host "%(host)s" could not be found'
MSG_REFUSED_ADDRESS = ('The address of "%(host)s" (%(address)s) is not a public Internet '
                       'address; it is refused unless the site allows it '
                       '(ckan.gdcatalog.registry.allowed_hosts)')
MSG_TOO_MANY_REDIRECTS = "Too many redirects (more than %(limit)s)"
MSG_TOO_LARGE = "The response is larger than %(limit)s bytes"
MSG_TIMEOUT = "The server did not answer within %(seconds)s seconds"
MSG_CONNECTION = "Could not connect to %(url)s: %(error)s"

ALLOWED_HOSTS_OPTION = "ckan.gdcatalog.registry.allowed_hosts"
TIMEOUT_OPTION = "ckan.gdcatalog.registry.fetch_timeout"
MAX_BYTES_OPTION = "ckan.gdcatalog.dcat.max_bytes"
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 30
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Metadata services of cloud providers that are not in a private range.
_METADATA = {ipaddress.ip_address(a) for a in ("100.100.100.200", "192.0.0.192",
                                                "fd00:ec2::254")}

Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


class RefusedURL(ValueError):
    """The URL may not be fetched, or fetching it failed; the message says why."""


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def _option(key: str, default: Any) -> Any:
    try:
        value = tk.config.get(key)
    except Exception:
        value = None
    return default if value in (None, "") else value


def allowed() -> tuple[set[str], list[Network]]:
    """Host names and networks of the allow-list."""
    value = _option(ALLOWED_HOSTS_OPTION, "")
    items = value.split() if isinstance(value, str) else list(value)
    names, networks = set(), []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
        except ValueError:
            names.add(item.lower().rstrip("."))
    return names, networks


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (address.is_global and not address.is_multicast and not address.is_reserved
            and address not in _METADATA)


def resolve(url: str) -> tuple[str, int, Address]:
    """(host, port, address to connect to) for ``url``, or RefusedURL: the
    address is public, or the allow-list names the host or the address.
    Nothing is sent anywhere but to the resolver."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedURL(translated(MSG_BAD_SCHEME, url=url))
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedURL(translated(MSG_BAD_SCHEME, url=url)) from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedURL(translated(MSG_UNRESOLVED, host=host)) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise RefusedURL(translated(MSG_UNRESOLVED, host=host))
    names, networks = allowed()
    if host in names:
        return host, port, addresses[0]
    # Every address the name has must pass: the connection takes the first,
    # but a name pointing at both a public and a private address is suspect.
    for address in addresses:
        if not is_public(address) and not any(address in n for n in networks):
            raise RefusedURL(translated(MSG_REFUSED_ADDRESS, host=host, address=address))
    return host, port, addresses[0]


def _time_left(deadline: float) -> float:
    """Seconds until ``deadline``; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


class _DeadlineReader(io.RawIOBase):
    """The bytes of a socket, each receive allowed only the time left before
    the deadline. A socket's timeout bounds one receive: a server sending a
    byte every few seconds would never exceed it."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock, self._deadline = sock, deadline
        # the socket's own reader: it keeps the socket open while the
        # response is read (http.client closes the connection early)
        self._raw = sock.makefile("rb", buffering=0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> Optional[int]:
        self._sock.settimeout(_time_left(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineSocket:
    """A connected socket whose sends and receives share one deadline;
    http.client reads the response through ``makefile``."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(_time_left(self._deadline))
        self._sock.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _connect(address: str, port: int, deadline: float) -> socket.socket:
    return socket.create_connection((address, port), _time_left(deadline))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a given address, with the certificate checked for the host."""

    def __init__(self, host: str, address: str, port: int, deadline: float) -> None:
        super().__init__(host, port, context=ssl.create_default_context())
        self._address, self._deadline = address, deadline

    def connect(self) -> None:
        sock = _connect(self._address, self.port, self._deadline)
        # the handshake as a whole is bounded by the socket's timeout
        sock.settimeout(_time_left(self._deadline))
        sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock = _DeadlineSocket(sock, self._deadline)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, deadline: float) -> None:
        super().__init__(host, port)
        self._address, self._deadline = address, deadline

    def connect(self) -> None:
        self.sock = _DeadlineSocket(_connect(self._address, self.port, self._deadline),
                                    self._deadline)


def fetch(url: str, *, accept: str = "*/*", max_bytes: Optional[int] = None,
          timeout: Optional[float] = None, max_redirects: int = MAX_REDIRECTS) -> Response:
    """GET ``url`` (following redirects, each one checked) or RefusedURL.
    Any status is returned; the caller decides what a 404 means. ``timeout``
    bounds the whole of it, redirects included."""
    max_bytes = int(_option(MAX_BYTES_OPTION, DEFAULT_MAX_BYTES)) if max_bytes is None \
        else max_bytes
    timeout = float(_option(TIMEOUT_OPTION, DEFAULT_TIMEOUT)) if timeout is None else timeout
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url
    while True:
        response = _get_once(current, accept, max_bytes, timeout, deadline)
        location = response.headers.get("location")
        if response.status in (301, 302, 303, 307, 308) and location:
            if len(redirects) >= max_redirects:
                raise RefusedURL(translated(MSG_TOO_MANY_REDIRECTS, limit=max_redirects))
            redirects.append(current)
            current = urljoin(current, location)
            continue
        response.redirects = redirects
        return response


def _get_once(url: str, accept: str, max_bytes: int, timeout: float,
              deadline: float) -> Response:
    host, port, address = resolve(url)
    parts = urlsplit(url)
    cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = cls(host, str(address), port, deadline)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    raw = None
    try:
        connection.request("GET", path, headers={
            "Host": parts.netloc.rsplit("@", 1)[-1], "Accept": accept,
            "User-Agent": "ckanext-gdcatalog registry check", "Accept-Encoding": "identity"})
        raw = connection.getresponse()
        headers = {k.lower(): v for k, v in raw.getheaders()}
        declared = headers.get("content-length", "")
        if declared.isdigit() and max_bytes and int(declared) > max_bytes:
            raise RefusedURL(translated(MSG_TOO_LARGE, limit=max_bytes))
        chunks, size = [], 0
        while True:
            chunk = raw.read1(65536)  # what has arrived, not a full 64 KiB
            if not chunk:
                break
            size += len(chunk)
            if max_bytes and size > max_bytes:
                raise RefusedURL(translated(MSG_TOO_LARGE, limit=max_bytes))
            chunks.append(chunk)
        if raw.length:  # closed before the length it declared: a cut page
            raise http.client.IncompleteRead(b"".join(chunks), raw.length)
        return Response(url=url, status=raw.status, headers=headers, body=b"".join(chunks))
    except socket.timeout:
        raise RefusedURL(translated(MSG_TIMEOUT, seconds=timeout)) from None
    except (OSError, http.client.HTTPException) as error:
        raise RefusedURL(translated(MSG_CONNECTION, url=url, error=error)) from None
    finally:
        if raw is not None:
            raw.close()
        connection.close()


def before_download(url: Optional[str], harvest_job: Any) -> tuple[Optional[str], list[str]]:
    """``IDCATRDFHarvester.before_download``, called for every page of a
    source: a page whose host is not public (and not allowed) is not fetched
    and the refusal becomes a gather error of the job."""
    if not url:
        return url, []
    try:
        resolve(url)
    except RefusedURL as error:
        return None, [str(error)]
    return url, []

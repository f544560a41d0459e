"""A paged DCAT catalog served over real HTTP on 127.0.0.1 (port 0), as an
agency's catalog would serve it: Turtle pages written by the gdc profile,
hydra paging, and faults to order (HTTP 500, a slow page, malformed RDF,
an oversized page, a paging loop, a server that is down; and for
tests/faults: a page trickled a byte at a time, a server that never
answers, an empty answer, a page cut short)."""
from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

from ckanext.dcat.processors import RDFSerializer
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from tests.factories import mandatory_fields

HYDRA = "http://www.w3.org/ns/hydra/core#"
BASE = "http://agency.example.go.th"
# A trickled page: a byte a second, for 20 seconds at most (a fetch still
# waiting by then has ignored its timeout); a silent server as long.
TRICKLE_INTERVAL = 1.0
TRICKLE_SECONDS = 20.0


def record(number: int, **overrides: Any) -> dict[str, Any]:
    """A source record (a dataset dict of the agency's catalog)."""
    fields = mandatory_fields(
        id=f"00000000-0000-0000-0000-{number:012d}", name=f"source-dataset-{number}",
        title=f"ชุดข้อมูลต้นทาง {number}", uri=f"{BASE}/dataset/{number}",
        url=f"{BASE}/dataset/page/{number}",
        metadata_modified="2026-11-01T10:00:00", metadata_created="2026-10-01T10:00:00")
    # As package_show returns it: keywords as tags.
    fields["tags"] = [{"name": name.strip()} for name in fields.pop("tag_string").split(",")]
    fields.update(overrides)
    return fields


class Catalog:
    """What the server serves; tests change it between harvests."""

    def __init__(self, count: int = 5, page_size: int = 2) -> None:
        self.records: dict[int, dict[str, Any]] = {n: record(n) for n in range(1, count + 1)}
        self.page_size = page_size
        self.faults: dict[int, str] = {}  # page number → fault
        self.declared_extra = 0  # totalItems declared beyond the real count
        self.loop = False  # the last page points back to the first
        # The same bytes for the same page while its records are the same, as
        # a static file or a cached endpoint serves it (rdflib's Turtle orders
        # blank nodes by random labels: written afresh, the bytes differ).
        self.stable = False
        self._written: dict[str, bytes] = {}

    def page_count(self) -> int:
        return max(1, -(-len(self.records) // self.page_size))

    def page(self, number: int, base_url: str) -> bytes:
        items = sorted(self.records.items())
        chunk = items[(number - 1) * self.page_size:number * self.page_size]
        if self.stable:
            key = json.dumps([number, base_url, chunk, len(self.records), self.page_size,
                              self.declared_extra, self.loop], sort_keys=True, default=str)
            if key not in self._written:
                self._written[key] = self._write(number, base_url, chunk)
            return self._written[key]
        return self._write(number, base_url, chunk)

    def _write(self, number: int, base_url: str, chunk: list[tuple[int, dict[str, Any]]]
               ) -> bytes:
        serializer = RDFSerializer(profiles=["gdc"])
        catalog = URIRef(f"{BASE}/catalog")
        g = serializer.g
        g.add((catalog, RDF.type, DCAT.Catalog))
        g.add((catalog, DCTERMS.title, Literal("บัญชีข้อมูลของหน่วยงานตัวอย่าง", lang="th")))
        for _, dataset in chunk:
            ref = serializer.graph_from_dataset(dict(dataset))
            g.add((catalog, DCAT.dataset, ref))
        page_ref = URIRef(f"{base_url}/catalog.ttl?page={number}")
        g.add((page_ref, RDF.type, URIRef(HYDRA + "PagedCollection")))
        g.add((page_ref, URIRef(HYDRA + "totalItems"),
               Literal(len(self.records) + self.declared_extra, datatype=XSD.integer)))
        g.add((page_ref, URIRef(HYDRA + "itemsPerPage"),
               Literal(self.page_size, datatype=XSD.integer)))
        if number < self.page_count():
            g.add((page_ref, URIRef(HYDRA + "next"),
                   URIRef(f"{base_url}/catalog.ttl?page={number + 1}")))
        elif self.loop:
            g.add((page_ref, URIRef(HYDRA + "next"), URIRef(f"{base_url}/catalog.ttl?page=1")))
        return g.serialize(format="turtle").encode("utf-8")


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/turtle") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        server: Any = self.server
        server.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/catalog.ttl")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if parts.path != "/catalog.ttl":
            self._send(404, b"not found", "text/plain")
            return
        number = int(parse_qs(parts.query).get("page", ["1"])[0])
        catalog: Catalog = server.catalog
        fault = catalog.faults.get(number)
        base_url = f"http://127.0.0.1:{server.server_address[1]}"
        if fault == "500":
            self._send(500, b"Internal Server Error", "text/plain")
        elif fault == "slow":
            time.sleep(3)
            self._send(200, catalog.page(number, base_url))
        elif fault == "malformed":
            self._send(200, b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> dcat:x [[ .")
        elif fault == "oversized":
            self._send(200, b"# " + b"x" * 300_000 + b"\n")
        elif fault == "empty":
            self._send(200, b"")
        elif fault == "silent":  # the request read, no answer until stopped
            server.stopping.wait(TRICKLE_SECONDS)
        elif fault == "cut":  # the connection closes halfway through the page
            body = catalog.page(number, base_url)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
        elif fault in ("trickle", "trickle-body"):
            body = catalog.page(number, base_url)
            head = (f"HTTP/1.0 200 OK\r\nContent-Type: text/turtle\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode("ascii")
            if fault == "trickle-body":  # the headers at once, then the body
                self.wfile.write(head)
                head = b""
            self._trickle(head + body)
        else:
            self._send(200, catalog.page(number, base_url))

    def _trickle(self, data: bytes) -> None:
        """One byte every TRICKLE_INTERVAL seconds, for TRICKLE_SECONDS at
        most (then the connection closes), or until the server stops."""
        server: Any = self.server
        end = time.monotonic() + TRICKLE_SECONDS
        for index in range(len(data)):
            if time.monotonic() > end or server.stopping.wait(TRICKLE_INTERVAL):
                return
            self.wfile.write(data[index:index + 1])


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout test) is expected


class SourceServer:
    def __init__(self, catalog: Optional[Catalog] = None) -> None:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.catalog = catalog or Catalog()  # type: ignore[attr-defined]
        self.server.requests = []  # type: ignore[attr-defined]
        self.server.stopping = threading.Event()  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def catalog(self) -> Catalog:
        return self.server.catalog  # type: ignore[attr-defined]

    @catalog.setter
    def catalog(self, value: Catalog) -> None:
        self.server.catalog = value  # type: ignore[attr-defined]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/catalog.ttl"

    def stop(self) -> None:
        self.server.stopping.set()  # type: ignore[attr-defined]
        self.server.shutdown()
        self.server.server_close()

"""A DCAT catalog served over real HTTP on 127.0.0.1, for the URL checks."""
from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Iterator

import pytest
from ckan.tests import factories, helpers

from tests.factories import Dataset

CATALOG_TTL = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<http://agency.example.go.th/catalog> a dcat:Catalog ;
    dct:title "บัญชีข้อมูลของหน่วยงาน"@th ;
    dcat:dataset <http://agency.example.go.th/dataset/1>,
                 <http://agency.example.go.th/dataset/2>,
                 <http://agency.example.go.th/dataset/3> .
<http://agency.example.go.th/dataset/1> a dcat:Dataset ; dct:title "หนึ่ง"@th .
<http://agency.example.go.th/dataset/2> a dcat:Dataset ; dct:title "สอง"@th .
<http://agency.example.go.th/dataset/3> a dcat:Dataset ; dct:title "สาม"@th .
""".encode()

DOCTYPE_RDF = b"""<?xml version="1.0"?>
<!DOCTYPE rdf [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&x;</rdf:RDF>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/turtle",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        port = self.server.server_address[1]
        if path in ("/ckan/catalog.ttl", "/catalog.ttl"):
            self._send(200, CATALOG_TTL)
        elif path == "/ckan/api/3/action/status_show":
            self._send(200, json.dumps({"success": True, "result": {
                "ckan_version": "2.11.6", "site_title": "Agency"}}).encode(),
                "application/json")
        elif path == "/ckan" or path == "/ckan/":
            self._send(200, b"<html><body>CKAN</body></html>", "text/html")
        elif path == "/plain-site/":
            self._send(200, b"<html><body>not a catalog</body></html>", "text/html")
        elif path == "/moved":
            self._send(302, b"", headers={"Location": f"http://127.0.0.1:{port}/catalog.ttl"})
        elif path == "/to-metadata":
            self._send(302, b"", headers={"Location": "http://169.254.169.254/latest/"})
        elif path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path == "/big.ttl":
            self._send(200, b"# " + b"x" * 200_000 + b"\n")
        elif path == "/broken.ttl":
            self._send(200, b"<http://a> <http://b> .")
        elif path == "/doctype.rdf":
            self._send(200, DOCTYPE_RDF, "application/rdf+xml")
        elif path == "/slow":
            time.sleep(2)
            self._send(200, CATALOG_TTL)
        elif path == "/error":
            self._send(500, b"oops", "text/plain")
        else:
            self._send(404, b"not found", "text/plain")


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout test) is expected


@pytest.fixture(scope="module")
def dcat_server() -> Iterator[http.server.HTTPServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def base_url(dcat_server: http.server.HTTPServer) -> str:
    return f"http://127.0.0.1:{dcat_server.server_address[1]}"


@pytest.fixture
def directory():
    """Two provincial offices and a central agency (four datasets) with
    their directory fields."""
    sysadmin = factories.Sysadmin()

    def org(**fields):
        return helpers.call_action("organization_create", context={"user": sysadmin["name"]},
                                   **fields)
    chiang_mai = org(name="pso-chiang-mai", title="สำนักงานสถิติจังหวัดเชียงใหม่",
                     agency_type="provincial_office", province="TH-50", ministry="mdes")
    songkhla = org(name="pso-songkhla", title="สำนักงานสถิติจังหวัดสงขลา",
                   agency_type="provincial_office", province="TH-90", ministry="mdes")
    pcd = org(name="pcd", title="กรมควบคุมมลพิษ", agency_type="central_government",
              ministry="mnre")
    for owner in (chiang_mai, chiang_mai, songkhla, pcd):
        Dataset(owner_org=owner["id"])
    return {"chiang_mai": chiang_mai, "songkhla": songkhla, "pcd": pcd, "sysadmin": sysadmin}

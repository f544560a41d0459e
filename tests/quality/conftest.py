"""A small HTTP server for the files that assessments download."""
from __future__ import annotations

import http.server
import threading

import pytest


class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, tuple[bytes, str]] = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        body, content_type = self.files.get(self.path, (b"", ""))
        if not content_type:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def file_server():
    """``(base_url, files)``: put ``files[path] = (bytes, content_type)``."""
    files: dict[str, tuple[bytes, str]] = {}
    handler = type("Handler", (_Handler,), {"files": files})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", files
    server.shutdown()
    server.server_close()

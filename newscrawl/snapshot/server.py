"""Serves a snapshot folder (``routes.json`` plus pages) over HTTP on 127.0.0.1.

A request path is percent-decoded and NFC-normalized before lookup, as the site's own server
answers raw and percent-encoded Arabic paths alike; a trailing slash is optional. Unknown paths
get a 404. The tests and ``make demo`` start the same server, as a subprocess that prints its URL.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_ROOT = Path(__file__).with_name("site")


class SnapshotServer(ThreadingHTTPServer):
    """An HTTP server for one snapshot folder; counts requests per path for the tests."""

    daemon_threads = True

    def __init__(self, root: Path = DEFAULT_ROOT, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root)
        self.routes: dict[str, dict[str, str]] = json.loads(
            (self.root / "routes.json").read_text(encoding="utf-8")
        )
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        super().__init__((host, port), SnapshotHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def lookup(self, raw_path: str) -> tuple[str, dict[str, str] | None]:
        parts = urlsplit(raw_path)
        path = unicodedata.normalize("NFC", unquote(parts.path)) or "/"
        key = f"{path}?{unquote(parts.query)}" if parts.query else path
        route = self.routes.get(key)
        if route is None and key.endswith("/") and len(key) > 1:
            route = self.routes.get(key.rstrip("/"))
        if route is None and not path.endswith("/"):
            route = self.routes.get(path + "/")
        return key, route

    def count(self, key: str) -> None:
        with self._lock:
            self.hits[key] = self.hits.get(key, 0) + 1


class SnapshotHandler(BaseHTTPRequestHandler):
    server: SnapshotServer
    server_version = "newscrawl-snapshot/1"

    def do_GET(self) -> None:
        key, route = self.server.lookup(self.path)
        self.server.count(key)
        if route is None:
            self._send(
                HTTPStatus.NOT_FOUND,
                b"<html><body><h1>404</h1></body></html>",
                "text/html; charset=utf-8",
            )
            return
        body = (self.server.root / route["file"]).read_bytes()
        self._send(HTTPStatus.OK, body, route["type"])

    def do_HEAD(self) -> None:
        self.do_GET()

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the crawl's own log says what was fetched."""

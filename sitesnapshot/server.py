"""Serves a snapshot folder (``routes.json`` plus pages) over HTTP on 127.0.0.1.

A request path is percent-decoded and NFC-normalized before lookup, as the site's own server
answers raw and percent-encoded Arabic paths alike; a trailing slash is optional. Unknown paths
get a 404. The tests and ``make demo`` start the same server, as a subprocess that prints its URL.

For the fault tests the server can answer chosen paths with a fault instead of the page (a
:class:`~sitesnapshot.faults.FaultMap`: ``faults=`` here, ``--faults FILE`` on the command
line, see :mod:`sitesnapshot.faults`), and it records the arrival time of every request
(:attr:`SnapshotServer.arrivals`) so that tests can measure the crawl's delays.
"""

from __future__ import annotations

import codecs
import json
import socket
import struct
import threading
import time
import unicodedata
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from sitesnapshot import faults as F

DEFAULT_ROOT = Path(__file__).with_name("site")
#: the bundled snapshot of each site that has one, by site key (newscrawl/sites.toml)
SNAPSHOTS = {"almaghribtoday": DEFAULT_ROOT, "egypttoday": Path(__file__).with_name("egypttoday")}


class SnapshotServer(ThreadingHTTPServer):
    """An HTTP server for one snapshot folder; counts requests per path for the tests."""

    daemon_threads = True

    def __init__(
        self,
        root: Path = DEFAULT_ROOT,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: F.FaultMap | dict[str, Any] | None = None,
    ) -> None:
        self.root = Path(root)
        self.routes: dict[str, dict[str, str]] = json.loads(
            (self.root / "routes.json").read_text(encoding="utf-8")
        )
        self.hits: dict[str, int] = {}
        #: (time.monotonic() at arrival, lookup key) of every request, in arrival order
        self.arrivals: list[tuple[float, str]] = []
        self.faults = F.FaultMap.from_data(faults)
        self._lock = threading.Lock()
        super().__init__((host, port), SnapshotHandler)

    @property
    def faults(self) -> F.FaultMap:
        return self._faults

    @faults.setter
    def faults(self, value: F.FaultMap | dict[str, Any] | None) -> None:
        self._faults = F.FaultMap.from_data(value)

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
        if route is None and parts.query.startswith("loop"):
            route = self.routes.get(path)  # the redirect loop's second step
        return key, route

    def count(self, key: str) -> None:
        with self._lock:
            self.hits[key] = self.hits.get(key, 0) + 1
            self.arrivals.append((time.monotonic(), key))

    def times_of(self, key: str) -> list[float]:
        """Arrival times of the requests for one lookup key."""
        with self._lock:
            return [t for t, k in self.arrivals if k == key]


class SnapshotHandler(BaseHTTPRequestHandler):
    server: SnapshotServer
    server_version = "newscrawl-snapshot/1"

    def do_GET(self) -> None:
        try:
            self._answer()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client gave up (a timeout fault, a size limit)

    def _answer(self) -> None:
        key, route = self.server.lookup(self.path)
        self.server.count(key)
        fault = self.server.faults.for_request(key)
        body = (self.server.root / route["file"]).read_bytes() if route else None
        if fault is not None:
            self._fault(fault, key, body, route["type"] if route else "text/html; charset=utf-8")
            return
        if route is None and (trap := F.trap_page(key)) is not None:
            self._send(HTTPStatus.OK, trap, "text/html; charset=utf-8")
            return
        if route is None or body is None:
            self._not_found()
            return
        self._send(HTTPStatus.OK, body, route["type"])

    def do_HEAD(self) -> None:
        self.do_GET()

    def _not_found(self) -> None:
        self._send(
            HTTPStatus.NOT_FOUND,
            b"<html><body><h1>404</h1></body></html>",
            "text/html; charset=utf-8",
        )

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # ---- faults --------------------------------------------------------------------------------
    def _fault(self, fault: F.Fault, key: str, body: bytes | None, content_type: str) -> None:
        kind = fault.kind
        status = fault.status
        if status is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(
                status,
                f"<html><body><h1>{status}</h1></body></html>".encode(),
                "text/html; charset=utf-8",
                headers,
            )
            return
        if kind == "timeout":
            time.sleep(fault.sleep)
            if body is not None:
                self._send(HTTPStatus.OK, body, content_type)
            return
        if kind == "reset":
            # SO_LINGER with a zero timeout: close() sends a TCP RST instead of a FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if kind == "redirect_loop":
            path = key.split("?", 1)[0]
            target = quote(path) if "?loop" in key else quote(path) + "?loop"
            self._send(HTTPStatus.FOUND, b"", "text/html", {"Location": target})
            return
        if kind == "redirect":
            self._send(HTTPStatus.FOUND, b"", "text/html", {"Location": fault.location or "/"})
            return
        if kind == "oversize":
            self._oversize(fault)
            return
        if kind == "gzip_bomb":
            bomb = F.gzipped(b" " * fault.size)
            self._send(HTTPStatus.OK, bomb, content_type, {"Content-Encoding": "gzip"})
            return
        if kind == "robots_huge":
            self._maybe_gzip(F.robots_huge(fault.body, fault.size), "text/plain", fault)
            return
        if kind == "header_flood":
            self._header_flood(fault, body or b"")
            return
        if kind == "binary":
            self._send(HTTPStatus.OK, F.garbage(fault.size, key), "text/html")
            return
        if kind == "replace":
            self._send(HTTPStatus.OK, fault.body.encode("utf-8"), fault.content_type)
            return
        if kind == "empty":
            self._send(HTTPStatus.OK, b"", content_type)
            return
        if body is None:
            self._not_found()
            return
        if kind == "truncated":
            self._send(HTTPStatus.OK, body[: len(body) // 2], content_type, length=len(body))
            self.close_connection = True
            return
        if kind == "not_html":
            self._send(HTTPStatus.OK, body, fault.content_type or "application/pdf")
            return
        pages = {
            "cp1256_header": (F.recode(body, "cp1256", None), "text/html; charset=windows-1256"),
            "cp1256_meta": (F.recode(body, "cp1256", "windows-1256"), "text/html"),
            "cp1256_wrong": (F.recode(body, "cp1256", "utf-8"), "text/html; charset=utf-8"),
            "utf8_declared_cp1256": (body, "text/html; charset=windows-1256"),
            "unclosed": (F.unclosed(body), content_type),
            "no_paragraphs": (F.no_paragraphs(body), content_type),
            "no_headline": (F.no_headline(body), content_type),
            "rss_bomb": (F.rss_bomb(body), content_type),
            "inject": (F.inject(body, fault.head, fault.html), content_type),
        }
        if kind in pages:
            page, page_type = pages[kind]
        else:
            page, page_type = self._hostile(fault, key, body, content_type)
        self._maybe_gzip(page, page_type, fault)

    def _hostile(
        self, fault: F.Fault, key: str, body: bytes, content_type: str
    ) -> tuple[bytes, str]:
        """The pages of the hostile-site modes (issue 20)."""
        kind = fault.kind
        path = key.split("?", 1)[0]
        if kind == "refresh_self":
            return F.refresh(body, fault.location or quote(path)), content_type
        if kind == "refresh_loop":
            target = quote(path) if "?loop" in key else quote(path) + "?loop"
            return F.refresh(body, target), content_type
        if kind == "many_links":
            return F.many_links(body, fault.count), content_type
        if kind == "trap":
            return F.trap(body, fault.count), content_type
        if kind == "nul_title":
            return F.nul_title(body), content_type
        if kind == "utf16":
            return codecs.BOM_UTF16_LE + body.decode().encode("utf-16-le"), "text/html"
        if kind == "utf32":
            return codecs.BOM_UTF32_LE + body.decode().encode("utf-32-le"), "text/html"
        if kind == "utf16_declared":
            return body.decode().encode("utf-16-le"), "text/html; charset=utf-16le"
        if kind == "rss_doctype_trick":
            return F.rss_doctype_trick(body), content_type
        if kind == "deep_nesting":
            return F.deep_nesting(body, fault.count), content_type
        raise ValueError(f"no page for fault {kind!r}")

    def _maybe_gzip(self, page: bytes, content_type: str | None, fault: F.Fault) -> None:
        if fault.gzip:
            self._send(HTTPStatus.OK, F.gzipped(page), content_type, {"Content-Encoding": "gzip"})
        else:
            self._send(HTTPStatus.OK, page, content_type)

    def _header_flood(self, fault: F.Fault, body: bytes) -> None:
        """``count`` headers of ``size`` bytes each before the page (endless, for a large count)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        value = "x" * max(1, min(fault.size, 8000))
        try:
            self.flush_headers()  # the status line first: send_header only buffers
            for i in range(fault.count):
                self.wfile.write(f"X-Flood-{i}: {value}\r\n".encode())
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True  # the client gave up, as it should

    def _oversize(self, fault: F.Fault) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if fault.declare_length:
            self.send_header("Content-Length", str(fault.size))
        else:
            self.close_connection = True  # the body ends when the connection does
        self.end_headers()
        chunk = b"<p>" + "حشو ".encode() * 4000 + b"</p>\n"
        sent = 0
        try:
            while sent < fault.size and self.command != "HEAD":
                part = chunk[: fault.size - sent]
                self.wfile.write(part)
                sent += len(part)
        except OSError:
            pass  # the client gave up past its size limit, as it should

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the crawl's own log says what was fetched."""

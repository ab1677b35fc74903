"""A limit on the headers of one response: their count and their bytes.

``DOWNLOAD_MAXSIZE`` bounds a body; nothing in Scrapy or Twisted bounds the header section
before it, so a site that sends headers without end (a broken proxy, a hostile server) holds a
request, and its memory, for as long as it likes: about 1 GB for one request was measured. Twisted
caps one header *line* (16 KiB, ``LineReceiver.MAX_LENGTH``) but not how many lines come.

Neither offers a public hook for this, so :func:`install` subclasses the HTTP/1.1 client parser
(Twisted's ``twisted.web._newclient.HTTPClientParser``, and the lenient one Scrapy 2.19 swaps in
for it) and puts the subclass where the client looks the parser up. This is the one place
newscrawl reaches into private modules of Twisted and Scrapy; a test (``tests/test_hostile.py``)
serves a header flood and fails if the hook stops working after an upgrade.
Beyond either limit the parser raises :class:`HeadersTooLarge`; Twisted then drops the
connection and fails the request, which the crawl logs and counts as
``newscrawl/failed/headers_too_large``.
"""

from __future__ import annotations

from typing import Any

from twisted.web import _newclient

#: the limits in force, set from the settings when the crawl starts (see :func:`install`)
LIMITS = {"count": 200, "bytes": 256 * 1024}


class HeadersTooLarge(Exception):
    """A response sent more header lines or header bytes than the limits allow."""


def _limited(base: Any) -> Any:
    """``base`` (an HTTP/1.1 client parser class) counting the status line and header lines
    until the blank line that ends them."""

    class Limited(base):
        _newscrawl_limited = True
        _lines = 0
        _bytes = 0

        def lineReceived(self, line: bytes) -> None:
            if self.state in (_newclient.STATUS, _newclient.HEADER):
                self._lines += 1
                self._bytes += len(line) + 2
                if self._lines > LIMITS["count"] + 1 or self._bytes > LIMITS["bytes"]:
                    raise HeadersTooLarge(
                        f"more than {LIMITS['count']} headers or {LIMITS['bytes']} bytes of headers"
                    )
            super().lineReceived(line)

    Limited.__name__ = Limited.__qualname__ = f"HeaderLimited{base.__name__}"
    return Limited


def install(max_count: int, max_bytes: int) -> None:
    """Apply the limits to every HTTP/1.1 response the process reads from now on.

    Twisted's client protocol creates ``twisted.web._newclient.HTTPClientParser``; Scrapy 2.19
    then turns that parser into its own lenient one (``_LenientHTTPClientParser`` of its
    HTTP/1.1 handler, which skips header lines without a colon). Each is replaced, where it
    exists, by a subclass that counts."""
    LIMITS["count"], LIMITS["bytes"] = max_count, max_bytes
    # "in vars()": a class made from a limited one inherits the mark but not the counting
    # (Scrapy's lenient parser copies lineReceived rather than calling it)
    if "_newscrawl_limited" not in vars(_newclient.HTTPClientParser):
        vars(_newclient)["HTTPClientParser"] = _limited(_newclient.HTTPClientParser)
    try:
        from scrapy.core.downloader.handlers import http11
    except ImportError:  # pragma: no cover - Scrapy without its HTTP/1.1 handler
        return
    lenient = getattr(http11, "_LenientHTTPClientParser", None)
    if lenient is not None and "_newscrawl_limited" not in vars(lenient):
        vars(http11)["_LenientHTTPClientParser"] = _limited(lenient)


def too_large(value: Any) -> bool:
    """``value`` (a download error) is, or wraps, :class:`HeadersTooLarge`."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, HeadersTooLarge):
            return True
        inner = getattr(item, "value", None)  # a twisted Failure
        if inner is not None and inner is not item:
            stack.append(inner)
        stack.extend(getattr(item, "reasons", None) or [])  # ResponseFailed
        stack.extend(getattr(item, "args", ()) or ())
        stack.append(getattr(item, "__cause__", None))
        stack.append(getattr(item, "__context__", None))
    return False

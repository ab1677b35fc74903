"""A limit on the headers of one response: their count and their bytes.

``DOWNLOAD_MAXSIZE`` bounds a body; nothing in Scrapy or Twisted bounds the header section
before it, so a site that sends headers without end (a broken proxy, a hostile server) holds a
request, and its memory, for as long as it likes: about 1 GB for one request was measured. Twisted
caps one header *line* (16 KiB, ``LineReceiver.MAX_LENGTH``) but not how many lines come.

Neither offers a public hook for this, so :func:`install` wraps the method of Twisted's HTTP/1.1
parser that stores each header (``twisted.web._newclient.HTTPParser.headerReceived``): every
client parser, Twisted's own and the lenient one Scrapy swaps in for it, stores its headers
through it, so nothing of Scrapy's is reached into. (A line with no colon, which Scrapy's parser
skips, is not stored and costs no memory; ``DOWNLOAD_TIMEOUT`` ends a response that sends only
those.) This is the one place newscrawl reaches into a private module of Twisted; a test
(``tests/test_hostile.py``) serves a header flood and fails if the hook stops working after an
upgrade.
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


def _counting(store: Any) -> Any:
    """``store`` (``HTTPParser.headerReceived``) counting the headers of the parser's response
    and their bytes, and refusing any beyond the limits."""

    def headerReceived(self: Any, name: bytes, value: bytes) -> None:
        count = self.__dict__.get("_newscrawl_headers", 0) + 1
        size = self.__dict__.get("_newscrawl_header_bytes", 0) + len(name) + len(value) + 4
        self._newscrawl_headers, self._newscrawl_header_bytes = count, size
        if count > LIMITS["count"] or size > LIMITS["bytes"]:
            raise HeadersTooLarge(
                f"more than {LIMITS['count']} headers or {LIMITS['bytes']} bytes of headers"
            )
        store(self, name, value)

    headerReceived._newscrawl_limited = True  # type: ignore[attr-defined]
    return headerReceived


def install(max_count: int, max_bytes: int) -> None:
    """Apply the limits to every HTTP/1.1 response the process reads from now on."""
    LIMITS["count"], LIMITS["bytes"] = max_count, max_bytes
    parser = _newclient.HTTPParser
    if not getattr(parser.headerReceived, "_newscrawl_limited", False):
        parser.headerReceived = _counting(parser.headerReceived)  # type: ignore[method-assign]


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

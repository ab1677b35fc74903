"""Faults the snapshot server can answer with, switched on per path, for the fault tests.

A fault map names, for a path of the snapshot (raw or percent-encoded Arabic, as in
``routes.json``; a query may be part of the key), the fault its requests get::

    {"paths": {"/314/025733-السلطات-...": {"kind": "http_503", "retry_after": "2", "times": 1},
               "/rss": {"kind": "rss_bomb"}},
     "random": {"seed": 7, "rate": 0.2}}

``times`` makes a fault transient: the first ``times`` requests of the path get it, later ones
the normal page (``None``, the default, means every request). ``random`` puts a fault drawn from
:data:`RANDOM_KINDS` on a share ``rate`` of the requests; the draw depends on the seed, the path
and the request's attempt number only, so a run is reproducible whatever order the requests
arrive in. Pass a map to :class:`~sitesnapshot.server.SnapshotServer` (``faults=``, or set
its ``faults`` attribute between runs) or as ``--faults FILE`` to ``python -m sitesnapshot
serve``.

The kinds:

- ``http_500``, ``http_503``, ``http_429``, ``http_404`` (any ``http_NNN``): that status, with a
  ``Retry-After`` header when ``retry_after`` is given (seconds or an HTTP date);
- ``timeout``: sleeps ``sleep`` seconds (past the crawl's ``DOWNLOAD_TIMEOUT``) before answering;
- ``reset``: closes the connection with a TCP reset before any response;
- ``truncated``: declares a ``Content-Length`` larger than the body it sends, then closes;
- ``empty``: a 200 with an empty body;
- ``not_html``: the body under a non-HTML ``content_type`` (default ``application/pdf``);
- ``oversize``: a 200 HTML body of ``size`` bytes (``declare_length: false`` streams it with no
  ``Content-Length``);
- ``redirect_loop``: a 302 to the path itself via ``?loop``, for ever;
- ``redirect``: a 302 to ``location`` (another host, say);
- ``cp1256_header``, ``cp1256_meta``, ``cp1256_wrong``: the page encoded in windows-1256, declared
  in the HTTP header only, in a ``<meta>`` only, or declared as UTF-8 in both; and
  ``utf8_declared_cp1256``: the UTF-8 page declared windows-1256 in the header;
- ``unclosed``: the page with every ``</p>``, ``</div>``, ``</body>`` and ``</html>`` removed;
- ``no_paragraphs``: the page without the paragraphs of its body container;
- ``no_headline``: the page without ``<h1>``, ``<title>`` and ``og:title``;
- ``binary``: ``size`` bytes of seeded random garbage served as ``text/html``;
- ``rss_bomb``: the feed with an entity-expansion ("billion laughs") DOCTYPE and its entity used;
- ``inject``: the page with ``head`` inserted after ``<head>`` and ``html`` before ``</body>``;
- ``replace``: ``body`` (text) under ``content_type`` instead of the page.

Hostile sites (issue 20), one mode per gap:

- ``refresh_self``: the page with ``<meta http-equiv="refresh" content="60;url=...">`` to
  ``location`` (default: its own path), an auto-reload (G1); ``refresh_loop``: a refresh to the
  path with ``?loop`` and back;
- ``many_links``: the page with ``count`` more article links (``/1/000001-xN``, all 404) at the
  top of its body (G3);
- ``trap``: the page with links into an endless section trap (``/1-trap``, each trap page links
  ``/N+1-trap`` and ``?v=N+1``) and ``count`` ``?utm_source=`` copies of each section link (G4);
- ``header_flood``: the page after ``count`` extra response headers of ``size`` bytes each (G5);
- ``nul_title``: the page with one NUL byte in its ``<title>`` (G7); ``utf16``, ``utf32``: the
  page in UTF-16/UTF-32 with a BOM, ``utf16_declared``: in UTF-16-LE without a BOM, declared in
  the header (G16);
- ``robots_huge``: robots.txt with ``body`` (rules) first, then ``size`` bytes of rules that
  disallow nothing that exists (G9, G15); ``gzip`` with it or any page: served gzip-compressed
  (``gzip_bomb``: ``size`` bytes of spaces, compressed; G12);
- ``rss_doctype_trick``: the feed behind a DOCTYPE whose entity value holds ``]>`` (G11);
- ``deep_nesting``: the article's body wrapped in ``count`` unclosed ``<div>`` elements (G13).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

#: every kind a fault map may name (``http_NNN`` stands for any status)
KINDS = frozenset(
    {
        "http_NNN",
        "timeout",
        "reset",
        "truncated",
        "empty",
        "not_html",
        "oversize",
        "redirect_loop",
        "redirect",
        "cp1256_header",
        "cp1256_meta",
        "cp1256_wrong",
        "utf8_declared_cp1256",
        "unclosed",
        "no_paragraphs",
        "no_headline",
        "binary",
        "rss_bomb",
        "inject",
        "replace",
        "refresh_self",
        "refresh_loop",
        "many_links",
        "trap",
        "header_flood",
        "nul_title",
        "utf16",
        "utf32",
        "utf16_declared",
        "robots_huge",
        "gzip_bomb",
        "rss_doctype_trick",
        "deep_nesting",
    }
)

#: the kinds the random mode draws from: every fault of an article or listing page that needs no
#: parameter of its own (a redirect needs a target, inject and replace need content)
RANDOM_KINDS = (
    "http_500",
    "http_503",
    "http_429",
    "http_404",
    "timeout",
    "reset",
    "truncated",
    "empty",
    "not_html",
    "oversize",
    "redirect_loop",
    "cp1256_header",
    "cp1256_meta",
    "cp1256_wrong",
    "unclosed",
    "no_paragraphs",
    "no_headline",
    "binary",
)

_HTTP_RE = re.compile(r"^http_(\d{3})$")


def path_key(raw: str) -> str:
    """The key a path is looked up by: percent-decoded, NFC, query kept (as the server does)."""
    parts = urlsplit(raw)
    path = unicodedata.normalize("NFC", unquote(parts.path)) or "/"
    return f"{path}?{unquote(parts.query)}" if parts.query else path


@dataclass
class Fault:
    """One fault and its parameters."""

    kind: str
    times: int | None = None  # fail the first N requests, then serve normally; None: always
    retry_after: str | None = None  # the Retry-After header of an http_NNN fault
    sleep: float = 5.0  # seconds a timeout waits before answering
    size: int = 9 * 1024 * 1024  # bytes of an oversize or binary body
    declare_length: bool = True  # whether an oversize body declares its Content-Length
    location: str | None = None  # the target of a redirect
    content_type: str | None = None  # of not_html and replace
    head: str = ""  # inject: HTML put right after <head>
    html: str = ""  # inject: HTML put right before </body>
    body: str = ""  # replace: the whole body; robots_huge: the rules before the padding
    count: int = 0  # many_links, trap, header_flood, deep_nesting: how many
    gzip: bool = False  # serve the fault's page gzip-compressed

    def __post_init__(self) -> None:
        if self.kind not in KINDS and not _HTTP_RE.match(self.kind):
            raise ValueError(f"unknown fault kind {self.kind!r}")
        if self.retry_after is not None:
            self.retry_after = str(self.retry_after)

    @property
    def status(self) -> int | None:
        match = _HTTP_RE.match(self.kind)
        return int(match[1]) if match else None

    @classmethod
    def from_spec(cls, spec: str | dict[str, Any] | Fault) -> Fault:
        if isinstance(spec, Fault):
            return spec
        if isinstance(spec, str):
            return cls(kind=spec)
        known = {f.name for f in fields(cls)}
        unknown = set(spec) - known
        if unknown:
            raise ValueError(f"unknown fault parameters {sorted(unknown)}")
        return cls(**spec)


@dataclass
class RandomFaults:
    """A fault on a share ``rate`` of requests, drawn reproducibly from ``seed``."""

    seed: int = 0
    rate: float = 0.2
    kinds: tuple[str, ...] = RANDOM_KINDS
    exclude: tuple[str, ...] = ("/robots.txt",)  # robots.txt decides what else is fetched
    sleep: float = 5.0  # of a drawn timeout
    size: int = 9 * 1024 * 1024  # of a drawn oversize or binary body
    retry_after: str | None = "1"  # of a drawn 503 or 429

    def draw(self, key: str, attempt: int) -> Fault | None:
        if key in self.exclude:
            return None
        digest = hashlib.sha256(f"{self.seed}\0{key}\0{attempt}".encode()).digest()
        rng = random.Random(digest)
        if rng.random() >= self.rate:
            return None
        kind = rng.choice(list(self.kinds))
        retry_after = self.retry_after if kind in ("http_503", "http_429") else None
        return Fault(kind, sleep=self.sleep, size=self.size, retry_after=retry_after)


@dataclass
class FaultMap:
    """The faults of a server: per path, and optionally at random; thread-safe counters."""

    paths: dict[str, Fault] = field(default_factory=dict)
    random: RandomFaults | None = None
    _served: dict[str, int] = field(default_factory=dict, repr=False)
    _seen: dict[str, int] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any] | FaultMap | None) -> FaultMap:
        if isinstance(data, FaultMap):
            return data
        data = dict(data or {})
        if "paths" not in data and "random" not in data:
            data = {"paths": data}  # a bare {path: spec} mapping
        paths = {path_key(p): Fault.from_spec(s) for p, s in (data.get("paths") or {}).items()}
        spec = data.get("random")
        rand = None
        if spec:
            spec = dict(spec)
            if "kinds" in spec:
                spec["kinds"] = tuple(spec["kinds"])
            if "exclude" in spec:
                spec["exclude"] = tuple(path_key(p) for p in spec["exclude"])
            rand = RandomFaults(**spec)
        return cls(paths, rand)

    @classmethod
    def from_file(cls, path: Path) -> FaultMap:
        return cls.from_data(json.loads(Path(path).read_text(encoding="utf-8")))

    def for_request(self, key: str) -> Fault | None:
        """The fault the request for ``key`` gets now, or ``None`` for the normal page."""
        path = key.split("?", 1)[0]
        with self._lock:
            attempt = self._seen.get(key, 0)
            self._seen[key] = attempt + 1
            fault = self.paths.get(key) or self.paths.get(path)
            if fault is not None:
                name = key if key in self.paths else path
                served = self._served.get(name, 0)
                if fault.times is not None and served >= fault.times:
                    return None
                self._served[name] = served + 1
                return fault
        if self.random is not None:
            return self.random.draw(key, attempt)
        return None


# ---- the pages a fault makes -------------------------------------------------------------------
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset=[^>]*>", re.I)


def meta_charset(charset: str) -> bytes:
    return f'<meta http-equiv="content-type" content="text/html; charset={charset}" />'.encode()


def recode(page: bytes, encoding: str, meta: str | None) -> bytes:
    """The UTF-8 ``page`` encoded in ``encoding`` (characters it lacks as character
    references), its ``<meta>`` charset set to ``meta`` or removed when ``meta`` is None."""
    text = page.decode("utf-8")
    body = text.encode(encoding, errors="xmlcharrefreplace")
    return _META_CHARSET_RE.sub(meta_charset(meta) if meta else b"", body, count=1)


def unclosed(page: bytes) -> bytes:
    return re.sub(rb"</(?:p|div|body|html)\s*>", b"", page, flags=re.I)


def no_paragraphs(page: bytes) -> bytes:
    """The page with the paragraphs of ``div#balmon`` removed, the rest kept."""
    text = page.decode("utf-8")
    start = text.find('id="balmon"')
    if start < 0:
        return page
    head, tail = text[:start], text[start:]
    # the body container ends at the first of the blocks that follow it on the snapshot's pages
    end = len(tail)
    for marker in ('class="tagsbox"', "<form", 'class="sidebar', "<footer"):
        found = tail.find(marker)
        if 0 <= found < end:
            end = found
    inner = re.sub(r"<p[\s>].*?</p>", "", tail[:end], flags=re.S | re.I)
    return (head + inner + tail[end:]).encode("utf-8")


def no_headline(page: bytes) -> bytes:
    page = re.sub(rb"<h1[\s>].*?</h1>", b"", page, flags=re.S | re.I)
    page = re.sub(rb"<title>.*?</title>", b"", page, flags=re.S | re.I)
    return re.sub(rb'<meta property="og:title"[^>]*>', b"", page, flags=re.I)


def garbage(size: int, seed: str) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(size))


#: the "billion laughs" DOCTYPE: &lol9; would expand to 10**9 "lol"s
BOMB_DOCTYPE = (
    '<!DOCTYPE rss [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def rss_bomb(feed: bytes) -> bytes:
    """The feed with the bomb's DOCTYPE after the XML declaration and ``&lol9;`` in the channel
    description and the first item's title."""
    text = feed.decode("utf-8")
    declaration_end = text.find("?>") + 2 if text.startswith("<?xml") else 0
    text = text[:declaration_end] + "\n" + BOMB_DOCTYPE + text[declaration_end:]
    text = text.replace("<description>", "<description>&lol9;", 1)
    text = text.replace("<item>\n<title>", "<item>\n<title>&lol9;", 1)
    return text.encode("utf-8")


def inject(page: bytes, head: str, html: str) -> bytes:
    text = page.decode("utf-8")
    if head:
        text = re.sub(r"<head>", lambda m: m[0] + head, text, count=1, flags=re.I)
    if html:
        index = text.lower().rfind("</body>")
        text = text[:index] + html + text[index:] if index >= 0 else text + html
    return text.encode("utf-8")


# ---- hostile sites (issue 20) ------------------------------------------------------------------
def refresh(page: bytes, target: str) -> bytes:
    """The page with a meta refresh to ``target`` after 60 s (a news homepage's auto-reload)."""
    tag = f'<meta http-equiv="refresh" content="60;url={target}">'
    return inject(page, tag, "")


def many_links(page: bytes, count: int) -> bytes:
    """The page with ``count`` article links that all answer 404, before its own links."""
    links = "".join(f'<a href="/1/000001-x{i}">x</a>' for i in range(count))
    text = page.decode("utf-8")
    match = re.search(r"<body[^>]*>", text, flags=re.I)
    at = match.end() if match else 0
    return (text[:at] + "<div>" + links + "</div>" + text[at:]).encode("utf-8")


_TRAP_RE = re.compile(r"^/(\d+)-trap$")


def trap_page(key: str) -> bytes | None:
    """A page of the endless section trap: ``/N-trap`` links ``/N+1-trap`` and ``?v=N+1``."""
    path, _, query = key.partition("?")
    match = _TRAP_RE.match(path)
    if not match:
        return None
    n = int(match[1]) + (int(query[2:]) if query.startswith("v=") and query[2:].isdigit() else 0)
    return (
        f'<html><head><title>trap {n}</title></head><body><a href="/{n + 1}-trap">next</a>'
        f'<a href="/{n}-trap?v={n + 1}">again</a></body></html>'
    ).encode()


def trap(page: bytes, count: int) -> bytes:
    """The page with a link into the trap and ``count`` ``?utm_source=`` copies of each of its
    section links."""
    text = page.decode("utf-8")
    sections = sorted(set(re.findall(r'href="(/\d+-[^"?#]+)"', text)))
    copies = "".join(
        f'<a href="{section}?utm_source=s{i}">copy</a>'
        for section in sections
        for i in range(count)
    )
    return inject(page, "", '<a href="/1-trap">more</a>' + copies)


def nul_title(page: bytes) -> bytes:
    return re.sub(rb"<title>", b"<title>\x00", page, count=1, flags=re.I)


def deep_nesting(page: bytes, count: int) -> bytes:
    """The article's body container wrapped in ``count`` unclosed ``<div>`` elements."""
    text = page.decode("utf-8")
    at = text.find('<div id="balmon"')
    if at < 0:
        return page
    return (text[:at] + "<div>" * count + text[at:]).encode("utf-8")


def robots_huge(rules: str, size: int) -> bytes:
    """``rules`` first, then ``size`` bytes of wildcard rules that match no page of the site."""
    head = (rules or "User-agent: *\nDisallow: /\n").encode()
    line = b"Disallow: /*nothing*here*%07d$\n"
    lines = [line % i for i in range(size // len(line % 0) + 1)]
    return head + b"".join(lines)[:size]


def rss_doctype_trick(feed: bytes) -> bytes:
    """The feed behind a DOCTYPE whose internal subset holds ``]>`` inside an entity value: a
    pattern that stops at the first ``]>`` leaves the rest of the DOCTYPE in the document."""
    text = feed.decode("utf-8")
    declaration_end = text.find("?>") + 2 if text.startswith("<?xml") else 0
    doctype = '<!DOCTYPE rss [<!ENTITY trick "]>"><!ENTITY other "x">]>'
    return (text[:declaration_end] + "\n" + doctype + text[declaration_end:]).encode("utf-8")


def gzipped(body: bytes) -> bytes:
    import gzip

    return gzip.compress(body, compresslevel=9)

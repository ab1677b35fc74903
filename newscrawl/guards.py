"""Guards against a broken or hostile site: limits per page and per run, and responses Scrapy
would misread.

- :class:`MetaRefreshMiddleware` is Scrapy's, except that a refresh to the page's own URL (an
  auto-reload, ``<meta http-equiv="refresh" content="60;url=/">``) is that page, and a refresh
  back to a URL already in the chain is a loop, counted as a redirect loop is.
- :class:`BodyRepairMiddleware` decodes UTF-16 and UTF-32 pages (a BOM or a declared charset) to
  UTF-8, and strips isolated NUL bytes from a text page, before the binary check sees them.
- :class:`RobotsTxtLimitMiddleware` reads robots.txt up to its first
  ``NEWSCRAWL_ROBOTSTXT_MAX_BYTES`` (500 KiB, RFC 9309 section 2.5), compressed or not, so that a
  huge robots.txt is obeyed as far as it was read instead of being ignored as too large.
"""

from __future__ import annotations

import codecs
import logging
import re
import time
import zlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.exceptions import StopDownload
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.response import get_meta_refresh
from w3lib.url import safe_url_string

from newscrawl import headers
from newscrawl.pace import SlotPace
from newscrawl.refusals import RedirectLoop, Stopping, limit_setting
from newscrawl.text import looks_binary

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


# ---- meta refresh ----------------------------------------------------------------------------------
def _same(url: str) -> str:
    return safe_url_string(url).split("#", 1)[0]


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's meta-refresh redirect, with two cases it gets wrong.

    A refresh to the page's own URL is an auto-reload (news homepages carry one): Scrapy requests
    the same URL again, which its duplicate filter drops, and the page is lost with everything only
    it links. Here the page is kept (``newscrawl/meta_refresh/self``). A refresh back to a URL
    already in the redirect chain would vanish in the duplicate filter too: it is stopped as a
    redirect loop (``newscrawl/refused/redirect_loop``, then ``newscrawl/failed/redirect_loop``).
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.ignore_tags = settings.getlist("METAREFRESH_IGNORE_TAGS")
        self.max_delay = settings.getint("METAREFRESH_MAXDELAY")

    def _count(self, key: str) -> None:
        crawler = getattr(self, "crawler", None)  # set by Scrapy's from_crawler
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(key)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if (
            isinstance(response, HtmlResponse)
            and not request.meta.get("dont_redirect", False)
            and request.method != "HEAD"
        ):
            interval, url = get_meta_refresh(response, ignore_tags=self.ignore_tags)
            if url and interval is not None and interval < self.max_delay:
                try:
                    target = _same(url)
                except ValueError:
                    return response  # a refresh to a malformed URL goes nowhere
                if target == _same(request.url) or target == _same(response.url):
                    self._count("newscrawl/meta_refresh/self")
                    return response
                chain = {_same(u) for u in request.meta.get("redirect_urls", [])}
                if target in chain:
                    self._count("newscrawl/refused/redirect_loop")
                    raise RedirectLoop(f"{request.url} refreshes back to {target}")
        return super().process_response(request, response)


# ---- bodies -----------------------------------------------------------------------------------------
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def wide_encoding(body: bytes, declared: str | None) -> str | None:
    """The UTF-16 or UTF-32 codec of ``body``: from its BOM, else from the declared charset
    (checked against the bytes); ``None`` for any other page."""
    for bom, name in _WIDE_BOMS:  # UTF-32-LE's BOM starts with UTF-16-LE's: longest first
        if body.startswith(bom):
            return name
    try:
        name = codecs.lookup(declared).name if declared else ""
    except LookupError:
        return None
    if not name.startswith(("utf-16", "utf-32")):
        return None
    if name in ("utf-16", "utf-32"):  # no byte order given: the zero bytes of ASCII tell it
        head = body[:64]
        if name == "utf-16":
            name = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        else:
            name = "utf-32-le" if head[:1] != b"\0" else "utf-32-be"
    try:
        body.decode(name)
    except UnicodeDecodeError:
        return None
    return name


#: libxml2 stops building the tree 2,048 elements deep (256 without lxml's ``huge_tree``, which
#: parsel sets); a page nested deeper loses everything below, its article body included
MAX_DEPTH = 2048
#: a run of this many opening tags with nothing between them is a template bug (3,000 unclosed
#: ``<div>``s), not a layout: it is cut down to its innermost :data:`KEPT_OF_A_RUN` tags
_OPEN_RUN_RE = re.compile(
    rb"(?:<(?:div|span|section|font|b|i|p|table|tr|td)\b[^<>]*>\s*){256,}", re.I
)
_OPEN_TAG_RE = re.compile(rb"<[^<>]*>")
KEPT_OF_A_RUN = 32


def flatten_runs(body: bytes) -> tuple[bytes, int]:
    """``body`` with every run of 256 or more bare opening tags cut to its innermost 32, and how
    many tags were cut. Only a page with hundreds more ``<div>`` than ``</div>`` is searched (a
    ``count`` of bytes; the search itself costs about 70 ms a megabyte)."""
    lower = body.lower() if b"<DIV" in body or b"<Div" in body else body
    if lower.count(b"<div") - lower.count(b"</div") < 256:
        return body, 0
    cut = 0

    def shorten(match: re.Match[bytes]) -> bytes:
        nonlocal cut
        tags = _OPEN_TAG_RE.findall(match[0])
        cut += len(tags) - KEPT_OF_A_RUN
        return b"".join(tags[-KEPT_OF_A_RUN:])

    return _OPEN_RUN_RE.sub(shorten, body), cut


class BodyRepairMiddleware:
    """Pages a browser shows that the crawl would take for binary or read only in part: a UTF-16
    or UTF-32 page (a BOM or a declared charset) is decoded and handed on as UTF-8
    (``newscrawl/encoding/wide/<codec>``); a text page with a few stray NUL bytes (a template bug,
    one in ``<title>``) loses them (``newscrawl/repaired/nul_bytes``). Real binary garbage stays
    binary: its other control bytes still show. A run of hundreds of opening tags with nothing
    between them (3,000 unclosed ``<div>``s) would take the page past libxml2's depth limit and
    lose its body: the run is cut to its innermost tags (``newscrawl/repaired/deep_nesting``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodyRepairMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not isinstance(response, TextResponse):
            return response
        if isinstance(response, HtmlResponse):
            flat, cut = flatten_runs(response.body)
            if cut:
                self.stats.inc_value("newscrawl/repaired/deep_nesting")
                logger.warning(
                    "%s nests %d opening tags in a row: read with the innermost %d",
                    response.url,
                    cut + KEPT_OF_A_RUN,
                    KEPT_OF_A_RUN,
                )
                response = response.replace(body=flat)
        if b"\0" not in response.body[:4096]:
            return response
        body = response.body
        wide = wide_encoding(body, response.encoding)
        if wide is not None:
            text = body.decode(wide).lstrip("\ufeff")
            self.stats.inc_value(f"newscrawl/encoding/wide/{wide}")
            return response.replace(body=text.encode("utf-8"), encoding="utf-8")
        stripped = body.replace(b"\0", b"")
        if len(body) - len(stripped) > max(16, len(body) // 100) or looks_binary(stripped):
            return response
        self.stats.inc_value("newscrawl/repaired/nul_bytes", len(body) - len(stripped))
        logger.info("Stripped %d NUL bytes from %s", len(body) - len(stripped), response.url)
        return response.replace(body=stripped)


# ---- robots.txt ---------------------------------------------------------------------------------
def _is_robots(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and urlsplit(request.url).path == (
        "/robots.txt"
    )


def _cut(body: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes of ``body``, back to the end of the last whole line."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    end = head.rfind(b"\n")
    return head[: end + 1] if end >= 0 else b""


class RobotsTxtLimitMiddleware:
    """robots.txt read up to its first ``NEWSCRAWL_ROBOTSTXT_MAX_BYTES`` and obeyed as far as read.

    Scrapy fetches robots.txt like any page, so one larger than ``DOWNLOAD_MAXSIZE`` (or a
    compression bomb) fails, and a failed robots.txt lets everything through. Here the download of
    robots.txt stops once the limit has arrived (Scrapy's ``bytes_received`` signal with
    ``StopDownload(fail=False)``), a compressed one is inflated only up to the limit, and the
    rules are read up to the last whole line (``newscrawl/robotstxt/truncated``). RFC 9309
    (section 2.5) asks crawlers to read at least the first 500 KiB.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.limit = limit_setting(
            crawler.settings, "NEWSCRAWL_ROBOTSTXT_MAX_BYTES", 500 * 1024, minimum=1024
        )
        self.received: dict[int, int] = {}
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtLimitMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        if _is_robots(request) and "newscrawl_robots" not in request.meta:
            request.meta["newscrawl_robots"] = True
            # no size limit of its own: the download stops at the byte limit instead
            request.meta["download_maxsize"] = 0
            request.meta["download_warnsize"] = 0

    def bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        if not request.meta.get("newscrawl_robots"):
            return
        key = id(request)
        self.received[key] = self.received.get(key, 0) + len(data)
        if self.received[key] > self.limit:
            del self.received[key]
            raise StopDownload(fail=False)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not request.meta.get("newscrawl_robots"):
            return response
        self.received.pop(id(request), None)
        body = response.body
        encoding = (response.headers.get(b"Content-Encoding") or b"").strip().lower()
        if encoding in (b"gzip", b"x-gzip", b"deflate"):
            wbits = 16 + zlib.MAX_WBITS if b"gzip" in encoding else zlib.MAX_WBITS
            try:
                body = zlib.decompressobj(wbits).decompress(body, self.limit + 1)
            except zlib.error:
                try:  # a raw deflate stream, as some servers send
                    body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, self.limit + 1)
                except zlib.error:
                    body = b""
            headers = response.headers.copy()
            del headers[b"Content-Encoding"]
            response = response.replace(body=body, headers=headers)
        if len(body) > self.limit or "download_stopped" in response.flags:
            self.stats.inc_value("newscrawl/robotstxt/truncated")
            logger.warning(
                "robots.txt of %s is larger than %d bytes: obeying its first %d",
                response.url,
                self.limit,
                self.limit,
            )
            response = response.replace(body=_cut(body, self.limit))
        return response


# ---- stopping on time ---------------------------------------------------------------------------
class HeaderLimitMiddleware:
    """Puts ``NEWSCRAWL_MAX_RESPONSE_HEADERS`` and ``NEWSCRAWL_MAX_RESPONSE_HEADER_BYTES`` in force
    for the crawl's downloads (:mod:`newscrawl.headers`); it handles no request itself."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        headers.install(
            limit_setting(settings, "NEWSCRAWL_MAX_RESPONSE_HEADERS", 200, minimum=10),
            limit_setting(
                settings, "NEWSCRAWL_MAX_RESPONSE_HEADER_BYTES", 256 * 1024, minimum=8192
            ),
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HeaderLimitMiddleware:
        return cls(crawler)


#: a custom signal: the run is stopping, and the requests waiting at the stop gate are dropped
run_stopping = object()


class StopGateMiddleware:
    """Keeps requests out of a download slot while the slot's delay is long, so that a run that
    stops does not wait the delay out for each queued request; and keeps robots.txt's
    ``Crawl-delay``.

    Scrapy hands the downloader up to ``CONCURRENT_REQUESTS`` requests, and a slot sends them one
    per delay; a stopping run waits until every one of them is sent (with a 60 s Crawl-delay and
    eight requests, eight minutes, past the systemd unit's ``TimeoutStopSec``). Here, while a
    slot's delay is ``NEWSCRAWL_GATE_DELAY`` (10 s) or more, or robots.txt asked for a
    Crawl-delay, one request of the slot at a time goes on to it and the others wait at this gate;
    under a Crawl-delay the one that goes on waits here too until the delay has passed since the
    previous request was sent (:class:`newscrawl.pace.SlotPace`). When the run stops (Ctrl-C,
    SIGTERM, ``NEWSCRAWL_MAX_RUN_SECONDS``) the waiting ones are dropped at once
    (``newscrawl/stopping/dropped``), and stay pending in the state for the next run. A stop then
    waits at most one download.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.gate_delay = crawler.settings.getfloat("NEWSCRAWL_GATE_DELAY", 10.0)
        self.pace = SlotPace.of(crawler)
        self.stopping = False
        self.inside: dict[str, int] = {}  # slot key -> requests past the gate, not yet answered
        self.waiting: dict[str, list[Any]] = {}  # slot key -> Deferreds of the waiting requests
        #: Deferred of a request waiting out a Crawl-delay -> the call that ends its wait
        self.sleeping: dict[Any, Any] = {}
        self.poll: Any = None
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.stop, signal=run_stopping)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StopGateMiddleware:
        return cls(crawler)

    def engine_started(self) -> None:
        from twisted.internet import task

        self.poll = task.LoopingCall(self._check)  # Crawler.stop() clears Crawler.crawling
        self.poll.start(0.5, now=False)

    def spider_closed(self, spider: Any = None) -> None:
        self.stop()
        if self.poll is not None and self.poll.running:
            self.poll.stop()

    def _check(self) -> None:
        if not self.crawler.crawling:
            self.stop()

    def stop(self, **kwargs: Any) -> None:
        """Drop every waiting request: the run is stopping."""
        self.stopping = True
        waiting = [d for queue in self.waiting.values() for d in queue]
        self.waiting.clear()
        for deferred, call in list(self.sleeping.items()):
            if call.active():
                call.cancel()
            waiting.append(deferred)
        self.sleeping.clear()
        for deferred in waiting:
            if not deferred.called:
                deferred.errback(Stopping("the run is stopping"))

    async def process_request(self, request: Request, spider: Any = None) -> None:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.defer import Deferred

        if self.stopping:
            self._dropped(request)
        key = self.pace.key(request)
        crawl_delay = self.pace.crawl_delays.get(key)
        if crawl_delay is None and self.pace.delay(key) < self.gate_delay:
            self.inside[key] = self.inside.get(key, 0) + 1
            request.meta["newscrawl_gate"] = key
            return
        if self.inside.get(key, 0) >= 1 or self.waiting.get(key):
            turn: Deferred[None] = Deferred()
            self.waiting.setdefault(key, []).append(turn)
            try:
                await maybe_deferred_to_future(turn)  # handed the slot by _leave
            except Stopping:
                self._dropped(request)
        else:
            self.inside[key] = 1
        request.meta["newscrawl_gate"] = key
        wait = self.pace.sent.get(key, 0.0) + (crawl_delay or 0.0) - time.time()
        if crawl_delay and wait > 0:
            from twisted.internet import reactor

            clock: Any = reactor
            sleep: Deferred[None] = Deferred()
            self.sleeping[sleep] = clock.callLater(wait, sleep.callback, None)
            try:
                await maybe_deferred_to_future(sleep)
            except Stopping:
                self._leave(request)
                self._dropped(request)
            finally:
                self.sleeping.pop(sleep, None)

    def _dropped(self, request: Request) -> None:
        self.crawler.stats.inc_value("newscrawl/stopping/dropped")
        raise Stopping(f"not sent, the run is stopping: {request.url}")

    def _leave(self, request: Request) -> None:
        key = request.meta.pop("newscrawl_gate", None)
        if key is None:
            return
        self.inside[key] = max(0, self.inside.get(key, 0) - 1)
        if self.inside[key]:
            return
        queue = self.waiting.get(key)
        while queue:
            turn = queue.pop(0)
            if not turn.called:
                self.inside[key] = 1  # handed on: nothing passes before the one woken
                turn.callback(None)
                break

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        self._leave(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        key = request.meta.get("newscrawl_gate")
        if key is not None:
            self.pace.failed(key)
        self._leave(request)


class MaxRunTime:
    """Ends a run after ``NEWSCRAWL_MAX_RUN_SECONDS`` (0: never) with the finish reason
    ``max_run_seconds``: the requests waiting at :class:`StopGateMiddleware` are dropped, the
    feed and the state close as in any run's end, and what was not fetched stays pending.
    Scrapy's ``CLOSESPIDER_TIMEOUT`` ends a run too, but waits out the requests already queued
    in a slot."""

    def __init__(self, crawler: Crawler, seconds: int) -> None:
        self.crawler = crawler
        self.seconds = seconds
        self.call: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MaxRunTime:
        from scrapy.exceptions import NotConfigured

        seconds = limit_setting(crawler.settings, "NEWSCRAWL_MAX_RUN_SECONDS", 0, minimum=0)
        if not seconds:
            raise NotConfigured
        return cls(crawler, seconds)

    def spider_opened(self, spider: Any = None) -> None:
        from twisted.internet import reactor

        clock: Any = reactor
        self.call = clock.callLater(self.seconds, self.expire)

    def expire(self) -> None:
        logger.warning("The run reached NEWSCRAWL_MAX_RUN_SECONDS (%ds): closing it", self.seconds)
        self.crawler.stats.set_value("newscrawl/max_run_seconds", self.seconds)
        self.crawler.signals.send_catch_log(run_stopping)
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_run_seconds"))

    def spider_closed(self, spider: Any = None) -> None:
        if self.call is not None and self.call.active():
            self.call.cancel()


# ---- how much of the site a run reached -------------------------------------------------------
def reached(stats: dict[str, Any]) -> int:
    """The articles a run reached: exported, fetched again but unchanged, or known to the state
    and skipped. Unlike the exports of an incremental run, which follow the news of the hour,
    this follows the size of the site that the homepage, the feed and the listings show."""
    return int(
        stats.get("item_scraped_count", 0)
        + stats.get("newscrawl/incremental/known_skipped_articles", 0)
        + stats.get("newscrawl/incremental/unchanged", 0)
    )


class RunHistory:
    """Puts the articles earlier runs reached into the stats (``newscrawl/history/...``) for the
    shrink monitor, and records this run's when it finishes. Runs before the state is closed
    (its ``spider_closed`` is connected before ``ExportedState``'s) and before the monitors."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.runs = limit_setting(crawler.settings, "NEWSCRAWL_HISTORY_RUNS", 5, minimum=1)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunHistory:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Any, reason: str) -> None:
        state = getattr(spider, "run_state", None)
        stats = self.crawler.stats
        assert stats is not None
        this = reached(stats.get_stats())
        history = (
            None if state is None else state.reach(this, self.runs, record=reason == "finished")
        )
        if history is None:  # no state keeps the runs' reach
            return
        earlier = sorted(history)
        stats.set_value("newscrawl/reached", this)
        stats.set_value("newscrawl/history/runs", len(earlier))
        if earlier:
            stats.set_value("newscrawl/history/median_reached", earlier[len(earlier) // 2])


__all__ = [
    "BodyRepairMiddleware",
    "MaxRunTime",
    "MetaRefreshMiddleware",
    "RobotsTxtLimitMiddleware",
    "RunHistory",
    "StopGateMiddleware",
    "reached",
    "wide_encoding",
]

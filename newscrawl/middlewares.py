"""Downloader middlewares: staying on the site, politeness Scrapy lacks, and bad responses.

- :class:`OriginGuardMiddleware` is the crawl's one off-site rule: it refuses any request off the
  crawl's origin (:func:`on_origin`). Scrapy's own ``OffsiteMiddleware`` compares host names only
  (``allowed_domains``), so another port of the same host, or the live site while a mirror is
  crawled, would pass it; the spider sets no ``allowed_domains``, and this guard compares the
  whole ``host:port`` and runs before robots.txt is fetched for the new host.
- :class:`RedirectGuardMiddleware` stops a redirect off the origin, or back to a URL already in
  its chain, before Scrapy's ``RedirectMiddleware`` follows it: a loop back to a URL already seen
  would otherwise vanish in the duplicate filter, with no error and no count.
- :class:`CrawlDelayMiddleware` reads robots.txt's ``Crawl-delay`` for the site's download slot,
  which the stop gate then keeps (Scrapy reads the directive, ``RobotParser.crawl_delay()``, but
  does not apply it: scrapy#892).
- :class:`RetryAfterMiddleware` is Scrapy's ``RetryMiddleware`` that waits for ``Retry-After`` on
  429 and 503 before retrying (scrapy#3849), without blocking the reactor.
- :class:`RequestCapMiddleware` stops a run after ``NEWSCRAWL_MAX_REQUESTS`` requests.
- :class:`EncodingMiddleware` fixes a page whose declared charset does not decode it.

The exceptions they raise to refuse a request, and the names of what went wrong with a failed
one, are in :mod:`newscrawl.refusals`, which the spider reads too.
"""

from __future__ import annotations

import codecs
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.response import response_status_message
from w3lib.encoding import html_body_declared_encoding, resolve_encoding
from w3lib.url import safe_url_string

from newscrawl.pace import SlotPace
from newscrawl.refusals import (
    MalformedRedirect,
    OffsiteRedirect,
    OffsiteRequest,
    RedirectLoop,
    RequestCapReached,
    RetryScheduled,
)
from newscrawl.text import looks_binary

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _origin(crawler: Crawler) -> Any:
    return getattr(crawler.spider, "origin", None)


def on_origin(origin: Any, url: str) -> bool:
    """Whether ``url`` may be fetched by a crawl of ``origin``: the origin's own scheme and
    ``host:port``; while the live site is crawled, also its other hosts (``www`` and the bare
    domain) on the same scheme and default port."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return False
    if parts.scheme != origin.scheme:
        # https on an http origin's host:port is another service, not the same site; and the
        # live site's pages are all on one scheme: a change of scheme is never followed
        return False
    if parts.netloc.lower() == origin.netloc:
        return True
    origin_host = origin.netloc.split(":")[0]
    return origin_host in origin.site_hosts and host in origin.site_hosts and parts.port is None


class _CrawlerMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)


class OriginGuardMiddleware(_CrawlerMiddleware):
    """Refuses requests off the origin (``newscrawl/refused/offsite``), robots.txt included."""

    def process_request(self, request: Request, spider: Any = None) -> None:
        origin = _origin(self.crawler)
        if origin is None or on_origin(origin, request.url):
            return
        self.stats.inc_value("newscrawl/refused/offsite")
        logger.info("Refused a request off the site: %s", request.url)
        if request.meta.get("redirect_urls"):
            raise OffsiteRedirect(f"redirect off the site to {request.url}")
        raise OffsiteRequest(f"request off the site to {request.url}")


class RedirectGuardMiddleware(_CrawlerMiddleware):
    """Stops a redirect off the origin or into a loop, before ``RedirectMiddleware`` sees it."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        try:
            target = safe_url_string(
                urljoin(request.url, location.decode("latin-1").strip())
            ).split("#", 1)[0]
        except ValueError as exc:  # "Location: http://host:abc/", "http://[::1": nowhere to go
            self.stats.inc_value("newscrawl/refused/malformed_redirect")
            raise MalformedRedirect(
                f"{request.url} redirects to a malformed URL {location!r}: {exc}"
            ) from None
        origin = _origin(self.crawler)
        if origin is not None and not on_origin(origin, target):
            self.stats.inc_value("newscrawl/refused/offsite_redirect")
            raise OffsiteRedirect(f"{request.url} redirects off the site to {target}")
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in {safe_url_string(u).split("#", 1)[0] for u in chain}:
            self.stats.inc_value("newscrawl/refused/redirect_loop")
            raise RedirectLoop(f"{request.url} redirects back to {target}")
        return response


class CrawlDelayMiddleware(_CrawlerMiddleware):
    """Reads robots.txt's ``Crawl-delay`` for the site's download slot, never lower than
    ``DOWNLOAD_DELAY`` and at most ``NEWSCRAWL_MAX_CRAWL_DELAY``, into the crawl's
    :class:`newscrawl.pace.SlotPace`. :class:`newscrawl.guards.StopGateMiddleware` keeps it: one
    request of the slot at a time, each sent the delay after the previous one was, whatever
    AutoThrottle's own estimate and without jitter (jitter would let half the gaps fall below
    what the site asked for)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY") or not settings.getbool(
            "NEWSCRAWL_OBEY_CRAWL_DELAY", True
        ):
            raise NotConfigured
        self.floor = settings.getfloat("DOWNLOAD_DELAY")
        self.cap = settings.getfloat("NEWSCRAWL_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.pace = SlotPace.of(crawler)
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    def robots_parsed(self, robotparser: Any, request: Request, **kwargs: Any) -> None:
        asked = robotparser.crawl_delay(self.user_agent)
        if asked is None:
            return
        delay = min(max(float(asked), self.floor), self.cap)
        if float(asked) > self.cap:
            logger.warning(
                "robots.txt asks for a Crawl-delay of %ss; using the cap of %ss "
                "(NEWSCRAWL_MAX_CRAWL_DELAY)",
                asked,
                self.cap,
            )
        key = self.pace.key(request)
        self.pace.set_crawl_delay(key, delay)
        self.stats.set_value("newscrawl/crawl_delay", delay)
        logger.info("Crawl-delay of %s: %ss between requests", key, delay)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` header asks for: seconds, or an HTTP date; ``None`` if absent
    or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isascii() and text.isdigit():  # str.isdigit() alone also takes "²" and "٣"
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry, waiting ``Retry-After`` seconds first on 429 and 503, and also retrying
    an empty 200 (``NEWSCRAWL_RETRY_EMPTY``).

    The wait holds nothing of the downloader: the retry is handed back to the scheduler
    (``engine.crawl``) by a timer once the wait is over, and the response that asked for it ends
    here (:class:`RetryScheduled`). Awaiting the timer in the middleware instead would keep the
    request among the downloader's active ones, and eight waits would stop every other request
    (scrapy#3849). The run stays open while a retry waits (``spider_idle``); a run that closes
    drops its waiting retries, which stay pending in the state for the next run.

    A wait longer than ``NEWSCRAWL_MAX_RETRY_AFTER`` is not shortened (that would retry before
    the site asked): the request is given up at once, counted as
    ``newscrawl/retry_after/over_cap``, and the next run fetches it. The waits of one run add up
    to at most ``NEWSCRAWL_MAX_RETRY_AFTER_TOTAL`` seconds; past it a request is given up the same
    way (``newscrawl/retry_after/over_budget``). An unreadable value (``Retry-After: ²``) asks
    for no wait.
    """

    RETRY_AFTER_STATUSES = frozenset({429, 503})

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("NEWSCRAWL_MAX_RETRY_AFTER", 120.0)
        self.budget = settings.getfloat("NEWSCRAWL_MAX_RETRY_AFTER_TOTAL", 600.0)
        if self.max_wait < 0 or self.budget < 0:
            raise ValueError("NEWSCRAWL_MAX_RETRY_AFTER and ..._TOTAL must be 0 or more seconds")
        self.retry_empty = settings.getbool("NEWSCRAWL_RETRY_EMPTY", True)
        self.granted = 0.0  # seconds of Retry-After granted this run
        self.waiting: set[Any] = set()  # the timers of the retries that wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def retry_request(self, request: Request, reason: str) -> Request | None:
        """The retry of ``request``, or ``None`` once its retries are used up (logged and
        counted by Scrapy): Scrapy's public ``get_retry_request`` with this middleware's
        settings and the request's own ``max_retry_times``, ``priority_adjust`` and
        ``give_up_log_level``, as ``RetryMiddleware`` calls it."""
        assert self.crawler.spider is not None
        meta = request.meta
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=meta.get("give_up_log_level", self.give_up_log_level),
        )

    def spider_idle(self, spider: Any = None) -> None:
        if self.waiting:
            raise DontCloseSpider("a retry waits for its Retry-After")

    def spider_closed(self, spider: Any = None) -> None:
        for call in list(self.waiting):
            if call.active():
                call.cancel()
        self.waiting.clear()

    def _release(self, request: Request) -> None:
        self.waiting = {c for c in self.waiting if c.active()}
        engine = self.crawler.engine
        # a run that is stopping takes no new request: the page stays pending for the next run
        if engine is not None and engine.spider is not None and self.crawler.crawling:
            engine.crawl(request)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False):
            return response
        if response.status == 200 and self.retry_empty and not response.body.strip():
            # an empty 200 is most often a passing fault of the server: worth another try
            retry = self.retry_request(request, "empty body")
            return retry or response
        if response.status not in self.retry_http_codes:
            return response
        wait = None
        if response.status in self.RETRY_AFTER_STATUSES:
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        stats = self.crawler.stats
        assert stats is not None
        if wait is not None and wait > self.max_wait:
            stats.inc_value("newscrawl/retry_after/over_cap")
            logger.warning(
                "Gave up %s: Retry-After %ss is over NEWSCRAWL_MAX_RETRY_AFTER (%ss)",
                request.url,
                wait,
                self.max_wait,
            )
            return response
        if wait and self.granted + wait > self.budget:
            stats.inc_value("newscrawl/retry_after/over_budget")
            logger.warning(
                "Gave up %s: its Retry-After of %ss would take this run's waits past "
                "NEWSCRAWL_MAX_RETRY_AFTER_TOTAL (%ss)",
                request.url,
                wait,
                self.budget,
            )
            return response
        retry = self.retry_request(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait:
            self.granted += wait
            stats.inc_value("newscrawl/retry_after/waited")
            stats.inc_value("newscrawl/retry_after/seconds", int(wait))
            logger.info("Retrying %s after %ss (Retry-After)", request.url, wait)
            from twisted.internet import reactor

            clock: Any = reactor  # IReactorTime: its stubs type callLater without self
            self.waiting.add(clock.callLater(wait, self._release, retry))
            raise RetryScheduled(f"{request.url}: retried after {wait}s (Retry-After)")
        return retry


class RequestCapMiddleware(_CrawlerMiddleware):
    """At most ``NEWSCRAWL_MAX_REQUESTS`` requests per run (robots.txt and retries count); the
    run then closes with the finish reason ``max_requests``. 0 disables the cap."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.cap = crawler.settings.getint("NEWSCRAWL_MAX_REQUESTS", 0)
        if self.cap <= 0:
            raise NotConfigured
        self.sent = 0
        self.closing = False

    def process_request(self, request: Request, spider: Any = None) -> None:
        if self.sent < self.cap:
            self.sent += 1
            return
        self.stats.inc_value("newscrawl/refused/max_requests")
        if not self.closing:
            self.closing = True
            logger.warning(
                "Reached NEWSCRAWL_MAX_REQUESTS (%d requests): closing the run", self.cap
            )
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_requests"))
        raise RequestCapReached(f"request cap of {self.cap} reached: {request.url}")


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        codecs.decode(body, encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


class EncodingMiddleware(_CrawlerMiddleware):
    """Gives an HTML page the charset that actually decodes it.

    Scrapy trusts the HTTP header, then the ``<meta>``; a page declared UTF-8 but written in
    windows-1256 (the Arabic legacy charset of the group's older CMS) then comes out as U+FFFD
    everywhere. When the declared charset does not decode the body strictly: valid UTF-8 wins
    (a legacy-charset page is almost never valid UTF-8), else the ``<meta>`` charset, else
    each of ``NEWSCRAWL_LEGACY_ENCODINGS``. A UTF-8 body declared windows-1256 is read as UTF-8
    too, and a page whose header names a Latin charset (a server's default, ``iso-8859-1``) while
    its ``<meta>`` names another is read in the ``<meta>`` charset. Each fix is counted,
    ``newscrawl/encoding/fixed/<charset>``.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.legacy = crawler.settings.getlist("NEWSCRAWL_LEGACY_ENCODINGS", ["windows-1256"])

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        body = response.body
        if looks_binary(body):
            return response
        declared = codecs.lookup(resolve_encoding(response.encoding) or "utf-8").name
        if _decodes(body, declared):
            if declared in _LATIN_CHARSETS and not _utf8_text(body):
                # a server default ("charset=iso-8859-1") over a page whose <meta> names its real
                # charset: every byte decodes in a Latin charset, and no Arabic comes out
                candidates: tuple[str | None, ...] = (html_body_declared_encoding(body),)
            elif declared == "utf-8" or not _utf8_text(body):
                return response
            else:
                candidates = ("utf-8",)  # UTF-8 declared as a legacy charset
        else:
            candidates = ("utf-8", html_body_declared_encoding(body), *self.legacy)
        for candidate in candidates:
            if not candidate or not _decodes(body, candidate):
                continue
            name = codecs.lookup(candidate).name
            if name == declared:
                continue
            self.stats.inc_value(f"newscrawl/encoding/fixed/{name}")
            logger.info("Charset of %s: declared %s, decoded as %s", response.url, declared, name)
            return response.replace(encoding=name)
        return response


#: single-byte charsets of Latin script, which decode any bytes and never give Arabic
_LATIN_CHARSETS = frozenset({"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii"})


def _utf8_text(body: bytes) -> bool:
    """Valid UTF-8 with non-ASCII characters in it."""
    return not body.isascii() and _decodes(body, "utf-8")


__all__ = [
    "CrawlDelayMiddleware",
    "EncodingMiddleware",
    "OriginGuardMiddleware",
    "RedirectGuardMiddleware",
    "RequestCapMiddleware",
    "RetryAfterMiddleware",
    "on_origin",
    "retry_after_seconds",
]

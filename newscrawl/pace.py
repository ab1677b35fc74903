"""The pace of each download slot, known through Scrapy's public interface only.

Several parts of the crawl need the delay in force between two requests to the site: the stop
gate (:class:`newscrawl.guards.StopGateMiddleware`) holds requests back from a slot whose delay
is long, robots.txt's ``Crawl-delay`` must be kept, and the workers of a shared crawl take their
turns in Redis by it (:mod:`newscrawl.cluster.pacing`). Scrapy keeps each slot's delay in
``Downloader.slots``, which is not part of its API (its layout changed between 2.18 and 2.19),
so :class:`SlotPace` knows the delay from what Scrapy documents instead:

- a slot starts at its ``DOWNLOAD_SLOTS`` delay, else at ``DOWNLOAD_DELAY``; with AutoThrottle at
  ``max(DOWNLOAD_DELAY, AUTOTHROTTLE_START_DELAY)``;
- AutoThrottle moves it after each response by its documented rule ("Throttling algorithm" in
  Scrapy's AutoThrottle docs): towards the response's latency divided by
  ``AUTOTHROTTLE_TARGET_CONCURRENCY``, never below ``DOWNLOAD_DELAY`` nor above
  ``AUTOTHROTTLE_MAX_DELAY``, never lower on a non-200 response, not at all for a request with
  ``autothrottle_dont_adjust_delay``;
- robots.txt's ``Crawl-delay`` (read by :class:`newscrawl.middlewares.CrawlDelayMiddleware`;
  Scrapy reads the directive but does not apply it, scrapy#892) is kept by the stop gate itself,
  one request at a time, from the instant the previous one was sent.

The instant a request was sent is its response's arrival less its ``download_latency`` (the
request meta key Scrapy documents as the time since the request was sent). A slot's key is
``Downloader.get_slot_key``, the public method Scrapy names for it. ``tests/test_politeness.py``
runs a crawl under AutoThrottle and checks these delays against the slots' own, on each of the
Scrapy releases CI runs.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from scrapy import signals

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

_PACES: WeakKeyDictionary[Any, SlotPace] = WeakKeyDictionary()


class SlotPace:
    """The delay in force for each download slot of one crawl (see the module's docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.floor = settings.getfloat("DOWNLOAD_DELAY")
        #: DOWNLOAD_SLOTS' delays: a slot starts from its own
        self.configured = {
            key: float(options["delay"])
            for key, options in settings.getdict("DOWNLOAD_SLOTS").items()
            if isinstance(options, dict) and options.get("delay") is not None
        }
        self.throttled = settings.getbool("AUTOTHROTTLE_ENABLED")
        self.start = self.floor
        if self.throttled:
            self.start = max(self.floor, settings.getfloat("AUTOTHROTTLE_START_DELAY"))
            self.target = settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") or 1.0
            self.ceiling = settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
        #: AutoThrottle's delay of each slot it has adjusted
        self.adjusted: dict[str, float] = {}
        #: robots.txt's Crawl-delay of each slot that asked for one (never below DOWNLOAD_DELAY)
        self.crawl_delays: dict[str, float] = {}
        #: when the last request of each slot that came back was sent (time.time())
        self.sent: dict[str, float] = {}
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def of(cls, crawler: Crawler) -> SlotPace:
        """The crawl's one instance (made with the first component that asks for it)."""
        pace = _PACES.get(crawler)
        if pace is None:
            pace = _PACES[crawler] = cls(crawler)
        return pace

    def key(self, request: Request) -> str:
        """The request's download slot."""
        engine = self.crawler.engine
        assert engine is not None
        return str(engine.downloader.get_slot_key(request))

    def delay(self, key: str) -> float:
        """The delay between two requests of the slot: the slot's own, or the Crawl-delay."""
        own = self.configured.get(key, self.start)
        if self.throttled:
            own = self.adjusted.get(key, own)
        return max(own, self.crawl_delays.get(key, 0.0))

    def set_crawl_delay(self, key: str, delay: float) -> None:
        self.crawl_delays[key] = delay

    def response_downloaded(self, response: Response, request: Request, **kwargs: Any) -> None:
        latency = request.meta.get("download_latency")
        key = request.meta.get("download_slot")
        if latency is None or key is None:
            return
        self.sent[key] = time.time() - float(latency)
        if not self.throttled or request.meta.get("autothrottle_dont_adjust_delay") is True:
            return
        old = self.adjusted.get(key, self.configured.get(key, self.start))
        target = float(latency) / self.target
        new = min(max(self.floor, max(target, (old + target) / 2.0)), self.ceiling)
        if response.status != 200 and new <= old:
            return
        self.adjusted[key] = new

    def failed(self, key: str) -> None:
        """A request of the slot ended without a response: counted as sent now (the latest it
        can have been sent)."""
        self.sent[key] = time.time()

"""Politeness for the whole cluster: one pace for the site, shared in Redis.

Scrapy's ``DOWNLOAD_DELAY``, robots.txt's ``Crawl-delay`` (applied to the download slot by
:class:`newscrawl.middlewares.CrawlDelayMiddleware`) and AutoThrottle's delay space the requests of
one process; N workers would each keep that spacing, and the site would see N times the rate.
scrapy-redis has nothing for this. Here every request of every worker first reserves its start
time in Redis: one Lua script reads the site's next free instant (Redis time, so the machines'
clocks do not matter): past it, the request goes and the instant moves on by the slot's delay;
before it, the worker waits until then and asks again. A
``Retry-After`` from the site (429, 503) moves the next free instant past the wait it asks for
(at most ``NEWSCRAWL_MAX_RETRY_AFTER``), so every worker pauses, not only the one that got it.

Not shared: the number of requests in flight (``CONCURRENT_REQUESTS_PER_DOMAIN`` holds per
worker); with a delay, requests start one at a time across the cluster anyway. The turn is taken
when a request enters the worker's download slot (a downloader middleware runs before the slot),
so a request the slot holds back a little longer narrows one gap and widens the next; the
requests already in a slot when a Retry-After comes are not called back.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from newscrawl.cluster.connection import client, keys_for
from newscrawl.middlewares import retry_after_seconds

logger = logging.getLogger(__name__)

# KEYS: pace; ARGV: delay -> 0: go now (the next request may start `delay` from now); else the
# seconds to wait before asking again. The turn is taken at the moment of sending, not booked
# ahead, so a worker that is late to use a booked turn cannot bunch two requests together.
_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if free > now then return tostring(free - now) end
local delay = tonumber(ARGV[1])
if delay > 0 then
  redis.call('SET', KEYS[1], tostring(now + delay), 'PX', math.ceil(delay * 1000) + 60000)
end
return '0'
"""

# KEYS: pace; ARGV: seconds -> nothing may start before now + seconds
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > free then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 60000)
end
return 1
"""


class ClusterPacingMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.floor = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.max_retry_after = crawler.settings.getfloat("NEWSCRAWL_MAX_RETRY_AFTER", 120.0)
        self.server = client(crawler.settings)
        self._turn = self.server.register_script(_TURN)
        self._pause = self.server.register_script(_PAUSE)
        self._key: str | None = None
        self._pause_checked = 0.0
        self._paused_until = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClusterPacingMiddleware:
        return cls(crawler)

    def _pace_key(self, spider: Any) -> str:
        if self._key is None:
            self._key = keys_for(spider or self.crawler.spider).pace
        return self._key

    def _delay(self, request: Request) -> float:
        """The delay in force for the request's download slot (Crawl-delay, AutoThrottle)."""
        engine = self.crawler.engine
        delay = self.floor
        if engine is not None:
            downloader = engine.downloader
            slot = downloader.slots.get(downloader.get_slot_key(request))
            if slot is not None:
                delay = max(delay, slot.delay)
        return delay

    async def process_request(self, request: Request, spider: Any = None) -> None:
        key = self._pace_key(spider)
        delay = self._delay(request)
        if not delay:
            # no delay to share: only a Retry-After pause can hold the request, and it is read
            # from Redis at most every 0.1 s, unless a pause already read is still on
            now = time.monotonic()
            if now >= self._paused_until and now - self._pause_checked < 0.1:
                return
            self._pause_checked = now
        paced = False
        while True:
            wait = float(self._turn(keys=[key], args=[delay]))
            if wait <= 0:
                break
            paced = True
            self._paused_until = time.monotonic() + wait
            # a little random spread, so that the workers waiting for one turn do not all ask
            # at the same instant
            wait += random.uniform(0, 0.005)
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        if paced:
            self.crawler.stats.inc_value("newscrawl/cluster/paced")

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None and wait > 0:
                wait = min(wait, self.max_retry_after)
                self._pause(keys=[self._pace_key(spider)], args=[wait])
                logger.info("Retry-After %ss: every worker of the crawl pauses", wait)
        return response

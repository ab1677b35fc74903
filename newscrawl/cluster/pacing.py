"""Politeness for the whole cluster: one pace and one concurrency for the site, shared in Redis.

Scrapy's ``DOWNLOAD_DELAY``, robots.txt's ``Crawl-delay``, AutoThrottle's delay (all three as
:mod:`newscrawl.pace` knows them) and ``CONCURRENT_REQUESTS_PER_DOMAIN`` hold in one process; N
workers would each keep them, and the site would see N times the rate and N times the requests
at once. scrapy-redis has nothing for this. Here every request of every worker takes its turn in
Redis at the instant it is sent: the worker's download handler
(:class:`ClusterPacedDownloadHandler`, Scrapy's HTTP/1.1 handler) runs one Lua script that reads
the site's next free instant and its places (Redis time, so the
machines' clocks do not matter). Past the instant and with a place free, the request takes a place
and goes, and the instant moves on by the slot's delay; else the worker waits and asks again.
The place is given back when the download ends, however it ends; a place also expires after
``DOWNLOAD_TIMEOUT`` plus a minute, so a killed worker's places come back. The turn is taken after
the worker's own download slot has let the request go, so the slot's randomized delay cannot
bunch two workers' requests together. With no delay to keep, a place a worker's download gives
back serves its next request within 0.05 s without a round trip (the site still sees no more
requests at once), the pause being read again at least every 0.1 s.

A ``Retry-After`` from the site (429, 503; read by :class:`ClusterPacingMiddleware`, the first
downloader middleware a response meets) moves the next free instant past the wait it asks for (at
most ``NEWSCRAWL_MAX_RETRY_AFTER``), so every worker pauses, not only the one that got it; the
requests already downloading (at most the site's other places) are not called back.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.defer import DeferredLock
from twisted.internet.task import deferLater

from newscrawl.cluster.connection import client, keys_for
from newscrawl.middlewares import retry_after_seconds
from newscrawl.pace import SlotPace

logger = logging.getLogger(__name__)

# KEYS: pace, places; ARGV: delay, places of the site (0: no limit), this request's place, seconds
# a place is held at most, then the places given back -> 0: go now (the next request may start
# `delay` from now); -1: every place is taken; else the seconds to wait before asking again. The
# turn is taken at the moment of sending, not booked ahead, so a worker that is late to use a
# booked turn cannot bunch two requests together.
_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
for i = 5, #ARGV do redis.call('ZREM', KEYS[2], ARGV[i]) end
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if free > now then return tostring(free - now) end
local places = tonumber(ARGV[2])
if places > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= places then return '-1' end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
end
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


class ClusterPace:
    """The turn and the place of one request, from Redis (see the module's docstring)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.floor = settings.getfloat("DOWNLOAD_DELAY")
        #: the site's places for the whole cluster (0: no limit)
        self.places = max(0, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        self.hold = settings.getfloat("DOWNLOAD_TIMEOUT", 180.0) + 60.0
        self.slot_pace = SlotPace.of(crawler)
        self.server = client(settings)
        self._turn = self.server.register_script(_TURN)
        self._keys: Any = None
        self._pause_checked = 0.0
        self._paused_until = 0.0
        #: places given back, sent with the next turn or by :meth:`_give_back`
        self._returned: list[str] = []
        self._return_call: Any = None
        self._asking = DeferredLock()
        #: places given back by this worker's downloads taken with no delay, for its next one
        self._spare: list[str] = []
        #: places in use that go to the spare list when given back
        self._reused: set[str] = set()
        #: when each place held was set (or renewed) in Redis
        self._placed: dict[str, float] = {}

    def keys(self) -> Any:
        if self._keys is None:
            self._keys = keys_for(self.crawler.spider)
        return self._keys

    def _delay(self, request: Request) -> float:
        """The delay in force for the request's download slot (DOWNLOAD_DELAY, AutoThrottle's,
        Crawl-delay: :class:`newscrawl.pace.SlotPace`)."""
        return max(self.floor, self.slot_pace.delay(self.slot_pace.key(request)))

    async def take(self, request: Request) -> str:
        """Wait for the request's turn and place; the place's token ('' without a limit)."""
        keys = self.keys()
        delay = self._delay(request)
        if not delay and not self.places:
            # no delay and no places to share: only a Retry-After pause can hold the request,
            # and it is read from Redis at most every 0.1 s, unless a pause already read is on
            now = time.monotonic()
            if now >= self._paused_until and now - self._pause_checked < 0.1:
                return ""
            self._pause_checked = now
        if not delay and (spare := self._spare_place()):
            return spare
        # one request of this worker asks Redis at a time; the others wait here for it, so that
        # thirty requests waiting for a place do not each ask fifty times a second
        await maybe_deferred_to_future(self._asking.acquire())
        try:
            token, paced = await self._wait_for_turn(keys, delay)
        finally:
            self._asking.release()
        if paced:
            self.crawler.stats.inc_value("newscrawl/cluster/paced")
        return token

    def _spare_place(self) -> str:
        """With no delay to keep, a place this worker gave back in the last 0.05 s goes to its
        next request without a round trip (the site sees no more requests at once than before):
        '' if there is none, or the pause (Retry-After) is due to be read again, or the place's
        expiry in Redis is due to be renewed."""
        now = time.monotonic()
        if not self._spare or now < self._paused_until or now - self._pause_checked >= 0.1:
            return ""
        token = self._spare.pop()
        if now - self._placed.get(token, 0.0) > self.hold / 3:
            self._returned.append(token)  # given back with the next turn; a new one is taken
            return ""
        self._reused.add(token)
        return token

    async def _wait_for_turn(self, keys: Any, delay: float) -> tuple[str, bool]:
        """Ask until the request may go: its place's token, and whether it had to wait."""
        paced = False
        token = secrets.token_hex(8) if self.places else ""
        while True:
            if not delay and (spare := self._spare_place()):
                return spare, paced
            returned, self._returned = self._returned, []
            wait = float(
                self._turn(
                    keys=[keys.pace, keys.places],
                    args=[delay, self.places, token, self.hold + delay, *returned],
                )
            )
            now = time.monotonic()
            self._pause_checked = now
            if wait == 0:
                break
            paced = True
            if wait < 0:
                wait = 0.02  # every place is taken: ask again soon
            else:
                self._paused_until = now + wait
            # a little random spread, so that the workers waiting for one turn do not all ask
            # at the same instant
            wait += random.uniform(0, 0.005)
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        if token:
            self._placed[token] = time.monotonic()
            if not delay:
                self._reused.add(token)
        return token, paced

    def give_back(self, token: str) -> None:
        """The download ended: its place is free. A place taken with no delay to keep waits
        0.05 s for this worker's next request; the others go back with the next turn asked, or
        0.02 s later."""
        if not token:
            return
        if token in self._reused:
            self._reused.discard(token)
            self._spare.append(token)
        else:
            self._placed.pop(token, None)
            self._returned.append(token)
        if self._return_call is None or not self._return_call.active():
            clock: Any = reactor
            self._return_call = clock.callLater(0.05 if self._spare else 0.02, self._give_back)

    def _give_back(self) -> None:
        for token in self._spare:
            self._placed.pop(token, None)
        returned, self._returned, self._spare = self._returned + self._spare, [], []
        if returned:
            self.server.zrem(self.keys().places, *returned)


class ClusterPacedDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 download handler, taking the request's turn and place in the cluster
    first (the one moment after the worker's own download slot, where Scrapy offers no hook)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.pace = ClusterPace(crawler)

    async def download_request(self, request: Request) -> Response:
        token = await self.pace.take(request)
        try:
            return await super().download_request(request)
        finally:
            self.pace.give_back(token)


class ClusterPacingMiddleware:
    """Reads a ``Retry-After`` from the site and pauses the whole cluster (the first downloader
    middleware a response meets, before the retry middleware)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.max_retry_after = crawler.settings.getfloat("NEWSCRAWL_MAX_RETRY_AFTER", 120.0)
        self.server = client(crawler.settings)
        self._pause = self.server.register_script(_PAUSE)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClusterPacingMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None and wait > 0:
                wait = min(wait, self.max_retry_after)
                self._pause(keys=[keys_for(self.crawler.spider).pace], args=[wait])
                logger.info("Retry-After %ss: every worker of the crawl pauses", wait)
        return response

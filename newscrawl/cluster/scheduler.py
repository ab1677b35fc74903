"""The scheduler of a worker: scrapy-redis's, extended where it falls short on Scrapy 2.13+ and
under failure.

What upstream lacks (scrapy-redis 0.9.1, ``scrapy_redis.scheduler.Scheduler``):

- its queue pops destructively: here the queue is :class:`~newscrawl.cluster.queue.ReliableQueue`;
- ``close()`` flushes the queue and the duplicate filter unless ``SCHEDULER_PERSIST``: the first
  worker to finish would wipe the others' frontier. Here nothing is flushed on close; the run's
  last worker ends the run (:mod:`newscrawl.cluster.worker`);
- ``has_pending_requests()`` looks at this process's view of the queue only, and its idle-close
  (``SCHEDULER_IDLE_BEFORE_CLOSE``, ``MAX_IDLE_TIME`` with a class-level clock) guesses the end of
  the crawl from a quiet spell. Here a worker has pending requests while the crawl has any:
  queued, held by any worker (a dead worker's too, until its lease expires and they are queued
  again), or the run not seeded yet. It closes when the whole crawl is done, and only then;
- the duplicate filter's SADD and the queue's push are two commands, and each request is a round
  trip of its own: one retried after a lost reply (an outage) calls the request a duplicate of
  itself and drops it. Here a page's requests go in one idempotent Lua script;
- a retry or redirect of a request it popped is a new request; here it replaces the leased one
  in one step, and skips the duplicate filter that has seen its URL already (redirects keep
  Scrapy's own loop guard, ``REDIRECT_MAX_TIMES``).

Upstream's ``start_requests``-based seeding (``RedisSpider``) does not run on Scrapy 2.13+ (its
issues #305, #316, #317); the spider's own ``start()`` seeds here, in the first worker only.
"""

from __future__ import annotations

import importlib
import logging
import time
from typing import Any

from scrapy import Request, signals
from scrapy_redis.scheduler import Scheduler

from newscrawl.cluster.connection import client, keys_for, worker_name
from newscrawl.cluster.queue import LEASE, WAKEUP, ReliableQueue

logger = logging.getLogger(__name__)


class ClusterScheduler(Scheduler):
    queue: ReliableQueue
    df: Any
    crawler: Any
    lease: float = 30.0
    _status_at: float = 0.0
    _busy_cached: bool = True
    _reaped_at: float = 0.0
    _empty_until: float = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClusterScheduler:
        settings = crawler.settings
        instance = cls(
            server=client(settings),
            persist=True,
            flush_on_start=False,
            dupefilter_cls=settings.get("DUPEFILTER_CLASS"),
            serializer=importlib.import_module(settings.get("SCHEDULER_SERIALIZER")),
        )
        instance.stats = crawler.stats
        instance.crawler = crawler
        instance.lease = settings.getfloat("NEWSCRAWL_REDIS_LEASE", 30.0)
        return instance

    def open(self, spider: Any) -> None:
        self.spider = spider
        keys = keys_for(spider)
        self.keys = keys
        self.queue = ReliableQueue(
            self.server,
            spider,
            keys.queue,
            self.serializer,
            keys=keys,
            worker=worker_name(),
            lease=self.lease,
        )
        if not self.df:
            from scrapy.utils.misc import load_object

            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self.queue.dupefilter_key = self.df.key
        self.queue.on_duplicate = self._duplicate

    def _duplicate(self, request: Request) -> None:
        """The run's duplicate filter had the request (found when the queue sent it): logged
        and signalled as the engine does for a request a scheduler refuses at once."""
        self.df.log(request, self.spider)
        self.crawler.signals.send_catch_log(
            signals.request_dropped, request=request, spider=self.spider
        )

    def close(self, reason: str) -> None:
        """Nothing is flushed: the frontier and the filter belong to the whole run."""

    def enqueue_request(self, request: Request) -> bool:
        if request.meta.get(WAKEUP):
            return True  # only the engine's call for the next request was wanted
        token = request.meta.get(LEASE)
        if token is not None:
            # a retry or a redirect of the request this worker leased
            self.queue.push_followup(request, token)
            request.meta.pop(LEASE, None)
        elif request.dont_filter:
            self.queue.push(request)
        else:
            # the duplicate filter is asked when the request is sent, at the end of this reactor
            # turn with the page's other requests (one round trip): a duplicate is dropped then
            self.queue.push_new(request, self.df.request_fingerprint(request))
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self._busy_cached = True
        self._empty_until = 0.0
        return True

    def next_request(self) -> Request | None:
        # Scrapy's engine asks after every response, item and request; a queue found empty is
        # asked again 0.05 s later at the soonest (or at once when this worker has queued
        # something), not once a callback: two workers draining one frontier made a round trip
        # to Redis for nothing dozens of times a page
        if not self.queue.taken() and time.monotonic() < self._empty_until:
            return None
        request = self.queue.pop()
        if request is None:
            self._empty_until = time.monotonic() + 0.05
            self._maybe_reap()
            return None
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _maybe_reap(self) -> None:
        now = time.monotonic()
        if now - self._reaped_at < min(1.0, self.lease / 4):
            return
        self._reaped_at = now
        moved = self.queue.reap()
        if moved:
            logger.warning(
                "A worker's lease expired: %d request(s) it held are queued again", moved
            )
            if self.stats:
                self.stats.inc_value("newscrawl/cluster/requeued_from_dead", moved)

    def has_pending_requests(self) -> bool:
        """True while the crawl, not only this worker, has work (read at most every 0.25 s)."""
        if self.queue.taken():
            return True  # leased by this worker's last pop, not handed to the engine yet
        now = time.monotonic()
        if self._busy_cached and now - self._status_at < 0.25:
            return True
        self._status_at = now
        self._maybe_reap()
        queued, inflight, _workers, seeded, held = self.queue.status_and_held()
        self._busy_cached = bool(queued or inflight - held or not seeded)
        return self._busy_cached

    def __len__(self) -> int:
        return len(self.queue)

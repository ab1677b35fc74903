"""A worker's part in the shared crawl: its lease, the run it seeds or joins, the
acknowledgement of each request it sees through, and the run summary its last worker writes.

- :class:`ClusterWorker` (an extension) renews the worker's lease every third of
  ``NEWSCRAWL_REDIS_LEASE``; opens the run or joins it (the first worker seeds: the spider's
  ``start()`` yields the start URLs and the pending requests of earlier runs there only); and, when
  the worker closes, records its figures under the run. A worker closes when the whole crawl is
  done (:class:`~newscrawl.cluster.scheduler.ClusterScheduler`); the last one to leave ends the
  run: it writes one summary of the run (articles, requests, failures, per worker) to its stats,
  so to its report, and to the log, and deletes the run's frontier and duplicate filter.
- :class:`AckMiddleware` (a spider middleware, closest to the engine) acknowledges a leased request
  once the page's output has been handed to the engine (its requests are queued in Redis) and
  each of its items has been written by the feed and recorded by the state (``item_scraped``,
  after :class:`newscrawl.extensions.ExportedState`), or dropped.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timezone
from typing import Any

from itemadapter import is_item
from scrapy import Request, signals
from twisted.internet import task

from newscrawl.cluster import start_exhausted
from newscrawl.cluster.connection import client, keys_for, worker_name
from newscrawl.cluster.queue import LEASE, WAKEUP, ReliableQueue
from newscrawl.urls import path_key

logger = logging.getLogger(__name__)

#: stats: this worker's role, and (in the last worker's) the summary of the whole run
ROLE = "newscrawl/cluster/role"
RUN_SUMMARY = "newscrawl/cluster/run_summary"

# KEYS: run, run's workers, workers, queue, dupefilter, pace; -> the run's fields and its
# workers' figures, if this caller ends it (no worker left, nothing queued), else nothing
_END_RUN = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if redis.call('ZCARD', KEYS[3]) > 0 or redis.call('ZCARD', KEYS[4]) > 0 then return false end
local run = redis.call('HGETALL', KEYS[1])
local workers = redis.call('HGETALL', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[5], KEYS[6])
return {run, workers}
"""


def _queue(crawler: Any, spider: Any) -> ReliableQueue:
    keys = keys_for(spider)
    return ReliableQueue(
        client(crawler.settings),
        spider,
        keys.queue,
        importlib.import_module(crawler.settings.get("SCHEDULER_SERIALIZER")),
        keys=keys,
        worker=worker_name(),
        lease=crawler.settings.getfloat("NEWSCRAWL_REDIS_LEASE", 30.0),
    )


class ClusterWorker:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.queue: ReliableQueue | None = None
        self._beat: task.LoopingCall | None = None
        self._poll: task.LoopingCall | None = None
        self.run_id = ""

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClusterWorker:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.seeded, signal=start_exhausted)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    def request_dropped(self, request: Any, spider: Any) -> None:
        """The shared duplicate filter dropped a request: another worker requested it in this
        run (its listing reached it first). The pending entry this worker's spider recorded for it
        is not this worker's to keep: the other worker sees the page through, or records it
        pending again if it fails."""
        spider.run_state.done(path_key(request.url))

    def spider_opened(self, spider: Any) -> None:
        self.queue = queue = _queue(self.crawler, spider)
        self.keys = keys = queue.keys
        server = queue.server
        queue.heartbeat()
        self._beat = task.LoopingCall(queue.heartbeat)
        self._beat.start(max(0.2, queue.lease / 3), now=False).addErrback(self._beat_failed)
        # Scrapy's engine asks an idle scheduler for work, and whether the crawl is over, every
        # 5 s only (its slot heartbeat); a worker that joins, or has drained its share, asks
        # more often
        self._poll = task.LoopingCall(self._wake_if_queued)
        self._poll.start(0.25, now=False).addErrback(self._beat_failed)
        run_id = f"{datetime.now(timezone.utc):%Y-%m-%dT%H-%M-%SZ}-{worker_name()}"
        if server.hsetnx(keys.run, "id", run_id):
            server.hset(
                keys.run,
                mapping={"seeder": worker_name(), "seeded": "0", "started": _now()},
            )
            spider.cluster_seeds = True
            self.stats.set_value(ROLE, "seeder")
            logger.info(
                "Worker %s opens run %s of %s: it seeds the frontier",
                worker_name(),
                run_id,
                keys.prefix,
            )
        else:
            run_id = server.hget(keys.run, "id") or "?"
            spider.cluster_seeds = False
            self.stats.set_value(ROLE, "joined")
            queued, inflight, workers, _ = queue.status()
            logger.info(
                "Worker %s joins run %s of %s (%d queued, %d in flight, %d workers)",
                worker_name(),
                run_id,
                keys.prefix,
                queued,
                inflight,
                workers,
            )
        self.run_id = run_id
        self.stats.set_value("newscrawl/cluster/worker", worker_name())
        self.stats.set_value("newscrawl/cluster/run", run_id)

    def _wake_if_queued(self) -> None:
        engine = self.crawler.engine
        if self.queue is None or engine is None or engine.spider is None:
            return
        # engine.crawl() is the public way to make the engine ask the scheduler again (for a
        # request, or whether the crawl is over); the scheduler takes this request for nothing
        # (newscrawl.cluster.queue.WAKEUP)
        engine.crawl(Request("data:,", meta={WAKEUP: True}, dont_filter=True))

    def _beat_failed(self, failure: Any) -> None:
        logger.error("The worker's heartbeat stopped: %s", failure.getErrorMessage())

    def seeded(self) -> None:
        if self.queue is not None:
            self.queue.server.hset(self.keys.run, "seeded", "1")

    def spider_closed(self, spider: Any, reason: str) -> None:
        for loop in (self._beat, self._poll):
            if loop is not None and loop.running:
                loop.stop()
        queue = self.queue
        if queue is None:
            return
        if reason == "finished":
            # the engine was idle: every request this worker leased was seen through (an errback
            # has no spider output to acknowledge it by)
            queue.ack_all()
        figures = {
            "worker": worker_name(),
            "finish_reason": reason,
            "articles": int(self.stats.get_value("item_scraped_count", 0) or 0)
            - int(self.stats.get_value("newscrawl/feed/not_exported", 0) or 0),
            "requests": int(self.stats.get_value("downloader/request_count", 0) or 0),
            "failures": len(getattr(spider, "page_failures", [])),
            "outputs": self.stats.get_value("newscrawl/feed/outputs", []),
        }
        server = queue.server
        server.hset(self.keys.run_workers, worker_name(), json.dumps(figures, ensure_ascii=False))
        put_back = queue.leave()
        if put_back:
            logger.info("%d request(s) this worker held are queued again for the others", put_back)
        if reason != "finished":
            return
        ended = server.register_script(_END_RUN)(
            keys=[
                self.keys.run,
                self.keys.run_workers,
                self.keys.workers,
                self.keys.queue,
                self.keys.dupefilter,
                self.keys.pace,
            ]
        )
        if not ended:
            return
        run = dict(zip(ended[0][::2], ended[0][1::2], strict=False))
        workers = [json.loads(v) for v in ended[1][1::2]]
        summary = {
            "run": run.get("id"),
            "started": run.get("started"),
            "finished": _now(),
            "articles": sum(w["articles"] for w in workers),
            "requests": sum(w["requests"] for w in workers),
            "failures": sum(w["failures"] for w in workers),
            "workers": sorted(workers, key=lambda w: w["worker"]),
        }
        server.lpush(self.keys("summaries"), json.dumps(summary, ensure_ascii=False))
        server.ltrim(self.keys("summaries"), 0, 99)
        # as JSON text: the run report keeps a stat's value as text
        self.stats.set_value(RUN_SUMMARY, json.dumps(summary, ensure_ascii=False))
        logger.info(
            "Run %s done: %d articles, %d requests, %d failures by %d worker(s)",
            summary["run"],
            summary["articles"],
            summary["requests"],
            summary["failures"],
            len(workers),
        )


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


class AckMiddleware:
    """Acknowledges leased requests (see the module's docstring)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.queue: ReliableQueue | None = None
        #: lease token -> [items not yet written or dropped, output done]
        self.open: dict[str, list[Any]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> AckMiddleware:
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(mw.item_done, signal=signal)
        return mw

    def spider_opened(self, spider: Any) -> None:
        self.queue = _queue(self.crawler, spider)

    @staticmethod
    def _token(response: Any) -> str | None:
        request = getattr(response, "request", None)
        return request.meta.get(LEASE) if request is not None else None

    def process_spider_output(
        self, response: Any, result: Iterable[Any], spider: Any = None
    ) -> Iterator[Any]:
        token = self._token(response)
        entry = self.open.setdefault(token, [0, False]) if token else None
        for output in result:
            if entry is not None and is_item(output):
                entry[0] += 1
            yield output
        if token is not None:
            self._output_done(token)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        token = self._token(response)
        entry = self.open.setdefault(token, [0, False]) if token else None
        async for output in result:
            if entry is not None and is_item(output):
                entry[0] += 1
            yield output
        if token is not None:
            self._output_done(token)

    def _output_done(self, token: str) -> None:
        entry = self.open.setdefault(token, [0, False])
        entry[1] = True
        self._settle(token, entry)

    def item_done(self, item: Any = None, response: Any = None, **kwargs: Any) -> None:
        token = self._token(response)
        if token is None or token not in self.open:
            return
        entry = self.open[token]
        entry[0] -= 1
        self._settle(token, entry)

    def _settle(self, token: str, entry: list[Any]) -> None:
        if entry[1] and entry[0] <= 0:
            del self.open[token]
            if self.queue is not None:
                self.queue.ack(token)

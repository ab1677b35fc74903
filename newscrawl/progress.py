"""Progress of a crawl a person can read: every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds, one
plain line with the pages done, the articles exported, the failures, the rate and, when it can be
estimated, the time left::

    Progress: 120 pages, 45 articles exported, 2 failed, 38.5 pages/min; 64 requests pending, about 1 min 40 s left

The time left is the requests pending (Scrapy's queue and those in flight) at the rate of the last
interval: a lower bound, since the listings still to be read lead to more. It is shown once a rate
is known and something is pending.

``NEWSCRAWL_PROGRESS``: ``auto`` (the default) logs the lines at INFO when the crawl's standard
error is a terminal, and at DEBUG otherwise, so that cron, systemd and scrapyd logs stay quiet at
the default ``LOG_LEVEL``; ``log`` logs them at INFO always (a watched log file); ``off`` not at
all.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import signals

logger = logging.getLogger(__name__)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def progress_line(pages: int, exported: int, failed: int, rate: float, pending: int | None) -> str:
    """The progress line; ``rate`` in pages per second."""
    line = (
        f"{pages} pages, {exported} articles exported, {failed} failed, {rate * 60:.1f} pages/min"
    )
    if pending:
        line += f"; {pending} requests pending"
        if rate > 0:
            line += f", about {_duration(pending / rate)} left"
    return line


class Progress:
    """The extension behind the progress lines (see the module's docstring)."""

    def __init__(self, crawler: Any, interval: float, level: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.level = level
        self.task: Any = None
        self.last: tuple[float, int] = (time.monotonic(), 0)
        #: requests in the download slots: from the signals Scrapy sends as they enter and leave
        self.in_flight = 0
        crawler.signals.connect(self._entered, signal=signals.request_reached_downloader)
        crawler.signals.connect(self._left, signal=signals.request_left_downloader)

    def _entered(self, **kwargs: Any) -> None:
        self.in_flight += 1

    def _left(self, **kwargs: Any) -> None:
        self.in_flight = max(0, self.in_flight - 1)

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        from scrapy.exceptions import NotConfigured

        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        mode = crawler.settings.get("NEWSCRAWL_PROGRESS", "auto")
        if not interval or mode == "off":
            raise NotConfigured
        terminal = sys.stderr.isatty()
        level = logging.INFO if mode == "log" or terminal else logging.DEBUG
        ext = cls(crawler, interval, level)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        from twisted.internet import task

        self.last = (time.monotonic(), 0)
        self.task = task.LoopingCall(self.log)
        self.task.start(self.interval, now=False)

    def figures(self) -> dict[str, Any]:
        """Pages done, articles exported, failures, rate (pages/s over the last interval) and
        requests pending."""
        value = self.stats.get_value
        stats = self.stats.get_stats()
        pages = int(value("downloader/response_count", 0))
        exported = int(value("item_scraped_count", 0)) - int(
            value("newscrawl/feed/not_exported", 0)
        )
        failed = sum(
            int(v)
            for k, v in stats.items()
            if k.startswith(("newscrawl/failed/", "newscrawl/dropped/")) and isinstance(v, int)
        )
        now = time.monotonic()
        then, pages_then = self.last
        rate = (pages - pages_then) / (now - then) if now > then else 0.0
        self.last = (now, pages)
        queued = int(value("scheduler/enqueued", 0)) - int(value("scheduler/dequeued", 0))
        in_flight = self.in_flight
        return {
            "pages": pages,
            "exported": exported,
            "failed": failed,
            "rate": rate,
            "pending": max(0, queued) + in_flight,
        }

    def log(self) -> None:
        logger.log(self.level, "Progress: %s", progress_line(**self.figures()))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

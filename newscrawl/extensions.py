"""Crawl-level extensions: field statistics of the exported items, and the JSON run report."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from newscrawl.feeds import OUTPUTS, WRITE_FAILED
from newscrawl.items import ARTICLE_FIELDS, ArticleItem
from newscrawl.report.figures import run_summary
from newscrawl.urls import path_key

logger = logging.getLogger(__name__)

#: stats: why the run ended before its first request, if it did
ENDED_EARLY = "newscrawl/ended_early"
#: stats: items Scrapy scraped whose line did not reach every output (not recorded as exported)
NOT_WRITTEN = "newscrawl/feed/not_exported"
#: stats: exported items per UTC day of ``datePublished`` (``unknown``: none) and per section
PER_DAY = "newscrawl/items/per_day"
PER_SECTION = "newscrawl/items/per_section"
#: runs the HTML report's trend shows
HISTORY_RUNS = 20


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def feed_files(crawler: Any) -> list[str]:
    """The local files the crawl's feeds write to, as :class:`newscrawl.feeds.FlushedFileFeedStorage`
    records them when Scrapy's FeedExporter opens its feeds (call it from spider_opened on)."""
    return list(crawler.stats.get_value(OUTPUTS) or [])


def monitor_summary(stats: Any) -> str:
    """``6 passed, 0 skipped, 0 failed``, as spidermon counts its monitors."""
    return ", ".join(
        f"{int(stats.get(f'newscrawl/monitors/{name}', 0) or 0)} {name}"
        for name in ("passed", "skipped", "failed")
    )


class RunReport:
    """Writes a JSON report of each run when it ends: finish reason, counts, field coverage and
    the monitors' verdicts (every stat of the crawl).

    ``NEWSCRAWL_REPORT`` is its path (``%(name)s`` is the spider's name); ``auto``, the default,
    writes it beside the run's first output file (``<output>.report.json``); empty writes none.
    """

    def __init__(self, crawler: Any, path: str | None) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunReport:
        ext = cls(crawler, crawler.settings.get("NEWSCRAWL_REPORT"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        if self.path == "auto":
            files = feed_files(self.crawler)
            self.path = str(Path(files[0]).with_suffix(".report.json")) if files else None

    def spider_closed(self, spider: Any, reason: str) -> None:
        if not self.path:
            return
        target = Path(self.path % {"name": spider.name})
        stats = {
            k: _jsonable(v)
            for k, v in sorted(self.crawler.stats.get_stats().items())
            if k not in (PER_DAY, PER_SECTION)  # their own sections below
        }
        stats["finish_reason"] = reason
        monitors = {
            "passed": stats.get("newscrawl/monitors/passed", 0),
            "skipped": stats.get("newscrawl/monitors/skipped", 0),
            "failed": stats.get("newscrawl/monitors/failed", 0),
            "summary": monitor_summary(stats),
            "failures": self.crawler.stats.get_value("newscrawl/monitors/failures", []),
        }
        coverage = {
            k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newscrawl/coverage/")
        }
        # which source served each field, in how many exported items: the site's own markup
        # (primary), structured data or another fallback
        sources: dict[str, dict[str, int]] = {}
        for key, count in stats.items():
            if key.startswith("newscrawl/source/"):
                field_name, source = key.removeprefix("newscrawl/source/").split("/", 1)
                sources.setdefault(field_name, {})[source] = count
        report = {
            "spider": spider.name,
            "finish_reason": reason,
            "exported": stats.get("item_scraped_count", 0) - stats.get(NOT_WRITTEN, 0),
            "requests": stats.get("downloader/request_count", 0),
            "outputs": self.crawler.stats.get_value(OUTPUTS, []),
            "coverage": coverage,
            "sources": sources,
            "monitors": monitors,
            # pages given up (gone, failed) or to be fetched again (retry), with the runs that
            # requested them so far
            "failed_pages": getattr(spider, "page_failures", []),
            # exported articles per UTC day of datePublished and per section, for the plots
            "per_day": self.crawler.stats.get_value(PER_DAY, {}),
            "per_section": self.crawler.stats.get_value(PER_SECTION, {}),
            "stats": stats,
        }
        # the trend of the HTML report: this run's figures kept in the state, with the last ones
        this_run = {**run_summary(report), "run": "this run"}
        history: list[dict[str, Any]] = []
        state = getattr(spider, "run_state", None)
        if state is not None:
            try:
                history = state.history(run_summary(report), HISTORY_RUNS)
            except (OSError, sqlite3.Error) as exc:  # a full disk: the report is still written
                logger.warning("The state could not keep this run's figures: %s", exc)
        # a store that keeps no history (or could not): this run alone
        report["history"] = history or [this_run]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        logger.info("Run report written to %s", target)
        if self.crawler.settings.getbool("NEWSCRAWL_HTML_REPORT", True):
            from newscrawl.report import write_html

            logger.info("HTML run report written to %s", write_html(report, target))


class FieldStats:
    """Item quality in the crawl's stats, counted on the items actually exported (the
    ``item_scraped`` signal, after validation): how often a fallback served each field
    (``newscrawl/fallback/<field>``), which source served it (``newscrawl/source/<field>/<source>``)
    and, at the end, the share of items that have each field (``newscrawl/coverage/<field>``, for
    the run report), also logged as one block. The fields present are counted by spidermon
    (``SPIDERMON_ADD_FIELD_COVERAGE``: ``spidermon_item_scraped_count/ArticleItem/<field>``, a field
    that is ``None`` or empty not counted), whose FieldCoverageMonitor judges the same counts."""

    COUNT = f"spidermon_item_scraped_count/{ArticleItem.__name__}"

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats
        self.items = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> FieldStats:
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any, **kwargs: Any) -> None:
        adapter = ItemAdapter(item)
        self.items += 1
        metadata = adapter.get("metadata") or {}
        for name in metadata.get("fallbacks", []):
            self.stats.inc_value(f"newscrawl/fallback/{name}")
        for name, source in (metadata.get("sources") or {}).items():
            self.stats.inc_value(f"newscrawl/source/{name}/{source}")
        day = str(adapter.get("datePublished") or "")[:10] or "unknown"
        section = adapter.get("articleSection") or "(none)"
        for key, value in ((PER_DAY, day), (PER_SECTION, section)):
            counts = self.stats.get_value(key)
            if counts is None:
                counts = {}
                self.stats.set_value(key, counts)
            counts[value] = counts.get(value, 0) + 1

    def spider_closed(self, **kwargs: Any) -> None:
        if not self.items:
            logger.info("Field coverage: no item was exported")
            return
        if self.stats.get_value(self.COUNT) is None:
            logger.info("Field coverage: not counted (SPIDERMON_ADD_FIELD_COVERAGE is off)")
            return
        lines = []
        for name in ARTICLE_FIELDS:
            present = int(self.stats.get_value(f"{self.COUNT}/{name}", 0))
            share = present / self.items
            self.stats.set_value(f"newscrawl/coverage/{name}", round(share, 4))
            lines.append(f"  {name:<18} {share:7.1%}  ({present}/{self.items})")
        logger.info("Field coverage over %d exported items:\n%s", self.items, "\n".join(lines))


def _state(spider: Any) -> Any:
    """The spider's :class:`newscrawl.state.RunState`; one without a store for a spider that
    keeps none (``scrapy runspider`` of another spider with the project's settings)."""
    from newscrawl.state import RunState

    return getattr(spider, "run_state", None) or RunState()


class ExportedState:
    """Opens the spider's state store for the run, marks each article exported once the feed has
    written it, and closes the store when the crawl ends.

    Connected after Scrapy's FeedExporter, so on ``item_scraped`` the item's line is already in
    the output files when the state records it; if an output could not take the line
    (:class:`newscrawl.feeds.CheckedFile` counts ``newscrawl/feed/write_failed``), the article is
    not recorded, and the next run exports it. If another run holds the store, the crawl closes
    at once with the reason ``already_running``; if the state file is unusable (corrupt, not a
    newscrawl state), with ``state_unusable``; both before the first request, and say so.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self._committer: Any = None  # commits the store's batched writes while the crawl idles
        self._failed_writes = 0  # newscrawl/feed/write_failed as of the last item

    #: written in JOBDIR while a run is under way, removed when it closes
    RUNNING_MARK = "newscrawl.running"
    #: the commit timer's clock: the reactor's, unless a test gives a twisted ``task.Clock``
    clock: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExportedState:
        ext = cls(crawler)
        ext.discard_torn_queue(crawler.settings.get("JOBDIR"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def discard_torn_queue(self, jobdir: str | None) -> None:
        """Drop the request queue of a JOBDIR whose last run was killed (SIGKILL, power loss).

        Scrapy writes its disk queue's bookkeeping only when a run closes, so after a kill the
        queue no longer reads back ("unpack requires a buffer of 4 bytes"). Nothing is lost by
        dropping it: the new run reads the homepage, feed and listings again, and the state tells
        it which articles the killed run already exported. A run stopped gracefully (SIGTERM,
        Ctrl-C) leaves a sound queue, which Scrapy resumes as usual.
        """
        if not jobdir:
            return
        mark = Path(jobdir) / self.RUNNING_MARK
        queue = Path(jobdir) / "requests.queue"
        if mark.exists() and queue.exists():
            logger.warning(
                "The last run in JOBDIR %s did not close (killed?): its request queue is dropped; "
                "the listings and the state recover its work",
                jobdir,
            )
            shutil.rmtree(queue)
            self.stats.inc_value("newscrawl/jobdir/torn_queue_dropped")

    def spider_opened(self, spider: Any) -> None:
        from newscrawl.state import StateLocked, StateUnusable

        self.stats.set_value(OUTPUTS, feed_files(self.crawler))
        jobdir = self.crawler.settings.get("JOBDIR")
        if jobdir:
            Path(jobdir).mkdir(parents=True, exist_ok=True)
            (Path(jobdir) / self.RUNNING_MARK).write_text(f"pid {os.getpid()}\n", encoding="utf-8")

        state = _state(spider)
        run_id = f"{spider.name}-{datetime.now().strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        try:
            if not state.open(run_id, feed_files(self.crawler)):
                return  # no state configured: every run is a full run
        except StateLocked as exc:
            logger.error(
                "Another crawl is running (%s): this run gives up and exports nothing", exc
            )
            self.stats.set_value("newscrawl/locked", 1)
            self._end_early(spider, "already_running")
            return
        except StateUnusable as exc:
            logger.error("%s", exc)
            self.stats.set_value("newscrawl/state_unusable", str(exc))
            self._end_early(spider, "state_unusable")
            return
        store = state.store
        interval = getattr(store, "commit_interval", 0)
        if interval:
            from twisted.internet import task

            # a store that buffers its writes (the Redis state, one round trip for many) sends
            # them with the spider's next flush; the timer sends them when none comes (a crawl
            # waiting on a slow site)
            self._committer = task.LoopingCall(store.flush)
            if self.clock is not None:
                self._committer.clock = self.clock
            self._committer.start(interval, now=False).addErrback(self._commit_failed)
        self.stats.set_value("newscrawl/state/known_at_start", state.count())
        logger.info("State %s: %d articles known", getattr(store, "path", store), state.count())

    def _end_early(self, spider: Any, reason: str) -> None:
        """Close the run before its first request (the spider's ``start`` yields nothing while
        the store is not open); the monitors skip a run that never started."""
        self.stats.set_value(ENDED_EARLY, reason)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def _commit_failed(self, failure: Any) -> None:
        """The timer stops on an error (a full disk): said at once, not when it is collected;
        the next write commits, or fails, as before."""
        logger.error("The state could not commit its writes: %s", failure.getErrorMessage())
        self.stats.inc_value("newscrawl/state/commit_failed")

    def item_scraped(self, item: Any, spider: Any, response: Any = None, **kwargs: Any) -> None:
        failed_writes = self.stats.get_value(WRITE_FAILED, 0)
        if failed_writes != self._failed_writes:
            # an output could not take the line (newscrawl.feeds.CheckedFile has logged it): the
            # article is not exported, and stays pending for the next run
            self._failed_writes = failed_writes
            self.stats.inc_value(NOT_WRITTEN)
            return
        recorded = _state(spider).exported(dict(ItemAdapter(item)))
        if recorded is None:  # no state: nothing to record
            return
        self.stats.inc_value(f"newscrawl/incremental/{recorded}")
        self._done(_state(spider), response)

    def item_dropped(
        self,
        item: Any,
        spider: Any,
        response: Any = None,
        exception: BaseException | None = None,
        **kwargs: Any,
    ) -> None:
        """A duplicate or unchanged article is judged: fetching it again won't help. An invalid
        one is fetched again by the next runs, up to NEWSCRAWL_MAX_PENDING_ATTEMPTS, then
        marked failed."""
        from newscrawl.pipelines import InvalidItem

        if isinstance(exception, InvalidItem) and hasattr(spider, "page_failed"):
            request = getattr(response, "request", None)
            spider.page_failed(request, getattr(response, "url", ""), "invalid")
            return
        self._done(_state(spider), response)

    @staticmethod
    def _done(state: Any, response: Any) -> None:
        request = getattr(response, "request", None)
        if request is None:
            return
        for url in [*request.meta.get("redirect_urls", []), request.url]:
            state.done(path_key(url))

    def spider_closed(self, spider: Any, reason: str) -> None:
        jobdir = self.crawler.settings.get("JOBDIR")
        if jobdir:
            (Path(jobdir) / self.RUNNING_MARK).unlink(missing_ok=True)
        if self._committer is not None and self._committer.running:
            self._committer.stop()
        known = _state(spider).close(finished=reason == "finished")
        if known is not None:
            self.stats.set_value("newscrawl/state/known_at_end", known)

"""Monitors run by spidermon when a crawl closes: a layout change or a broken run fails loudly.

The suite checks the finish reason, errors in the log, the share of pages that failed after
their retries or were dropped (a few bad pages are logged and counted, not a failed run; a
server that fails most requests is), items dropped by validation, field
coverage (``headline`` and ``articleBody`` 100 %, ``datePublished`` 95 %, by default) and the
share of items whose fields a fallback served, which is where a layout change shows first. The
verdicts go into the crawl's stats (``newscrawl/monitors/...``) and so into the run report; a
failed monitor is logged at ERROR and makes ``scrapy crawl`` exit with status 3
(:mod:`newscrawl.commands.crawl`).

spidermon's own monitors do the job where they can: FinishReasonMonitor, ErrorCountMonitor,
ItemValidationMonitor (on the count of items newscrawl's validation dropped) and
FieldCoverageMonitor (on spidermon's own field counts, ``SPIDERMON_ADD_FIELD_COVERAGE``, with
``NEWSCRAWL_MIN_COVERAGE`` as its rules), each skipped when the run ended before crawling. The
monitors written here are those spidermon has no counterpart for: the share of failed pages
(spidermon counts errors in the log, not pages given up or dropped), the fallback share (a
newscrawl notion: which extractor served a field), the start pages and the run's reach against
earlier runs (kept in newscrawl's state).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from scrapy.exceptions import ScrapyDeprecationWarning
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import (
    ErrorCountMonitor,
    FieldCoverageMonitor,
    FinishReasonMonitor,
    ItemValidationMonitor,
)
from spidermon.core.actions import Action
from spidermon.settings import MONITOR

from newscrawl.items import ArticleItem

logger = logging.getLogger(__name__)

# spidermon's runner logs each verdict through Spider.log(), which Scrapy deprecates: the warning
# is about spidermon's code, not the crawl, and would be printed at the end of every run
warnings.filterwarnings(
    "ignore",
    message=r"Spider\.log\(\) is deprecated",
    category=ScrapyDeprecationWarning,
    module=r"spidermon\.",
)


class _SkipEarlyEnd:
    """A run that ended before its first request (another run held the state, the state file
    is unusable, nothing answers at the origin) has nothing to judge: each monitor is skipped,
    and ``scrapy crawl`` says in one line why the run ended."""

    data: Any

    def setUp(self) -> None:
        reason = self.data.stats.get("newscrawl/ended_early")
        if reason:
            self.skipTest(f"the run ended before crawling: {reason}")  # type: ignore[attr-defined]
        super().setUp()  # type: ignore[misc]


class EarlyEndFinishReasonMonitor(_SkipEarlyEnd, FinishReasonMonitor):
    """spidermon's FinishReasonMonitor; a run stopped by Ctrl-C or SIGTERM (``shutdown``) is
    not judged by it: ``scrapy crawl`` exits with its own status for a stopped run."""

    def setUp(self) -> None:
        super().setUp()
        if self.data.stats.get("finish_reason") == "shutdown":
            self.skipTest("the run was stopped (Ctrl-C or SIGTERM)")


class EarlyEndErrorCountMonitor(_SkipEarlyEnd, ErrorCountMonitor):
    """spidermon's ErrorCountMonitor, skipped when the run ended before crawling."""


class _Stats(_SkipEarlyEnd, Monitor):
    @property
    def settings(self) -> Any:
        return self.data.crawler.settings

    @property
    def stats(self) -> dict[str, Any]:
        return dict(self.data.stats)

    def exported(self) -> int:
        return int(self.stats.get("item_scraped_count", 0))


@monitors.name("Item validation")
class EarlyEndItemValidationMonitor(_SkipEarlyEnd, ItemValidationMonitor):
    """spidermon's ItemValidationMonitor on the items validation dropped (``newscrawl/invalid``,
    counted by :class:`newscrawl.pipelines.ValidationPipeline`), at most
    ``NEWSCRAWL_MAX_INVALID_ITEMS``; skipped when the run ended before crawling.

    spidermon's own stat, ``spidermon/validation/fields/errors``, comes from its validation
    pipeline, which counts failing fields rather than dropped items; and its monitor skips a
    stat that is absent, where no item dropped is a pass here."""

    stat_name = "newscrawl/invalid"
    threshold_setting = "NEWSCRAWL_MAX_INVALID_ITEMS"
    threshold_datatype = int

    @property
    def stats(self) -> Any:
        return {self.stat_name: 0, **self.data.stats}


@monitors.name("Field coverage")
class EarlyEndFieldCoverageMonitor(_SkipEarlyEnd, FieldCoverageMonitor):
    """spidermon's FieldCoverageMonitor, skipped when the run ended before crawling (and, with
    ``SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM``, when no item was exported)."""


class CoverageRules:
    """A Scrapy add-on (``ADDONS``): ``NEWSCRAWL_MIN_COVERAGE`` (``{"headline": 1.0}``) as
    spidermon's ``SPIDERMON_FIELD_COVERAGE_RULES`` (``{"ArticleItem/headline": 1.0}``), so that
    ``-s NEWSCRAWL_MIN_COVERAGE=...`` keeps its meaning; a ``SPIDERMON_FIELD_COVERAGE_RULES``
    given on the command line wins."""

    def update_settings(self, settings: Any) -> None:
        rules = {
            f"{ArticleItem.__name__}/{name}": float(share)
            for name, share in settings.getdict("NEWSCRAWL_MIN_COVERAGE").items()
        }
        settings.set("SPIDERMON_FIELD_COVERAGE_RULES", rules, priority="addon")


@monitors.name("Fallbacks")
class FallbackMonitor(_Stats):
    """A field served by anything but its primary source, the site's own markup, in more than
    ``NEWSCRAWL_MAX_FALLBACK_SHARE`` of the items: the site's templates have changed.

    Structured data (JSON-LD, microdata, ``article:*`` meta, ``<time>``) counts as a fallback
    here: the site's pages carry none, so a field served by it means that the site's own
    markup stopped serving it, which is what this monitor is for. The message names each such
    field with the sources that served it instead.
    """

    @monitors.name("Primary selectors serve the fields")
    def test_fallback_share(self) -> None:
        items = self.exported()
        if not items:
            self.skipTest("no item was exported")
        limit = self.settings.getfloat("NEWSCRAWL_MAX_FALLBACK_SHARE")
        shares = {
            k.rsplit("/", 1)[1]: v / items
            for k, v in self.stats.items()
            if k.startswith("newscrawl/fallback/")
        }
        over = {k: v for k, v in shares.items() if v > limit}
        if not over:
            return
        self.fail(
            "the primary source stopped serving "
            + "; ".join(
                f"{k} in {v:.0%} of items ({self._served_by(k, items)})"
                for k, v in sorted(over.items())
            )
            + f" (limit {limit:.0%}): the site's layout may have changed",
        )

    def _served_by(self, field_name: str, items: int) -> str:
        """``og:title 60%, jsonld 40%``: the sources of a field, most used first."""
        # the date fields' sources are recorded under their raw string's name
        prefix = f"newscrawl/source/{field_name}/"
        found = {k.removeprefix(prefix): v for k, v in self.stats.items() if k.startswith(prefix)}
        if not found and not field_name.endswith("Raw"):
            return self._served_by(f"{field_name}Raw", items)
        if not found:
            return "no source"
        ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        return ", ".join(f"{source} {count / items:.0%}" for source, count in ranked)


@monitors.name("Failed pages")
class FailedPagesMonitor(_Stats):
    @monitors.name("Few pages failed after their retries")
    def test_failed_share(self) -> None:
        requests = int(self.stats.get("downloader/request_count", 0))
        if not requests:
            self.skipTest("no request was made")
        failed = {
            k: v
            for k, v in self.stats.items()
            if k.startswith(("newscrawl/failed/", "newscrawl/dropped/"))
        }
        share = sum(failed.values()) / requests
        limit = self.settings.getfloat("NEWSCRAWL_MAX_FAILED_SHARE")
        self.assertLessEqual(
            share,
            limit,
            f"{share:.0%} of the requests failed or were dropped (limit {limit:.0%}): {failed}",
        )


@monitors.name("Start pages")
class StartPagesMonitor(_Stats):
    """The homepage and the feed are where every run starts: one that gave no link (failed,
    dropped, emptied, or lost to a redirect) silently shrinks the run to what the others lead to."""

    STARTS = {"home": "the homepage", "rss": "the RSS feed"}  # noqa: RUF012

    @monitors.name("Every start page gave links")
    def test_start_pages(self) -> None:
        if self.stats.get("newscrawl/locked"):
            self.skipTest("another run held the state")
        # a worker of a distributed crawl (REDIS_URL) answers for the start pages it fetched
        # itself: another worker may have fetched them (a start page that failed outright is
        # in the failures monitor of the worker that tried it)
        worker = bool(self.settings.get("REDIS_URL"))
        empty = [
            name
            for key, name in self.STARTS.items()
            if not self.stats.get(f"newscrawl/start/{key}/links")
            and not (worker and self.stats.get(f"newscrawl/start/{key}/links") is None)
        ]
        if empty:
            self.fail("no link came from " + " and ".join(empty))


@monitors.name("Reach")
class ReachMonitor(_Stats):
    """A run that reached far fewer articles than the site's recent runs (the median of the last
    ``NEWSCRAWL_HISTORY_RUNS`` finished ones, which the state records) lost part of the site:
    a listing that stopped linking, a redirect, a page the crawl could not read."""

    @monitors.name("The run reached its usual share of the site")
    def test_reach(self) -> None:
        share = self.settings.getfloat("NEWSCRAWL_MIN_REACH_SHARE")
        runs = int(self.stats.get("newscrawl/history/runs", 0))
        needed = min(3, self.settings.getint("NEWSCRAWL_HISTORY_RUNS"))
        if not share or runs < needed or "newscrawl/history/median_reached" not in self.stats:
            self.skipTest("not enough earlier runs to compare with")
        median = int(self.stats["newscrawl/history/median_reached"])
        this = int(self.stats.get("newscrawl/reached", 0))
        if this < share * median:
            self.fail(
                f"this run reached {this} articles, fewer than {share:.0%} of the {median} that"
                f" the last {runs} runs reached (their median)"
            )


class RecordVerdicts(Action):
    """Puts the monitors' verdicts into the crawl's stats and logs each failure at ERROR."""

    def run_action(self) -> None:
        stats = self.data.crawler.stats
        failures = []
        for result in self.result.monitors_failed_results:
            message = (
                str(getattr(result, "reason", None) or getattr(result, "error", None) or "")
                .strip()
                .splitlines()
            )
            failures.append(
                {"monitor": result.monitor.name, "reason": message[-1] if message else ""}
            )
        for failure in failures:
            logger.error("Monitor failed: %s: %s", failure["monitor"], failure["reason"])
        skipped = [r for r in self.result.monitor_results if r.status == MONITOR.STATUS.SKIPPED]
        passed = len(self.result.monitors_passed_results) - len(skipped)  # spidermon's
        # "passed" results include the skipped ones
        stats.set_value("newscrawl/monitors/passed", passed)
        stats.set_value("newscrawl/monitors/skipped", len(skipped))
        stats.set_value("newscrawl/monitors/failed", len(failures))
        stats.set_value("newscrawl/monitors/failures", failures)
        logger.info(
            "Monitors: %d passed, %d skipped, %d failed", passed, len(skipped), len(failures)
        )


class SpiderCloseMonitorSuite(MonitorSuite):
    monitors = [  # noqa: RUF012 - spidermon's declarative API
        EarlyEndFinishReasonMonitor,
        EarlyEndErrorCountMonitor,
        EarlyEndItemValidationMonitor,
        FailedPagesMonitor,
        EarlyEndFieldCoverageMonitor,
        FallbackMonitor,
        StartPagesMonitor,
        ReachMonitor,
    ]
    monitors_finished_actions = [RecordVerdicts]  # noqa: RUF012

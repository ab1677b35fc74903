"""``scrapy crawl``, as Scrapy's, with checked configuration and an exit status a scheduler can
act on.

Scrapy's own command exits 0 whenever the spider ran, whatever happened in it. Run from cron, a
systemd timer or scrapyd, a crawl that could not do its work must exit non-zero and say why on
standard error, in one line a person reads once a week:

- 0: the crawl finished and every monitor passed (or was skipped);
- 1: the crawl could not start or could not save its work: a setting or spider argument is
  wrong (checked against :mod:`newscrawl.config` before anything starts), the state file is
  corrupt or not a newscrawl state, or an output file could not be written (the articles it
  lacks are exported by the next run);
- 2: another run holds the state's lock, this run did nothing;
- 3: a monitor failed (the run report and the log say which and why);
- 4: nothing answers at the crawl's origin (connection refused, DNS, TLS, timeout on the first
  requests): the run ended at once;
- 5: the run was stopped by Ctrl-C or SIGTERM: what was in flight was finished, the state
  saved and the report written; the next run goes on from there. A second Ctrl-C stops at
  once: nothing exported is lost, the next run records it from the output file.

The systemd unit in ``deploy/`` treats 2 and 5 as success.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    UsageError,
)
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.misc import load_object

from newscrawl.config import ConfigError, validate_settings
from newscrawl.extensions import monitor_summary
from newscrawl.state import StateUnusable

EXIT_ERROR = 1
EXIT_LOCKED = 2
EXIT_MONITOR_FAILED = 3
EXIT_ORIGIN_UNREACHABLE = 4
EXIT_STOPPED = 5


def say(message: str) -> None:
    print(f"newscrawl: {message}", file=sys.stderr)


#: the errors of a request that got no answer from the site
NO_ANSWER_ERRORS = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DownloadTimeoutError,
    DownloadFailedError,
)


class NoAnswerFilter(logging.Filter):
    """Scrapy's robots.txt middleware logs a robots.txt that got no answer at ERROR with a
    traceback; the crawl's own requests to the site then fail too, and are logged, counted and
    summed up (exit status 4 when nothing answers). The robots.txt record becomes one WARNING
    line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, NO_ANSWER_ERRORS) and record.levelno >= logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: Any) -> None:
        """Scrapy's options, then the check of every setting, argument and the state file, before
        Scrapy starts anything (or logs a line): a mistake is one line and exit status 1."""
        super().process_options(args, opts)
        try:
            self.check(args, opts.spargs)
        except (ConfigError, StateUnusable) as exc:
            say(str(exc))
            sys.exit(EXIT_ERROR)

    def run(self, args: list[str], opts: Any) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes one spider name")
        assert self.crawler_process
        # a site that does not answer is said in one line at the end, not in tracebacks
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(NoAnswerFilter())
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_ERROR
            return
        if crawler.stats is not None:
            self.exitcode = self.verdict(crawler.stats)

    def check(self, args: list[str], arguments: dict[str, Any]) -> None:
        """Every setting and the spider's arguments, and the state file, before anything starts;
        the settings are set to their validated values (``-s X=yes`` becomes ``True``)."""
        assert self.settings is not None
        validated = validate_settings(self.settings)
        for name in validated.model_fields_set:
            value = getattr(validated, name)
            if self.settings.get(name) != value:
                self.settings.set(name, value, priority=self.settings.getpriority(name) or 0)
        if len(args) == 1:
            try:
                spider = get_spider_loader(self.settings).load(args[0])
            except KeyError:
                spider = None  # Scrapy says so
            validate = getattr(spider, "validate_arguments", None)
            if validate is not None:  # a spider of this project: its -a arguments are declared
                validate(arguments)
        state_class = self.settings.get("NEWSCRAWL_STATE_CLASS")
        if state_class:
            load_object(state_class).from_settings(self.settings).check()

    @staticmethod
    def verdict(stats: Any) -> int:
        """The exit status of a crawl that ran, and its one line on standard error."""
        value = stats.get_value
        if value("newscrawl/locked"):
            say("another crawl holds the state; this run gave up.")
            return EXIT_LOCKED
        if value("newscrawl/state_unusable"):
            say(value("newscrawl/state_unusable"))
            return EXIT_ERROR
        if value("newscrawl/origin_unreachable"):
            say(f"{value('newscrawl/origin_unreachable')}; the run ended without crawling.")
            return EXIT_ORIGIN_UNREACHABLE
        errors = value("newscrawl/feed/write_errors") or []
        if value("newscrawl/feed/write_failed"):
            lost = value("newscrawl/feed/not_exported", 0)
            say(
                f"{lost} article(s) could not be written ({'; '.join(errors) or 'write failed'}); "
                "they are not recorded as exported, and the next run exports them."
            )
            return EXIT_ERROR
        reason = value("finish_reason")
        failures = value("newscrawl/monitors/failures") or []
        if failures:
            say(f"{len(failures)} monitor(s) failed ({monitor_summary(stats.get_stats())}):")
            for failure in failures:
                print(f"  - {failure['monitor']}: {failure['reason']}", file=sys.stderr)
            return EXIT_MONITOR_FAILED
        if reason is None:
            say(
                "stopped at once (a second Ctrl-C); the next run records the articles this "
                "one wrote from its output file."
            )
            return EXIT_STOPPED
        if reason == "shutdown":
            say("stopped (Ctrl-C or SIGTERM): the state is saved; the next run goes on from here.")
            return EXIT_STOPPED
        if not value("item_scraped_count"):
            for output in value("newscrawl/feed/outputs") or []:
                said = "left as it was" if Path(output).exists() else "not created"
                say(f"no new or changed article: {output} {said}.")
        return 0

"""``scrapy crawl``, as Scrapy's, with an exit status a scheduler can act on.

Scrapy's own command exits 0 whenever the spider ran, whatever happened in it. Run from cron, a
systemd timer or scrapyd, a crawl whose monitors failed, or that gave up because another run held
the state, must exit non-zero and say why on standard error:

- 0: the crawl finished and every monitor passed;
- 1: the crawl could not start (Scrapy's own status);
- 2: another run holds the state's lock, this run did nothing;
- 3: a monitor failed (the run report and the log say which and why).
"""

from __future__ import annotations

import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

EXIT_LOCKED = 2
EXIT_MONITOR_FAILED = 3


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: Any) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes one spider name")
        assert self.crawler_process
        create = getattr(self, "_create_crawler", None) or self.crawler_process.create_crawler
        crawler = create(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats
        if stats is None:
            return
        if stats.get_value("newscrawl/locked"):
            print("newscrawl: another crawl holds the state; this run gave up.", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        failures = stats.get_value("newscrawl/monitors/failures") or []
        if failures:
            print(f"newscrawl: {len(failures)} monitor(s) failed:", file=sys.stderr)
            for failure in failures:
                print(f"  - {failure['monitor']}: {failure['reason']}", file=sys.stderr)
            self.exitcode = EXIT_MONITOR_FAILED

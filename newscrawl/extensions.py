"""Crawl-level extensions: the JSON run report."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import signals

logger = logging.getLogger(__name__)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


class RunReport:
    """Writes the crawl's stats as JSON to ``NEWSCRAWL_REPORT`` when the crawl closes.

    The path may use the ``%(name)s`` placeholder (the spider's name). Nothing is written when the
    setting is empty.
    """

    def __init__(self, crawler: Any, path: str | None) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunReport:
        ext = cls(crawler, crawler.settings.get("NEWSCRAWL_REPORT"))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        if not self.path:
            return
        target = Path(self.path % {"name": spider.name})
        stats = {k: _jsonable(v) for k, v in sorted(self.crawler.stats.get_stats().items())}
        report = {"spider": spider.name, "finish_reason": reason, "stats": stats}
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        logger.info("Run report written to %s", target)

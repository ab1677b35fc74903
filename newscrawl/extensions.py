"""Crawl-level extensions: field statistics of the exported items, and the JSON run report."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.items import ARTICLE_FIELDS

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


class FieldStats:
    """Item quality in the crawl's stats, counted on the items actually exported (the
    ``item_scraped`` signal, after validation): how often a fallback served each field
    (``newscrawl/fallback/<field>``) and, at the end, the share of items that have each field
    (``newscrawl/coverage/<field>``), also logged as one block."""

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats
        self.items = 0
        self.present: dict[str, int] = dict.fromkeys(ARTICLE_FIELDS, 0)

    @classmethod
    def from_crawler(cls, crawler: Any) -> FieldStats:
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any, **kwargs: Any) -> None:
        adapter = ItemAdapter(item)
        self.items += 1
        for name in adapter.get("metadata", {}).get("fallbacks", []):
            self.stats.inc_value(f"newscrawl/fallback/{name}")
        for name in ARTICLE_FIELDS:
            if adapter.get(name) not in (None, "", [], {}):
                self.present[name] += 1

    def spider_closed(self, **kwargs: Any) -> None:
        if not self.items:
            logger.info("Field coverage: no item was exported")
            return
        lines = []
        for name in ARTICLE_FIELDS:
            share = self.present[name] / self.items
            self.stats.set_value(f"newscrawl/coverage/{name}", round(share, 4))
            lines.append(f"  {name:<18} {share:7.1%}  ({self.present[name]}/{self.items})")
        logger.info("Field coverage over %d exported items:\n%s", self.items, "\n".join(lines))

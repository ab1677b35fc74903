"""The export-only baseline of the crawl benchmark: Scrapy's own cost of a crawl that exports
the full crawl's items.

``scrapy runspider bench/export_spider.py -a base_url=URL -a routes=DIR/routes.json
-a items=FULL.jsonl -O OUT.jsonl`` fetches the same pages as ``bench/noop_spider.py`` and, for
each article page, yields the item the full crawl exported for it, read from that crawl's output
before the crawl starts: nothing is parsed, cleaned or checked. The items go through Scrapy's own
item path (no item pipelines) and its JSON-lines feed export, with Scrapy's extensions only.
What it costs above the do-nothing spider is what any spider exporting these items pays Scrapy;
what the full crawl costs above it is newscrawl's own work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

from noop_spider import NoopSpider  # beside this file: runspider puts its folder on sys.path

from newscrawl.urls import article_id


class ExportOnlySpider(NoopSpider):
    """The do-nothing spider's requests (its ``start``), with the items of the full crawl."""

    name = "export-only"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {
            "newscrawl.extensions.ExportedState": None,
            "newscrawl.extensions.FieldStats": None,
            "spidermon.contrib.scrapy.extensions.Spidermon": None,
            "newscrawl.extensions.RunReport": None,
        },
    }

    def __init__(
        self, base_url: str = "", routes: str = "", items: str = "", *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(base_url, routes, *args, **kwargs)
        if not items:
            raise ValueError("give -a items=FULL.jsonl, the full crawl's output")
        self.items: dict[str, dict[str, Any]] = {}
        with open(items, encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                self.items[item["articleId"]] = item

    def parse(self, response: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        """The full crawl's item for an article page (a copy: each export is its own)."""
        key = article_id(response.url)
        item = self.items.get(key) if key else None
        if item is not None:
            yield dict(item)

"""The do-nothing baseline of the crawl benchmark: Scrapy's own ceiling on this machine.

``scrapy runspider bench/noop_spider.py -a base_url=URL -a routes=DIR/routes.json`` fetches every
page a snapshot folder's ``routes.json`` lists (the URLs the full crawl reaches), on ``base_url``,
and does nothing with the responses: no parsing, no items. Run from the repository it gets the
project's settings, like ``scrapy crawl almaghribtoday``, and the benchmark gives both the same
``-s`` overrides, so the difference between the two is newscrawl's own work.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from w3lib.url import safe_url_string


class NoopSpider(scrapy.Spider):
    name = "noop"

    def __init__(self, base_url: str = "", routes: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not base_url or not routes:
            raise ValueError("give -a base_url=URL -a routes=PATH/routes.json")
        self.base_url = base_url.rstrip("/")
        self.routes = Path(routes)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        paths = json.loads(self.routes.read_text(encoding="utf-8"))
        # the robots.txt middleware fetches /robots.txt itself when ROBOTSTXT_OBEY is on
        skip_robots = self.settings.getbool("ROBOTSTXT_OBEY")
        for path in paths:
            if skip_robots and path == "/robots.txt":
                continue
            yield scrapy.Request(
                safe_url_string(self.base_url + path), callback=self.parse, dont_filter=True
            )

    def parse(self, response: Any, **kwargs: Any) -> None:
        """Nothing: the response is dropped."""
        return None

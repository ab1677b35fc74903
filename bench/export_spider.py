"""The export-only baseline of the crawl benchmark: Scrapy's own cost of a crawl that follows
links to the full crawl's pages and exports the full crawl's items, reading nothing.

``scrapy runspider bench/export_spider.py -a base_url=URL -a routes=DIR/routes.json
-a items=FULL.jsonl -O OUT.jsonl`` fetches the same pages as ``bench/noop_spider.py``, but as a
crawl that discovers them: the homepage's callback yields the requests for every listing page,
each listing's callback yields its share of the article requests (the articles split evenly
among the listings, in the order of ``routes.json``), and each article's callback yields the
item the full crawl exported for it, read from that crawl's output before the crawl starts.
Nothing is parsed, cleaned or checked. Requests and items go through Scrapy's spider
middlewares, its duplicate filter, its item path (no item pipelines) and its JSON-lines feed,
with Scrapy's extensions only. What it costs above the do-nothing spider is what any spider
that follows these links and exports these items pays Scrapy; what the full crawl costs above
it is newscrawl's own work.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from noop_spider import NoopSpider  # beside this file: runspider puts its folder on sys.path
from w3lib.url import safe_url_string

from newscrawl.urls import Kind, article_id, classify


class ExportOnlySpider(NoopSpider):
    """The do-nothing spider's pages, reached through callbacks, with the full crawl's items."""

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
        paths = list(json.loads(self.routes.read_text(encoding="utf-8")))
        kinds = {path: classify(path) for path in paths}
        articles = [self._url(p) for p in paths if kinds[p] in (Kind.ARTICLE, Kind.COLUMN)]
        self.listings = [self._url(p) for p in paths if kinds[p] in (Kind.SECTION, Kind.WRITER)]
        # the homepage, the feed and robots.txt: requested from start, as the full crawl does
        self.first = [p for p in paths if kinds[p] in (Kind.HOME, Kind.FEED, Kind.OTHER)]
        count = max(1, len(self.listings))
        self.shares = {url: articles[n::count] for n, url in enumerate(self.listings)}
        self.home = self._url("/")

    def _url(self, path: str) -> str:
        return safe_url_string(self.base_url + path)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        skip_robots = self.settings.getbool("ROBOTSTXT_OBEY")  # its middleware fetches it
        for path in self.first:
            if not (skip_robots and path == "/robots.txt"):
                yield scrapy.Request(self._url(path), callback=self.parse)

    def parse(self, response: Any, **kwargs: Any) -> Iterator[Any]:  # type: ignore[override]
        """The homepage: every listing; a listing: its share of the articles; an article: its
        item (a copy: each export is its own)."""
        if response.url == self.home:
            for url in self.listings:
                yield scrapy.Request(url, callback=self.parse)
        elif response.url in self.shares:
            for url in self.shares[response.url]:
                yield scrapy.Request(url, callback=self.parse)
        else:
            key = article_id(response.url)
            item = self.items.get(key) if key else None
            if item is not None:
                yield dict(item)

"""The crawler a user would otherwise write: a generic Scrapy spider that follows every link of the
site with ``LinkExtractor`` and reads each page with ``trafilatura.bare_extraction``.

``scrapy runspider bench/peer_spider.py -a base_url=URL -O out.jsonl``; it yields one item per page
where trafilatura finds a title and a text (its own judgement of what an article is).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import trafilatura
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class PeerSpider(CrawlSpider):
    name = "peer"
    rules = (Rule(LinkExtractor(), callback="parse_page", follow=True),)
    #: Scrapy's own components, not newscrawl's (runspider in the repository reads its settings)
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {
            "newscrawl.extensions.ExportedState": None,
            "newscrawl.extensions.FieldStats": None,
            "spidermon.contrib.scrapy.extensions.Spidermon": None,
            "newscrawl.extensions.RunReport": None,
        },
        "DOWNLOADER_MIDDLEWARES": {},
        "SPIDER_MIDDLEWARES": {},
        "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
        "FEED_EXPORT_FIELDS": None,
        "FEED_STORAGES": {},
    }

    def __init__(self, base_url: str = "", *args: Any, **kwargs: Any) -> None:
        self.start_urls = [base_url.rstrip("/") + "/"]
        self.allowed_domains = [urlsplit(base_url).hostname or ""]
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        return self.parse_page(response)

    def parse_page(self, response: Response) -> Iterator[dict[str, Any]]:
        result = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
        if not result:
            return
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        if data.get("title") and data.get("text"):
            yield {
                "url": response.url,
                "headline": data.get("title"),
                "datePublished": data.get("date"),
                "authors": data.get("author"),
                "description": data.get("description"),
                "articleBody": data.get("text"),
            }

"""The ``almaghribtoday`` spider: which pages to fetch, in what order, with which callback.

It starts from the homepage and the RSS feed, follows section and writer listings with their
Joomla pagination (``?start=N``), and sends every article and opinion-column link to
:meth:`AlmaghribtodaySpider.parse_article`. Extraction lives in :mod:`newscrawl.pages`.

``-a base_url=URL`` points the whole crawl at a mirror (the bundled snapshot, a staging copy):
links to the site's own hosts, absolute or relative, raw or percent-encoded, are fetched on that
origin, and nothing else is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawl.pages import ArticlePage, FeedPage, ListingPage
from newscrawl.urls import Kind, Origin, article_id, classify


class AlmaghribtodaySpider(scrapy.Spider):
    name = "almaghribtoday"

    def __init__(self, base_url: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._base_url_arg = base_url

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        if not settings.getdict("FEEDS") and settings.get("NEWSCRAWL_DEFAULT_FEED"):
            feed = {
                settings.get("NEWSCRAWL_DEFAULT_FEED"): settings.getdict(
                    "NEWSCRAWL_DEFAULT_FEED_OPTIONS"
                )
            }
            settings.set("FEEDS", feed, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> AlmaghribtodaySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        base_url = spider._base_url_arg or settings.get("NEWSCRAWL_BASE_URL")
        spider.origin = Origin.from_base_url(base_url, settings.getlist("NEWSCRAWL_SITE_HOSTS"))
        # OffsiteMiddleware then refuses any other host, redirects included
        spider.allowed_domains = [spider.origin.netloc.split(":")[0]]
        spider.max_listing_pages = settings.getint("NEWSCRAWL_MAX_LISTING_PAGES")
        spider.publisher = settings.get("NEWSCRAWL_PUBLISHER")
        return spider

    origin: Origin
    allowed_domains: list[str]
    max_listing_pages: int
    publisher: str | None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(
            self.origin.url("/"), callback=self.parse_listing, errback=self.on_error, priority=10
        )
        yield scrapy.Request(
            self.origin.url("/rss"), callback=self.parse_feed, errback=self.on_error, priority=10
        )

    # ---- routing -------------------------------------------------------------------------------
    def _article_request(self, url: str, listing_date: str | None) -> scrapy.Request | None:
        target = self.origin.article_url(url)
        if target is None:
            self.crawler.stats.inc_value("newscrawl/links/offsite")
            return None
        return scrapy.Request(
            target,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"listing_date": listing_date},
            priority=5,
        )

    def parse_listing(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        """Homepage, section and writer pages: articles first, then further listings."""
        if not isinstance(response, TextResponse):
            self._reject(response, "not_html")
            return
        listing = ListingPage(response)
        for link in listing.article_links():
            request = self._article_request(link.url, link.date_line)
            if request is not None:
                yield request
        for url in listing.listing_links():
            target = self.origin.rebase(url)
            if target is not None:
                yield scrapy.Request(target, callback=self.parse_listing, errback=self.on_error)
        next_url = listing.next_page()
        if next_url and page < self.max_listing_pages:
            target = self.origin.rebase(next_url)
            if target is not None:
                yield scrapy.Request(
                    target,
                    callback=self.parse_listing,
                    errback=self.on_error,
                    cb_kwargs={"page": page + 1},
                )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """The RSS feed: one article request per item."""
        if not isinstance(response, TextResponse):
            self._reject(response, "not_xml")
            return
        for link in FeedPage(response).article_links():
            request = self._article_request(link.url, link.date_line)
            if request is not None:
                yield request

    def parse_article(self, response: Response, listing_date: str | None = None) -> Iterator[Any]:
        """An article page: the item, or a logged and counted rejection."""
        if not isinstance(response, TextResponse):
            self._reject(response, "not_html")
            return
        if (
            classify(response.url) not in (Kind.ARTICLE, Kind.COLUMN)
            or article_id(response.url) is None
        ):
            self._reject(response, "not_an_article")  # e.g. redirected to a section page
            return
        page = ArticlePage.from_response(
            response, listing_date=listing_date, downloaded=datetime.now(timezone.utc)
        )
        item = page.to_item(publisher=self.publisher)
        if not item.headline:
            self._reject(response, "no_headline")
            return
        if not item.articleBody:
            self._reject(response, "no_body")
            return
        yield item

    # ---- failures ------------------------------------------------------------------------------
    def _reject(self, response: Response, reason: str) -> None:
        self.logger.warning("Dropped page %s: %s", response.url, reason.replace("_", " "))
        self.crawler.stats.inc_value(f"newscrawl/dropped/{reason}")

    def on_error(self, failure: Failure) -> None:
        """A request that failed after retries: log its URL and reason, count it, crawl on."""
        request = failure.request  # type: ignore[attr-defined]
        reason = failure.type.__name__ if failure.type else "error"
        response = getattr(failure.value, "response", None)
        if response is not None:
            reason = f"http_{response.status}"
        self.logger.warning("Failed %s: %s", request.url, reason)
        self.crawler.stats.inc_value(f"newscrawl/failed/{reason}")

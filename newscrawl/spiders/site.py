"""The spider of a site of the group: which pages to fetch, in what order, with which callback.

One class for every site: :class:`SiteSpider` reads what differs between the sites from its
``site`` (a :class:`newscrawl.sites.Site`, an entry of ``newscrawl/sites.toml``), and
:mod:`newscrawl.spiders.sites` makes one named subclass per entry (``almaghribtoday``,
``palestinetoday``, ...), so that ``scrapy list`` shows them all.

It starts from the homepage, each language edition's front page and the site's feeds, follows
section and writer listings with their Joomla pagination (``?start=N``), and sends every article,
opinion-column and blog-post link to :meth:`SiteSpider.parse_article`. Extraction lives in
:mod:`newscrawl.pages`.

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
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newscrawl import cluster
from newscrawl.config import SpiderArguments, validate_arguments, validate_settings
from newscrawl.dates import parse_date
from newscrawl.filters import SKIPPED, CrawlFilter
from newscrawl.pages import ArticleLink, ArticlePage, FeedPage, ListingPage, Rejection
from newscrawl.refusals import (
    Refusals,
    RetryScheduled,
    Stopping,
    failure_reason,
    limit_setting,
    listing_query,
)
from newscrawl.sites import REFERENCE_SITE, Site
from newscrawl.state import FailedPage, RunState, default_path
from newscrawl.urls import Kind, Origin, article_id, classify, edition, path_key


class SiteSpider(scrapy.Spider):
    """The crawl of one site of the group; subclassed once per site, with ``name`` and
    ``site`` set (:func:`newscrawl.spiders.sites.spider_class`)."""

    #: the site this spider crawls: hosts, publisher, feeds, editions, clock zone
    site: Site

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # every -a argument is declared in newscrawl.config.SpiderArguments: a misspelt or unknown
        # one, or a bad value, stops the run (`-a name=` too: the name goes into output and
        # state paths, "output/%(name)s/...")
        arguments = self.validate_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.page_failures = []
        self._base_url_arg = arguments.base_url
        # -a full=1: fetch and export every article this run, whatever the state knows
        self.full = arguments.full
        # -a since= / until= / sections= (newscrawl.filters); -a max_pages= (0: no cap)
        self.limits = CrawlFilter.from_arguments(
            arguments.since, arguments.until, arguments.sections
        )
        self._max_pages_arg = arguments.max_pages
        # articles this run has requested: known to the state soon after, but new to this run
        self.requested: set[str] = set()
        # article links (with their date lines) and listing links this run has already decided
        # on: a link that a later listing repeats (the navigation, the most-read blocks) is not
        # decided again. They stand in front of no library call: a repeat never reaches Scrapy's
        # duplicate filter anyway (``requested`` and ``listings_requested`` stop the requests this
        # run made), and Scrapy's filter never sees the links the spider does not request. What
        # they do is count those once a run: without them every listing that repeats a link to
        # another edition, off the site, outside -a since/until/sections or already exported
        # would count it again (measured: newscrawl/links/other_edition 1 -> 369 on the
        # 2,000-article synthetic site; the demo's second run "article links skipped as already
        # exported: 100 -> 147"). They also save about 3 ms of CPU a listing page (12.0 against
        # 15.0 ms, parse_listing of the synthetic site's 369 listings, median of 7), about 0.5 ms
        # averaged over the crawl's pages (4 %, under the 15 % that alone would keep them).
        self.seen_links: set[ArticleLink] = set()
        self.seen_links_raw: set[str] = set()
        self.listings_requested: set[str] = set()
        # articles the state knew and this run skipped (the reach monitor counts them)
        self.known_skipped: set[str] = set()

    @staticmethod
    def validate_arguments(arguments: dict[str, Any]) -> SpiderArguments:
        """The spider's ``-a`` arguments, validated (``scrapy crawl`` calls this before it starts
        anything); raises :class:`newscrawl.config.ConfigError` with one line."""
        return validate_arguments(arguments)

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
        # each site its own state file and lock, so that the sites' runs never wait for each
        # other: .scrapy/newscrawl/<site>/state.sqlite3 (the reference site's stays where it was)
        if not settings.get("NEWSCRAWL_STATE_PATH") and cls.name != REFERENCE_SITE:
            settings.set(
                "NEWSCRAWL_STATE_PATH", default_path(cls.name, create=False), priority="spider"
            )
        # -s REDIS_URL=...: a worker of the site's shared crawl (newscrawl/cluster/)
        cluster.configure(settings, cls.name)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        validate_settings(settings)  # scrapy crawl has done it already; other runners have not
        site = cls.site
        # the settings override the site's entry (a staging host, another publisher name)
        base_url = spider._base_url_arg or settings.get("NEWSCRAWL_BASE_URL") or site.base_url
        hosts = settings.getlist("NEWSCRAWL_SITE_HOSTS") or site.all_hosts
        spider.origin = Origin.from_base_url(base_url, hosts, site.id_pattern)
        # one off-site rule: newscrawl.middlewares.OriginGuardMiddleware refuses any request off
        # this origin (scheme, host and port), redirects and robots.txt included; no
        # allowed_domains, so Scrapy's OffsiteMiddleware, which compares host names only, passes all
        spider.max_listing_pages = (
            spider._max_pages_arg
            if spider._max_pages_arg is not None
            else settings.getint("NEWSCRAWL_MAX_LISTING_PAGES")
        )
        spider.publisher = settings.get("NEWSCRAWL_PUBLISHER") or site.publisher
        # the state of earlier runs, filed under the crawl's origin (or NEWSCRAWL_STATE_KEY), and
        # its one owner: the spider asks it; newscrawl.extensions.ExportedState opens and closes it
        spider.run_state = RunState.from_settings(settings, spider.origin.base, full=spider.full)
        spider.max_attempts = settings.getint("NEWSCRAWL_MAX_PENDING_ATTEMPTS")
        # limits per page and per run (newscrawl/guards.py): a hostile page cannot flood the run
        spider.max_links = limit_setting(settings, "NEWSCRAWL_MAX_LINKS_PER_PAGE", 500, 1)
        spider.max_new_pending = limit_setting(settings, "NEWSCRAWL_MAX_NEW_PENDING", 20_000, 1)
        spider.max_resumed = limit_setting(settings, "NEWSCRAWL_MAX_RESUMED_PENDING", 1_000, 0)
        spider.max_listings = limit_setting(settings, "NEWSCRAWL_MAX_LISTINGS", 300, 1)
        spider.max_url_length = limit_setting(settings, "URLLENGTH_LIMIT", 2083, 1)
        spider.refusals = Refusals(crawler)
        spider.new_pending = 0
        return spider

    origin: Origin
    max_listing_pages: int  # 0: no cap (-a max_pages=0)
    publisher: str | None
    run_state: RunState
    max_attempts: int
    max_links: int
    max_new_pending: int
    max_resumed: int
    max_listings: int
    max_url_length: int
    refusals: Refusals
    new_pending: int

    #: priorities: the start pages first, then listings, then articles. Listings are few (at most
    #: NEWSCRAWL_MAX_LISTINGS), and each gives at most NEWSCRAWL_MAX_LINKS_PER_PAGE articles, so a
    #: page with a flood of article links cannot keep the other listings from being read
    START_PRIORITY = 10
    LISTING_PRIORITY = 7
    ARTICLE_PRIORITY = 5

    #: False in a worker that joins a distributed run (newscrawl.cluster.worker): it does not seed
    cluster_seeds: bool = True

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.crawler.stats.get_value("newscrawl/ended_early"):
            return  # another run holds the state, or it is unusable: ExportedState ended this one
        if not self.cluster_seeds:
            return  # a worker that joins a distributed run: the first worker seeded it
        self.listings_requested.add("/")
        # the first requests: if neither gets an answer from the origin, the run ends (on_error)
        yield scrapy.Request(
            self.origin.url("/"),
            callback=self.parse_listing,
            errback=self.on_error,
            priority=self.START_PRIORITY,
            meta={"newscrawl_first": True, "newscrawl_start": "home"},
        )
        feeds = self.site.feeds
        yield scrapy.Request(
            self.origin.url(feeds[0]),
            callback=self.parse_feed,
            errback=self.on_error,
            priority=self.START_PRIORITY,
            meta={"newscrawl_first": True, "newscrawl_start": "rss"},
        )
        # the other feeds (arabstoday.net's "/en/rss") and the front page of each other edition
        # ("/en/"): read as any listing, not needed for the start-pages monitor
        for path in feeds[1:]:
            yield scrapy.Request(
                self.origin.url(path),
                callback=self.parse_feed,
                errback=self.on_error,
                priority=self.START_PRIORITY,
            )
        for front in self.site.editions:
            if front.prefix and self._new_listing(self.origin.url(front.prefix)):
                yield scrapy.Request(
                    self.origin.url(front.prefix),
                    callback=self.parse_listing,
                    errback=self.on_error,
                    priority=self.START_PRIORITY,
                )
        for request in self._unfinished_requests():
            yield request
        self.crawler.signals.send_catch_log(cluster.start_exhausted)

    def _unfinished_requests(self) -> list[scrapy.Request]:
        """Requests earlier runs made but did not see through (failed, or in flight when a run
        was killed): made again, whether or not today's listings still lead to them."""
        pending, given_up = self.run_state.take_pending(self.max_attempts)
        for entry in given_up:
            self.logger.warning(
                "Giving up on %s after %d runs that could not fetch it (%s): marked failed",
                entry.url,
                entry.attempts,
                entry.reason or "unfinished",
            )
            self.crawler.stats.inc_value("newscrawl/pending/given_up")
            self._list_failure(
                self.origin.url(entry.url), entry.reason or "unfinished", entry.attempts, "failed"
            )
        requests = []
        for index, entry in enumerate(pending):
            if index >= self.max_resumed:
                self.refusals.refuse(
                    "resumed_pending",
                    entry.url,
                    f"more than NEWSCRAWL_MAX_RESUMED_PENDING ({self.max_resumed}) pending "
                    "requests of earlier runs; the others wait for a later run",
                )
                continue
            if len(self.origin.url(entry.url)) > self.max_url_length:
                self._refuse_long(entry.url)
                self.run_state.done(entry.url)
                continue
            self.crawler.stats.inc_value(f"newscrawl/pending/resumed/{entry.kind}")
            if entry.kind == "listing":
                self.listings_requested.add(path_key(entry.url))
            else:
                self.requested.add(article_id(entry.url) or entry.url)
            callback: Any = self.parse_listing if entry.kind == "listing" else self.parse_article
            kwargs: dict[str, Any] = (
                {"page": entry.page} if entry.kind == "listing" else {"listing_date": None}
            )
            requests.append(
                scrapy.Request(
                    self.origin.url(entry.url),
                    callback=callback,
                    errback=self.on_error,
                    cb_kwargs=kwargs,
                )
            )
        return requests

    def _pending(self, url: str, kind: str, page: int = 1) -> bool:
        """Record a request as pending; ``False`` (and not recorded, not to be made) once this
        run has recorded ``NEWSCRAWL_MAX_NEW_PENDING`` of them."""
        if self.new_pending >= self.max_new_pending:
            self.refusals.refuse(
                "new_pending",
                url,
                f"this run has recorded NEWSCRAWL_MAX_NEW_PENDING ({self.max_new_pending}) "
                "new requests",
            )
            return False
        if self.run_state.add_pending(path_key(url), kind, page):
            self.new_pending += 1  # only requests the state recorded count
        return True

    def _refuse_long(self, url: str) -> None:
        self.refusals.refuse(
            "url_too_long",
            url,
            f"a URL longer than URLLENGTH_LIMIT ({self.max_url_length} characters)",
        )

    def _too_long(self, url: str) -> bool:
        if len(url) <= self.max_url_length:
            return False
        self._refuse_long(url)
        return True

    def _cap(self, links: list[Any], response: Response, what: str) -> list[Any]:
        """At most ``NEWSCRAWL_MAX_LINKS_PER_PAGE`` of a page's links, in page order."""
        if len(links) <= self.max_links:
            return links
        self.crawler.stats.inc_value(
            "newscrawl/refused/links_per_page/dropped", len(links) - self.max_links
        )
        self.refusals.refuse(
            "links_per_page",
            response.url,
            f"{len(links)} {what} links on one page, more than NEWSCRAWL_MAX_LINKS_PER_PAGE "
            f"({self.max_links}); the first {self.max_links} are taken",
        )
        return links[: self.max_links]

    def _save_state(self) -> None:
        """Commit the state's writes: called once a page's requests are recorded as pending,
        before they are handed to Scrapy, so that no later export gets ahead of them."""
        self.run_state.flush()

    # ---- routing -------------------------------------------------------------------------------
    def _article_request(self, link: ArticleLink) -> scrapy.Request | None:
        """The request for an article link, or ``None`` for a link off the site or an article
        the state already has in the version the listing shows."""
        target = self.origin.article_url(link.url)
        if target is None:
            self.crawler.stats.inc_value("newscrawl/links/offsite")
            return None
        if not self._in_editions(target):
            return None
        key = article_id(target) or target
        if key in self.requested:
            return None  # requested earlier in this run, through another link
        if self.limits.active and not self._within_limits(link, target):
            return None
        if self._too_long(target):
            self.requested.add(key)
            return None
        if not self._wanted(link, target):
            return None
        self.requested.add(key)
        if not self._pending(target, "article"):
            return None
        return scrapy.Request(
            target,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"listing_date": link.date_line},
            priority=self.ARTICLE_PRIORITY,
        )

    def _in_editions(self, url: str) -> bool:
        """Whether ``url`` is in one of the site's language editions (sites.toml's
        ``editions``): the "English" link of a site with no English edition is not followed."""
        if edition(url) in self.site.languages:
            return True
        self.crawler.stats.inc_value("newscrawl/links/other_edition")
        return False

    def _within_limits(self, link: ArticleLink, target: str) -> bool:
        """Whether an article link is within ``since``/``until``/``sections``, as far as the
        link and its listing's date line tell."""
        listed = parse_date(link.date_line, zone=self.site.clock_zone) if link.date_line else None
        if self.limits.article_wanted(target) and not self.limits.date_outside(listed):
            return True
        self.crawler.stats.inc_value(SKIPPED)
        return False

    def _wanted(self, link: ArticleLink, target: str) -> bool:
        """Whether to fetch an article: unknown to the state, or shown by a listing with an
        update newer than the one exported (or a full run). A page marked failed (unreadable or
        invalid for NEWSCRAWL_MAX_PENDING_ATTEMPTS runs) is not fetched again; a gone one (404,
        410) is, when a link leads to it again: it may have been published again."""
        if self.full:
            return True
        key = article_id(link.url)
        record = self.run_state.known(key) if key else None
        if record is None:
            failed = self.run_state.failed(path_key(target))
            if failed is not None and failed.status == "failed":
                self.crawler.stats.inc_value("newscrawl/incremental/failed_skipped")
                return False
            return True
        listed = [
            parse_date(d, zone=self.site.clock_zone) for d in (link.date_line, link.updated) if d
        ]
        known = [
            datetime.fromisoformat(d) for d in (record.date_published, record.date_modified) if d
        ]
        newest_listed = max((d for d in listed if d is not None), default=None)
        if newest_listed is not None and known and newest_listed > max(known):
            self.crawler.stats.inc_value("newscrawl/incremental/refetch_updated")
            return True
        self.crawler.stats.inc_value("newscrawl/incremental/known_skipped")
        if key:  # the same article under several links counts once in the run's reach
            self.known_skipped.add(key)
            self.crawler.stats.set_value(
                "newscrawl/incremental/known_skipped_articles", len(self.known_skipped)
            )
        return False

    def _new_listing(self, url: str) -> bool:
        """True the first time this run asks for a listing page, on any link form, as long as
        the run has read fewer than ``NEWSCRAWL_MAX_LISTINGS`` distinct ones."""
        key = path_key(url)
        if key in self.listings_requested:
            return False
        if len(self.listings_requested) >= self.max_listings:
            self.refusals.refuse(
                "listings",
                url,
                f"this run has followed NEWSCRAWL_MAX_LISTINGS ({self.max_listings}) listings",
            )
            return False
        if self._too_long(url):
            return False
        self.listings_requested.add(key)
        return True

    def parse_listing(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        """Homepage, section and writer pages: articles first, then further listings."""
        if not isinstance(response, TextResponse):
            self._reject(response, "not_html")
            return
        listing = ListingPage(response)
        article_links, listing_links = listing.article_links(), listing.listing_links()
        self._count_links(response, len(article_links) + len(listing_links), "listing")
        # every request of the page is decided, and recorded as pending, before the first one
        # goes out; the page itself is seen through after that, and the state commits both at
        # once (newscrawl.state: a run killed later makes these requests again)
        requests = list(self._route_listing(response, page, listing, article_links, listing_links))
        if page > 1:
            self.run_state.done(
                path_key(response.request.url if response.request else response.url)
            )
        self._save_state()
        yield from requests

    def _route_listing(
        self,
        response: Response,
        page: int,
        listing: ListingPage,
        article_links: list[ArticleLink],
        listing_links: list[str],
    ) -> Iterator[scrapy.Request]:
        links = self._cap(article_links, response, "article")
        fetched = 0
        # "/314-أخبار-عاجلة": a wanted section's name gives its id, from a link or this page
        for url in [response.url, *listing_links]:
            self.limits.learn_listing(url)
        for link in links:
            # the same link with the same date lines gets the same answer as before
            request = None if link in self.seen_links else self._article_request(link)
            self.seen_links.add(link)
            if request is not None:
                fetched += 1
                yield request
            elif article_id(link.url) in self.requested:
                fetched += 1  # new in this run, reached first from another listing
        for url in self._cap(listing_links, response, "listing"):
            if url in self.seen_links_raw:
                continue
            self.seen_links_raw.add(url)
            target = self.origin.listing_url(url)
            if target is not None:
                target = listing_query(target)  # ?utm_source=..., ?v=2: the same listing
            if (
                target is not None
                and self._in_editions(target)
                and self.limits.listing_wanted(target)
                and self._new_listing(target)
            ):
                yield scrapy.Request(
                    target,
                    callback=self.parse_listing,
                    errback=self.on_error,
                    priority=self.LISTING_PRIORITY,
                )
        next_url = listing.next_page()
        dated = (
            [
                d
                for d in (
                    parse_date(link.date_line, zone=self.site.clock_zone)
                    for link in links
                    if link.date_line
                )
                if d
            ]
            if next_url and self.limits.since
            else []
        )
        if dated and all(self.limits.older_than_since(d) for d in dated):
            # listings run newest first: the pages after this one are older still
            self.crawler.stats.inc_value("newscrawl/filtered/pagination_stopped")
            return
        # (a backfill, -a since=, reads on past pages the state already knows)
        if next_url and links and not fetched and not self.full and not self.limits.since:
            # every article of this page was known before this run: older pages hold nothing new
            self.crawler.stats.inc_value("newscrawl/incremental/pagination_stopped")
            return
        if next_url and (not self.max_listing_pages or page < self.max_listing_pages):
            target = self.origin.listing_url(next_url)
            if target is not None:
                target = listing_query(target)
            if (
                target is not None
                and self._new_listing(target)
                and self._pending(target, "listing", page + 1)
            ):
                yield scrapy.Request(
                    target,
                    callback=self.parse_listing,
                    errback=self.on_error,
                    cb_kwargs={"page": page + 1},
                    priority=self.LISTING_PRIORITY,
                )

    def parse_feed(self, response: Response) -> list[scrapy.Request]:
        """The RSS feed: one article request per item."""
        if not isinstance(response, TextResponse):
            self._reject(response, "not_xml")
            return []
        links = FeedPage(response).article_links()
        self._count_links(response, len(links), "feed")
        requests = [
            request
            for link in self._cap(links, response, "article")
            if (request := self._article_request(link)) is not None
        ]
        self._save_state()
        return requests

    def _count_links(self, response: Response, count: int, kind: str) -> None:
        """A feed or listing with no link at all is a WARNING and a stat: a broken feed, a page
        the parser could not read, a template change. A start page's count goes into the stats
        for the start-pages monitor (``newscrawl/start/<name>/links``)."""
        start = response.request.meta.get("newscrawl_start") if response.request else None
        if start:
            self.crawler.stats.set_value(f"newscrawl/start/{start}/links", count)
        if count:
            return
        self.crawler.stats.inc_value(f"newscrawl/empty/{kind}")
        self.logger.warning(
            "No links on the %s %s (%d bytes)", kind, response.url, len(response.body)
        )

    def parse_article(self, response: Response, listing_date: str | None = None) -> Iterator[Any]:
        """An article page: the item, or a logged and counted rejection."""
        is_text = isinstance(response, TextResponse)
        is_article = (
            classify(response.url) in (Kind.ARTICLE, Kind.COLUMN)
            and article_id(response.url) is not None
        )
        if not is_text or not is_article:  # not for the article page object
            rejection = ArticlePage.check_response(response)  # empty, binary, not HTML
            # else, e.g., redirected to a section page
            fallback = "not_html" if not is_text else "not_an_article"
            self._reject(response, rejection.reason if rejection else fallback)
            return
        rejection = ArticlePage.check_response(response)
        if rejection is not None:
            self._reject(response, rejection.reason, rejection.detail)
            return
        page = ArticlePage.from_response(
            response,
            listing_date=listing_date,
            downloaded=datetime.now(timezone.utc),
            selectors=self.site.selectors,
            language=self.site.language_of(edition(response.url)),
        )
        item = page.result(publisher=self.publisher, site=self.site.key, zone=self.site.clock_zone)
        if isinstance(item, Rejection):
            self._reject(response, item.reason, item.detail)
            return
        yield item

    # ---- failures ------------------------------------------------------------------------------
    #: the pages this run gave up on or will try again, for the run report:
    #: ``{"url", "reason", "runs", "status"}``, status ``gone``, ``failed`` or ``retry``
    page_failures: list[dict[str, Any]]

    def _list_failure(self, url: str, reason: str, runs: int, status: str) -> None:
        self.page_failures.append({"url": url, "reason": reason, "runs": runs, "status": status})

    def page_failed(self, request: scrapy.Request | None, url: str, reason: str) -> None:
        """A page failed or was dropped: recorded in the state (gone, failed, or pending for the
        next run) and listed in the run report."""
        gone = reason in GONE and request is not None and request.callback == self.parse_article
        first = (request.meta.get("redirect_urls") or [request.url])[0] if request else url
        page = self.run_state.page_failed(path_key(first), reason, self.max_attempts, gone=gone)
        if page is None:  # no state to keep it in
            self._list_failure(first, reason, 1, "gone" if gone else "failed")
        elif isinstance(page, FailedPage):
            self.crawler.stats.inc_value(f"newscrawl/pages_marked/{page.status}")
            self._list_failure(first, reason, page.runs, page.status)
        else:
            self._list_failure(first, reason, page.attempts + 1, "retry")

    def _reject(self, response: Response, reason: str, detail: str = "") -> None:
        why = reason.replace("_", " ") + (f" ({detail})" if detail else "")
        self.logger.warning("Dropped page %s: %s", response.url, why)
        self.crawler.stats.inc_value(f"newscrawl/dropped/{reason}")
        self.page_failed(response.request, response.url, reason)

    def on_error(self, failure: Failure) -> None:
        """A request that failed after retries: log its URL and reason, count it, crawl on. If
        the first requests get no answer at all from the origin, the run ends at once."""
        if isinstance(failure.value, (RetryScheduled, Stopping)):
            # not a failure: the retry waits for its Retry-After and then goes out; or the run
            # stops, and the request stays pending for the next one
            return
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure)
        self.logger.warning("Failed %s: %s", request.url, reason)
        self.crawler.stats.inc_value(f"newscrawl/failed/{reason}")
        if (
            request.meta.get("newscrawl_first")
            and reason in NO_ANSWER
            and not self.crawler.stats.get_value("downloader/response_count")
        ):
            if not self.crawler.stats.get_value("newscrawl/ended_early"):
                error = failure.getErrorMessage().strip().rstrip(".")
                self.crawler.stats.set_value(
                    "newscrawl/origin_unreachable",
                    f"nothing answers at {self.origin.base} ({reason.replace('_', ' ')}: {error})",
                )
                self.crawler.stats.set_value("newscrawl/ended_early", "origin_unreachable")
                deferred_from_coro(
                    self.crawler.engine.close_spider_async(reason="origin_unreachable")
                )
            return
        self.page_failed(request, request.url, reason)


#: failures of an article that mean it is no longer there: marked gone, not retried
GONE = frozenset({"http_404", "http_410"})
#: failures that mean no answer came from the origin at all (newscrawl.refusals.failure_reason)
#: (a TLS handshake that fails is a connection lost)
NO_ANSWER = frozenset({"connection_refused", "dns_lookup_failed", "timeout", "connection_lost"})

"""Where pages are read: in the crawl's own process, or in worker processes.

Scrapy runs every spider callback in its one reactor thread. Against the live site, with its
delay between requests, that thread mostly waits. Against a fast mirror, or on a scrapy-redis
node, the crawl is bound by CPU: parsing HTML with lxml, the page objects, text cleaning, date
parsing and schema validation take about twice the CPU of Scrapy's own work for each page
(``bench/RESULTS.md``).

``NEWSCRAWL_EXTRACT_PROCESSES = N`` (N ≥ 1) moves that work to N worker processes. The spider
sends each article and listing response (URL, status, headers, body, encoding) to a worker. For
a listing the worker returns the links. For an article it returns the item or the
:class:`~newscrawl.pages.Rejection`. The worker also runs the pipeline steps that come first in
``ITEM_PIPELINES`` and only read the item: text cleaning, dates, validation. Their results travel
with the item (:func:`newscrawl.items.mark_prepared`). The pipelines then log and count what the
steps reported and do not run them again. A step after a pipeline newscrawl does not know always
runs in the crawl's process, because that pipeline may change the item.

Scrapy has nothing for running callbacks out of process, so this is written here, on the
standard library's ``ProcessPoolExecutor`` (forkserver start where the platform has it: no fork
of a process running a reactor and threads). Each call becomes an asyncio future the async
callback awaits. If a worker dies (killed, out of memory), the pool is broken: the error is
logged once, counted as ``newscrawl/extract/pool_broken``, and the crawl reads the rest of its
pages in its own process. No page is lost.

``0`` (the default) reads every page in the crawl's process and leaves all the work to the
pipelines. That is right for the live site, where the crawl waits on the network.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.http import Response
from scrapy.utils.conf import build_component_list

from newscrawl.items import ArticleItem, mark_prepared
from newscrawl.pages import ArticleLink, ArticlePage, ListingPage, Rejection
from newscrawl.pipelines import ItemValidator, clean_item, normalize_dates

logger = logging.getLogger(__name__)

#: newscrawl's pipelines whose work a worker can do, by the step it runs; ``None``: a pipeline
#: that needs the crawl (the duplicate set, the state) but changes nothing, so steps after it may
#: still run early
_PIPELINE_STEPS: dict[str, str | None] = {
    "newscrawl.pipelines.TextCleanPipeline": "clean",
    "newscrawl.pipelines.DatesPipeline": "dates",
    "newscrawl.pipelines.DedupPipeline": None,
    "newscrawl.pipelines.IncrementalPipeline": None,
    "newscrawl.pipelines.ValidationPipeline": "validate",
}


def early_steps(pipelines: list[str]) -> tuple[str, ...]:
    """The steps a worker may run, given ``ITEM_PIPELINES`` in order.

    These are the steps of newscrawl's own pipelines, up to the first pipeline newscrawl does
    not know.
    """
    steps: list[str] = []
    for path in pipelines:
        name = path if isinstance(path, str) else f"{path.__module__}.{path.__qualname__}"
        if name not in _PIPELINE_STEPS:
            break
        step = _PIPELINE_STEPS[name]
        if step is not None:
            steps.append(step)
    return tuple(steps)


@dataclass(frozen=True)
class ListingScan:
    """What a listing page links to: articles (with their date lines), further listings, and the
    next page of its pagination."""

    article_links: list[ArticleLink]
    listing_links: list[str]
    next_page: str | None


@dataclass(frozen=True)
class _Page:
    """A response as it crosses to a worker: enough to rebuild it there."""

    cls: type[Response]
    url: str
    status: int
    headers: dict[bytes, list[bytes]]
    body: bytes
    encoding: str | None

    @classmethod
    def of(cls, response: Response) -> _Page:
        # the encoding Scrapy (and newscrawl's EncodingMiddleware) settled on goes along, so
        # that the worker decodes the bytes the same way
        encoding = getattr(response, "encoding", None)
        return cls(
            type(response),
            response.url,
            response.status,
            dict(response.headers),
            response.body,
            encoding,
        )

    def response(self) -> Response:
        kwargs: dict[str, Any] = {"status": self.status, "headers": self.headers, "body": self.body}
        if self.encoding is not None:
            kwargs["encoding"] = self.encoding
        return self.cls(self.url, **kwargs)


# ---- the work, the same in either process ---------------------------------------------------------
def scan_listing(response: Response) -> ListingScan:
    listing = ListingPage(response)
    return ListingScan(listing.article_links(), listing.listing_links(), listing.next_page())


def read_article(
    response: Response, listing_date: str | None, downloaded: datetime, publisher: str | None
) -> ArticleItem | Rejection:
    rejection = ArticlePage.check_response(response)
    if rejection is not None:
        return rejection
    page = ArticlePage.from_response(response, listing_date=listing_date, downloaded=downloaded)
    return page.result(publisher=publisher)


# ---- the worker process ---------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(steps: tuple[str, ...], schema: str | None, publisher: str | None) -> None:
    _WORKER["steps"] = steps
    _WORKER["publisher"] = publisher
    _WORKER["validator"] = ItemValidator(schema) if "validate" in steps else None


def _ready() -> int:
    return os.getpid()


def _listing_job(page: _Page) -> ListingScan:
    return scan_listing(page.response())


def _article_job(
    page: _Page, listing_date: str | None, downloaded: datetime
) -> ArticleItem | Rejection:
    result = read_article(page.response(), listing_date, downloaded, _WORKER["publisher"])
    if isinstance(result, Rejection):
        return result
    for step in _WORKER["steps"]:
        if step == "clean":
            clean_item(result)
            mark_prepared(result, "clean", True)
        elif step == "dates":
            mark_prepared(result, "dates", normalize_dates(result))
        elif step == "validate":
            mark_prepared(result, "validate", _WORKER["validator"].problems(result))
    return result


# ---- the crawl's side -------------------------------------------------------------------------------
class Extractor:
    """Reads listing and article responses for the spider, in its process or in a pool."""

    def __init__(
        self,
        processes: int = 0,
        *,
        steps: tuple[str, ...] = (),
        schema: str | None = None,
        publisher: str | None = None,
        crawler: Any = None,
    ) -> None:
        self.publisher = publisher
        self.crawler = crawler  # for its stats, which exist once the crawl starts
        self.processes = max(0, processes)
        self.steps = steps
        self._pool: ProcessPoolExecutor | None = None
        if self.processes:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            if context.get_start_method() == "forkserver":
                # the fork server imports the page objects once; each worker forks from it
                context.set_forkserver_preload(["newscrawl.workers", "newscrawl.pipelines"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=context,
                initializer=_init_worker,
                initargs=(steps, schema, publisher),
            )
            # start the workers now, while the crawl starts up, not on its first page
            for _ in range(self.processes):
                self._pool.submit(_ready)

    @classmethod
    def from_crawler(cls, crawler: Any) -> Extractor:
        settings = crawler.settings
        processes = settings.getint("NEWSCRAWL_EXTRACT_PROCESSES")
        pipelines = build_component_list(settings.getwithbase("ITEM_PIPELINES"))
        extractor = cls(
            processes,
            steps=early_steps(pipelines),
            schema=settings.get("NEWSCRAWL_SCHEMA"),
            publisher=settings.get("NEWSCRAWL_PUBLISHER"),
            crawler=crawler,
        )
        crawler.signals.connect(extractor.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extractor.close, signal=signals.spider_closed)
        return extractor

    def spider_opened(self) -> None:
        self.crawler.stats.set_value("newscrawl/extract/processes", self.processes)
        if self.processes:
            logger.info(
                "Reading pages in %d worker process(es); steps done there: %s",
                self.processes,
                ", ".join(self.steps) or "none",
            )

    @property
    def in_workers(self) -> bool:
        """True while pages go to worker processes."""
        return self._pool is not None

    async def listing(self, response: Response) -> ListingScan:
        if self._pool is not None:
            try:
                return await self._run(_listing_job, _Page.of(response))
            except BrokenProcessPool as exc:
                self._broken(exc)
        return scan_listing(response)

    async def article(
        self, response: Response, listing_date: str | None, downloaded: datetime
    ) -> ArticleItem | Rejection:
        if self._pool is not None:
            try:
                result: ArticleItem | Rejection = await self._run(
                    _article_job, _Page.of(response), listing_date, downloaded
                )
                return result
            except BrokenProcessPool as exc:
                self._broken(exc)
        return read_article(response, listing_date, downloaded, self.publisher)

    async def _run(self, function: Any, *args: Any) -> Any:
        assert self._pool is not None
        return await asyncio.wrap_future(self._pool.submit(function, *args))

    def _broken(self, exc: BaseException) -> None:
        if self._pool is None:
            return
        logger.error(
            "An extraction worker process died (%s): the rest of the crawl reads its pages in "
            "this process",
            exc,
        )
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value("newscrawl/extract/pool_broken")
        pool, self._pool = self._pool, None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (when the spider closes)."""
        if self.crawler is not None and self.processes and self._pool is not None:
            self.crawler.stats.set_value("newscrawl/extract/in_workers_at_close", 1)
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)

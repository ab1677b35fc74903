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

Scrapy has nothing for running callbacks out of process, and the standard library's
``ProcessPoolExecutor`` costs the crawl's process two threads that pass every page and every item
along (about 0.7 ms of its CPU a page, where the whole budget is Scrapy's own work). So each worker
is a process (forkserver start where the platform has it: no fork of a process running a reactor
and threads) joined to the crawl by a Unix socket that the reactor's event loop reads like any
other connection: a page goes out as one pickled frame, its result comes back as one, and the
async callback awaits it as an asyncio future. If a worker dies (killed, out of memory), its
socket closes: the error is logged once, counted as ``newscrawl/extract/pool_broken``, the pages
it held and the rest of the crawl are read in the crawl's own process. No page is lost. A worker
ignores Ctrl-C (the crawl's own shutdown stops it) and exits when the crawl's end of its socket
closes, so a killed crawl leaves no worker behind.

``0`` (the default) reads every page in the crawl's process and leaves all the work to the
pipelines. That is right for the live site, where the crawl waits on the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import pickle
import signal
import socket
from collections.abc import Iterator
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


class WorkerLost(RuntimeError):
    """The worker that had a page died (or the crawl closed) before the page came back."""


class UnreadableReply(WorkerLost):
    """A worker's answer for one page could not be read here: that page is read again here."""


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


#: a frame: the length of its pickle (4 bytes) and its job number (8 bytes), big-endian, then
#: the pickle; the number stays readable when the pickle is not
_HEADER = 12


def _frame(job: int, message: Any) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return len(payload).to_bytes(4, "big") + job.to_bytes(8, "big") + payload


def _header(header: bytes | bytearray) -> tuple[int, int]:
    """``(size, job)`` of a frame's header."""
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:_HEADER], "big")


def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = sock.recv_into(view[got:])
        if not count:
            return None  # the crawl closed its end
        got += count
    return bytes(buffer)


def _serve(
    sock: socket.socket, steps: tuple[str, ...], schema: str | None, publisher: str | None
) -> None:
    """A worker process: run each job the crawl sends, send back its result or its error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawl, which stops us
    _init_worker(steps, schema, publisher)
    with sock:
        while True:
            header = _receive_exactly(sock, _HEADER)
            if header is None:
                return
            size, job = _header(header)
            payload = _receive_exactly(sock, size)
            if payload is None:
                return
            function, args = pickle.loads(payload)
            try:
                reply = _frame(job, (True, function(*args)))
            except Exception as exc:  # the page's error is the caller's, as in one process
                try:
                    reply = _frame(job, (False, exc))
                except Exception:  # an error that does not pickle goes back as its text
                    reply = _frame(job, (False, RuntimeError(repr(exc))))
            try:
                sock.sendall(reply)
            except OSError:
                return  # the crawl is gone


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored in this process meanwhile (where this is the main thread)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals cannot be set here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# ---- the crawl's side -------------------------------------------------------------------------------
class _Worker:
    """One worker process and the crawl's end of its socket, read and written by the event loop
    (non-blocking: a page that does not fit in the socket's buffer waits in ``_outgoing``)."""

    def __init__(self, context: Any, args: tuple[Any, ...], lost: Any) -> None:
        ours, theirs = socket.socketpair()
        self.process = context.Process(
            target=_serve, args=(theirs, *args), name="newscrawl-extract", daemon=True
        )
        self.process.start()
        theirs.close()
        ours.setblocking(False)
        self.sock = ours
        self.jobs: dict[int, asyncio.Future[Any]] = {}
        self._lost = lost
        self._loop: asyncio.AbstractEventLoop | None = None
        self._incoming = bytearray()
        self._outgoing = bytearray()

    def send(
        self, loop: asyncio.AbstractEventLoop, job: int, message: bytes
    ) -> asyncio.Future[Any]:
        if loop is not self._loop:  # the crawl's loop (a test may run several loops in turn)
            self._detach()
            self._loop = loop
            loop.add_reader(self.sock.fileno(), self._readable)
            if self._outgoing:
                loop.add_writer(self.sock.fileno(), self._writable)
        future: asyncio.Future[Any] = loop.create_future()
        self.jobs[job] = future
        if self._outgoing:
            self._outgoing += message
            return future
        try:
            sent = self.sock.send(message)
        except BlockingIOError:
            sent = 0
        except OSError as exc:
            self._lost(self, exc)
            return future
        if sent < len(message):
            self._outgoing += memoryview(message)[sent:]
            loop.add_writer(self.sock.fileno(), self._writable)
        return future

    def _writable(self) -> None:
        try:
            sent = self.sock.send(self._outgoing)
        except BlockingIOError:
            return
        except OSError as exc:
            self._lost(self, exc)
            return
        del self._outgoing[:sent]
        if not self._outgoing and self._loop is not None:
            self._loop.remove_writer(self.sock.fileno())

    def _readable(self) -> None:
        try:
            data = self.sock.recv(1 << 20)
        except BlockingIOError:
            return
        except OSError as exc:
            self._lost(self, exc)
            return
        if not data:
            code = self.process.exitcode
            self._lost(self, f"exit code {code}" if code is not None else "its socket closed")
            return
        self._incoming += data
        while len(self._incoming) >= _HEADER:
            size, job = _header(self._incoming)
            if len(self._incoming) < _HEADER + size:
                break
            payload = self._incoming[_HEADER : _HEADER + size]  # a copy: the buffer is cut next
            del self._incoming[: _HEADER + size]
            future = self.jobs.pop(job, None)
            if future is None or future.done():
                continue
            try:
                ok, value = pickle.loads(payload)
            except Exception as exc:  # e.g. an exception class whose __init__ takes two arguments
                future.set_exception(UnreadableReply(f"its reply did not unpickle: {exc!r}"))
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _detach(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(self.sock.fileno())
            self._loop.remove_writer(self.sock.fileno())
        self._loop = None

    def fail_jobs(self, exc: BaseException) -> None:
        jobs, self.jobs = self.jobs, {}
        for future in jobs.values():
            if not future.done():
                future.set_exception(exc)

    def stop(self, timeout: float = 10.0) -> None:
        """Close the socket (the worker exits on it) and wait for the process."""
        self._detach()
        self.sock.close()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout)


class Extractor:
    """Reads listing and article responses for the spider, in its process or in workers."""

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
        self._workers: list[_Worker] = []
        self._jobs = itertools.count()
        if self.processes:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            if context.get_start_method() == "forkserver":
                # the fork server imports the page objects once; each worker forks from it
                context.set_forkserver_preload(["newscrawl.workers", "newscrawl.pipelines"])
            # started now, so that they import and compile the schema while the crawl starts up;
            # with Ctrl-C ignored meanwhile, the fork server (started by the first worker) and so
            # every worker it forks ignore it from their first instruction on
            with _sigint_ignored():
                self._workers = [
                    _Worker(context, (steps, schema, publisher), self._lost)
                    for _ in range(self.processes)
                ]

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
        return bool(self._workers)

    async def listing(self, response: Response) -> ListingScan:
        if self._workers:
            try:
                return await self._run(_listing_job, _Page.of(response))
            except WorkerLost as exc:
                self._read_here(response, exc)
        return scan_listing(response)

    async def article(
        self, response: Response, listing_date: str | None, downloaded: datetime
    ) -> ArticleItem | Rejection:
        if self._workers:
            try:
                result: ArticleItem | Rejection = await self._run(
                    _article_job, _Page.of(response), listing_date, downloaded
                )
                return result
            except WorkerLost as exc:
                self._read_here(response, exc)
        return read_article(response, listing_date, downloaded, self.publisher)

    def _read_here(self, response: Response, exc: WorkerLost) -> None:
        """A page the workers did not read is read in this process; a dead worker was logged and
        counted once already, by :meth:`_lost`."""
        if isinstance(exc, UnreadableReply):
            logger.warning(
                "A worker's answer for %s was unreadable (%s): read here", response.url, exc
            )
            stats = getattr(self.crawler, "stats", None)
            if stats is not None:
                stats.inc_value("newscrawl/extract/unreadable_reply")

    async def _run(self, function: Any, *args: Any) -> Any:
        """``function(*args)`` in the worker with the fewest jobs under way."""
        if not self._workers:
            raise WorkerLost("no extraction worker is running")
        loop = asyncio.get_running_loop()
        worker = min(self._workers, key=lambda w: len(w.jobs))
        job = next(self._jobs)
        return await worker.send(loop, job, _frame(job, (function, args)))

    def _lost(self, worker: _Worker, reason: Any) -> None:
        """A worker died: say so once, and read its pages and all the rest in this process."""
        if worker not in self._workers:
            return
        logger.error(
            "An extraction worker process died (%s): the rest of the crawl reads its pages in "
            "this process",
            reason,
        )
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value("newscrawl/extract/pool_broken")
        workers, self._workers = self._workers, []
        broken = WorkerLost(f"an extraction worker process died ({reason})")
        for each in workers:
            each.fail_jobs(broken)
            each.stop(timeout=1)  # on the reactor's thread: a worker busy with a page is killed

    def close(self) -> None:
        """Stop the workers (when the spider closes)."""
        if self.crawler is not None and self.processes and self._workers:
            self.crawler.stats.set_value("newscrawl/extract/in_workers_at_close", 1)
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.fail_jobs(WorkerLost("the crawl closed"))
            worker.stop()

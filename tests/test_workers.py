"""Pages read in worker processes (``NEWSCRAWL_EXTRACT_PROCESSES``): the same items, the same
logs and stats, and a dead worker costs no page."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from datetime import datetime, timezone
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Response

from newscrawl.items import ArticleItem, item_dict, mark_prepared
from newscrawl.pages import Rejection
from newscrawl.pipelines import DatesPipeline, TextCleanPipeline, ValidationPipeline
from newscrawl.settings import ITEM_PIPELINES
from newscrawl.snapshot.server import DEFAULT_ROOT
from newscrawl.workers import Extractor, early_steps
from tests.conftest import make_spider

STAFF = "articles/314-173000.html"
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)
# the project's ITEM_PIPELINES in their order
DEFAULT_PIPELINES = sorted(ITEM_PIPELINES, key=ITEM_PIPELINES.__getitem__)


def _page(name: str = STAFF, replace: tuple[str, str] | None = None) -> HtmlResponse:
    html = (DEFAULT_ROOT / name).read_text(encoding="utf-8")
    if replace:
        assert replace[0] in html
        html = html.replace(*replace)
    url = "http://127.0.0.1:1/314/173000-x"
    return HtmlResponse(url, body=html.encode("utf-8"), headers={"Content-Type": "text/html"})


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


class _Crawler:
    def __init__(self) -> None:
        self.stats = _Stats()


@pytest.fixture(scope="module")
def pool() -> Any:
    extractor = Extractor(1, steps=early_steps(DEFAULT_PIPELINES), publisher="المغرب اليوم")
    extractor.crawler = _Crawler()
    yield extractor
    extractor.close()


def _through_pipelines(item: Any) -> dict[str, Any]:
    spider = make_spider()
    for pipeline in (TextCleanPipeline, DatesPipeline, ValidationPipeline):
        item = pipeline.from_crawler(spider.crawler).process_item(item)
    return item_dict(item) | {"_stats": spider.crawler.stats.get_stats()}


def test_steps_run_early_only_up_to_a_pipeline_newscrawl_does_not_know() -> None:
    assert early_steps(DEFAULT_PIPELINES) == ("clean", "dates", "validate")
    custom = [*DEFAULT_PIPELINES[:2], "myproject.pipelines.Rewrite", *DEFAULT_PIPELINES[2:]]
    assert early_steps(custom) == ("clean", "dates")
    assert early_steps(["myproject.pipelines.Rewrite", *DEFAULT_PIPELINES]) == ()
    assert early_steps(DEFAULT_PIPELINES[1:]) == ("dates", "validate")


def test_worker_item_equals_the_in_process_item(pool: Extractor) -> None:
    in_process = Extractor(0, publisher="المغرب اليوم")
    here = asyncio.run(in_process.article(_page(), None, WHEN))
    there = asyncio.run(pool.article(_page(), None, WHEN))
    assert isinstance(here, ArticleItem) and isinstance(there, ArticleItem)
    assert there.__dict__.get("_newscrawl_prepared")  # the steps ran in the worker
    expected = _through_pipelines(here)
    got = _through_pipelines(there)
    assert got == expected
    assert not there.__dict__.get("_newscrawl_prepared")  # each pipeline took its result


def test_worker_runs_in_another_process(pool: Extractor) -> None:
    assert pool.in_workers
    assert asyncio.run(pool._run(os.getpid)) != os.getpid()


def test_unreadable_date_found_in_the_worker_is_logged_and_counted_here(
    pool: Extractor, caplog: pytest.LogCaptureFixture
) -> None:
    page = _page(
        replace=(
            "GMT 17:30 2025 الإثنين ,20 تشرين الأول / أكتوبر",
            "GMT 17:30 2025 ,31 نيسان / أبريل",
        )
    )
    item = asyncio.run(pool.article(page, None, WHEN))
    spider = make_spider()
    with caplog.at_level(logging.WARNING):
        item = DatesPipeline.from_crawler(spider.crawler).process_item(item)
    assert item.datePublished is None
    assert item.datePublishedRaw == "GMT 17:30 2025 ,31 نيسان / أبريل"
    assert spider.crawler.stats.get_value("newscrawl/date_unparsed") == 1
    assert "31 نيسان" in caplog.text and page.url in caplog.text


def test_worker_rejections(pool: Extractor) -> None:
    empty = HtmlResponse("http://127.0.0.1:1/314/1-x", body=b"<html><body></body></html>")
    assert asyncio.run(pool.article(empty, None, WHEN)) == Rejection("no_headline")
    garbage = HtmlResponse("http://127.0.0.1:1/314/1-x", body=b"\x00\x01" * 500)
    assert asyncio.run(pool.article(garbage, None, WHEN)) == Rejection("binary")


def test_worker_listing_equals_the_in_process_listing(pool: Extractor) -> None:
    body = (DEFAULT_ROOT / "home.html").read_bytes()
    response = HtmlResponse("http://127.0.0.1:1/", body=body, headers={"Content-Type": "text/html"})
    here = asyncio.run(Extractor(0).listing(response))
    there = asyncio.run(pool.listing(response))
    assert there == here
    assert len(here.article_links) > 20 and here.listing_links


def test_a_validation_verdict_from_the_worker_drops_the_item() -> None:
    item = ArticleItem(url="http://127.0.0.1:1/314/1-x", headline="x")
    mark_prepared(item, "validate", {"articleBody": "None is not of type 'string'"})
    spider = make_spider()
    with pytest.raises(DropItem, match="articleBody"):
        ValidationPipeline.from_crawler(spider.crawler).process_item(item)
    assert spider.crawler.stats.get_value("newscrawl/invalid/articleBody") == 1


def test_a_dead_worker_costs_no_page(caplog: pytest.LogCaptureFixture) -> None:
    extractor = Extractor(1, steps=early_steps(DEFAULT_PIPELINES))
    extractor.crawler = _Crawler()
    try:
        asyncio.run(extractor._run(os.getpid))  # the worker is up
        assert extractor._workers
        for process in [worker.process for worker in extractor._workers]:
            os.kill(process.pid, signal.SIGKILL)
            process.join(10)
        with caplog.at_level(logging.ERROR):
            item = asyncio.run(extractor.article(_page(), None, WHEN))
        assert isinstance(item, ArticleItem) and item.headline
        assert not extractor.in_workers  # the rest of the crawl reads pages here
        assert extractor.crawler.stats.values["newscrawl/extract/pool_broken"] == 1
        assert "extraction worker process died" in caplog.text
        again = asyncio.run(extractor.article(_page(), None, WHEN))
        assert isinstance(again, ArticleItem)
    finally:
        extractor.close()


def test_response_that_is_not_text_never_goes_to_a_worker(pool: Extractor) -> None:
    spider = make_spider(NEWSCRAWL_EXTRACT_PROCESSES=0)
    spider.extractor = pool
    response = Response(
        "http://127.0.0.1:1/314/1-x", body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}
    )
    from tests.conftest import callback_output

    assert callback_output(spider.parse_article(response)) == []
    assert spider.crawler.stats.get_value("newscrawl/dropped/not_html") == 1


def test_a_page_larger_than_the_socket_buffer_crosses_whole(pool: Extractor) -> None:
    # about 3 MB of body: written in pieces as the worker reads, and read back in pieces
    filler = "<p>" + "نص " * 400 + "</p>\n"
    page = _page(replace=("</body>", filler * 2000 + "</body>"))
    assert len(page.body) > 2_000_000
    in_process = asyncio.run(Extractor(0, publisher="المغرب اليوم").article(page, None, WHEN))
    there = asyncio.run(pool.article(page, None, WHEN))
    assert isinstance(there, ArticleItem) and isinstance(in_process, ArticleItem)
    assert _through_pipelines(there) == _through_pipelines(in_process)


def test_an_error_in_the_worker_is_raised_to_the_caller(pool: Extractor) -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        asyncio.run(pool._run(int, "not a number"))
    assert pool.in_workers  # the worker lives on
    assert asyncio.run(pool._run(int, "7")) == 7


def test_a_worker_ignores_ctrl_c_and_keeps_working(pool: Extractor) -> None:
    worker = pool._workers[0].process
    assert asyncio.run(pool._run(os.getpid)) == worker.pid  # up and serving
    os.kill(worker.pid, signal.SIGINT)  # what a terminal sends the whole process group
    assert asyncio.run(pool._run(os.getpid)) == worker.pid


@pytest.mark.parametrize("delay", [0.0, 0.001, 0.003, 0.006])
def test_ctrl_c_while_a_worker_starts_does_not_kill_it(delay: float) -> None:
    import time

    extractor = Extractor(1)
    try:
        worker = extractor._workers[0].process
        time.sleep(delay)
        os.kill(worker.pid, signal.SIGINT)
        assert asyncio.run(extractor._run(os.getpid)) == worker.pid
    finally:
        extractor.close()


class _NoUnpickle(Exception):
    """Pickles, but does not unpickle: its __init__ wants two arguments."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def _raise_no_unpickle() -> None:
    raise _NoUnpickle("a", "b")


def test_an_answer_that_does_not_unpickle_fails_its_page_only(pool: Extractor) -> None:
    from newscrawl.workers import UnreadableReply

    with pytest.raises(UnreadableReply, match="did not unpickle"):
        asyncio.run(pool._run(_raise_no_unpickle))
    assert pool.in_workers
    assert asyncio.run(pool._run(int, "7")) == 7  # the next answer is read as usual


def test_a_killed_crawl_leaves_no_worker_behind(tmp_path: Any) -> None:
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    script = (
        "import os, sys, time, asyncio\n"
        "from newscrawl.workers import Extractor\n"
        "e = Extractor(1)\n"
        "print(asyncio.run(e._run(os.getpid)), flush=True)\n"
        "time.sleep(60)\n"
    )
    crawl = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE)
    try:
        assert crawl.stdout is not None
        worker = int(crawl.stdout.readline())
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait(10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and os.path.exists(f"/proc/{worker}"):
            try:
                with open(f"/proc/{worker}/stat", encoding="utf-8") as stat:
                    if stat.read().split(") ", 1)[1].startswith("Z"):
                        break  # exited, not yet reaped
            except FileNotFoundError:
                break  # gone between the two looks
            time.sleep(0.05)
        else:
            assert not os.path.exists(f"/proc/{worker}"), "the worker outlived the crawl"
    finally:
        if crawl.poll() is None:
            crawl.kill()

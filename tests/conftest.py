"""Shared fixtures: the snapshot server on 127.0.0.1, the real material in ../shared."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.reactor import install_reactor

from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer

# Scrapy components built in-process by the tests expect the reactor the project runs on
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_HOME = SHARED / "site" / "real" / "almaghribtoday-home-2018.html"
REAL_SISTER_HOME = SHARED / "site" / "real" / "arabstoday-home-2018.html"
SEED = SHARED / "seeds" / "000_a680b4be1c819c30.txt"


def real_material(path: Path) -> Path:
    """``path`` in ../shared, or skip: that folder holds third-party pages that users don't have."""
    if not path.exists():
        pytest.skip(
            f"real site material not available: {path} is absent (it lives in ../shared, outside the repo)"
        )
    return path


@pytest.fixture(scope="session")
def snapshot_root() -> Path:
    return DEFAULT_ROOT


@pytest.fixture
def snapshot_server(snapshot_root: Path) -> Iterator[SnapshotServer]:
    """The bundled snapshot, served in a thread on a free port of 127.0.0.1."""
    with served(SnapshotServer(snapshot_root)) as server:
        yield server


def make_spider(**settings: object) -> Any:
    """The ``almaghribtoday`` spider with the project's settings, built without crawling."""
    from scrapy.settings import Settings
    from scrapy.utils.test import get_crawler

    from newscrawl import settings as project_settings
    from newscrawl.spiders.almaghribtoday import AlmaghribtodaySpider

    base = Settings()
    base.setmodule(project_settings)
    crawler = get_crawler(AlmaghribtodaySpider, {**base.copy_to_dict(), **settings})
    spider = AlmaghribtodaySpider.from_crawler(crawler)
    crawler.spider = spider
    return spider


def callback_output(output: Any) -> list[Any]:
    """Everything a spider callback yields, sync or async (run on a fresh event loop)."""
    import asyncio
    import inspect

    if not inspect.isasyncgen(output):
        return list(output)

    async def collect() -> list[Any]:
        return [value async for value in output]

    return asyncio.run(collect())


def extract(url: str, body: bytes, **page_kwargs: Any) -> tuple[dict[str, Any], Any]:
    """An article page through its page object and the cleaning and date pipelines, as the
    crawl runs them; returns the item as a dict and the spider (whose crawler holds the stats)."""
    from datetime import datetime, timezone

    from itemadapter import ItemAdapter
    from scrapy.http import HtmlResponse

    from newscrawl.extensions import FieldStats
    from newscrawl.pages import ArticlePage
    from newscrawl.pipelines import DatesPipeline, TextCleanPipeline, ValidationPipeline

    spider = make_spider()
    response = HtmlResponse(url=url, body=body)
    page_kwargs.setdefault("downloaded", datetime(2026, 1, 1, tzinfo=timezone.utc))
    item = ArticlePage.from_response(response, **page_kwargs).to_item(
        publisher="المغرب اليوم", site="almaghribtoday"
    )
    for pipeline in (TextCleanPipeline, DatesPipeline, ValidationPipeline):
        item = pipeline.from_crawler(spider.crawler).process_item(item)
    FieldStats(spider.crawler).item_scraped(item)
    return ItemAdapter(item).asdict(), spider


def run_crawl(
    base_url: str,
    out: Path,
    *extra: str,
    timeout: int = 300,
    state: Path | None = None,
    spider: str = "almaghribtoday",
) -> subprocess.CompletedProcess[str]:
    """The real ``scrapy crawl <spider>`` in a subprocess against ``base_url``, no delays,
    items to ``out``, its report beside it, and a state file of its own unless ``state`` is given."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-a", f"base_url={base_url}",
        "-O", str(out),
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"NEWSCRAWL_REPORT={out.with_suffix('.report.json')}",
        "-s", f"NEWSCRAWL_STATE_PATH={state or out.with_suffix('.state.sqlite3')}",
        *extra,
    ]  # fmt: skip
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )


def read_output(
    out: Path, result: subprocess.CompletedProcess[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The items a crawl wrote to ``out`` (none if it wrote no file) and its JSON report beside
    it, which every crawl writes (its absence fails with the crawl's stderr)."""
    import json

    items = (
        [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        if out.exists()
        else []
    )
    report_path = out.with_suffix(".report.json")
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    assert report, result.stderr[-3000:]
    return items, report


@contextmanager
def served(server: SnapshotServer) -> Iterator[SnapshotServer]:
    """``server`` serving in a thread for the duration of the block."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()

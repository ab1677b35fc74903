"""Politeness a scheduled crawler owes the site (issue 5, point 6): robots.txt and its
``Crawl-delay``, ``Retry-After`` on 429 and 503, AutoThrottle, a cap on requests per run.

Delays are shown by the arrival times the snapshot server records: each test asserts a lower
bound on the gap between two requests (what the crawl must wait at least), never that
something is fast.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from newscrawl import settings as project_settings
from newscrawl.middlewares import retry_after_seconds
from sitesnapshot.faults import path_key
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import REPO, served
from tests.test_faults import ARTICLES, crawl

# the clocks of the crawl and the server are the same machine's, but a request's trip to the
# server varies by a few milliseconds: gaps are compared with this much slack
SLACK = 0.05
CRAWL_DELAY = 0.6
ROBOTS = f"User-agent: *\nCrawl-delay: {CRAWL_DELAY}\nDisallow: /search\nDisallow: /home/\n"


def test_polite_defaults() -> None:
    assert project_settings.ROBOTSTXT_OBEY is True
    assert project_settings.AUTOTHROTTLE_ENABLED is True
    assert project_settings.DOWNLOAD_DELAY >= 1.0
    assert project_settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2
    assert project_settings.NEWSCRAWL_MAX_REQUESTS > 0
    assert project_settings.NEWSCRAWL_OBEY_CRAWL_DELAY is True
    middlewares = project_settings.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert "newscrawl.middlewares.RetryAfterMiddleware" in middlewares


@pytest.fixture(scope="module")
def crawl_delay_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """robots.txt asks for a Crawl-delay; the crawl runs with no delay of its own and with
    AutoThrottle on (which would lower the delay to its estimate), capped at 8 requests."""
    server = SnapshotServer(
        DEFAULT_ROOT,
        faults={"/robots.txt": {"kind": "replace", "body": ROBOTS, "content_type": "text/plain"}},
    )
    out = tmp_path_factory.mktemp("crawl_delay") / "items.jsonl"
    with served(server):
        result, _, report = crawl(
            server.url,
            out,
            *("-s", "AUTOTHROTTLE_ENABLED=True"),
            *("-s", "AUTOTHROTTLE_START_DELAY=0"),
            *("-s", "NEWSCRAWL_MAX_REQUESTS=8"),
        )
    return {"arrivals": list(server.arrivals), "report": report, "log": result.stderr}


def test_crawl_delay_spaces_every_request(crawl_delay_run: dict[str, Any]) -> None:
    arrivals = crawl_delay_run["arrivals"]
    assert arrivals[0][1] == "/robots.txt"
    gaps = [b[0] - a[0] for a, b in pairwise(arrivals)]
    assert len(gaps) >= 5
    assert min(gaps) >= CRAWL_DELAY - SLACK, gaps
    assert crawl_delay_run["report"]["stats"]["newscrawl/crawl_delay"] == CRAWL_DELAY


def test_request_cap_bounds_the_run(crawl_delay_run: dict[str, Any]) -> None:
    """At most NEWSCRAWL_MAX_REQUESTS requests reach the site, robots.txt included; the run
    says why it stopped."""
    assert len(crawl_delay_run["arrivals"]) <= 8
    report = crawl_delay_run["report"]
    assert report["finish_reason"] == "max_requests"
    assert report["stats"].get("newscrawl/refused/max_requests", 0) >= 1
    assert "Reached NEWSCRAWL_MAX_REQUESTS" in crawl_delay_run["log"]


def test_crawl_delay_is_never_below_download_delay() -> None:
    from newscrawl.middlewares import CrawlDelayMiddleware
    from tests.conftest import make_spider

    spider = make_spider(DOWNLOAD_DELAY=2.0, NEWSCRAWL_MAX_CRAWL_DELAY=10.0)
    middleware = CrawlDelayMiddleware(spider.crawler)

    class Parser:
        def __init__(self, delay: float) -> None:
            self.delay = delay

        def crawl_delay(self, user_agent: str) -> float:
            return self.delay

    middleware.pace.key = lambda request: "site"  # type: ignore[method-assign]
    for asked, expected in ((0.5, 2.0), (5.0, 5.0), (3600.0, 10.0)):
        middleware.robots_parsed(Parser(asked), request=None)  # type: ignore[arg-type]
        assert middleware.pace.crawl_delays["site"] == expected
        assert middleware.pace.delay("site") == expected


class SlotDelayCheck:
    """Compares, after every response, the delay :class:`newscrawl.pace.SlotPace` knows for the
    response's download slot with the slot's own, which only Scrapy's internals hold: the
    project reads no internals, and this check tells when a Scrapy release changes the rules it
    documents. Its figures go into the run's stats (``check/slot_delay/...``)."""

    def __init__(self, crawler: Any) -> None:
        from scrapy import signals

        self.crawler = crawler
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SlotDelayCheck:
        return cls(crawler)

    def engine_started(self) -> None:
        from scrapy import signals

        # connected now, after AutoThrottle and SlotPace, so that both have seen the response
        self.crawler.signals.connect(self.check, signal=signals.response_downloaded)

    def check(self, response: Any, request: Any, **kwargs: Any) -> None:
        from newscrawl.pace import SlotPace

        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return
        stats = self.crawler.stats
        stats.inc_value("check/slot_delay/checked")
        known = SlotPace.of(self.crawler).delay(key)
        stats.max_value("check/slot_delay/largest", round(slot.delay, 6))
        if abs(known - slot.delay) > 1e-9:
            stats.inc_value("check/slot_delay/differs")
            stats.set_value("check/slot_delay/last_difference", [known, slot.delay])


@pytest.mark.parametrize(
    "settings",
    [
        ("-s", "AUTOTHROTTLE_ENABLED=True", "-s", "AUTOTHROTTLE_START_DELAY=0.02"),
        ("-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=False"),
    ],
    ids=["autothrottle", "download_delay"],
)
def test_the_pace_known_is_the_download_slots_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: tuple[str, ...]
) -> None:
    """A crawl whose latencies vary (some pages answer 0.05-0.3 s late): after every response
    the delay the project knows for the slot is the slot's own, AutoThrottle's moves included."""
    (tmp_path / "check_settings.py").write_text(
        "from newscrawl.settings import *  # noqa: F403\n"
        "EXTENSIONS = {**EXTENSIONS, 'tests.test_politeness.SlotDelayCheck': 0}  # noqa: F405\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), str(REPO)]))
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "check_settings")
    faults = {
        article.path: {"kind": "timeout", "sleep": 0.05 + 0.05 * (i % 6)}  # answers late
        for i, article in enumerate(ARTICLES[:24])
    }
    server = SnapshotServer(DEFAULT_ROOT, faults=faults)
    with served(server):
        _, _, report = crawl(
            server.url, tmp_path / "a.jsonl", *settings, "-s", "NEWSCRAWL_MAX_REQUESTS=40"
        )
    stats = report["stats"]
    assert stats["check/slot_delay/checked"] >= 30
    assert "check/slot_delay/differs" not in stats, stats.get("check/slot_delay/last_difference")
    if "AUTOTHROTTLE_ENABLED=True" in settings:
        assert stats["check/slot_delay/largest"] >= 0.1  # AutoThrottle did move the delay


# ---- Retry-After -----------------------------------------------------------------------------
RETRY_AFTER = 2  # seconds the 503 and the 429 ask for
RETRY_FAULTS = {
    "503": {"kind": "http_503", "retry_after": str(RETRY_AFTER), "times": 1},
    "429": {"kind": "http_429", "retry_after": str(RETRY_AFTER), "times": 1},
    "503_plain": {"kind": "http_503", "times": 1},  # no Retry-After: Scrapy's usual retry
    "503_too_long": {"kind": "http_503", "retry_after": "3600"},  # over the cap: given up
}
RETRY_ARTICLES = {name: ARTICLES[-1 - i] for i, name in enumerate(RETRY_FAULTS)}


@pytest.fixture(scope="module")
def retry_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    faults = {RETRY_ARTICLES[name].path: spec for name, spec in RETRY_FAULTS.items()}
    server = SnapshotServer(DEFAULT_ROOT, faults=faults)
    out = tmp_path_factory.mktemp("retry_after") / "items.jsonl"
    with served(server):
        result, items, report = crawl(server.url, out, "-s", "NEWSCRAWL_MAX_RETRY_AFTER=30")
    return {
        "server": server,
        "items": {i["articleId"] for i in items},
        "stats": report["stats"],
        "report": report,
        "log": result.stderr,
    }


def _times(run: dict[str, Any], name: str) -> list[float]:
    return run["server"].times_of(path_key(RETRY_ARTICLES[name].path))


@pytest.mark.parametrize("name", ["503", "429"])
def test_retry_waits_for_retry_after(retry_run: dict[str, Any], name: str) -> None:
    times = _times(retry_run, name)
    assert len(times) == 2, times
    assert times[1] - times[0] >= RETRY_AFTER, times
    assert RETRY_ARTICLES[name].article_id in retry_run["items"]


def test_the_wait_does_not_stop_the_crawl(retry_run: dict[str, Any]) -> None:
    """Other pages were fetched while the retries waited: the wait blocks no one."""
    first, retried = _times(retry_run, "503")
    arrivals = retry_run["server"].arrivals
    assert any(first < t < retried for t, _ in arrivals)
    assert retry_run["report"]["finish_reason"] == "finished"
    assert retry_run["stats"]["newscrawl/retry_after/waited"] == 2


def test_retry_without_retry_after_is_scrapys(retry_run: dict[str, Any]) -> None:
    assert len(_times(retry_run, "503_plain")) == 2
    assert RETRY_ARTICLES["503_plain"].article_id in retry_run["items"]


def test_retry_after_over_the_cap_gives_up_at_once(retry_run: dict[str, Any]) -> None:
    assert len(_times(retry_run, "503_too_long")) == 1
    assert retry_run["stats"]["newscrawl/retry_after/over_cap"] == 1
    assert retry_run["stats"]["newscrawl/failed/http_503"] == 1
    assert "is over NEWSCRAWL_MAX_RETRY_AFTER" in retry_run["log"]


NOW = datetime(2026, 12, 1, 8, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (b"120", 120.0),
        ("0", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(NOW - timedelta(seconds=90), usegmt=True), 0.0),
        (b"soon", None),
        (b"-5", None),
        (None, None),
    ],
    ids=["seconds", "zero", "http-date", "past-date", "garbage", "negative", "absent"],
)
def test_retry_after_values(value: Any, expected: float | None) -> None:
    assert retry_after_seconds(value, now=NOW) == expected


def test_robots_txt_is_obeyed(tmp_path: Path) -> None:
    """A path robots.txt disallows is never requested, even when a page links it."""
    article = ARTICLES[0]
    robots = f"User-agent: *\nDisallow: {article.path}\n"
    server = SnapshotServer(
        DEFAULT_ROOT,
        faults={"/robots.txt": {"kind": "replace", "body": robots, "content_type": "text/plain"}},
    )
    with served(server):
        _, items, report = crawl(server.url, tmp_path / "items.jsonl")
    assert path_key(article.path) not in server.hits
    assert article.article_id not in {i["articleId"] for i in items}
    assert report["stats"].get("robotstxt/forbidden", 0) >= 1

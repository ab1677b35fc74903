"""Progress lines: what they say, and when they are quiet. A crawl's own lines are checked in
tests/test_formats.py (``test_progress_lines_in_the_log``), which runs one."""

from __future__ import annotations

import logging
import re
import sys

import pytest

from newscrawl.progress import Progress, progress_line
from tests.conftest import make_spider

#: a progress line: pages, articles, failures, rate, and maybe what is pending and the time left
LINE = re.compile(
    r"Progress: \d+ pages, \d+ articles exported, \d+ failed, [\d.]+ pages/min"
    r"(; \d+ requests pending(, about (\d+ h \d+ min|(\d+ min )?\d+ s) left)?)?$"
)


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ((0, 0, 0, 0.0, 0), "0 pages, 0 articles exported, 0 failed, 0.0 pages/min"),
        (
            (120, 45, 2, 0.5, 60),
            "120 pages, 45 articles exported, 2 failed, 30.0 pages/min; 60 requests pending, "
            "about 2 min 00 s left",
        ),
        (
            (10, 3, 0, 0.0, 7),
            "10 pages, 3 articles exported, 0 failed, 0.0 pages/min; 7 requests pending",
        ),
        (
            (9000, 8000, 1, 0.9, 20000),
            "9000 pages, 8000 articles exported, 1 failed, 54.0 pages/min; 20000 requests pending, about 6 h 10 min left",
        ),
    ],
    ids=["start", "eta", "no-rate-no-eta", "hours"],
)
def test_progress_line(figures: tuple[int, int, int, float, int], expected: str) -> None:
    line = progress_line(*figures)
    assert line == expected
    assert LINE.search(f"Progress: {line}")


@pytest.mark.parametrize(
    ("mode", "terminal", "level"),
    [("auto", False, logging.DEBUG), ("auto", True, logging.INFO), ("log", False, logging.INFO)],
    ids=["auto-scheduled-quiet", "auto-terminal", "log"],
)
def test_level(mode: str, terminal: bool, level: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal, raising=False)
    spider = make_spider(NEWSCRAWL_PROGRESS=mode)
    assert Progress.from_crawler(spider.crawler).level == level


@pytest.mark.parametrize(
    "settings",
    [{"NEWSCRAWL_PROGRESS": "off"}, {"NEWSCRAWL_PROGRESS_INTERVAL": 0}],
    ids=["off", "interval-0"],
)
def test_off(settings: dict[str, object]) -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        Progress.from_crawler(make_spider(**settings).crawler)


def test_figures_from_the_stats() -> None:
    spider = make_spider()
    stats = spider.crawler.stats
    for key, value in {
        "downloader/response_count": 30, "item_scraped_count": 12, "newscrawl/failed/http_500": 2,
        "newscrawl/dropped/no_body": 1, "scheduler/enqueued": 50, "scheduler/dequeued": 30,
    }.items():  # fmt: skip
        stats.set_value(key, value)
    figures = Progress(spider.crawler, 1.0, logging.INFO).figures()
    assert (figures["pages"], figures["exported"], figures["failed"]) == (30, 12, 3)
    assert figures["pending"] == 20 and figures["rate"] > 0

"""``-a since=``/``until=``/``sections=``/``max_pages=``: validated like every argument, applied
to what is fetched (where a listing shows it) and to what is exported."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from newscrawl.config import ConfigError, validate_arguments
from newscrawl.filters import CrawlFilter
from newscrawl.urls import article_id
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import run_crawl, served
from tests.expected import expected_items

SPORT = "/417-أخبار-الرياضة"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"since": "2025-13-01"}, "since='2025-13-01': not an ISO date"),
        ({"since": "yesterday"}, "not an ISO date (YYYY-MM-DD)"),
        (
            {"since": "2025-02-01", "until": "2025-01-01"},
            "until='2025-01-01': before since=2025-02-01",
        ),
        ({"max_pages": "-1"}, "max_pages='-1': input should be greater than or equal to 0"),
        ({"max_pages": "many"}, "max_pages='many': input should be a valid integer"),
        ({"section": "314"}, "unknown spider argument section='314'; did you mean sections?"),
    ],
    ids=["bad-month", "not-a-date", "until-before-since", "negative-pages", "pages-text", "typo"],
)
def test_arguments_are_validated(arguments: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=None) as error:
        validate_arguments(arguments)
    assert message in str(error.value)


def test_arguments_parsed() -> None:
    parsed = validate_arguments(
        {
            "since": "2025-01-01",
            "until": "2025-12-31",
            "sections": "314, أخبار الرياضة",
            "max_pages": "0",
        }
    )
    assert (parsed.since, parsed.until) == (date(2025, 1, 1), date(2025, 12, 31))
    assert parsed.sections == ["314", "أخبار الرياضة"] and parsed.max_pages == 0


LIMITS = CrawlFilter.from_arguments(date(2025, 11, 1), date(2025, 11, 20), ["314", "أخبار الرياضة"])


@pytest.mark.parametrize(
    ("when", "outside"),
    [
        (None, False),
        (datetime(2025, 10, 31, 23, 59, tzinfo=timezone.utc), True),
        (datetime(2025, 11, 1, 0, 0, tzinfo=timezone.utc), False),
        (datetime(2025, 11, 20, 23, 59, tzinfo=timezone.utc), False),
        (datetime(2025, 11, 21, 0, 0, tzinfo=timezone.utc), True),
    ],
    ids=["unknown-kept", "day-before", "first-day", "last-day", "day-after"],
)
def test_date_range_includes_both_days(when: datetime | None, outside: bool) -> None:
    assert LIMITS.date_outside(when) is outside


def test_sections_by_id_and_by_name() -> None:
    limits = CrawlFilter.from_arguments(None, None, ["314", "أخبار الرياضة"])
    assert limits.listing_wanted("http://h/314-أخبار-عاجلة")
    assert limits.listing_wanted("http://h" + SPORT)  # by name, from the listing's slug
    assert not limits.listing_wanted("http://h/504-أخبار-الاقتصاد")
    assert limits.listing_wanted("http://h/")  # the homepage is read always
    # until a listing link names the wanted section, its articles cannot be told by id
    assert not limits.article_wanted("http://h/417/073851-x")
    limits.learn_listing("http://h" + SPORT)
    assert limits.ids == {"314", "417"}
    assert limits.article_wanted("http://h/417/073851-x")
    assert not limits.article_wanted("http://h/504/080542-x")
    assert limits.item_wanted({"url": "http://h/504/1-x", "articleSection": "أخبار الرياضة"})
    assert not limits.item_wanted({"url": "http://h/504/1-x", "articleSection": "اقتصاد"})


@pytest.fixture(scope="module")
def filtered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("filtered") / "items.jsonl"
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        result = run_crawl(
            server.url, out, "-a", "sections=أخبار الرياضة,724", "-a", "since=2025-11-01",
            "-a", "until=2025-11-20", "-a", "max_pages=0",
        )  # fmt: skip
        hits = dict(server.hits)
        base = server.url
    assert result.returncode == 0, result.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    return {"items": [json.loads(x) for x in lines], "hits": hits, "base": base, "report": report}


def test_only_wanted_sections_and_days_are_exported(filtered: dict[str, Any]) -> None:
    wanted = {
        key
        for key, item in expected_items(filtered["base"]).items()
        if key.split("/")[0] in ("417", "724")
        and item["datePublished"]
        and "2025-11-01" <= item["datePublished"][:10] <= "2025-11-20"
    }
    assert wanted, "the snapshot has articles of those sections in that range"
    assert {item["articleId"] for item in filtered["items"]} == wanted


def test_other_sections_are_not_fetched(filtered: dict[str, Any]) -> None:
    fetched = {article_id(path) for path in filtered["hits"] if article_id(path)}
    assert {key.split("/")[0] for key in fetched if key} <= {"417", "724"}, fetched
    assert not any(path.startswith(("/504-", "/314-", "/103-")) for path in filtered["hits"])
    stats = filtered["report"]["stats"]
    assert stats.get("newscrawl/filtered/not_fetched", 0) > 0


def test_max_pages_zero_is_no_cap() -> None:
    from tests.conftest import make_spider

    spider = make_spider()
    assert spider.max_listing_pages == 5
    from newscrawl.spiders.almaghribtoday import AlmaghribtodaySpider

    unbounded = AlmaghribtodaySpider.from_crawler(spider.crawler, max_pages="0")
    assert unbounded.max_listing_pages == 0
    assert AlmaghribtodaySpider.from_crawler(spider.crawler, max_pages="40").max_listing_pages == 40


def test_readme_has_the_backfill_recipe() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "### Backfill" in readme and "JOBDIR=" in readme and "-a since=" in readme

"""End to end: the real ``scrapy crawl almaghribtoday`` in a subprocess against the snapshot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawl.items import ARTICLE_FIELDS
from newscrawl.urls import article_id
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import run_crawl, served
from tests.expected import expected_items

FIELDS = [f for f in ARTICLE_FIELDS if f != "metadata"]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One full crawl of the snapshot, shared by the tests below."""
    out = tmp_path_factory.mktemp("crawl") / "items.jsonl"
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        result = run_crawl(server.url, out)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    yield {
        "base_url": server.url,
        "lines": lines,
        "items": [json.loads(line) for line in lines],
        "report": report,
        "hits": dict(server.hits),
        "log": result.stderr,
    }


def test_exports_every_snapshot_article_once(crawl: dict[str, Any]) -> None:
    ids = [item["articleId"] for item in crawl["items"]]
    assert len(ids) == len(set(ids)), "an article was exported twice"
    assert set(ids) == set(expected_items(crawl["base_url"]))


@pytest.mark.parametrize("field", FIELDS)
def test_field_of_every_article(crawl: dict[str, Any], field: str) -> None:
    expected = expected_items(crawl["base_url"])
    wrong = {
        item["articleId"]: (item.get(field), expected[item["articleId"]][field])
        for item in crawl["items"]
        if item.get(field) != expected[item["articleId"]][field]
    }
    assert not wrong, f"{len(wrong)} articles have a wrong {field}: {next(iter(wrong.items()))}"


def test_lines_are_utf8_json_in_the_item_order(crawl: dict[str, Any]) -> None:
    for line in crawl["lines"]:
        assert "\\u06" not in line  # literal Arabic, not escapes
        assert list(json.loads(line)) == list(ARTICLE_FIELDS)


def test_metadata_names_a_source_for_each_field(crawl: dict[str, Any]) -> None:
    for item in crawl["items"]:
        meta = item["metadata"]
        assert meta["dateDownloaded"].endswith("+00:00")
        assert {"headline", "articleBody", "datePublishedRaw"} <= set(meta["sources"])
        assert meta["fallbacks"] == []  # the snapshot has the site's layout: no fallback serves


def test_each_article_fetched_once_and_no_amp_or_second_host(crawl: dict[str, Any]) -> None:
    article_hits = {k: v for k, v in crawl["hits"].items() if article_id(k)}
    assert all(v == 1 for v in article_hits.values()), article_hits
    assert len(article_hits) == len(crawl["items"])
    assert not [k for k in crawl["hits"] if k.startswith("/amp/")]


def test_crawl_drops_nothing_and_obeys_robots(crawl: dict[str, Any]) -> None:
    stats = crawl["report"]["stats"]
    assert crawl["report"]["finish_reason"] == "finished"
    assert not [k for k in stats if k.startswith(("newscrawl/dropped/", "newscrawl/failed/"))]
    assert stats.get("robotstxt/request_count") == 1
    assert "/search" not in {k.split("?")[0] for k in crawl["hits"]}
    assert stats.get("log_count/ERROR", 0) == 0, crawl["log"][-2000:]


def test_field_coverage_in_stats_and_log(crawl: dict[str, Any]) -> None:
    stats = crawl["report"]["stats"]
    for field in ("headline", "articleBody", "datePublished", "url", "articleId"):
        assert stats[f"newscrawl/coverage/{field}"] == 1.0
    assert 0 < stats["newscrawl/coverage/dateModified"] < 1
    assert f"Field coverage over {len(crawl['items'])} exported items" in crawl["log"]
    assert not [k for k in stats if k.startswith(("newscrawl/invalid", "newscrawl/date_unparsed"))]


def test_monitors_pass_on_the_snapshot(crawl: dict[str, Any]) -> None:
    """spidermon's item validation and field coverage monitors judge the run, and pass."""
    monitors = crawl["report"]["monitors"]
    assert monitors["summary"] == "6 passed, 2 skipped, 0 failed", monitors
    stats = crawl["report"]["stats"]
    assert stats["spidermon_field_coverage/ArticleItem/headline"] == 1.0
    assert stats["newscrawl/coverage/dateModified"] == round(
        stats["spidermon_field_coverage/ArticleItem/dateModified"], 4
    )


def test_coverage_below_its_minimum_fails_the_run(tmp_path: Path) -> None:
    """``NEWSCRAWL_MIN_COVERAGE`` is the rule of spidermon's FieldCoverageMonitor: a field
    fewer items have than it asks fails the run (exit status 3), naming the field."""
    out = tmp_path / "items.jsonl"
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        result = run_crawl(server.url, out, "-s", 'NEWSCRAWL_MIN_COVERAGE={"dateModified": 1.0}')
    assert result.returncode == 3, result.stderr[-3000:]
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    failures = report["monitors"]["failures"]
    assert [f["monitor"].split("/")[0] for f in failures] == ["Field coverage"], failures
    assert "ArticleItem/dateModified" in result.stderr


def test_items_dropped_by_validation_fail_the_run(tmp_path: Path) -> None:
    """spidermon's ItemValidationMonitor on ``newscrawl/invalid``: more items dropped by
    validation than ``NEWSCRAWL_MAX_INVALID_ITEMS`` fail the run."""
    from newscrawl.pipelines import load_schema

    schema = load_schema()
    schema["properties"]["headline"] = {"type": "string", "maxLength": 3}
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    out = tmp_path / "items.jsonl"
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        result = run_crawl(
            server.url, out, "-s", f"NEWSCRAWL_SCHEMA={schema_path}", "-s",
            "NEWSCRAWL_MAX_INVALID_ITEMS=5",
        )  # fmt: skip
    assert result.returncode == 3, result.stderr[-3000:]
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    failed = {f["monitor"].split("/")[0]: f["reason"] for f in report["monitors"]["failures"]}
    assert "Item validation" in failed, failed
    assert "'newscrawl/invalid'" in failed["Item validation"]
    assert report["stats"]["newscrawl/invalid"] == len(expected_items(server.url))


def test_second_host_link_is_not_fetched_by_default(crawl: dict[str, Any]) -> None:
    assert crawl["report"]["stats"].get("newscrawl/links/offsite", 0) >= 1


def test_group_host_as_site_host_still_exports_each_article_once(tmp_path: Path) -> None:
    """With the group's mirror host declared as the site's own, its link is followed on the
    origin, and the article it names is still fetched and exported once."""
    out = tmp_path / "items.jsonl"
    hosts = "www.almaghribtoday.net,almaghribtoday.net,host.arabstoday.net"
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        result = run_crawl(server.url, out, "-s", f"NEWSCRAWL_SITE_HOSTS={hosts}")
    assert result.returncode == 0, result.stderr[-2000:]
    ids = [json.loads(line)["articleId"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == len(expected_items(server.url))
    stats = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))["stats"]
    assert "newscrawl/links/offsite" not in stats
    assert all(v == 1 for k, v in server.hits.items() if article_id(k))


def test_html_report_beside_the_json_report(crawl: dict[str, Any], tmp_path: Path) -> None:
    report = crawl["report"]
    assert sum(report["per_section"].values()) == len(crawl["items"])
    assert sum(report["per_day"].values()) == len(crawl["items"])
    assert report["history"][-1]["articles"] == len(crawl["items"])
    html = Path(report["outputs"][0]).with_suffix(".report.html").read_text(encoding="utf-8")
    assert html.count('<figure class="plot"') == 4 and html.count("<svg") == 4
    assert '<bdi dir="rtl" lang="ar">أخبار عاجلة</bdi>' in html

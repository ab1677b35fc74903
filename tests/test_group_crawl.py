"""The same crawl code on two sites of the group: the real ``scrapy crawl <site>`` against each
bundled snapshot (almaghribtoday and its sister egypt-today.com), end to end, incrementally and
with faults, every test parametrized over both."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from newscrawl.items import ARTICLE_FIELDS
from newscrawl.urls import article_id
from sitesnapshot import sister
from sitesnapshot.content import ARTICLES, SECTIONS
from sitesnapshot.render import Site, build
from sitesnapshot.server import SNAPSHOTS, SnapshotServer
from tests.conftest import REPO, read_output, run_crawl, served
from tests.expected import expected_items

SITES = ["almaghribtoday", "egypttoday"]
FIELDS = [f for f in ARTICLE_FIELDS if f != "metadata"]


def _crawl(site: str, server: SnapshotServer, out: Path, *extra: str, state: Path | None = None):
    result = run_crawl(server.url, out, *extra, state=state, spider=site)
    items, report = read_output(out, result)
    return result, items, report


@pytest.fixture(scope="module", params=SITES)
def crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """One full crawl of each site's snapshot."""
    site = request.param
    out = tmp_path_factory.mktemp(site) / "items.jsonl"
    with served(SnapshotServer(SNAPSHOTS[site])) as server:
        result, items, report = _crawl(site, server, out)
    yield {
        "site": site,
        "base_url": server.url,
        "result": result,
        "items": items,
        "report": report,
        "hits": dict(server.hits),
    }


def test_every_article_exported_once_with_every_field(crawl: dict[str, Any]) -> None:
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-3000:]
    expected = expected_items(crawl["base_url"], crawl["site"])
    ids = [item["articleId"] for item in crawl["items"]]
    assert len(ids) == len(set(ids)) and set(ids) == set(expected)
    for item in crawl["items"]:
        want = expected[item["articleId"]]
        wrong = {f: (item.get(f), want[f]) for f in FIELDS if item.get(f) != want[f]}
        assert not wrong, f"{item['articleId']}: {wrong}"


def test_each_article_fetched_once_on_the_origin(crawl: dict[str, Any]) -> None:
    """Mirror subdomains, other hosts, AMP copies and link forms all lead to one request."""
    article_hits = {k: v for k, v in crawl["hits"].items() if article_id(k)}
    assert all(v == 1 for v in article_hits.values()), article_hits
    assert len(article_hits) == len(crawl["items"])
    assert not [k for k in crawl["hits"] if k.startswith("/amp/")]


def test_run_is_clean_and_monitors_pass(crawl: dict[str, Any]) -> None:
    report = crawl["report"]
    assert report["finish_reason"] == "finished"
    assert report["monitors"]["failed"] == 0, report["monitors"]
    stats = report["stats"]
    assert not [k for k in stats if k.startswith(("newscrawl/dropped/", "newscrawl/failed/"))]
    assert not [k for k in stats if k.startswith(("newscrawl/invalid", "newscrawl/date_unparsed"))]
    assert stats.get("log_count/ERROR", 0) == 0


def test_records_say_where_they_come_from(crawl: dict[str, Any]) -> None:
    publisher = {"almaghribtoday": "المغرب اليوم", "egypttoday": "مصر اليوم"}[crawl["site"]]
    for item in crawl["items"]:
        assert item["site"] == crawl["site"]
        assert item["publisher"] == publisher
        assert item["inLanguage"] == ("en" if item["articleId"].startswith("en/") else "ar")


def test_sister_site_differences_are_read(crawl: dict[str, Any]) -> None:
    items = {item["articleId"]: item for item in crawl["items"]}
    if crawl["site"] == "almaghribtoday":
        assert not [i for i in items.values() if "timeZones" in i["metadata"]]
        return
    # Cairo-time date lines: converted with the zone, which is kept beside the raw line
    cotton = items["25/101500-صادرات-القطن-المصري-ترتفع-مع-بداية-الموسم-الجديد"]
    assert cotton["datePublishedRaw"].startswith("توقيت القاهرة المحلي 10:15")
    assert cotton["datePublished"] == "2025-07-24T07:15:00+00:00"  # summer time, UTC+3
    assert cotton["metadata"]["timeZones"] == {"datePublished": "Africa/Cairo"}
    nile = items["12/143005-إطلاق-خط-جديد-للتاكسي-النهري-بين-حلوان-ووسط-القاهرة"]
    # winter, UTC+2; the seconds from the path "/12/143005-...", written by the Cairo clock
    assert nile["datePublished"] == "2025-11-20T12:30:05+00:00"
    # the English edition: GMT lines stay UTC, English labels are not the body
    metro = items["en/7/cairo-metro-line-three-gets-electronic-tickets"]
    assert metro["inLanguage"] == "en"
    assert metro["dateModifiedRaw"] == "Last Updated : GMT 09:12 2025 Friday ,21 November"
    assert metro["dateModified"] == "2025-11-21T09:12:00+00:00"
    assert "timeZones" not in metro["metadata"]
    assert "Read also" not in metro["articleBody"] and "Egypt Today" not in metro["articleBody"]
    # the Joomla alias's page shows no date: the alias gives it, and says so
    old = items["39/2012-10-24-19-21-06"]
    assert old["datePublished"] == "2012-10-24T19:21:06+00:00"
    assert old["metadata"]["sources"]["datePublishedRaw"] == "url-alias"
    # the column and the blog post, and the mirror subdomains' links, one record each
    assert {"w-501/090000-الماء-قبل-كل-شيء", "b-12/213005-يوميات-من-كورنيش-الإسكندرية"} <= set(
        items
    )
    assert crawl["report"]["stats"].get("newscrawl/links/offsite", 0) == 0


# ---- incremental -----------------------------------------------------------------------------


def _changed(site: str, tmp_path: Path) -> tuple[Path, str, str]:
    """The site's snapshot with one article rewritten and its update time moved forward."""
    root = tmp_path / f"{site}-v2"
    if site == "almaghribtoday":
        articles = copy.deepcopy(ARTICLES)
        articles[14]["body"][0] = "نص جديد للفقرة الأولى بعد تحديث الخبر من طرف هيئة التحرير."
        articles[14]["modified"] = "2025-12-02T09:30:00"
        changed = Site(SECTIONS, articles)
        build(changed, root)
        return root, changed.articles[14].article_id, "نص جديد للفقرة الأولى"
    pages = copy.deepcopy(sister.ARTICLES)
    pages[2]["body"][0] = "نص جديد للفقرة الأولى من خبر القطن بعد تحديثه."
    pages[2]["modified"] = "2025-12-02T11:30:00"
    variant = sister.SisterSite(pages)
    sister.build(root, variant)
    return root, variant.articles[2].article_id, "نص جديد للفقرة الأولى من خبر القطن"


@pytest.mark.parametrize("site", SITES)
def test_incremental_runs(site: str, tmp_path: Path) -> None:
    """A second run fetches no article and exports nothing; a changed article is fetched and
    exported again, alone."""
    state = tmp_path / "state.sqlite3"
    server = SnapshotServer(SNAPSHOTS[site])
    with served(server):
        _, first, report = _crawl(site, server, tmp_path / "1.jsonl", state=state)
        assert {i["articleId"] for i in first} == set(expected_items(server.url, site))
        server.hits.clear()
        result, second, report2 = _crawl(site, server, tmp_path / "2.jsonl", state=state)
        assert result.returncode == 0, result.stderr[-2000:]
        assert second == []
        assert not [k for k in server.hits if article_id(k)]
        assert report2["requests"] < report["requests"]
        root, changed_id, text = _changed(site, tmp_path)
        server.root = root
        server.routes = json.loads((root / "routes.json").read_text(encoding="utf-8"))
        server.hits.clear()
        result, third, _ = _crawl(site, server, tmp_path / "3.jsonl", state=state)
    assert result.returncode == 0, result.stderr[-2000:]
    assert [i["articleId"] for i in third] == [changed_id]
    assert third[0]["articleBody"].startswith(text)
    assert sum(v for k, v in server.hits.items() if article_id(k)) == 1


# ---- faults -------------------------------------------------------------------------------------
FAULTS = [
    ("http_503", {"kind": "http_503"}, "newscrawl/failed/http_503"),
    ("http_404", {"kind": "http_404"}, "newscrawl/failed/http_404"),
    ("empty", {"kind": "empty"}, "newscrawl/dropped/empty"),
    ("no_paragraphs", {"kind": "no_paragraphs"}, "newscrawl/dropped/no_body"),
    ("retry_after_once", {"kind": "http_503", "retry_after": "1", "times": 1}, None),
    ("cp1256_meta", {"kind": "cp1256_meta"}, None),
    ("reset_once", {"kind": "reset", "times": 1}, None),
]


@pytest.mark.parametrize("site", SITES)
def test_faults_are_counted_and_every_good_article_exported(site: str, tmp_path: Path) -> None:
    expected_paths = sorted(expected_items("", site))
    assigned = {name: "/" + expected_paths[i] for i, (name, _, _) in enumerate(FAULTS)}
    server = SnapshotServer(SNAPSHOTS[site])
    server.faults = {"paths": {assigned[name]: spec for name, spec, _ in FAULTS}}
    with served(server):
        result, items, report = _crawl(
            site,
            server,
            tmp_path / "items.jsonl",
            *("-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=2"),
        )
    assert report["finish_reason"] == "finished", result.stderr[-2000:]
    stats = report["stats"]
    bad = {assigned[name][1:] for name, _, outcome in FAULTS if outcome}
    exported = [i["articleId"] for i in items]
    assert len(exported) == len(set(exported))
    assert set(exported) == set(expected_paths) - bad
    expected = expected_items(server.url, site)
    for item in items:
        assert item["articleBody"] == expected[item["articleId"]]["articleBody"]
        assert item["datePublished"] == expected[item["articleId"]]["datePublished"]
    for name, _, outcome in FAULTS:
        if outcome:
            assert stats.get(outcome, 0) >= 1, (name, outcome)
    reported = {f["url"] for f in report["failed_pages"]}
    for key in bad:
        assert server.url + quote("/" + key) in reported


def test_scrapy_list_shows_every_configured_site() -> None:
    from newscrawl.sites import SITES as CONFIGURED

    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == sorted(CONFIGURED)
    assert {"almaghribtoday", "arabstoday", "palestinetoday", "egypttoday", "emiratesvoice"} <= set(
        CONFIGURED
    )
    assert {"omantoday", "libyatoday", "alsaudiatoday"} <= set(CONFIGURED)


def test_bundled_sister_site_is_what_the_renderer_makes(tmp_path: Path) -> None:
    routes = sister.build(tmp_path)
    bundled = SNAPSHOTS["egypttoday"]
    assert json.loads((bundled / "routes.json").read_text(encoding="utf-8")) == routes
    for route in routes.values():
        assert (bundled / route["file"]).read_bytes() == (tmp_path / route["file"]).read_bytes()

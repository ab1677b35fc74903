"""A broken or hostile site cannot stall, starve or silently shrink a crawl (issue 20).

Each gap G1-G16 of the issue has a mode of the fault server (``sitesnapshot/faults.py``)
and a test here. Time and memory are bounded by what the tests count (requests, pending rows,
the crawl's peak RSS as the kernel reports it), never by a wall-clock assertion.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.settings import Settings
from twisted.python.failure import Failure

from newscrawl.guards import BodyRepairMiddleware, MetaRefreshMiddleware, wide_encoding
from newscrawl.middlewares import on_origin, retry_after_seconds
from newscrawl.refusals import RedirectLoop, failure_reason, limit_setting, listing_query
from newscrawl.urls import Origin
from sitesnapshot.faults import path_key
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import REPO, make_spider, read_output, served
from tests.expected import SITE, expected_items
from tests.test_faults import crawl

ARTICLES = sorted(SITE.articles, key=lambda a: a.key)
HOME = DEFAULT_ROOT / "home.html"


# ---- unit tables ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [("²", None), ("٣", None), ("1e9", None), ("12", 12.0), ("", None), ("Mon, 99 Foo", None)],
    ids=["superscript-two", "arabic-indic-three", "exponent", "digits", "empty", "bad-date"],
)
def test_unreadable_retry_after_means_none(value: str, expected: float | None) -> None:
    """G8: ``str.isdigit`` takes ``²``, ``float`` does not: an unreadable value asks no wait."""
    assert retry_after_seconds(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h/417-x?start=20", "http://h/417-x?start=20"),
        ("http://h/417-x?utm_source=a&start=20&v=3", "http://h/417-x?start=20"),
        ("http://h/417-x?v=2", "http://h/417-x"),
        ("http://h/417-x?limitstart=40", "http://h/417-x?limitstart=40"),
        ("http://h/417-x?start=abc", "http://h/417-x"),
        ("http://h/417-x", "http://h/417-x"),
    ],
    ids=["pagination", "mixed", "version", "limitstart", "not-a-number", "none"],
)
def test_listing_urls_keep_only_pagination(url: str, expected: str) -> None:
    """G4: ``?utm_source=``, ``?v=N`` copies of a listing are that listing."""
    assert listing_query(url) == expected


def test_a_change_of_scheme_is_not_the_origin() -> None:
    """G10: https on the http origin's host:port is another service; never followed."""
    origin = Origin.from_base_url("http://127.0.0.1:8000", [])
    assert on_origin(origin, "http://127.0.0.1:8000/x")
    assert not on_origin(origin, "https://127.0.0.1:8000/x")
    live = Origin.from_base_url(
        "https://www.almaghribtoday.net", ["www.almaghribtoday.net", "almaghribtoday.net"]
    )
    assert on_origin(live, "https://almaghribtoday.net/x")
    assert not on_origin(live, "http://www.almaghribtoday.net/x")


@pytest.mark.parametrize(
    ("value", "ok"),
    [(None, 500), ("", 500), ("20", 20), ("1_000", 1000), (7, 7), ("-1", None), ("ten", None)],
    ids=["unset", "empty", "text", "underscores", "int", "negative", "word"],
)
def test_limits_are_validated(value: Any, ok: int | None) -> None:
    settings = Settings({"NEWSCRAWL_MAX_LINKS_PER_PAGE": value})
    if ok is None:
        with pytest.raises(ValueError, match="NEWSCRAWL_MAX_LINKS_PER_PAGE"):
            limit_setting(settings, "NEWSCRAWL_MAX_LINKS_PER_PAGE", 500, 1)
    else:
        assert limit_setting(settings, "NEWSCRAWL_MAX_LINKS_PER_PAGE", 500, 1) == ok


def test_a_compression_bomb_is_too_large() -> None:
    """G12: HttpCompressionMiddleware's refusal is counted as ``too_large``, not ``ignored``."""
    failure = Failure(
        IgnoreRequest(
            "Ignored response <200 http://h/x> because its body (9000000 B compressed) exceeded"
            " DOWNLOAD_MAXSIZE (8388608 B) during decompression."
        )
    )
    assert failure_reason(failure) == "too_large"


def _html(url: str, body: bytes, **kwargs: Any) -> HtmlResponse:
    return HtmlResponse(url=url, body=body, request=Request(url), **kwargs)


def test_meta_refresh_to_the_page_itself_is_that_page() -> None:
    """G1: an auto-reload to the page's own URL keeps the page; a refresh back into the
    chain is a redirect loop."""
    spider = make_spider()
    middleware = MetaRefreshMiddleware.from_crawler(spider.crawler)
    page = b'<html><head><meta http-equiv="refresh" content="60;url=/"></head><body>x</body></html>'
    response = _html("http://h/", page)
    assert middleware.process_response(response.request, response) is response
    back = b'<html><head><meta http-equiv="refresh" content="5;url=/a"></head></html>'
    request = Request("http://h/b", meta={"redirect_urls": ["http://h/a"]})
    with pytest.raises(RedirectLoop):
        middleware.process_response(request, HtmlResponse("http://h/b", body=back, request=request))
    onward = _html("http://h/a", b'<meta http-equiv="refresh" content="1;url=/c">')
    assert isinstance(middleware.process_response(onward.request, onward), Request)


@pytest.mark.parametrize(
    ("body", "declared", "codec"),
    [
        ("\ufeff<p>س</p>".encode("utf-16-le"), None, "utf-16-le"),
        ("\ufeff<p>س</p>".encode("utf-16-be"), None, "utf-16-be"),
        ("\ufeff<p>س</p>".encode("utf-32-le"), None, "utf-32-le"),
        ("<p>س</p>".encode("utf-16-le"), "utf-16le", "utf-16-le"),
        ("<p>س</p>".encode("utf-16-le"), "utf-16", "utf-16-le"),
        (b"<p>\x00</p>", "utf-8", None),
    ],
    ids=["bom16le", "bom16be", "bom32le", "declared16le", "declared16", "utf8"],
)
def test_wide_encodings(body: bytes, declared: str | None, codec: str | None) -> None:
    """G16: UTF-16 and UTF-32 are told by their BOM, else by the declared charset."""
    assert wide_encoding(body, declared) == codec


def test_stray_nul_bytes_are_stripped_and_garbage_stays_binary() -> None:
    """G7: one NUL in ``<title>`` is a template bug, not a binary page."""
    spider = make_spider()
    middleware = BodyRepairMiddleware.from_crawler(spider.crawler)
    page = HOME.read_bytes().replace(b"<title>", b"<title>\x00", 1)
    repaired = middleware.process_response(Request("http://h/"), _html("http://h/", page))
    assert b"\x00" not in repaired.body and len(repaired.body) == len(page) - 1
    garbage = bytes(range(256)) * 40
    response = TextResponse("http://h/g", body=garbage, encoding="utf-8")
    assert middleware.process_response(Request("http://h/g"), response) is response


def test_a_run_of_unclosed_tags_is_cut_to_a_readable_depth() -> None:
    """G13: 3,000 unclosed ``<div>``s before the body took the page past libxml2's 2,048 levels
    and the body was lost (``no_body``)."""
    from newscrawl.guards import flatten_runs
    from sitesnapshot.faults import deep_nesting

    article = ARTICLES[0]
    routes = json.loads((DEFAULT_ROOT / "routes.json").read_text(encoding="utf-8"))
    page = (DEFAULT_ROOT / routes[article.path]["file"]).read_bytes()
    deep = deep_nesting(page, 3000)
    assert not _html("http://h/a", deep).xpath('//div[@id="balmon"]//p')
    flat, cut = flatten_runs(deep)
    assert cut == 3000 + 1 - 32
    assert _html("http://h/a", flat).xpath('//div[@id="balmon"]//p')
    assert flatten_runs(page) == (page, 0)


def test_utf16_page_is_decoded_to_utf8() -> None:
    spider = make_spider()
    middleware = BodyRepairMiddleware.from_crawler(spider.crawler)
    page = HOME.read_bytes()
    body = b"\xff\xfe" + page.decode().encode("utf-16-le")
    repaired = middleware.process_response(Request("http://h/"), _html("http://h/", body))
    assert repaired.body == page and repaired.encoding == "utf-8"


# ---- crawls ----------------------------------------------------------------------------------------
# (fault, what the crawl must make of it); one article each, in key order
HOSTILE: list[tuple[str, dict[str, Any], str]] = [
    ("nul_title", {"kind": "nul_title"}, "exported"),  # G7
    ("utf16", {"kind": "utf16"}, "exported"),  # G16
    ("utf32", {"kind": "utf32"}, "exported"),  # G16
    ("utf16_declared", {"kind": "utf16_declared"}, "exported"),  # G16
    ("gzip_bomb", {"kind": "gzip_bomb", "size": 60_000_000}, "failed/too_large"),  # G12
    ("retry_after_unreadable", {"kind": "http_503", "retry_after": "²", "times": 1}, "exported"),
    ("redirect_https", {"kind": "redirect", "location": "HTTPS/x"}, "failed/offsite_redirect"),
    ("refresh_loop", {"kind": "refresh_loop"}, "failed/redirect_loop"),  # G1
    ("deep_nesting", {"kind": "deep_nesting", "count": 3000}, "exported"),  # G13
    # G5: endless headers (100,000 of 1,000 bytes: 100 MB) are cut at the header limits
    (
        "header_flood",
        {"kind": "header_flood", "count": 100_000, "size": 1000},
        "failed/headers_too_large",
    ),
]
ASSIGNED = {name: ARTICLES[i] for i, (name, _, _) in enumerate(HOSTILE)}
# G6: an article under a URL past Scrapy's 2,083 characters, and one past URLLENGTH_LIMIT
LONG_SLUG = "ا" * 700  # 700 letters: 4,200 characters percent-encoded
TOO_LONG_SLUG = "ب" * 1500  # 9,000 characters percent-encoded


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    server = SnapshotServer(DEFAULT_ROOT)
    https = server.url.replace("http://", "https://")
    paths: dict[str, Any] = {
        "/": {"kind": "refresh_self"},  # G1: the homepage's auto-reload
        "/rss": {"kind": "rss_doctype_trick"},  # G11: "]>" inside the DOCTYPE's entity value
    }
    for name, spec, _ in HOSTILE:
        spec = dict(spec)
        if spec.get("location", "").startswith("HTTPS"):
            spec["location"] = spec["location"].replace("HTTPS", https)
        paths[ASSIGNED[name].path] = spec
    long_article = ARTICLES[-1]
    long_path = f"/{long_article.key.split('/')[0]}/101010-{LONG_SLUG}"
    routes = json.loads((DEFAULT_ROOT / "routes.json").read_text(encoding="utf-8"))
    page = (DEFAULT_ROOT / routes[long_article.path]["file"]).read_text(encoding="utf-8")
    paths[long_path] = {"kind": "replace", "body": page, "content_type": "text/html"}
    links = f'<a href="{long_path}">long</a><a href="/314/101010-{TOO_LONG_SLUG}">too long</a>'
    paths["/724-أخبار-السيارات"] = {"kind": "inject", "html": links}
    server.faults = {"paths": paths}
    out = tmp_path_factory.mktemp("hostile") / "items.jsonl"
    with served(server):
        result, items, report = crawl(server.url, out, "-s", "LOG_LEVEL=INFO")
    state = sqlite3.connect(out.with_suffix(".state.sqlite3"))
    pending = [row[0] for row in state.execute("SELECT url FROM pending")]
    state.close()
    yield {
        "base_url": server.url,
        "result": result,
        "items": {item["articleId"]: item for item in items},
        "stats": report["stats"],
        "hits": dict(server.hits),
        "long_path": long_path,
        "pending": pending,
    }


def test_hostile_crawl_finishes_without_errors(hostile_crawl: dict[str, Any]) -> None:
    log = hostile_crawl["result"].stderr
    for sign in ("Spider error processing", "Unhandled error", "Error downloading", "ValueError"):
        assert sign not in log, log[log.find(sign) - 500 :][:3000]


def test_an_auto_reloading_homepage_is_read(hostile_crawl: dict[str, Any]) -> None:
    """G1: with ``<meta http-equiv="refresh" content="60;url=/">`` on the homepage, every
    article is still exported (19 of 45 before)."""
    stats = hostile_crawl["stats"]
    assert stats.get("newscrawl/meta_refresh/self", 0) >= 1
    assert stats.get("newscrawl/start/home/links", 0) > 0
    bad = {ASSIGNED[name].article_id for name, _, outcome in HOSTILE if outcome != "exported"}
    expected = set(expected_items(hostile_crawl["base_url"])) - bad
    assert expected <= set(hostile_crawl["items"])


@pytest.mark.parametrize(("name", "spec", "outcome"), HOSTILE, ids=[f[0] for f in HOSTILE])
def test_each_hostile_page(
    hostile_crawl: dict[str, Any], name: str, spec: Any, outcome: str
) -> None:
    article = ASSIGNED[name]
    stats = hostile_crawl["stats"]
    if outcome == "exported":
        item = hostile_crawl["items"].get(article.article_id)
        assert item is not None, f"{name}: not exported"
        assert item["headline"] == article.data["headline"]
        return
    assert article.article_id not in hostile_crawl["items"]
    assert stats.get(f"newscrawl/{outcome}", 0) >= 1, sorted(
        k for k in stats if k.startswith("newscrawl/")
    )


def test_a_doctype_trick_hides_no_feed_item(hostile_crawl: dict[str, Any]) -> None:
    """G11: a ``]>`` inside an entity value of the feed's DOCTYPE left half of the DOCTYPE in
    the document, and the feed parsed to no item, silently. The DOCTYPE is now cut whole."""
    assert hostile_crawl["stats"]["newscrawl/start/rss/links"] == 20
    assert "newscrawl/empty/feed" not in hostile_crawl["stats"]


def test_long_urls_are_fetched_up_to_the_limit(hostile_crawl: dict[str, Any]) -> None:
    """G6: a URL over Scrapy's 2,083 characters is fetched; one over URLLENGTH_LIMIT is refused
    at WARNING, counted, and not left pending."""
    long_path = hostile_crawl["long_path"]
    assert len(quote(long_path)) > 2083
    assert hostile_crawl["hits"].get(path_key(long_path), 0) == 1
    assert any(LONG_SLUG in key for key in hostile_crawl["items"])
    assert hostile_crawl["stats"].get("newscrawl/refused/url_too_long", 0) == 1
    assert "WARNING" in next(
        line for line in hostile_crawl["result"].stderr.splitlines() if "url too long" in line
    )
    assert not [url for url in hostile_crawl["pending"] if len(url) > 8192]


def measured_crawl(
    base_url: str, out: Path, *extra: str, state: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]], dict[str, Any], int]:
    """The real crawl as :func:`tests.conftest.run_crawl` runs it, under a small parent that
    reports the crawl's peak resident memory (``ru_maxrss`` of its child, KiB)."""
    report_path = out.with_suffix(".report.json")
    wrapper = (
        "import resource, subprocess, sys\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print('PEAK_RSS_KIB', usage.ru_maxrss, 'CPU_S', usage.ru_utime + usage.ru_stime,"
        " file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    command = [
        sys.executable, "-c", wrapper,
        sys.executable, "-m", "scrapy", "crawl", "almaghribtoday",
        "-a", f"base_url={base_url}", "-O", str(out),
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"NEWSCRAWL_REPORT={report_path}",
        "-s", f"NEWSCRAWL_STATE_PATH={state or out.with_suffix('.state.sqlite3')}",
        *extra,
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    figures = result.stderr.rsplit("PEAK_RSS_KIB", 1)[1].split()
    peak = int(figures[0])
    CPU_SECONDS[str(out)] = float(figures[2])
    items, report = read_output(out, result)
    return result, items, report, peak


#: the CPU seconds (user + system) of each measured crawl, by output file
CPU_SECONDS: dict[str, float] = {}

FLOOD_LINKS = 200_000
EMPTY_FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
#: the crawl of the plain snapshot peaks at about 110 MiB; the flooded homepage is 5 MB of links
FLOOD_PEAK_KIB = 400 * 1024


@pytest.fixture(scope="module")
def flood_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """G3, G4, G11: a homepage with 200,000 article links (all 404), a section that leads into an
    endless trap and 300 ``?utm_source=`` copies of each section, and a feed that parses to no
    item; then a second run against the clean site with the same state."""
    server = SnapshotServer(DEFAULT_ROOT)
    server.faults = {
        "paths": {
            "/": {"kind": "many_links", "count": FLOOD_LINKS},
            "/314-أخبار-عاجلة": {"kind": "trap", "count": 300},
            "/rss": {"kind": "replace", "body": EMPTY_FEED, "content_type": "application/rss+xml"},
        }
    }
    folder = tmp_path_factory.mktemp("flood")
    state = folder / "state.sqlite3"
    with served(server):
        result, items, report, peak = measured_crawl(server.url, folder / "a.jsonl", state=state)
    first_hits = dict(server.hits)
    db = sqlite3.connect(state)
    pending = db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
    db.close()
    # the same origin (the state files its pending requests and runs by origin)
    clean = SnapshotServer(DEFAULT_ROOT, port=server.server_address[1])
    with served(clean):
        second, _, second_report, _ = measured_crawl(clean.url, folder / "b.jsonl", state=state)
    yield {
        "base_url": server.url,
        "result": result,
        "items": {item["articleId"]: item for item in items},
        "stats": report["stats"],
        "hits": first_hits,
        "peak_kib": peak,
        "pending": pending,
        "second": second,
        "second_stats": second_report["stats"],
    }


def test_a_flooded_homepage_starves_nothing(flood_crawl: dict[str, Any]) -> None:
    """G3: every real article is exported, the requests and the memory stay bounded."""
    stats = flood_crawl["stats"]
    expected = set(expected_items(flood_crawl["base_url"]))
    assert expected <= set(flood_crawl["items"])
    assert stats["newscrawl/refused/links_per_page"] >= 1
    log = flood_crawl["result"].stderr
    assert sum("Refused links per page" in line for line in log.splitlines()) == 1
    requests = stats["downloader/request_count"]
    assert requests <= 45 + 500 + 300 + 10, requests
    print(f"flooded homepage: {requests} requests, peak RSS {flood_crawl['peak_kib'] // 1024} MiB")
    assert flood_crawl["peak_kib"] < FLOOD_PEAK_KIB, flood_crawl["peak_kib"]


def test_a_flood_leaves_no_poison(flood_crawl: dict[str, Any]) -> None:
    """G3: the 404 links taken from the flooded page are bounded by the per-page limit, and the
    next run resumes at most NEWSCRAWL_MAX_RESUMED_PENDING of them."""
    assert flood_crawl["pending"] <= 500 + 10
    resumed = sum(
        v
        for k, v in flood_crawl["second_stats"].items()
        if k.startswith("newscrawl/pending/resumed")
    )
    assert resumed <= 1000
    # the run's reach counts each article once, however many links led to it
    assert flood_crawl["stats"]["newscrawl/reached"] == 45
    assert 45 / 2 <= flood_crawl["second_stats"]["newscrawl/reached"] <= 45
    assert flood_crawl["second_stats"]["newscrawl/history/runs"] == 1
    assert flood_crawl["second_stats"]["downloader/request_count"] <= 45 + 1000 + 20


def test_listing_traps_are_bounded(flood_crawl: dict[str, Any]) -> None:
    """G4: an endless section trap stops at NEWSCRAWL_MAX_LISTINGS, and 300 ``?utm_source=``
    copies of a section are one listing."""
    stats, hits = flood_crawl["stats"], flood_crawl["hits"]
    assert stats["newscrawl/refused/listings"] >= 1
    assert sum(1 for key in hits if "trap" in key) <= 300
    assert not [key for key in hits if "utm_source" in key]
    assert hits[path_key("/417-أخبار-الرياضة")] == 1


def test_a_feed_without_items_is_loud(flood_crawl: dict[str, Any]) -> None:
    """G11: a feed that parses to no item is a WARNING and a stat, and the start-pages monitor
    fails the run (exit 3)."""
    stats = flood_crawl["stats"]
    assert stats["newscrawl/empty/feed"] == 1
    assert stats["newscrawl/start/rss/links"] == 0
    assert any(
        "WARNING" in line and "No links on the feed" in line
        for line in flood_crawl["result"].stderr.splitlines()
    )


def test_a_shrunken_run_fails(tmp_path: Path) -> None:
    """Acceptance 1: a homepage that yields nothing fails the start-pages monitor, and a run that
    reaches far fewer articles than the site's recent runs fails the reach monitor (exit 3)."""
    from newscrawl.state import SQLiteState

    state = tmp_path / "state.sqlite3"
    server = SnapshotServer(DEFAULT_ROOT)
    for run in range(3):  # three earlier runs of this origin, each reaching 45 articles
        store = SQLiteState(state, key=server.url)
        store.open(f"earlier-{run}")
        store.record_reach(45)
        store.close(finished=True)
    empty = "<html><head><title>x</title></head><body><p>maintenance</p></body></html>"
    server.faults = {"/": {"kind": "replace", "body": empty, "content_type": "text/html"}}
    with served(server):
        result, items, report, _ = measured_crawl(server.url, tmp_path / "a.jsonl", state=state)
    stats = report["stats"]
    assert result.returncode == 3
    failed = {f["monitor"] for f in report["monitors"]["failures"]}
    assert failed == {
        "Start pages/Every start page gave links",
        "Reach/The run reached its usual share of the site",
    }
    assert stats["newscrawl/empty/listing"] == 1
    assert stats["newscrawl/reached"] == len(items) < 45 / 2
    db = sqlite3.connect(state)
    assert db.execute("SELECT COUNT(*) FROM run_reach").fetchone()[0] == 4
    db.close()


CRAWL_DELAY = 4  # seconds; the crawls below gate the slot from 2 s on (NEWSCRAWL_GATE_DELAY)
GATE = ("-s", "NEWSCRAWL_GATE_DELAY=2")


def _slow_site() -> SnapshotServer:
    server = SnapshotServer(DEFAULT_ROOT)
    robots = f"User-agent: *\nCrawl-delay: {CRAWL_DELAY}\n"
    server.faults = {
        "/robots.txt": {"kind": "replace", "body": robots, "content_type": "text/plain"}
    }
    return server


def test_a_run_ends_on_its_time_budget(tmp_path: Path) -> None:
    """G14: NEWSCRAWL_MAX_RUN_SECONDS ends the run with its state saved, and the requests
    queued behind a long Crawl-delay are dropped, not waited out (each would cost 4 s)."""
    server = _slow_site()
    state = tmp_path / "state.sqlite3"
    with served(server):
        result, _, report, _ = measured_crawl(
            server.url,
            tmp_path / "a.jsonl",
            *("-s", "NEWSCRAWL_MAX_RUN_SECONDS=2", *GATE),
            state=state,
        )
    stats = report["stats"]
    assert report["finish_reason"] == "max_run_seconds"
    assert result.returncode == 3
    assert stats["newscrawl/stopping/dropped"] >= 1
    # robots.txt, the homepage, and at most the one request that was in the slot
    assert sum(server.hits.values()) <= 3, server.hits
    db = sqlite3.connect(state)
    assert db.execute("SELECT COUNT(*) FROM runs WHERE finished IS NULL").fetchone()[0] == 1
    db.close()
    lock = state.with_name(state.name + ".lock")
    import fcntl

    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released


def test_a_graceful_stop_does_not_wait_out_the_queue(tmp_path: Path) -> None:
    """G14: Ctrl-C (systemd's KillSignal=SIGINT) under a long Crawl-delay: the queued requests
    are dropped, at most the one in the download slot is still sent."""
    import signal
    import time

    server = _slow_site()
    out = tmp_path / "a.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "almaghribtoday",
        "-a", f"base_url={server.url}", "-O", str(out),
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"NEWSCRAWL_REPORT={out.with_suffix('.report.json')}",
        "-s", f"NEWSCRAWL_STATE_PATH={tmp_path / 'state.sqlite3'}", *GATE,
    ]  # fmt: skip
    with served(server):
        process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
        for _ in range(600):  # until the homepage has been requested (bounded: 60 s)
            if path_key("/") in server.hits:
                break
            time.sleep(0.1)
        time.sleep(1)  # the homepage's links are queued behind the delay
        before = sum(server.hits.values())
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=CRAWL_DELAY * 4)
        after = sum(server.hits.values())
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    assert report["finish_reason"] == "shutdown", stderr[-2000:]
    assert report["stats"].get("newscrawl/stopping/dropped", 0) >= 1
    assert after - before <= 1


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_a_huge_robots_txt_is_obeyed_as_far_as_read(tmp_path: Path, compressed: bool) -> None:
    """G9: a 9 MB robots.txt (plain, or gzip-compressed: 60 MB inflated) was ignored as too
    large, and its ``Disallow: /`` with it; it is read up to its first 500 KiB and obeyed."""
    server = SnapshotServer(DEFAULT_ROOT)
    size = 60_000_000 if compressed else 9_000_000
    server.faults = {
        "/robots.txt": {"kind": "robots_huge", "size": size, "gzip": compressed},
    }
    with served(server):
        _, items, report, _ = measured_crawl(server.url, tmp_path / "a.jsonl")
    stats = report["stats"]
    assert not items
    assert set(server.hits) == {"/robots.txt"}
    assert stats["newscrawl/robotstxt/truncated"] == 1
    assert stats["robotstxt/forbidden"] >= 2


def test_robots_rules_cost_is_bounded(tmp_path: Path) -> None:
    """G15: 7 MB of wildcard rules that disallow nothing made a crawl's CPU time ten times
    longer; read up to 500 KiB, the crawl's CPU stays within three times a plain crawl's."""
    server = SnapshotServer(DEFAULT_ROOT)
    with served(server):
        _, plain, _, _ = measured_crawl(server.url, tmp_path / "plain.jsonl")
    rules = "User-agent: *\nDisallow: /search\n"
    server = SnapshotServer(DEFAULT_ROOT)
    server.faults = {"/robots.txt": {"kind": "robots_huge", "body": rules, "size": 7_400_000}}
    with served(server):
        _, items, report, _ = measured_crawl(server.url, tmp_path / "rules.jsonl")
    assert len(items) == len(plain)
    assert report["stats"]["newscrawl/robotstxt/truncated"] == 1
    ratio = CPU_SECONDS[str(tmp_path / "rules.jsonl")] / CPU_SECONDS[str(tmp_path / "plain.jsonl")]
    print(f"robots.txt of 7.4 MB of wildcard rules: CPU {ratio:.2f} times a plain crawl's")
    assert ratio < 3, ratio


RETRY_AFTER = 5  # seconds each of the 8 pages below asks for


def test_retry_after_holds_up_only_its_own_request(tmp_path: Path) -> None:
    """G2: eight 503s with ``Retry-After`` filled every one of the 8 download slots while they
    waited, so nothing else was fetched until they were over. Now the retries wait outside the
    downloader: the crawl's other pages arrive at the server before the first retry does. The
    run's total wait is capped (``NEWSCRAWL_MAX_RETRY_AFTER_TOTAL``): two of the eight are given
    up instead of waiting."""
    server = SnapshotServer(DEFAULT_ROOT)
    waiting = ARTICLES[:8]
    server.faults = {
        a.path: {"kind": "http_503", "retry_after": str(RETRY_AFTER), "times": 1} for a in waiting
    }
    with served(server):
        _, items, report, _ = measured_crawl(
            server.url,
            tmp_path / "a.jsonl",
            "-s",
            f"NEWSCRAWL_MAX_RETRY_AFTER_TOTAL={RETRY_AFTER * 6}",
        )
        arrivals = [key for _, key in server.arrivals]
    stats = report["stats"]
    assert stats["newscrawl/retry_after/waited"] == 6
    assert stats["newscrawl/retry_after/over_budget"] == 2
    keys = {path_key(a.path) for a in waiting}
    first_retry = next(
        i for i, key in enumerate(arrivals) if key in keys and arrivals[:i].count(key)
    )
    others = [key for key in arrivals if key not in keys]
    before = [key for key in arrivals[:first_retry] if key not in keys]
    assert len(before) == len(others), (len(before), len(others))
    assert len({i["articleId"] for i in items}) == 45 - 2

"""Faults, bad pages and broken servers (issue 6, points 1-3): the crawl goes on, every good
article is exported, and each bad page is retried where that makes sense, then logged with its
URL and reason and counted under a name that says what happened.

Most faults run together in one crawl of the snapshot (each on its own article, so they do not
interfere), with a 3 s download timeout and two retries; the tests then check one fault each.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, XmlResponse

import newscrawl.settings
from newscrawl.pages import ArticlePage, FeedPage, Rejection
from newscrawl.pages.listing import strip_doctype
from newscrawl.urls import article_id
from sitesnapshot.faults import FaultMap, RandomFaults, path_key, rss_bomb
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import REPO, read_output, run_crawl, served
from tests.expected import SITE, expected_items

RETRIES = 2  # RETRY_TIMES of the fault crawls: a retried page is requested 1 + 2 times
# DOWNLOAD_TIMEOUT of the fault crawls, seconds. With 1, one CI run in ten on a loaded 2-core
# machine saw a retried page reach the server twice instead of three times: a crawl stalled for a
# second can time a request out before it reaches the server, which is then retried uncounted
TIMEOUT = 3

ARTICLES = sorted(SITE.articles, key=lambda a: a.key)


def crawl(
    base_url: str, out: Path, *extra: str, state: Path | None = None, timeout: int = 240
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]], dict[str, Any]]:
    """The real ``scrapy crawl almaghribtoday`` against ``base_url``, with a state file of its
    own beside ``out``, no delays, and short timeouts; returns the process, items and report."""
    result = run_crawl(
        base_url,
        out,
        *("-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}"),
        *("-s", f"RETRY_TIMES={RETRIES}"),
        *extra,
        timeout=timeout,
        state=state,
    )
    items, report = read_output(out, result)
    return result, items, report


def url_of(base_url: str, article: Any) -> str:
    return base_url + quote(article.path)


# ---- the fault of each article in the shared crawl ------------------------------------------
# (fault, what the crawl must make of it); articles are taken in key order, one each
FAULTS: list[tuple[str, dict[str, Any], str]] = [
    ("http_500", {"kind": "http_500"}, "failed/http_500"),
    ("http_503", {"kind": "http_503"}, "failed/http_503"),
    ("http_503_retry_after", {"kind": "http_503", "retry_after": "1", "times": 1}, "exported"),
    ("http_429_retry_after", {"kind": "http_429", "retry_after": "1", "times": 1}, "exported"),
    ("http_404", {"kind": "http_404"}, "failed/http_404"),
    ("timeout", {"kind": "timeout", "sleep": TIMEOUT + 1.5}, "failed/timeout"),
    ("reset", {"kind": "reset"}, "failed/connection_lost"),
    ("truncated", {"kind": "truncated"}, "failed/data_loss"),
    ("empty", {"kind": "empty"}, "dropped/empty"),
    ("not_html", {"kind": "not_html"}, "dropped/not_html"),
    ("oversize", {"kind": "oversize", "size": 3_000_000}, "failed/too_large"),
    (
        "oversize_stream",
        {"kind": "oversize", "size": 3_000_000, "declare_length": False},
        "failed/too_large",
    ),
    ("redirect_loop", {"kind": "redirect_loop"}, "failed/redirect_loop"),
    ("redirect_offsite", {"kind": "redirect", "location": "FOREIGN/x"}, "failed/offsite_redirect"),
    (
        "redirect_malformed",
        {"kind": "redirect", "location": "http://127.0.0.1:port/x"},
        "failed/malformed_redirect",
    ),
    ("cp1256_header", {"kind": "cp1256_header"}, "exported"),
    ("cp1256_meta", {"kind": "cp1256_meta"}, "exported"),
    ("cp1256_wrong", {"kind": "cp1256_wrong"}, "exported"),
    ("utf8_declared_cp1256", {"kind": "utf8_declared_cp1256"}, "exported"),
    ("unclosed", {"kind": "unclosed"}, "exported"),
    ("no_paragraphs", {"kind": "no_paragraphs"}, "dropped/no_body"),
    ("no_headline", {"kind": "no_headline"}, "dropped/no_headline"),
    ("binary", {"kind": "binary", "size": 20_000}, "dropped/binary"),
    ("http_500_twice", {"kind": "http_500", "times": 2}, "exported"),
    ("timeout_once", {"kind": "timeout", "sleep": TIMEOUT + 1.5, "times": 1}, "exported"),
    ("reset_once", {"kind": "reset", "times": 1}, "exported"),
    ("truncated_once", {"kind": "truncated", "times": 1}, "exported"),
    ("empty_once", {"kind": "empty", "times": 1}, "exported"),
]
# faults a retry may cure: the page is requested 1 + RETRIES times when it never recovers
RETRIED = {"http_500", "http_503", "timeout", "reset", "truncated", "empty"}
ONCE = {"http_404", "not_html", "oversize", "oversize_stream", "binary", "no_paragraphs"}
ONCE |= {"no_headline", "redirect_offsite", "redirect_malformed"}
CP1256 = ["cp1256_header", "cp1256_meta", "cp1256_wrong", "utf8_declared_cp1256"]
ASSIGNED = {name: ARTICLES[i] for i, (name, _, _) in enumerate(FAULTS)}


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Every fault at once, in one crawl."""
    foreign = SnapshotServer(DEFAULT_ROOT)  # another host: must get no request
    server = SnapshotServer(DEFAULT_ROOT)
    paths: dict[str, Any] = {"/rss": {"kind": "rss_bomb"}}
    for name, spec, _ in FAULTS:
        spec = dict(spec)
        if spec.get("location", "").startswith("FOREIGN"):
            spec["location"] = spec["location"].replace("FOREIGN", foreign.url)
        paths[ASSIGNED[name].path] = spec
    server.faults = {"paths": paths}
    out = tmp_path_factory.mktemp("faults") / "items.jsonl"
    with served(foreign), served(server):
        result, items, report = crawl(
            server.url,
            out,
            *("-s", "DOWNLOAD_MAXSIZE=2000000", "-s", "LOG_LEVEL=DEBUG"),
        )
    yield {
        "base_url": server.url,
        "result": result,
        "items": {item["articleId"]: item for item in items},
        "lines": items,
        "stats": report["stats"],
        "report": report,
        "hits": dict(server.hits),
        "foreign_hits": dict(foreign.hits),
        "server": server,
    }


def _hits(crawl: dict[str, Any], name: str) -> int:
    return crawl["hits"].get(path_key(ASSIGNED[name].path), 0)


def test_crawl_finishes_normally(fault_crawl: dict[str, Any]) -> None:
    """Finished, no exception in a callback or the engine. (The monitors may still fail the
    run on the ERRORs of Scrapy's "Gave up retrying": loud, as a scheduled run should be.)"""
    log = fault_crawl["result"].stderr
    assert fault_crawl["report"]["finish_reason"] == "finished"
    for sign in ("Spider error processing", "Unhandled error", "Error downloading"):
        assert sign not in log, log[log.find(sign) - 500 :][:3000]
    assert not [k for k in fault_crawl["stats"] if k.startswith("spider_exceptions")]
    assert "internal meta keys" not in log


def test_every_good_article_is_exported_once(fault_crawl: dict[str, Any]) -> None:
    bad = {ASSIGNED[name].article_id for name, _, outcome in FAULTS if outcome != "exported"}
    expected = set(expected_items(fault_crawl["base_url"])) - bad
    ids = [item["articleId"] for item in fault_crawl["lines"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected


@pytest.mark.parametrize(("name", "spec", "outcome"), FAULTS, ids=[f[0] for f in FAULTS])
def test_each_fault(fault_crawl: dict[str, Any], name: str, spec: Any, outcome: str) -> None:
    article = ASSIGNED[name]
    stats, log = fault_crawl["stats"], fault_crawl["result"].stderr
    hits = _hits(fault_crawl, name)
    if outcome == "exported":
        item = fault_crawl["items"].get(article.article_id)
        assert item is not None, f"{name}: the article was not exported"
        times = spec.get("times", 0)
        assert hits == times + 1, f"{name}: requested {hits} times"
        return
    assert article.article_id not in fault_crawl["items"]
    assert stats.get(f"newscrawl/{outcome}", 0) >= 1, sorted(
        k for k in stats if k.startswith("newscrawl/")
    )
    # logged with the URL and the reason
    reason = outcome.split("/", 1)[1].replace("_", " " if outcome.startswith("dropped") else "_")
    url = url_of(fault_crawl["base_url"], article)
    assert any(url in line and reason in line for line in log.splitlines()), (name, url, reason)
    if name in RETRIED:
        assert hits == 1 + RETRIES, f"{name}: requested {hits} times, expected retries"
    if name in ONCE:
        assert hits == 1, f"{name}: requested {hits} times, should not be retried"


def test_redirect_loop_is_stopped_at_the_first_repeat(fault_crawl: dict[str, Any]) -> None:
    key = path_key(ASSIGNED["redirect_loop"].path)
    assert fault_crawl["hits"].get(key) == 1
    assert fault_crawl["hits"].get(key + "?loop") == 1


def test_redirect_to_another_host_requests_nothing_there(fault_crawl: dict[str, Any]) -> None:
    assert fault_crawl["foreign_hits"] == {}
    assert fault_crawl["stats"].get("newscrawl/refused/offsite_redirect") == 1


@pytest.mark.parametrize("name", CP1256)
def test_windows_1256_article_equals_its_utf8_original(
    fault_crawl: dict[str, Any], name: str
) -> None:
    article = ASSIGNED[name]
    item = fault_crawl["items"][article.article_id]
    expected = expected_items(fault_crawl["base_url"])[article.article_id]
    for field in ("headline", "articleBody", "description", "keywords", "authors", "dateline"):
        assert item[field] == expected[field], field
    assert item["datePublished"] == expected["datePublished"]
    line = json.dumps(item, ensure_ascii=False)
    assert "\ufffd" not in line and "Ø" not in line and "Ù" not in line


def test_no_exported_item_has_mojibake_or_a_wrong_date(fault_crawl: dict[str, Any]) -> None:
    expected = expected_items(fault_crawl["base_url"])
    for key, item in fault_crawl["items"].items():
        text = json.dumps(item, ensure_ascii=False)
        assert "\ufffd" not in text and "Ã" not in text and "Ø§" not in text, key
        assert item["datePublished"] == expected[key]["datePublished"], key
        assert item["dateModified"] == expected[key]["dateModified"], key


def test_charset_fixes_are_counted(fault_crawl: dict[str, Any]) -> None:
    stats = fault_crawl["stats"]
    assert stats.get("newscrawl/encoding/fixed/cp1256") == 1  # declared UTF-8, written cp1256
    assert stats.get("newscrawl/encoding/fixed/utf-8") == 1  # declared cp1256, written UTF-8


def test_unclosed_tags_keep_the_article_whole(fault_crawl: dict[str, Any]) -> None:
    article = ASSIGNED["unclosed"]
    item = fault_crawl["items"][article.article_id]
    expected = expected_items(fault_crawl["base_url"])[article.article_id]
    assert item["headline"] == expected["headline"]
    assert item["articleBody"] == expected["articleBody"]


def test_bomb_feed_is_read_without_expanding(fault_crawl: dict[str, Any]) -> None:
    """The crawl read the bomb feed: the articles only the feed links were still found."""
    assert fault_crawl["hits"].get("/rss") == 1
    assert not [k for k in fault_crawl["stats"] if k.startswith("newscrawl/dropped/not_xml")]


def test_bomb_feed_memory_is_bounded() -> None:
    """Counted, not timed: the feed's items all come out, the entity stays one unexpanded
    reference, and parsing allocates a small multiple of the feed's size (10**9 "lol"s, had
    it expanded)."""
    feed = (DEFAULT_ROOT / "rss.xml").read_bytes()
    bomb = rss_bomb(feed)
    plain = FeedPage(XmlResponse(url="http://127.0.0.1/rss", body=feed)).article_links()
    tracemalloc.start()
    try:
        links = FeedPage(XmlResponse(url="http://127.0.0.1/rss", body=bomb)).article_links()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [link.url for link in links] == [link.url for link in plain]
    assert peak < 20 * len(bomb) + 2_000_000, peak
    titles = Selector(body=strip_doctype(bomb), type="xml").xpath("//item/title").getall()
    assert len(titles) == len(plain) and len(titles[0]) < 1000  # "&lol9;" never expanded


# ---- the fault modes themselves ------------------------------------------------------------
def test_fault_map_times_then_normal_page() -> None:
    faults = FaultMap.from_data({"/a": {"kind": "http_503", "times": 2}})
    kinds = [f.kind if f else None for f in (faults.for_request("/a") for _ in range(4))]
    assert kinds == ["http_503", "http_503", None, None]


def test_fault_map_reads_raw_and_encoded_paths() -> None:
    article = ARTICLES[0]
    faults = FaultMap.from_data({quote(article.path): "http_500"})
    assert faults.for_request(path_key(article.path)) is not None


def test_fault_map_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        FaultMap.from_data({"/a": "explode"})


def test_random_faults_are_reproducible_and_near_the_rate() -> None:
    first = RandomFaults(seed=3, rate=0.2)
    second = RandomFaults(seed=3, rate=0.2)
    draws = [first.draw(f"/p{i}", 0) for i in range(2000)]
    assert [d and d.kind for d in draws] == [
        d and d.kind for d in (second.draw(f"/p{i}", 0) for i in range(2000))
    ]
    share = sum(d is not None for d in draws) / len(draws)
    assert 0.17 < share < 0.23
    assert first.draw("/robots.txt", 0) is None


def test_faults_file_on_the_command_line(tmp_path: Path) -> None:
    """``python -m sitesnapshot serve --faults FILE`` answers the mapped path with it."""
    import urllib.error
    import urllib.request

    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"paths": {"/rss": {"kind": "http_503", "retry_after": "7"}}}))
    command = [sys.executable, "-m", "sitesnapshot", "serve", "--faults", str(faults)]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(url + "/rss", timeout=10)
        assert raised.value.code == 503
        assert raised.value.headers["Retry-After"] == "7"
        with urllib.request.urlopen(url + "/", timeout=10) as page:
            assert page.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("kind", ["cp1256_header", "cp1256_meta", "cp1256_wrong"])
def test_page_object_reads_windows_1256_through_the_middleware(kind: str) -> None:
    """The same pages in process: the charset middleware, then the page object."""
    from newscrawl.middlewares import EncodingMiddleware
    from sitesnapshot import faults as F
    from tests.conftest import make_spider

    article = ARTICLES[0]
    routes = json.loads((DEFAULT_ROOT / "routes.json").read_text(encoding="utf-8"))
    page = (DEFAULT_ROOT / routes[article.path]["file"]).read_bytes()
    body, header = {
        "cp1256_header": (F.recode(page, "cp1256", None), "text/html; charset=windows-1256"),
        "cp1256_meta": (F.recode(page, "cp1256", "windows-1256"), "text/html"),
        "cp1256_wrong": (F.recode(page, "cp1256", "utf-8"), "text/html; charset=utf-8"),
    }[kind]
    spider = make_spider()
    url = "http://127.0.0.1:1" + quote(article.path)
    response = HtmlResponse(url=url, body=body, headers={"Content-Type": header})
    fixed = EncodingMiddleware(spider.crawler).process_response(response.request, response)
    result = ArticlePage.from_response(fixed).result()
    assert not isinstance(result, Rejection)
    assert result.headline == article.data["headline"]
    assert "\ufffd" not in (result.articleBody or "")


# ---- point 3: nothing lost under faults ----------------------------------------------------
@pytest.mark.skipif(
    not hasattr(newscrawl.settings, "NEWSCRAWL_STATE_PATH"),
    reason="needs the incremental state store of issue 5 (the NEWSCRAWL_STATE_PATH setting)",
)
def test_random_faults_then_an_incremental_run_export_every_article_once(
    tmp_path: Path,
) -> None:
    """20 % of the requests get a random fault (fixed seed); a second run with the faults off,
    on the same state, fetches what the first missed: together, every article exactly once,
    but for an article answered 404 or 410, which is marked gone and listed in the report
    (issue 15: it is not retried unless a listing links it again)."""
    server = SnapshotServer(
        DEFAULT_ROOT,
        faults={"random": {"seed": 20260, "rate": 0.2, "sleep": TIMEOUT + 1.5, "size": 3_000_000}},
    )
    state = tmp_path / "state.sqlite3"
    first_out, second_out = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    with served(server):
        _, first, first_report = crawl(
            server.url, first_out, "-s", "DOWNLOAD_MAXSIZE=2000000", state=state
        )
        server.faults = None
        _, second, second_report = crawl(server.url, second_out, state=state)
    assert first_report["finish_reason"] == second_report["finish_reason"] == "finished"
    first_failed = [k for k in first_report["stats"] if k.startswith("newscrawl/failed/")]
    assert first_failed or len(first) < len(SITE.articles), "the faults hit nothing"
    ids = [item["articleId"] for item in first + second]
    assert len(ids) == len(set(ids)), "an article was exported twice"
    gone = {
        article_id(page["url"]) for page in first_report["failed_pages"] if page["status"] == "gone"
    }
    assert all(
        page["reason"] in ("http_404", "http_410")
        for page in first_report["failed_pages"]
        if page["status"] == "gone"
    )
    assert set(ids) == set(expected_items(server.url)) - gone
    # the second run did not fetch again what the first exported
    assert not {article_id(i["url"]) for i in second} & {i["articleId"] for i in first}

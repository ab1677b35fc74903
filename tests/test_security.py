"""Hostile pages and arguments (issue 6, point 4): the crawl never requests a host outside the
site, whatever a page, a feed or a redirect says; spider arguments cannot move output files out
of their folder; page content is data, never code; sizes and counts are capped.

"Another host" is a second snapshot server on another port of 127.0.0.1 (and the same one as
``localhost``): it must receive no request at all.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest

from newscrawl import settings as project_settings
from newscrawl.middlewares import on_origin
from newscrawl.urls import Origin, safe_path_part, safe_uri_params
from sitesnapshot.faults import path_key
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import REPO, make_spider, run_crawl, served
from tests.expected import expected_items
from tests.test_faults import ARTICLES, crawl

PACKAGE = REPO / "newscrawl"
SECTION = "/314-أخبار-عاجلة"


def hostile_links(foreign: str, foreign_alias: str) -> str:
    article = quote(ARTICLES[0].path)
    return "\n".join(
        [
            f'<a href="{foreign}{article}">مقال</a>',
            f'<a href="{foreign_alias}{article}">مقال</a>',
            f'<a href="{foreign}/417-أخبار-الرياضة">قسم</a>',
            f'<a href="//{foreign.split("//", 1)[1]}/103-x">قسم</a>',
            f'<a href="http://www.almaghribtoday.net@{foreign.split("//", 1)[1]}{article}">x</a>',
            f"<a href=\"javascript:fetch('{foreign}/js')\">js</a>",
            f'<a href="data:text/html,<a href={foreign}/data>x</a>">data</a>',
            '<a href="file:///etc/passwd">file</a>',
            f'<a href="file://{foreign.split("//", 1)[1]}/314/111111-x">file</a>',
            f'<area href="{foreign}/314/222222-area" />',
            f'<link rel="alternate" href="{foreign}/rss" />',
        ]
    )


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    foreign = SnapshotServer(DEFAULT_ROOT)
    port = foreign.server_address[1]
    foreign_url, alias_url = foreign.url, f"http://localhost:{port}"
    links = hostile_links(foreign_url, alias_url)
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<item><link>{foreign_url}{quote(ARTICLES[1].path)}</link></item>"
        f"<item><link>{alias_url}{quote(ARTICLES[1].path)}</link></item>"
        "<item><link>file:///etc/passwd</link></item>"
        f"<item><guid>javascript:location='{foreign_url}'</guid></item>"
        + "".join(f"<item><link>{quote(a.path)}</link></item>" for a in ARTICLES)
        + "</channel></rss>"
    )
    faults: dict[str, Any] = {
        "/": {"kind": "inject", "html": links},
        # every relative link of this section page now points at the other host
        SECTION: {"kind": "inject", "head": f'<base href="{foreign_url}/" />', "html": links},
        "/rss": {"kind": "replace", "body": feed, "content_type": "application/rss+xml"},
        ARTICLES[2].path: {"kind": "redirect", "location": f"{foreign_url}/r"},
        ARTICLES[3].path: {"kind": "redirect", "location": f"{alias_url}/r"},
        ARTICLES[4].path: {"kind": "redirect", "location": "file:///etc/passwd"},
        ARTICLES[5].path: {
            "kind": "inject",
            "head": f'<meta http-equiv="refresh" content="0;url={foreign_url}/refresh" />',
        },
    }
    server = SnapshotServer(DEFAULT_ROOT, faults=faults)
    out = tmp_path_factory.mktemp("hostile") / "items.jsonl"
    with served(foreign), served(server):
        _, items, report = crawl(server.url, out)
    return {
        "foreign_hits": dict(foreign.hits),
        "hits": dict(server.hits),
        "items": items,
        "stats": report["stats"],
        "report": report,
        "base_url": server.url,
    }


def test_no_request_reaches_another_host(hostile_crawl: dict[str, Any]) -> None:
    assert hostile_crawl["foreign_hits"] == {}


def test_hostile_links_are_dropped_and_the_rest_crawled(hostile_crawl: dict[str, Any]) -> None:
    stats = hostile_crawl["stats"]
    assert hostile_crawl["report"]["finish_reason"] == "finished"
    assert stats.get("newscrawl/links/offsite", 0) >= 4
    redirected = {ARTICLES[i].article_id for i in (2, 3, 4, 5)}
    exported = {item["articleId"] for item in hostile_crawl["items"]}
    assert exported == set(expected_items(hostile_crawl["base_url"])) - redirected
    assert stats.get("newscrawl/failed/offsite_redirect", 0) >= 3
    # nothing odd was asked of the crawled site either: no "/etc/passwd", no javascript
    assert not [k for k in hostile_crawl["hits"] if "passwd" in k or "javascript" in k]


def test_meta_refresh_off_the_site_is_refused(hostile_crawl: dict[str, Any]) -> None:
    assert hostile_crawl["stats"].get("newscrawl/refused/offsite", 0) >= 1


def test_scrapys_offsite_middleware_and_redirects() -> None:
    """What Scrapy 2.19's downloader OffsiteMiddleware does with a redirect target: it filters
    another host name (redirected requests are checked again when scheduled), but not another
    port of the same host, which is why OriginGuardMiddleware compares ``host:port``."""
    spider = make_spider()
    spider.origin = Origin.from_base_url("http://127.0.0.1:8000", ["www.almaghribtoday.net"])
    spider.allowed_domains = ["127.0.0.1"]
    spider.crawler.spider = spider
    middleware = OffsiteMiddleware.from_crawler(spider.crawler)
    middleware.spider_opened(spider)
    meta = {"redirect_urls": ["http://127.0.0.1:8000/314/1-x"]}
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("http://localhost:9000/x", meta=meta))
    middleware.process_request(Request("http://127.0.0.1:9000/x", meta=meta))  # passes
    assert not on_origin(spider.origin, "http://127.0.0.1:9000/x")
    assert on_origin(spider.origin, "http://127.0.0.1:8000/x")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9000/",
        "http://localhost:8000/",
        "http://www.almaghribtoday.net/314/1-x",  # the live site, while a mirror is crawled
        "http://www.almaghribtoday.net@127.0.0.1:8000/",
        "file:///etc/passwd",
        "data:text/html,x",
        "javascript:alert(1)",
        "ftp://127.0.0.1:8000/",
        "http://127.0.0.1:bad/",
    ],
)
def test_origin_guard_refuses(url: str) -> None:
    origin = Origin.from_base_url("http://127.0.0.1:8000", ["www.almaghribtoday.net"])
    assert not on_origin(origin, url)


def test_live_site_may_redirect_between_its_own_hosts() -> None:
    origin = Origin.from_base_url(
        "https://www.almaghribtoday.net", ["www.almaghribtoday.net", "almaghribtoday.net"]
    )
    assert on_origin(origin, "https://almaghribtoday.net/314/1-x")
    assert not on_origin(origin, "https://arabstoday.net/314/1-x")


# ---- paths built from arguments --------------------------------------------------------------
def test_spider_name_cannot_be_changed_by_an_argument(tmp_path: Path) -> None:
    """``output/%(name)s/...`` and the state's folder use the name: ``-a name=../..`` fails the
    run before anything is written."""
    server = SnapshotServer(DEFAULT_ROOT)
    before = set(REPO.parent.iterdir())
    with served(server):
        with pytest.raises(AssertionError):  # no report: the crawl never started
            crawl(server.url, tmp_path / "items.jsonl", "-a", "name=../../escaped")
    # (other programs may write beside the checkout meanwhile: only what the name made counts)
    assert not [p for p in set(REPO.parent.iterdir()) - before if "escaped" in p.name]
    assert not list(REPO.rglob("*escaped*"))
    assert not server.hits


def test_feed_path_placeholders_cannot_escape(tmp_path: Path) -> None:
    """Any spider attribute can be a feed placeholder (Scrapy offers them all): ``%(base_url)s``
    stays one file name inside the feed's folder. (Since issue 15 an argument the spider does not
    declare, ``-a section=../../x``, is refused before anything is written.)"""
    server = SnapshotServer(DEFAULT_ROOT)
    folder = tmp_path / "feeds" / "inner"
    feeds = json.dumps({f"{folder}/%(base_url)s.jsonl": {"format": "jsonlines"}})
    with served(server):
        crawl(
            server.url + "/../../escaped",
            tmp_path / "items.jsonl",
            *("-s", f"FEEDS={feeds}"),
            *("-s", "NEWSCRAWL_MAX_REQUESTS=12"),
        )
        refused = run_crawl(server.url, tmp_path / "x.jsonl", "-a", "section=../../escaped")
    assert refused.returncode == 1 and "unknown spider argument section" in refused.stderr
    assert not (tmp_path / "escaped.jsonl").exists()
    names = [p.name for p in folder.iterdir()]
    assert len(names) == 1 and "/" not in names[0] and names[0].endswith("_.._.._escaped.jsonl")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("../../etc", ".._.._etc"),
        ("..", "_"),
        ("/abs/path", "_abs_path"),
        ("a\\b", "a_b"),
        ("nul\x00byte", "nul_byte"),
        ("almaghribtoday", "almaghribtoday"),
        ("2026-12-01T08-00-06", "2026-12-01T08-00-06"),
    ],
)
def test_safe_path_part(value: str, expected: str) -> None:
    assert safe_path_part(value) == expected


def test_safe_uri_params_keeps_non_text() -> None:
    params = safe_uri_params({"name": "../x", "batch_id": 3, "time": "2026-01-01T00-00-00"})
    assert params == {"name": ".._x", "batch_id": 3, "time": "2026-01-01T00-00-00"}
    assert project_settings.FEED_URI_PARAMS == "newscrawl.urls.safe_uri_params"


# ---- content is data -------------------------------------------------------------------------
def test_page_content_never_reaches_a_shell_eval_or_template(tmp_path: Path) -> None:
    """An article whose text is shell, Python, template and %-format syntax is exported as
    that text, and none of it runs."""
    canary = tmp_path / "pwned"
    payloads = [
        f"$(touch {canary}) `touch {canary}`; touch {canary} | touch {canary}",
        f"__import__('os').system('touch {canary}')",
        "{{7*7}} {% raw %} ${7*7} #{7*7} <%= 7*7 %> %(name)s %s {0.__class__}",
    ]
    routes = json.loads((DEFAULT_ROOT / "routes.json").read_text(encoding="utf-8"))
    article = ARTICLES[6]
    page = (DEFAULT_ROOT / routes[article.path]["file"]).read_text(encoding="utf-8")
    first = article.data["body"][0]
    from html import escape

    hostile = "</p><p>".join(escape(p, quote=False) for p in payloads)
    page = page.replace(escape(first, quote=False), hostile, 1)
    assert hostile in page
    server = SnapshotServer(
        DEFAULT_ROOT,
        faults={article.path: {"kind": "replace", "body": page, "content_type": "text/html"}},
    )
    with served(server):
        _, items, _ = crawl(server.url, tmp_path / "items.jsonl")
    item = next(i for i in items if i["articleId"] == article.article_id)
    for payload in payloads:
        assert payload in item["articleBody"]
    assert not canary.exists()


_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("subprocess", "getoutput")}
_FORBIDDEN_MODULES = {"jinja2", "mako", "string", "pickle", "marshal", "shelve"}


def test_no_shell_eval_or_template_in_the_package() -> None:
    """The package has no eval/exec, no shell, no template engine, no unpickling: there is no
    path by which page content could become code."""
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(REPO)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                    problems.append(f"{where} {func.id}()")
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    if (func.value.id, func.attr) in _FORBIDDEN_ATTRS:
                        problems.append(f"{where} {func.value.id}.{func.attr}()")
                for keyword in node.keywords:
                    if keyword.arg == "shell" and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                    ):
                        problems.append(f"{where} shell=")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                module = node.module if isinstance(node, ast.ImportFrom) else None
                for name in [*names, module or ""]:
                    if name.split(".")[0] in _FORBIDDEN_MODULES:
                        problems.append(f"{where} import {name}")
    assert not problems, problems


# ---- caps ------------------------------------------------------------------------------------
def test_size_caps_are_set() -> None:
    assert 0 < project_settings.DOWNLOAD_MAXSIZE <= 8 * 1024 * 1024
    # a first full run of the live site (205 sections, 5 pages each, ~20 articles a page) needs
    # some 20,000 requests; the cap stops a runaway crawl well before it becomes a flood
    assert 0 < project_settings.NEWSCRAWL_MAX_REQUESTS <= 100_000
    assert 0 < project_settings.NEWSCRAWL_MAX_LISTING_PAGES <= 20


def test_a_page_of_endless_links_is_capped(tmp_path: Path) -> None:
    """A homepage with 3000 article links: the run stops at NEWSCRAWL_MAX_REQUESTS."""
    links = "".join(f'<a href="/314/{i:06d}-x{i}">x</a>' for i in range(3000))
    server = SnapshotServer(DEFAULT_ROOT, faults={"/": {"kind": "inject", "html": links}})
    with served(server):
        _, _, report = crawl(
            server.url, tmp_path / "items.jsonl", "-s", "NEWSCRAWL_MAX_REQUESTS=15"
        )
    assert sum(server.hits.values()) <= 15
    assert report["finish_reason"] == "max_requests"
    assert path_key("/robots.txt") in server.hits

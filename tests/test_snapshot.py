"""The bundled snapshot: reproducible from its content, complete, and faithful to the site's quirks."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from newscrawl.urls import Kind, article_id, classify
from sitesnapshot.content import ARTICLES, SECTIONS
from sitesnapshot.render import NOTICE, Site, build
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer

ROUTES: dict[str, dict[str, str]] = json.loads(
    (DEFAULT_ROOT / "routes.json").read_text(encoding="utf-8")
)


def _page(path: str) -> str:
    return (DEFAULT_ROOT / ROUTES[path]["file"]).read_text(encoding="utf-8")


def _all_html() -> str:
    return "".join(_page(p) for p in ROUTES if ROUTES[p]["type"].startswith("text/html"))


def test_build_reproduces_the_bundled_snapshot(tmp_path: Path) -> None:
    build(Site(SECTIONS, ARTICLES), tmp_path)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled = sorted(p.relative_to(DEFAULT_ROOT) for p in DEFAULT_ROOT.rglob("*") if p.is_file())
    assert built == bundled
    changed = [
        str(p) for p in built if (tmp_path / p).read_bytes() != (DEFAULT_ROOT / p).read_bytes()
    ]
    assert not changed, "run `make snapshot` after editing content.py or render.py"


def test_snapshot_has_what_the_crawl_needs() -> None:
    kinds = [classify(p.split("?")[0]) for p in ROUTES]
    assert "/" in ROUTES and "/rss" in ROUTES and "/robots.txt" in ROUTES
    assert kinds.count(Kind.ARTICLE) + kinds.count(Kind.COLUMN) >= 40
    assert kinds.count(Kind.COLUMN) >= 4
    sections = {p.split("?")[0] for p in ROUTES if classify(p.split("?")[0]) == Kind.SECTION}
    assert len(sections) >= 6
    paginated = {p.split("?")[0] for p in ROUTES if "?start=" in p}
    assert len(paginated) >= 2
    for path in paginated:
        assert ">التالي</a>" in _page(path)


@pytest.mark.parametrize("path", sorted(ROUTES), ids=lambda p: ROUTES[p]["file"])
def test_every_page_says_it_is_a_reconstruction(path: str) -> None:
    assert "reconstruction" in _page(path) or NOTICE in _page(path)


@pytest.mark.parametrize(
    ("quirk", "pattern"),
    [
        (
            "raw Arabic absolute http href",
            r'href="http://www\.almaghribtoday\.net/\d+/\d{6}-[\u0600-\u06ff]',
        ),
        (
            "percent-encoded absolute https href",
            r'href="https://www\.almaghribtoday\.net/\d+/\d{6}-%D8',
        ),
        ("relative raw href", r'href="/\d+/\d{6}-[\u0600-\u06ff]'),
        ("relative percent-encoded href", r'href="/\d+/\d{6}-%D'),
        ("repeated id", r'id="ninezero"[\s\S]*id="ninezero"'),
        ("dateline with -", r'<h4 class="coring">[^<]* - [^<]*</h4>'),
        ("dateline with tatweel", r'<h4 class="coring">[^<]* ـ+ [^<]*</h4>'),
        ("dateline with :", r'<h4 class="coring">[^<]*: [^<]*</h4>'),
        ("dateline with /", r'<h4 class="coring">[^<]*/[^<]*</h4>'),
        (
            "inline related box in the body",
            r'<div id="balmon">(?:(?!</div>\n<div class="tagsbox">)[\s\S])*<div class="relatedinline"',
        ),
        ("related block", r"قد يهمك ايضا :"),
        ("comment form", r"الإسم \*"),
        ("sidebar date line", r'<div class="sidedate">GMT \d\d:\d\d \d{4} '),
        ("nbsp", r"&nbsp;"),
        ("quot", r"&quot;"),
        ("no space after a full stop", r"<p>[^<]*[\u0621-\u064a]\.[\u0621-\u064a]"),
        ("second host", r'href="http://host\.arabstoday\.net/'),
        ("amp copy", r'href="https://www\.almaghribtoday\.net/amp/'),
        (
            "both month orders",
            r"GMT[^<]* / [^<]*(?:نوفمبر|أكتوبر)<[\s\S]*GMT[^<]*(?:نوفمبر|أكتوبر) / ",
        ),
    ],
)
def test_snapshot_keeps_the_sites_quirks(quirk: str, pattern: str) -> None:
    assert re.search(pattern, _all_html()), quirk


def test_an_article_is_linked_from_home_section_feed_and_second_host() -> None:
    home, feed = _page("/"), _page("/rss")
    twin = re.search(r'href="http://host\.arabstoday\.net(/[^"]+)"', home)
    assert twin
    key = article_id(twin.group(1))
    assert key
    assert _links_to(home, key) and _links_to(feed, key)
    section = "/" + key.split("/")[0]
    assert any(_links_to(_page(p), key) for p in ROUTES if p.startswith(section + "-"))


def _links_to(text: str, key: str) -> bool:
    """True if an href or an RSS <link> of ``text`` points at the article ``key``."""
    found = re.findall(r'href="([^"]+)"|<link>([^<]+)</link>', text)
    return any(article_id(href) == key for pair in found for href in pair if href)


def test_server_answers_raw_and_encoded_paths(snapshot_server: SnapshotServer) -> None:
    article = next(p for p in ROUTES if classify(p) == Kind.ARTICLE)
    for path in (quote(article), quote(article) + "/"):
        with urllib.request.urlopen(snapshot_server.url + path) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/html")
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(snapshot_server.url + "/314/000000-missing")
    assert missing.value.code == 404

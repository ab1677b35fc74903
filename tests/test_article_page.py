"""The article page object on snapshot pages, field by field against hand-checked JSON, and on
pages whose layout was changed, where the fallbacks must serve and be counted."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from newscrawl.items import ARTICLE_FIELDS
from sitesnapshot.server import DEFAULT_ROOT
from tests.conftest import extract

GOLDEN = sorted((Path(__file__).parent / "pages").glob("*.json"))
FIELDS = [f for f in ARTICLE_FIELDS if f != "metadata"]


def _golden(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


_extracted: dict[Path, dict[str, Any]] = {}


def _item(path: Path) -> dict[str, Any]:
    if path not in _extracted:
        golden = _golden(path)
        _extracted[path], _ = extract(golden["url"], (DEFAULT_ROOT / golden["page"]).read_bytes())
    return _extracted[path]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("golden", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_page_field(golden: Path, field: str) -> None:
    assert _item(golden)[field] == _golden(golden)[field]


def test_goldens_cover_the_page_kinds() -> None:
    assert {p.stem for p in GOLDEN} >= {
        "staff-updated",
        "two-reporters-updated",
        "column-byline-dash",
    }


# ---- a changed layout ------------------------------------------------------------------------
STAFF = _golden(Path(__file__).parent / "pages" / "staff-updated.json")


def _changed_page() -> bytes:
    html = (DEFAULT_ROOT / STAFF["page"]).read_text(encoding="utf-8")
    html = re.sub(
        r'<h1 class="newstitle">(.*?)</h1>', r'<div class="title2">\1</div>', html
    )  # no h1
    html = html.replace('<div id="balmon">', '<div class="articlebody">')  # body container renamed
    html = re.sub(r'<div class="newsdate">GMT[^<]*</div>\n', "", html)  # own date line gone
    html = html.replace("class='image_container'", "class='photo'")
    html = re.sub(r'<meta property="og:article:section"[^>]*>\n', "", html)
    return html.encode("utf-8")


@pytest.fixture(scope="module")
def changed() -> tuple[dict[str, Any], Any]:
    return extract(STAFF["url"], _changed_page(), listing_date=STAFF["datePublishedRaw"])


@pytest.mark.parametrize(
    ("field", "source"),
    [
        ("headline", "og:title"),
        ("articleBody", "main-text"),
        ("datePublishedRaw", "listing"),
        ("mainImage", "article-image"),
        ("articleSection", "h2.page-title"),
    ],
)
def test_fallback_serves_a_changed_layout(
    changed: tuple[dict[str, Any], Any], field: str, source: str
) -> None:
    item, spider = changed
    assert item["metadata"]["sources"][field] == source
    assert field in item["metadata"]["fallbacks"]
    assert spider.crawler.stats.get_value(f"newscrawl/fallback/{field}") == 1


@pytest.mark.parametrize(
    "field", ["headline", "articleBody", "datePublished", "articleSection", "dateline", "authors"]
)
def test_changed_layout_still_gives_the_right_value(
    changed: tuple[dict[str, Any], Any], field: str
) -> None:
    item, _ = changed
    assert item[field] == STAFF[field]


def test_changed_layout_image_from_the_article_region(changed: tuple[dict[str, Any], Any]) -> None:
    """The renamed image block's picture and caption, found in the article's region, are the
    site's own (the "large" size), not og:image's "exlarge" copy without a caption."""
    item, _ = changed
    assert item["mainImage"] == STAFF["mainImage"]


def test_primary_selectors_count_no_fallback() -> None:
    item, spider = extract(STAFF["url"], (DEFAULT_ROOT / STAFF["page"]).read_bytes())
    assert item["metadata"]["fallbacks"] == []
    assert not [k for k in spider.crawler.stats.get_stats() if k.startswith("newscrawl/fallback/")]


def test_unreadable_date_is_null_with_raw_kept_and_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    html = (DEFAULT_ROOT / STAFF["page"]).read_text(encoding="utf-8")
    html = html.replace(STAFF["datePublishedRaw"], "GMT 08:15 2025 الأربعاء ,31 نيسان / أبريل")
    item, spider = extract(STAFF["url"], html.encode("utf-8"))
    assert item["datePublished"] is None
    assert item["datePublishedRaw"] == "GMT 08:15 2025 الأربعاء ,31 نيسان / أبريل"
    assert spider.crawler.stats.get_value("newscrawl/date_unparsed") == 1
    assert STAFF["url"] in caplog.text and "31 نيسان" in caplog.text


@pytest.mark.parametrize(
    "bad", ["http://www.almaghribtoday.net:port/x", "http://[::1", "ftp://x/y"]
)
def test_malformed_canonical_url_is_not_used_and_the_article_is_kept(bad: str) -> None:
    """A canonical link the schema could not accept (found by the fuzzer: a port that is not a
    number made the related links raise) gives way to og:url, and the article is exported."""
    html = (DEFAULT_ROOT / STAFF["page"]).read_text(encoding="utf-8")
    html, count = re.subn(r'(<link rel="canonical" href=")[^"]*"', rf'\g<1>{bad}"', html)
    assert count == 1
    item, _ = extract(STAFF["url"], html.encode("utf-8"))
    assert item["canonicalUrl"] != bad
    assert item["metadata"]["sources"].get("canonicalUrl") != "link:canonical"
    assert item["relatedArticles"] == STAFF["relatedArticles"]
    assert item["headline"] == STAFF["headline"]

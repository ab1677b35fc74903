"""The site's URL grammar: what a link is, its article key, and where the crawl may fetch it."""

from __future__ import annotations

import unicodedata

import pytest

from newscrawl.urls import Kind, Origin, article_id, classify

ORIGIN = Origin.from_base_url(
    "http://127.0.0.1:8123", ["www.almaghribtoday.net", "almaghribtoday.net"]
)
SLUG_ID = "314/102152-الخلاف-يحبط-المساعي"
ENCODED = "/314/102152-%D8%A7%D9%84%D8%AE%D9%84%D8%A7%D9%81-%D9%8A%D8%AD%D8%A8%D8%B7-%D8%A7%D9%84%D9%85%D8%B3%D8%A7%D8%B9%D9%8A"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://www.almaghribtoday.net/314/102152-الخلاف-يحبط", Kind.ARTICLE),
        ("http://www.almaghribtoday.net" + ENCODED, Kind.ARTICLE),
        ("/w-1046/052021-معنى-معركة-بيروت", Kind.COLUMN),
        ("/amp/314/102152-الخلاف-يحبط", Kind.ARTICLE),
        ("/485/قمة-عربية-في-الرباط", Kind.ARTICLE),
        ("/417-أخبار-الرياضة/", Kind.SECTION),
        ("/2013-09-13-14-42-41", Kind.SECTION),
        ("/w-1046-more/", Kind.WRITER),
        ("/v-915/013153-شاهد-الجيش", Kind.VIDEO),
        ("/rss", Kind.FEED),
        ("/health/rss.xml", Kind.FEED),
        ("/", Kind.HOME),
        ("/home/newspaper", Kind.OTHER),
        ("/أبراج", Kind.OTHER),
        ("/485/2", Kind.OTHER),
    ],
    ids=[
        "article-raw",
        "article-encoded",
        "column",
        "amp",
        "no-time-sister-form",
        "section",
        "opinions-alias",
        "writer",
        "video",
        "rss",
        "section-rss",
        "home",
        "newspaper",
        "top-category",
        "numeric-not-article",
    ],
)
def test_classify(url: str, kind: Kind) -> None:
    assert classify(url) == kind


@pytest.mark.parametrize(
    "url",
    [
        "http://www.almaghribtoday.net/314/102152-الخلاف-يحبط-المساعي",
        "https://almaghribtoday.net" + ENCODED,
        "http://host.arabstoday.net" + ENCODED + "/",
        "/amp/314/102152-الخلاف-يحبط-المساعي",
        "/314/102152-الخلاف-يحبط-المساعي?utm_source=rss#comments",
    ],
    ids=["raw", "encoded-bare-host", "second-host-slash", "amp", "query-fragment"],
)
def test_article_id_is_the_same_for_every_form(url: str) -> None:
    assert article_id(url) == SLUG_ID


def test_article_id_is_nfc() -> None:
    composed = "/417/093015-أخبار-الرياضة"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert article_id(decomposed) == article_id(composed) == "417/093015-أخبار-الرياضة"


def test_article_id_none_for_listings() -> None:
    assert article_id("/417-أخبار-الرياضة/") is None
    assert article_id("/w-1046-more/") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://www.almaghribtoday.net/314/102152-الخلاف",
            "http://127.0.0.1:8123/314/102152-%D8%A7%D9%84%D8%AE%D9%84%D8%A7%D9%81",
        ),
        ("https://almaghribtoday.net/417-x/?start=6", "http://127.0.0.1:8123/417-x/?start=6"),
        ("http://127.0.0.1:8123/rss", "http://127.0.0.1:8123/rss"),
        ("http://www.arabstoday.net/314/102152-x", None),
        ("http://evil.example/314/102152-x", None),
        ("http://www.almaghribtoday.net@evil.example/314/102152-x", None),
        ("http://www.almaghribtoday.net.evil.example/314/102152-x", None),
        ("http://127.0.0.1:9999/314/102152-x", None),
        ("javascript:alert(1)", None),
        ("data:text/html,hi", None),
        ("file:///etc/passwd", None),
        ("mailto:info@almaghribtoday.net", None),
    ],
    ids=[
        "site-host",
        "bare-host-query",
        "origin",
        "sister-site",
        "other-host",
        "userinfo-trick",
        "suffix-trick",
        "other-port",
        "javascript",
        "data",
        "file",
        "mailto",
    ],
)
def test_rebase_keeps_the_crawl_on_its_origin(url: str, expected: str | None) -> None:
    assert ORIGIN.rebase(url) == expected


def test_article_url_drops_amp_and_slash() -> None:
    assert (
        ORIGIN.article_url("https://www.almaghribtoday.net/amp/314/102152-x/")
        == "http://127.0.0.1:8123/314/102152-x"
    )


@pytest.mark.parametrize(
    "bad", ["ftp://x", "127.0.0.1:80", "", "http://"], ids=["ftp", "no-scheme", "empty", "no-host"]
)
def test_base_url_is_validated(bad: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        Origin.from_base_url(bad, [])

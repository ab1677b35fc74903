"""Link discovery on listings: the real 2018 homepages, and the spider's routing of what it finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newscrawl.urls import Kind, article_id, classify
from tests.conftest import REAL_HOME, REAL_SISTER_HOME, callback_output, make_spider, real_material


def _routed(home: Path, site: str) -> tuple[list, list]:
    spider = make_spider(
        NEWSCRAWL_BASE_URL=f"http://www.{site}", NEWSCRAWL_SITE_HOSTS=[f"www.{site}", site]
    )
    response = HtmlResponse(url=f"http://www.{site}/", body=home.read_bytes(), encoding="utf-8")
    requests = callback_output(spider.parse_listing(response))
    articles = [r for r in requests if r.callback == spider.parse_article]
    listings = [r for r in requests if r.callback == spider.parse_listing]
    return articles, listings


@pytest.mark.parametrize(
    ("page", "site"),
    [(REAL_HOME, "almaghribtoday.net"), (REAL_SISTER_HOME, "arabstoday.net")],
    ids=["almaghribtoday-2018", "arabstoday-2018"],
)
def test_real_homepage_yields_its_95_articles_and_columns(page: Path, site: str) -> None:
    articles, _ = _routed(real_material(page), site)
    keys = [article_id(r.url) for r in articles]
    assert len(keys) == len(set(keys)) == 95
    kinds = {classify(r.url) for r in articles}
    assert kinds <= {Kind.ARTICLE, Kind.COLUMN}
    assert sum(classify(r.url) == Kind.COLUMN for r in articles) == 5


def test_real_homepage_sends_no_section_video_or_writer_page_to_the_article_parser() -> None:
    articles, listings = _routed(real_material(REAL_HOME), "almaghribtoday.net")
    paths = [r.url for r in articles]
    assert not [u for u in paths if "/v-" in u or "-more" in u]
    # the 193 sections (205 links, 12 of them a second form of the same page, with and without
    # the trailing slash) and 5 writer pages are followed as listings, each requested once
    assert {classify(r.url) for r in listings} == {Kind.SECTION, Kind.WRITER}
    assert sum(classify(r.url) == Kind.WRITER for r in listings) == 5
    assert sum(classify(r.url) == Kind.SECTION for r in listings) == 193
    assert len({r.url for r in listings}) == len(listings)


def test_real_homepage_requests_stay_on_the_site() -> None:
    articles, listings = _routed(real_material(REAL_HOME), "almaghribtoday.net")
    assert {r.url.split("/")[2] for r in articles + listings} == {"www.almaghribtoday.net"}


def test_section_page_gives_each_article_its_own_date_lines() -> None:
    from newscrawl.pages import ListingPage
    from sitesnapshot.render import date_line
    from sitesnapshot.server import DEFAULT_ROOT
    from tests.expected import SITE

    section = SITE.sections[0]
    path, file, _ = SITE.section_pages(section)[0]
    response = HtmlResponse(
        url="https://www.almaghribtoday.net" + path, body=(DEFAULT_ROOT / file).read_bytes()
    )
    links = {article_id(link.url): link for link in ListingPage(response).article_links()}
    for article in section.articles[:6]:
        link = links[article.article_id]
        assert link.date_line == date_line(article.published, article.index)
        if article.modified:
            assert link.updated == "آخر تحديث " + date_line(article.modified, article.index + 1)
        else:
            assert link.updated is None


def test_section_links_lose_their_trailing_slash() -> None:
    from newscrawl.urls import Origin

    origin = Origin.from_base_url("http://127.0.0.1:1", ["www.almaghribtoday.net"])
    with_slash = origin.listing_url("http://www.almaghribtoday.net/417-أخبار-الرياضة/")
    assert with_slash == origin.listing_url("http://www.almaghribtoday.net/417-أخبار-الرياضة")
    assert origin.listing_url("http://www.almaghribtoday.net/w-1046-more/").endswith(
        "/w-1046-more/"
    )


# ---- routing on the snapshot's own pages ---------------------------------------------------------
def _snapshot_response(path: str, **settings: object) -> tuple[object, object]:
    import json

    from scrapy.http import TextResponse, XmlResponse

    from sitesnapshot.server import DEFAULT_ROOT

    routes = json.loads((DEFAULT_ROOT / "routes.json").read_text(encoding="utf-8"))
    body = (DEFAULT_ROOT / routes[path]["file"]).read_bytes()
    spider = make_spider(NEWSCRAWL_BASE_URL="http://127.0.0.1:8123", **settings)
    kind = XmlResponse if path == "/rss" else HtmlResponse
    url = spider.origin.url(path)
    response: TextResponse = kind(url=url, body=body, encoding="utf-8")
    return spider, response


def test_feed_yields_one_article_request_per_item_on_the_origin() -> None:
    spider, response = _snapshot_response("/rss")
    requests = callback_output(spider.parse_feed(response))  # type: ignore[attr-defined]
    assert len(requests) == 20
    assert all(r.url.startswith("http://127.0.0.1:8123/") for r in requests)
    assert all(r.callback == spider.parse_article for r in requests)  # type: ignore[attr-defined]
    assert all(r.cb_kwargs["listing_date"].endswith("GMT") for r in requests)  # RSS pubDate


def test_section_page_yields_its_articles_and_the_next_page() -> None:
    from tests.expected import SITE

    SITE_SECTION_314 = SITE.sections[0].articles
    spider, response = _snapshot_response("/314-أخبار-عاجلة")
    requests = callback_output(spider.parse_listing(response))  # type: ignore[attr-defined]
    articles = [r for r in requests if r.callback == spider.parse_article]  # type: ignore[attr-defined]
    listed = {article_id(a.path) for a in SITE_SECTION_314[:6]}
    assert listed <= {article_id(r.url) for r in articles}
    next_pages = [r for r in requests if r.cb_kwargs.get("page") == 2]
    assert [r.url.split("?")[1] for r in next_pages] == ["start=6"]


def test_pagination_stops_at_the_configured_page_count() -> None:
    spider, response = _snapshot_response("/314-أخبار-عاجلة", NEWSCRAWL_MAX_LISTING_PAGES=1)
    requests = callback_output(spider.parse_listing(response))  # type: ignore[attr-defined]
    assert not [r for r in requests if "start=" in r.url]


def test_homepage_routes_amp_and_second_host_links() -> None:
    spider, response = _snapshot_response("/")
    requests = callback_output(spider.parse_listing(response))  # type: ignore[attr-defined]
    assert not [r for r in requests if "/amp/" in r.url or "arabstoday" in r.url]
    assert spider.crawler.stats.get_value("newscrawl/links/offsite") == 1  # type: ignore[attr-defined]
    assert not [r for r in requests if classify(r.url) in (Kind.VIDEO, Kind.OTHER)]


# ---- link extraction: Scrapy's LinkExtractor as the listing configures it -------------------
_TRICKY = """<html><head>{base}<link rel="stylesheet" href="/css/site.css">
<link rel="alternate" href=" https://www.almaghribtoday.net/rss "></head><body>
<a href="/314/173000-خبر">raw Arabic</a><a href="/314/173000-خبر#c">fragment</a>
<a href="?start=6">query only</a><a href="417-y">relative</a><a href="/314/173000-خبر">repeat</a>
<a href="javascript:void(0)">js</a><a href="mailto:info@example.org">mail</a>
<a href="/photo.JPG">image</a><a href="/a.pdf?x=1">pdf</a><a href="/a.pdf;v=1">params</a>
<a href="/b.PDF#x">upper case, fragment</a><a href="https://example.zip">a host like a file</a>
<a href="http://[::1/x">bad IPv6</a><a href="http://host:port/x">bad port</a><a>no href</a>
<area href="/417-x?start=12"><a href="&#10;/314/1-x&#9;">whitespace</a>
<a href="/search?q=خبر">query</a></body></html>"""
_ARTICLE = "http://127.0.0.1:8123/314/173000-%D8%AE%D8%A8%D8%B1"


@pytest.mark.parametrize(
    ("base", "folder"), [("", "/"), ('<base href="/sub/dir/">', "/sub/dir/")], ids=["url", "base"]
)
@pytest.mark.parametrize(
    ("encoding", "query"),
    [("utf-8", "%D8%AE%D8%A8%D8%B1"), ("windows-1256", "%CE%C8%D1")],
    ids=["utf-8", "windows-1256"],
)
def test_page_links_in_page_order_repeats_kept_files_and_bogus_links_dropped(
    base: str, folder: str, encoding: str, query: str
) -> None:
    from newscrawl.pages.listing import page_links

    body = _TRICKY.format(base=base).encode(encoding)
    response = HtmlResponse("http://127.0.0.1:8123/417-x", body=body, encoding=encoding)
    # <link> and <area> too; whitespace stripped; relative links joined to the <base href>;
    # a path percent-encoded as UTF-8, a query in the page's encoding; the stylesheet, the image,
    # the documents (whatever their case, query, ;params or fragment), javascript:, mailto: and
    # the links that are no URL (a broken IPv6 host, a port that is no number) dropped
    assert page_links(response) == [
        "https://www.almaghribtoday.net/rss",
        _ARTICLE,
        _ARTICLE + "#c",
        f"http://127.0.0.1:8123{folder}" + ("417-x" if folder == "/" else "") + "?start=6",
        f"http://127.0.0.1:8123{folder}417-y",
        _ARTICLE,
        "https://example.zip",
        "http://127.0.0.1:8123/417-x?start=12",
        "http://127.0.0.1:8123/314/1-x",
        f"http://127.0.0.1:8123/search?q={query}",
    ]


def test_page_links_of_an_xhtml_document() -> None:
    from scrapy.http import XmlResponse

    from newscrawl.pages.listing import page_links

    body = (
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        b'<a href="/314/173000-x">a</a><area href="/417-x"/></body></html>'
    )
    response = XmlResponse("http://127.0.0.1:8123/", body=body)
    assert page_links(response) == [
        "http://127.0.0.1:8123/314/173000-x",
        "http://127.0.0.1:8123/417-x",
    ]


def test_page_links_use_the_one_link_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.linkextractors import LinkExtractor

    from newscrawl.pages.listing import page_links

    def built(*args: object, **kwargs: object) -> None:
        raise AssertionError("a LinkExtractor built for a page")

    monkeypatch.setattr(LinkExtractor, "__init__", built)
    response = HtmlResponse("http://127.0.0.1:8123/", body=b'<a href="/417-x">x</a>')
    assert page_links(response) == ["http://127.0.0.1:8123/417-x"]


def test_page_links_of_the_snapshot_homepage() -> None:
    from newscrawl.pages.listing import page_links
    from sitesnapshot.server import DEFAULT_ROOT

    body = (DEFAULT_ROOT / "home.html").read_bytes()
    links = page_links(HtmlResponse("http://127.0.0.1:8123/", body=body, encoding="utf-8"))
    # 96 hrefs: javascript:, mailto: and the stylesheet are dropped; repeats kept (58 distinct)
    assert (len(links), len(set(links))) == (93, 58)
    home = "http://www.almaghribtoday.net/"  # the page's <base href>
    section = home + "314-%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84%D8%A9"
    assert links[:4] == [home, home, home, section]
    assert all(link.startswith(("http://", "https://")) for link in links)


_LISTINGS = {  # the snapshot's listings: (links, <a>/<area>/<link> with an href)
    "/": (93, 96),
    "/314-أخبار-عاجلة": (33, 36),
    "/417-أخبار-الرياضة?start=6": (27, 30),
    "/w-1464-more/": (20, 23),
}


@pytest.mark.parametrize("path", list(_LISTINGS))
def test_page_links_of_snapshot_listings(path: str) -> None:
    from newscrawl.pages.listing import page_links

    _, response = _snapshot_response(path)
    links = page_links(response)
    hrefs = response.xpath("//a/@href | //area/@href | //link/@href").getall()  # type: ignore[attr-defined]
    assert (len(links), len(hrefs)) == _LISTINGS[path]
    assert all(link.startswith(("http://", "https://")) for link in links)
    assert not [link for link in links if link.endswith(".css")]


@pytest.mark.parametrize(
    ("page", "counts"),
    [(REAL_HOME, (629, 401)), (REAL_SISTER_HOME, (651, 406))],
    ids=["almaghribtoday", "arabstoday"],
)
def test_page_links_of_the_real_homepages(page: Path, counts: tuple[int, int]) -> None:
    from newscrawl.pages.listing import page_links

    body = real_material(page).read_bytes()
    links = page_links(HtmlResponse("http://www.almaghribtoday.net/", body=body, encoding="utf-8"))
    assert (len(links), len(set(links))) == counts


def test_listing_date_lines_are_read_from_the_nearest_ancestor_first() -> None:
    from newscrawl.pages.listing import ListingPage

    line = "GMT 17:30 2025 الإثنين ,{day} تشرين الأول / أكتوبر"
    body = (
        f"<html><body><div><span>{line.format(day=1)}</span>"
        f"<div><span>{line.format(day=2)}</span>"
        '<h3 class="housemaintitle"><a href="/314/173000-x">near</a></h3></div></div>'
        f"<section><span>{line.format(day=3)}</span><article><div><div>"
        '<h3 class="housemaintitle"><a href="/314/173001-y">far</a></h3>'
        "</div></div></article></section></body></html>"
    ).encode()
    response = HtmlResponse("http://127.0.0.1:8123/314-x", body=body, encoding="utf-8")
    dates = {link.url: link.date_line for link in ListingPage(response).article_links()}
    # the first link's date line is its second ancestor's, not the one its third ancestor holds
    # as well; the second link's only date line is five ancestors up: beyond the third, not read
    assert dates == {
        "http://127.0.0.1:8123/314/173000-x": line.format(day=2),
        "http://127.0.0.1:8123/314/173001-y": None,
    }


def test_listing_date_lines_follow_the_base_href() -> None:
    from newscrawl.pages.listing import ListingPage

    body = (
        '<html><head><base href="https://www.almaghribtoday.net/"></head><body>'
        '<div><h3 class="housemaintitle"><a href="314/173000-x">headline</a></h3>'
        "<span>GMT 17:30 2025 الإثنين ,20 تشرين الأول / أكتوبر</span></div></body></html>"
    ).encode()
    response = HtmlResponse("http://127.0.0.1:8123/writers/417-x", body=body, encoding="utf-8")
    links = ListingPage(response).article_links()
    assert [(link.url, link.date_line) for link in links] == [
        (
            "https://www.almaghribtoday.net/314/173000-x",
            "GMT 17:30 2025 الإثنين ,20 تشرين الأول / أكتوبر",
        )
    ]

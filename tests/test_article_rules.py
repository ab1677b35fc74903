"""The extraction rules of issue-sized promises, one page each: dates only from the article,
empty rather than wrong, ``<br>`` ends a line, the minute rule for updates, date conflicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newscrawl.pages import ArticlePage, Rejection
from sitesnapshot.server import DEFAULT_ROOT
from tests.conftest import extract

STAFF = json.loads((Path(__file__).parent / "pages" / "staff-updated.json").read_text("utf-8"))
URL = STAFF["url"]
PAGE = (DEFAULT_ROOT / STAFF["page"]).read_text(encoding="utf-8")
BODY = STAFF["articleBody"].split("\n")
TEASER_LINE = "GMT 11:40 2025 الخميس ,02 أكتوبر / تشرين الأول"


def page(article: str, *, head: str = "", before: str = "", after: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{STAFF['headline']} - المغرب اليوم</title>{head}</head><body>"
        '<header><div class="clock">آخر تحديث GMT 21:03:24</div>'
        '<nav><a href="/">الرئيسية</a> <a href="/314-x">أخبار عاجلة</a></nav></header>'
        f"{before}<main><article>{article}</article></main>{after}"
        "<footer><p>جميع الحقوق محفوظة © 2025 المغرب اليوم</p></footer></body></html>"
    )


def teaser(n: int) -> str:
    return (
        f'<div class="item"><a href="/314/10400{n}-other-{n}">خبر آخر رقم {n} من أخبار اليوم</a>'
        f'<span class="date">{TEASER_LINE}</span></div>'
    )


def paragraphs() -> str:
    return "".join(f"<p>{text}</p>" for text in BODY)


def item_of(html: str, **kwargs: Any) -> dict[str, Any]:
    item, _ = extract(URL, html.encode("utf-8"), **kwargs)
    return item


# ---- dates only from the article -----------------------------------------------------------
def test_sidebar_teaser_dates_are_never_the_articles_date() -> None:
    sidebar = '<div class="most-read">' + "".join(teaser(n) for n in range(3)) + "</div>"
    html = page(f"<h1>{STAFF['headline']}</h1>{paragraphs()}", before=sidebar, after=sidebar)
    item, spider = extract(URL, html.encode("utf-8"))
    assert item["datePublished"] is None and item["datePublishedRaw"] is None
    assert item["dateModified"] is None
    assert item["articleBody"] == STAFF["articleBody"]
    assert spider.crawler.stats.get_value("newscrawl/date_missing/datePublished") == 1


def test_teaser_between_headline_and_body_is_not_the_articles_date() -> None:
    html = page(f"<h1>{STAFF['headline']}</h1><div>{teaser(1)}</div>{paragraphs()}")
    assert item_of(html)["datePublished"] is None


def test_jsonld_only_date_is_taken_not_the_sidebars() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": STAFF["headline"],
        "datePublished": "2025-10-01T09:15:20+01:00",
        "author": [{"@type": "Person", "name": "سعيد الإدريسي"}],
        "publisher": {"@type": "Organization", "name": "المغرب اليوم"},
    }
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    sidebar = '<aside class="sidebar">' + teaser(2) + "</aside>"
    html = page(f"<h1>{STAFF['headline']}</h1>{paragraphs()}", head=head, before=sidebar)
    item = item_of(html)
    assert item["datePublished"] == "2025-10-01T08:15:20+00:00"
    assert item["datePublishedRaw"] == "2025-10-01T09:15:20+01:00"
    assert item["metadata"]["sources"]["datePublishedRaw"] == "jsonld"
    assert item["authors"] == [{"name": "سعيد الإدريسي", "nameRaw": "سعيد الإدريسي"}]


def test_jsonld_of_another_article_is_not_this_pages() -> None:
    other = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [],
    }
    related = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": "https://www.almaghribtoday.net/314/104001-other",
        "datePublished": "2025-10-02T11:40:00+00:00",
    }
    head = "".join(
        f'<script type="application/ld+json">{json.dumps(x)}</script>' for x in (other, related)
    )
    html = page(f"<h1>{STAFF['headline']}</h1>{paragraphs()}", head=head)
    assert item_of(html)["datePublished"] is None


def test_broken_jsonld_block_does_not_hide_the_valid_one() -> None:
    ld = {"@type": "NewsArticle", "datePublished": "2025-10-01T08:15:20Z"}
    head = (
        '<script type="application/ld+json">{"@type": "WebPage", "name": "x",, }}</script>'
        f'<script type="application/ld+json"><!-- {json.dumps(ld)} --></script>'
    )
    html = page(f"<h1>{STAFF['headline']}</h1>{paragraphs()}", head=head)
    assert item_of(html)["datePublished"] == "2025-10-01T08:15:20+00:00"


def test_time_element_in_the_article_header() -> None:
    header = (
        f'<h1>{STAFF["headline"]}</h1><time datetime="2025-10-01T08:15:20+00:00">1 أكتوبر</time>'
    )
    comments = '<ol class="comments"><li><time datetime="2025-12-01T10:00:00Z">x</time></li></ol>'
    item = item_of(page(header + paragraphs(), after=comments))
    assert item["datePublished"] == "2025-10-01T08:15:20+00:00"
    assert item["metadata"]["sources"]["datePublishedRaw"] == "time"


# ---- empty rather than wrong -------------------------------------------------------------------
def test_navigation_and_footer_are_no_body() -> None:
    menu = "".join(f"<div>قسم رقم {n}</div>" for n in range(30))
    html = page(f"<h1>{STAFF['headline']}</h1><div class='x'>{menu}</div>")
    result = ArticlePage.from_html(URL, html).result(publisher="المغرب اليوم")
    assert isinstance(result, Rejection) and result.reason == "no_body"
    assert result.detail


def test_a_body_shorter_than_a_brief_is_no_body() -> None:
    html = page(f"<h1>{STAFF['headline']}</h1><p>خبر قصير جدا.</p>")
    result = ArticlePage.from_html(URL, html).result(publisher="المغرب اليوم")
    assert isinstance(result, Rejection) and result.reason == "no_body"
    assert "fewer than" in result.detail


def test_dropped_body_is_logged_with_url_and_reason_and_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:

    from scrapy.http import HtmlResponse

    from tests.conftest import make_spider

    spider = make_spider()
    html = page(f"<h1>{STAFF['headline']}</h1><p>خبر قصير جدا.</p>")
    response = HtmlResponse(url=URL, body=html.encode("utf-8"))

    assert list(spider.parse_article(response)) == []
    assert spider.crawler.stats.get_value("newscrawl/dropped/no_body") == 1
    assert URL in caplog.text and "fewer than" in caplog.text


# ---- <br> ends a line; cleaning whatever the body's source ------------------------------------
def test_br_separated_body_never_glues_words() -> None:
    text = "تونس - المغرب اليوم<br/>" + "<br/>".join(BODY)
    html = page(f"<h1>{STAFF['headline']}</h1><div class='text'>{text}</div>")
    item = item_of(html)
    assert item["articleBody"] == STAFF["articleBody"]
    assert item["dateline"] == "تونس"
    assert "اليومأعلنت" not in json.dumps(item, ensure_ascii=False)


def test_byline_date_lines_and_comments_leave_the_generic_body() -> None:
    body = (
        "<p>كتب : سعيد الإدريسي</p>"
        f"<p>{STAFF['datePublishedRaw']}</p><p>{STAFF['dateModifiedRaw']}</p>"
        + paragraphs()
        + "<div class='share'><a href='#'>فيسبوك</a> <a href='#'>تويتر</a></div>"
        + "<h3>التعليقات</h3><div class='comment'><p>تعليق قارئ طويل بما يكفي ليبدو نصا.</p></div>"
    )
    item = item_of(page(f"<h1>{STAFF['headline']}</h1><div class='entry'>{body}</div>"))
    assert item["articleBody"] == STAFF["articleBody"]
    assert item["authors"] == [{"name": "سعيد الإدريسي", "nameRaw": "كتب : سعيد الإدريسي"}]
    assert item["datePublished"] == STAFF["datePublished"]
    assert item["dateModified"] == STAFF["dateModified"]


def test_bold_dateline_leading_the_first_paragraph() -> None:
    first = f"<p><strong>الرباط - المغرب اليوم</strong> {BODY[0]}</p>"
    rest = "".join(f"<p>{t}</p>" for t in BODY[1:])
    item = item_of(page(f"<h1>{STAFF['headline']}</h1><section>{first}{rest}</section>"))
    assert item["dateline"] == "الرباط"
    assert item["articleBody"] == STAFF["articleBody"]
    assert item["authors"] == []


# ---- seconds and minutes -------------------------------------------------------------------------
def test_update_in_the_published_minute_is_kept() -> None:
    """Published 08:15:20 (the URL's seconds), updated "GMT 08:15": the same minute, kept."""
    line = STAFF["datePublishedRaw"]  # GMT 08:15 ...
    html = PAGE.replace(STAFF["dateModifiedRaw"], "آخر تحديث " + line)
    item, spider = extract(URL, html.encode("utf-8"))
    assert item["datePublished"] == "2025-10-01T08:15:20+00:00"
    assert item["dateModified"] == "2025-10-01T08:15:00+00:00"
    assert not spider.crawler.stats.get_value("newscrawl/date_modified_before_published")


def test_update_a_minute_before_publication_is_dropped() -> None:
    line = STAFF["datePublishedRaw"].replace("08:15", "08:14")
    html = PAGE.replace(STAFF["dateModifiedRaw"], "آخر تحديث " + line)
    item, spider = extract(URL, html.encode("utf-8"))
    assert item["dateModified"] is None
    assert spider.crawler.stats.get_value("newscrawl/date_modified_before_published") == 1


# ---- conflicts -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("structured", "conflict"),
    [
        ("2025-10-01T08:15:20+00:00", False),  # the same instant
        ("2025-10-01T09:15:20+00:00", False),  # one hour off: a time-zone question
        ("2025-10-01T08:15:20+01:00", False),
        ("2025-09-28T08:15:20+00:00", True),  # three days off: another date
        ("2025-10-01T10:52:00+00:00", True),  # 2 h 37 min off: not a zone offset
    ],
)
def test_visible_line_and_structured_date_disagreeing_is_a_conflict(
    structured: str, conflict: bool
) -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": structured}
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    html = PAGE.replace("</head>", script + "</head>", 1)
    item, spider = extract(URL, html.encode("utf-8"))
    assert item["datePublished"] == STAFF["datePublished"]  # the visible line stands
    conflicts = item["metadata"].get("dateConflicts", {})
    assert ("datePublished" in conflicts) is conflict
    assert bool(spider.crawler.stats.get_value("newscrawl/date_conflict")) is conflict
    if conflict:
        assert conflicts["datePublished"] == {
            "chosen": STAFF["datePublishedRaw"],
            "other": structured,
            "otherSource": "jsonld",
        }
    assert "dateAlternatives" not in item["metadata"]


# ---- pages that once broke the generic extractor (found by fuzzing the layouts) -----------------
@pytest.mark.parametrize(
    "markup",
    [
        # a tag name with a colon: its path is no valid XPath for locating the headline's copy
        "<x:wrap><h1>{headline}</h1></x:wrap><div class='text'>{body}</div>",
        # control characters in the text after a cut element (lxml refuses them on assignment)
        "<h1>{headline}</h1><div class='text'><aside>جانبي</aside>\x0b\x0c{body}</div>",
    ],
)
def test_generic_extractor_survives_odd_markup(markup: str) -> None:
    text = "<br>".join(BODY)
    html = page(markup.format(headline=STAFF["headline"], body=text))
    result = ArticlePage.from_html(URL, html).result(publisher="المغرب اليوم")
    assert not isinstance(result, Rejection)
    assert result.articleBody is not None and BODY[-1][:40] in result.articleBody


def test_malformed_related_link_is_skipped_not_raised() -> None:
    """A related block whose link is no URL ("http://[::1") loses that link, not the page."""
    related = (
        "<div class='related-posts'><h3>مقالات ذات صلة</h3><ul>"
        "<li><a href='http://[::1/314/102030-x'>رابط معطوب في قائمة المقالات</a></li></ul></div>"
    )
    html = page(f"<h1>{STAFF['headline']}</h1><div class='text'>{paragraphs()}</div>{related}")
    result = ArticlePage.from_html(URL, html).result(publisher="المغرب اليوم")
    assert not isinstance(result, Rejection)
    assert result.relatedArticles == []


def test_markup_nested_past_the_parsers_limit_is_reported_as_too_deep() -> None:
    """Nesting deeper than libxml2's 2,048 levels (a template bug; alternating tags, which the
    run-of-bare-tags repair leaves alone) loses what lies deeper: the page is dropped with that
    reason, not as a page without a body."""
    wrapped = "<div><section>" * 1100
    html = page(f"{wrapped}<h1>{STAFF['headline']}</h1>{paragraphs()}")
    result = ArticlePage.from_html(URL, html).result(publisher="المغرب اليوم")
    assert isinstance(result, Rejection) and result.reason == "too_deep"
    assert "2,048" in result.detail
    shallow = page(f"{'<div><section>' * 200}<h1>{STAFF['headline']}</h1>{paragraphs()}")
    assert not isinstance(ArticlePage.from_html(URL, shallow).result(), Rejection)

"""An adversarial set of layouts, written after the extractor scored 100 % on the twenty-nine of
``templates.py``, ``more.py`` and ``third.py``: each page is built to tempt the extractor into a
wrong value (a neighbour's date or author, the site's name as an author or a headline, a
teaser as the body, an impossible date read as a real one), with the same convention (a
function ``(article) -> (html, changes)``, the truth written from the content beside the
template, never from the extractor).

The promise scored here is "right or empty, never wrong": a field the page does not carry for
this article is ``None`` / ``[]`` in the truth. One convention of its own: :data:`UNREADABLE_DATE`
names the layouts whose visible date line names a day that does not exist; their truth keeps
the line as ``datePublishedRaw`` with ``datePublished`` ``None``.
"""

from __future__ import annotations

from typing import Any

from sitesnapshot.render import GREGORIAN, LEVANTINE, WEEKDAYS, Article, date_line, e
from tests.layouts.parts import (
    BASE,
    COMMENTERS,
    COMMENTS,
    NO_DATES,
    SITE_NAME,
    author_names,
    breadcrumbs,
    comment_date,
    figure,
    head,
    inline_of,
    iso,
    jsonld,
    live,
    meta,
    most_read,
    publisher_ld,
    related_list,
    related_of,
    related_truth,
    section_of,
    share_bar,
    sidebar_articles,
    site_footer,
    site_header,
    structured_dates,
    visible_dates,
)
from tests.layouts.templates import Layout, Rendered, _keywords, _paragraphs
from tests.layouts.third import _first_and_byline

#: names credited on other articles' teasers (the project's own words)
OTHER_WRITERS = ["سعيد الإدريسي", "ليلى بنعلي", "يوسف العمراني", "هدى الشرقاوي"]
#: layouts whose visible date line is an impossible date: raw kept, the date ``None``
UNREADABLE_DATE = {"impossible_date"}
#: the 30-day months (and February) a 31st cannot fall in
SHORT_MONTHS = [1, 3, 5, 8, 10]


def _head_meta(article: Article, *, title: str | None = None, canonical: bool = True) -> str:
    d = article.data
    return (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, ","), "name")
        + (f'<link rel="canonical" href="{live(article)}">\n' if canonical else "")
        + meta("og:type", "article")
        + meta("og:title", d["headline"] if title is None else title)
        + meta("og:site_name", SITE_NAME)
        + meta("og:image", article.image())
    )


def _linked(article: Article) -> list[Article]:
    related = related_of(article)
    inline = inline_of(article)
    return related + ([inline] if inline and inline not in related else [])


def _teaser_author(other: Article, n: int) -> str:
    names = author_names(other)
    return names[0] if names else OTHER_WRITERS[(other.index + n) % len(OTHER_WRITERS)]


def _ld(article: Article, dates: dict[str, Any], **more: Any) -> dict[str, Any]:
    d = article.data
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": live(article)},
        "headline": d["headline"],
        "image": [article.image()],
        "datePublished": dates["datePublishedRaw"],
        "publisher": publisher_ld(),
        **more,
    }
    if dates["dateModifiedRaw"]:
        ld["dateModified"] = dates["dateModifiedRaw"]
    return ld


def _page(article: Article, title: str, extra: str, main: str, *, before: str = "") -> str:
    return (
        head(title, extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + before
        + '<main class="content">\n'
        + main
        + "</main>\n"
        + most_read(article)
        + site_footer(article)
    )


# ---- 30 -----------------------------------------------------------------------------------------
def org_author_only(article: Article) -> Rendered:
    """JSON-LD NewsArticle whose ``author`` is the site itself (an Organization "المغرب اليوم",
    alone, in a list, or with the site's URL, by page) beside the same ``publisher``, no Person;
    a ``<meta name="author">`` with the site's name on even pages; no byline and no dateline on
    the page. Dates only in the JSON-LD. Truth: no authors (the site's name is never an
    author), dateline ``None``."""
    d = article.data
    dates = structured_dates(article, article.index % 3)
    org: dict[str, Any] = {"@type": "Organization", "name": SITE_NAME}
    if article.index % 3 == 2:
        org["url"] = f"{BASE}/"
    author: Any = [org] if article.index % 3 == 1 else org
    ld = _ld(article, dates, author=author, articleSection=section_of(article).name)
    extra = _head_meta(article) + jsonld(ld)
    if article.index % 2 == 0:
        extra += meta("author", SITE_NAME, "name")
    linked = _linked(article)
    main = (
        '<article class="post">\n'
        + f'<h1 class="post-title">{e(d["headline"])}</h1>\n'
        + f'<div class="post-meta"><span class="source">المصدر: {SITE_NAME}</span></div>\n'
        + figure(article)
        + '<div class="post-body">\n'
        + _paragraphs(article)
        + "</div>\n"
        + share_bar(article)
        + "</article>\n"
        + related_list(article, linked, "مقالات ذات صلة")
    )
    html = _page(article, f"{d['headline']} | {SITE_NAME}", extra, main)
    return html, {
        **dates,
        "authors": [],
        "dateline": None,
        "relatedArticles": related_truth(linked),
    }


# ---- 31 -----------------------------------------------------------------------------------------
SECTION_BANNERS = ["أخبار عاجلة", "آخر الأخبار", "الأخبار"]


def section_h1(article: Article) -> Rendered:
    """The page's only ``h1`` is a section banner ("أخبار عاجلة", "آخر الأخبار" or
    "الأخبار"), above the article; the headline is an ``h2`` (``og:title`` has it too). The
    site's date line and update line under the ``h2``, the dateline at the start of the first
    paragraph. Truth: the ``h2``'s headline, never the banner."""
    d = article.data
    dates = visible_dates(article)
    first, byline = _first_and_byline(article)
    banner = SECTION_BANNERS[article.index % len(SECTION_BANNERS)]
    updated = (
        f'<span class="updated">{dates["dateModifiedRaw"]}</span>\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    linked = _linked(article)
    main = (
        f'<div class="section-banner"><h1>{e(banner)}</h1></div>\n'
        + '<div class="news-item">\n'
        + f'<h2 class="news-headline">{e(d["headline"])}</h2>\n'
        + f'<span class="published">{dates["datePublishedRaw"]}</span>\n'
        + updated
        + figure(article)
        + '<div class="news-body">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + related_list(article, linked, "اقرأ أيضاً")
        + "</div>\n"
    )
    html = _page(article, f"{banner} - {SITE_NAME}", _head_meta(article), main)
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 32 -----------------------------------------------------------------------------------------
def _teaser_article(article: Article, other: Article, n: int) -> str:
    href = e(other.href(article.index + n))
    who = _teaser_author(other, n)
    return (
        '<article class="teaser">'
        f'<a href="{href}"><img src="{other.image("small")}" alt=""></a>'
        f'<h2><a href="{href}">{e(other.data["headline"])}</a></h2>'
        f'<div class="meta"><span class="date">{date_line(other.published, other.index)}</span> '
        f'<a class="author" rel="author" href="{BASE}/author/{other.index}">{e(who)}</a></div>'
        "</article>\n"
    )


def teasers_first(article: Article) -> Rendered:
    """Three or four ``<article class="teaser">`` elements before the main article in the
    markup (a "featured" strip, not in an ``aside``), each with an ``h2`` link, the site's date
    line and an author link (``a.author``, ``rel=author``). The main ``<article>`` has its
    ``h1``, the dateline in the first paragraph, and no visible date: its dates are only in a
    JSON-LD NewsArticle (+01:00 on odd pages). Truth: the JSON-LD dates, the article's own
    dateline and reporters, never a teaser's."""
    d = article.data
    dates = structured_dates(article, article.index % 2)
    first, byline = _first_and_byline(article)
    ld = _ld(article, dates)
    others = sidebar_articles(article, 3 + article.index % 2, offset=11)
    featured = (
        '<section class="featured">\n'
        + "".join(_teaser_article(article, o, n) for n, o in enumerate(others))
        + "</section>\n"
    )
    linked = _linked(article)
    main = (
        '<article class="post single">\n'
        + f'<h1 class="title">{e(d["headline"])}</h1>\n'
        + figure(article)
        + '<div class="post-text">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + share_bar(article)
        + "</article>\n"
        + related_list(article, linked, "مقالات ذات صلة")
    )
    html = _page(
        article,
        f"{d['headline']} - {SITE_NAME}",
        _head_meta(article) + jsonld(ld),
        main,
        before=featured,
    )
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 33 -----------------------------------------------------------------------------------------
def related_under_headline(article: Article) -> Rendered:
    """A related block directly under the headline, before the image and the text (heading
    "مقالات ذات صلة" or "اقرأ أيضاً"), whose items each carry the site's date line and an
    ``a.author`` link; the article itself shows no date and no author (no dateline, no
    structured data, no ``article:*`` meta). Truth: no dates, no authors, the block's links as
    related articles."""
    d = article.data
    linked = _linked(article)
    items = "".join(
        f'<li><a href="{e(r.href(article.index + i))}">{e(r.data["headline"])}</a> '
        f'<span class="date">{date_line(r.published, r.index)}</span> '
        f'<a class="author" href="{BASE}/author/{r.index}">{e(_teaser_author(r, i))}</a></li>\n'
        for i, r in enumerate(linked)
    )
    heading = ("مقالات ذات صلة", "اقرأ أيضاً")[article.index % 2]
    main = (
        '<div class="article">\n'
        + f"<h1>{e(d['headline'])}</h1>\n"
        + f'<div class="related-top"><h3>{heading}</h3>\n<ul>\n{items}</ul></div>\n'
        + figure(article)
        + '<div class="article-text">\n'
        + _paragraphs(article)
        + "</div>\n"
        + share_bar(article)
        + "</div>\n"
    )
    html = _page(article, f"{d['headline']} | {SITE_NAME}", _head_meta(article), main)
    return html, {
        **NO_DATES,
        "authors": [],
        "dateline": None,
        "relatedArticles": related_truth(linked),
    }


# ---- 34 -----------------------------------------------------------------------------------------
def comments_in_article(article: Article) -> Rendered:
    """Readers' comments inside the ``<article>`` container, after the text (not in an
    ``aside``; the block's class is ``comments`` on even pages, ``reader-talk`` on odd ones),
    each with the commenter's name as a ``/user/...`` link and a site-format date line (hours
    after publication). The article's own dates only in a JSON-LD NewsArticle; the dateline in
    the first paragraph. Truth: the JSON-LD dates, the article's reporters, no commenter."""
    d = article.data
    dates = structured_dates(article)
    first, byline = _first_and_byline(article)
    ld = _ld(article, dates)
    count = 2 + article.index % 2
    comments = "".join(
        '<div class="entry">'
        f'<a class="name" href="{BASE}/user/{(article.index + n) % 97}">'
        f"{e(COMMENTERS[(article.index + n) % len(COMMENTERS)])}</a> "
        f'<span class="when">{date_line(comment_date(article, n), article.index + n)}</span>'
        f"<p>{e(COMMENTS[(article.index + 2 * n) % len(COMMENTS)])}</p></div>\n"
        for n in range(count)
    )
    cls = "comments" if article.index % 2 == 0 else "reader-talk"
    linked = _linked(article)
    main = (
        '<article class="story">\n'
        + f"<h1>{e(d['headline'])}</h1>\n"
        + figure(article)
        + '<div class="story-body">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + related_list(article, linked, "أخبار ذات صلة")
        + f'<div class="{cls}"><h3>آراء القراء ({count})</h3>\n{comments}</div>\n'
        + "</article>\n"
    )
    html = _page(article, f"{d['headline']} - {SITE_NAME}", _head_meta(article) + jsonld(ld), main)
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 35 -----------------------------------------------------------------------------------------
def teaser_body(article: Article) -> Rendered:
    """The CMS's body container (``div.entry-content``) holds only a one-line teaser (the
    article's description) and an "اقرأ المزيد" link to ``#full``; the full text, dateline
    first, is in another block further down (``div#full.article-full``, after the image).
    Decision: the article's body is the full text (what the reader gets after the link), not
    the teaser; the teaser is the description. The site's date line under the headline."""
    d = article.data
    dates = visible_dates(article)
    first, byline = _first_and_byline(article)
    updated = (
        f'<div class="date upd">{dates["dateModifiedRaw"]}</div>\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    linked = _linked(article)
    main = (
        '<div class="post">\n'
        + f'<h1 class="entry-title">{e(d["headline"])}</h1>\n'
        + f'<div class="date">{dates["datePublishedRaw"]}</div>\n'
        + updated
        + '<div class="entry-content">\n'
        + f'<p class="teaser">{e(d["description"])}</p>\n'
        + '<a class="read-more" href="#full">اقرأ المزيد</a>\n'
        + "</div>\n"
        + figure(article)
        + '<div id="full" class="article-full">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + related_list(article, linked, "مقالات ذات صلة")
        + "</div>\n"
    )
    html = _page(article, f"{d['headline']} | {SITE_NAME}", _head_meta(article), main)
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 36 -----------------------------------------------------------------------------------------
def site_name_titles(article: Article) -> Rendered:
    """``og:title`` is only the site's name, ``<title>`` is "المغرب اليوم | الرئيسية", there is
    no ``h1``, and a "آخر الأخبار" ``h2`` heads a list of other headlines before the article
    (on even pages); the headline is an ``h2`` inside the article's block, under the image. The
    site's date line under it, the dateline in the first paragraph. Truth: that ``h2``."""
    d = article.data
    dates = visible_dates(article)
    first, byline = _first_and_byline(article)
    before = ""
    if article.index % 2 == 0:
        others = sidebar_articles(article, 4, offset=2)
        before = (
            '<div class="latest-strip"><h2>آخر الأخبار</h2><ul>'
            + "".join(
                f'<li><a href="{e(o.href(n))}">{e(o.data["headline"])}</a></li>'
                for n, o in enumerate(others)
            )
            + "</ul></div>\n"
        )
    updated = f'<p class="upd">{dates["dateModifiedRaw"]}</p>\n' if dates["dateModifiedRaw"] else ""
    linked = _linked(article)
    main = (
        '<div class="article-wrap"><div class="article-main">\n'
        + figure(article)
        + f'<h2 class="headline">{e(d["headline"])}</h2>\n'
        + f'<p class="date">{dates["datePublishedRaw"]}</p>\n'
        + updated
        + '<div class="text">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + related_list(article, linked, "اقرأ أيضاً")
        + "</div></div>\n"
    )
    html = _page(
        article,
        f"{SITE_NAME} | الرئيسية",
        _head_meta(article, title=SITE_NAME),
        main,
        before=before,
    )
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 37 -----------------------------------------------------------------------------------------
def _impossible_line(article: Article) -> str:
    p = article.published
    month = SHORT_MONTHS[article.index % len(SHORT_MONTHS)]
    day = 30 if month == 1 and article.index % 2 else 31  # 30 or 31 February, 31 of a 30-day month
    lev, greg = LEVANTINE[month], GREGORIAN[month]
    return f"GMT {p:%H:%M} {p.year} {WEEKDAYS[article.index % 7]} ,{day:02d} {lev} / {greg}"


def impossible_date(article: Article) -> Rendered:
    """The site's date line under the headline names a day that does not exist (``,31 نيسان
    / إبريل``, ``,30 شباط / فبراير``: a CMS bug), with the article's own time and year; the
    update line, when there is one, is right. No structured data and no ``article:*`` meta.
    Truth: ``datePublished`` ``None`` with the line kept as ``datePublishedRaw`` (the page
    gives no date one could read; guessing a day would be wrong), ``dateModified`` the update
    line's."""
    d = article.data
    dates = visible_dates(article)
    line = _impossible_line(article)
    first, byline = _first_and_byline(article)
    updated = (
        f'<div class="article-date">{dates["dateModifiedRaw"]}</div>\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    linked = _linked(article)
    main = (
        '<div class="article-box">\n'
        + f'<h1 class="article-headline">{e(d["headline"])}</h1>\n'
        + f'<div class="article-date">{line}</div>\n'
        + updated
        + figure(article)
        + '<div class="article-text">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + related_list(article, linked, "اقرأ أيضاً")
        + "</div>\n"
    )
    html = _page(article, f"{d['headline']} - {SITE_NAME}", _head_meta(article), main)
    return html, {
        **dates,
        "datePublished": None,
        "datePublishedRaw": line,
        "relatedArticles": related_truth(linked),
    }


# ---- 38 -----------------------------------------------------------------------------------------
def microdata_teaser(article: Article) -> Rendered:
    """A microdata ``NewsArticle`` item for a teaser of another article (its ``itemprop=url``
    that article's link, with its headline, ``datePublished`` and a Person ``author``), in an
    ``aside`` on even pages and in a plain ``div.box-news`` beside the article on odd ones; the
    main article has no microdata, no structured data, no visible date and no byline. Truth: no
    dates, no authors, never the teaser's."""
    d = article.data
    others = sidebar_articles(article, 2, offset=4)
    items = "".join(
        '<div class="teaser" itemscope itemtype="https://schema.org/NewsArticle">'
        f'<a itemprop="url" href="{live(o)}"><h4 itemprop="headline">{e(o.data["headline"])}</h4></a>'
        f'<time itemprop="datePublished" datetime="{iso(o.published, 1)}">'
        f"{date_line(o.published, o.index)}</time> "
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<span itemprop="name">{e(_teaser_author(o, n))}</span></span></div>\n'
        for n, o in enumerate(others)
    )
    box = (
        f'<aside class="side-box">{items}</aside>\n'
        if article.index % 2 == 0
        else f'<div class="box-news">{items}</div>\n'
    )
    linked = _linked(article)
    main = (
        '<div class="article">\n'
        + f"<h1>{e(d['headline'])}</h1>\n"
        + figure(article)
        + '<div class="article-text">\n'
        + _paragraphs(article)
        + "</div>\n"
        + related_list(article, linked, "مقالات ذات صلة")
        + "</div>\n"
        + box
    )
    html = _page(article, f"{d['headline']} | {SITE_NAME}", _head_meta(article), main)
    return html, {
        **NO_DATES,
        "authors": [],
        "dateline": None,
        "relatedArticles": related_truth(linked),
    }


ADVERSARIAL: dict[str, Layout] = {
    "org_author_only": org_author_only,
    "section_h1": section_h1,
    "teasers_first": teasers_first,
    "related_under_headline": related_under_headline,
    "comments_in_article": comments_in_article,
    "teaser_body": teaser_body,
    "site_name_titles": site_name_titles,
    "impossible_date": impossible_date,
    "microdata_teaser": microdata_teaser,
}

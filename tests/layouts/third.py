"""A third set of layouts, written after the extractor was tuned to the twenty-one of
``templates.py`` and ``more.py``: the same convention (a function ``(article) -> (html,
changes)``, the truth written from the content beside the template, never from the extractor),
on page shapes the first ones do not have.

One convention of its own: a page that shows only part of the article (page 1 of a paginated
article) has that part as its ``articleBody``; :data:`PARTIAL_BODY` names those layouts, whose
truth body is then a prefix of the gold body's paragraphs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sitesnapshot.render import Article, date_line, e
from tests.layouts.parts import (
    BASE,
    LOGO,
    SITE_NAME,
    author_names,
    breadcrumbs,
    figure,
    head,
    inline_of,
    iso,
    jsonld,
    live,
    main_image,
    meta,
    most_read,
    paragraph_html,
    persons_ld,
    plain_authors,
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
from tests.layouts.templates import Layout, Rendered, _keywords, _kind, _paragraphs

#: the query of an article's second page
PAGE_TWO = "?page=2"


def _head_meta(article: Article, *, canonical: bool = True) -> str:
    d = article.data
    return (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, ","), "name")
        + (f'<link rel="canonical" href="{live(article)}">\n' if canonical else "")
        + meta("og:type", "article")
        + meta("og:title", d["headline"])
        + meta("og:image", article.image())
    )


def _first_and_byline(article: Article, strong: str = "strong") -> tuple[str, str]:
    """The dateline at the start of the first paragraph (reporters and staff: ``city - name``),
    or the writer's byline as a paragraph of its own before the text."""
    if _kind(article) == "writer":
        return "", f"<p>{e(article.dateline())}</p>\n"
    return f"<{strong}>{e(article.dateline())}</{strong}> {paragraph_html(article, 0)}", ""


# ---- 22 -----------------------------------------------------------------------------------------
def two_h1_cards(article: Article) -> Rendered:
    """Two ``<h1>``: the site's name (text on even pages, the logo with the name beside it or
    the logo alone, its alt "المغرب اليوم - Morocco Today", on odd ones) in the header, the
    breadcrumbs, the headline in a second ``h1`` inside ``<article class="post">``;
    several other ``<article class="card">`` elements, each with its own ``h2``, image and
    ``<time>``: the related cards after the text, and (odd pages) a "الأكثر تداولا" strip of
    cards before the article whose ``<time>`` text is the site's date line. The byline is
    ``a[rel=author]`` links; the article's date is the site's line on even pages and only a
    ``<time datetime>`` (+01:00, a short day as its text) on odd ones."""
    d = article.data
    names = author_names(article)
    odd = article.index % 2 == 1
    if odd:
        dates = structured_dates(article, 1)
        p = article.published
        stamp = (
            f'<time class="published" datetime="{dates["datePublishedRaw"]}">{p:%d/%m/%Y}</time>'
        )
        if article.modified is not None:
            m = article.modified
            stamp += (
                f' <time class="updated" datetime="{dates["dateModifiedRaw"]}">'
                f"تم التحديث {m:%d/%m/%Y}</time>"
            )
    else:
        dates = visible_dates(article)
        stamp = f'<span class="date">{dates["datePublishedRaw"]}</span>'
        if dates["dateModifiedRaw"]:
            stamp += f' <span class="date-updated">{dates["dateModifiedRaw"]}</span>'
    if not odd:
        logo = f'<h1 class="site-title"><a href="{BASE}/">{SITE_NAME}</a></h1>'
    elif article.index % 4 == 1:
        logo = (
            f'<h1 class="site-title"><a href="{BASE}/"><img src="{LOGO}" alt="{SITE_NAME}"> '
            f"<span>{SITE_NAME}</span></a></h1>"
        )
    else:  # the logo's alt names the site in both languages, no text beside it
        logo = (
            f'<h1 class="site-title"><a href="{BASE}/">'
            f'<img src="{LOGO}" alt="{SITE_NAME} - Morocco Today"></a></h1>'
        )

    def card(other: Article, n: int, line: bool) -> str:
        when = date_line(other.published, other.index) if line else f"{other.published:%d/%m/%Y}"
        href = e(other.href(article.index + n))
        return (
            '<article class="card">'
            f'<a href="{href}"><img src="{other.image("small")}" alt="{e(other.data["headline"])}"></a>'
            f'<h2 class="card-title"><a href="{href}">{e(other.data["headline"])}</a></h2>'
            f'<time datetime="{iso(other.published, 1)}">{when}</time>'
            "</article>"
        )

    related = related_of(article)
    trending = ""
    if odd:
        trending = (
            '<section class="trending"><h2>الأكثر تداولا</h2>\n'
            + "\n".join(
                card(o, n, True) for n, o in enumerate(sidebar_articles(article, 3, offset=5))
            )
            + "\n</section>\n"
        )
    byline = ""
    if names:
        byline = (
            '<span class="by">بقلم</span> '
            + "، ".join(
                f'<a rel="author" class="author-name" href="{BASE}/author/{i}-{article.index}">{e(n)}</a>'
                for i, n in enumerate(names)
            )
            + " "
        )
    html = (
        head(f"{d['headline']} | {SITE_NAME}", _head_meta(article))
        + '<body class="single">\n'
        + '<header class="site-header">'
        + logo
        + "</header>\n"
        + breadcrumbs(article, " › ")
        + trending
        + '<main class="content">\n<article class="post">\n'
        + f'<h1 class="post-title">{e(d["headline"])}</h1>\n'
        + f'<div class="post-meta">{byline}{stamp}</div>\n'
        + figure(article, cls="post-image")
        + '<div class="post-content">\n'
        + _paragraphs(article)
        + "</div>\n"
        + share_bar(article)
        + "</article>\n"
        + '<section class="related"><h2>مقالات ذات صلة</h2>\n'
        + "\n".join(card(o, n, False) for n, o in enumerate(related))
        + "\n</section>\n</main>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {
        **dates,
        "authors": plain_authors(names),
        "dateline": None,
        "relatedArticles": related_truth(related),
    }


# ---- 23 -----------------------------------------------------------------------------------------
def _entry_times(article: Article, count: int) -> list[datetime]:
    """The times of a live blog's entries: spread up to the update when there is one, else
    every 20 minutes after publication."""
    if article.modified is not None:
        span = (article.modified.replace(second=0) - article.published) / count
        return [(article.published + span * (k + 1)).replace(second=0) for k in range(count)]
    return [
        (article.published + timedelta(minutes=20 * (k + 1))).replace(second=0)
        for k in range(count)
    ]


def live_blog(article: Article) -> Rendered:
    """A live-updates page: the article's date line (and update line) under the headline with
    a "مباشر" badge, then the first paragraph as the lead, then every other paragraph as a
    timestamped entry (``div.live-entry`` with its own site-format date line in
    ``div.entry-time``, in chronological order, the last at the update's minute when there is
    one). Decision (debatable): the article's dates are the header's lines only; the entries'
    time lines are neither the article's dates nor body text (the body is the paragraphs).
    One could argue the last entry's time is the article's ``dateModified`` when no update line
    is shown; this truth says no (``None``), as the page shows no update line."""
    d = article.data
    dates = visible_dates(article)
    first, byline = _first_and_byline(article)
    body = d["body"]
    times = _entry_times(article, len(body) - 1)
    entries = []
    for k, when in enumerate(times, 1):
        entries.append(
            f'<div class="live-entry" id="entry-{k}">'
            f'<div class="entry-time">{date_line(when, article.index + k)}</div>'
            f"<p>{paragraph_html(article, k)}</p></div>\n"
        )
    updated = (
        f' <span class="updated">{dates["dateModifiedRaw"]}</span>'
        if dates["dateModifiedRaw"]
        else ""
    )
    related = related_of(article)
    html = (
        head(f"مباشر | {d['headline']} - {SITE_NAME}", _head_meta(article))
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="live-page">\n'
        + f'<h1 class="live-title">{e(d["headline"])}</h1>\n'
        + '<div class="live-meta"><span class="live-badge">مباشر</span> '
        + f'<span class="date">{dates["datePublishedRaw"]}</span>{updated}</div>\n'
        + figure(article)
        + '<div class="live-blog">\n'
        + byline
        + f'<div class="live-intro"><p>{first or paragraph_html(article, 0)}</p></div>\n'
        + f'<div class="live-entries"><h2>آخر التطورات</h2>\n{"".join(entries)}</div>\n'
        + "</div>\n"
        + related_list(article, related, "مواضيع ذات صلة")
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(related)}


# ---- 24 -----------------------------------------------------------------------------------------
GALLERY_CAPTIONS = [
    "جانب من الأجواء في عين المكان",
    "لقطة عامة للموقع",
    "مشهد من زاوية أخرى",
    "تفاصيل من الصور الملتقطة خلال الجولة",
    "صورة أرشيفية للمكان نفسه",
    "مشاركون خلال الحدث",
]


def _gallery_image(article: Article, n: int) -> str:
    return article.image("large").replace(".jpg", f"-{n}.jpg")


def photo_gallery(article: Article) -> Rendered:
    """A photo-gallery article: the main image is the first ``<figure>`` (the content's image
    and caption), then five to seven more figures with captions of their own
    (``صورة n من m``); all figures in a ``div.gallery`` above the text on even pages,
    interleaved between the paragraphs on odd ones; the captions are never body text; a
    "ألبومات ذات صلة" block (class ``related-galleries``) of the related articles."""
    d = article.data
    dates = visible_dates(article)
    count = 6 + article.index % 3  # the main image and 5 to 7 more
    first, byline = _first_and_byline(article)

    def extra_figure(n: int) -> str:
        caption = GALLERY_CAPTIONS[(article.index + n) % len(GALLERY_CAPTIONS)]
        return (
            f'<figure class="gallery-item"><img src="{_gallery_image(article, n)}" alt="">'
            f'<figcaption>{e(caption)} <span class="count">صورة {n + 1} من {count}</span>'
            "</figcaption></figure>\n"
        )

    main = (
        f'<figure class="gallery-item"><img src="{article.image("large")}" alt="{e(d["headline"])}">'
        f"<figcaption>{e(d['caption'])}</figcaption></figure>\n"
    )
    extras = [extra_figure(n) for n in range(1, count)]
    body = d["body"]
    if article.index % 2 == 0:
        text = '<div class="gallery">\n' + main + "".join(extras) + "</div>\n"
        text += (
            '<div class="gallery-text">\n' + byline + _paragraphs(article, first=first) + "</div>\n"
        )
    else:
        parts = [main, byline]
        per = -(-len(extras) // len(body))  # figures after each paragraph
        for position in range(len(body)):
            para = first if position == 0 and first else paragraph_html(article, position)
            parts.append(f"<p>{para}</p>\n")
            parts.extend(extras[position * per : (position + 1) * per])
        text = '<div class="gallery-text">\n' + "".join(parts) + "</div>\n"
    updated = (
        f' <span class="upd">{dates["dateModifiedRaw"]}</span>' if dates["dateModifiedRaw"] else ""
    )
    related = related_of(article)
    html = (
        head(f"بالصور: {d['headline']} - {SITE_NAME}", _head_meta(article))
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="gallery-article">\n'
        + f'<h1 class="gallery-title">{e(d["headline"])}</h1>\n'
        + f'<div class="gallery-meta"><span class="date">{dates["datePublishedRaw"]}</span>{updated} '
        + f'<span class="gallery-count">{count} صور</span></div>\n'
        + text
        + related_list(article, related, "ألبومات ذات صلة").replace(
            'class="related-posts"', 'class="related-galleries"'
        )
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {
        **dates,
        "mainImage": main_image(article),
        "relatedArticles": related_truth(related),
    }


# ---- 25 -----------------------------------------------------------------------------------------
#: how far the CMS's structured dates are off the visible line (a CMS bug)
CONFLICT_DAYS = 3


def jsonld_conflict(article: Article) -> Rendered:
    """The site's date line under the headline, and a JSON-LD NewsArticle (and the
    ``article:*_time`` meta) whose dates are three days off it (earlier on even pages, later on
    odd ones; +01:00 on every third): a CMS bug. The truth is the visible line; the crawl should
    record the conflict in ``metadata.dateConflicts`` (not scored). Authors also in the JSON-LD
    (the site as an Organization on staff pages), the dateline in ``<strong>``."""
    d = article.data
    names = author_names(article)
    dates = visible_dates(article)
    shift = timedelta(days=-CONFLICT_DAYS if article.index % 2 == 0 else CONFLICT_DAYS)
    offset = 1 if article.index % 3 == 0 else 0
    wrong_published = iso(article.published + shift, offset)
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": live(article)},
        "headline": d["headline"],
        "description": d["description"],
        "image": [article.image()],
        "datePublished": wrong_published,
        "author": persons_ld(names) if names else {"@type": "Organization", "name": SITE_NAME},
        "publisher": publisher_ld(),
        "articleSection": section_of(article).name,
        "keywords": d["keywords"],
    }
    metas = meta("article:published_time", wrong_published)
    if article.modified is not None:
        wrong_modified = iso(article.modified + shift, offset)
        ld["dateModified"] = wrong_modified
        metas += meta("article:modified_time", wrong_modified)
    first, byline = _first_and_byline(article)
    related = related_of(article)
    inline = inline_of(article)
    linked = related + ([inline] if inline and inline not in related else [])
    updated = (
        f'<div class="article-date">{dates["dateModifiedRaw"]}</div>\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", _head_meta(article) + metas + jsonld(ld))
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="article-box">\n'
        + f'<h1 class="article-headline">{e(d["headline"])}</h1>\n'
        + f'<div class="article-date">{dates["datePublishedRaw"]}</div>\n'
        + updated
        + figure(article)
        + '<div class="article-text">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + related_list(article, linked, "اقرأ أيضاً")
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 26 -----------------------------------------------------------------------------------------
def table_body(article: Article) -> Rendered:
    """An old portal that lays the article out in a ``<table>``: headline, date line(s), a
    tool row ("طباعة | أرسل لصديق | حفظ | تكبير الخط"), the image with its caption in a
    ``span.pic-title``, then the text: one ``<tr><td>`` per paragraph on even pages, one cell
    of ``<p>`` on odd ones (the dateline in ``<b>``); the related block a table with a
    "مواضيع ذات صلة" header row; the most-read box a table too, dated."""
    d = article.data
    dates = visible_dates(article)
    first, byline = _first_and_byline(article, "b")
    body = d["body"]
    if article.index % 2 == 0:
        rows = "".join(
            f'<tr><td class="news-text">{first if i == 0 and first else paragraph_html(article, i)}</td></tr>\n'
            for i in range(len(body))
        )
        if byline:
            rows = f'<tr><td class="news-text">{byline[3:-5]}</td></tr>\n' + rows
    else:
        rows = (
            f'<tr><td class="news-text">\n{byline}{_paragraphs(article, first=first)}</td></tr>\n'
        )
    updated = (
        f'<tr><td class="news-date">{dates["dateModifiedRaw"]}</td></tr>\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    tools = (
        '<tr><td class="tools">'
        '<a href="javascript:window.print()"><img src="/images/print.gif" alt=""> طباعة</a> | '
        f'<a href="{BASE}/send-to-friend?id={article.index}"><img src="/images/mail.gif" alt=""> أرسل لصديق</a> | '
        '<a href="#" onclick="addBookmark()">حفظ</a> | '
        '<a href="#" onclick="fontSize(+1)">تكبير الخط</a></td></tr>\n'
    )
    related = related_of(article)
    related_rows = "".join(
        f'<tr><td class="rel-item"><img src="/images/arrow.gif" alt=""> '
        f'<a href="{e(r.href(article.index + i))}">{e(r.data["headline"])}</a></td></tr>\n'
        for i, r in enumerate(related)
    )
    popular = "".join(
        f'<tr><td><a href="{e(o.href(i))}">{e(o.data["headline"])}</a><br>'
        f'<span class="small-date">{date_line(o.published, o.index)}</span></td></tr>\n'
        for i, o in enumerate(sidebar_articles(article, 5, offset=9))
    )
    section = section_of(article)
    html = (
        head(f"{SITE_NAME} - {d['headline']}", _head_meta(article))
        + '<body bgcolor="#ffffff">\n'
        + site_header(article)
        + '<table width="990" border="0" cellpadding="0" cellspacing="0" align="center"><tr>\n'
        + '<td width="700" valign="top">\n'
        + f'<div class="path"><a href="{BASE}/">الرئيسية</a> &gt;&gt; <a href="{e(section.href(1))}">{e(section.name)}</a></div>\n'
        + '<table width="100%" class="news-table" cellpadding="4">\n'
        + f'<tr><td class="news-title"><h1>{e(d["headline"])}</h1></td></tr>\n'
        + f'<tr><td class="news-date">{dates["datePublishedRaw"]}</td></tr>\n'
        + updated
        + tools
        + f'<tr><td class="pic" align="center"><img src="{article.image("large")}" width="600" alt=""><br>'
        + f'<span class="pic-title">{e(d["caption"])}</span></td></tr>\n'
        + rows
        + "</table>\n"
        + '<table width="100%" class="related-table" cellpadding="3">\n'
        + '<tr><th class="rel-head">مواضيع ذات صلة</th></tr>\n'
        + related_rows
        + "</table>\n"
        + "</td>\n"
        + '<td width="290" valign="top">\n'
        + '<table width="100%" class="most-read"><tr><th>الأكثر قراءة</th></tr>\n'
        + popular
        + "</table>\n"
        + "</td></tr></table>\n"
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(related)}


# ---- 27 -----------------------------------------------------------------------------------------
def reporter_span(article: Article) -> Rendered:
    """The dateline (``الرباط - فاطمة سعداوي``, the byline ``بقلم : ...`` for a column) in a
    ``<span class="reporter">`` just above the text, not in it; ``og:article:author`` (one
    ``<meta>`` per reporter) names the same people, and the site itself on staff pages (never
    an author); the date line in ``div.info`` beside the section link; "اقرأ أيضا" links."""
    d = article.data
    dates = visible_dates(article)
    names = author_names(article)
    people = names or [SITE_NAME]
    section = section_of(article)
    related = related_of(article)
    extra = _head_meta(article) + "".join(meta("og:article:author", n) for n in people)
    updated = (
        f' <span class="upd">{dates["dateModifiedRaw"]}</span>' if dates["dateModifiedRaw"] else ""
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + '<div class="news-page">\n'
        + f'<h1 class="news-headline">{e(d["headline"])}</h1>\n'
        + f'<div class="info"><a class="cat" href="{e(section.href(article.index))}">{e(section.name)}</a> '
        + f'<span class="date">{dates["datePublishedRaw"]}</span>{updated}</div>\n'
        + figure(article)
        + f'<span class="reporter">{e(article.dateline())}</span>\n'
        + '<div class="news-body">\n'
        + _paragraphs(article)
        + "</div>\n"
        + related_list(article, related, "اقرأ أيضا")
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(related)}


# ---- 28 -----------------------------------------------------------------------------------------
def paginated(article: Article) -> Rendered:
    """Page 1 of 2 of an article split in two: the first half of the paragraphs (rounded up),
    then a pager (``1 2 الصفحة التالية »`` on even pages, ``صفحة 1 من 2 | التالي`` on odd
    ones) linking to ``?page=2``, and ``<link rel="next">`` in the head; the related list under
    the pager. The truth is page 1's own text only."""
    d = article.data
    dates = visible_dates(article)
    body = d["body"]
    shown = -(-len(body) // 2)
    first, byline = _first_and_byline(article)
    paragraphs = byline + "".join(
        f"<p>{first if i == 0 and first else paragraph_html(article, i)}</p>\n"
        for i in range(shown)
    )
    next_url = live(article) + PAGE_TWO
    if article.index % 2 == 0:
        pager = (
            '<div class="pagination"><span class="current">1</span> '
            f'<a href="{next_url}">2</a> <a class="next" href="{next_url}">الصفحة التالية »</a></div>\n'
        )
    else:
        pager = (
            '<div class="pager"><span>صفحة 1 من 2</span> | '
            f'<a rel="next" href="{next_url}">التالي</a></div>\n'
        )
    related = related_of(article)
    updated = (
        f'<div class="date">{dates["dateModifiedRaw"]}</div>\n' if dates["dateModifiedRaw"] else ""
    )
    extra = _head_meta(article) + f'<link rel="next" href="{next_url}">\n'
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="article">\n'
        + f"<h1>{e(d['headline'])}</h1>\n"
        + f'<div class="date">{dates["datePublishedRaw"]}</div>\n'
        + updated
        + figure(article)
        + f'<div class="article-body">\n{paragraphs}</div>\n'
        + pager
        + related_list(article, related, "مقالات ذات صلة")
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {
        **dates,
        "articleBody": "\n".join(body[:shown]),
        "relatedArticles": related_truth(related),
    }


# ---- 29 -----------------------------------------------------------------------------------------
def signature_after_body(article: Article) -> Rendered:
    """The date and update lines at the end of the article (``div.article-footer``, each after a
    ``span.label`` "نشر في:" before the date line), right before a "مواضيع ذات صلة" list whose items
    carry their own site date lines; nothing dated between the headline and the text. The
    reporters are named only in a signature paragraph closing the text (``p.signature``, the
    names joined by " و "), inside the text block on even pages and just after it on odd ones;
    a column's byline (``بقلم : ...``) the same way; staff pieces have none."""
    d = article.data
    kind = _kind(article)
    dates = visible_dates(article)
    names = author_names(article)
    if kind == "writer":
        signature = f'<p class="signature"><strong>{e(article.dateline())}</strong></p>\n'
    elif names:
        signature = f'<p class="signature"><strong>{e(" و ".join(names))}</strong></p>\n'
    else:
        signature = ""
    inside = article.index % 2 == 0
    text = (
        '<div class="article-text">\n'
        + _paragraphs(article)
        + (signature if inside else "")
        + "</div>\n"
        + ("" if inside else signature)
    )
    footer = (
        '<div class="article-footer"><span class="label">نشر في:</span> '
        f'<span class="date">{dates["datePublishedRaw"]}</span>'
    )
    if article.modified is not None:
        footer += f' <span class="date">{dates["dateModifiedRaw"]}</span>'
    footer += "</div>\n"
    related = related_of(article)
    items = "\n".join(
        f'<li><a href="{e(r.href(article.index + i))}">{e(r.data["headline"])}</a> '
        f'<span class="rel-date">{date_line(r.published, r.index)}</span></li>'
        for i, r in enumerate(related)
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", _head_meta(article))
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="article-main">\n'
        + f'<h1 class="main-title">{e(d["headline"])}</h1>\n'
        + figure(article)
        + text
        + footer
        + f'<div class="related-news"><h3>مواضيع ذات صلة</h3>\n<ul>\n{items}\n</ul></div>\n'
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    changes: dict[str, Any] = {
        **dates,
        "dateline": None,
        "relatedArticles": related_truth(related),
    }
    if kind != "writer":
        changes["authors"] = plain_authors(names)
    return html, changes


THIRD: dict[str, Layout] = {
    "two_h1_cards": two_h1_cards,
    "live_blog": live_blog,
    "photo_gallery": photo_gallery,
    "jsonld_conflict": jsonld_conflict,
    "table_body": table_body,
    "reporter_span": reporter_span,
    "paginated": paginated,
    "signature_after_body": signature_after_body,
}
#: layouts whose page shows only part of the article: the truth body is a prefix of the gold one
PARTIAL_BODY = {"paginated"}

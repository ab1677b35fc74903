"""More layouts, written after the extractor was tuned to the first thirteen (``templates.py``):
the same convention (a function ``(article) -> (html, changes)``, the truth written from the
content beside the template), on pages it has not seen.

Two conventions of their own:

- a page that must not be exported carries ``{DROP: reason}`` in its changes, the
  :class:`~newscrawl.pages.Rejection` reason the page object must give (``no_body``); its truth
  is a record of nothing (see :func:`tests.layouts.expected`);
- text fields are exported cleaned (:func:`newscrawl.text.clean`: runs of whitespace, NBSP
  included, folded to one space), so a date line written with extra spaces has its folded form
  as the truth; digits, ``ـ`` (tatweel) and words stay as written.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sitesnapshot.render import GREGORIAN, Article, date_line, e
from tests.expected import SITE
from tests.layouts.parts import (
    BASE,
    INDIC,
    LOGO,
    SITE_NAME,
    author_names,
    breadcrumbs,
    credited_truth,
    figure,
    head,
    inline_of,
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
    utc,
    visible_dates,
)
from tests.layouts.templates import Layout, Rendered, _keywords, _kind, _paragraphs

#: the key of a page's changes that says the page must be dropped, and why
DROP = "dropped"
#: the query of the print version of an article
PRINT_QUERY = "?print=1"
#: Eastern Arabic (Persian) digits, as some CMSs' date helpers write them
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
TATWEEL = "ـ"


def _folded(text: str) -> str:
    """What :func:`newscrawl.text.clean` makes of the whitespace of a one-line text."""
    return " ".join(text.split())


def _ghost_iso(when: datetime) -> str:
    """Ghost's timestamps: UTC with milliseconds and ``Z``."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _arabic_day(when: datetime) -> str:
    return f"{when.day} {GREGORIAN[when.month - 1]} {when.year}"


def _same_section(article: Article, count: int = 3) -> list[Article]:
    others = [
        a for a in SITE.newest if a is not article and a.data["section"] == article.data["section"]
    ]
    start = article.index % max(1, len(others))
    return (others[start:] + others[:start])[:count]


def _slug(name: str) -> str:
    return "-".join(name.split())


# ---- 14 -----------------------------------------------------------------------------------------
def ghost_post(article: Article) -> Rendered:
    """Ghost (Casper-like): ``article.post-full``, the text in ``section.post-full-content >
    div.post-content``, a ``<time class="post-full-meta-date">`` whose datetime is the day only,
    millisecond ``Z`` timestamps in ``article:*`` meta and (even pages) JSON-LD, the excerpt
    under the headline, an author card with the author's bio after the text, and "more in this
    section" cards with dates; the primary tag is the section."""
    d = article.data
    kind = _kind(article)
    section = section_of(article)
    names = author_names(article)
    published = _ghost_iso(article.published)
    modified_at = article.modified or article.published  # Ghost always has an updated_at
    modified = _ghost_iso(modified_at)
    with_ld = article.index % 2 == 0
    dates = {
        "datePublished": utc(article.published),
        "datePublishedRaw": published,
        "dateModified": utc(modified_at),
        "dateModifiedRaw": modified,
    }
    people = names or [SITE_NAME]  # a staff piece is signed by the site's own account
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "publisher": publisher_ld(),
        "author": {
            "@type": "Person",
            "name": people[0],
            "url": f"{BASE}/author/{_slug(people[0])}/",
            "sameAs": [],
        },
        "headline": d["headline"],
        "url": live(article),
        "datePublished": published,
        "dateModified": modified,
        "image": {"@type": "ImageObject", "url": article.image(), "width": 1200, "height": 675},
        "keywords": _keywords(article),
        "description": d["description"],
        "mainEntityOfPage": live(article),
    }
    extra = (
        meta("description", d["description"], "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:site_name", SITE_NAME)
        + meta("og:type", "article")
        + meta("og:title", d["headline"])
        + meta("og:description", d["description"])
        + meta("og:url", live(article))
        + meta("og:image", article.image())
        + meta("article:published_time", published)
        + meta("article:modified_time", modified)
        + "".join(meta("article:tag", k) for k in d["keywords"])
        + meta("twitter:card", "summary_large_image", "name")
        + meta("twitter:title", d["headline"], "name")
        + (jsonld(ld, indent=4) if with_ld else "")
        + meta("generator", "Ghost 5.82", "name")
    )
    shows_dateline = kind != "writer" and article.index % 4 in (0, 1)
    first = ""
    if shows_dateline:
        first = f"<strong>{e(article.dateline())}</strong> {paragraph_html(article, 0)}"
    avatars = "".join(
        f'<li class="author-list-item"><a href="/author/{e(_slug(n))}/" class="author-avatar">'
        f'<img class="author-profile-image" src="/content/images/authors/{article.index}-{i}.jpg" alt="{e(n)}"></a></li>'
        for i, n in enumerate(people)
    )
    byline_names = ", ".join(f'<a href="/author/{e(_slug(n))}/">{e(n)}</a>' for n in people)
    minutes = 2 + len(d["body"])
    with_caption = article.index % 2 == 0
    cards = []
    for n, other in enumerate(_same_section(article)):
        cards.append(
            f'<article class="post-card post tag-{e(_slug(section.name))}">'
            f'<a class="post-card-image-link" href="{e(other.href(article.index + n))}">'
            f'<img class="post-card-image" src="{other.image("small")}" alt="{e(other.data["headline"])}"></a>'
            '<div class="post-card-content">'
            f'<a class="post-card-content-link" href="{e(other.href(article.index + n))}">'
            f'<header class="post-card-header"><div class="post-card-primary-tag">{e(section.name)}</div>'
            f'<h2 class="post-card-title">{e(other.data["headline"])}</h2></header>'
            f'<div class="post-card-excerpt">{e(other.data["description"])}</div></a>'
            '<footer class="post-card-meta">'
            f'<time class="post-card-meta-date" datetime="{other.published:%Y-%m-%d}">{_arabic_day(other.published)}</time>'
            f'<span class="post-card-meta-length">{2 + len(other.data["body"])} دقائق قراءة</span>'
            "</footer></div></article>"
        )
    bios = "".join(
        '<section class="author-card">'
        f'<img class="author-profile-image" src="/content/images/authors/{article.index}-{i}.jpg" alt="{e(n)}">'
        '<section class="author-card-content">'
        f'<h4 class="author-card-name"><a href="/author/{e(_slug(n))}/">{e(n)}</a></h4>'
        f"<p>{e(_bio(article, n))}</p></section></section>\n"
        for i, n in enumerate(people)
    )
    html = (
        head(f"{d['headline']}", extra)
        + f'<body class="post-template tag-{e(_slug(section.name))}">\n'
        + '<div class="viewport">\n'
        + '<header id="gh-head" class="gh-head">'
        + f'<a class="gh-head-logo" href="{BASE}/"><img src="{LOGO}" alt="{SITE_NAME}"></a>'
        + '<nav class="gh-head-menu"><ul class="nav">'
        + f'<li class="nav-home"><a href="{BASE}/">الرئيسية</a></li>'
        + "".join(
            f'<li><a href="{BASE}/tag/{e(_slug(s.name))}/">{e(s.name)}</a></li>'
            for s in SITE.sections
        )
        + "</ul></nav></header>\n"
        + '<main id="site-main" class="site-main">\n'
        + f'<article class="article post-full post tag-{e(_slug(section.name))}">\n'
        + '<header class="article-header post-full-header">\n'
        + f'<section class="post-full-tags"><a href="{BASE}/tag/{e(_slug(section.name))}/">{e(section.name)}</a></section>\n'
        + f'<h1 class="article-title post-full-title">{e(d["headline"])}</h1>\n'
        + (
            f'<p class="article-excerpt post-full-custom-excerpt">{e(d["description"])}</p>\n'
            if article.index % 3 != 2
            else ""
        )
        + '<div class="article-byline"><section class="article-byline-content">'
        + f'<ul class="author-list">{avatars}</ul>'
        + f'<div class="article-byline-meta"><h4 class="author-name">{byline_names}</h4>'
        + '<div class="byline-meta-content">'
        + f'<time class="byline-meta-date post-full-meta-date" datetime="{article.published:%Y-%m-%d}">{_arabic_day(article.published)}</time>'
        + f'<span class="byline-reading-time"><span class="bull">&bull;</span> {minutes} دقائق قراءة</span>'
        + "</div></div></section></div>\n"
        + '<figure class="article-image post-full-image">'
        + f'<img srcset="{article.image("small")} 300w, {article.image("large")} 600w, {article.image()} 1000w" '
        + f'sizes="(max-width: 800px) 400px, 1200px" src="{article.image("large")}" alt="{e(d["headline"])}">'
        + (f"<figcaption>{e(d['caption'])}</figcaption>" if with_caption else "")
        + "</figure>\n"
        + "</header>\n"
        + '<section class="gh-content post-full-content"><div class="post-content">\n'
        + _paragraphs(article, first=first)
        + "</div></section>\n"
        + bios
        + "</article>\n</main>\n"
        + '<aside class="read-more-wrap"><div class="read-more inner">\n'
        + f'<h3 class="read-more-title">المزيد في {e(section.name)}</h3>\n'
        + "\n".join(cards)
        + "\n</div></aside>\n"
        + '<footer class="site-footer outer"><div class="inner">'
        + f'<section class="copyright"><a href="{BASE}/">{SITE_NAME}</a> &copy; 2025</section>'
        + '<a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a>'
        + "</div></footer>\n</div>\n</body>\n</html>\n"
    )
    changes: dict[str, Any] = {
        **dates,
        "authors": plain_authors(names),
        "mainImage": main_image(article, caption=with_caption),
        "relatedArticles": [],  # "more in this section" is the section's listing, not related
    }
    if not shows_dateline:
        changes["dateline"] = None
    return html, changes


def _bio(article: Article, name: str) -> str:
    """An author card's bio, the project's own words."""
    if name == SITE_NAME:
        return f"حساب هيئة تحرير {SITE_NAME}، ينشر الأخبار والتقارير اليومية للموقع."
    if article.data.get("writer"):
        return f"كاتب عمود رأي أسبوعي في {SITE_NAME}، يهتم بالشأن العام والقضايا الاجتماعية."
    return f"صحافي في {SITE_NAME} يغطي أخبار {section_of(article).name}، ويكتب التقارير الميدانية."


# ---- 15 -----------------------------------------------------------------------------------------
def ticker_portal(article: Article) -> Rendered:
    """A portal whose markup puts a "عاجل" ticker and a most-read box (RTL: the right column
    first) before the article, both of dated teasers in the site's format, in plain ``div``
    boxes; the article's date line under the headline in ``div.meta`` beside the author
    links (the site's name for a staff piece), ``article:published_time`` with the seconds."""
    d = article.data
    kind = _kind(article)
    names = author_names(article)
    dates = visible_dates(article)
    exact = structured_dates(article, 1)
    ticker = []
    for n, other in enumerate(sidebar_articles(article, count=6, offset=11)):
        ticker.append(
            f'<li><span class="t-time">{date_line(other.published, other.index)}</span> '
            f'<a href="{e(other.href(n))}">{e(other.data["headline"])}</a></li>'
        )
    popular = []
    for n, other in enumerate(sidebar_articles(article, count=5, offset=3)):
        popular.append(
            f'<li><span class="num">{n + 1}</span><a href="{e(other.href(n + 1))}">'
            f'<img src="{other.image("small")}" alt=""></a>'
            f'<a href="{e(other.href(n + 1))}" class="ttl">{e(other.data["headline"])}</a>'
            f'<span class="date">{date_line(other.published, other.index)}</span></li>'
        )
    if names:
        by = " و ".join(
            f'<a class="author" href="{BASE}/author/{e(_slug(n))}">{e(n)}</a>' for n in names
        )
    else:
        by = f'<span class="source">{SITE_NAME}</span>'
    modified = (
        f' <span class="date updated">{dates["dateModifiedRaw"]}</span>'
        if dates["dateModifiedRaw"]
        else ""
    )
    shows_dateline = kind != "writer" and article.index % 2 == 0
    first = (
        f"<strong>{e(article.dateline())}</strong> {paragraph_html(article, 0)}"
        if shows_dateline
        else ""
    )
    related = related_of(article)
    extra = (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, ","), "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:title", d["headline"])
        + meta("og:image", article.image())
        + meta("article:published_time", exact["datePublishedRaw"])
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + '<div class="urgent-news"><span class="urgent-label">عاجل</span><ul>'
        + "".join(ticker)
        + "</ul></div>\n"
        + '<div class="page-wrap">\n'
        + '<div class="col-right"><div class="box" id="box-1"><div class="box-title">الأكثر قراءة</div><ul>\n'
        + "\n".join(popular)
        + "\n</ul></div></div>\n"
        + '<div class="col-main">\n'
        + breadcrumbs(article, " / ")
        + '<div class="article">\n'
        + f'<h1 class="title">{e(d["headline"])}</h1>\n'
        + f'<div class="meta">{by} <span class="date">{dates["datePublishedRaw"]}</span>{modified}</div>\n'
        + f'<div class="article-img"><img src="{article.image("large")}" alt="{e(d["headline"])}">'
        + f'<p class="img-caption">{e(d["caption"])}</p></div>\n'
        + '<div class="article-text">\n'
        + _paragraphs(article, first=first)
        + "</div>\n"
        + '<div class="tags"><span>الوسوم:</span> '
        + " ".join(f'<a href="{BASE}/tags/{e(k)}">{e(k)}</a>' for k in d["keywords"])
        + "</div>\n"
        + related_list(article, related, "أخبار ذات صلة").replace(
            'class="related-posts"', 'class="more-links"'
        )
        + share_bar(article)
        + "</div>\n</div>\n</div>\n"
        + site_footer(article)
    )
    changes: dict[str, Any] = {
        **dates,
        "authors": plain_authors(names),
        "relatedArticles": related_truth(related),
    }
    if not shows_dateline:
        changes["dateline"] = None
    return html, changes


# ---- 16 -----------------------------------------------------------------------------------------
def jsonld_itemlist(article: Article) -> Rendered:
    """Two JSON-LD entities, the "wrong" way round: first an ItemList of the related
    NewsArticles (each with its url, headline, author and datePublished), then the page's own
    NewsArticle (``mainEntityOfPage`` the page URL); in two blocks, one array or one ``@graph``
    by page; the visible date a day only (``01.10.2025``), the related cards dated too."""
    d = article.data
    section = section_of(article)
    names = author_names(article)
    dates = structured_dates(article, 1)
    related = related_of(article)
    url = live(article)
    items = []
    for position, other in enumerate(related, 1):
        item: dict[str, Any] = {
            "@type": "NewsArticle",
            "url": live(other),
            "headline": other.data["headline"],
            "datePublished": structured_dates(other, 1)["datePublishedRaw"],
            "image": other.image(),
        }
        if author_names(other):
            item["author"] = persons_ld(author_names(other))
        items.append({"@type": "ListItem", "position": position, "item": item})
    item_list = {"@type": "ItemList", "name": "مقالات ذات صلة", "itemListElement": items}
    own: dict[str, Any] = {
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url} if article.index % 2 == 0 else url,
        "headline": d["headline"],
        "description": d["description"],
        "datePublished": dates["datePublishedRaw"],
        "image": [article.image()],
        "articleSection": section.name,
        "keywords": d["keywords"],
        "publisher": publisher_ld(),
    }
    if dates["dateModifiedRaw"]:
        own["dateModified"] = dates["dateModifiedRaw"]
    if names:
        own["author"] = persons_ld(names)
    context = "https://schema.org"
    form = article.index % 3
    if form == 0:
        blocks = jsonld({"@context": context, **item_list}) + jsonld({"@context": context, **own})
    elif form == 1:
        blocks = jsonld([{"@context": context, **item_list}, {"@context": context, **own}])
    else:
        blocks = jsonld({"@context": context, "@graph": [item_list, own]}, indent=2)
    extra = (
        f'<link rel="canonical" href="{url}">\n'
        + meta("description", d["description"], "name")
        + meta("og:type", "article")
        + meta("og:title", d["headline"])
        + meta("og:url", url)
        + meta("og:image", article.image())
        + blocks
    )
    cards = "\n".join(
        f'<article class="card"><a href="{e(r.href(article.index + i))}">'
        f'<img src="{r.image("small")}" alt=""><h3 class="card__title">{e(r.data["headline"])}</h3></a>'
        f'<span class="card__date">{r.published:%d.%m.%Y}</span></article>'
        for i, r in enumerate(related)
    )
    html = (
        head(f"{d['headline']} | {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + '<main class="article-page">\n<div class="article">\n'
        + f'<a class="article__kicker" href="{e(section.href(article.index))}">{e(section.name)}</a>\n'
        + f'<h1 class="article__title">{e(d["headline"])}</h1>\n'
        + f'<div class="article__info"><span class="article__date">{article.published:%d.%m.%Y}</span></div>\n'
        + '<div class="article__media"><picture>'
        + f'<source media="(max-width: 600px)" srcset="{article.image("small")}">'
        + f'<img src="{article.image("large")}" alt="{e(d["caption"])}"></picture>'
        + f'<span class="article__caption">{e(d["caption"])}</span></div>\n'
        + '<div class="article__body">\n'
        + _paragraphs(article)
        + "</div>\n</div>\n"
        + '<section class="article__related"><h2>مقالات ذات صلة</h2>\n'
        + cards
        + "\n</section>\n</main>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, credited_truth(dates, names, related)


# ---- 17 -----------------------------------------------------------------------------------------
def paragraph_blocks(article: Article) -> Rendered:
    """The text in ``div.paragraph`` blocks (the dateline or byline a block of its own; ``<p>``
    inside on even pages, bare text on odd ones) with ``<div class="ad">إعلان</div>`` between
    them, an embedded tweet (the site's account quoting the summary), and a one-link
    "اقرأ أيضا:" paragraph in the middle; a JSON-LD NewsArticle beside the visible date lines."""
    d = article.data
    dates = visible_dates(article)
    exact = structured_dates(article)
    section = section_of(article)
    related = related_of(article)
    inline = inline_of(article)
    linked = related + ([inline] if inline else [])
    wrap = article.index % 2 == 0
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": d["headline"],
        "datePublished": exact["datePublishedRaw"],
        "publisher": publisher_ld(),
        "image": article.image(),
    }
    if exact["dateModifiedRaw"]:
        ld["dateModified"] = exact["dateModifiedRaw"]

    def block(text: str) -> str:
        return f'<div class="paragraph">{f"<p>{text}</p>" if wrap else text}</div>\n'

    label = ("اقرأ أيضا:", "اقرأ أيضاً:", "اقرأ ايضا:")[article.index % 3]
    read_also = ""
    if inline is not None:
        link = f'<strong>{label}</strong> <a href="{e(inline.href(article.index + 2))}">{e(inline.data["headline"])}</a>'
        read_also = (
            f'<div class="paragraph">{link}</div>\n'
            if article.index % 2
            else f'<p class="read-also">{link}</p>\n'
        )
    p = article.published
    tweet = (
        '<blockquote class="twitter-tweet" data-lang="ar"><p lang="ar" dir="rtl">'
        f'{e(d["description"])} <a href="https://t.co/a{article.index:03d}x">https://t.co/a{article.index:03d}x</a></p>'
        f"&mdash; {SITE_NAME} (@almaghribtoday) "
        f'<a href="https://twitter.com/almaghribtoday/status/19{article.index:02d}4512{p:%H%M%S}">{_arabic_day(p)}</a>'
        "</blockquote>\n"
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
    )
    ad = '<div class="ad">إعلان</div>\n'
    body = d["body"]
    middle = max(1, len(body) // 2)
    parts = [block(e(article.dateline()))]
    for position in range(len(body)):
        if position == middle:
            parts.append(read_also)
        parts.append(block(paragraph_html(article, position)))
        if position == 0 or (position == len(body) - 2 and wrap):
            parts.append(ad)
        if position == len(body) - 2:
            parts.append(tweet)
    extra = (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, "، "), "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:title", d["headline"])
        + meta("og:image", article.image())
        + meta("article:section", section.name)
        + jsonld(ld)
    )
    modified = (
        f'<div class="post-date">{dates["dateModifiedRaw"]}</div>\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="article-wrapper">\n'
        + f'<h1 class="article-title">{e(d["headline"])}</h1>\n'
        + f'<div class="post-date">{dates["datePublishedRaw"]}</div>\n'
        + modified
        + figure(article)
        + '<div class="article-content">\n'
        + "".join(parts)
        + "</div>\n"
        + related_list(article, related, "مواضيع ذات صلة")
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 18 -----------------------------------------------------------------------------------------
def print_page(article: Article) -> Rendered:
    """The print version (``?print=1``): no ``<meta>`` but the charset, no canonical, image,
    section or tags; an ``<h1>``, the date line(s), one ``<div>`` of ``<br>``-separated text
    whose first line is the dateline or byline, and the copyright footer; ``lang`` on even
    pages only; the logo on every third."""
    d = article.data
    dates = visible_dates(article)
    lang = ' lang="ar"' if article.index % 2 == 0 else ""
    sep = "<br>\n<br>\n" if article.index % 2 == 0 else "<br/><br/>"
    lines = [e(article.dateline())] + [paragraph_html(article, i) for i in range(len(d["body"]))]
    modified = f"<div>{dates['dateModifiedRaw']}</div>\n" if dates["dateModifiedRaw"] else ""
    logo = f'<img src="{LOGO}" alt="{SITE_NAME}"><br>\n' if article.index % 3 == 0 else ""
    html = (
        f'<!DOCTYPE html>\n<html{lang} dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(d['headline'])} - نسخة للطباعة</title>\n"
        "<style>body{font-family:Tahoma;font-size:14px} .noprint{display:none}</style>\n"
        "</head>\n"
        '<body onload="window.print()">\n'
        + logo
        + '<a class="noprint" href="javascript:window.print()">طباعة</a>\n'
        + f"<h1>{e(d['headline'])}</h1>\n"
        + f"<div>{dates['datePublishedRaw']}</div>\n"
        + modified
        + "<hr>\n"
        + f"<div>{sep.join(lines)}</div>\n"
        + "<hr>\n"
        + f"<div>جميع الحقوق محفوظة © 2025 {SITE_NAME}</div>\n"
        + "</body>\n</html>\n"
    )
    return html, {
        **dates,
        "url": live(article) + PRINT_QUERY,
        "canonicalUrl": None,
        "description": None,
        "articleSection": None,
        "keywords": [],
        "mainImage": None,
        "relatedArticles": [],
    }


# ---- 19 -----------------------------------------------------------------------------------------
def brief_dropped(article: Article) -> Rendered:
    """A one-sentence news brief (fewer than 100 characters) in a full template: header and
    menu, breadcrumbs, the date line, a share bar, a "latest news" block of other articles'
    headlines and summaries in plain ``div``s, the most-read sidebar, the footer. Not an article
    to export: the page must be dropped (no body)."""
    d = article.data
    section = section_of(article)
    dates = visible_dates(article)
    brief = f"{d['kicker']}، والتفاصيل لاحقا."
    latest = "\n".join(
        f'<div class="item"><h3><a href="{e(o.href(n))}">{e(o.data["headline"])}</a></h3>'
        f"<p>{e(o.data['description'])}</p></div>"
        for n, o in enumerate(sidebar_articles(article, count=4, offset=23))
    )
    extra = (
        meta("description", brief, "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:title", d["headline"])
        + meta("article:section", section.name)
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="content"><div class="news">\n'
        + f'<h1 class="news-head">{e(d["headline"])}</h1>\n'
        + f'<div class="news-time">{dates["datePublishedRaw"]}</div>\n'
        + f'<div class="news-text"><p><strong>عاجل</strong> {e(brief)}</p></div>\n'
        + share_bar(article)
        + "</div>\n"
        + f'<div class="block-news"><div class="block-title">آخر الأخبار</div>\n{latest}\n</div>\n'
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {DROP: "no_body"}


# ---- 20 -----------------------------------------------------------------------------------------
# letters that join the next one: a tatweel may follow them inside a word
_JOINING = set("بتثجحخسشصضطظعغفقكلمنهيئ")


def _stretched(word: str) -> str:
    """``word`` with a tatweel after its first joining letter past the second (``الأربـعاء``)."""
    for i in range(2, len(word) - 1):
        if word[i] in _JOINING and "\u0621" <= word[i + 1] <= "\u064a":
            return word[: i + 1] + TATWEEL + word[i + 1 :]
    return word


def _styled_line(line: str, variant: int) -> str:
    """A site date line as some templates print it: Eastern (Persian) digits, Arabic-Indic
    digits, ``ـ`` (tatweel) between the parts or stretching a word, doubled spaces, NBSP."""
    if variant == 0:
        return line.translate(PERSIAN)
    if variant == 1:  # Arabic-Indic digits, the Arabic words stretched: "الأربـعاء", "نوفـمبر"
        return " ".join(_stretched(w) for w in line.translate(INDIC).split(" "))
    if variant == 2:  # Persian digits, doubled spaces and NBSP
        return line.translate(PERSIAN).replace(" ", "  ", 2).replace(" ,", "&nbsp;,")
    # Western digits, tatweel as separator between the time and the year
    gmt, time, rest = line.split(" ", 2)
    return f"{gmt} {time} {TATWEEL} {rest}"


def eastern_digits(article: Article) -> Rendered:
    """Date lines in Eastern (Persian) digits ``۰۱۲``, in Arabic-Indic digits with words
    stretched by ``ـ``, with doubled spaces and ``&nbsp;``, or with ``ـ`` between the time and
    the year (by page); the most-read teasers in the same style; "قد يهمك أيضًا" (tanwin)."""
    d = article.data
    variant = article.index % 4
    truth = visible_dates(article)
    published = _styled_line(date_line(article.published, article.index), variant)
    dates: dict[str, Any] = {
        "datePublished": truth["datePublished"],
        "datePublishedRaw": _folded(published.replace("&nbsp;", " ")),
        "dateModified": truth["dateModified"],
        "dateModifiedRaw": None,
    }
    modified = ""
    if article.modified is not None:
        line = "آخر تحديث " + _styled_line(date_line(article.modified, article.index + 1), variant)
        dates["dateModifiedRaw"] = _folded(line.replace("&nbsp;", " "))
        modified = f'<span class="upd">{line}</span>'
    teasers = []
    for n, other in enumerate(sidebar_articles(article, count=5, offset=7)):
        teasers.append(
            f'<li><a href="{e(other.href(n))}">{e(other.data["headline"])}</a>'
            f"<span>{_styled_line(date_line(other.published, other.index), variant)}</span></li>"
        )
    related = related_of(article)
    extra = (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, "، "), "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:title", d["headline"])
        + meta("og:image", article.image())
    )
    html = (
        head(f"{SITE_NAME} | {d['headline']}", extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article, " ← ")
        + '<div class="news-details">\n'
        + f'<h1 class="title">{e(d["headline"])}</h1>\n'
        + f'<div class="time-line"><span class="pub">{published}</span> {modified}</div>\n'
        + f'<div class="pic"><img src="{article.image("large")}" alt="{e(d["headline"])}">'
        + f'<span class="pic-desc">{e(d["caption"])}</span></div>\n'
        + '<div class="details-text">\n'
        + f'<p class="source">{e(article.dateline())}</p>\n'
        + _paragraphs(article)
        + "</div>\n"
        + related_list(article, related, "قد يهمك أيضًا")
        + share_bar(article)
        + "</div>\n"
        + '<div class="left-side"><h3>الأكثر مشاهدة</h3><ul>\n'
        + "\n".join(teasers)
        + "\n</ul></div>\n"
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(related)}


# ---- 21 -----------------------------------------------------------------------------------------
def latin1_header(article: Article) -> Rendered:
    """An old table portal in windows-1256, declared in its ``<meta http-equiv>``, but served
    with a wrong ``Content-Type: text/html; charset=iso-8859-1`` header (which decodes any
    byte, into Latin letters); the date line in a table cell, the dateline in ``<b>``, the
    caption under the image in a ``div``; no canonical."""
    d = article.data
    kind = _kind(article)
    dates = visible_dates(article)
    section = section_of(article)
    related = related_of(article)
    first = ""
    byline = ""
    if kind == "writer":
        byline = f"<p><b>{e(article.dateline())}</b></p>\n"
    else:
        first = f"<b>{e(article.dateline())}</b> {paragraph_html(article, 0)}"
    modified = (
        f'<tr><td class="NewsDate">{dates["dateModifiedRaw"]}</td></tr>'
        if dates["dateModifiedRaw"]
        else ""
    )
    extra = meta("description", d["description"], "name") + meta(
        "keywords", _keywords(article, "،"), "name"
    )
    charset = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    html = (
        head(f"{SITE_NAME} :: {d['headline']}", extra, charset=charset)
        + '<body topmargin="0" leftmargin="0">\n'
        + site_header(article)
        + '<table width="980" align="center" cellpadding="0" cellspacing="0"><tr>\n'
        + '<td width="680" valign="top">\n'
        + f'<div class="Path"><a href="{BASE}/">الرئيسية</a> :: <a href="{e(section.href(3))}">{e(section.name)}</a></div>\n'
        + f'<table width="100%"><tr><td class="NewsTitle"><h1>{e(d["headline"])}</h1></td></tr>'
        + f'<tr><td class="NewsDate">{dates["datePublishedRaw"]}</td></tr>{modified}</table>\n'
        + f'<div align="center"><img src="{article.image("large")}" width="600" border="0" alt="">'
        + f'<div class="PicComment">{e(d["caption"])}</div></div>\n'
        + '<div id="NewsText">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + related_list(article, related, "مواضيع ذات صلة")
        + "</td>\n"
        + '<td width="300" valign="top">\n'
        + most_read(article)
        + "</td></tr></table>\n"
        + site_footer(article)
    )
    changes: dict[str, Any] = {
        **dates,
        "canonicalUrl": None,
        "relatedArticles": related_truth(related),
    }
    return html, changes


MORE: dict[str, Layout] = {
    "ghost_post": ghost_post,
    "ticker_portal": ticker_portal,
    "jsonld_itemlist": jsonld_itemlist,
    "paragraph_blocks": paragraph_blocks,
    "print_page": print_page,
    "brief_dropped": brief_dropped,
    "eastern_digits": eastern_digits,
    "latin1_header": latin1_header,
}
#: layouts served with a Content-Type header that is not the default (see ``content_type``)
HEADERS: dict[str, str] = {"latin1_header": "text/html; charset=iso-8859-1"}
#: layouts fetched at another URL than the article's path
URL_QUERIES: dict[str, str] = {"print_page": PRINT_QUERY}

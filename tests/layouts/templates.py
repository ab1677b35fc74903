"""The layouts: each renders one snapshot article as a news CMS template would, and says what the
page carries, as changes to :func:`tests.expected.expected_item`'s record.

A layout is a function ``(article) -> (html, changes)``. The page text and its ground truth are
written side by side, so that a page which drops a field also drops it from the truth.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sitesnapshot.render import Article, e
from tests.expected import _authors
from tests.layouts.parts import (
    BASE,
    COMMENT_FORM,
    NO_DATES,
    SITE_NAME,
    author_names,
    breadcrumbs,
    credited_truth,
    figure,
    head,
    inline_box,
    inline_of,
    jsonld,
    live,
    main_image,
    meta,
    most_read,
    og_image,
    paragraph_html,
    persons_ld,
    plain_authors,
    publisher_ld,
    reader_comments,
    related_list,
    related_of,
    related_truth,
    reporters,
    section_of,
    share_bar,
    site_footer,
    site_header,
    structured_dates,
    visible_dates,
)

Rendered = tuple[str, dict[str, Any]]
Layout = Callable[[Article], Rendered]


def _kind(article: Article) -> str:
    if article.data.get("writer"):
        return "writer"
    names = reporters(article)
    return "reporters" if len(names) > 1 else "reporter" if names else "staff"


def _paragraphs(article: Article, tag: str = "p", *, inline: str = "", first: str = "") -> str:
    """The body paragraphs, the first one given as ``first`` if set, ``inline`` in the middle."""
    body = article.data["body"]
    middle = max(1, len(body) // 2)
    out = []
    for position in range(len(body)):
        if position == middle and inline:
            out.append(inline)
        text = first if position == 0 and first else paragraph_html(article, position)
        out.append(f"<{tag}>{text}</{tag}>\n")
    return "".join(out)


def _keywords(article: Article, sep: str = ", ") -> str:
    return sep.join(article.data["keywords"])


# ---- 1 ------------------------------------------------------------------------------------------
def wp_jsonld(article: Article) -> Rendered:
    """WordPress theme; dates, authors, section and keywords only in one JSON-LD NewsArticle."""
    d = article.data
    section = section_of(article)
    names = author_names(article)
    dates = structured_dates(article, modified_fallback=True)
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": live(article)},
        "headline": d["headline"],
        "description": d["description"],
        "image": {"@type": "ImageObject", "url": article.image(), "width": 1200, "height": 675},
        "datePublished": dates["datePublishedRaw"],
        "dateModified": dates["dateModifiedRaw"],
        "publisher": publisher_ld(),
        "articleSection": section.name,
        "keywords": d["keywords"] if article.index % 2 else _keywords(article),
        "inLanguage": "ar",
    }
    if len(names) == 1:
        ld["author"] = persons_ld(names)[0]
    elif names:
        ld["author"] = persons_ld(names)
    elif article.index % 2 == 0:
        ld["author"] = {"@type": "Organization", "name": SITE_NAME}  # the site, not an author
    extra = (
        meta("description", d["description"], "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:type", "article")
        + meta("og:title", d["headline"])
        + meta("og:url", live(article))
        + meta("og:image", article.image())
        + meta("og:site_name", SITE_NAME)
        + jsonld(ld)
    )
    related = related_of(article)
    inline = inline_of(article)
    linked = related + ([inline] if inline else [])
    html = (
        head(f"{d['headline']} – {SITE_NAME}", extra)
        + '<body class="single single-post">\n'
        + site_header(article)
        + '<main id="main" class="site-main">\n<article class="post type-post status-publish">\n'
        + '<header class="entry-header">'
        + f'<span class="cat-links"><a href="{e(section.href(0))}" rel="category tag">{e(section.name)}</a></span>\n'
        + f'<h1 class="entry-title">{e(d["headline"])}</h1></header>\n'
        + figure(article, cls="wp-block-image post-thumbnail")
        + '<div class="entry-content">\n'
        + _paragraphs(article)
        + "</div>\n"
        + share_bar(article)
        + "</article>\n"
        + related_list(
            article, linked, ("مقالات ذات صلة", "اقرأ أيضاً", "أخبار ذات صلة")[article.index % 3]
        )
        + (reader_comments(article) if article.index % 3 else "")
        + COMMENT_FORM
        + "</main>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, credited_truth(dates, names, linked)


# ---- 2 ------------------------------------------------------------------------------------------
def yoast_graph(article: Article) -> Rendered:
    """Yoast-style ``@graph`` (WebPage, Organization, BreadcrumbList, Person, a NewsArticle
    subtype), +01:00 offsets, after a broken JSON-LD block; the dateline in ``<strong>``."""
    d = article.data
    kind = _kind(article)
    section = section_of(article)
    names = author_names(article)
    dates = structured_dates(article, 1)
    url = live(article)
    org_id = f"{BASE}/#organization"
    types = {"writer": "OpinionNewsArticle", "reporter": "ReportageNewsArticle"}
    news: dict[str, Any] = {
        "@type": types.get(kind, "NewsArticle") if article.index % 2 == 0 else "NewsArticle",
        "@id": f"{url}#article",
        "isPartOf": {"@id": url},
        "headline": d["headline"],
        "datePublished": dates["datePublishedRaw"],
        "mainEntityOfPage": {"@id": url},
        "publisher": {"@id": org_id},
        "image": {"@id": f"{url}#primaryimage"},
        "keywords": d["keywords"],
        "articleSection": [section.name],
        "inLanguage": "ar",
    }
    if dates["dateModifiedRaw"]:
        news["dateModified"] = dates["dateModifiedRaw"]
    graph: list[dict[str, Any]] = [
        {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": f"{d['headline']} | {SITE_NAME}",
            "datePublished": dates["datePublishedRaw"],
            "breadcrumb": {"@id": f"{url}#breadcrumb"},
            "inLanguage": "ar",
        },
        {
            "@type": "ImageObject",
            "@id": f"{url}#primaryimage",
            "url": article.image(),
            "contentUrl": article.image(),
        },
        {
            "@type": "BreadcrumbList",
            "@id": f"{url}#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": f"{BASE}/"},
                {"@type": "ListItem", "position": 2, "name": section.name},
            ],
        },
        {**publisher_ld(), "@id": org_id},
    ]
    if names and article.index % 3 == 0:
        # authors by reference to Person nodes of the graph
        people = [
            {"@type": "Person", "@id": f"{BASE}/#/schema/person/{article.index}-{i}", "name": n}
            for i, n in enumerate(names)
        ]
        refs = [{"@id": p["@id"]} for p in people]
        news["author"] = refs[0] if len(refs) == 1 else refs
        graph += people
    elif names:
        news["author"] = persons_ld(names) if len(names) > 1 else persons_ld(names)[0]
    graph.insert(1, news)
    # a block a tolerant reader must survive: a trailing comma, or the script wrapped in a comment
    website = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": f"{BASE}/",
        },
        ensure_ascii=False,
    )
    if article.index % 2 == 0:
        broken = f'<script type="application/ld+json">{website[:-1]},}}</script>\n'
    else:
        broken = f'<script type="application/ld+json"><!--\n{website}\n--></script>\n'
    with_image = article.index % 2 == 0
    extra = (
        f'<link rel="canonical" href="{url}">\n'
        + meta("og:locale", "ar_AR")
        + meta("og:type", "article")
        + meta("og:title", f"{d['headline']} | {SITE_NAME}")
        + meta("og:description", d["description"])
        + meta("og:url", url)
        + meta("og:image", article.image())
        + broken
        + jsonld({"@context": "https://schema.org", "@graph": graph})
    )
    changes: dict[str, Any] = {**dates, "authors": plain_authors(names), "relatedArticles": []}
    first = ""
    if kind != "writer":
        first = f"<strong>{e(article.dateline())}</strong> {paragraph_html(article, 0)}"
    else:
        changes["dateline"] = None
    html = (
        head(f"{d['headline']} | {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="container"><article class="single-article">\n'
        + f'<h1 class="post-title">{e(d["headline"])}</h1>\n'
        + (figure(article, cls="post-thumbnail") if with_image else "")
        + '<div class="post-body">\n'
        + _paragraphs(article, first=first)
        + "</div>\n"
        + share_bar(article)
        + "</article>\n"
        + most_read(article)
        + "</div>\n"
        + site_footer(article)
    )
    changes["mainImage"] = main_image(article) if with_image else og_image(article)
    return html, changes


# ---- 3 ------------------------------------------------------------------------------------------
def microdata(article: Article) -> Rendered:
    """schema.org microdata: itemprop headline, dates, author, section, image and articleBody."""
    d = article.data
    section = section_of(article)
    names = author_names(article)
    offset = 1 if article.index % 3 == 1 else 0
    dates = structured_dates(article, offset, zulu=article.index % 3 == 2)
    authors = "".join(
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<span itemprop="name">{e(n)}</span></span> '
        for n in names
    )
    modified = (
        f'<meta itemprop="dateModified" content="{dates["dateModifiedRaw"]}">\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    related = related_of(article)
    inline = inline_of(article)
    extra = (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, "، "), "name")
        + meta("og:title", d["headline"])
        + meta("og:type", "article")
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + '<div id="content" itemscope itemtype="https://schema.org/NewsArticle">\n'
        + f'<meta itemprop="articleSection" content="{e(section.name)}">\n'
        + f'<meta itemprop="datePublished" content="{dates["datePublishedRaw"]}">\n'
        + modified
        + '<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        + f'<meta itemprop="name" content="{SITE_NAME}"></div>\n'
        + f'<h1 itemprop="headline" class="news-title">{e(d["headline"])}</h1>\n'
        + (f'<div class="news-author">{authors}</div>\n' if authors else "")
        + '<figure itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
        + f'<img itemprop="url" src="{article.image("large")}" alt="">'
        + f'<figcaption itemprop="caption">{e(d["caption"])}</figcaption></figure>\n'
        + '<div itemprop="articleBody" class="news-body">\n'
        + _paragraphs(article, inline=inline_box(article, inline) if inline else "")
        + "</div>\n"
        + related_list(article, related, "قد يهمك أيضاً" if article.index % 2 else "قد يهمك ايضا")
        + share_bar(article)
        + "</div>\n"
        + reader_comments(article)
        + site_footer(article)
    )
    return html, {
        **dates,
        "canonicalUrl": None,
        "authors": plain_authors(names),
        "dateline": None,
    }


# ---- 4 ------------------------------------------------------------------------------------------
def joomla_og(article: Article) -> Rendered:
    """Joomla/K2: the h1 is the logo, the headline an h2; dates, section and tags only in
    ``article:*`` meta; the byline (``كتب :`` / ``بقلم :``) as the body's first paragraph."""
    d = article.data
    kind = _kind(article)
    section = section_of(article)
    dates = structured_dates(article, 1 if article.index % 2 else 0)
    extra = (
        f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:title", d["headline"])
        + meta("og:description", d["description"])
        + meta("og:type", "article")
        + meta("og:image", article.image())
        + meta("article:published_time", dates["datePublishedRaw"])
        + (
            meta("article:modified_time", dates["dateModifiedRaw"])
            if dates["dateModifiedRaw"]
            else ""
        )
        + meta("article:section", section.name)
        + "".join(meta("article:tag", k) for k in d["keywords"])
        + (meta("article:author", SITE_NAME) if kind == "staff" else "")
    )
    changes: dict[str, Any] = {**dates, "dateline": None, "relatedArticles": []}
    first = ""
    byline = ""
    if kind == "writer":
        byline = f"<p>{e(article.dateline())}</p>\n"  # "بقلم : ..." / "بقلم - ..."
        changes["authors"] = _authors(article)
    elif kind == "reporter":
        line = f"كتب : {reporters(article)[0]}"
        byline = f"<p>{e(line)}</p>\n"
        changes["authors"] = [{"name": reporters(article)[0], "nameRaw": line}]
    elif kind == "reporters":
        first = f"<strong>{e(article.dateline())}</strong> {paragraph_html(article, 0)}"
        changes["authors"] = _authors(article)
        changes["dateline"] = d["city"]
    else:
        changes["authors"] = []
    related = related_of(article)
    changes["relatedArticles"] = related_truth(related)
    comments = "".join(
        f'<li><span class="commentDate">{(article.published.day + n) % 28 + 1:02d}/{article.published.month:02d}/2025</span> '
        f'<span class="commentAuthorName">{e(name)}</span><p>{e(text)}</p></li>'
        for n, (name, text) in enumerate(
            [("كريم", "متابعة جيدة للموضوع."), ("نادية", "ننتظر المزيد من التفاصيل.")]
        )
    )
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article, logo_h1=True)
        + '<div class="breadcrumbs"><span class="pathway">'
        + f'<a href="{BASE}/">الرئيسية</a> / <a href="{e(section.href(1))}">{e(section.name)}</a></span></div>\n'
        + '<div id="k2Container" class="itemView">\n'
        + f'<h2 class="itemTitle">{e(d["headline"])}</h2>\n'
        + share_bar(article)
        + '<div class="itemImageBlock"><span class="itemImage">'
        + f'<img src="{article.image("large")}" alt="{e(d["headline"])}"></span>'
        + f'<span class="itemImageCaption">{e(d["caption"])}</span></div>\n'
        + '<div class="itemFullText">\n'
        + byline
        + _paragraphs(article, first=first)
        + "</div>\n"
        + '<div class="itemTagsBlock"><span>الكلمات الدالة</span> '
        + " ".join(f'<a href="{BASE}/tag/{e(k)}">{e(k)}</a>' for k in d["keywords"])
        + "</div>\n"
        + related_list(article, related, "مواضيع ذات صلة").replace(
            'class="related-posts"', 'class="itemRelated"'
        )
        + f'<div class="itemComments"><h3>تعليقات القراء</h3><ul>{comments}</ul></div>\n'
        + COMMENT_FORM
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, changes


# ---- 5 ------------------------------------------------------------------------------------------
def drupal_time(article: Article) -> Rendered:
    """Drupal node: ``<time datetime>`` in the article header (its text the site's date line on
    even articles, a short date on odd ones), the body as ``<div>`` blocks, ``news_keywords``."""
    d = article.data
    section = section_of(article)
    attr = structured_dates(article, 0, zulu=article.index % 4 == 1)
    site_line = article.index % 2 == 0
    if site_line:
        dates = visible_dates(article)
        published_text = dates["datePublishedRaw"]
        modified_text = dates["dateModifiedRaw"]
    else:
        dates = attr
        p, m = article.published, article.modified
        published_text = f"{p:%d/%m/%Y - %H:%M}"
        modified_text = f"آخر تحديث: {m:%d/%m/%Y - %H:%M}" if m else None
    times = f'<time class="published" datetime="{attr["datePublishedRaw"]}">{published_text}</time>'
    if modified_text:
        times += (
            f' <time class="changed" datetime="{attr["dateModifiedRaw"]}">{modified_text}</time>'
        )
    related = related_of(article)
    inline = inline_of(article)
    linked = related + ([inline] if inline else [])
    extra = (
        f'<link rel="canonical" href="{live(article)[len(BASE) :]}">\n'
        + meta("news_keywords", _keywords(article, ","), "name")
        + meta("og:title", d["headline"])
        + meta("og:description", d["description"])
        + meta("og:type", "article")
    )
    body = "".join(f"<div>{paragraph_html(article, i)}</div>\n" for i in range(len(d["body"])))
    html = (
        head(f"{d['headline']} | {SITE_NAME}", extra)
        + '<body class="path-node page-node-type-article">\n'
        + site_header(article)
        + '<nav class="breadcrumb" aria-label="Breadcrumb"><ol>'
        + f'<li><a href="{BASE}/">الرئيسية</a></li><li><a href="{e(section.href(0))}">{e(section.name)}</a></li></ol></nav>\n'
        + '<article role="article" class="node node--type-article node--view-mode-full">\n'
        + f'<h1 class="page-title"><span class="field--name-title">{e(d["headline"])}</span></h1>\n'
        + f'<div class="node__meta">{times}</div>\n'
        + '<div class="field field--name-field-image">'
        + figure(article, cls="media-image")
        + "</div>\n"
        + f'<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field__item">\n{body}</div>\n'
        + '<div class="field field--name-field-tags"><div class="field__label">الوسوم</div>'
        + "".join(
            f'<div class="field__item"><a href="/taxonomy/term/{i}">{e(k)}</a></div>'
            for i, k in enumerate(d["keywords"])
        )
        + "</div>\n"
        + "</article>\n"
        + related_list(article, linked, "أخبار ذات صلة", tag="h2").replace(
            'class="related-posts"', 'class="view-related"'
        )
        + reader_comments(article, style="time")
        + COMMENT_FORM
        + site_footer(article)
    )
    return html, {
        **dates,
        "authors": [],
        "dateline": None,
        "relatedArticles": related_truth(linked),
    }


# ---- 6 ------------------------------------------------------------------------------------------
def br_text(article: Article) -> Rendered:
    """An older custom CMS: the body one block of ``<br>``-separated text whose first line is the
    dateline, the headline only in ``og:title``, date lines in Arabic-Indic digits on odd pages."""
    d = article.data
    section = section_of(article)
    indic = article.index % 2 == 1
    dates = visible_dates(article, indic=indic)
    suffix = " - " if article.index % 2 == 0 else " | "
    sep = "<br><br>\n" if article.index % 2 == 0 else "<br/>"
    lines = [e(article.dateline())] + [paragraph_html(article, i) for i in range(len(d["body"]))]
    related = related_of(article)
    extra = (
        meta("keywords", _keywords(article, ","), "name")
        + meta("og:title", d["headline"] + suffix + SITE_NAME)
        + meta("og:url", live(article))
        + meta("og:image", article.image())
    )
    modified = (
        f'<span class="update">{dates["dateModifiedRaw"]}</span>'
        if dates["dateModifiedRaw"]
        else ""
    )
    html = (
        head(d["headline"] + suffix + SITE_NAME, extra)
        + "<body>\n"
        + site_header(article)
        + '<div id="page"><div class="right-col">\n'
        + f'<h2 class="page-title"><a href="{e(section.href(article.index))}">{e(section.name)}</a></h2>\n'
        + f'<div class="date-box"><span class="date">{dates["datePublishedRaw"]}</span> {modified}</div>\n'
        + f'<img class="main-img" src="{article.image("large")}" alt="{e(d["headline"])}">\n'
        + f'<div class="details">{sep.join(lines)}</div>\n'
        + related_list(article, related, "قد يهمك ايضا :")
        + share_bar(article)
        + "</div>\n"
        + most_read(article, indic=indic)
        + "</div>\n"
        + site_footer(article)
    )
    return html, {
        **dates,
        "description": None,
        "mainImage": main_image(article, caption=False),
        "relatedArticles": related_truth(related),
    }


# ---- 7 ------------------------------------------------------------------------------------------
def dates_in_body(article: Article) -> Rendered:
    """The date and update lines as the body's first paragraphs (Arabic-Indic digits on every
    third page), the dateline inside the first text paragraph, an inline "اقرأ أيضاً" box."""
    d = article.data
    kind = _kind(article)
    section = section_of(article)
    indic = article.index % 3 == 0
    dates = visible_dates(article, indic=indic)
    lines = f"<p>{dates['datePublishedRaw']}</p>\n"
    if dates["dateModifiedRaw"]:
        lines += f"<p>{dates['dateModifiedRaw']}</p>\n"
    dateline = e(article.dateline())
    first = ""
    byline = ""
    if kind == "writer":
        byline = f"<p>{dateline}</p>\n"
    elif kind == "staff":
        first = f"{dateline} {paragraph_html(article, 0)}"  # "الرباط - المغرب اليوم أعلنت ..."
    elif kind == "reporter":
        first = f"{dateline}<br>{paragraph_html(article, 0)}"
    else:
        first = f"<strong>{dateline}</strong> {paragraph_html(article, 0)}"
    related = related_of(article)
    inline = inline_of(article)
    linked = related + ([inline] if inline else [])
    extra = (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, ","), "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:title", d["headline"])
        + meta("og:description", d["description"])
        + meta("article:section", section.name)
    )
    html = (
        head(f"{SITE_NAME} | {d['headline']}", extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article, (" › ", " / ", " » ")[article.index % 3])
        + '<div class="article-page">\n'
        + f'<h1 class="article-title">{e(d["headline"])}</h1>\n'
        + figure(article)
        + '<div class="article-body">\n'
        + lines
        + byline
        + _paragraphs(article, first=first, inline=inline_box(article, inline) if inline else "")
        + share_bar(article)
        + "</div>\n"
        + related_list(article, related, "قد يهمك ايضا")
        + (reader_comments(article) if article.index % 4 != 3 else "")
        + COMMENT_FORM
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 8 ------------------------------------------------------------------------------------------
def undated_sidebar(article: Article) -> Rendered:
    """A bare template: no date of the article anywhere (visible or structured) while the
    sidebar's teasers carry other articles' date lines; no canonical, description, keywords or
    section; the image only in ``og:image``."""
    d = article.data
    extra = meta("og:title", d["headline"]) + meta("og:image", article.image())
    html = (
        head(f"{d['headline']} - {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + '<div class="layout"><div class="main-col">\n'
        + f'<h1 class="article-title">{e(d["headline"])}</h1>\n'
        + share_bar(article)
        + '<div class="news-text">\n'
        + _paragraphs(article)
        + "</div>\n"
        + reader_comments(article)
        + "</div>\n"
        + most_read(article)
        + most_read(article, title="آخر الأخبار", offset=17)
        + "</div>\n"
        + site_footer(article)
    )
    return html, {
        **NO_DATES,
        "canonicalUrl": None,
        "description": None,
        "keywords": [],
        "articleSection": None,
        "authors": [],
        "dateline": None,
        "mainImage": og_image(article),
        "relatedArticles": [],
    }


# ---- 9 ------------------------------------------------------------------------------------------
def cp1256_portal(article: Article) -> Rendered:
    """A table-based portal served in windows-1256, declared only in the page's ``<meta>``
    (``http-equiv`` on even pages, ``charset`` on odd ones); the dateline in ``<strong>``."""
    d = article.data
    kind = _kind(article)
    section = section_of(article)
    dates = visible_dates(article)
    charset = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        if article.index % 2 == 0
        else '<meta charset="windows-1256">'
    )
    first = ""
    byline = ""
    if kind == "writer":
        byline = f"<p>{e(article.dateline())}</p>\n"
    else:
        first = f"<strong>{e(article.dateline())}</strong> {paragraph_html(article, 0)}"
    related = related_of(article)
    inline = inline_of(article)
    linked = related + ([inline] if inline else [])
    extra = (
        meta("description", d["description"], "name")
        + meta("keywords", _keywords(article, "، "), "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
    )
    modified = (
        f'<tr><td class="date">{dates["dateModifiedRaw"]}</td></tr>'
        if dates["dateModifiedRaw"]
        else ""
    )
    html = (
        head(f"{SITE_NAME} - {d['headline']}", extra, charset=charset)
        + "<body>\n"
        + site_header(article)
        + '<table width="100%" class="main"><tr><td valign="top" class="content">\n'
        + f'<div class="path"><a href="{BASE}/">الرئيسية</a> &gt; <a href="{e(section.href(2))}">{e(section.name)}</a></div>\n'
        + f'<table class="newshead"><tr><td><h1 class="title">{e(d["headline"])}</h1></td></tr>'
        + f'<tr><td class="date">{dates["datePublishedRaw"]}</td></tr>{modified}</table>\n'
        + f'<div class=\'image_container\'><img src="{article.image("large")}" alt="">'
        + f"<h3 class='caption'>{e(d['caption'])}</h3></div>\n"
        + '<div class="text">\n'
        + byline
        + _paragraphs(
            article, first=first, inline=inline_box(article, inline, "شاهد أيضاً") if inline else ""
        )
        + "</div>\n"
        + related_list(article, related, "قد يهمك ايضا")
        + share_bar(article)
        + '</td>\n<td valign="top" class="side">\n'
        + most_read(article)
        + "</td></tr></table>\n"
        + site_footer(article)
    )
    return html, {**dates, "relatedArticles": related_truth(linked)}


# ---- 10 -----------------------------------------------------------------------------------------
def jsonld_array(article: Article) -> Rendered:
    """No h1 at all, the headline an h2; JSON-LD as a top-level array (WebSite + NewsArticle,
    authors always a list) beside a BreadcrumbList block wrapped in ``<!-- -->``."""
    d = article.data
    section = section_of(article)
    names = author_names(article)
    dates = structured_dates(article, 1 if article.index % 2 == 0 else 0)
    news: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": d["headline"],
        "url": live(article),
        "datePublished": dates["datePublishedRaw"],
        "author": persons_ld(names) if names else [{"@type": "Organization", "name": SITE_NAME}],
        "publisher": publisher_ld(),
        "articleSection": section.name,
        "keywords": d["keywords"],
        "image": [article.image()],
    }
    if dates["dateModifiedRaw"]:
        news["dateModified"] = dates["dateModifiedRaw"]
    array = [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": f"{BASE}/",
        },
        {"@context": "https://schema.org", **news},
    ]
    crumbs = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": f"{BASE}/"},
                {"@type": "ListItem", "position": 2, "name": section.name},
            ],
        },
        ensure_ascii=False,
    )
    related = related_of(article)
    inline = inline_of(article)
    linked = related + ([inline] if inline else [])
    extra = (
        meta("description", d["description"], "name")
        + meta("og:url", live(article))
        + meta("og:title", d["headline"])
        + f'<script type="application/ld+json">\n<!--\n{crumbs}\n-->\n</script>\n'
        + jsonld(array, indent=1)
    )
    html = (
        head(d["headline"], extra)
        + "<body>\n"
        + site_header(article)
        + '<div class="story-page">\n'
        + f'<h2 class="headline">{e(d["headline"])}</h2>\n'
        + figure(article)
        + '<div class="story">\n'
        + _paragraphs(article, inline=inline_box(article, inline) if inline else "")
        + "</div>\n"
        + related_list(article, related, "اقرأ أيضا" if article.index % 2 else "قد يهمك ايضا")
        + share_bar(article)
        + "</div>\n"
        + most_read(article)
        + site_footer(article)
    )
    return html, credited_truth(dates, names, linked)


# ---- 11 -----------------------------------------------------------------------------------------
def portal_precedence(article: Article) -> Rendered:
    """The site's date lines in Arabic-Indic digits in the header besides JSON-LD, ``article:*``
    meta and ``<time>`` with the exact seconds: the visible line wins (minutes only)."""
    d = article.data
    kind = _kind(article)
    section = section_of(article)
    names = author_names(article)
    dates = visible_dates(article, indic=True)
    exact = structured_dates(article, 1)
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": d["headline"],
        "datePublished": exact["datePublishedRaw"],
        "publisher": publisher_ld(),
    }
    if exact["dateModifiedRaw"]:
        ld["dateModified"] = exact["dateModifiedRaw"]
    if names:
        ld["author"] = persons_ld(names)
    extra = (
        meta("description", d["description"], "name")
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:title", f"{d['headline']} | {SITE_NAME}")
        + meta("og:image", article.image())
        + meta("article:published_time", exact["datePublishedRaw"])
        + (
            meta("article:modified_time", exact["dateModifiedRaw"])
            if exact["dateModifiedRaw"]
            else ""
        )
        + meta("article:section", section.name)
        + "".join(meta("article:tag", k) for k in d["keywords"])
        + "".join(meta("article:author", n) for n in names)
        + jsonld(ld)
    )
    first = ""
    changes: dict[str, Any] = {**dates, "authors": plain_authors(names), "relatedArticles": []}
    if kind == "writer":
        changes["dateline"] = None
    else:
        first = f"<strong>{e(article.dateline())}</strong> {paragraph_html(article, 0)}"
    modified = (
        f'<span class="post-updated">{dates["dateModifiedRaw"]}</span>'
        if dates["dateModifiedRaw"]
        else ""
    )
    html = (
        head(f"{d['headline']} | {SITE_NAME}", extra)
        + "<body>\n"
        + site_header(article)
        + breadcrumbs(article)
        + '<div class="post">\n'
        + f'<h1 class="post-title">{e(d["headline"])}</h1>\n'
        + f'<div class="post-meta"><time datetime="{exact["datePublishedRaw"]}">'
        + f"{dates['datePublishedRaw']}</time> {modified}</div>\n"
        + figure(article, caption=False, cls="featured")
        + '<div class="article-content">\n'
        + _paragraphs(article, first=first)
        + "</div>\n"
        + share_bar(article)
        + "</div>\n"
        + most_read(article, indic=True)
        + reader_comments(article)
        + COMMENT_FORM
        + site_footer(article)
    )
    changes["mainImage"] = main_image(article, caption=False)
    return html, changes


# ---- 12 -----------------------------------------------------------------------------------------
def amp_page(article: Article) -> Rendered:
    """An AMP page: ``<html amp>``, the image an ``amp-img`` in a figure, the site's date lines,
    JSON-LD ReportageNewsArticle (its dateModified the publication time when never updated), the
    canonical pointing at the regular page."""
    d = article.data
    kind = _kind(article)
    section = section_of(article)
    dates = visible_dates(article)
    names = author_names(article)
    exact = structured_dates(article)
    ld: dict[str, Any] = {
        "@context": "http://schema.org",
        "@type": "ReportageNewsArticle" if kind in ("reporter", "reporters") else "NewsArticle",
        "headline": d["headline"],
        "datePublished": exact["datePublishedRaw"],
        "dateModified": exact["dateModifiedRaw"] or exact["datePublishedRaw"],
        "publisher": publisher_ld(),
        "image": {"@type": "ImageObject", "url": article.image()},
    }
    if names:
        ld["author"] = persons_ld(names)[0] if len(names) == 1 else persons_ld(names)
    extra = (
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        + f'<link rel="canonical" href="{live(article)}">\n'
        + meta("description", d["description"], "name")
        + meta("og:title", d["headline"])
        + meta("og:article:section", section.name)
        + jsonld(ld)
        + "<style amp-custom>body{direction:rtl}</style>\n"
    )
    related = related_of(article)
    modified = (
        f'<div class="amp-date">{dates["dateModifiedRaw"]}</div>\n'
        if dates["dateModifiedRaw"]
        else ""
    )
    dateline = f'<p class="amp-dateline">{e(article.dateline())}</p>\n' if kind != "writer" else ""
    html = (
        head(d["headline"], extra, html_attrs=" amp")
        + "<body>\n"
        + f'<header class="amp-header"><a href="{BASE}/"><amp-img src="http://stat.almaghribtoday.net/images/logo.png" width="180" height="40" alt="{SITE_NAME}"></amp-img></a>'
        + '<span class="clock">آخر تحديث GMT 21:03:24</span></header>\n'
        + '<article class="amp-article">\n'
        + f'<h1 class="amp-title">{e(d["headline"])}</h1>\n'
        + f'<div class="amp-date">{dates["datePublishedRaw"]}</div>\n'
        + modified
        + f'<figure class="amp-image"><amp-img src="{article.image("large")}" width="600" height="338" layout="responsive" alt=""></amp-img>'
        + f"<figcaption>{e(d['caption'])}</figcaption></figure>\n"
        + '<div class="amp-article-content">\n'
        + dateline
        + _paragraphs(article)
        + "</div>\n"
        + related_list(article, related, "قد يهمك ايضا")
        + share_bar(article).replace("share-bar", "amp-social-share")
        + "</article>\n"
        + f"<footer><p>جميع الحقوق محفوظة © 2025 {SITE_NAME}</p></footer>\n</body>\n</html>\n"
    )
    changes: dict[str, Any] = {
        **dates,
        "keywords": [],
        "relatedArticles": related_truth(related),
    }
    if article.modified is None:
        # no update line on the page: the JSON-LD's dateModified (the publication time) is next
        changes["dateModified"] = exact["datePublished"]
        changes["dateModifiedRaw"] = exact["datePublishedRaw"]
    if kind == "writer":
        changes["authors"] = plain_authors(names)
        changes["dateline"] = None
    return html, changes


# ---- 13 -----------------------------------------------------------------------------------------
def blogger_divs(article: Article) -> Rendered:
    """Blogger: the headline an h3, a date-only h2 above it, BlogPosting microdata dates and
    author, the body ``<div>`` blocks with ``<div><br /></div>`` spacers and ``&nbsp;``, the
    caption in a ``tr-caption`` table, the dateline in ``<b>``."""
    d = article.data
    kind = _kind(article)
    names = author_names(article)
    dates = structured_dates(article, 1)
    weekday = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
    months = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]  # fmt: skip
    p = article.published
    day_header = f"{weekday[p.weekday()]}، {p.day} {months[p.month - 1]} {p.year}"
    blocks = []
    for i in range(len(d["body"])):
        text = paragraph_html(article, i)
        if i == 0 and kind != "writer":
            text = f"<b>{e(article.dateline())}</b>&nbsp;{text}"
        if (article.index + i) % 3 == 0:
            text = f'<span style="font-size: large;">{text}</span>'
        blocks.append(f'<div style="text-align: justify;">{text}</div>')
    spacer = "\n<div><br /></div>\n"
    body = spacer.join(blocks)
    author = (
        '<span class="post-author vcard">بواسطة '
        + " و ".join(
            '<span class="fn" itemprop="author" itemscope itemtype="http://schema.org/Person">'
            f'<span itemprop="name">{e(n)}</span></span>'
            for n in (names or [SITE_NAME])
        )
        + "</span>"
    )
    modified = (
        f'<meta itemprop="dateModified" content="{dates["dateModifiedRaw"]}">'
        if dates["dateModifiedRaw"]
        else ""
    )
    extra = (
        f'<link rel="canonical" href="{live(article)}">\n'
        + meta("og:url", live(article))
        + meta("og:title", d["headline"])
        + meta("og:description", d["description"])
        + meta("og:image", article.image())
    )
    html = (
        head(f"{SITE_NAME}: {d['headline']}", extra)
        + '<body class="variant-indie">\n'
        + site_header(article)
        + '<div class="main-inner"><div class="blog-posts hfeed">\n'
        + f'<h2 class="date-header"><span>{day_header}</span></h2>\n'
        + '<div class="post hentry" itemscope itemtype="http://schema.org/BlogPosting">\n'
        + f'<meta itemprop="datePublished" content="{dates["datePublishedRaw"]}">{modified}\n'
        + f'<h3 class="post-title entry-title" itemprop="name">{e(d["headline"])}</h3>\n'
        + '<div class="post-body entry-content" itemprop="articleBody">\n'
        + '<table align="center" class="tr-caption-container"><tbody>'
        + f'<tr><td><a href="{article.image("large")}"><img src="{article.image("large")}" border="0"></a></td></tr>'
        + f'<tr><td class="tr-caption">{e(d["caption"])}</td></tr></tbody></table>\n'
        + body
        + "\n</div>\n"
        + f'<div class="post-footer">{author} '
        + f'<a class="timestamp-link" href="{live(article)}">{p:%H:%M}</a></div>\n'
        + share_bar(article)
        + "</div>\n"
        + reader_comments(article)
        + "</div></div>\n"
        + most_read(article, title="المشاركات الشائعة")
        + site_footer(article)
    )
    changes: dict[str, Any] = {
        **dates,
        "articleSection": None,
        "keywords": [],
        "authors": plain_authors(names),
        "relatedArticles": [],
    }
    return html, changes


TEMPLATES: dict[str, Layout] = {
    "wp_jsonld": wp_jsonld,
    "yoast_graph": yoast_graph,
    "microdata": microdata,
    "joomla_og": joomla_og,
    "drupal_time": drupal_time,
    "br_text": br_text,
    "dates_in_body": dates_in_body,
    "undated_sidebar": undated_sidebar,
    "cp1256_portal": cp1256_portal,
    "jsonld_array": jsonld_array,
    "portal_precedence": portal_precedence,
    "amp_page": amp_page,
    "blogger_divs": blogger_divs,
}

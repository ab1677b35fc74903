"""Shared pieces of the layout corpus: page chrome, structured-data blocks, dates, related lists.

Everything here is built from the snapshot's content (:mod:`sitesnapshot.content`) and the
project's own words; no third-party page text. Variations are chosen by an article's index, so a
page renders the same bytes every time.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

from sitesnapshot.render import LIVE, NOTICE, Article, Section, _paragraph, date_line, e
from tests.expected import SITE

BASE = f"https://{LIVE}"
SITE_NAME = "المغرب اليوم"
HEADER_CLOCK = "آخر تحديث GMT 21:03:24"
LOGO = "http://stat.almaghribtoday.net/images/logo.png"
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# readers' names and comments, the project's own words
COMMENTERS = ["أبو ياسر", "سناء من فاس", "مواطن مغربي", "كريم", "نادية"]
COMMENTS = [
    "شكرا على هذا الخبر المفصل، نتمنى المتابعة.",
    "خطوة في الاتجاه الصحيح، لكن العبرة بالتنفيذ على أرض الواقع.",
    "نرجو أن تشمل هذه المبادرات مناطق أخرى أيضا.",
    "تغطية جيدة كالعادة.",
]


# ---- articles ------------------------------------------------------------------------------------
def live(article: Article) -> str:
    """The article's URL on the live host, percent-encoded, as ``tests/expected.py`` writes it."""
    return BASE + quote(article.path)


def section_of(article: Article) -> Section:
    return next(s for s in SITE.sections if s.data["id"] == str(article.data["section"]))


def related_of(article: Article) -> list[Article]:
    return [SITE.by_key[k] for k in article.data.get("related", [])]


def inline_of(article: Article) -> Article | None:
    return SITE.by_key.get(article.data.get("inline_related", ""))


def related_truth(articles: list[Article]) -> list[dict[str, str]]:
    seen: list[Article] = []
    for a in articles:
        if a not in seen:
            seen.append(a)
    return [{"headline": a.data["headline"], "url": live(a)} for a in seen]


def reporters(article: Article) -> list[str]:
    reporter = article.data.get("reporter")
    return reporter if isinstance(reporter, list) else [reporter] if reporter else []


def author_names(article: Article) -> list[str]:
    """The people credited: the column's writer or the reporters; none for a staff piece."""
    writer = article.data.get("writer")
    return [writer["name"]] if writer else reporters(article)


def credited_truth(
    dates: dict[str, Any], names: list[str], linked: list[Article]
) -> dict[str, Any]:
    """The truth of a page that credits its writers by name only (no dateline): its dates,
    those authors, and its related links."""
    return {
        **dates,
        "authors": plain_authors(names),
        "dateline": None,
        "relatedArticles": related_truth(linked),
    }


def plain_authors(names: list[str]) -> list[dict[str, str]]:
    """Authors from structured data or a meta tag: the name as written is the name."""
    return [{"name": n, "nameRaw": n} for n in names]


def sidebar_articles(article: Article, count: int = 5, offset: int = 0) -> list[Article]:
    others = [a for a in SITE.newest if a is not article]
    start = (article.index * 3 + offset) % len(others)
    return (others[start:] + others[:start])[:count]


# ---- text ----------------------------------------------------------------------------------------
def paragraph_html(article: Article, position: int) -> str:
    """A body paragraph's escaped text as the site writes it (sometimes no space after a stop)."""
    return _paragraph(article.data["body"][position], article.index, position)[3:-4]


def iso(when: datetime, offset_hours: int = 0, zulu: bool = False) -> str:
    """A structured-data timestamp of ``when`` (UTC) written in a ``+HH:00`` offset or with Z."""
    if zulu:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    local = when.astimezone(timezone(timedelta(hours=offset_hours)))
    return local.isoformat()


def utc(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def visible_dates(article: Article, *, indic: bool = False) -> dict[str, Any]:
    """The site's date and update lines of ``article`` and the dates they stand for."""
    published = date_line(article.published, article.index)
    truth: dict[str, Any] = {
        "datePublished": utc(article.published),  # the seconds come from the URL's HHMMSS
        "datePublishedRaw": published.translate(INDIC) if indic else published,
        "dateModified": None,
        "dateModifiedRaw": None,
    }
    if article.modified is not None:
        line = "آخر تحديث " + date_line(article.modified, article.index + 1)
        truth["dateModified"] = utc(article.modified.replace(second=0))
        truth["dateModifiedRaw"] = line.translate(INDIC) if indic else line
    return truth


def structured_dates(
    article: Article, offset_hours: int = 0, *, zulu: bool = False, modified_fallback: bool = False
) -> dict[str, Any]:
    """Timestamps as a CMS writes them in JSON-LD, microdata or meta; with ``modified_fallback``
    an article never updated carries its publication time as ``dateModified`` (as WordPress does)."""
    modified = article.modified or (article.published if modified_fallback else None)
    published_raw = iso(article.published, offset_hours, zulu)
    modified_raw = iso(modified, offset_hours, zulu) if modified else None
    return {
        "datePublished": utc(article.published),
        "datePublishedRaw": published_raw,
        "dateModified": utc(modified) if modified else None,
        "dateModifiedRaw": modified_raw,
    }


NO_DATES: dict[str, Any] = {
    "datePublished": None,
    "datePublishedRaw": None,
    "dateModified": None,
    "dateModifiedRaw": None,
}


# ---- head ----------------------------------------------------------------------------------------
def head(
    title: str,
    extra: str = "",
    *,
    charset: str = '<meta charset="utf-8">',
    lang: str = "ar",
    html_attrs: str = "",
) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="rtl"{html_attrs}>\n<head>\n{charset}\n'
        f"<!-- {NOTICE} -->\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n{extra}"
        '<link rel="stylesheet" href="/assets/css/main.css">\n'
        "</head>\n"
    )


def meta(prop: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{prop}" content="{e(content)}">\n'


def jsonld(data: Any, *, indent: int | None = None) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


def publisher_ld() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": SITE_NAME,
        "url": f"{BASE}/",
        "logo": {"@type": "ImageObject", "url": LOGO},
    }


def persons_ld(names: list[str]) -> list[dict[str, str]]:
    return [{"@type": "Person", "name": n} for n in names]


# ---- page chrome ---------------------------------------------------------------------------------
def nav(article: Article) -> str:
    items = "".join(
        f'<li><a href="{e(s.href(i + article.index))}">{e(s.name)}</a></li>'
        for i, s in enumerate(SITE.sections)
    )
    return (
        f'<nav class="main-menu"><ul><li><a href="{BASE}/">الرئيسية</a></li>{items}'
        f'<li><a href="{BASE}/search">بحث</a></li></ul></nav>\n'
    )


def site_header(article: Article, *, logo_h1: bool = False) -> str:
    logo = (
        f'<a href="{BASE}/"><img src="{LOGO}" alt="{SITE_NAME}"></a>'
        if not logo_h1
        else f'<h1 class="logo"><a href="{BASE}/"><img src="{LOGO}" alt="{SITE_NAME}"></a></h1>'
    )
    return (
        '<header class="site-header">\n'
        f'<div class="topbar"><span class="clock">{HEADER_CLOCK}</span> '
        '<a href="https://www.facebook.com/Moroccotodaynews">facebook</a> '
        '<a href="https://twitter.com/almaghribtoday">twitter</a></div>\n'
        f'<div class="branding">{logo}</div>\n{nav(article)}</header>\n'
    )


def breadcrumbs(article: Article, sep: str = " » ") -> str:
    section = section_of(article)
    return (
        f'<div class="breadcrumbs"><a href="{BASE}/">الرئيسية</a>{e(sep)}'
        f'<a href="{e(section.href(article.index))}">{e(section.name)}</a></div>\n'
    )


def share_bar(article: Article) -> str:
    url = quote(live(article), safe="")
    return (
        '<div class="share-bar"><span>شارك</span> '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={url}">facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?url={url}">twitter</a> '
        f'<a href="https://api.whatsapp.com/send?text={url}">whatsapp</a></div>\n'
    )


def comment_date(article: Article, n: int) -> datetime:
    return article.published + timedelta(hours=3 + 5 * n, minutes=7 * n)


def reader_comments(article: Article, style: str = "list") -> str:
    """Two or three readers' comments with the commenter's name and the comment's date."""
    count = 2 + article.index % 2
    items = []
    for n in range(count):
        who = COMMENTERS[(article.index + n) % len(COMMENTERS)]
        text = COMMENTS[(article.index + 2 * n) % len(COMMENTS)]
        when = comment_date(article, n)
        if style == "time":
            stamp = f'<time datetime="{iso(when)}">{when:%d/%m/%Y %H:%M}</time>'
        else:
            stamp = f'<span class="comment-date">{when:%Y/%m/%d - %H:%M}</span>'
        items.append(
            f'<li class="comment"><div class="comment-author"><cite class="fn">{e(who)}</cite> '
            f"{stamp}</div><p>{e(text)}</p></li>"
        )
    return (
        f'<section id="comments" class="comments"><h3>التعليقات ({count})</h3>\n'
        f'<ol class="comment-list">\n{"".join(items)}\n</ol></section>\n'
    )


COMMENT_FORM = (
    '<form class="comment-form" action="#" method="post"><h3>أضف تعليقك</h3>\n'
    '<label>الإسم *</label><input type="text" name="name">\n'
    '<label>البريد الإلكتروني *</label><input type="email" name="email">\n'
    '<label>التعليق *</label><textarea name="comment"></textarea>\n'
    '<button type="submit">إرسال</button></form>\n'
)


def most_read(
    article: Article, *, indic: bool = False, title: str = "الأكثر قراءة", offset: int = 0
) -> str:
    """A sidebar of other articles' teasers, each with its site date line."""
    entries = []
    for i, s in enumerate(sidebar_articles(article, offset=offset)):
        line = date_line(s.published, s.index)
        entries.append(
            f'<li><a href="{e(s.href(s.index + i))}"><img src="{s.image("small")}" alt=""></a>'
            f'<h4><a href="{e(s.href(s.index + i))}">{e(s.data["headline"])}</a></h4>'
            f'<span class="teaser-date">{line.translate(INDIC) if indic else line}</span></li>'
        )
    return (
        f'<aside class="sidebar"><h3>{e(title)}</h3><ul>\n'
        + "\n".join(entries)
        + "\n</ul></aside>\n"
    )


def site_footer(article: Article) -> str:
    return (
        '<footer class="site-footer">\n'
        f'<ul class="footer-links"><li><a href="{BASE}/about">من نحن</a></li>'
        f'<li><a href="{BASE}/contact">اتصل بنا</a></li>'
        f'<li><a href="{BASE}/privacy">سياسة الخصوصية</a></li></ul>\n'
        f"<p>جميع الحقوق محفوظة © 2025 {SITE_NAME}</p>\n"
        "<p>نسخة مُعاد بناؤها لأغراض الاختبار، ونصوصها من تأليف مشروع newscrawl.</p>\n"
        "</footer>\n</body>\n</html>\n"
    )


# ---- related ---------------------------------------------------------------------------------------
def related_list(article: Article, items: list[Article], heading: str, *, tag: str = "h3") -> str:
    links = "\n".join(
        f'<li><a href="{e(r.href(article.index + i))}">{e(r.data["headline"])}</a></li>'
        for i, r in enumerate(items)
    )
    return f'<div class="related-posts"><{tag}>{e(heading)}</{tag}>\n<ul>\n{links}\n</ul></div>\n'


def inline_box(article: Article, target: Article, label: str = "اقرأ أيضاً") -> str:
    href = e(target.href(article.index + 2))
    return (
        f'<div class="inline-related"><span class="label">{e(label)}</span> '
        f'<a href="{href}"><img src="{target.image("small")}" alt=""></a> '
        f'<a href="{href}">{e(target.data["headline"])}</a></div>\n'
    )


def figure(article: Article, *, caption: bool = True, cls: str = "article-image") -> str:
    cap = f"<figcaption>{e(article.data['caption'])}</figcaption>" if caption else ""
    return (
        f'<figure class="{cls}"><img src="{article.image("large")}" '
        f'alt="{e(article.data["headline"])}">{cap}</figure>\n'
    )


def main_image(article: Article, *, caption: bool = True) -> dict[str, Any]:
    return {"url": article.image("large"), "caption": article.data["caption"] if caption else None}


def og_image(article: Article) -> dict[str, Any]:
    return {"url": article.image(), "caption": None}

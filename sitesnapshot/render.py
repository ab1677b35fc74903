"""Renders the snapshot of almaghribtoday.net from its content (:mod:`sitesnapshot.content`).

The pages follow the real site's structure and quirks (SITE.md): the 2018 homepage's classes
(``homepageslidersubtitle``, ``housemaintitle``, ``image_container``, ``h4.coring``, ``#analybox``,
``#marqnews``), the reading order of a real 2025 article page, repeated ids, raw and
percent-encoded Arabic hrefs, absolute links to ``http(s)://www.almaghribtoday.net``, datelines
with ``-``, ``ـ``, ``:`` and ``/``, ``&nbsp;`` and ``&quot;``, sentences with no space after the
full stop, and the same article linked from the homepage, its section, the RSS feed and a
second host. Every page says that it is a reconstruction. The variations are chosen by an
article's position, so a build is reproducible byte for byte.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

LIVE = "www.almaghribtoday.net"
PAGE_SIZE = 6  # items per section page; Joomla paginates with ?start=6, ?start=12, ...
HEADER_TIME = "21:03:24"  # the header band "آخر تحديث GMT 21:03:24"
NOTICE = (
    "newscrawl snapshot: a reconstruction of almaghribtoday.net's page structure for offline "
    "crawling; the text is newscrawl's own, not the site's."
)
NOTICE_AR = (
    "نسخة مُعاد بناؤها من بنية صفحات الموقع لأغراض الاختبار، ونصوصها من تأليف مشروع newscrawl."
)

WEEKDAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
WEEKDAYS_NO_HAMZA = ["الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
LEVANTINE = [
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
]  # fmt: skip
GREGORIAN = [
    "يناير", "فبراير", "مارس", "إبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
]  # fmt: skip
# dateline separators seen on the site: "طرابلس - فاطمة سعداوي", "ـ", ":", "/"
SEPARATORS = [" - ", " ـ ", ": ", " / ", "- ", " ـــ ", "/", " : "]
# hosts of the group that serve the same pages [real: SITE.md]
SECOND_HOST = "host.arabstoday.net"


@dataclass
class Article:
    """One article of the snapshot, with the paths and forms the pages link it by."""

    data: dict[str, Any]
    index: int

    @property
    def section(self) -> str:
        writer = self.data.get("writer")
        return f"w-{writer['id']}" if writer else str(self.data["section"])

    @property
    def key(self) -> str:
        """``{section}/{time}`` as the content's references name it (``417/093015``)."""
        return f"{self.data['section']}/{self.data['time']}"

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.data['time']}-{self.data['slug']}"

    @property
    def article_id(self) -> str:
        return self.path[1:]

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.data["published"]).replace(tzinfo=timezone.utc)

    @property
    def modified(self) -> datetime | None:
        value = self.data.get("modified")
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if value else None

    @property
    def file(self) -> str:
        return f"articles/{self.section}-{self.data['time']}.html"

    def href(self, variant: int | None = None) -> str:
        """The link to this article in one of the site's forms, chosen by ``variant``."""
        form = (self.index if variant is None else variant) % 4
        if form == 0:
            return f"http://{LIVE}{self.path}"  # raw Arabic, absolute http
        if form == 1:
            return f"https://{LIVE}{quote(self.path)}"  # percent-encoded, absolute https
        if form == 2:
            return self.path  # raw Arabic, relative
        return quote(self.path)  # percent-encoded, relative

    def dateline(self) -> str:
        writer = self.data.get("writer")
        if writer:
            return ("بقلم : " if self.index % 2 == 0 else "بقلم - ") + writer["name"]
        reporter = self.data.get("reporter")
        if isinstance(reporter, list):
            reporter = " و".join(reporter)
        sep = SEPARATORS[self.index % len(SEPARATORS)]
        return f"{self.data['city']}{sep}{reporter or 'المغرب اليوم'}"

    def image(self, size: str = "exlarge") -> str:
        year_month, name = self.data["image"].rsplit("/", 1)
        return f"http://img.almaghribtoday.net/{year_month}/{size}/{name}"


@dataclass
class Section:
    data: dict[str, Any]
    articles: list[Article] = field(default_factory=list)

    @property
    def path(self) -> str:
        slug = self.data["slug"]
        return f"/{self.data['id']}-{slug}" if slug else f"/{self.data['id']}"

    @property
    def name(self) -> str:
        return str(self.data["name"])

    def href(self, variant: int) -> str:
        if variant % 2:
            return f"http://{LIVE}{quote(self.path)}/"  # percent-encoded, trailing slash
        return f"http://{LIVE}{self.path}"

    def page_path(self, start: int) -> str:
        return self.path if start == 0 else f"{self.path}?start={start}"

    def page_file(self, start: int) -> str:
        return f"sections/{self.data['id']}-{start}.html"


def date_line(when: datetime, variant: int) -> str:
    """The site's date line: ``GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر``.

    Most lines put the Levantine name first, as the site does; every fifth the Gregorian one
    (``24 إبريل / نيسان``); every third weekday is written without hamza.
    """
    weekdays = WEEKDAYS_NO_HAMZA if variant % 3 == 2 else WEEKDAYS
    lev, greg = LEVANTINE[when.month - 1], GREGORIAN[when.month - 1]
    months = f"{greg} / {lev}" if variant % 5 == 0 else f"{lev} / {greg}"
    return f"GMT {when:%H:%M} {when.year} {weekdays[when.weekday()]} ,{when.day:02d} {months}"


def e(text: str) -> str:
    """HTML-escape, quotes as ``&quot;`` as the site writes them."""
    return html.escape(text, quote=True)


def _nbsp(text: str, variant: int) -> str:
    """Escape, and on some items write one space as ``&nbsp;`` as the site's teasers do."""
    escaped = e(text)
    if variant % 3 == 0 and " " in escaped:
        head, tail = escaped.split(" ", 1)
        return f"{head}&nbsp;{tail}"
    return escaped


def _paragraph(text: str, article: int, position: int) -> str:
    """One body paragraph; in some, the site's missing space after a full stop."""
    escaped = e(text)
    if (article + position) % 4 == 1:
        # "المقبل.ومن": the site often drops the space after a full stop between two words
        for i in range(1, len(escaped) - 2):
            if (
                escaped[i] == "."
                and escaped[i + 1] == " "
                and _arabic(escaped[i - 1])
                and _arabic(escaped[i + 2])
            ):
                escaped = escaped[: i + 1] + escaped[i + 2 :]
                break
    return f"<p>{escaped}</p>"


def _arabic(char: str) -> bool:
    return "\u0621" <= char <= "\u064a"


class Site:
    """The whole snapshot: articles by section, newest first, and every page rendered."""

    def __init__(self, sections: Sequence[dict[str, Any]], articles: Sequence[dict[str, Any]]):
        self.sections = [Section(s) for s in sections]
        by_id = {s.data["id"]: s for s in self.sections}
        self.articles = [Article(a, i) for i, a in enumerate(articles)]
        self.by_key = {a.key: a for a in self.articles}
        # [recon] section listings put the most recently updated articles first, as news CMSs
        # do, so an update to an older article shows on the first page of its section
        for article in sorted(self.articles, key=lambda a: a.modified or a.published, reverse=True):
            by_id[str(article.data["section"])].articles.append(article)
        self.newest = sorted(self.articles, key=lambda a: a.published, reverse=True)
        self.writers: dict[str, list[Article]] = {}
        for article in self.newest:
            writer = article.data.get("writer")
            if writer:
                self.writers.setdefault(writer["id"], []).append(article)

    # ---- shared parts --------------------------------------------------------------------------
    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar-aa" lang="ar-aa">\n'
            "<head>\n"
            '<meta http-equiv="content-type" content="text/html; charset=utf-8" />\n'
            f"<!-- {NOTICE} -->\n"
            f"<title>{e(title)}</title>\n{extra}"
            f'<link rel="stylesheet" href="http://stat.almaghribtoday.net/css/almaghribtoday-main.css" type="text/css" />\n'
            "</head>\n<body>\n"
        )

    def header(self) -> str:
        nav = "\n".join(
            f'<li><a href="{e(s.href(i))}">{e(s.name)}</a></li>'
            for i, s in enumerate(self.sections)
        )
        ticker = "\n".join(
            f"<a href='{e(a.href(i))}'>{e(a.data['headline'])}</a>"
            for i, a in enumerate(self.newest[:5])
        )
        return (
            f'<div class="snapshot-notice" lang="en">{e(NOTICE)}</div>\n'
            f'<div class="readmoregmttimeband">آخر تحديث GMT {HEADER_TIME}</div>\n'
            f'<div class="spthree gmt">آخر تحديث GMT {HEADER_TIME}</div>\n'
            f'<div id="logo"><a href="http://{LIVE}/"><img src="http://stat.almaghribtoday.net/images/logo.png" alt="المغرب اليوم" /></a></div>\n'
            f'<ul class="menu">\n<li><a href="http://{LIVE}/">الرئيسية</a></li>\n{nav}\n'
            f'<li><a href="http://{LIVE}/v-915/013153-شاهد-فيديو-الأسبوع">فيديو</a></li>\n'
            f'<li><a href="http://{LIVE}/en/">English</a></li>\n'
            f'<li><a href="http://{LIVE}/search?searchword=">بحث</a></li>\n</ul>\n'
            f'<div class="moduletable ticker"><div class="rwsjquerymarque" id="marqnews">\n{ticker}\n</div></div>\n'
            '<div id="readmorebn">أخر الأخبار</div>\n'
        )

    def footer(self) -> str:
        return (
            '<div class="footer">\n'
            '<p class="copyright">almaghribtoday<br />جميع الحقوق محفوظة 2025 ©</p>\n'
            '<div class="vcard"><span class="locality">CASABLANCA</span> <span class="country-name">MOROCCO</span></div>\n'
            f'<p class="snapshot-notice">{e(NOTICE_AR)}</p>\n'
            '<a href="https://www.facebook.com/Moroccotodaynews">facebook</a> '
            '<a href="https://twitter.com/almaghribtoday">twitter</a> '
            '<a href="javascript:void(0)">أعلى الصفحة</a> <a href="mailto:info@almaghribtoday.net">اتصل بنا</a>\n'
            "</div>\n</body>\n</html>\n"
        )

    # ---- the article page ------------------------------------------------------------------------
    def article_page(self, article: Article) -> str:
        return render_article(
            article.data,
            index=article.index,
            path=article.path,
            section=self._section_of(article),
            related=[self.by_key[k] for k in article.data.get("related", [])],
            inline=self.by_key.get(article.data.get("inline_related", "")),
            sidebar=[a for a in self.newest if a is not article][article.index % 7 :][:6],
            site=self,
        )

    def _section_of(self, article: Article) -> Section:
        return next(s for s in self.sections if s.data["id"] == str(article.data["section"]))

    # ---- listings ----------------------------------------------------------------------------------
    def home_page(self) -> str:
        slider = self.newest[:5]
        items = []
        for i, a in enumerate(slider):
            href = e(a.href(i))
            intro = a.data["body"][0][:180]
            items.append(
                f'<li><p class="homepageslidersubtitle"><a href="{href}">{_nbsp(a.data["kicker"], i)}</a></p>\n'
                f'<h2 class="housemaintitle"><a href="{href}">{e(a.data["headline"])}</a></h2>\n'
                f"<div class='image_container'><a href=\"{href}\">\n"
                f'<img src="{a.image()}" alt="المغرب اليوم - {e(a.data["headline"])}" class=""><h3 class=\'caption\'>{e(a.data["caption"])} </h3></a></div>\n'
                f'<div class=\'introtext\' id="ninezero">\n<h4 class="coring"> {e(a.dateline())}</h4>\n'
                f"{e(intro)}...\n<a href=\"{href}\" class='read_more'>اقرأ المزيد</a>\n</div></li>"
            )
        boxes = []
        for j, section in enumerate(self.sections):
            if section.data["id"].startswith("2013"):
                continue
            entries = "\n".join(
                f'<div class="newsalsokutti" id="ninezero"><h3 class="housemaintitle"><a href="{e(a.href(a.index + j))}">{e(a.data["headline"])}</a></h3>\n'
                f'<p class="newsalsokuttisubtitle"><a href="{e(a.href(a.index + j + 1))}">{_nbsp(a.data["kicker"], a.index)}</a></p></div>'
                for a in section.articles[:3]
            )
            boxes.append(
                f'<div class="newsbox"><h2><a href="{e(section.href(j))}">{e(section.name)}</a></h2></div>\n{entries}'
            )
        opinions = next(s for s in self.sections if s.data["id"].startswith("2013"))
        analy = []
        for writer_id, columns in self.writers.items():
            a = columns[0]
            analy.append(
                f'<div id="analybox">\n<div id="analyim"><img src="{a.image("small")}" alt="{e(a.data["headline"])}" width="110" height="85" /></div>\n'
                f'<div class="ananame"><h4><a href="http://{LIVE}/w-{writer_id}-more/" class="autho">{e(a.data["writer"]["name"])}</a></h4></div>\n'
                f'<div class="anatext"><a href="{e(a.href(0))}">{e(a.data["headline"])}</a></div></div>'
            )
        # the group's other hosts serve the same pages, and AMP copies exist [real: SITE.md]
        twin = self.newest[0]
        amp = self.newest[1]
        group = (
            '<div class="moduletable groupsites">\n'
            f'<a href="http://{SECOND_HOST}{quote(twin.path)}">{e(twin.data["headline"])}</a>\n'
            f'<a href="https://{LIVE}/amp{amp.path}">{e(amp.data["headline"])} (AMP)</a>\n'
            '<a href="http://www.arabstoday.net/">العرب اليوم</a> <a href="http://www.palestinetoday.net/">فلسطين اليوم</a>\n'
            "</div>\n"
        )
        extra = (
            '<meta name="description" content="المغرب اليوم أخبار المغرب والعالم العربي" />\n'
            f'<link rel="canonical" href="http://{LIVE}/" />\n'
        )
        return (
            self.head("المغرب اليوم | أخبار المغرب والعالم العربي - أخبار عاجلة", extra)
            + self.header()
            + '<h1 class="page-title">المغرب اليوم | أخبار المغرب والعالم العربي - أخبار عاجلة</h1>\n'
            + '<h2 class="page-title">الرئيسية</h2>\n'
            + '<section class="slider"><ul class="slides">\n'
            + "".join(items)
            + "\n</ul></section>\n"
            + "\n".join(boxes)
            + "\n"
            + f'<div class="newsbox"><h2><a href="http://{LIVE}{opinions.path}">آراء وتحليلات</a></h2></div>\n'
            + "\n".join(analy)
            + "\n"
            + group
            + self.footer()
        )

    def section_pages(self, section: Section) -> list[tuple[str, str, str]]:
        """``(path, file, html)`` of every page of a section listing."""
        pages = []
        starts = list(range(0, max(len(section.articles), 1), PAGE_SIZE))
        for n, start in enumerate(starts):
            chunk = section.articles[start : start + PAGE_SIZE]
            items = "\n".join(
                f'<div class="sectionitem" id="ninezero">\n'
                f'<div class=\'image_container\'><a href="{e(a.href(a.index + 1))}"><img src="{a.image("mediam")}" alt="المغرب اليوم - {e(a.data["headline"])}" /></a></div>\n'
                f'<h3 class="housemaintitle"><a href="{e(a.href(a.index + 1))}">{e(a.data["headline"])}</a></h3>\n'
                f'<div class="sectiondate">{date_line(a.published, a.index)}</div>\n'
                + (
                    f'<div class="sectiondate">آخر تحديث {date_line(a.modified, a.index + 1)}</div>\n'
                    if a.modified
                    else ""
                )
                + f'<p class="sectionteaser">{_nbsp(a.data["description"], a.index)}</p>\n</div>'
                for a in chunk
            )
            nav = []
            if n > 0:
                nav.append(f'<a href="{e(section.page_path(starts[n - 1]))}">السابق</a>')
            if n + 1 < len(starts):
                nav.append(f'<a href="{e(section.page_path(starts[n + 1]))}">التالي</a>')
            title = f"{section.name} | المغرب اليوم"
            html_text = (
                self.head(
                    title,
                    f'<link rel="canonical" href="http://{LIVE}{quote(section.page_path(start))}" />\n',
                )
                + self.header()
                + f'<h2 class="page-title">{e(section.name)}</h2>\n<div class="sectionlist">\n{items}\n</div>\n'
                + f'<div class="pagination">{" ".join(nav)}</div>\n'
                + self.footer()
            )
            pages.append((section.page_path(start), section.page_file(start), html_text))
        return pages

    def writer_page(self, writer_id: str) -> str:
        columns = self.writers[writer_id]
        name = columns[0].data["writer"]["name"]
        items = "\n".join(
            f'<div class="sectionitem" id="ninezero"><h3 class="housemaintitle"><a href="{e(a.href(2))}">{e(a.data["headline"])}</a></h3>\n'
            f'<div class="sectiondate">{date_line(a.published, a.index)}</div></div>'
            for a in columns
        )
        return (
            self.head(f"{name} | المغرب اليوم")
            + self.header()
            + f'<h2 class="page-title">{e(name)}</h2>\n<div class="sectionlist">\n{items}\n</div>\n'
            + self.footer()
        )

    def rss(self, limit: int = 20) -> str:
        items = "\n".join(
            "<item>\n"
            f"<title>{e(a.data['headline'])}</title>\n"
            f"<link>https://{LIVE}{quote(a.path)}</link>\n"
            f'<guid isPermaLink="true">https://{LIVE}{quote(a.path)}</guid>\n'
            f"<description>{e(a.data['description'])}</description>\n"
            f"<pubDate>{format_datetime(a.published, usegmt=True)}</pubDate>\n"
            "</item>"
            for a in self.newest[:limit]
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f"<!-- {NOTICE} -->\n"
            '<rss version="2.0"><channel>\n<title>المغرب اليوم</title>\n'
            f"<link>https://{LIVE}/</link>\n<description>أخبار المغرب والعالم العربي</description>\n"
            f"<language>ar</language>\n{items}\n</channel></rss>\n"
        )

    # ---- the whole site ------------------------------------------------------------------------------
    def pages(self) -> Iterable[tuple[str, str, str, str]]:
        """``(url path with query, file, content type, text)`` of every page."""
        html_type = "text/html; charset=utf-8"
        yield "/", "home.html", html_type, self.home_page()
        yield "/rss", "rss.xml", "application/rss+xml; charset=utf-8", self.rss()
        yield "/robots.txt", "robots.txt", "text/plain; charset=utf-8", ROBOTS
        for section in self.sections:
            for path, file, text in self.section_pages(section):
                yield path, file, html_type, text
        for writer_id in self.writers:
            yield (
                f"/w-{writer_id}-more/",
                f"writers/w-{writer_id}.html",
                html_type,
                self.writer_page(writer_id),
            )
        for article in self.articles:
            yield article.path, article.file, html_type, self.article_page(article)


ROBOTS = """# newscrawl snapshot of almaghribtoday.net (a reconstruction)
User-agent: *
Disallow: /search
Disallow: /home/
"""


def render_article(
    data: dict[str, Any],
    *,
    index: int = 0,
    path: str = "",
    section: Section | None = None,
    related: Sequence[Article] = (),
    inline: Article | None = None,
    sidebar: Sequence[Article] = (),
    site: Site | None = None,
    dateline: str | None = None,
) -> str:
    """An article page in the site's reading order (SITE.md, "Article page").

    ``data`` has the keys of :mod:`sitesnapshot.content`; the optional ones (``published``,
    ``keywords``, ``image``, ...) may be missing, for rendering pages that lack them.
    """
    article = Article(data, index)
    headline = data["headline"]
    live_url = f"https://{LIVE}{quote(path)}" if path else ""
    keywords = (
        "، ".join(data.get("keywords", [])) if index % 2 else ",".join(data.get("keywords", []))
    )
    writer = data.get("writer")
    head_extra = ""
    if data.get("description"):
        head_extra += f'<meta name="description" content="{e(data["description"])}" />\n'
    if keywords:
        head_extra += f'<meta name="keywords" content="{e(keywords)}" />\n'
    if live_url:
        head_extra += f'<link rel="canonical" href="{live_url}" />\n<meta property="og:url" content="{live_url}" />\n'
        head_extra += f'<link rel="amphtml" href="https://{LIVE}/amp{quote(path)}" />\n'
    head_extra += f'<meta property="og:title" content="{e(headline)}" />\n<meta property="og:type" content="article" />\n'
    if data.get("description"):
        head_extra += f'<meta property="og:description" content="{e(data["description"])}" />\n'
    if data.get("image"):
        head_extra += f'<meta property="og:image" content="{article.image()}" />\n'
    head_extra += '<meta property="og:site_name" content="Almaghribtoday" />\n'
    head_extra += f'<meta property="og:article:author" content="{e(writer["name"] if writer else "المغرب اليوم")}" />\n'
    if section is not None:
        head_extra += f'<meta property="og:article:section" content="{e(section.name)}" />\n'

    parts = []
    if site is not None:
        parts.append(site.head(headline, head_extra) + site.header())
    else:
        parts.append(Site([], []).head(headline, head_extra))
    parts.append('<div class="newsarticle">\n<div class="sitelabel">المغرب اليوم -</div>\n')
    if section is not None:
        parts.append(
            f'<h2 class="page-title"><a href="{e(section.href(index))}">{e(section.name)}</a></h2>\n'
        )
    parts.append(f'<h1 class="newstitle">{e(headline)}</h1>\n')
    if data.get("published"):
        parts.append(f'<div class="newsdate">{date_line(article.published, index)}</div>\n')
    if article.modified is not None:
        parts.append(
            f'<div class="newsdate">آخر تحديث {date_line(article.modified, index + 1)}</div>\n'
        )
    parts.append(f'<div class="sitelabel">المغرب اليوم - {e(headline)}</div>\n')
    if data.get("image"):
        parts.append(
            f'<div class=\'image_container\'><img src="{article.image("large")}" alt="المغرب اليوم - {e(headline)}" />'
            f"<h3 class='caption'>{e(data.get('caption') or '')}</h3></div>\n"
        )
    parts.append('<div id="balmon">\n')
    parts.append(f'<h4 class="coring">{e(dateline or article.dateline())}</h4>\n')
    body = data["body"]
    middle = max(1, len(body) // 2)
    for position, text in enumerate(body):
        if position == middle and inline is not None:
            parts.append(
                '<div class="relatedinline" id="ninezero">'
                f'<a href="{e(inline.href(index + 2))}"><img src="{inline.image("small")}" alt="المغرب اليوم - {e(inline.data["headline"])}" /></a>'
                f'<a href="{e(inline.href(index + 2))}">{e(inline.data["headline"])}</a></div>\n'
            )
        parts.append(_paragraph(text, index, position) + "\n")
    if related:
        links = "&nbsp;\n".join(
            f'<li><a href="{e(r.href(index + i))}">{e(r.data["headline"])}</a></li>'
            for i, r in enumerate(related)
        )
        parts.append(
            f'<h3 class="alsointerest">قد يهمك ايضا :</h3>\n<ul class="alsointerestlist">\n{links}\n</ul>\n'
        )
    parts.append("</div>\n")
    parts.append(
        '<div class="tagsbox"><a href="https://twitter.com/almaghribtoday">almaghribtoday</a>\n<a href="https://www.facebook.com/Moroccotodaynews">almaghribtoday</a></div>\n'
    )
    parts.append(COMMENT_FORM)
    parts.append("</div>\n")
    if sidebar:
        entries = "\n".join(
            f'<div class="sideitem" id="ninezero"><h4 class="coring">{e(s.dateline())}</h4>\n'
            f'<div class="sidedate">{date_line(s.published, s.index)}</div>\n'
            f'<h3><a href="{e(s.href(s.index + 3))}">{e(s.data["headline"])}</a></h3>\n'
            f'<img src="{s.image("small")}" alt="المغرب اليوم - {e(s.data["headline"])}" /></div>'
            for s in sidebar
        )
        parts.append(f'<div class="sidebar">\n{entries}\n</div>\n')
    parts.append(site.footer() if site is not None else Site([], []).footer())
    return "".join(parts)


# [real: seed page] the comment form under every article
COMMENT_FORM = """<form class="commentform" action="#" method="post">
<label>الإسم *</label><input type="text" name="name" />
<label>البريد الألكتروني *</label><input type="text" name="email" />
<label>عنوان التعليق *</label><input type="text" name="title" />
<label>تعليق *</label><textarea name="comment"></textarea>
<span>: Characters Left</span>
<label>إلزامي *</label>
<p class="terms"><a href="#">شروط الاستخدام</a></p>
<p class="terms">شروط النشر: يلتزم المعلّق بآداب الحوار، ولا تُنشر التعليقات المسيئة أو الخارجة عن موضوع المقال.</p>
<label><input type="checkbox" name="agree" /> اُوافق على شروط الأستخدام</label>
<label>Security Code*</label>
</form>
"""


def build(site: Site, out: Path) -> dict[str, dict[str, str]]:
    """Write every page of ``site`` under ``out`` with its ``routes.json``; return the routes."""
    routes: dict[str, dict[str, str]] = {}
    for path, file, content_type, text in site.pages():
        target = out / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        routes[path] = {"file": file, "type": content_type}
    (out / "routes.json").write_text(
        json.dumps(routes, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return routes

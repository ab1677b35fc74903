"""The article page object: one method per item field, each a primary selector plus fallbacks.

Extraction works in layers, as trafilatura does: the site's own markup first, then OpenGraph and
meta tags, ``<title>``, elements found by their text (the date line by its pattern, the related
block by its ``قد يهمك ايضا`` heading), and last a generic main-text heuristic for the body. Each
field records which layer served it in :attr:`ArticlePage.sources`; a field served by anything but
its primary layer is listed in :attr:`ArticlePage.fallbacks`, and the crawl counts it
(``newscrawl/fallback/<field>``), so a layout change shows in the first run after it.

Values are raw: whitespace, entities already decoded by the parser, and nothing else touched; the
pipelines clean text and normalize dates. No Scrapy settings are read here.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector, SelectorList
from w3lib.encoding import html_to_unicode
from w3lib.url import safe_url_string

from newscrawl import selectors as S
from newscrawl.items import ArticleItem
from newscrawl.pages.structured import StructuredData, texts
from newscrawl.sites import site_names
from newscrawl.text import (
    clean,
    is_site_name,
    looks_binary,
    match_key,
    parse_byline,
    parse_dateline,
)
from newscrawl.urls import (
    ABSOLUTE_URL_RE,
    Kind,
    article_id,
    classify,
    edition,
    legacy_timestamp,
)

# Every name of the group's sites (newscrawl/sites.toml: publishers and other spellings), longest
# first so that "Egypt Today" is cut whole
_SITE_NAMES_ALT = "|".join(re.escape(n) for n in sorted(site_names(), key=len, reverse=True))
# the sites' handles, one Latin word ("almaghribtoday"), which open a paragraph of links
_HANDLES_ALT = "|".join(
    re.escape(n) for n in sorted(site_names(), key=len, reverse=True) if re.fullmatch(r"[a-z]+", n)
)
# "المغرب اليوم - {headline}": the label the site puts before headlines and image alts (on the
# English edition "Emirates Voice - {headline}")
_SITE_LABEL_RE = re.compile(rf"^\s*(?:{_SITE_NAMES_ALT})\s*[-ـ:]+\s*", re.I)
# "... | المغرب اليوم" or "المغرب اليوم | ..." around the <title>
_TITLE_SITE_RE = re.compile(
    rf"\s*[|–—-]\s*(?:{_SITE_NAMES_ALT})\s*$|^\s*(?:{_SITE_NAMES_ALT})\s*[|–—-]\s*",
    re.I,
)
# the byline of a column: "بقلم : {writer}", "بقلم - {writer}"
_BYLINE_RE = re.compile(r"^\s*(?:بقلم|كتب|كتبت)\s*[:\-ـ]?\s*\S")
# a dateline "{city} - {reporter}" as the first line of a paragraph: one to three words, a
# separator, then one to four words
_DATELINE_TEXT_RE = re.compile(
    r"^\s*[^\W\d_]+(?:\s[^\W\d_]+){0,2}\s*(?:-|ـ+|:|/)\s*[^\W\d_]+(?:\s[^\W\d_]+){0,3}\s*$"
)
# paragraphs that are calls, labels or handles, never article text [real: seed page]; the
# English edition's are the same calls in English ("Read also", "Follow us", the comment form's
# "Name *", "Email *") and the site's handles in Latin letters
_BOILERPLATE_RE = re.compile(
    r"^\s*(?:قد\s+يهمك|اقرأ\s+(?:أيضا|ايضا|أيضاً|المزيد)|شاهد\s+(?:أيضا|ايضا|أيضاً)|تابعونا|تابعوا|"
    r"الإسم\s*\*|البريد الألكتروني|شروط (?:الاستخدام|النشر)|"
    r"(?:read|see|also\s+read|read\s+also|read\s+more|you\s+may\s+also\s+like|related(?:\s+(?:news|articles))?)\s*:?\s*$|"
    r"read\s+also\s*:|also\s+read\s*:|follow\s+us|name\s*\*|e-?mail\s*\*|comment\s+title\s*\*|"
    r"terms\s+of\s+(?:use|publication)|"
    rf"(?:{_HANDLES_ALT})|(?:{_SITE_NAMES_ALT})\s*-?\s*$)",
    re.I,
)
_AR_LETTER_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LETTER_RE = re.compile(r"[^\W\d_]")

# ---- the article's own region ------------------------------------------------------------------
# Elements that hold a page's neighbours, never the article: its dates, authors and text are
# read from outside them only. Tags first, then class and id words of common templates (WordPress,
# Joomla, Drupal, the site's own "sidebar"/"sideitem"/"alsointerest"/"marqnews").
_NEIGHBOUR_TAGS = frozenset({"aside", "nav", "footer", "form", "select", "button"})
_NEIGHBOUR_WORDS = (
    r"side\w*|related\w*|most\w*|popular|teasers?|widgets?|comments?|comment-\w+|footer|menu|"
    r"ticker|marq\w*|breaking|share\w*|social|newsletter|trending|latest|also\w*|more-?news|"
    r"read-?more|recommend\w*|rail"
)
_NEIGHBOUR_RE = re.compile(rf"(?:^|[^a-z])(?:{_NEIGHBOUR_WORDS})(?![a-z])", re.I)
# before a generic extractor reads the body, these are cut from a copy of the tree too
_NOT_BODY_TAGS = frozenset(
    {"aside", "nav", "footer", "form", "figure", "figcaption", "iframe", "select", "button",
     "script", "style", "noscript", "h1"}
)  # fmt: skip
_NOT_BODY_RE = re.compile(
    rf"(?:^|[^a-z])(?:{_NEIGHBOUR_WORDS}|breadcrumbs?|tags?|tagsbox|keywords|author-?\w*|byline|"
    r"caption|meta|ads?|advert\w*|sitelabel|print|rating|twitter-tweet|instagram-media|"
    r"tiktok-embed|fb-post|embed\w*|signature|reporter|dateline)(?![a-z])",
    re.I,
)
# blocks that stand between the article and what follows it: reader comments, a comment form
_STOP_LINE_RE = re.compile(
    r"^\s*(?:التعليقات|تعليقات\s+القراء|تعليقات|أضف\s+تعليق\w*|اضف\s+تعليق\w*|اترك\s+تعليقا|"
    r"شارك\s+برأيك|آراء\s+القراء|آخر\s+الأخبار|اخر\s+الاخبار|أحدث\s+الأخبار|"
    r"الأكثر\s+(?:قراءة|مشاهدة|تعليقا|تعليقاً|تداولا)|المزيد\s+من\s+الأخبار)"
    r"\s*[:：]?\s*(?:\(\d+\))?\s*$"
)
# lines of a template, not of an article: copyright, share bars, labels
_TEMPLATE_LINE_RE = re.compile(
    r"©|جميع\s+الحقوق\s+محفوظة|حقوق\s+النشر|all\s+rights\s+reserved|"
    r"^\s*(?:شارك|مشاركة|انشر|أرسل\s+لصديق|طباعة|share|tweet)\b|"
    r"^\s*(?:الرئيسية|الصفحة\s+الرئيسية|اتصل\s+بنا|من\s+نحن|سياسة\s+الخصوصية)\s*$",
    re.I,
)
# a sentence ends in the line: ".", "!", "؟", "?", "…" or a closing quote after one
_SENTENCE_RE = re.compile(r"[.!؟?…:،]")
#: the shortest body exported (characters, after cleaning): a news brief is one sentence of
#: 20 words, about 120 characters; anything shorter is a teaser, a caption or a template's text
MIN_BODY_CHARS = 120
#: a body whose lines are more than this share of template text (navigation, footer,
#: copyright, share bars) is the page's frame, not an article
MAX_TEMPLATE_SHARE = 0.5
# "{place} - المغرب اليوم" at the very start of a paragraph that goes on with the article's
# text: the dateline is everything up to the site's name
_STAFF_NAME = r"(?:المغرب|العرب|فلسطين|مصر|ليبيا|عمان|لبنان|اليمن|الجزائر)\s+اليوم|صوت\s+الإمارات"
_DATELINE_PREFIX_RE = re.compile(
    rf"^\s*([^\W\d_]+(?:\s[^\W\d_]+){{0,2}}\s*(?:-|ـ+|:|/|–|—)\s*(?:{_STAFF_NAME}))"
    r"\s*[:\-ـ–—]?\s+(?=\S)"
)
# "نشر في: GMT ...", "تاريخ النشر : GMT ...": a label, not part of the date line
_PUBLISHED_LABEL_RE = re.compile(r"^\s*(?:نشر|نُشر|تاريخ\s+النشر|نشر\s+بتاريخ)[^G]{0,12}?(?=GMT)")
_BLOCK_TAGS = frozenset({"div", "li", "article", "section", "td", "tr", "ul", "ol", "dl", "table"})

Source = tuple[str, Callable[[], Any]]

#: content types an article page may have; anything else is not a page to read
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def _site_article_url(origin: str, key: str) -> str | None:
    """The article ``key`` on ``origin`` (``scheme://host``), percent-encoded."""
    try:
        return safe_url_string(f"{origin}/{key}")
    except ValueError:  # a page URL with a malformed port (only a hand-made response has one)
        return None


@dataclass(frozen=True)
class Rejection:
    """Why a response is not an article the crawl exports: ``empty``, ``binary``, ``not_html``,
    ``no_headline``, ``no_body``, ``too_deep`` (nested past the parser's limit). The crawl logs
    it and counts ``newscrawl/dropped/<reason>``."""

    reason: str
    #: what was wrong, for the log line (``"42 characters, fewer than 120"``)
    detail: str = ""


# every byte but the C0 controls that text never holds (tab, LF, FF and CR are text): deleting
# these from a chunk leaves its control bytes, counted by bytes.translate at C speed (a Python
# loop over the 4 KB cost 0.2 ms on each response)
#: libxml2's limit on nesting (with huge_tree, as parsel parses): markup deeper is not read
_PARSER_DEPTH = 2048

#: longer than any date line the site writes ("آخر تحديث GMT 09:15 2025 الثلاثاء ,21 ...": ~60)
_MAX_DATE_LINE = 120


def _well_formed(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL with a host and a valid port, else ``None``."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on "host:abc" or a port past 65535
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _content_type(response: Any) -> str | None:
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    value = headers.get("Content-Type")
    if not value:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return str(value).split(";", 1)[0].strip().lower() or None


# Every query of the page goes through its parsel selector (``self.sel``): ``.css()``, ``.xpath()``,
# ``.get()``, ``.getall()``, ``.attrib``. The lxml element under a selector (``Selector.root``) is
# used where parsel has no API: stepping from an element to its parent and ancestors, an element's
# position in document order, the text node a date line is in (parsel gives text as plain strings),
# walks of a subtree in document order, and the trimmed copy of the tree that trafilatura reads.
Nodes = Selector | SelectorList[Selector] | Iterable[Selector]


def _text(nodes: Nodes | None) -> str | None:
    """All text under ``nodes`` (selectors of elements or of strings) joined by spaces, or
    ``None`` when there is none."""
    if nodes is None:
        return None
    parts: list[str] = []
    for node in [nodes] if isinstance(nodes, Selector) else nodes:
        if isinstance(node.root, str):  # "::text", "@attr": the string itself
            parts.append(node.root.strip())
        else:
            parts.extend(t.strip() for t in node.xpath(".//text()").getall())
    joined = " ".join(p for p in parts if p)
    return joined or None


def _short_text(node: Selector, limit: int) -> str | None:
    """:func:`_text` of ``node`` when it is at most ``limit`` characters long, else ``None``. The
    text of a long node (the body, beside a date line) is not joined: every character of its
    string value but whitespace is in that text, so their count alone rules it out."""
    value = node.xpath("string()").get() or ""
    if len(value) > limit and len("".join(value.split())) > limit:
        return None
    text = _text(node)
    return text if text and len(text) <= limit else None


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict, tuple)):
        return bool(value)
    return True


# the text nodes that may hold a date line, read on the lxml tree with lxml's own XPath: its
# results are "smart strings" that know their element (``getparent()``, ``is_tail``), which a date
# line's checks need and parsel's plain strings do not give
_DATE_TEXTS = "//text()[contains(., 'GMT')]"
_OWN_DATE_TEXTS = "descendant-or-self::text()[contains(., 'GMT')]"
# any structured date on the page: JSON-LD, microdata, <time datetime>, a date <meta>
_STRUCTURED_DATE = (
    "(//script[@type='application/ld+json'] | //*[@itemscope] | //time[@datetime] | "
    "//meta[contains(@property, '_time') or @itemprop or @name='pubdate'])[1]"
)


def _block_text(paragraph: Selector) -> str:
    """The text of a paragraph with each ``<br>`` a line break: ``المغرب اليوم<br/>كشفت`` are
    two lines, never one glued word."""
    return "".join(
        node.root if isinstance(node.root, str) else "\n"  # a text node, or a <br>
        for node in paragraph.xpath(".//text() | .//br")
    )


_CATEGORY_HREF_RE = re.compile(r"/(?:category|tag|section|topics?)/", re.I)
_CATEGORY_REL_RE = re.compile(r"(?:^|\s)(?:category|tag)(?:\s|$)", re.I)
_CATEGORY_CLASS_RE = re.compile(r"(?:^|[^a-z])(?:cat|category|section|kicker)(?![a-z])", re.I)
# links that sign a reader's comment: "/user/12", "/members/x", "/profile/x"
_READER_HREF_RE = re.compile(r"/(?:users?|members?|profiles?|commenters?)/", re.I)
_COMMENTS_HEADING_RE = re.compile(
    r"^\s*(?:التعليقات|تعليقات(?:\s+القراء)?|آراء\s+القراء|أضف\s+تعليق\w*|اضف\s+تعليق\w*|"
    r"اترك\s+تعليقا|شارك\s+برأيك|comments?)\s*[:：]?\s*(?:\(?\d+\)?)?\s*$",
    re.I,
)
# headings of a page's lists, never an article's headline
_LIST_LABEL_RE = re.compile(
    r"^\s*(?:آخر\s+الأخبار|اخر\s+الاخبار|أحدث\s+الأخبار|الأخبار|أخبار|الرئيسية|الأكثر\s+\S+|"
    r"عاجل|أخبار\s+عاجلة)\s*$"
)
_DIGIT_RE = re.compile(r"\d")  # a name holds none; a meta line's date does
_HOME_RE = re.compile(r"^\s*(?:الرئيسية|الصفحة الرئيسية|home)\s*$", re.I)
_SIDEBAR_RE = re.compile(
    r"(?:^|[^a-z])(?:side\w*|most\w*|popular|widgets?|footer|menu|ticker|marq\w*|trending|latest|"
    r"comments?)(?![a-z])",
    re.I,
)


def _is_sidebar(element: Any) -> bool:
    """In a sidebar, a most-read list, navigation, the footer or the comments: a related
    heading or box there lists other pages' neighbours, not this article's."""
    for node in (element, *element.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag in ("nav", "footer", "form") or _SIDEBAR_RE.search(names):
            return True
        if node.tag == "aside" and not re.search(r"relat|also", names, re.I):
            return True
    return False


_ICON_RE = re.compile(
    r"logo|icon|avatar|sprite|pixel|\.svg(?:$|\?)|/ads?/|banner|/authors?/|/profiles?/|"
    r"(?:^|/)(?:print|mail|email|share|rss|btn|button|arrow|spacer|blank|bullet)[\w-]*\.\w+$",
    re.I,
)
# blocks about a writer (a byline's avatar, an author card): their picture is not the article's
_PERSON_BLOCK_RE = re.compile(r"author|avatar|byline|profile|writer|bio(?![a-z])", re.I)


def _caption_of(image: Selector) -> str | None:
    """The caption shown with an image: its figure's ``<figcaption>``, or an element whose class
    says caption in the block around it (``itemImageCaption``, ``tr-caption``)."""
    block = image
    for level in range(5):  # Blogger: img < a < td < tr < tbody < table.tr-caption-container
        parents = block.xpath("..")
        if not parents:
            return None
        block = parents[0]
        if block.xpath("self::figure"):
            return _text(block.css("figcaption"))
        captions = block.xpath(S.CAPTION_IN_BLOCK)
        if not captions and level == 0:  # "pic-desc", "photo-desc" right beside the image
            captions = block.xpath(S.DESC_IN_BLOCK)
        if captions:
            return _text(captions[:1])
    return None


# "المصدر: المغرب اليوم", "Source: ...": a label of where the text comes from, not a place
_SOURCE_LABEL_RE = re.compile(r"^\s*(?:ال)?(?:مصدر|مصادر)\s*[:\-ـ]|^\s*source\s*:", re.I)


def _is_dateline_line(text: str) -> bool:
    """``{city} - {reporter}`` by its shape: a few words, a separator, a few words."""
    return bool(_DATELINE_TEXT_RE.match(text)) and not _SOURCE_LABEL_RE.match(text)


def _image(url: str | None, caption: str | None) -> dict[str, str | None] | None:
    return {"url": url, "caption": caption} if url else None


def _is_byline(text: str) -> bool:
    """``بقلم : {writer}``, ``كتب - {reporter}``: a short line naming the writer (a sentence
    that starts with the verb, ``كتبت الصحيفة أن ...``, is text)."""
    return bool(_BYLINE_RE.match(text)) and len(text.split()) <= 7 and not _DIGIT_RE.search(text)


def _is_date_line(text: str) -> bool:
    return len(text) <= _MAX_DATE_LINE and bool(S.DATE_LINE_RE.search(text))


def _is_template_line(text: str) -> bool:
    """Copyright, a share bar, a menu entry, a label: text of the template, not the article."""
    if len(text) > 200:  # a template's lines are short; a paragraph may quote "©"
        return False
    if _TEMPLATE_LINE_RE.search(text):
        return True
    return len(text.split()) <= 4 and not _SENTENCE_RE.search(text)


def _without_prefix(line: str, prefix: str) -> str:
    """``line`` without ``prefix`` (the dateline) and the separator after it, cleaned."""
    cleaned = clean(line) or ""
    if not cleaned.startswith(prefix):
        return line
    return cleaned[len(prefix) :].lstrip(" :-ـ–—،,")


# The generic body: trafilatura reads an lxml tree, so the page's neighbours are cut from a copy of
# the lxml tree (parsel's Selector.drop() works on the page itself, which the other fields still
# read), walking its elements in document order.
def _is_teaser_block(element: Any, is_other_article: Callable[[str], bool]) -> bool:
    """A small block headed by a link to another article: a teaser (its summary is that
    article's text, not this one's)."""
    if len(element.text_content()) > 700:
        return False
    for heading in element.iter("h2", "h3", "h4", "h5"):
        for link in heading.iter("a"):
            if is_other_article(link.get("href") or ""):
                return True
    return False


def _is_comments_block(element: Any) -> bool:
    """A block of reader comments: headed by ``التعليقات``/``آراء القراء``, or signed with a
    link to a reader's page."""
    first = next((c for c in element.iterchildren() if isinstance(c.tag, str)), None)
    if first is not None:
        heading = " ".join(first.text_content().split())
        if len(heading) <= 40 and _COMMENTS_HEADING_RE.match(heading):
            return True
    if len(element.text_content()) > 700:
        return False
    return any(_READER_HREF_RE.search(a.get("href") or "") for a in element.iter("a"))


def _link_share(element: Any) -> float:
    text = element.text_content()
    total = len("".join(text.split()))
    if not total:
        return 0.0
    linked = sum(len("".join(a.text_content().split())) for a in element.iter("a"))
    return linked / total


def _cut_before(tree: Any, anchor: Any) -> None:
    """Cut from ``tree`` every element that ends before ``anchor`` begins."""
    ancestors = set(anchor.iterancestors())
    doomed = []
    for element in tree.iter():
        if element is anchor:
            break
        if element not in ancestors and isinstance(element.tag, str):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _prune(tree: Any, is_other_article: Callable[[str], bool] = lambda href: False) -> None:
    """Cut from ``tree`` (a copy) what is never the article's text, before the generic
    extractor reads it: neighbours, figures and forms by tag, class or id, and blocks that are
    mostly links (menus, related and teaser lists, share bars). An element that holds most of
    the page's text is never cut by its class: ``<body class="has-sidebar">`` stays."""
    total = len(tree.text_content()) or 1
    doomed = []
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in ("html", "body", "head"):
            continue
        if tag in _NOT_BODY_TAGS:
            doomed.append(element)
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip() and _NOT_BODY_RE.search(names):
            if len(element.text_content()) < total / 2:
                doomed.append(element)
                continue
        if (
            tag in ("div", "ul", "ol", "section", "p", "table", "span", "li")
            and _link_share(element) > 0.6
            and len(element.text_content()) < 3000
        ):
            doomed.append(element)
            continue
        if tag in ("div", "li", "article", "section", "ol", "ul") and (
            _is_teaser_block(element, is_other_article) or _is_comments_block(element)
        ):
            doomed.append(element)
    for element in tree.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
        # an old portal's layout table: its cells are blocks of text, as <div>s would be
        # (trafilatura renders a table's cells as "| cell |" rows, or leaves them out)
        element.tag = "div"
    for element in doomed:
        _drop(element)


def _drop(element: Any) -> None:
    """Cut ``element`` from its tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        # lxml refuses control characters in a text it is given (the parser let them in)
        tail = _XML_UNSAFE_RE.sub("", element.tail)
        previous = element.getprevious()
        if previous is not None:
            previous.tail = _XML_UNSAFE_RE.sub("", previous.tail or "") + tail
        else:
            parent.text = _XML_UNSAFE_RE.sub("", parent.text or "") + tail
    parent.remove(element)


_XML_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ArticlePage:
    """Extracts an :class:`~newscrawl.items.ArticleItem` from an article page.

    ``response`` is anything with ``url``, ``text`` and a parsel ``selector`` (a Scrapy
    ``HtmlResponse``, or :meth:`from_html` for tests). ``listing_date`` is the date line a
    listing or the RSS feed showed for this article, a fallback for ``datePublishedRaw``.
    """

    def __init__(
        self,
        url: str,
        selector: Selector,
        *,
        listing_date: str | None = None,
        downloaded: datetime | None = None,
        selectors: Mapping[str, str] | None = None,
        language: str | None = None,
    ) -> None:
        self.url = url
        self.sel = selector
        self.listing_date = listing_date
        # a site's overrides of named selectors (newscrawl/sites.toml, [site.selectors])
        self.selectors = dict(selectors or {})
        # the language of the site's edition this page is in (sites.toml, editions), the last
        # source of inLanguage after the page's own <html lang>
        self.language = language
        self.downloaded = downloaded or datetime.now(timezone.utc)
        self.sources: dict[str, str] = {}
        self.fallbacks: list[str] = []
        self._cache: dict[str, Any] = {}

    def _selector(self, name: str) -> str:
        """The selector ``name`` of :mod:`newscrawl.selectors`, or the site's override of it."""
        return self.selectors.get(name) or str(getattr(S, name))

    @classmethod
    def from_response(cls, response: Any, **kwargs: Any) -> ArticlePage:
        return cls(response.url, response.selector, **kwargs)

    @classmethod
    def from_html(cls, url: str, html: str | bytes, **kwargs: Any) -> ArticlePage:
        """A page from its HTML; bytes are decoded by their BOM or ``<meta>`` charset, else
        UTF-8, never raising on bytes that are not text."""
        if isinstance(html, bytes):
            html = html_to_unicode(None, html)[1]
        return cls(url, Selector(text=html), **kwargs)

    @staticmethod
    def check_response(response: Any) -> Rejection | None:
        """Why ``response`` cannot hold an article before it is read (an empty body, binary
        garbage, a type that is not HTML), or ``None``."""
        body = getattr(response, "body", b"") or b""
        if not body.strip():
            return Rejection("empty")
        if looks_binary(body):
            return Rejection("binary")
        content_type = _content_type(response)
        if content_type is not None and content_type not in HTML_TYPES:
            return Rejection("not_html")
        try:
            response.text  # noqa: B018 - a Scrapy Response that is not text has no .text
        except AttributeError:
            return Rejection("not_html")
        return None

    def result(
        self, *, publisher: str | None = None, site: str | None = None, zone: str | None = None
    ) -> ArticleItem | Rejection:
        """The item, or why this page is not an article to export (no headline, no body)."""
        item = self.to_item(publisher=publisher, site=site, zone=zone)
        if (not item.headline or not item.articleBody) and self._too_deep():
            return Rejection(
                "too_deep",
                f"the markup nests deeper than the parser's {_PARSER_DEPTH:,} levels; "
                "what lies deeper was not read",
            )
        if not item.headline:
            return Rejection("no_headline")
        if not item.articleBody:
            return Rejection("no_body", self.body_problem())
        return item

    def _too_deep(self) -> bool:
        """The parsed tree reaches libxml2's depth limit: the page's deeper markup is lost (a
        node, text aside, with at least that many elements above it, less a margin)."""
        depth = _PARSER_DEPTH - 9
        return bool(
            self.sel.xpath(f"(//node()[not(self::text())][count(ancestor::*) >= {depth}])[1]")
        )

    # ---- the layering ------------------------------------------------------------------------
    def _layered(self, name: str, layers: Iterable[Source]) -> Any:
        """The first layer that gives a value; records its name, and whether it was a fallback."""
        if name in self._cache:
            return self._cache[name]
        value: Any = None
        for position, (source, get) in enumerate(layers):
            candidate = get()
            if _present(candidate):
                value = candidate
                self.sources[name] = source
                if position > 0:
                    self.fallbacks.append(name)
                break
        self._cache[name] = value
        return value

    def _css(self, query: str) -> str | None:
        value = self.sel.css(query).get()
        return value.strip() if value and value.strip() else None

    # ---- structured data and the page's regions --------------------------------------------------
    @cached_property
    def structured(self) -> StructuredData:
        """The page's JSON-LD and microdata main entity (:mod:`newscrawl.pages.structured`)."""
        canonical = _well_formed(self._css(S.CANONICAL)) or _well_formed(self._css(S.OG_URL))
        return StructuredData(self.sel, self.url, canonical)

    @cached_property
    def _order(self) -> dict[Any, int]:
        """Each lxml element's position in document order (built once, for the fallbacks):
        parsel has no API for comparing two elements' positions."""
        return {el: i for i, el in enumerate(self.sel.root.iter())}

    @cached_property
    def _own_ids(self) -> set[str]:
        urls = (self.url, _well_formed(self._css(S.CANONICAL)), _well_formed(self._css(S.OG_URL)))
        return {k for u in urls if u and (k := article_id(u))}

    def _is_neighbour(self, element: Any) -> bool:
        """``element`` is in a sidebar, a related or most-read list, navigation, a footer, a
        form or the reader comments (by tag, class or id), where other articles' dates and
        names are. A container that also holds the article's headline is the article's own
        (a page with unclosed tags nests the whole article in its header's blocks). ``element``
        is an lxml element: the check walks up its ancestors."""
        found = self._cache.get("_anchor")  # as far as it is known: this may be finding it
        anchor = found.root if found is not None else None
        holders = self._anchor_holders(anchor)
        node = element
        while node is not None:
            tag = node.tag
            if isinstance(tag, str) and node not in holders:
                names = f"{node.get('class') or ''} {node.get('id') or ''}"
                match = _NEIGHBOUR_RE.search(names) if names.strip() else None
                if tag in _NEIGHBOUR_TAGS or match:
                    # the article's own footer (its date, its signature) sits in the article's
                    # container, beside the headline; the page's footer does not
                    footer = tag == "footer" or bool(match and "footer" in match.group(0).lower())
                    if not (footer and self._beside_anchor(node, anchor)):
                        return True
            node = node.getparent()
        return False

    @staticmethod
    def _beside_anchor(node: Any, anchor: Any) -> bool:
        container = anchor.getparent() if anchor is not None else None
        return container is not None and any(a is container for a in node.iterancestors())

    def _anchor_holders(self, anchor: Any) -> set[Any]:
        if anchor is None:
            return set()
        if "_holders" not in self._cache:
            self._cache["_holders"] = {anchor, *anchor.iterancestors()}
        holders: set[Any] = self._cache["_holders"]
        return holders

    def _is_teaser(self, element: Any) -> bool:
        """``element`` sits in a small block that links to another article: a teaser, whose
        date line is that article's."""
        block = element
        while block is not None and (
            not isinstance(block.tag, str) or block.tag not in _BLOCK_TAGS
        ):
            block = block.getparent()
        if block is None or len(block.text_content()) > 400:
            return False
        own = self._own_ids
        for link in block.iter("a"):
            href = (link.get("href") or "").strip()
            if _READER_HREF_RE.search(href):
                return True  # a reader's comment, signed with a link to their page
            key = article_id(self._joined(href) or "")
            if key and key not in own:
                return True
        return False

    @cached_property
    def _comments_start(self) -> int | None:
        """Where the reader comments begin: the position of a heading such as
        ``التعليقات`` or ``آراء القراء (3)`` after the headline, or ``None``."""
        anchor = self._anchor()
        anchor_at = self._order.get(anchor.root, -1) if anchor is not None else -1
        for node in self.sel.xpath(S.RELATED_HEADING_CANDIDATES):
            text = _text(node)
            if text and len(text) <= 40 and _COMMENTS_HEADING_RE.match(text):
                at = self._order.get(node.root, -1)
                if at > anchor_at:
                    return at
        return None

    def _in_article(self, element: Any) -> bool:
        """``element`` (an lxml element) is the article's own: at or after its headline,
        outside the page's neighbours (and outside the page header when no headline element is
        known)."""
        anchor = self._anchor()
        if anchor is not None:
            if self._order.get(element, -1) < self._order.get(anchor.root, 0):
                return False
        elif any(a.tag == "header" for a in element.iterancestors()):
            return False
        comments = self._comments_start
        if comments is not None and self._order.get(element, -1) > comments:
            return False  # a reader's comment and its date
        return not self._is_neighbour(element) and not self._is_teaser(element)

    @cached_property
    def _headline_node(self) -> list[Selector]:
        """The article's ``h1``: not the homepage's title, not a logo or the site's name."""
        for node in self.sel.xpath(S.HEADLINES):
            text = self._strip_site(_text(node))
            if text and not is_site_name(text) and not self._is_label(text):
                return [node]
        return []

    def _is_label(self, text: str) -> bool:
        """A short heading that names a list or a section ("آخر الأخبار", "أخبار عاجلة"), not
        an article: a template may set its section banner in the page's only ``h1``."""
        if len(text.split()) > 4:
            return False  # headlines are longer; nothing to look up
        if _LIST_LABEL_RE.match(text) or _HOME_RE.match(text):
            return True
        key = match_key(text)
        sections = {match_key(self._css(S.OG_SECTION))}
        for link in self.sel.xpath("//a[@href]"):
            if classify(self._joined(link.attrib.get("href") or "") or "") is Kind.SECTION:
                sections.add(match_key(_text(link)))
        return key in sections

    def _headline_value(self, value: str | None) -> str | None:
        """``value`` unless it is the site's name or a list's label (an ``og:title`` or
        ``<title>`` of a page that names only the site)."""
        if not value or is_site_name(value) or self._is_label(value):
            return None
        return value

    def _anchor(self) -> Selector | None:
        """Where the article starts: its ``h1``, or the heading that holds its headline."""
        if "_anchor" not in self._cache:
            nodes = self._headline_node
            anchor = nodes[0] if nodes else None
            if anchor is None:
                key = match_key(self.headline())
                for node in self.sel.xpath(S.SUBHEADINGS) if key else []:
                    if match_key(self._strip_site(_text(node))) == key:
                        anchor = node
                        break
            self._cache["_anchor"] = anchor
        return self._cache["_anchor"]

    @cached_property
    def _date_lines(self) -> list[str]:
        """The date lines right under the headline (the article's own, not the sidebar's)."""
        lines: list[str] = []
        siblings = [
            node for head in self._headline_node for node in head.xpath(S.HEADLINE_SIBLINGS)
        ]
        for node in siblings:
            # each line is its own text node: a page whose </div>s are missing puts the update
            # line, the body and the sidebar inside the first date line's element, and its
            # whole text is no date line; a teaser's line under the headline is not the article's
            # (lxml's XPath: each text node with the element that holds it, see _DATE_TEXTS)
            own = [
                " ".join(str(t).split())
                for t in node.root.xpath(_OWN_DATE_TEXTS)
                if not self._is_neighbour(t.getparent()) and not self._is_teaser(t.getparent())
            ]
            found = [t for t in own if S.DATE_LINE_RE.search(t)]
            element = node.root
            if not found and not self._is_neighbour(element) and not self._is_teaser(element):
                # a line split by inline markup ("GMT <b>02:57</b> 2025 ...") is read whole
                text = _short_text(node, _MAX_DATE_LINE)
                if text and S.DATE_LINE_RE.search(text):
                    found = [text]
            lines.extend(found)
        return lines

    @cached_property
    def _article_date_lines(self) -> list[str]:
        """Date lines found by their pattern in the article's own region, when the headline's
        siblings hold none (a changed layout): after the headline, in the header, the body or
        a paragraph of it; never in a sidebar, a related or most-read list, a teaser, the
        comments or the footer. A page without its own date line gets none, not a neighbour's."""
        lines: list[str] = []
        for text in self.sel.root.xpath(_DATE_TEXTS):  # lxml's XPath: see _DATE_TEXTS
            element = text.getparent()
            if text.is_tail:
                element = element.getparent()
            if element is None or not self._in_article(element):
                continue
            line = _PUBLISHED_LABEL_RE.sub("", " ".join(str(text).split()))
            if not S.DATE_LINE_RE.search(line):
                # "GMT <b>02:57</b> 2025 ...": read whole
                whole = _short_text(Selector(root=element), _MAX_DATE_LINE)
                if not whole or not S.DATE_LINE_RE.search(whole):
                    continue
                line = whole
            if len(line) <= _MAX_DATE_LINE and line not in lines:
                lines.append(line)
        return lines

    @cached_property
    def _time_datetimes(self) -> dict[str, str]:
        """``<time datetime>`` of the article (its region), as ``published``/``modified``."""
        found: dict[str, str] = {}
        for node in self.sel.xpath("//time[@datetime]"):
            attrib = node.attrib
            value = (attrib.get("datetime") or "").strip()
            if not value or not self._in_article(node.root):
                continue
            parent = node.xpath("..")
            label = _short_text(parent[0], _MAX_DATE_LINE) if parent else None
            modified = (
                attrib.get("itemprop") == "dateModified"
                or re.search(r"updat|modif", attrib.get("class") or "", re.I)
                or S.UPDATED_PREFIX_RE.match(_text(node) or "")
                or (label and S.UPDATED_PREFIX_RE.match(label))
            )
            found.setdefault("modified" if modified else "published", value)
        return found

    @cached_property
    def _body_container(self) -> SelectorList[Selector]:
        return self.sel.css(self._selector("BODY"))

    # ---- fields --------------------------------------------------------------------------------
    def headline(self) -> str | None:
        return self._layered(
            "headline",
            [
                ("h1", lambda: _text(self._headline_node)),
                ("og:title", lambda: self._headline_value(self._strip_site(self._css(S.OG_TITLE)))),
                (
                    "jsonld",
                    lambda: self._headline_value(
                        self._strip_site(self.structured.text("jsonld", "headline"))
                    ),
                ),
                (
                    "microdata",
                    lambda: self._headline_value(self.structured.text("microdata", "headline")),
                ),
                ("h2", self._headline_h2),
                ("title", lambda: self._headline_value(self._strip_site(self._css(S.TITLE)))),
            ],
        )

    def _headline_h2(self) -> str | None:
        """A headline set in ``h2``: the first ``h2`` of the page that is no link, no section
        title and no neighbour's, with a few words of text."""
        for node in self.sel.xpath(S.HEADLINE_H2):
            text = self._strip_site(_text(node))
            if text and len(text.split()) >= 3 and not self._is_neighbour(node.root):
                if not is_site_name(text) and not self._is_label(text):
                    return text
        return None

    @staticmethod
    def _strip_site(value: str | None) -> str | None:
        if not value:
            return None
        return _TITLE_SITE_RE.sub("", _SITE_LABEL_RE.sub("", value)).strip() or None

    def description(self) -> str | None:
        return self._layered(
            "description",
            [
                ("meta:description", lambda: self._css(S.META_DESCRIPTION)),
                ("og:description", lambda: self._css(S.OG_DESCRIPTION)),
                ("jsonld", lambda: self.structured.text("jsonld", "description")),
                ("microdata", lambda: self.structured.text("microdata", "description")),
            ],
        )

    def canonicalUrl(self) -> str | None:
        # a malformed URL ("http://host:port-name/", "http://[::1") is no canonical URL: it would
        # fail the schema's IRI check and lose the whole article
        return self._layered(
            "canonicalUrl",
            [
                ("link:canonical", lambda: _well_formed(self._joined(self._css(S.CANONICAL)))),
                ("og:url", lambda: _well_formed(self._joined(self._css(S.OG_URL)))),
            ],
        )

    def articleId(self) -> str | None:
        return self._layered(
            "articleId",
            [
                ("url", lambda: article_id(self.url)),
                ("canonicalUrl", lambda: article_id(self.canonicalUrl() or "")),
            ],
        )

    def articleSection(self) -> str | None:
        return self._layered(
            "articleSection",
            [
                ("og:article:section", lambda: self._css(S.OG_SECTION)),
                ("jsonld", lambda: self.structured.text("jsonld", "articleSection")),
                ("microdata", lambda: self.structured.text("microdata", "articleSection")),
                ("h2.page-title", lambda: self._css(self._selector("SECTION_TITLE"))),
                ("breadcrumb", self._breadcrumb_section),
                ("category-link", self._category_link),
            ],
        )

    def _breadcrumb_section(self) -> str | None:
        """The last link of a breadcrumb trail that is neither the homepage nor the article."""
        headline = match_key(self.headline())
        names = [_text(a) for a in self.sel.xpath(S.BREADCRUMB_LINKS)]
        for name in reversed([n for n in names if n]):
            key = match_key(name)
            if key and key != headline and not _HOME_RE.match(name) and not is_site_name(name):
                return name
        return None

    def _category_link(self) -> str | None:
        """The section a template shows above the headline, in the article's own header: a
        category or primary-tag link (``/category/...``, ``/tag/...``, ``rel="category tag"``)."""
        anchor = self._anchor()
        header = anchor.xpath("..") if anchor is not None else None
        if not header:
            return None
        for link in header.xpath(S.CATEGORY_LINKS):
            attrib = link.attrib
            href = attrib.get("href") or ""
            marked = (
                _CATEGORY_HREF_RE.search(href)
                or _CATEGORY_REL_RE.search(attrib.get("rel") or "")
                or _CATEGORY_CLASS_RE.search(attrib.get("class") or "")
                or classify(self._joined(href) or "") is Kind.SECTION
            )
            name = _text(link) if marked else None
            if name and not _HOME_RE.match(name) and len(name.split()) <= 5:
                if not _TEMPLATE_LINE_RE.search(name):
                    return name
        return None

    def keywords(self) -> list[str]:
        def split(value: str | None) -> list[str]:
            if not value:
                return []
            return unique_words(re.split(r"[,،;]", value))

        def unique_words(words: Iterable[str]) -> list[str]:
            seen: dict[str, str] = {}
            for word in words:
                word = word.strip()
                if word and match_key(word) not in seen:
                    seen[match_key(word)] = word
            return list(seen.values())

        def structured(kind: str) -> list[str]:
            values = texts(self.structured.value(kind, "keywords"))
            return split(",".join(values))

        return (
            self._layered(
                "keywords",
                [
                    ("meta:keywords", lambda: split(self._css(S.META_KEYWORDS))),
                    ("meta:news_keywords", lambda: split(self._css(S.META_NEWS_KEYWORDS))),
                    (
                        "meta:article:tag",
                        lambda: unique_words(self.sel.css(S.META_TAGS).getall()),
                    ),
                    ("jsonld", lambda: structured("jsonld")),
                    ("microdata", lambda: structured("microdata")),
                ],
            )
            or []
        )

    def _byline_text(self) -> str | None:
        """The raw dateline or byline: ``لندن - المغرب اليوم``, ``بقلم : {writer}``."""
        return self._layered(
            "dateline",
            [
                ("h4.coring", lambda: _text(self.sel.css(self._selector("DATELINE"))[:1])),
                ("reporter-block", self._reporter_block),
                ("body:first-line", self._dateline_from_body),
            ],
        )

    def _reporter_block(self) -> str | None:
        """A dateline or byline a template sets in a block of its own near the text
        (``<span class="reporter">الرباط - {reporter}</span>``, ``.dateline``, ``.byline``)."""
        for node in self.sel.xpath(S.REPORTER_BLOCKS):
            text = _text(node)
            if not text or len(text.split()) > 10 or not self._in_article(node.root):
                continue
            if _is_dateline_line(text) or _is_byline(text):
                return text
        return None

    @cached_property
    def _signature(self) -> str | None:
        """Writers named in a closing signature (``<p class="signature">``): the names alone,
        or ``بقلم : {writer}``."""
        for node in self.sel.xpath(S.SIGNATURES):
            text = _text(node)
            if text and len(text.split()) <= 10 and self._in_article(node.root):
                return text
        return None

    def _dateline_from_body(self) -> str | None:
        """A dateline or byline written at the top of the body, found by its shape: a line of
        its own (``الرباط - المغرب اليوم``, ``بقلم : {writer}``), a bold lead-in of the first
        paragraph (``<strong>الرباط - المغرب اليوم</strong> أعلنت ...``), or the site's name
        closing the first words of it (``الرباط - المغرب اليوم أعلنت ...``)."""
        for paragraph in self._first_paragraphs():
            whole = _text(paragraph)
            if whole and (_is_byline(whole) or _is_dateline_line(whole)):
                return whole  # a block of its own: "بقلم : {writer}"
            text = _text(paragraph.xpath(S.LEAD_BOLD)[:1])
            if text and " ".join(_block_text(paragraph).split()).startswith(text):
                if _is_dateline_line(text) or _is_byline(text):
                    return text
        _, lines = self._raw_body
        for text in [line for line in lines if not S.DATE_LINE_RE.search(line)][:2]:
            first = text.split("\n", 1)[0].strip()
            if _is_dateline_line(first) or _is_byline(first):
                return first
            prefix = _DATELINE_PREFIX_RE.match(first)
            if prefix:
                return prefix.group(1).strip()
        return None

    def _first_paragraphs(self) -> list[Selector]:
        """The first three paragraphs of the article's text (in its container, or after its
        headline), for a dateline set in bold at the start of one."""
        container = self._body_container
        if container:
            return list(container[0].xpath("descendant-or-self::p")[:3])
        found = []
        for p in self.sel.xpath(S.TEXT_BLOCKS):
            text = _text(p)
            # a paragraph of text or a byline, not a date line, a tool row or a caption
            wanted = text and (len(text) > 60 or _is_byline(text) or _is_dateline_line(text))
            if wanted and not _is_date_line(text or "") and self._in_article(p.root):
                found.append(p)
                if len(found) == 3:
                    break
        return found

    def dateline(self) -> str | None:
        raw = self._byline_text()
        if not raw or _BYLINE_RE.match(raw):
            return None
        return parse_dateline(raw).place

    def authors(self) -> list[dict[str, str]]:
        raw = self._byline_text()
        if raw:
            if _BYLINE_RE.match(raw):
                found = parse_byline(raw)
            else:
                line = parse_dateline(raw)
                if line.staff:
                    return []  # "لندن - المغرب اليوم": a staff piece
                found = line.authors
            if found:
                return [a.to_dict() for a in found]
        layers = [
            ("author-link", self._author_links),
            ("signature", lambda: [a.name for a in parse_byline(self._signature)]),
            ("jsonld", lambda: self.structured.authors("jsonld")),
            ("microdata", lambda: self.structured.authors("microdata")),
            (
                "og:article:author",
                lambda: [a.strip() for a in self.sel.css(S.OG_AUTHOR).getall() if a],
            ),
        ]
        for source, get in layers:
            names = [n for n in (clean(n) for n in get()) if n and not is_site_name(n)]
            if names:
                self.sources["authors"] = source
                self.fallbacks.append("authors")
                if source == "signature":  # as written: "بقلم : {writer}" keeps its prefix
                    return [a.to_dict() for a in parse_byline(self._signature)]
                unique = list(dict.fromkeys(names))
                return [{"name": name, "nameRaw": name} for name in unique]
        return []

    def _author_links(self) -> list[str]:
        """Writers named by a template's byline links or author names (``a[rel=author]``,
        ``a.author``, ``.author-name``, a link to ``/author/...``) in the article's own region:
        the names of the first block that has any."""
        for node in self.sel.xpath(S.AUTHOR_NAMES):
            if not self._in_article(node.root):
                continue
            names: list[str] = []
            for other in node.xpath("..").xpath(S.AUTHOR_NAMES_IN):
                name = _text(other)
                if name and len(name.split()) <= 6 and name not in names:
                    names.append(name)
            if names:
                return names
        return []

    def datePublishedRaw(self) -> str | None:
        def own_line(lines: list[str]) -> str | None:
            return next((x for x in lines if not S.UPDATED_PREFIX_RE.match(x)), None)

        return self._layered(
            "datePublishedRaw",
            [
                ("date-line", lambda: own_line(self._date_lines)),
                ("date-line-pattern", lambda: own_line(self._article_date_lines)),
                *self._structured_dates("datePublished"),
                ("listing", lambda: self.listing_date),
                # a Joomla-era alias "/39/2012-10-24-19-21-06" is the article's creation time
                ("url-alias", lambda: legacy_timestamp(self.url)),
            ],
        )

    def dateModifiedRaw(self) -> str | None:
        def update_line(lines: list[str]) -> str | None:
            return next((x for x in lines if S.UPDATED_PREFIX_RE.match(x)), None)

        return self._layered(
            "dateModifiedRaw",
            [
                ("update-line", lambda: update_line(self._date_lines)),
                (
                    # only when the headline's siblings hold no date line at all (a changed
                    # layout); with the layout intact, no update line there means no update
                    "update-line-pattern",
                    lambda: None if self._date_lines else update_line(self._article_date_lines),
                ),
                *self._structured_dates("dateModified"),
            ],
        )

    def _structured_dates(self, name: str) -> list[Source]:
        """The structured layers of a date, in the order of precedence after the visible line:
        JSON-LD, microdata, ``article:*_time`` meta, ``<time datetime>`` in the article."""
        meta = S.META_PUBLISHED if name == "datePublished" else S.META_MODIFIED
        kind = "published" if name == "datePublished" else "modified"
        return [
            ("jsonld", lambda: self.structured.text("jsonld", name)),
            ("microdata", lambda: self.structured.text("microdata", name)),
            ("meta", lambda: self._css(meta)),
            ("time", lambda: self._time_datetimes.get(kind)),
        ]

    def date_alternatives(self) -> dict[str, dict[str, str]]:
        """For each date taken from the visible line, the first structured value of the same
        date on the page (``{"datePublished": {"source": "jsonld", "raw": ...}}``), for the
        dates pipeline to compare: a disagreement beyond the time zone is a ``date_conflict``."""
        found: dict[str, dict[str, str]] = {}
        if not self.sel.xpath(_STRUCTURED_DATE):  # one pass for the four kinds
            return found
        for name in ("datePublished", "dateModified"):
            if not self.sources.get(f"{name}Raw", "").startswith(("date-line", "update-line")):
                continue
            for source, get in self._structured_dates(name):
                value = get()
                if _present(value):
                    found[name] = {"source": source, "raw": str(value)}
                    break
        return found

    def mainImage(self) -> dict[str, str | None] | None:
        def container() -> dict[str, str | None] | None:
            box = self.sel.css(S.IMAGE_CONTAINER)[:1]
            src = box.css(S.IMAGE_SRC).get()
            if not src:
                return None
            return _image(self._absolute(src), _text(box.css("h3.caption")))

        def article_image() -> dict[str, str | None] | None:
            # the first picture of the article's own region: in a <figure>, an image block or
            # the text, never a logo, an icon or a teaser's thumbnail
            for node in self.sel.xpath(S.ARTICLE_IMAGES):
                attrib = node.attrib
                src = (attrib.get("src") or attrib.get("data-src") or "").strip()
                if not src or _ICON_RE.search(src) or not self._own_picture(node.root):
                    continue
                if any(
                    _PERSON_BLOCK_RE.search(f"{a.get('class') or ''} {a.get('id') or ''}")
                    for a in (node.root, *node.root.iterancestors())  # lxml: see _is_neighbour
                    if isinstance(a.tag, str) and a.tag not in ("html", "body")
                ):
                    continue
                return _image(self._absolute(src), _caption_of(node))
            return None

        def og_image() -> dict[str, str | None] | None:
            src = self._css(S.OG_IMAGE)
            return _image(self._absolute(src), None) if src else None

        def structured(kind: str) -> dict[str, str | None] | None:
            value = self.structured.value(kind, "image")
            value = value[0] if isinstance(value, list) and value else value
            if isinstance(value, dict):
                nested = value.get("properties")
                props: dict[str, Any] = nested if isinstance(nested, dict) else value
                src = props.get("url") or props.get("contentUrl")
                caption = props.get("caption")
            else:
                src, caption = value, None
            if not isinstance(src, str) or not src.strip():
                return None
            return _image(
                self._absolute(src), caption.strip() or None if isinstance(caption, str) else None
            )

        return self._layered(
            "mainImage",
            [
                ("div.image_container", container),
                ("article-image", article_image),
                ("og:image", og_image),
                ("jsonld", lambda: structured("jsonld")),
                ("microdata", lambda: structured("microdata")),
            ],
        )

    def _absolute(self, href: str) -> str | None:
        """``href`` on the page's URL, or ``None`` for one no URL can be made of
        (``http://[::1``)."""
        try:
            return urljoin(self.url, href.strip())
        except ValueError:
            return None

    def _joined(self, href: str | None) -> str | None:
        """``href`` made absolute on the page's URL when it is relative (``/314/...``)."""
        if not href or ABSOLUTE_URL_RE.match(href):
            return href
        try:
            return urljoin(self.url, href.strip())
        except ValueError:
            return None

    def _article_url(self, href: str) -> str | None:
        """An article link in one form, whatever form the page wrote it in: the article's path
        (AMP prefix and trailing slash dropped, percent-encoded) on the host of this page's
        canonical URL, so that links read from a mirror still name the site."""
        href = href.strip()
        # an absolute URL's path, the only part article_id reads, is its own: no join needed
        key = article_id(self._joined(href) or "")
        if key is None:
            return None
        return _site_article_url(self._link_origin, key)

    @cached_property
    def _link_origin(self) -> str:
        base = urlsplit(self.canonicalUrl() or self.url)
        return f"{base.scheme}://{base.netloc}"

    def _links_after(self, start: Any, scope: Any) -> list[dict[str, str | None]]:
        """The article links under ``scope`` that come after ``start``, in document order (lxml
        elements: a walk of the subtree from one element on)."""
        links: list[dict[str, str | None]] = []
        after = start is None
        for element in scope.iter():
            if not isinstance(element.tag, str):
                continue
            if element is start:
                after = True
                continue
            if after and element.tag == "a" and element.get("href"):
                url = self._article_url(element.get("href", ""))
                if url is not None:
                    text = " ".join(t.strip() for t in element.itertext() if t.strip())
                    links.append({"headline": text or None, "url": url})
        return links

    def relatedArticles(self) -> list[dict[str, str | None]]:
        def by_heading() -> list[dict[str, str | None]]:
            # the block opens with a "قد يهمك ايضا :" heading; its links follow it, up to the
            # end of the body container (one pass over the container, in document order)
            container = self._body_container
            if not container:
                return []
            root = container[0].root  # lxml: each element's own text, before its children
            for element in root.iter():
                if not isinstance(element.tag, str) or element.tag == "a":
                    continue
                own = (element.text or "").strip()
                if own and S.RELATED_HEADING_RE.match(own):
                    return self._links_after(element, root)
            return []

        def inline_box() -> list[dict[str, str | None]]:
            boxes: list[dict[str, str | None]] = []
            for a in self.sel.css(S.INLINE_RELATED_LINKS):
                url, headline = self._article_url(a.attrib.get("href", "")), _text(a)
                if url and headline:
                    boxes.append({"headline": headline, "url": url})
            return boxes

        related = (
            self._layered(
                "relatedArticles",
                [
                    ("related-heading", by_heading),
                    ("inline-box", inline_box),
                    ("related-block", self._related_blocks),
                ],
            )
            or []
        )
        # the inline box (in the middle of the body) is related too, listed after the block
        if self.sources.get("relatedArticles") == "related-heading":
            related = related + inline_box()
        unique: dict[str, dict[str, str | None]] = {}
        for entry in related:
            key = article_id(entry["url"] or "")
            if key and key != self.articleId():
                if key not in unique:
                    unique[key] = entry
                elif not unique[key]["headline"] and entry["headline"]:
                    # a box links its image first (no text), then its headline
                    unique[key] = {**unique[key], "headline": entry["headline"]}
        return list(unique.values())

    def _related_blocks(self) -> list[dict[str, str | None]]:
        """Related links of other templates: the links that follow a related heading
        (``اقرأ أيضاً``, ``مقالات ذات صلة``) in its block, and those of a block whose class says
        it is related (``related-posts``); never a sidebar's or most-read list's. The block at
        the end of the article comes first, then those inside its text, as on the site."""
        headings = []
        for element in self.sel.xpath(S.RELATED_HEADING_CANDIDATES):
            own = _text(element)
            if own and len(own) <= 60 and S.RELATED_ANY_HEADING_RE.match(own):
                if not _is_sidebar(element.root) and self._after_anchor(element.root):
                    headings.append(element.root)
        links: list[dict[str, str | None]] = []
        for heading in reversed(headings):
            scope, found = heading.getparent(), []
            for _ in range(2):  # the heading's block, or the block around a lone heading
                if scope is None:
                    break
                found = self._links_after(heading, scope)
                if found:
                    break
                scope = scope.getparent()
            links.extend(found)
        for box in self.sel.xpath(S.RELATED_BOXES):
            if not _is_sidebar(box.root) and self._after_anchor(box.root):
                links.extend(self._links_after(None, box.root))
        return links

    def _after_anchor(self, element: Any) -> bool:
        anchor = self._anchor()
        return anchor is None or self._order.get(element, -1) > self._order.get(anchor.root, 0)

    # ---- the body ------------------------------------------------------------------------------
    @staticmethod
    def _paragraph_texts(scope: SelectorList[Selector]) -> list[str]:
        # "div/p" too: when the inline related box's "</div>" is missing, the parser puts the
        # paragraphs that follow it inside the box
        texts = [_block_text(p).strip() for p in scope.xpath("p | div/p")]
        return [text for text in texts if text]

    def _is_boilerplate(self, text: str) -> bool:
        if _BOILERPLATE_RE.match(text):
            return True
        keys, longest = self._boilerplate
        if len(text) > longest:
            return False  # far longer than the headline or dateline it could repeat
        # the repeated headline or image alt "المغرب اليوم - {headline}", the dateline again,
        # or the writers' closing signature (looked for only when a short line needs it)
        key = match_key(_SITE_LABEL_RE.sub("", text))
        return key in keys or key == match_key(self._signature)

    @cached_property
    def _boilerplate(self) -> tuple[set[str], int]:
        """The headline's and the dateline's keys, and the longest line that may repeat one."""
        values = [v for v in (self.headline(), self._byline_text()) if v]
        return {match_key(v) for v in values}, 2 * max((len(v) for v in values), default=0) + 40

    @cached_property
    def _raw_body(self) -> tuple[str, list[str]]:
        """The body's source and its paragraphs as the page has them (``<br>`` a line break):
        the site's container, else the page's main text found by trafilatura."""
        texts = self._paragraph_texts(self._body_container[:1])
        return ("div#balmon > p", texts) if texts else ("main-text", self._main_text)

    @cached_property
    def _main_text(self) -> list[str]:
        """The page's main text by trafilatura (``favor_precision``), read from a copy of the
        tree from which the page's neighbours, figures, forms and link lists were cut first:
        trafilatura alone keeps an inline related box glued to the paragraph before it, and
        the site's dateline and date lines as text."""
        from trafilatura import extract  # imported on the first page that needs it: ~0.4 s

        tree = copy.deepcopy(self.sel.root)
        found = self._anchor()
        anchor = found.root if found is not None else None
        if anchor is not None:  # what comes before the headline is the page's header
            # the copy has the original's shape: the anchor's twin is at the same step of a walk
            twin = next(
                (b for a, b in zip(self.sel.root.iter(), tree.iter(), strict=False) if a is anchor),
                None,
            )
            if twin is not None:
                _cut_before(tree, twin)
        own = self._own_ids

        def is_other_article(href: str) -> bool:
            key = article_id(self._joined(href.strip()) or "")
            return key is not None and key not in own

        _prune(tree, is_other_article)
        captions = self._captions | {match_key(c) for c in [self._main_caption()] if c}
        for element in list(tree.iter()):
            text = element.text_content() if isinstance(element.tag, str) else ""
            if element.getparent() is not None and text and len(text) < 200:
                if match_key(text) in captions:
                    _drop(element)
        text = extract(
            tree,
            include_comments=False,
            include_tables=False,  # layout tables are made blocks first (_prune)
            include_images=False,
            include_links=False,
            include_formatting=False,
            favor_precision=True,
            deduplicate=False,
            output_format="txt",
        )
        return [line for line in (text or "").split("\n") if line.strip()]

    def _own_picture(self, node: Any) -> bool:
        """A picture of the article: in its region, or above its headline in the same
        container (templates often set the featured image before the title)."""
        if self._in_article(node):
            return True
        anchor = self._anchor()
        return (
            self._beside_anchor(node, anchor.root if anchor is not None else None)
            and not self._is_neighbour(node)
            and not self._is_teaser(node)
        )

    def _main_caption(self) -> str | None:
        """The caption of the article's image, without recording a source for it."""
        for node in self.sel.xpath(S.ARTICLE_IMAGES):
            attrib = node.attrib
            src = (attrib.get("src") or attrib.get("data-src") or "").strip()
            if src and not _ICON_RE.search(src) and self._own_picture(node.root):
                return _caption_of(node)
        return None

    @cached_property
    def _captions(self) -> set[str]:
        values = [_text(node) for node in self.sel.xpath(S.CAPTIONS)]
        values += self.sel.xpath("//img/@alt").getall()
        return {match_key(_SITE_LABEL_RE.sub("", v)) for v in values if v}

    def _body_lines(self, source: str, texts: list[str]) -> list[str]:
        """The article's own lines: the dateline, bylines, date and update lines, captions,
        related blocks, share bars and comments taken out, whatever the body's source."""
        generic = source != "div#balmon > p"
        dateline = clean(self._byline_text())
        lines: list[str] = []
        for text in texts:
            for line in text.split("\n"):
                line = line.strip()
                if not line:
                    continue
                if S.RELATED_HEADING_RE.match(line) and not generic:
                    return lines  # "قد يهمك ايضا :" closes the article's own text
                if generic and _STOP_LINE_RE.match(line):
                    return lines  # the reader comments follow
                if generic and len(line) <= 60 and S.RELATED_ANY_HEADING_RE.match(line):
                    continue  # a related block's heading (its links were cut)
                if dateline and len(lines) < 2 and dateline[:2] in line[: len(dateline) + 8]:
                    line = _without_prefix(line, dateline)
                    if not line:
                        continue
                if self._is_boilerplate(line) or _is_date_line(line):
                    continue
                if len(lines) < 2 and _is_byline(line):
                    continue
                if generic and match_key(line) in self._captions:
                    continue
                lines.append(line)
        return lines

    def _checked_body(self, source: str, texts: list[str]) -> str | None:
        """The body, or ``None`` with the reason kept when what is left is a page's frame
        (mostly navigation, footer, copyright) or shorter than :data:`MIN_BODY_CHARS`."""
        lines = self._body_lines(source, texts)
        if not lines:
            self._cache["_body_problem"] = "no text in the article's body"
            return None
        total = sum(len(line) for line in lines)
        template = sum(len(line) for line in lines if _is_template_line(line))
        if template / total > MAX_TEMPLATE_SHARE:
            self._cache["_body_problem"] = (
                f"{template / total:.0%} of the body's text is navigation, footer or copyright"
            )
            return None
        if source != "div#balmon > p":
            # the site's own container holds the article by definition; text found elsewhere
            # on an Arabic page must be mostly Arabic (an English notice or menu is not it)
            lines = [line for line in lines if not _is_template_line(line)]
            letters = sum(len(_LETTER_RE.findall(line)) for line in lines)
            arabic = sum(len(_AR_LETTER_RE.findall(line)) for line in lines)
            language = (self.sel.xpath(S.HTML_LANG).get() or "ar").split("-")[0]
            if language.strip().lower() in ("ar", "") and letters and arabic / letters < 0.5:
                self._cache["_body_problem"] = (
                    f"only {arabic / letters:.0%} of the body's letters are Arabic on an "
                    "Arabic page"
                )
                return None
        length = sum(len(line) for line in lines)
        if length < MIN_BODY_CHARS:
            self._cache["_body_problem"] = (
                f"{length} characters of text, fewer than the {MIN_BODY_CHARS} of a news brief"
            )
            return None
        return "\n".join(lines)

    def articleBody(self) -> str | None:
        def primary() -> str | None:
            texts = self._paragraph_texts(self._body_container[:1])
            return self._checked_body("div#balmon > p", texts) if texts else None

        return self._layered(
            "articleBody",
            [
                ("div#balmon > p", primary),
                ("main-text", lambda: self._checked_body("main-text", self._main_text)),
            ],
        )

    def body_problem(self) -> str:
        """Why the page gave no body (after :meth:`articleBody` returned ``None``)."""
        return str(self._cache.get("_body_problem") or "no article text found")

    def inLanguage(self) -> str | None:
        def lang() -> str | None:
            value = self.sel.xpath(S.HTML_LANG).get()
            return value.split("-")[0].strip().lower() or None if value else None

        # an English edition's page ("/en/485/...", sites.toml's editions) is English whatever
        # its template's <html lang> says; another page's language is its own
        sources: list[tuple[str, Callable[[], str | None]]] = [
            ("html:lang", lang),
            ("site", lambda: self.language or edition(self.url)),
        ]
        if self.language == "en":
            sources.insert(0, ("edition", lambda: "en"))
        return self._layered("inLanguage", sources)

    # ---- the item ------------------------------------------------------------------------------
    def to_item(
        self, *, publisher: str | None = None, site: str | None = None, zone: str | None = None
    ) -> ArticleItem:
        """The whole item; raw values, cleaned later by the pipelines. ``site`` is the site's
        key; ``zone`` the IANA zone of the clocks it writes in local time (sites.toml's
        ``clock_zone``), for the dates pipeline."""
        item = ArticleItem(
            url=self.url,
            canonicalUrl=self.canonicalUrl(),
            articleId=self.articleId(),
            headline=self.headline(),
            description=self.description(),
            articleBody=self.articleBody(),
            articleSection=self.articleSection(),
            keywords=self.keywords(),
            authors=self.authors(),
            dateline=self.dateline(),
            datePublishedRaw=self.datePublishedRaw(),
            dateModifiedRaw=self.dateModifiedRaw(),
            mainImage=self.mainImage(),
            relatedArticles=self.relatedArticles(),
            inLanguage=self.inLanguage(),
            publisher=publisher,
            site=site,
        )
        item.metadata = {
            "dateDownloaded": self.downloaded.astimezone(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S+00:00"
            ),
            "sources": dict(self.sources),
            "fallbacks": sorted(set(self.fallbacks)),
        }
        alternatives = self.date_alternatives()
        if alternatives:
            # read by the dates pipeline, which compares them with the visible line and keeps
            # a disagreeing one as metadata.dateConflicts
            item.metadata["dateAlternatives"] = alternatives
        if zone and zone != "UTC":
            # read and removed by the dates pipeline: a local date line is read in this zone
            item.metadata["clockZone"] = zone
        return item

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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator
from w3lib.encoding import html_to_unicode
from w3lib.url import safe_url_string

from newscrawl import selectors as S
from newscrawl.items import ArticleItem
from newscrawl.text import is_site_name, match_key, parse_byline, parse_dateline
from newscrawl.urls import ABSOLUTE_URL_RE, article_id, short_string_cache

# "المغرب اليوم - {headline}": the label the site puts before headlines and image alts
_SITE_LABEL_RE = re.compile(r"^\s*(?:المغرب|العرب|فلسطين|مصر)\s+اليوم\s*[-ـ:]+\s*")
# "... | المغرب اليوم" or "المغرب اليوم | ..." around the <title>
_TITLE_SITE_RE = re.compile(
    r"\s*[|–—-]\s*(?:المغرب اليوم|Almaghribtoday)\s*$|^\s*(?:المغرب اليوم|Almaghribtoday)\s*[|–—-]\s*",
    re.I,
)
# the byline of a column: "بقلم : {writer}", "بقلم - {writer}"
_BYLINE_RE = re.compile(r"^\s*(?:بقلم|كتب|كتبت)\s*[:\-ـ]?\s*\S")
# a dateline "{city} - {reporter}" as the first line of a paragraph: one to three words, a
# separator, then one to four words
_DATELINE_TEXT_RE = re.compile(
    r"^\s*[^\W\d_]+(?:\s[^\W\d_]+){0,2}\s*(?:-|ـ+|:|/)\s*[^\W\d_]+(?:\s[^\W\d_]+){0,3}\s*$"
)
# paragraphs that are calls, labels or handles, never article text [real: seed page]
_BOILERPLATE_RE = re.compile(
    r"^\s*(?:قد\s+يهمك|اقرأ\s+(?:أيضا|ايضا|أيضاً|المزيد)|شاهد\s+(?:أيضا|ايضا|أيضاً)|تابعونا|تابعوا|"
    r"almaghribtoday|المغرب اليوم\s*-?\s*$|الإسم\s*\*|البريد الألكتروني|شروط (?:الاستخدام|النشر))",
    re.I,
)
_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")

Source = tuple[str, Callable[[], Any]]

#: content types an article page may have; anything else is not a page to read
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@short_string_cache()  # related links repeat from article to article
def _site_article_url(origin: str, key: str) -> str | None:
    """The article ``key`` on ``origin`` (``scheme://host``), percent-encoded."""
    try:
        return safe_url_string(f"{origin}/{key}")
    except ValueError:  # a page URL with a malformed port (only a hand-made response has one)
        return None


@dataclass(frozen=True)
class Rejection:
    """Why a response is not an article the crawl exports: ``empty``, ``binary``, ``not_html``,
    ``no_headline``, ``no_body``. The crawl logs it and counts ``newscrawl/dropped/<reason>``."""

    reason: str


# every byte but the C0 controls that text never holds (tab, LF, FF and CR are text): deleting
# these from a chunk leaves its control bytes, counted by bytes.translate at C speed (a Python
# loop over the 4 KB cost 0.2 ms on each response)
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))


def looks_binary(body: bytes) -> bool:
    """NUL bytes or many control bytes in the first 4 KB: not a text page in any charset."""
    head = body[:4096]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls / len(head) > 0.05


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


def _texts(node: Any) -> list[str]:
    """The text nodes under an lxml element (as ``.//text()`` gives them), or a string result."""
    if isinstance(node, str):
        return [node]
    return list(node.itertext())


# The page object queries the lxml tree through compiled XPath expressions (CSS translated once
# by parsel's own translator) rather than through parsel: each parsel call wraps every result in a
# Selector object, 26 of them per page, which was a third of the page object's time.
_CSS = HTMLTranslator()


@lru_cache(maxsize=256)
def _query(expression: str, css: bool) -> etree.XPath:
    """``expression`` compiled: a CSS selector (parsel's dialect, ``::text``, ``::attr(x)``) or
    an XPath expression."""
    return etree.XPath(_CSS.css_to_xpath(expression) if css else expression, smart_strings=False)


def _nodes(root: Any, expression: str, *, css: bool = True) -> list[Any]:
    """What ``expression`` selects under ``root`` (elements or strings), in document order."""
    result = _query(expression, css)(root)
    return result if isinstance(result, list) else [result]


def _first(root: Any, expression: str, *, css: bool = True) -> str | None:
    """The first string ``expression`` selects under ``root`` (an element as its HTML), as
    parsel's ``.get()`` gives it."""
    for value in _nodes(root, expression, css=css):
        if isinstance(value, str):
            return value
        return str(etree.tostring(value, method="html", encoding="unicode", with_tail=False))
    return None


def _roots(nodes: Any) -> list[Any]:
    if isinstance(nodes, SelectorList):
        return [n.root for n in nodes]
    if isinstance(nodes, Selector):
        return [nodes.root]
    if isinstance(nodes, list):
        return nodes
    return [nodes]


def _text(nodes: Any) -> str | None:
    """All text under ``nodes`` (lxml elements, or parsel selectors) joined by spaces, or
    ``None`` when there is none."""
    roots = _roots(nodes)
    parts = [t.strip() for root in roots for t in _texts(root)]
    joined = " ".join(p for p in parts if p)
    return joined or None


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict, tuple)):
        return bool(value)
    return True


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
    ) -> None:
        self.url = url
        self.sel = selector
        self.listing_date = listing_date
        self.downloaded = downloaded or datetime.now(timezone.utc)
        self.sources: dict[str, str] = {}
        self.fallbacks: list[str] = []
        self._cache: dict[str, Any] = {}

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

    def result(self, *, publisher: str | None = None) -> ArticleItem | Rejection:
        """The item, or why this page is not an article to export (no headline, no body)."""
        item = self.to_item(publisher=publisher)
        if not item.headline:
            return Rejection("no_headline")
        if not item.articleBody:
            return Rejection("no_body")
        return item

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
        value = _first(self.sel.root, query)
        return value.strip() if value and value.strip() else None

    # ---- regions -------------------------------------------------------------------------------
    def _headline_node(self) -> list[Any]:
        if "_headline_node" not in self._cache:
            self._cache["_headline_node"] = _nodes(self.sel.root, S.HEADLINE, css=False)
        return list(self._cache["_headline_node"])

    def _date_lines(self) -> list[str]:
        """The date lines right under the headline (the article's own, not the sidebar's)."""
        if "_date_lines" in self._cache:
            return list(self._cache["_date_lines"])
        lines: list[str] = []
        siblings = [
            node
            for head in self._headline_node()
            for node in _nodes(head, S.HEADLINE_SIBLINGS, css=False)
        ]
        for node in siblings:
            # each line is its own text node: a page whose </div>s are missing puts the update
            # line, the body and the sidebar inside the first date line's element, and its
            # whole text is no date line
            own = [" ".join(t.split()) for t in _texts(node) if "GMT" in t]
            found = [t for t in own if S.DATE_LINE_RE.search(t)]
            if not found:
                # a line split by inline markup ("GMT <b>02:57</b> 2025 ...") is read whole
                text = _text(node)
                if text and len(text) <= _MAX_DATE_LINE and S.DATE_LINE_RE.search(text):
                    found = [text]
            lines.extend(found)
        self._cache["_date_lines"] = lines
        return list(lines)

    def _date_lines_before_body(self) -> list[str]:
        """Date lines found by their pattern anywhere above the body, when the headline's
        siblings hold none (a changed layout). The sidebar's lines come after the body and are
        never taken: a page without its own date line gets none, not a neighbour's."""
        lines = []
        for element in self.sel.root.iter():
            if not isinstance(element.tag, str):
                continue  # comments, processing instructions
            if element.get("id") == "balmon":
                break
            if element.tag == "p" and len(_ARABIC_RE.findall(element.text_content())) > 80:
                break  # the first body paragraph of a page without "div#balmon"
            for text in (element.text, element.tail):
                if text and S.DATE_LINE_RE.search(text):
                    lines.append(" ".join(text.split()))
        return lines

    def _body_container(self) -> list[Any]:
        if "_body_container" not in self._cache:
            self._cache["_body_container"] = _nodes(self.sel.root, S.BODY)
        return list(self._cache["_body_container"])

    # ---- fields --------------------------------------------------------------------------------
    def headline(self) -> str | None:
        return self._layered(
            "headline",
            [
                ("h1", lambda: _text(self._headline_node())),
                ("og:title", lambda: self._strip_site(self._css(S.OG_TITLE))),
                ("title", lambda: self._strip_site(self._css(S.TITLE))),
            ],
        )

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
            ],
        )

    def canonicalUrl(self) -> str | None:
        # a malformed URL ("http://host:port-name/", "http://[::1") is no canonical URL: it would
        # fail the schema's IRI check and lose the whole article
        return self._layered(
            "canonicalUrl",
            [
                ("link:canonical", lambda: _well_formed(self._css(S.CANONICAL))),
                ("og:url", lambda: _well_formed(self._css(S.OG_URL))),
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
                ("h2.page-title", lambda: self._css(S.SECTION_TITLE)),
            ],
        )

    def keywords(self) -> list[str]:
        def split(value: str | None) -> list[str]:
            if not value:
                return []
            seen: dict[str, str] = {}
            for word in re.split(r"[,،;]", value):
                word = word.strip()
                if word and match_key(word) not in seen:
                    seen[match_key(word)] = word
            return list(seen.values())

        return (
            self._layered(
                "keywords",
                [
                    ("meta:keywords", lambda: split(self._css(S.META_KEYWORDS))),
                    ("meta:news_keywords", lambda: split(self._css(S.META_NEWS_KEYWORDS))),
                ],
            )
            or []
        )

    def _byline_text(self) -> str | None:
        """The raw dateline or byline: ``لندن - المغرب اليوم``, ``بقلم : {writer}``."""
        return self._layered(
            "dateline",
            [
                ("h4.coring", lambda: _text(_nodes(self.sel.root, S.DATELINE)[:1])),
                ("body:first-line", self._dateline_from_body),
            ],
        )

    def _dateline_from_body(self) -> str | None:
        """A dateline written as the first line of the body, found by its shape."""
        for text in self._paragraph_texts(self._body_container() or self.sel.root)[:2]:
            first = text.split("\n", 1)[0].strip()
            if _DATELINE_TEXT_RE.match(first) or _BYLINE_RE.match(first):
                return first
        return None

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
        author = self._css(S.OG_AUTHOR)
        if author and not is_site_name(author):
            self.sources["authors"] = "og:article:author"
            self.fallbacks.append("authors")
            return [{"name": author, "nameRaw": author}]
        return []

    def datePublishedRaw(self) -> str | None:
        def own_line(lines: list[str]) -> str | None:
            return next((x for x in lines if not S.UPDATED_PREFIX_RE.match(x)), None)

        return self._layered(
            "datePublishedRaw",
            [
                ("date-line", lambda: own_line(self._date_lines())),
                ("date-line-pattern", lambda: own_line(self._date_lines_before_body())),
                ("meta:published_time", lambda: self._css(S.META_PUBLISHED)),
                ("listing", lambda: self.listing_date),
            ],
        )

    def dateModifiedRaw(self) -> str | None:
        def update_line(lines: list[str]) -> str | None:
            return next((x for x in lines if S.UPDATED_PREFIX_RE.match(x)), None)

        return self._layered(
            "dateModifiedRaw",
            [
                ("update-line", lambda: update_line(self._date_lines())),
                (
                    # only when the headline's siblings hold no date line at all (a changed
                    # layout); with the layout intact, no update line there means no update
                    "update-line-pattern",
                    lambda: (
                        None if self._date_lines() else update_line(self._date_lines_before_body())
                    ),
                ),
                ("meta:modified_time", lambda: self._css(S.META_MODIFIED)),
            ],
        )

    def mainImage(self) -> dict[str, str | None] | None:
        def container() -> dict[str, str | None] | None:
            box = _nodes(self.sel.root, S.IMAGE_CONTAINER)[:1]
            src = _first(box[0], S.IMAGE_SRC) if box else None
            if not src:
                return None
            return {"url": self._absolute(src), "caption": _text(_nodes(box[0], "h3.caption"))}

        def og_image() -> dict[str, str | None] | None:
            src = self._css(S.OG_IMAGE)
            return {"url": self._absolute(src), "caption": None} if src else None

        return self._layered(
            "mainImage", [("div.image_container", container), ("og:image", og_image)]
        )

    def _absolute(self, href: str) -> str:
        return urljoin(self.url, href.strip())

    def _article_url(self, href: str) -> str | None:
        """An article link in one form, whatever form the page wrote it in: the article's path
        (AMP prefix and trailing slash dropped, percent-encoded) on the host of this page's
        canonical URL, so that links read from a mirror still name the site."""
        href = href.strip()
        # an absolute URL's path, the only part article_id reads, is its own: no join needed
        key = article_id(href if ABSOLUTE_URL_RE.match(href) else urljoin(self.url, href))
        if key is None:
            return None
        if "_link_origin" not in self._cache:
            base = urlsplit(self.canonicalUrl() or self.url)
            self._cache["_link_origin"] = f"{base.scheme}://{base.netloc}"
        return _site_article_url(self._cache["_link_origin"], key)

    def relatedArticles(self) -> list[dict[str, str | None]]:
        def by_heading() -> list[dict[str, str | None]]:
            # the block opens with a "قد يهمك ايضا :" heading; its links follow it, up to the
            # end of the body container (one pass over the container, in document order)
            container = self._body_container()
            root = container[0] if container else self.sel.root
            links: list[dict[str, str | None]] = []
            after_heading = False
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue
                if not after_heading:
                    own = (element.text or "").strip()
                    if element.tag != "a" and own and S.RELATED_HEADING_RE.match(own):
                        after_heading = True
                    continue
                if element.tag == "a" and element.get("href"):
                    url = self._article_url(element.get("href", ""))
                    if url is not None:
                        text = " ".join(t.strip() for t in element.itertext() if t.strip())
                        links.append({"headline": text or None, "url": url})
            return links

        def inline_box() -> list[dict[str, str | None]]:
            boxes: list[dict[str, str | None]] = []
            for a in _nodes(self.sel.root, S.INLINE_RELATED_LINKS):
                url, headline = self._article_url(a.get("href", "")), _text(a)
                if url and headline:
                    boxes.append({"headline": headline, "url": url})
            return boxes

        related = (
            self._layered(
                "relatedArticles", [("related-heading", by_heading), ("inline-box", inline_box)]
            )
            or []
        )
        # the inline box (in the middle of the body) is related too, listed after the block
        if self.sources.get("relatedArticles") == "related-heading":
            related = related + inline_box()
        unique: dict[str, dict[str, str | None]] = {}
        for entry in related:
            key = article_id(entry["url"] or "")
            if key and key != self.articleId() and key not in unique:
                unique[key] = entry
        return list(unique.values())

    # ---- the body ------------------------------------------------------------------------------
    @staticmethod
    def _paragraph_texts(scope: Any) -> list[str]:
        texts = []
        # "./div/p" too: when the inline related box's "</div>" is missing, the parser puts the
        # paragraphs that follow it inside the box
        for root in _roots(scope):
            if isinstance(root, str):
                continue
            for child in root.iterchildren():
                if child.tag == "p":
                    paragraphs = [child]
                elif child.tag == "div":
                    paragraphs = list(child.iterchildren("p"))
                else:
                    continue
                for p in paragraphs:
                    text = "".join(p.itertext()).strip()
                    if text:
                        texts.append(text)
        return texts

    def _is_boilerplate(self, text: str) -> bool:
        if _BOILERPLATE_RE.match(text):
            return True
        if "_boilerplate_keys" not in self._cache:
            values = [v for v in (self.headline(), self._byline_text()) if v]
            self._cache["_boilerplate_keys"] = {match_key(v) for v in values}
            self._cache["_boilerplate_len"] = 2 * max((len(v) for v in values), default=0) + 40
        if len(text) > self._cache["_boilerplate_len"]:
            return False  # far longer than the headline or dateline it could repeat
        # the repeated headline or image alt "المغرب اليوم - {headline}", or the dateline again
        return match_key(_SITE_LABEL_RE.sub("", text)) in self._cache["_boilerplate_keys"]

    def _main_text_container(self) -> Any:
        """Generic main-text fallback: the element whose own ``<p>`` children hold the most
        Arabic text. Written here rather than calling trafilatura because the tree is already
        parsed and the heuristic needs only this one rule; trafilatura's extra layers keep the
        site's inline related box glued to the paragraph before it."""
        best: tuple[int, Any] = (0, None)
        for parent in _nodes(self.sel.root, "//*[p]", css=False):
            size = sum(len(_ARABIC_RE.findall(t)) for t in self._paragraph_texts(parent))
            if size > best[0]:
                best = (size, parent)
        return best[1]

    def articleBody(self) -> str | None:
        def own_paragraphs(scope: Any) -> str | None:
            if scope is None:
                return None
            paragraphs = []
            for text in self._paragraph_texts(scope):
                if S.RELATED_HEADING_RE.match(text):
                    break  # "قد يهمك ايضا :" closes the article's own text
                if not self._is_boilerplate(text):
                    paragraphs.append(text)
            return "\n".join(paragraphs) or None

        return self._layered(
            "articleBody",
            [
                ("div#balmon > p", lambda: own_paragraphs(self._body_container()[:1] or None)),
                ("main-text", lambda: own_paragraphs(self._main_text_container())),
            ],
        )

    def inLanguage(self) -> str | None:
        def lang() -> str | None:
            value = _first(self.sel.root, S.HTML_LANG, css=False)
            return value.split("-")[0].strip().lower() or None if value else None

        return self._layered("inLanguage", [("html:lang", lang), ("site", lambda: "ar")])

    # ---- the item ------------------------------------------------------------------------------
    def to_item(self, *, publisher: str | None = None) -> ArticleItem:
        """The whole item; raw values, cleaned later by the pipelines."""
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
        )
        item.metadata = {
            "dateDownloaded": self.downloaded.astimezone(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S+00:00"
            ),
            "sources": dict(self.sources),
            "fallbacks": sorted(set(self.fallbacks)),
        }
        return item

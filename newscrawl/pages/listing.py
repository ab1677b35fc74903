"""Listing page objects: the homepage, section and writer pages, and the RSS feed.

They return the links a crawl follows, absolute but not yet moved onto the crawl's origin (the
spider decides that), and for each article link the date line the listing shows beside it, which
the article page uses as a fallback for its publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from parsel import Selector
from scrapy.linkextractors import LinkExtractor

from newscrawl import selectors as S
from newscrawl.urls import Kind, article_id, classify

#: Every followable link of a page, as Scrapy's LinkExtractor gives it: each href of an <a>,
#: <area> or <link>, stripped of HTML5 whitespace, joined to the page's <base href> (else its
#: URL), percent-encoded in the page's encoding; a link whose scheme is not http(s)/file/ftp, or
#: that names a file (its default ``deny_extensions``: images, documents, archives), or that is
#: bogus (an invalid IPv6 host, a bad port), is dropped. ``unique=False``: a link repeated on the
#: page is returned each time, in page order (the listing's article and listing links keep the
#: first of each); ``canonicalize=False``: the query's order and the fragment kept. Built once.
LINKS = LinkExtractor(tags=("a", "area", "link"), attrs=("href",), unique=False, canonicalize=False)


def page_links(response: Any) -> list[str]:
    """Every followable link of an HTML page, absolute, in page order, repeats kept."""
    return [link.url for link in LINKS.extract_links(response)]


#: the text nodes of a date line: it holds "GMT" or names its local zone ("توقيت القاهرة المحلي")
_GMT_TEXTS = ".//text()[contains(., 'GMT') or contains(., 'توقيت')]"
#: a headline link's three nearest ancestors (XPath gives them in document order, farthest first)
_NEAREST_ANCESTORS = "ancestor::*[position() <= 3]"

# "<!DOCTYPE rss [<!ENTITY lol "lol"> ...]>": the declaration and its internal subset, whose
# quoted values may hold "]>" themselves (<!ENTITY x "]>">): a subset ends at a "]" outside quotes
_DOCTYPE_RE = re.compile(
    rb"""<!DOCTYPE\b[^\[>]*(?:\[(?:[^\]"']|"[^"]*"|'[^']*')*\]\s*)?>""", re.S | re.I
)


def strip_doctype(body: bytes) -> bytes:
    """``body`` without its DOCTYPE declarations (and the entities they define)."""
    return _DOCTYPE_RE.sub(b"", body)


# Joomla pagination in a query: "?start=20", "&limitstart=40"
_PAGINATED_RE = re.compile(r"[?&](?:limit)?start=\d")


@dataclass(frozen=True)
class ArticleLink:
    """An article found on a listing, with what the listing says about it."""

    url: str
    date_line: str | None = None
    updated: str | None = None  # the update line the listing shows ("آخر تحديث GMT ..."), if any


class ListingPage:
    """Links of an HTML listing: homepage, section page (``/{id}-{slug}``), writer page."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.sel: Selector = response.selector
        self._link_cache: list[str] | None = None

    def _links(self) -> list[str]:
        """Every link of the page, extracted once for both article and listing links."""
        if self._link_cache is None:
            self._link_cache = page_links(self.response)
        return self._link_cache

    def article_links(self) -> list[ArticleLink]:
        """Every article and opinion-column link, once each by URL, in page order.

        One article may be linked in several forms (another host, an AMP copy, encoded or not):
        each is returned, and the spider decides which it may fetch; Scrapy's duplicate filter
        then fetches the article once.
        """
        dates = self._date_lines_by_key()
        seen: dict[str, ArticleLink] = {}
        for url in self._links():
            key = article_id(url)
            if key and url not in seen:
                published, updated = dates.get(key, (None, None))
                seen[url] = ArticleLink(url, published, updated)
        return list(seen.values())

    def listing_links(self) -> list[str]:
        """Section pages and writer pages linked from this page, once each: their first pages
        only. Later pages (``?start=N``) are reached through :meth:`next_page`, which the spider
        follows up to ``NEWSCRAWL_MAX_LISTING_PAGES``."""
        out: dict[str, str] = {}
        for url in self._links():
            if classify(url) in (Kind.SECTION, Kind.WRITER) and not _PAGINATED_RE.search(url):
                out.setdefault(url.split("#", 1)[0], url)
        return list(out.values())

    def next_page(self) -> str | None:
        """The Joomla pagination link (``?start=20``, text ``التالي``), absolute."""
        href = self.sel.xpath(S.NEXT_PAGE).get()
        return self.response.urljoin(href.strip()) if href and href.strip() else None

    def _date_lines_by_key(self) -> dict[str, tuple[str | None, str | None]]:
        """The date lines shown next to each article link: ``(published, updated)``.

        Section pages [recon] give each item a date line in the sidebar's form, and an update
        line ("آخر تحديث GMT ...") for an article updated since; they are looked up by their
        pattern inside the nearest ancestor that holds the link and a date line.
        """
        found: dict[str, tuple[str | None, str | None]] = {}
        for a in self.sel.css(S.LISTING_HEADLINE_LINKS):
            href = a.attrib.get("href")
            if not href:
                continue
            key = article_id(self.response.urljoin(href))  # against <base href>, else the URL
            if not key or key in found:
                continue
            # nearest ancestor first, up to the third
            for ancestor in reversed(a.xpath(_NEAREST_ANCESTORS)):
                lines = [
                    t.strip()
                    # only the text nodes that may be a date line are read, not the whole
                    # <body> that the homepage's third ancestor is
                    for t in ancestor.xpath(_GMT_TEXTS).getall()
                    if S.DATE_LINE_RE.search(t)
                ]
                if lines:
                    updated = next((t for t in lines if S.UPDATED_PREFIX_RE.match(t)), None)
                    published = next((t for t in lines if not S.UPDATED_PREFIX_RE.match(t)), None)
                    found[key] = (published, updated)
                    break
        return found


class FeedPage:
    """Items of the site's RSS feed (``/rss``): article links with their ``pubDate``."""

    def __init__(self, response: Any) -> None:
        self.response = response

    def article_links(self) -> list[ArticleLink]:
        # parsel parses XML with entity resolution off, so an entity-expansion bomb stays inert;
        # but lxml then stops at the first unexpanded entity and the items after it are lost:
        # a feed has no use for a DOCTYPE, so it is cut before parsing
        sel = Selector(body=strip_doctype(self.response.body), type="xml")
        seen: dict[str, ArticleLink] = {}
        for item in sel.xpath(S.RSS_ITEMS):
            link = (item.xpath(S.RSS_LINK).get() or item.xpath(S.RSS_GUID).get() or "").strip()
            if not link:
                continue
            url = self.response.urljoin(link)
            key = article_id(url)
            if key and key not in seen:
                pub = (item.xpath(S.RSS_PUBDATE).get() or "").strip() or None
                seen[key] = ArticleLink(url, pub)
        return list(seen.values())

"""Listing page objects: the homepage, section and writer pages, and the RSS feed.

They return the links a crawl follows, absolute but not yet moved onto the crawl's origin (the
spider decides that), and for each article link the date line the listing shows beside it, which
the article page uses as a fallback for its publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urljoin, urlparse, urlsplit

from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from newscrawl import selectors as S
from newscrawl.urls import ABSOLUTE_URL_RE, Kind, article_id, classify, short_string_cache

# Links are resolved as Scrapy's LinkExtractor resolves them (``tags=("a", "area", "link")``,
# ``attrs=("href",)``, its default ``deny_extensions``): each href is stripped of HTML5
# whitespace, joined to the page's <base href> (else its URL), percent-encoded as browsers do
# (w3lib's ``safe_url_string``, in the page's encoding), joined to the page's URL, and dropped
# if its scheme is not http(s)/file/ftp or it names a file (images, documents, archives).
# LinkExtractor itself was half the CPU of reading a listing page: it makes every step on every
# link of every page, and most of a page's 140 links (the menus, the tickers, the sidebars) are
# the same on all of the site's listings. Here the same steps are made once per distinct href
# and base (``_resolve`` is cached), and nothing LinkExtractor builds that the crawl does not
# use (each link's text, its nofollow flag) is built. ``tests/test_listing.py`` checks that
# both give the same links, in the same order, on every page of the snapshot, its synthetic
# copy and the real homepages.
_XHTML = "{http://www.w3.org/1999/xhtml}"
_LINK_TAGS = ("a", "area", "link", f"{_XHTML}a", f"{_XHTML}area", f"{_XHTML}link")
_SCHEMES = frozenset({"http", "https", "file", "ftp"})  # LinkExtractor's _is_valid_url
_WEB_RE = re.compile(r"https?://[^/?#]", re.I)
_IGNORED_RE = re.compile(
    r"\.(?:" + "|".join(re.escape(e.lstrip(".")) for e in IGNORED_EXTENSIONS) + r")\Z", re.I
)
#: characters urlsplit drops wherever they are in a URL: an href holding one takes the full key
_DROPPED_BY_URLSPLIT = frozenset("\t\r\n")


def _ignored(url: str) -> bool:
    """True for a link to a file LinkExtractor skips by default (``.jpg``, ``.pdf``, ...): its
    ``url_has_any_extension`` on the path that ``urlparse`` gives (no query, no ``;params``)."""
    return _IGNORED_RE.search(urlparse(url).path) is not None


@short_string_cache()
def _resolve(base: str, page_url: str, encoding: str, href: str) -> str | None:
    """One stripped href as LinkExtractor resolves it, or ``None`` where it drops it."""
    try:
        url = safe_url_string(urljoin(base, href), encoding=encoding)
    except ValueError:
        return None  # a bogus link (an invalid IPv6 host, a bad port)
    url = urljoin(page_url, url)
    if url.split("://", 1)[0] not in _SCHEMES or _ignored(url):
        return None
    return url


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def page_links(response: Any) -> list[str]:
    """Every followable link of an HTML page, absolute, in page order, repeats kept."""
    base = get_base_url(response)
    page_url = response.url
    encoding = response.encoding
    # what an href's result depends on: an absolute URL's, only on the schemes of the base and
    # the page; an absolute path's, on their schemes and hosts; anything else, on both URLs
    web = _WEB_RE.match(base) is not None and _WEB_RE.match(page_url) is not None
    by_scheme = (base.split(":", 1)[0] + ":", page_url.split(":", 1)[0] + ":")
    by_origin = (_origin(base) + "/", _origin(page_url) + "/")
    links = []
    for element in response.selector.root.iter(*_LINK_TAGS):
        href = element.get("href")
        if href is None:
            continue
        href = strip_html5_whitespace(href)
        if not web or not _DROPPED_BY_URLSPLIT.isdisjoint(href):
            url = _resolve(base, page_url, encoding, href)
        elif ABSOLUTE_URL_RE.match(href):
            url = _resolve(*by_scheme, encoding, href)
        elif href.startswith("/") and not href.startswith("//"):
            url = _resolve(*by_origin, encoding, href)
        else:
            url = _resolve(base, page_url, encoding, href)
        if url is not None:
            links.append(url)
    return links


# the listings' headline links and their date lines, compiled once (parsel would translate the
# CSS and wrap every node in a Selector on every page)
_HEADLINE_LINKS = etree.XPath(HTMLTranslator().css_to_xpath(S.LISTING_HEADLINE_LINKS))
_GMT_TEXTS = etree.XPath(".//text()[contains(., 'GMT') or contains(., 'توقيت')]")

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
        base = get_base_url(self.response)  # the page's <base href>, else its URL
        for a in _HEADLINE_LINKS(self.sel.root):
            href = a.get("href")
            if not href:
                continue
            # an absolute URL's path, the only part article_id reads, is its own
            key = article_id(href if ABSOLUTE_URL_RE.match(href) else urljoin(base, href))
            if not key or key in found:
                continue
            # nearest ancestor first, up to the third
            for ancestor in islice(a.iterancestors(), 3):
                lines = [
                    t.strip()
                    # the date line holds "GMT" (or names its local zone, "توقيت القاهرة
                    # المحلي"): only those text nodes are read, not the whole <body> that the
                    # homepage's third ancestor is
                    for t in _GMT_TEXTS(ancestor)
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

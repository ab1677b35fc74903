"""Structured data of an article page: JSON-LD and microdata, read with extruct.

Only the page's **main entity** is read: an article-typed object (``NewsArticle``, ``Article``,
``ReportageNewsArticle``, ``OpinionNewsArticle``, ...) at the top level of a JSON-LD block, in its
``@graph`` or in a top-level array, or a top-level microdata item of such a type. An object that
names another page as its ``url``/``@id``/``mainEntityOfPage`` (a sidebar's ``ItemList`` of teasers,
a related article) is never taken: its dates and authors are a neighbour's, not this article's.

A JSON-LD block that does not parse even with extruct's tolerant reader (HTML or JavaScript
comments, trailing commas) is skipped on its own, counted in :attr:`StructuredData.invalid`; the
other blocks of the page are still read.

OpenGraph and ``article:*`` meta (``article:published_time``, ``article:author``, ``article:tag``,
...) are read by the page object's own selectors (:mod:`newscrawl.selectors`), not through
extruct's OpenGraph extractor: each is one ``<meta>`` lookup that the page object makes anyway,
and extruct would parse the page's head a second time for the same values.

The page object asks for structured data only when a field needs it, and the lookups start with
one XPath query of the page's selector for ``<script type="application/ld+json">`` or
``[itemscope]``: a page without either (the site's own layout) costs two XPath calls and nothing
else. extruct reads lxml trees, so it is given the lxml element under a selector
(``Selector.root``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import jstyleson
from extruct.jsonld import JsonLdExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from parsel import Selector

from newscrawl.urls import article_id

logger = logging.getLogger(__name__)

#: schema.org types of a news article (``NewsArticle`` and its subtypes, ``Article``,
#: ``BlogPosting``, ``Report``); a microdata itemtype is matched by its last path segment
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "OpinionNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "BlogPosting",
        "Report",
    }
)

_JSONLD_SCRIPTS = '//script[@type="application/ld+json"]'
_FIRST_MICRODATA_ITEM = "(//*[@itemscope and @itemtype])[1]"

_JSONLD = JsonLdExtractor()
_MICRODATA = MicrodataExtractor()


def _types(node: dict[str, Any], key: str = "@type") -> set[str]:
    value = node.get(key)
    values = value if isinstance(value, list) else [value]
    return {str(v).rstrip("/").rsplit("/", 1)[-1] for v in values if v}


def _url_of(value: Any) -> str | None:
    """A URL given as a string or as an object with ``@id``/``url``."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        for key in ("@id", "url", "id"):
            found = value.get(key)
            if isinstance(found, str) and found.strip():
                return found.strip()
    return None


def first_text(value: Any) -> str | None:
    """The first non-empty string in a JSON-LD value (a string, a list, an object's
    ``name``/``@value``), or ``None``."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        for entry in value:
            found = first_text(entry)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key in ("@value", "name", "value", "properties"):
            if key in value:
                found = first_text(value[key])
                if found:
                    return found
    return None


def texts(value: Any) -> list[str]:
    """Every non-empty string of a JSON-LD or microdata value that may be one or many."""
    entries = value if isinstance(value, list) else [value]
    found = [first_text(entry) for entry in entries]
    return [text for text in found if text]


def person_names(value: Any, nodes: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Author names: strings, ``Person`` objects or microdata ``Person`` items, or references
    (``{"@id": ...}``) to a node of the page's JSON-LD (``nodes``); an ``Organization`` is a
    publisher, never an author."""
    names = []
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict) and set(entry) == {"@id"} and nodes:
            entry = nodes.get(str(entry["@id"]), entry)
        if isinstance(entry, dict):
            types = _types(entry) | _types(entry, "type")
            if types & {"Organization", "NewsMediaOrganization", "Corporation"}:
                continue
            nested = entry.get("properties")
            props: dict[str, Any] = nested if isinstance(nested, dict) else entry
            name = first_text(props.get("name"))
        else:
            name = first_text(entry)
        if name:
            names.append(name)
    return names


_COMMENT_MARKERS_RE = re.compile(r"^\s*(?:<!--|/\*)|(?:-->|\*/)\s*$")


def _read_commented(script: Selector) -> list[Any] | None:
    """A JSON-LD block wrapped in ``<!-- ... -->`` on one line, read again without the markers:
    extruct drops every line that starts with ``<!--``, and with it a block written on that
    line. ``None`` when the block is not JSON either way."""
    text = _COMMENT_MARKERS_RE.sub("", (script.xpath("string()").get() or "").strip())
    if not text:
        return None
    try:
        data = jstyleson.loads(text, strict=False)  # comments and trailing commas allowed
    except ValueError:
        return None
    return data if isinstance(data, list) else [data]


class StructuredData:
    """The main entity of a page's JSON-LD and microdata, as plain dicts (extruct's output),
    looked up lazily in the page's parsel ``selector``. ``url`` and ``canonical`` identify the
    page: an article object that names another article is not this page's."""

    def __init__(self, selector: Selector, url: str, canonical: str | None = None) -> None:
        self.sel = selector
        self.url = url
        self.canonical = canonical
        self.invalid = 0
        self._jsonld: dict[str, Any] | bool | None = False
        self._microdata: dict[str, Any] | bool | None = False
        #: every JSON-LD node of the page with an ``@id``, for references (Yoast's authors)
        self.nodes: dict[str, dict[str, Any]] = {}

    def _is_this_page(self, node: dict[str, Any], *keys: str) -> bool:
        """``True`` unless the node names another article of the site as its own URL."""
        own = {article_id(u) for u in (self.url, self.canonical) if u} - {None}
        for key in keys:
            named = _url_of(node.get(key))
            if named is None:
                continue
            other = article_id(named)
            if other is not None and own and other not in own:
                return False
        return True

    # ---- JSON-LD -----------------------------------------------------------------------------
    def _jsonld_objects(self, scripts: Iterable[Selector]) -> Iterator[dict[str, Any]]:
        for script in scripts:
            try:
                # one block at a time: extruct raises on the first block it cannot read, and
                # one broken block must not hide the others
                items = _JSONLD.extract_items(script.root)
            except ValueError:
                items = _read_commented(script)
            if items is None:
                self.invalid += 1
                logger.debug("Unreadable JSON-LD block on %s", self.url)
                continue
            for item in items:
                if isinstance(item, dict):
                    graph = item.get("@graph")
                    members = (
                        [m for m in graph if isinstance(m, dict)] if isinstance(graph, list) else []
                    )
                    for node in (item, *members):
                        if isinstance(node.get("@id"), str):
                            self.nodes.setdefault(node["@id"], node)
                        yield node

    def jsonld(self) -> dict[str, Any] | None:
        """The JSON-LD object of the page's article, or ``None``."""
        if self._jsonld is False:
            self._jsonld = None
            scripts = self.sel.xpath(_JSONLD_SCRIPTS)
            if scripts:
                candidates = [
                    node
                    for node in list(self._jsonld_objects(scripts))
                    if _types(node) & ARTICLE_TYPES
                    and self._is_this_page(node, "url", "@id", "mainEntityOfPage")
                ]
                self._jsonld = candidates[0] if candidates else None
        return self._jsonld  # type: ignore[return-value]

    # ---- microdata -----------------------------------------------------------------------------
    def microdata(self) -> dict[str, Any] | None:
        """The properties of the page's top-level article microdata item, or ``None``."""
        if self._microdata is False:
            self._microdata = None
            if self.sel.xpath(_FIRST_MICRODATA_ITEM):
                try:
                    items = _MICRODATA.extract_items(self.sel.root, self.url)
                except (ValueError, TypeError, AttributeError) as error:  # malformed markup
                    logger.debug("Unreadable microdata on %s: %s", self.url, error)
                    items = []
                for item in items:
                    props = item.get("properties") if isinstance(item, dict) else None
                    if (
                        isinstance(props, dict)
                        and _types(item, "type") & ARTICLE_TYPES
                        and self._is_this_page(props, "url", "mainEntityOfPage")
                    ):
                        self._microdata = props
                        break
        return self._microdata  # type: ignore[return-value]

    # ---- fields --------------------------------------------------------------------------------
    def value(self, kind: str, key: str) -> Any:
        """Property ``key`` of the ``jsonld`` or ``microdata`` main entity."""
        entity = self.jsonld() if kind == "jsonld" else self.microdata()
        return entity.get(key) if entity else None

    def text(self, kind: str, key: str) -> str | None:
        return first_text(self.value(kind, key))

    def authors(self, kind: str) -> list[str]:
        """The main entity's author names (references resolved in the page's JSON-LD)."""
        return person_names(self.value(kind, "author"), self.nodes)

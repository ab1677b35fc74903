"""The article record newscrawl exports: one JSON line per article.

Field names follow schema.org ``NewsArticle``, the vocabulary zyte-common-items' ``Article`` uses
too. The export order is the declaration order below. A field with no value is ``None`` (``null``
in JSON), or an empty list for list fields, never ``""``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    url: str
    """The URL as fetched (on the crawled origin, percent-encoded)."""

    canonicalUrl: str | None = None
    """The article's URL on the site itself, from ``<link rel="canonical">`` (or ``og:url``)."""

    articleId: str | None = None
    """Stable key ``{sectionId}/{HHMMSS}-{slug}``, percent-decoded and NFC-normalized
    (``314/102152-الخلاف-يحبط-...``, ``w-1046/052021-...`` for columns): the same whichever host,
    AMP copy or link form reached the article."""

    headline: str | None = None
    """The headline, as one line of cleaned text."""

    description: str | None = None
    """The summary of the page head (``meta description`` or ``og:description``)."""

    articleBody: str | None = None
    """The article's own paragraphs, cleaned and joined with ``\\n``; no dateline, related boxes,
    share calls, comment form, sidebar or footer."""

    articleSection: str | None = None
    """The section name (``أخبار عاجلة``)."""

    keywords: list[str] = field(default_factory=list)
    """Tags of the article, in page order, each once."""

    authors: list[dict[str, str]] = field(default_factory=list)
    """``[{"name": ..., "nameRaw": ...}]``: reporters or the column's writer; ``nameRaw`` as
    written (``بقلم : ...``), ``name`` without prefix. Empty for a staff piece signed with the
    site's name (``لندن - المغرب اليوم``)."""

    dateline: str | None = None
    """The place the story was filed from (``لندن``)."""

    datePublished: str | None = None
    """Publication time, ISO 8601 in UTC: ``YYYY-MM-DDTHH:MM:SS+00:00``; ``None`` if unreadable."""

    datePublishedRaw: str | None = None
    """The publication date as the page writes it (``GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر``)."""

    dateModified: str | None = None
    """Last update, same format as ``datePublished``; never earlier than it."""

    dateModifiedRaw: str | None = None
    """The update date as the page writes it."""

    mainImage: dict[str, str | None] | None = None
    """``{"url": ..., "caption": ...}`` of the article's main image."""

    relatedArticles: list[dict[str, str | None]] = field(default_factory=list)
    """``[{"headline": ..., "url": ...}]`` from the ``قد يهمك ايضا`` block and the inline box."""

    inLanguage: str | None = None
    """BCP 47 language of the page: ``ar``, or ``en`` for a site's English edition."""

    publisher: str | None = None
    """The site's name, ``المغرب اليوم`` (its entry of ``newscrawl/sites.toml``)."""

    site: str | None = None
    """The key of the site the article belongs to, ``almaghribtoday``: the spider's name and
    its entry of ``newscrawl/sites.toml``, whichever group host or mirror served the page."""

    metadata: dict[str, Any] = field(default_factory=dict)
    """``dateDownloaded`` (ISO 8601, UTC) and ``sources``: for each field, the selector or
    fallback that gave it; ``fallbacks``: the fields a fallback served; ``timeZones`` (only
    when a date was written in local time): for each date field, the IANA zone it was read in."""


#: Field names in export order, for ``FEED_EXPORT_FIELDS`` and the JSON Schema.
ARTICLE_FIELDS: tuple[str, ...] = tuple(ArticleItem.__dataclass_fields__)


#: Fields whose change makes an article new content again; URLs, related links, dates and
#: crawl metadata are not content.
CONTENT_FIELDS = (
    "headline",
    "description",
    "articleBody",
    "articleSection",
    "keywords",
    "authors",
    "dateline",
    "datePublished",
    "mainImage",
)


def fingerprint(item: Mapping[str, Any]) -> str:
    """A stable hash of an item's content fields."""
    content = {name: item.get(name) for name in CONTENT_FIELDS}
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()

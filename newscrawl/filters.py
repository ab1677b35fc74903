"""What a run is limited to: ``-a since=``/``-a until=`` (publication dates) and ``-a sections=``
(section ids or names), for backfills and partial crawls.

Two places apply them. The spider does not request an article whose listing or feed shows a date
outside the range, or whose link names another section; it does not read a section listing
that is not wanted; and, given ``since``, it stops paginating a section at the first page whose
dated articles are all older. :class:`CrawlFilterPipeline` then drops an item whose
``datePublished`` or section is outside, which catches the articles no listing dated (the
homepage's teasers, related links). An article with no readable date is kept: nothing says it
is outside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from newscrawl.text import match_key
from newscrawl.urls import decode_path, section_id

#: a section listing's path: ``/314-أخبار-عاجلة``; a writer's: ``/w-1046-more``
_LISTING_RE = re.compile(r"^/(?P<id>\d+|w-\d+)-(?P<slug>[^/]+?)/?$")
#: stats: what the filters left out
SKIPPED = "newscrawl/filtered/not_fetched"
DROPPED = "newscrawl/filtered/not_exported"


def _name(value: str) -> str:
    return match_key(value.replace("-", " "))


@dataclass
class CrawlFilter:
    """The run's limits; an empty one lets everything through."""

    since: date | None = None
    until: date | None = None
    #: wanted section ids (``314``, ``w-1046``) and names, folded by :func:`match_key`
    ids: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    @classmethod
    def from_arguments(
        cls, since: date | None, until: date | None, sections: Iterable[str] | None
    ) -> CrawlFilter:
        ids, names = set(), set()
        for value in sections or ():
            value = value.strip()
            if re.fullmatch(r"\d+|w-\d+", value):
                ids.add(value)
            elif value:
                names.add(_name(value))
        return cls(since, until, ids, names)

    @property
    def by_section(self) -> bool:
        return bool(self.ids or self.names)

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.by_section)

    # ---- dates ---------------------------------------------------------------------------------
    def date_outside(self, when: datetime | date | None) -> bool:
        """True if ``when`` is known and outside ``since``..``until`` (both days included)."""
        if when is None:
            return False
        day = when.date() if isinstance(when, datetime) else when
        return bool((self.since and day < self.since) or (self.until and day > self.until))

    def older_than_since(self, when: datetime | date | None) -> bool:
        if when is None or self.since is None:
            return False
        day = when.date() if isinstance(when, datetime) else when
        return day < self.since

    # ---- sections ------------------------------------------------------------------------------
    def learn_listing(self, url: str) -> None:
        """A listing link names its section's id and name (``/314-أخبار-عاجلة``): a wanted name
        then makes its id wanted, so that article links (``/314/...``) can be judged by id."""
        match = _LISTING_RE.match(decode_path(urlsplit(url).path or "/"))
        if match and self.names and _name(match["slug"]) in self.names:
            self.ids.add(match["id"])

    def listing_wanted(self, url: str) -> bool:
        """A section or writer listing is read only if its id or name is wanted (the homepage
        and other pages always are)."""
        if not self.by_section:
            return True
        match = _LISTING_RE.match(decode_path(urlsplit(url).path or "/"))
        if match is None:
            return True
        return match["id"] in self.ids or _name(match["slug"]) in self.names

    def article_wanted(self, url: str) -> bool:
        """An article link is followed only if its section id (``/417/...``) is wanted. A wanted
        name counts once a listing link or page has matched it to its id (the homepage's
        navigation links every section): an article seen before that, in the RSS feed, is
        reached again from its section's listing."""
        if not self.by_section:
            return True
        section = section_id(url)
        return section is None or section in self.ids

    def item_wanted(self, item: dict[str, Any]) -> bool:
        """An exported item: its date in range and, with sections, its section wanted."""
        published = item.get("datePublished")
        when = datetime.fromisoformat(published) if isinstance(published, str) else None
        if self.date_outside(when):
            return False
        if not self.by_section:
            return True
        section = (
            section_id(item.get("url") or "") or str(item.get("articleId") or "").split("/")[0]
        )
        if section in self.ids:
            return True
        name = item.get("articleSection")
        return bool(name) and _name(str(name)) in self.names


class CrawlFilterPipeline:
    """Drops an item outside the spider's ``since``/``until``/``sections`` (counted as
    ``newscrawl/filtered/not_exported``); the state then does not record it as exported."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlFilterPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        from itemadapter import ItemAdapter
        from scrapy.exceptions import DropItem

        limits = getattr(spider or self.crawler.spider, "limits", None)
        if limits is None or not limits.active or limits.item_wanted(dict(ItemAdapter(item))):
            return item
        self.stats.inc_value(DROPPED)
        raise DropItem("outside the run's since/until/sections")

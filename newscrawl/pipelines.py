"""Item pipelines: thin glue between the crawl and the pure modules that carry the logic.

Order (``ITEM_PIPELINES``): text cleaning, dates, one record per article, and validation last, so
that nothing changes an item after it has been checked. Field statistics are counted on the
exported items by :class:`newscrawl.extensions.FieldStats`. Every pipeline gets
its settings and the crawl's stats through ``from_crawler``. The ``spider`` arguments are
optional so that the same pipelines run on Scrapy versions that still pass it and those that no
longer do.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema_rs
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.dates import explain_date, format_iso
from newscrawl.text import clean, clean_multiline, match_key

logger = logging.getLogger(__name__)

#: The JSON Schema of the exported record, shipped with the package (read through
#: importlib.resources, since scrapyd runs the project from a zipped egg).
SCHEMA_PATH = Path(__file__).with_name("schema.json")


def load_schema(path: str | Path | None = None) -> dict[str, Any]:
    """The record's JSON Schema: ``path``, or the one shipped with the package."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("newscrawl").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# "314/025733-{slug}": the time of day in an article's path
_PATH_TIME_RE = re.compile(r"^[^/]+/(\d\d)(\d\d)(\d\d)-")


TEXT_FIELDS = (
    "headline",
    "description",
    "articleSection",
    "dateline",
    "datePublishedRaw",
    "dateModifiedRaw",
)

#: a log line and the stats it counts, as a step reports them: ``(level, message, args, stats)``
Event = tuple[int, str, tuple[Any, ...], tuple[str, ...]]


def emit(events: list[Event], stats: Any) -> None:
    """Log and count what a step reported."""
    for level, message, args, keys in events:
        logger.log(level, message, *args)
        for key in keys:
            stats.inc_value(key)


def clean_item(item: Any) -> None:
    """:func:`newscrawl.text.clean` on every text field (``articleBody`` line by line),
    keywords and authors cleaned and made unique."""
    adapter = ItemAdapter(item)
    for name in TEXT_FIELDS:
        adapter[name] = clean(adapter.get(name))
    adapter["articleBody"] = clean_multiline(adapter.get("articleBody"))
    keywords: dict[str, str] = {}
    for word in adapter.get("keywords") or []:
        cleaned = clean(word)
        if cleaned:
            keywords.setdefault(match_key(cleaned), cleaned)
    adapter["keywords"] = list(keywords.values())
    authors: dict[str, dict[str, str]] = {}
    for author in adapter.get("authors") or []:
        person, raw = clean(author.get("name")), clean(author.get("nameRaw"))
        if person is not None:
            authors.setdefault(match_key(person), {"name": person, "nameRaw": raw or person})
    adapter["authors"] = list(authors.values())
    image = adapter.get("mainImage")
    if image:
        adapter["mainImage"] = {"url": image.get("url"), "caption": clean(image.get("caption"))}
    adapter["relatedArticles"] = [
        {"headline": clean(r.get("headline")), "url": r.get("url")}
        for r in adapter.get("relatedArticles") or []
    ]


class _StatsPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        return cls(crawler)


class TextCleanPipeline(_StatsPipeline):
    """Applies :func:`newscrawl.text.clean` to every text field (``articleBody`` line by line)."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        clean_item(item)
        return item


#: two readings of one date that differ by whole quarter hours, up to 14 h, disagree only on the
#: time zone (a CMS writing local time as UTC, or the reverse): not a conflict
_ZONE_STEP = timedelta(minutes=15)
_ZONE_MAX = timedelta(hours=14)
# a time with seconds: "08:15:20"; the site's date lines stop at minutes ("GMT 08:15 2025 ...")
_HAS_SECONDS_RE = re.compile(r"\d:\d\d:\d\d")


def normalize_dates(item: Any) -> list[Event]:
    """Fills ``datePublished`` / ``dateModified`` of ``item`` from their raw strings; returns the
    warnings to log and count.

    An update is compared with the publication at the coarser precision of the two: the date
    line gives minutes and the URL adds the seconds to the published time, so an update line in
    the same minute ("GMT 08:15", published at 08:15:20 by the URL) is kept, not taken for an
    update before publication. Only an update in an earlier minute (or, when both carry seconds,
    an earlier second) is dropped, with a warning.

    When the page's object left a structured value beside a date read from the visible line
    (``metadata.dateAlternatives``), the two are compared: the visible line stands, and if they
    differ by more than a time-zone offset (whole quarter hours up to 14 h) the item keeps the
    other raw value in ``metadata.dateConflicts`` and ``newscrawl/date_conflict`` is counted.
    """
    adapter = ItemAdapter(item)
    events: list[Event] = []
    metadata = adapter.get("metadata") or {}
    downloaded = metadata.get("dateDownloaded")
    reference = datetime.fromisoformat(downloaded) if downloaded else datetime.now(timezone.utc)
    # the site's clock zone (sites.toml's clock_zone), left by the page object for this step
    zone = metadata.pop("clockZone", None) if isinstance(metadata, dict) else None
    if isinstance(metadata, dict):
        metadata.pop("timeZones", None)  # filled again below, for the dates read now
    published = _parse_date_field(adapter, "datePublished", reference, events, zone)
    if published is not None:
        published = _seconds_from_path(adapter, published)
    elif not adapter.get("datePublishedRaw"):
        events.append(
            (
                logging.INFO,
                "No datePublished for %s: the page shows no date of its own (none under the "
                "headline, in the article's text or its structured data; a sidebar's or a "
                "teaser's date is never taken)",
                (adapter.get("url"),),
                ("newscrawl/date_missing/datePublished",),
            )
        )
    modified = _parse_date_field(adapter, "dateModified", reference, events, zone)
    if published and modified and _earlier(adapter, modified, published):
        events.append(
            (
                logging.WARNING,
                "Dropped dateModified of %s: %r is earlier than datePublished %r",
                (
                    adapter.get("url"),
                    adapter.get("dateModifiedRaw"),
                    adapter.get("datePublishedRaw"),
                ),
                ("newscrawl/date_modified_before_published",),
            )
        )
        adapter["dateModified"] = None
    alternatives = metadata.pop("dateAlternatives", None) if isinstance(metadata, dict) else None
    if alternatives:
        _compare_alternatives(adapter, alternatives, reference, events)
    return events


def _earlier(adapter: ItemAdapter, modified: datetime, published: datetime) -> bool:
    """``modified`` before ``published`` at the coarser precision of their raw strings."""
    raws = (adapter.get("dateModifiedRaw") or "", adapter.get("datePublishedRaw") or "")
    if all(_HAS_SECONDS_RE.search(raw) for raw in raws):
        return modified < published
    return modified.replace(second=0, microsecond=0) < published.replace(second=0, microsecond=0)


def _compare_alternatives(
    adapter: ItemAdapter,
    alternatives: dict[str, dict[str, str]],
    reference: datetime,
    events: list[Event],
) -> None:
    conflicts: dict[str, dict[str, str]] = {}
    for name, other in alternatives.items():
        chosen = adapter.get(name)
        value = explain_date(other.get("raw") or "", reference=reference).value
        if not chosen or value is None:
            continue
        gap = abs(value - datetime.fromisoformat(chosen))
        if gap < timedelta(minutes=1):
            continue  # the line stops at minutes
        steps = gap / _ZONE_STEP
        if gap <= _ZONE_MAX and abs(steps - round(steps)) * _ZONE_STEP < timedelta(minutes=1):
            continue  # a time-zone offset, not another date
        conflicts[name] = {
            "chosen": adapter.get(f"{name}Raw") or "",
            "other": other.get("raw") or "",
            "otherSource": other.get("source") or "",
        }
        events.append(
            (
                logging.WARNING,
                "Conflicting %s on %s: the date line says %r, %s says %r (the line is kept)",
                (name, adapter.get("url"), adapter.get(f"{name}Raw"), other.get("source"),
                 other.get("raw")),
                ("newscrawl/date_conflict", f"newscrawl/date_conflict/{name}"),
            )
        )  # fmt: skip
    if conflicts:
        adapter["metadata"]["dateConflicts"] = conflicts


def _seconds_from_path(adapter: ItemAdapter, published: datetime) -> datetime:
    """The date line stops at minutes ("GMT 02:57 ..."), the article path carries the time of
    day to the second ("/314/025733-..."): when both name the same hour and minute, the path's
    seconds complete the time. A line in the site's local time is compared in that time, as
    the site writes its paths by the same clock."""
    match = _PATH_TIME_RE.search(adapter.get("articleId") or "")
    if match and published.second == 0:
        hour, minute, second = (int(g) for g in match.groups())
        zones = (adapter.get("metadata") or {}).get("timeZones") or {}
        clock = (
            published.astimezone(ZoneInfo(zones["datePublished"]))
            if zones.get("datePublished")
            else published
        )
        if (hour, minute) == (clock.hour, clock.minute) and second < 60:
            published = published.replace(second=second)
            adapter["datePublished"] = format_iso(published)
    return published


def _parse_date_field(
    adapter: ItemAdapter,
    name: str,
    reference: datetime,
    events: list[Event],
    zone: str | None = None,
) -> datetime | None:
    raw = adapter.get(f"{name}Raw")
    adapter[name] = None
    if not raw:
        return None
    found = explain_date(raw, reference=reference, zone=zone)
    if found.zone:
        # a line in the site's local time ("توقيت القاهرة المحلي ..."): the zone it was read in
        # is kept beside the raw string
        metadata = adapter.get("metadata")
        if isinstance(metadata, dict):
            metadata.setdefault("timeZones", {})[name] = found.zone
    for warning in found.warnings:
        events.append(
            (
                logging.INFO,
                "%s on %s: %r: %s",
                (name, adapter.get("url"), raw, warning),
                ("newscrawl/date_warning",),
            )
        )
    if found.value is None:
        events.append(
            (
                logging.WARNING,
                "Unreadable %s on %s: %r (%s)",
                (name, adapter.get("url"), raw, found.reason),
                ("newscrawl/date_unparsed", f"newscrawl/date_unparsed/{name}"),
            )
        )
        return None
    adapter[name] = format_iso(found.value)
    return found.value


class DatesPipeline(_StatsPipeline):
    """Fills ``datePublished`` / ``dateModified`` from their raw strings with
    :func:`newscrawl.dates.parse_date`; an unreadable date stays ``None`` with its raw text kept,
    logged and counted (``newscrawl/date_unparsed``), never guessed."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        emit(normalize_dates(item), self.stats)
        return item


class DedupPipeline(_StatsPipeline):
    """One record per article within a crawl, keyed by ``articleId``: the same article reached
    from the homepage, its section, the RSS feed, an AMP copy or another host is exported once."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        key = ItemAdapter(item).get("articleId")
        if key in self.seen:
            self.stats.inc_value("newscrawl/duplicate")
            raise DropItem(f"duplicate article {key}", log_level="DEBUG")
        if key:
            self.seen.add(key)
        return item


class IncrementalPipeline(_StatsPipeline):
    """An article fetched again because a listing showed an update is re-exported only if its
    content changed (:func:`newscrawl.items.fingerprint`). When it did not, the state still takes
    the new update date, so the next run does not fetch it again."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        spider = spider or self.crawler.spider
        state = getattr(spider, "run_state", None)
        if state is not None and state.unchanged(dict(ItemAdapter(item))):
            self.stats.inc_value("newscrawl/incremental/unchanged")
            key = ItemAdapter(item).get("articleId")
            raise DropItem(f"unchanged article {key}", log_level="DEBUG")
        return item


class ItemValidator:
    """The JSON Schema of the exported record, checked as the dialect its ``$schema`` declares
    (draft 2020-12, with its formats checked, so that URLs are checked as IRIs and dates as
    date-times): :meth:`problems` names the fields of an item that break it.

    The validator is jsonschema-rs, the Rust implementation of JSON Schema: 0.05 ms an item
    where the Python ``jsonschema``'s ``Draft202012Validator`` took 1.7 ms (45 snapshot items,
    process time, side by side), which was 10 to 15 % of the crawl's CPU a page.
    ``tests/test_quality.py`` checks the same records with the Python reference implementation,
    so that the two agree on them."""

    def __init__(self, schema_path: str | Path | None = None) -> None:
        schema = load_schema(schema_path)
        # the schema itself is checked against its dialect's meta-schema here
        self.validator = jsonschema_rs.validator_for(schema, validate_formats=True)

    def problems(self, item: Any) -> dict[str, str]:
        """Each failing field with the first message about it; empty for a valid item."""
        data = dict(ItemAdapter(item))  # the fields, read only: no deep copy (asdict: 0.19 ms)
        if self.validator.is_valid(data):
            return {}
        return invalid_fields(self.validator, data)


class InvalidItem(DropItem):
    """An item dropped by validation: its page is fetched again by the next runs, then marked
    failed (newscrawl.extensions.ExportedState)."""


class ValidationPipeline(_StatsPipeline):
    """Checks every item against the JSON Schema of the exported record (``newscrawl/schema.json``,
    draft 2020-12, URLs as IRIs, formats checked). Last in the order: an invalid item is not
    exported; it is dropped with its URL and the failing fields logged, and counted per field
    (``newscrawl/invalid/<field>``)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.checker = ItemValidator(crawler.settings.get("NEWSCRAWL_SCHEMA"))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        problems = self.checker.problems(item)
        if not problems:
            return item
        self.stats.inc_value("newscrawl/invalid")
        for field_name in problems:
            self.stats.inc_value(f"newscrawl/invalid/{field_name}")
        detail = "; ".join(f"{k}: {v}" for k, v in problems.items())
        url = ItemAdapter(item).get("url")
        raise InvalidItem(f"invalid item {url}: {detail}", log_level="WARNING")


def invalid_fields(validator: Any, data: dict[str, Any]) -> dict[str, str]:
    """The fields of ``data`` that break the schema, each with the first message about it."""
    problems: dict[str, str] = {}
    for error in validator.iter_errors(data):
        if error.instance_path:
            field_name = str(error.instance_path[0])
        elif isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required):
            field_name = str(error.kind.property)
        else:
            field_name = "item"  # a key no field has
        problems.setdefault(field_name, error.message[:300])
    return dict(sorted(problems.items()))

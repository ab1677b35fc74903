"""Every ``NEWSCRAWL_*`` setting and every spider argument, declared once: type, range, default
and meaning, validated before the first request.

A crawl is configured in three places: ``newscrawl/settings.py`` (whose ``NEWSCRAWL_*`` defaults
come from :class:`NewscrawlSettings`), ``-s NAME=VALUE`` on the command line or in a scrapyd job,
and ``-a name=value`` spider arguments. Scrapy checks none of them: ``-s NEWSCRAWL_MAX_REQUESTS=abc``
would fail deep inside the crawl, and a misspelt name would be ignored. ``scrapy crawl``
(:mod:`newscrawl.commands.crawl`) and the spider validate both models before anything starts; a
mistake ends the run with exit status 1 and one line that names the setting or argument, the
value given, what is expected, and the nearest valid name for a typo.

The spider's arguments are validated as zyte-spider-templates validates its spiders' parameters:
with a pydantic model. The README's tables of settings and arguments are made by
:func:`markdown_tables` (``python -m newscrawl.config``), and a test keeps them equal.
"""

from __future__ import annotations

import codecs
import difflib
import json
import logging
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import annotated_types
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.fields import FieldInfo

from newscrawl.items import ARTICLE_FIELDS

logger = logging.getLogger(__name__)

PREFIX = "NEWSCRAWL_"


class ConfigError(ValueError):
    """A setting or a spider argument the crawl cannot run with; its message is one line."""


# ---- value types -------------------------------------------------------------------------------
def _http_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL with a host")
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise ValueError("its port is not a number") from None
    return value


def _comma_list(value: Any) -> Any:
    """``-s NAME=a,b`` gives a string: Scrapy's ``getlist`` reads it as a comma-separated list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _json_object(value: Any) -> Any:
    """``-s NAME={"a": 1}`` gives a string: Scrapy's ``getdict`` reads it as JSON."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ValueError("not a JSON object") from None
    return value


def _encodings(value: list[str]) -> list[str]:
    for name in value:
        try:
            codecs.lookup(name)
        except LookupError:
            raise ValueError(f"unknown encoding {name!r}") from None
    return value


def _coverage_fields(value: dict[str, float]) -> dict[str, float]:
    unknown = sorted(set(value) - set(ARTICLE_FIELDS))
    if unknown:
        raise ValueError(f"not an item field: {', '.join(unknown)}")
    return value


def _existing_file(value: str) -> str:
    if not Path(value).is_file():
        raise ValueError("no such file")
    return value


def _state_class(value: str) -> str:
    from scrapy.utils.misc import load_object

    from newscrawl.state import StateStore

    try:
        found = load_object(value)
    except (ImportError, NameError, ValueError, AttributeError) as exc:
        raise ValueError(f"cannot be imported ({exc})") from None
    if not (isinstance(found, type) and issubclass(found, StateStore)):
        raise ValueError("not a newscrawl.state.StateStore class")
    return value


def _iso_date(value: Any) -> Any:
    """``2025-01-31`` only (pydantic alone also takes a number of seconds since 1970)."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("not an ISO date (YYYY-MM-DD)") from None
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("empty")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
NonEmptyText = Annotated[str, AfterValidator(_not_blank)]
ExistingFile = Annotated[str, AfterValidator(_existing_file)]
StateClass = Annotated[str, AfterValidator(_state_class)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
HostList = Annotated[list[NonEmptyText], BeforeValidator(_comma_list), Field(min_length=1)]
EncodingList = Annotated[list[str], BeforeValidator(_comma_list), AfterValidator(_encodings)]
Coverage = Annotated[
    dict[str, Share], BeforeValidator(_json_object), AfterValidator(_coverage_fields)
]
FeedOptions = Annotated[dict[str, Any], BeforeValidator(_json_object)]
ProgressMode = Literal["auto", "log", "off"]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
SectionList = Annotated[list[NonEmptyText], BeforeValidator(_comma_list), Field(min_length=1)]

#: what a value of each kind looks like, for the error line and the README's table
_EXPECTED = {
    "HttpUrl": "an http(s) URL with a host",
    "HostList": "host names, comma-separated",
    "EncodingList": "Python codec names, comma-separated",
    "Coverage": "a JSON object {item field: share from 0 to 1}",
    "FeedOptions": "a JSON object of Scrapy feed options",
    "NonEmptyText": "text",
    "ExistingFile": "the path of a file",
    "StateClass": "the import path of a newscrawl.state.StateStore class",
    "ProgressMode": "`auto`, `log` or `off`",
    "IsoDate": "an ISO date, YYYY-MM-DD",
    "SectionList": "section ids or names, comma-separated",
}


def _setting(default: Any, meaning: str, kind: str | None = None, **constraints: Any) -> Any:
    extra: Any = {"kind": kind} if kind else None
    return Field(default, description=meaning, json_schema_extra=extra, **constraints)


class NewscrawlSettings(BaseModel):
    """The project's own settings (``newscrawl/settings.py`` takes its defaults from here)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    # ---- where and what to crawl
    NEWSCRAWL_BASE_URL: HttpUrl | None = _setting(
        None,
        "where the crawl starts; `-a base_url=` overrides it; empty: the site's first host in "
        "`newscrawl/sites.toml` (`https://www.almaghribtoday.net`)",
        "HttpUrl",
    )
    NEWSCRAWL_SITE_HOSTS: HostList | None = _setting(
        None,
        "hosts whose links are the site's own (fetched on the crawl's origin); empty: the "
        "site's hosts, mirror subdomains and group hosts in `newscrawl/sites.toml`",
        "HostList",
    )
    NEWSCRAWL_MAX_LISTING_PAGES: int = _setting(
        5, "pages of one section's pagination read per run (`?start=N`)", ge=1
    )
    NEWSCRAWL_PUBLISHER: NonEmptyText | None = _setting(
        None,
        "the item's `publisher`; empty: the site's in `newscrawl/sites.toml` (`المغرب اليوم`)",
        "NonEmptyText",
    )
    NEWSCRAWL_SCHEMA: ExistingFile | None = _setting(
        None,
        "the JSON Schema items are validated against; empty: `newscrawl/schema.json`",
        "ExistingFile",
    )
    # ---- output
    NEWSCRAWL_DEFAULT_FEED: str | None = _setting(
        "output/%(name)s/%(time)s.jsonl",
        "the feed of a run given no `-o`/`-O` or FEEDS (`%(time)s`: UTC start, `...Z`)",
    )
    NEWSCRAWL_DEFAULT_FEED_OPTIONS: FeedOptions = _setting(
        {"format": "jsonlines", "encoding": "utf-8"},
        "Scrapy feed options of that default feed",
        "FeedOptions",
    )
    NEWSCRAWL_REPORT: str | None = _setting(
        "auto",
        "the JSON run report: `auto` beside the first output file, a path, or empty for none",
    )
    NEWSCRAWL_HTML_REPORT: bool = _setting(
        True,
        "also write the HTML run report beside the JSON one (`.report.html`: figures, plots, "
        "trend; `python -m newscrawl.report` rebuilds it)",
    )
    NEWSCRAWL_PROGRESS_INTERVAL: float = _setting(
        60.0,
        "seconds between progress lines (pages, articles, failures, rate, time left); 0: none",
        ge=0,
    )
    NEWSCRAWL_PROGRESS: ProgressMode = _setting(
        "auto",
        "progress lines at INFO on a terminal and at DEBUG otherwise (quiet scheduled logs); "
        "`log`: at INFO always; `off`: none",
        "ProgressMode",
    )
    # ---- incremental state
    NEWSCRAWL_STATE_PATH: str | None = _setting(
        None, "the state's SQLite file; empty: `.scrapy/newscrawl/state.sqlite3`"
    )
    NEWSCRAWL_STATE_CLASS: StateClass | None = _setting(
        "newscrawl.state.SQLiteState",
        "the StateStore class (a shared one: Redis); empty: no state (every run is a full run)",
        "StateClass",
    )
    NEWSCRAWL_STATE_KEY: str | None = _setting(
        None,
        "whose articles the state records: empty keys them by the crawl's origin "
        "(`https://www.almaghribtoday.net`, a mirror's); give origins one key to share a state",
    )
    NEWSCRAWL_MAX_PENDING_ATTEMPTS: int = _setting(
        3, "runs that request an unfinished or dropped page before it is marked failed", ge=1
    )
    # ---- scale-out: workers of one crawl on a Redis server (REDIS_URL; newscrawl/cluster/)
    NEWSCRAWL_REDIS_LEASE: float = _setting(
        30.0,
        "seconds a worker's requests stay leased without its heartbeat; then others take them",
        ge=1,
    )
    NEWSCRAWL_REDIS_OUTAGE_LIMIT: float = _setting(
        60.0, "seconds a worker waits for an unreachable Redis before it exits with status 75", ge=0
    )
    NEWSCRAWL_CLUSTER_SITE: str | None = _setting(
        None, "the site a worker's Redis keys are filed under; empty: the spider's name"
    )
    # ---- monitors
    NEWSCRAWL_MAX_FAILED_SHARE: Share = _setting(
        0.1, "share of the requests that may fail or be dropped before the run fails"
    )
    NEWSCRAWL_MAX_INVALID_ITEMS: int = _setting(
        0, "items dropped by validation before the run fails", ge=0
    )
    NEWSCRAWL_MIN_COVERAGE: Coverage = _setting(
        {"headline": 1.0, "articleBody": 1.0, "datePublished": 0.95},
        "the least share of exported items that must have each field",
        "Coverage",
    )
    NEWSCRAWL_MAX_FALLBACK_SHARE: Share = _setting(
        0.2, "share of items a fallback may serve a field in before the run fails"
    )
    # ---- faults and politeness
    NEWSCRAWL_MAX_REQUESTS: int = _setting(
        50_000, "requests per run (robots.txt and retries count); 0: no cap", ge=0
    )
    NEWSCRAWL_OBEY_CRAWL_DELAY: bool = _setting(
        True, "apply robots.txt's Crawl-delay (with ROBOTSTXT_OBEY)"
    )
    NEWSCRAWL_MAX_CRAWL_DELAY: float = _setting(
        60.0, "the longest Crawl-delay honoured, seconds (a longer one is cut)", ge=0
    )
    NEWSCRAWL_MAX_RETRY_AFTER: float = _setting(
        120.0, "seconds of Retry-After waited for; a longer one gives the page up", ge=0
    )
    NEWSCRAWL_RETRY_EMPTY: bool = _setting(True, "retry a 200 with an empty body, as a 5xx")
    NEWSCRAWL_MAX_RETRY_AFTER_TOTAL: float = _setting(
        600.0,
        "seconds of Retry-After one run waits for in all; past it a page is given up",
        ge=0,
    )
    # ---- a broken or hostile site (newscrawl/guards.py): limits per page and per run
    NEWSCRAWL_MAX_LINKS_PER_PAGE: int = _setting(
        500,
        "article links, and apart listing links, taken from one listing page or feed "
        "(the real homepage has about 140 links in all)",
        ge=1,
    )
    NEWSCRAWL_MAX_NEW_PENDING: int = _setting(
        20_000, "requests a run records as pending (new rows of the state); more are not made", ge=1
    )
    NEWSCRAWL_MAX_RESUMED_PENDING: int = _setting(
        1_000,
        "pending requests of earlier runs made again per run, the oldest first (the others wait)",
        ge=0,
    )
    NEWSCRAWL_MAX_LISTINGS: int = _setting(
        300,
        "distinct listing pages (homepage, sections, writers, pages of them) read per run",
        ge=1,
    )
    NEWSCRAWL_MAX_RESPONSE_HEADERS: int = _setting(
        200,
        "header lines of one response; a response with more fails as `headers_too_large` "
        "(DOWNLOAD_MAXSIZE bounds only the body)",
        ge=10,
    )
    NEWSCRAWL_MAX_RESPONSE_HEADER_BYTES: int = _setting(
        256 * 1024,
        "bytes of the header section of one response; more fails as `headers_too_large`",
        ge=8192,
    )
    NEWSCRAWL_ROBOTSTXT_MAX_BYTES: int = _setting(
        500 * 1024,
        "bytes of robots.txt read and obeyed (RFC 9309: at least 500 KiB); its download stops there",
        ge=1024,
    )
    NEWSCRAWL_MAX_RUN_SECONDS: int = _setting(
        3000,
        "seconds after which a run closes (finish reason `max_run_seconds`, state saved); 0: never",
        ge=0,
    )
    NEWSCRAWL_GATE_DELAY: float = _setting(
        10.0,
        "from this download delay on (and under any robots.txt `Crawl-delay`), one request of "
        "the site at a time goes on to the download slot and the others wait before it, so "
        "that a stop drops them at once",
        ge=0,
    )
    NEWSCRAWL_HISTORY_RUNS: int = _setting(
        5, "earlier finished runs whose median reach the reach monitor compares with", ge=1
    )
    NEWSCRAWL_MIN_REACH_SHARE: Share = _setting(
        0.5,
        "a run that reaches fewer articles (exported, or known and skipped) than this share of "
        "that median fails; 0: no check",
    )
    NEWSCRAWL_LEGACY_ENCODINGS: EncodingList = _setting(
        ["windows-1256"], "tried when a page's declared charset fails", "EncodingList"
    )


class SpiderArguments(BaseModel):
    """The ``-a`` arguments of every site's spider (``almaghribtoday``, ``palestinetoday``, ...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: HttpUrl | None = _setting(
        None,
        "crawl a mirror of the site (a staging copy, the bundled snapshot) instead of "
        "NEWSCRAWL_BASE_URL",
        "HttpUrl",
    )
    full: bool = _setting(False, "fetch and export every article, whatever the state knows")
    since: IsoDate | None = _setting(
        None,
        "the earliest publication day to crawl (`2025-01-31`); older articles are neither fetched "
        "(where a listing shows their date) nor exported",
        "IsoDate",
    )
    until: IsoDate | None = _setting(
        None, "the latest publication day to crawl, included (`2025-12-31`)", "IsoDate"
    )
    sections: SectionList | None = _setting(
        None,
        "only these sections, by id or name, comma-separated (`314,أخبار الرياضة`, a writer's "
        "`w-1046`)",
        "SectionList",
    )
    max_pages: int | None = _setting(
        None,
        "pages of each listing's pagination to read (overrides NEWSCRAWL_MAX_LISTING_PAGES); "
        "0: no cap",
        ge=0,
    )
    job: str | None = Field(
        None,
        alias="_job",
        description="the job id scrapyd gives every run it schedules",
    )
    version: str | None = Field(
        None,
        alias="_version",
        description="the project version scrapyd was asked to run (`schedule.json`'s `_version`)",
    )

    @field_validator("until")
    @classmethod
    def _not_before_since(cls, until: date | None, info: ValidationInfo) -> date | None:
        since = info.data.get("since")
        if until is not None and since is not None and since > until:
            raise ValueError(f"before since={since}")
        return until


# ---- validation ----------------------------------------------------------------------------------
def _expected(info: FieldInfo) -> str:
    """What a value of the field looks like, in words: type and range."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    kind = extra.get("kind")
    if isinstance(kind, str):
        text = _EXPECTED[kind]
    else:
        annotation = info.annotation
        base = {int: "an integer", float: "a number", bool: "true or false", str: "text"}
        text = next((v for k, v in base.items() if k is annotation), "")
        if not text:
            args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
            text = base.get(args[0], "a value") if len(args) == 1 else "a value"
    low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
    if low is not None and high is not None:
        text += f" from {low:g} to {high:g}"
    elif low is not None:
        text += f" ≥ {low:g}"
    if _optional(info):
        text += ", or empty"
    return text


def _optional(info: FieldInfo) -> bool:
    return type(None) in getattr(info.annotation, "__args__", ())


def _nearest(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(name.upper(), [n.upper() for n in names], n=1)
        close = [names[[n.upper() for n in names].index(close[0])]] if close else []
    return f"; did you mean {close[0]}?" if close else ""


def _one_line(error: ValidationError, model: type[BaseModel], what: str, given: Any) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "?"
    info = next(
        (f for n, f in model.model_fields.items() if name in (n, f.alias)),
        None,
    )
    value = given.get(name, first.get("input")) if isinstance(given, Mapping) else first["input"]
    reason = str(first["msg"]).removeprefix("Value error, ")
    if info is None:
        return f"{what} {name}={value!r}: {reason}"
    return (
        f"{what} {name}={value!r}: {reason[:1].lower()}{reason[1:]}; expected {_expected(info)} "
        f"({info.description})"
    )


def _empty_to_none(model: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """``-s NAME=`` gives ``""``: for a setting that may be empty, that is ``None``."""
    return {
        k: None if v == "" and k in model.model_fields and _optional(model.model_fields[k]) else v
        for k, v in values.items()
    }


def _plain(value: Any) -> Any:
    """Scrapy keeps some dict settings as its own ``BaseSettings``: a plain dict to validate."""
    copy = getattr(value, "copy_to_dict", None)
    return copy() if callable(copy) else value


#: settings of earlier releases that no longer do anything: a scheduled crawl that still sets one
#: runs, with a warning, rather than failing on an unknown setting
RETIRED = {
    "NEWSCRAWL_STATE_COMMIT_INTERVAL": "the state commits each write as it is made",
    "NEWSCRAWL_EXTRACT_PROCESSES": (
        "pages are read in the crawl's process; scale out with workers (-s REDIS_URL=...)"
    ),
}


def validate_settings(settings: Any) -> NewscrawlSettings:
    """The ``NEWSCRAWL_*`` settings of ``settings`` (Scrapy settings or a mapping), validated;
    raises :class:`ConfigError` with one line for the first mistake, unknown names included."""
    names = list(NewscrawlSettings.model_fields)
    given = {k: _plain(settings[k]) for k in list(settings) if str(k).startswith(PREFIX)}
    for key in [k for k in given if k in RETIRED]:
        logger.warning("Setting %s is no longer used: %s", key, RETIRED[key])
        del given[key]
    for key in given:
        if key not in NewscrawlSettings.model_fields:
            raise ConfigError(
                f"unknown setting {key}={given[key]!r}{_nearest(key, names)} "
                "(every NEWSCRAWL_ setting is listed in the README)"
            )
    try:
        return NewscrawlSettings(**_empty_to_none(NewscrawlSettings, given))
    except ValidationError as exc:
        raise ConfigError(_one_line(exc, NewscrawlSettings, "setting", given)) from None


def validate_arguments(arguments: Mapping[str, Any]) -> SpiderArguments:
    """The spider's ``-a`` arguments, validated; raises :class:`ConfigError` with one line."""
    names = [f.alias or n for n, f in SpiderArguments.model_fields.items()]
    for key in arguments:
        if key not in names:
            raise ConfigError(
                f"unknown spider argument {key}={arguments[key]!r}{_nearest(key, names)} "
                f"(the arguments are: {', '.join(n for n in names if not n.startswith('_'))})"
            )
    try:
        return SpiderArguments(**_empty_to_none(SpiderArguments, dict(arguments)))
    except ValidationError as exc:
        raise ConfigError(_one_line(exc, SpiderArguments, "spider argument", arguments)) from None


def defaults() -> dict[str, Any]:
    """The ``NEWSCRAWL_*`` defaults, as ``newscrawl/settings.py`` sets them."""
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in NewscrawlSettings.model_fields.items()
    }


# ---- documentation -------------------------------------------------------------------------------
def _default_text(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, (dict, list)):
        return "`" + json.dumps(value, ensure_ascii=False) + "`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    return f"`{value}`"


def markdown_tables() -> str:
    """The README's tables of settings and spider arguments, made from the two models."""
    lines = ["| setting (`-s`) | value | default | meaning |", "| --- | --- | --- | --- |"]
    for name, info in NewscrawlSettings.model_fields.items():
        lines.append(
            f"| `{name}` | {_expected(info)} | {_default_text(info.default)} | {info.description} |"
        )
    lines += ["", "| argument (`-a`) | value | default | meaning |", "| --- | --- | --- | --- |"]
    for name, info in SpiderArguments.model_fields.items():
        lines.append(
            f"| `{info.alias or name}` | {_expected(info)} | {_default_text(info.default)} "
            f"| {info.description} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown_tables())

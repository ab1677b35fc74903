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
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import annotated_types
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic.fields import FieldInfo

from newscrawl.items import ARTICLE_FIELDS

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
}


def _setting(default: Any, meaning: str, kind: str | None = None, **constraints: Any) -> Any:
    extra: Any = {"kind": kind} if kind else None
    return Field(default, description=meaning, json_schema_extra=extra, **constraints)


class NewscrawlSettings(BaseModel):
    """The project's own settings (``newscrawl/settings.py`` takes its defaults from here)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    # ---- where and what to crawl
    NEWSCRAWL_BASE_URL: HttpUrl = _setting(
        "https://www.almaghribtoday.net",
        "where the crawl starts; `-a base_url=` overrides it",
        "HttpUrl",
    )
    NEWSCRAWL_SITE_HOSTS: HostList = _setting(
        ["www.almaghribtoday.net", "almaghribtoday.net"],
        "hosts whose links are the site's own (fetched on the crawl's origin)",
        "HostList",
    )
    NEWSCRAWL_MAX_LISTING_PAGES: int = _setting(
        5, "pages of one section's pagination read per run (`?start=N`)", ge=1
    )
    NEWSCRAWL_PUBLISHER: NonEmptyText | None = _setting(
        "المغرب اليوم", "the item's `publisher`", "NonEmptyText"
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
    NEWSCRAWL_STATE_COMMIT_INTERVAL: float = _setting(
        1.0, "seconds the state's writes wait to be committed together; 0 commits each", ge=0
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
    NEWSCRAWL_LEGACY_ENCODINGS: EncodingList = _setting(
        ["windows-1256"], "tried when a page's declared charset fails", "EncodingList"
    )


class SpiderArguments(BaseModel):
    """The ``almaghribtoday`` spider's ``-a`` arguments."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: HttpUrl | None = _setting(
        None,
        "crawl a mirror of the site (a staging copy, the bundled snapshot) instead of "
        "NEWSCRAWL_BASE_URL",
        "HttpUrl",
    )
    full: bool = _setting(False, "fetch and export every article, whatever the state knows")
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


def validate_settings(settings: Any) -> NewscrawlSettings:
    """The ``NEWSCRAWL_*`` settings of ``settings`` (Scrapy settings or a mapping), validated;
    raises :class:`ConfigError` with one line for the first mistake, unknown names included."""
    names = list(NewscrawlSettings.model_fields)
    given = {k: _plain(settings[k]) for k in list(settings) if str(k).startswith(PREFIX)}
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

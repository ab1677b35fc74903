"""The sites of the group: one validated entry per site, read from ``newscrawl/sites.toml``.

The sites of the Arabs Today Group run one CMS, so the crawler's code is the same for each; what
differs is data: the hosts (and the mirror subdomains ``android.``, ``autodiscover.``, ``mail.``
that serve the same pages), the publisher's name, the language editions and their feeds, the
patterns of section and writer ids, the time zone of the clocks the site writes in local time,
and any selector the site writes otherwise. Each entry of ``sites.toml`` is checked here by
pydantic when the package is imported: a wrong field stops every command with one line naming the
site and the field. One spider per entry is made from it (:mod:`newscrawl.spiders.sites`), named
by the entry's key: ``scrapy crawl palestinetoday``.

Pure: no Scrapy import.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SITES_FILE = Path(__file__).with_name("sites.toml")
#: the site whose spider existed before the group: its output, state and tests stay as they were
REFERENCE_SITE = "almaghribtoday"

_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _host(value: str) -> str:
    value = value.strip().lower().rstrip(".")
    if not _HOST_RE.match(value):
        raise ValueError(f"{value!r} is not a host name")
    return value


def _path(value: str) -> str:
    if not value.startswith("/") or "//" in value or any(c.isspace() for c in value):
        raise ValueError(f"{value!r} is not an absolute path (/rss)")
    return value


def _pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{value!r} is not a regular expression ({exc})") from None
    return value


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone (Africa/Cairo, UTC)") from None
    return value


def _subdomain(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", value):
        raise ValueError(f"{value!r} is not a subdomain label (android)")
    return value


Host = Annotated[str, AfterValidator(_host)]
PathText = Annotated[str, AfterValidator(_path)]
Pattern = Annotated[str, AfterValidator(_pattern)]
Zone = Annotated[str, AfterValidator(_zone)]
Subdomain = Annotated[str, AfterValidator(_subdomain)]


class Edition(BaseModel):
    """A language edition of a site: its language and the path its pages live under."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lang: Literal["ar", "en"] = Field(description="the edition's language, the item's inLanguage")
    prefix: str = Field(
        "", pattern=r"^(?:/[a-z]{2})?$", description="the path prefix of its pages: '' or '/en'"
    )


class Site(BaseModel):
    """One site of the group, as ``sites.toml`` declares it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(description="the spider's name, `scrapy crawl <key>`")
    publisher: str = Field(min_length=1, description="the site's name, the item's `publisher`")
    hosts: list[Host] = Field(min_length=1, description="its own hosts; the first is the origin")
    mirror_subdomains: list[Subdomain] = Field(
        ["android", "autodiscover", "mail"],
        description="subdomains of its domain that serve the same pages",
    )
    group_hosts: list[Host] = Field([], description="other hosts of the group seen serving them")
    feeds: list[PathText] = Field(["/rss"], min_length=1, description="feed paths read first")
    editions: list[Edition] = Field(
        [Edition(lang="ar", prefix="")], min_length=1, description="its language editions"
    )
    section_id: Pattern = Field(r"\d+", description="regular expression of a section id")
    writer_id: Pattern = Field(r"[wb]-\d+", description="of a writer's or blogger's id")
    clock_zone: Zone = Field("UTC", description="IANA zone of the clocks written in local time")
    names: list[str] = Field([], description="other spellings of its name (og:site_name)")
    selectors: dict[str, str] = Field({}, description="overrides of newscrawl.selectors names")

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not _KEY_RE.match(value):
            raise ValueError(f"{value!r}: a site key is lower-case letters, digits and _")
        return value

    @field_validator("selectors")
    @classmethod
    def _selectors(cls, value: dict[str, str]) -> dict[str, str]:
        from newscrawl import selectors

        for name in value:
            if name not in selectors.OVERRIDABLE:
                raise ValueError(
                    f"{name!r} is not a selector a site may override "
                    f"(one of: {', '.join(sorted(selectors.OVERRIDABLE))})"
                )
        return value

    @property
    def base_url(self) -> str:
        """Where a crawl of the live site starts: ``https://{first host}``."""
        return f"https://{self.hosts[0]}"

    @property
    def domain(self) -> str:
        """The registered domain of the site (its first host without ``www.``)."""
        return self.hosts[0].removeprefix("www.")

    @property
    def all_hosts(self) -> list[str]:
        """Every host whose links are this site's: its hosts, the mirror subdomains of its
        domain (``android.egypt-today.com``) and the group hosts that serve its pages."""
        mirrors = [f"{sub}.{self.domain}" for sub in self.mirror_subdomains]
        return list(dict.fromkeys([*self.hosts, *mirrors, *self.group_hosts]))

    @cached_property
    def id_pattern(self) -> re.Pattern[str]:
        """The section or writer id of an article of this site, whole."""
        return re.compile(f"(?:{self.section_id})|(?:{self.writer_id})")

    @property
    def languages(self) -> frozenset[str]:
        """The languages of its editions (``{"ar", "en"}``)."""
        return frozenset(e.lang for e in self.editions)

    def language_of(self, path_edition: str) -> str:
        """The language of a page of the edition ``path_edition`` (``ar``, ``en``) on this
        site; a site with no English edition has none: its pages are Arabic."""
        langs = {e.lang for e in self.editions}
        return path_edition if path_edition in langs else self.editions[0].lang


class SitesError(ValueError):
    """``sites.toml`` does not hold valid sites; the message names the site and the field."""


def parse_sites(data: Mapping[str, Any]) -> dict[str, Site]:
    """Sites from the TOML tables of ``data``, validated; raises :class:`SitesError`."""
    sites: dict[str, Site] = {}
    for key, entry in data.items():
        if not isinstance(entry, Mapping):
            raise SitesError(f"sites: {key!r} is not a table ([{key}])")
        try:
            sites[key] = Site(key=key, **entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise SitesError(f"sites: [{key}] {where}: {first['msg']}") from None
    if not sites:
        raise SitesError("sites: no site is configured")
    return sites


def load_sites(path: Path | None = None) -> dict[str, Site]:
    """The sites of ``path``, validated; default: the ``sites.toml`` shipped with the package
    (read through importlib.resources, so that it is found inside a scrapyd egg too)."""
    if path is None:
        text = resources.files("newscrawl").joinpath("sites.toml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SitesError(f"sites: {path or SITES_FILE}: {exc}") from None
    return parse_sites(data)


#: every configured site, by key, in the file's order
SITES: dict[str, Site] = load_sites()


def get_site(key: str) -> Site:
    """The site named ``key``; ``KeyError`` with the known keys for another name."""
    try:
        return SITES[key]
    except KeyError:
        raise KeyError(f"no site {key!r} (the sites are: {', '.join(SITES)})") from None


def site_names() -> list[str]:
    """Every name the group's sites go by (publishers and other spellings), for cutting the
    site's own label from titles and bodies."""
    names = [n for site in SITES.values() for n in (site.publisher, *site.names)]
    return list(dict.fromkeys(names))

"""What a link on almaghribtoday.net points at, and where the crawl may fetch it.

Pure functions, no Scrapy import. The site's URL grammar (SITE.md, "URLs"):

- article ``/{sectionId}/{HHMMSS}-{slug}`` (``/314/102152-الخلاف-يحبط-...``), slugs in raw or
  percent-encoded Arabic; newer sister-site articles drop the number: ``/{sectionId}/{slug}``;
- opinion column ``/w-{writerId}/{HHMMSS}-{slug}``, writer index ``/w-{writerId}-more/``;
- AMP copy ``/amp/{sectionId}/{slug}``, video ``/v-{id}/...``, English edition ``/en/``;
- section list ``/{sectionId}-{section-slug}`` (also the Joomla alias ``/2013-09-13-14-42-41``).

The same article is served under several hosts and link forms, so its identity is its decoded,
NFC-normalized path (:func:`article_id`), never its host.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from urllib.parse import unquote, urlsplit, urlunsplit

from w3lib.url import safe_url_string


class Kind(str, Enum):
    """What a path of the site is."""

    ARTICLE = "article"
    COLUMN = "column"
    SECTION = "section"
    WRITER = "writer"
    VIDEO = "video"
    FEED = "feed"
    HOME = "home"
    OTHER = "other"


# "/314/102152-الخلاف-يحبط-...", "/w-1046/052021-معنى-معركة-بيروت" and the blog post
# "/b-12/101500-..." (libyatoday.net). An optional "/amp" prefix is the AMP copy of the same
# article; an "/en" prefix is the English edition (emiratesvoice.com, arabstoday.net), whose
# articles are other articles than the Arabic ones with the same numbers.
_PREFIX = r"(?P<edition>en/)?(?:amp/)?"
_ARTICLE_RE = re.compile(
    rf"^/{_PREFIX}(?P<section>\d+|[wb]-\d+)/(?P<time>\d{{6}})-(?P<slug>[^/]+?)/?$"
)
# Newer sister-site form without the time of day: "/485/{slug}", "/w-2144/{slug}", and the AMP
# copies with a 12-digit id, "/amp/199/020516065235-{slug}" (emiratesvoice.com). The slug must
# hold a letter, so that numeric paths such as "/485/2" are not taken for articles.
_ARTICLE_NO_TIME_RE = re.compile(
    rf"^/{_PREFIX}(?P<section>\d+|[wb]-\d+)/(?P<slug>[^/]*[^\W\d_][^/]*?)/?$"
)
# Joomla-era article aliases, a timestamp instead of a slug: "/39/2012-10-24-19-21-06". The
# timestamp is the article's creation time (a fallback for its publication date, see
# :func:`legacy_timestamp`). The opinion section's own alias "/2013-09-13-14-42-41" has no
# section before it: it is a listing (below), not a date.
_LEGACY_RE = re.compile(
    rf"^/{_PREFIX}(?P<section>\d+)/(?P<stamp>\d{{4}}-\d\d-\d\d-\d\d-\d\d-\d\d)/?$"
)
# "/417-أخبار-الرياضة/", the opinions alias "/2013-09-13-14-42-41", an English edition's
# "/en/485-sport", and the English edition's front page "/en/"
_SECTION_RE = re.compile(r"^/(?:en/)?\d+-[^/]+/?$|^/en/?$")
_WRITER_RE = re.compile(r"^/(?:en/)?[wb]-\d+-more/?$")
_VIDEO_RE = re.compile(r"^/(?:en/)?v-\d+(?:/|$)")
# "/rss", "/ar/rss/", "/en/rss", "/health/rss.xml" and the city feeds "/rss/{slug}"
_FEED_RE = re.compile(r"^/(?:[^/]+/)?rss(?:\.xml)?/?$|^/rss/[^/]+/?$")

#: Schemes a crawl may fetch; ``javascript:``, ``data:``, ``file:``, ``mailto:`` never are.
FETCHABLE_SCHEMES = frozenset({"http", "https"})


#: a URL with a scheme and a host ("https://host..."; not "http:///path" nor "http:x"): its path
#: is its own, whatever page it is read on
ABSOLUTE_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#]")


def decode_path(path: str) -> str:
    """Percent-decode a URL path and NFC-normalize it, the form every comparison uses."""
    return unicodedata.normalize("NFC", unquote(path))


def classify(url_or_path: str) -> Kind:
    """Tell what an absolute URL or a path of the site points at (``OTHER`` for no URL)."""
    try:
        path = decode_path(urlsplit(url_or_path).path or "/")
    except ValueError:  # "http://[::1/x"
        return Kind.OTHER
    if path in ("", "/"):
        return Kind.HOME
    match = _ARTICLE_RE.match(path) or _LEGACY_RE.match(path)
    if match:
        return Kind.COLUMN if match["section"][0] in "wb" else Kind.ARTICLE
    if _WRITER_RE.match(path):
        return Kind.WRITER
    if _VIDEO_RE.match(path):
        return Kind.VIDEO
    if _FEED_RE.match(path):
        return Kind.FEED
    if _SECTION_RE.match(path):
        return Kind.SECTION
    match = _ARTICLE_NO_TIME_RE.match(path)
    if match:
        return Kind.COLUMN if match["section"][0] in "wb" else Kind.ARTICLE
    return Kind.OTHER


def is_article(url_or_path: str) -> bool:
    """True for news articles, opinion columns and blog posts (and their AMP copies)."""
    return classify(url_or_path) in (Kind.ARTICLE, Kind.COLUMN)


def article_id(url_or_path: str) -> str | None:
    """The stable key of an article: ``{sectionId}/{HHMMSS}-{slug}``, decoded and NFC-normalized.

    The same whichever host, scheme, AMP copy, percent-encoding or trailing slash reached it;
    ``None`` for a path that is not an article. The other forms of the group keep their own
    shape: ``{sectionId}/{slug}``, ``w-{id}/...`` and ``b-{id}/...``, the Joomla alias
    ``{sectionId}/2012-10-24-19-21-06``, and ``en/...`` for the English edition.
    """
    try:
        path = decode_path(urlsplit(url_or_path).path or "/")
    except ValueError:  # "http://[::1/x": no URL, so no article
        return None
    match = _ARTICLE_RE.match(path)
    if match:
        return f"{match['edition'] or ''}{match['section']}/{match['time']}-{match['slug']}"
    match = _LEGACY_RE.match(path)
    if match:
        return f"{match['edition'] or ''}{match['section']}/{match['stamp']}"
    if _SECTION_RE.match(path) or _WRITER_RE.match(path) or _VIDEO_RE.match(path):
        return None
    if _FEED_RE.match(path):
        return None
    match = _ARTICLE_NO_TIME_RE.match(path)
    if match:
        return f"{match['edition'] or ''}{match['section']}/{match['slug']}"
    return None


def section_id(url_or_path: str) -> str | None:
    """The section id of an article path (``314``, ``w-1046``, ``485`` of ``/en/485/...``),
    else ``None``."""
    key = article_id(url_or_path)
    if not key:
        return None
    return key.removeprefix("en/").split("/", 1)[0]


def edition(url_or_path: str) -> str:
    """The language edition a path belongs to: ``en`` under ``/en/`` (also ``/en/amp/...``),
    else ``ar``."""
    try:
        path = decode_path(urlsplit(url_or_path).path or "/")
    except ValueError:
        return "ar"
    return "en" if path == "/en" or path.startswith("/en/") else "ar"


def legacy_timestamp(url_or_path: str) -> str | None:
    """The timestamp of a Joomla-era alias, ``2012-10-24-19-21-06`` of
    ``/39/2012-10-24-19-21-06``, as written; ``None`` for any other path (the opinion
    section's own alias ``/2013-09-13-14-42-41`` included: it is a listing, not an article)."""
    try:
        path = decode_path(urlsplit(url_or_path).path or "/")
    except ValueError:
        return None
    match = _LEGACY_RE.match(path)
    return match["stamp"] if match else None


def path_key(url: str) -> str:
    """A URL without its scheme and host (``/417-x?start=6``): the same page on any origin, as
    the state records pending requests across runs that may crawl different mirrors."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class Origin:
    """Where the crawl fetches the site: the live site or a mirror given as ``base_url``.

    ``site_hosts`` are the hosts whose links are the site's own; they are rewritten onto this
    origin, so that a crawl of a mirror (the bundled snapshot, a staging copy) stays on it.
    """

    scheme: str
    netloc: str
    site_hosts: frozenset[str]
    #: the section and writer ids of the site's articles (``newscrawl.sites.Site.id_pattern``);
    #: an article link whose id does not match is not the site's. ``None``: any id.
    ids: re.Pattern[str] | None = None

    @classmethod
    def from_base_url(
        cls,
        base_url: str,
        site_hosts: list[str] | tuple[str, ...],
        ids: re.Pattern[str] | None = None,
    ) -> Origin:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in FETCHABLE_SCHEMES or not parts.hostname:
            raise ValueError(f"base_url must be an http(s) URL with a host, got {base_url!r}")
        hosts = {h.strip().lower().strip(".") for h in site_hosts if h and h.strip()}
        return cls(parts.scheme, parts.netloc.lower(), frozenset(hosts), ids)

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.netloc}"

    def url(self, path: str) -> str:
        """An absolute, percent-encoded URL of ``path`` on this origin."""
        return safe_url_string(f"{self.base}{path}")

    def owns(self, url: str) -> bool:
        """True if ``url`` is fetchable and on the origin or one of the site's own hosts."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port  # raises ValueError on a malformed port
        except ValueError:
            return False
        if parts.scheme.lower() not in FETCHABLE_SCHEMES or not host:
            return False
        if parts.username is not None or parts.password is not None:
            return False  # "http://www.almaghribtoday.net@evil.example/" is not the site
        return parts.netloc.lower() == self.netloc or (host in self.site_hosts and port is None)

    def rebase(self, url: str) -> str | None:
        """``url`` moved onto this origin, percent-encoded; ``None`` if it is not the site's.

        ``http://www.almaghribtoday.net/314/...`` and ``/314/...`` both become
        ``{base_url}/314/...`` (query kept, fragment dropped).
        """
        if not self.owns(url):
            return None
        parts = urlsplit(url)
        path = decode_path(parts.path or "/")
        return safe_url_string(urlunsplit((self.scheme, self.netloc, path, parts.query, "")))

    def listing_url(self, url: str) -> str | None:
        """The URL to fetch for a listing link: on the origin; a section's trailing slash, which
        the site writes both with and without (``/417-أخبار-الرياضة/``), dropped."""
        rebased = self.rebase(url)
        if rebased is None or classify(rebased) != Kind.SECTION:
            return rebased
        parts = urlsplit(rebased)
        return urlunsplit(parts._replace(path=parts.path.rstrip("/")))

    def article_url(self, url: str) -> str | None:
        """The URL to fetch for an article link: on the origin, AMP prefix and trailing slash dropped.

        Every link form of one article maps to the same URL, so Scrapy's duplicate filter fetches
        it once.
        """
        # the key comes from the path alone, so the link need not be moved onto the origin
        # first (one percent-encoding pass less for each of the crawl's article links)
        if not self.owns(url):
            return None
        key = article_id(url)
        if key is None:
            return None
        if self.ids is not None and not self.ids.fullmatch(section_id(url) or ""):
            return None  # an id this site does not give its articles
        return self.url("/" + key)


# a value that would climb out of a folder when put into a path: "..", "/etc", "a\\b"
_UNSAFE_PATH_CHARS_RE = re.compile(r"[/\\\x00]")


def safe_path_part(value: str) -> str:
    """``value`` usable as one file or folder name: separators and NUL become ``_``, and a name
    made of dots only (``..``) becomes ``_``."""
    part = _UNSAFE_PATH_CHARS_RE.sub("_", value)
    return "_" if not part.strip(".") else part


def safe_uri_params(params: dict[str, object], spider: object = None) -> dict[str, object]:
    """Scrapy's ``FEED_URI_PARAMS`` hook: every text placeholder of a feed path (``%(name)s``
    and any spider argument, since Scrapy offers every spider attribute) made a safe path part,
    so that ``-a something=../../x`` cannot move the output out of its folder. ``%(time)s`` and
    ``%(batch_time)s`` are written as the README shows them, UTC with ``Z``
    (``2026-12-01T11-27-07Z``) where Scrapy writes ``+00-00``."""
    safe = {k: safe_path_part(v) if isinstance(v, str) else v for k, v in params.items()}
    for name in ("time", "batch_time"):
        value = safe.get(name)
        if isinstance(value, str) and value.endswith("+00-00"):
            safe[name] = value[: -len("+00-00")] + "Z"
    return safe

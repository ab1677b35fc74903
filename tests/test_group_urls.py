"""Every URL form of the group's sites, routed and keyed: one row per form, each tried raw and
percent-encoded, under the site's hosts, a mirror subdomain and another group host."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from newscrawl.dates import parse_date
from newscrawl.sites import get_site
from newscrawl.urls import (
    Kind,
    Origin,
    article_id,
    classify,
    edition,
    legacy_timestamp,
    section_id,
)

# (form, path as the site links it, kind, key) [real shapes: SITE.md and the table]
FORMS = [
    (
        "article",
        "/314/102152-الخلاف-يحبط-المساعي-المصرية-ــ-الليبية",
        Kind.ARTICLE,
        "314/102152-الخلاف-يحبط-المساعي-المصرية-ــ-الليبية",
    ),
    ("article-suffix-2", "/485/093015-عداؤون-مغاربة-2", Kind.ARTICLE, "485/093015-عداؤون-مغاربة-2"),
    ("slug-only", "/485/وزير-الخارجية-يستقبل-نظيره", Kind.ARTICLE, "485/وزير-الخارجية-يستقبل-نظيره"),
    ("column", "/w-1046/052021-معنى-معركة-بيروت", Kind.COLUMN, "w-1046/052021-معنى-معركة-بيروت"),
    ("column-slug-only", "/w-2144/رسالة-إلى-القارئ", Kind.COLUMN, "w-2144/رسالة-إلى-القارئ"),
    ("blog", "/b-37/213005-يوميات-من-طرابلس", Kind.COLUMN, "b-37/213005-يوميات-من-طرابلس"),
    ("amp-slug", "/amp/314/الخلاف-يحبط-المساعي", Kind.ARTICLE, "314/الخلاف-يحبط-المساعي"),
    (
        "amp-12-digit",
        "/amp/199/020516065235-مهرجان-دبي-للتسوق",
        Kind.ARTICLE,
        "199/020516065235-مهرجان-دبي-للتسوق",
    ),
    ("amp-time", "/amp/314/102152-الخلاف-يحبط", Kind.ARTICLE, "314/102152-الخلاف-يحبط"),
    ("joomla-alias", "/39/2012-10-24-19-21-06", Kind.ARTICLE, "39/2012-10-24-19-21-06"),
    ("english", "/en/485/dubai-shopping-festival-opens", Kind.ARTICLE, "en/485/dubai-shopping-festival-opens"),
    (
        "english-time",
        "/en/485/101500-dubai-shopping-festival",
        Kind.ARTICLE,
        "en/485/101500-dubai-shopping-festival",
    ),
    ("english-amp", "/en/amp/485/dubai-festival", Kind.ARTICLE, "en/485/dubai-festival"),
]  # fmt: skip

# paths that look like articles or dates and are not articles
NOT_ARTICLES = [
    ("opinion-alias", "/2013-09-13-14-42-41", Kind.SECTION),
    ("opinion-alias-slash", "/2013-09-13-14-42-41/", Kind.SECTION),
    ("section", "/417-أخبار-الرياضة/", Kind.SECTION),
    ("english-front", "/en/", Kind.SECTION),
    ("english-section", "/en/485-sport", Kind.SECTION),
    ("writer", "/w-1046-more/", Kind.WRITER),
    ("blogger", "/b-37-more/", Kind.WRITER),
    ("video", "/v-915/013153-شاهد-فيديو", Kind.VIDEO),
    ("feed", "/rss", Kind.FEED),
    ("feed-ar", "/ar/rss/", Kind.FEED),
    ("feed-en", "/en/rss", Kind.FEED),
    ("feed-section", "/health/rss.xml", Kind.FEED),
    ("feed-city", "/rss/casablanca", Kind.FEED),
    ("numeric-page", "/485/2", Kind.OTHER),
    ("home", "/", Kind.HOME),
]


def _encoded(path: str) -> str:
    return quote(path)


@pytest.mark.parametrize("encode", [False, True], ids=["raw", "percent-encoded"])
@pytest.mark.parametrize(("form", "path", "kind", "key"), FORMS, ids=[f[0] for f in FORMS])
def test_every_form_is_routed_and_keyed(
    form: str, path: str, kind: Kind, key: str, encode: bool
) -> None:
    link = _encoded(path) if encode else path
    assert classify(link) == kind
    assert article_id(link) == key
    assert article_id(f"https://www.emiratesvoice.com{link}/") == key  # a trailing slash too


@pytest.mark.parametrize("encode", [False, True], ids=["raw", "percent-encoded"])
@pytest.mark.parametrize(("form", "path", "kind"), NOT_ARTICLES, ids=[f[0] for f in NOT_ARTICLES])
def test_non_articles_and_non_dates(form: str, path: str, kind: Kind, encode: bool) -> None:
    link = _encoded(path) if encode else path
    assert classify(link) == kind
    assert article_id(link) is None
    assert legacy_timestamp(link) is None


def test_section_and_edition_of_each_form() -> None:
    assert section_id("/en/485/dubai-shopping-festival-opens") == "485"
    assert section_id("/b-37/213005-يوميات") == "b-37"
    assert edition("/en/485/dubai") == "en"
    assert edition("/485/dubai") == "ar"
    assert edition("/english-news") == "ar"


def test_joomla_alias_is_a_publication_time_the_date_module_reads() -> None:
    stamp = legacy_timestamp(quote("/39/2012-10-24-19-21-06"))
    assert stamp == "2012-10-24-19-21-06"
    assert parse_date(stamp).isoformat() == "2012-10-24T19:21:06+00:00"
    assert parse_date("2012-13-24-19-21-06") is None  # month 13: not guessed


@pytest.mark.parametrize(
    "host",
    [
        "www.emiratesvoice.com",
        "emiratesvoice.com",
        "android.emiratesvoice.com",
        "autodiscover.emiratesvoice.com",
        "mail.emiratesvoice.com",
    ],
)
@pytest.mark.parametrize(("form", "path", "kind", "key"), FORMS, ids=[f[0] for f in FORMS])
def test_every_host_and_mirror_of_a_site_fetches_one_url_on_the_origin(
    host: str, form: str, path: str, kind: Kind, key: str
) -> None:
    site = get_site("emiratesvoice")
    origin = Origin.from_base_url("http://127.0.0.1:8123", site.all_hosts, site.id_pattern)
    for link in (f"http://{host}{path}", f"https://{host}{_encoded(path)}"):
        assert origin.article_url(link) == origin.url("/" + key)


def test_group_host_serves_the_site_it_is_declared_for_only() -> None:
    arabstoday = get_site("arabstoday")
    origin = Origin.from_base_url("http://127.0.0.1:8123", arabstoday.all_hosts)
    assert origin.article_url("http://host.arabstoday.net/w-2144/ليس-بعد") is not None
    palestine = get_site("palestinetoday")
    other = Origin.from_base_url("http://127.0.0.1:8123", palestine.all_hosts)
    assert other.article_url("http://host.arabstoday.net/w-2144/ليس-بعد") is None
    assert other.article_url("http://android.arabstoday.net/314/102152-x") is None


def test_a_site_id_pattern_refuses_ids_it_does_not_give() -> None:
    site = get_site("omantoday").model_copy(
        update={"section_id": r"\d{1,3}", "writer_id": r"w-\d+"}
    )
    origin = Origin.from_base_url("http://127.0.0.1:8123", site.all_hosts, site.id_pattern)
    assert origin.article_url("https://www.omantoday.net/314/102152-x") is not None
    assert origin.article_url("https://www.omantoday.net/w-12/102152-x") is not None
    assert (
        origin.article_url("https://www.omantoday.net/3140/102152-x") is None
    )  # four digits: not this site's
    assert (
        origin.article_url("https://www.omantoday.net/b-12/102152-x") is None
    )  # no blogs on this site

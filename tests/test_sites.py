"""The sites of the group as configuration: newscrawl/sites.toml, validated, one spider each."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.sites import SITES, SitesError, get_site, parse_sites
from newscrawl.spiders.site import SiteSpider
from newscrawl.spiders.sites import SPIDERS, spider_class

# every configured site and what its entry must say; adding a site adds a row here
EXPECTED = {
    "almaghribtoday": ("المغرب اليوم", "www.almaghribtoday.net", ["/rss"], "UTC", {"ar"}),
    "arabstoday": ("العرب اليوم", "www.arabstoday.net", ["/ar/rss", "/en/rss"], "UTC", {"ar", "en"}),
    "palestinetoday": ("فلسطين اليوم", "www.palestinetoday.net", ["/rss", "/ar/rss/"], "UTC", {"ar"}),
    "egypttoday": ("مصر اليوم", "www.egypt-today.com", ["/rss"], "Africa/Cairo", {"ar", "en"}),
    "emiratesvoice": ("صوت الإمارات", "www.emiratesvoice.com", ["/rss"], "UTC", {"ar", "en"}),
    "alsaudiatoday": ("السعودية اليوم", "www.alsaudiatoday.com", ["/rss"], "UTC", {"ar"}),
    "omantoday": ("عمان اليوم", "www.omantoday.net", ["/rss"], "UTC", {"ar"}),
    "libyatoday": ("ليبيا اليوم", "www.libyatoday.net", ["/rss"], "UTC", {"ar"}),
}  # fmt: skip


def test_every_site_is_configured_as_expected() -> None:
    assert set(SITES) == set(EXPECTED)
    for key, (publisher, host, feeds, zone, langs) in EXPECTED.items():
        site = get_site(key)
        assert (site.publisher, site.hosts[0], site.feeds, site.clock_zone) == (
            publisher,
            host,
            feeds,
            zone,
        )
        assert site.languages == langs
        assert f"android.{site.domain}" in site.all_hosts
        assert f"mail.{site.domain}" in site.all_hosts
        assert f"autodiscover.{site.domain}" in site.all_hosts


def test_one_spider_class_per_site_with_the_same_code() -> None:
    assert set(SPIDERS) == set(SITES)
    for key, cls in SPIDERS.items():
        assert cls.name == key and cls.site is SITES[key]
        assert issubclass(cls, SiteSpider)
        assert cls.parse_article is SiteSpider.parse_article


def _spider(key: str, **settings: object) -> SiteSpider:
    base = Settings()
    base.setmodule(project_settings)
    cls = SPIDERS[key]
    crawler = get_crawler(cls, {**base.copy_to_dict(), **settings})
    return cls.from_crawler(crawler)


def test_a_spider_takes_its_site_and_the_settings_override_it() -> None:
    spider = _spider("palestinetoday")
    assert spider.origin.base == "https://www.palestinetoday.net"
    assert "android.palestinetoday.net" in spider.origin.site_hosts
    assert spider.publisher == "فلسطين اليوم"
    staging = _spider(
        "palestinetoday",
        NEWSCRAWL_BASE_URL="http://staging.example",
        NEWSCRAWL_PUBLISHER="PT",
        NEWSCRAWL_SITE_HOSTS=["www.palestinetoday.net"],
    )
    assert staging.origin.base == "http://staging.example"
    assert staging.publisher == "PT"
    assert staging.origin.site_hosts == frozenset({"www.palestinetoday.net"})


def test_each_site_keeps_its_own_state_and_the_reference_site_keeps_its_file() -> None:
    reference = _spider("almaghribtoday")
    other = _spider("egypttoday")
    assert reference.crawler.settings.get("NEWSCRAWL_STATE_PATH") in (None, "")
    path = other.crawler.settings.get("NEWSCRAWL_STATE_PATH")
    assert path.endswith(".scrapy/newscrawl/egypttoday/state.sqlite3")
    chosen = _spider("egypttoday", NEWSCRAWL_STATE_PATH="/tmp/x.sqlite3")
    assert chosen.crawler.settings.get("NEWSCRAWL_STATE_PATH") == "/tmp/x.sqlite3"


def test_adding_a_site_is_an_entry() -> None:
    sites = parse_sites(
        {
            "kuwaittoday": {
                "publisher": "الكويت اليوم",
                "hosts": ["www.kuwaittoday.net", "kuwaittoday.net"],
                "feeds": ["/rss"],
            }
        }
    )
    cls = spider_class(sites["kuwaittoday"])
    assert cls.name == "kuwaittoday" and cls.__name__ == "KuwaittodaySpider"
    assert sites["kuwaittoday"].base_url == "https://www.kuwaittoday.net"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"hosts": ["www.x.net"]}, "[x] publisher: Field required"),
        ({"publisher": "x", "hosts": ["not a host"]}, "[x] hosts.0"),
        ({"publisher": "x", "hosts": ["www.x.net"], "feeds": ["rss"]}, "[x] feeds.0"),
        ({"publisher": "x", "hosts": ["www.x.net"], "clock_zone": "Mars/Olympus"}, "clock_zone"),
        ({"publisher": "x", "hosts": ["www.x.net"], "section_id": "(\\d+"}, "section_id"),
        ({"publisher": "x", "hosts": ["www.x.net"], "selectors": {"NOPE": "div"}}, "selectors"),
        ({"publisher": "x", "hosts": ["www.x.net"], "editions": [{"lang": "fr"}]}, "editions"),
        ({"publisher": "x", "hosts": ["www.x.net"], "colour": "red"}, "colour"),
    ],
    ids=["no-publisher", "bad-host", "bad-feed", "bad-zone", "bad-pattern", "bad-selector",
         "bad-edition", "unknown-field"],
)  # fmt: skip
def test_a_wrong_entry_is_one_line_naming_site_and_field(entry: dict, message: str) -> None:
    with pytest.raises(SitesError) as error:
        parse_sites({"x": entry})
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_selector_override_is_used_by_the_page_object() -> None:
    from newscrawl.pages import ArticlePage

    html = (
        "<html lang='ar'><head><title>عنوان</title></head><body><h1>عنوان الخبر هنا</h1>"
        "<div class='story-text'><p>"
        + "فقرة من نص الخبر الذي يكتبه الموقع الشقيق. "
        * 6
        + "</p></div>"
        "</body></html>"
    )
    page = ArticlePage.from_html(
        "https://www.omantoday.net/5/101010-x", html, selectors={"BODY": "div.story-text"}
    )
    assert page.articleBody() and page.sources["articleBody"] == "div#balmon > p"
    plain = ArticlePage.from_html("https://www.omantoday.net/5/101010-x", html)
    plain.articleBody()
    assert plain.sources.get("articleBody") != "div#balmon > p"

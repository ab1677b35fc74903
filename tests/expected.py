"""What the crawl must export for each snapshot article, derived from the snapshot's content.

The content module is the ground truth the pages were rendered from; nothing here calls the
extraction code, so a field that the page objects or pipelines get wrong shows as a mismatch.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from newscrawl.urls import legacy_timestamp
from sitesnapshot import sister
from sitesnapshot.content import ARTICLES, SECTIONS
from sitesnapshot.render import LIVE, Article, Site, date_line
from sitesnapshot.sister import Page, SisterSite

SITE = Site(SECTIONS, ARTICLES)
SISTER = SisterSite()


def _live(article: Article) -> str:
    return f"https://{LIVE}{quote(article.path)}"


def _authors(article: Article) -> list[dict[str, str]]:
    writer = article.data.get("writer")
    if writer:
        raw = ("بقلم : " if article.index % 2 == 0 else "بقلم - ") + writer["name"]
        return [{"name": writer["name"], "nameRaw": raw}]
    reporter = article.data.get("reporter")
    names = reporter if isinstance(reporter, list) else [reporter] if reporter else []
    return [{"name": n, "nameRaw": n} for n in names]


def expected_item(article: Article, base_url: str) -> dict[str, Any]:
    """The exported record of one snapshot article, crawled from ``base_url``."""
    data = article.data
    related = [SITE.by_key[k] for k in data.get("related", [])]
    inline = SITE.by_key.get(data.get("inline_related", ""))
    linked = related + ([inline] if inline and inline not in related else [])
    section = next(s for s in SECTIONS if s["id"] == str(data["section"]))
    # the page writes the update time to the minute ("آخر تحديث GMT 14:02 2025 ...")
    modified = article.modified.replace(second=0) if article.modified else None
    return {
        "url": base_url + quote(article.path),
        "canonicalUrl": _live(article),
        "articleId": article.article_id,
        "headline": data["headline"],
        "description": data["description"],
        "articleBody": "\n".join(data["body"]),
        "articleSection": section["name"],
        "keywords": list(data["keywords"]),
        "authors": _authors(article),
        "dateline": data.get("city"),
        "datePublished": article.published.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "datePublishedRaw": date_line(article.published, article.index),
        "dateModified": modified.strftime("%Y-%m-%dT%H:%M:%S+00:00") if modified else None,
        "dateModifiedRaw": f"آخر تحديث {date_line(modified, article.index + 1)}"
        if modified
        else None,
        "mainImage": {"url": article.image("large"), "caption": data["caption"]},
        "relatedArticles": [{"headline": r.data["headline"], "url": _live(r)} for r in linked],
        "inLanguage": "ar",
        "publisher": "المغرب اليوم",
        "site": "almaghribtoday",
    }


def expected_items(base_url: str, site: str = "almaghribtoday") -> dict[str, dict[str, Any]]:
    """Every snapshot article's record, by ``articleId``; ``site`` names the bundled site
    (``egypttoday``: the sister site of :mod:`sitesnapshot.sister`)."""
    if site == "egypttoday":
        return {p.article_id: expected_sister_item(p, base_url) for p in SISTER.articles}
    return {a.article_id: expected_item(a, base_url) for a in SITE.articles}


def _iso(when: datetime | None) -> str | None:
    return when.strftime("%Y-%m-%dT%H:%M:%S+00:00") if when else None


def expected_sister_item(page: Page, base_url: str) -> dict[str, Any]:
    """The exported record of one article of the sister site, crawled from ``base_url``: its
    Arabic pages' dates converted from Cairo time, its English ones read as GMT."""
    data = page.data
    section = next(s for s in sister.SECTIONS if s["id"] == data["section"])
    writer = data.get("writer")
    if writer:
        authors = [{"name": writer["name"], "nameRaw": f"بقلم : {writer['name']}"}]
    else:
        reporter = data.get("reporter")
        authors = [{"name": reporter, "nameRaw": reporter}] if reporter else []
    published, modified = page.published, page.modified
    stamp = legacy_timestamp(page.path)
    # the path's HHMMSS, in the page's clock, gives the seconds of the minute the line names
    clock = re.match(r"^/(?:en/)?[^/]+/(\d\d)(\d\d)(\d\d)-", page.path)
    if (
        published
        and clock
        and (published.hour, published.minute)
        == (
            int(clock[1]),
            int(clock[2]),
        )
    ):
        published = published.replace(second=int(clock[3]))
    return {
        "url": base_url + quote(page.path),
        "canonicalUrl": f"https://{sister.LIVE}{quote(page.path)}",
        "articleId": page.article_id,
        "headline": data["headline"],
        "description": data["description"],
        "articleBody": "\n".join(data["body"]),
        "articleSection": section["name"],
        "keywords": list(data["keywords"]),
        "authors": authors,
        "dateline": data.get("city"),
        # the Joomla alias's page shows no date: its path's timestamp is the fallback
        "datePublished": _iso(page.utc(published))
        if published
        else _iso(datetime.strptime(stamp, "%Y-%m-%d-%H-%M-%S"))
        if stamp
        else None,
        "datePublishedRaw": page.date_line(page.published) if page.published else stamp,
        "dateModified": _iso(page.utc(modified)) if modified else None,
        "dateModifiedRaw": page.update_line(modified) if modified else None,
        "mainImage": {"url": page.image(), "caption": data["caption"]},
        "relatedArticles": [
            {
                "headline": SISTER.by_key[k].data["headline"],
                "url": f"https://{sister.LIVE}{quote(SISTER.by_key[k].path)}",
            }
            for k in data["related"]
        ],
        "inLanguage": data["lang"],
        "publisher": sister.PUBLISHER,
        "site": "egypttoday",
    }

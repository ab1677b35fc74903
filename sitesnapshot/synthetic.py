"""A synthetic copy of the snapshot site with N articles, for the crawl benchmarks (``make bench``).

``python -m sitesnapshot.synthetic --articles 20000 --out DIR`` writes DIR/routes.json and
the pages, which ``python -m sitesnapshot serve --root DIR`` then serves.

The pages come from the snapshot's own templates (:class:`sitesnapshot.render.Site`,
:func:`~sitesnapshot.render.build`); only the content is multiplied. The first 45 articles
are the snapshot's own, unchanged; every further cycle copies the 45 with new publication times
(so new ``HHMMSS`` paths), a numbered slug, a section taken in turn from a fixed set of sections,
and its related links pointing at the copies of the same cycle. Opinion columns are signed by a
fixed set of writers. The number of sections and writers does not grow with N, so a page looks
the same at 2,000 articles as at 20,000 (same header, same sidebar length): only the section
listings get longer, and their ``?start=N`` pagination reaches every article.

Publication times are spaced 1,337 seconds apart; 1,337 and 86,400 are coprime, so up to 86,400
articles each have their own time of day and hence their own ``{section}/{HHMMSS}`` key.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sitesnapshot.content import ARTICLES, SECTIONS
from sitesnapshot.render import Article, Section, Site, build, render_article

#: news sections besides the snapshot's six: enough parallel section listings that a crawl with
#: 32 requests in flight is never waiting on one long ``?start=N`` chain
EXTRA_SECTIONS = 34
#: writers of opinion columns, the snapshot's three included
WRITERS = 30
#: columns a writer page lists (its first page; the columns are all in section listings too)
WRITER_PAGE_ITEMS = 12
START = datetime(2019, 1, 1, 0, 0, 0)
SPACING = timedelta(seconds=1337)

_FIRST = ["سعيد", "ليلى", "كريم", "نادية", "هشام", "سلمى", "عمر", "خديجة", "رشيد", "إيمان"]
_LAST = [
    "العلوي",
    "بنعلي",
    "الإدريسي",
    "التازي",
    "الفاسي",
    "المنصوري",
    "الحسني",
    "بركة",
    "الشرقاوي",
]
_TOPICS = [
    "منوعات", "مجتمع", "ثقافة", "تكنولوجيا", "بيئة", "تعليم", "سياحة", "عقارات", "طقس", "شباب",
    "جهات", "دولي", "برلمان", "فلاحة", "طاقة", "نقل", "علوم", "كتب", "سينما", "مسرح",
    "كرة القدم", "ألعاب القوى", "تنس", "بورصة", "بنوك", "مقاولات", "موضة", "مطبخ", "أسرة",
    "هجرة", "حوادث", "قضاء", "أمن", "رياضات أخرى",
]  # fmt: skip


def synthetic_sections(extra: int = EXTRA_SECTIONS) -> list[dict[str, Any]]:
    """The snapshot's sections, then ``extra`` more (``/9{nn}-أخبار-{topic}``)."""
    sections = [dict(s) for s in SECTIONS]
    for n in range(extra):
        topic = _TOPICS[n % len(_TOPICS)]
        slug_topic = topic.replace(" ", "-")
        suffix = f"-{n // len(_TOPICS) + 1}" if n >= len(_TOPICS) else ""
        sections.append(
            {"id": str(900 + n), "slug": f"أخبار-{slug_topic}{suffix}", "name": f"{topic}{suffix}"}
        )
    return sections


def _writers(count: int = WRITERS) -> list[dict[str, str]]:
    """The snapshot's writers first, then made-up ones with ids from 2001."""
    seen: dict[str, dict[str, str]] = {}
    for data in ARTICLES:
        if data.get("writer"):
            seen.setdefault(data["writer"]["id"], dict(data["writer"]))
    writers = list(seen.values())
    n = 0
    while len(writers) < count:
        name = f"{_FIRST[n % len(_FIRST)]} {_LAST[(n // len(_FIRST) + n) % len(_LAST)]}"
        writers.append({"id": str(2001 + n), "name": name})
        n += 1
    return writers[:count]


def synthetic_articles(total: int, sections: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``total`` article records: the snapshot's 45, then numbered copies of them."""
    base = list(ARTICLES)
    writers = _writers()
    articles: list[dict[str, Any]] = [copy.deepcopy(a) for a in base[:total]]
    section_ids = [s["id"] for s in sections]
    news_ids = [i for i in section_ids if i.isdigit()]
    used = {f"{a['section']}/{a['time']}" for a in articles}
    cycle = 1
    serial = 0
    while len(articles) < total:
        keys: dict[str, str] = {}
        batch: list[dict[str, Any]] = []
        for original in base:
            if len(articles) + len(batch) >= total:
                break
            data = copy.deepcopy(original)
            # a column may be listed under any section, a news article only under a numbered
            # one (its path is "/{sectionId}/..."; the opinions alias is no article path)
            pool = section_ids if original.get("writer") else news_ids
            while f"{pool[serial % len(pool)]}/{(START + SPACING * serial):%H%M%S}" in used:
                serial += 1  # a copy never takes the key of one of the snapshot's own articles
            published = START + SPACING * serial
            shift = published - datetime.fromisoformat(original["published"])
            data["published"] = published.isoformat()
            if original.get("modified"):
                data["modified"] = (
                    datetime.fromisoformat(original["modified"]) + shift
                ).isoformat()
            data["time"] = published.strftime("%H%M%S")
            data["slug"] = f"{original['slug']}-{cycle}"
            # every section gets its share, so that no section's pagination is much longer
            # than the others'
            data["section"] = pool[serial % len(pool)]
            if original.get("writer"):
                data["writer"] = dict(writers[serial % len(writers)])
            keys[f"{original['section']}/{original['time']}"] = f"{data['section']}/{data['time']}"
            used.add(f"{data['section']}/{data['time']}")
            batch.append(data)
            serial += 1
        for data in batch:
            data["related"] = [keys[k] for k in data.get("related", []) if k in keys]
            inline = data.get("inline_related")
            data["inline_related"] = keys.get(inline, "") if inline else ""
        articles.extend(batch)
        cycle += 1
    return articles


class SyntheticSite(Site):
    """:class:`Site` with the lookups that are linear in the number of articles made constant:
    the same pages, rendered in time linear in N (the snapshot's Site is written for 45)."""

    def __init__(self, sections: Sequence[dict[str, Any]], articles: Sequence[dict[str, Any]]):
        super().__init__(sections, articles)
        self._sections_by_id = {s.data["id"]: s for s in self.sections}
        self._header: str | None = None
        self.writers = {k: v[:WRITER_PAGE_ITEMS] for k, v in self.writers.items()}

    def header(self) -> str:
        if self._header is None:
            self._header = super().header()
        return self._header

    def _section_of(self, article: Article) -> Section:
        return self._sections_by_id[str(article.data["section"])]

    def article_page(self, article: Article) -> str:
        # Site.article_page's sidebar, "the newest articles but this one, from index % 7, six",
        # needs at most 14 of the newest
        head = [a for a in self.newest[:14] if a is not article]
        return render_article(
            article.data,
            index=article.index,
            path=article.path,
            section=self._section_of(article),
            related=[self.by_key[k] for k in article.data.get("related", []) if k in self.by_key],
            inline=self.by_key.get(article.data.get("inline_related", "")),
            sidebar=head[article.index % 7 :][:6],
            site=self,
        )


def generate(articles: int, out: Path) -> dict[str, dict[str, str]]:
    """Write the synthetic site with ``articles`` articles under ``out``; return its routes."""
    sections = synthetic_sections()
    site = SyntheticSite(sections, synthetic_articles(articles, sections))
    return build(site, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitesnapshot.synthetic", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--articles", type=int, default=20_000, help="articles (default 20000)")
    parser.add_argument("--out", type=Path, required=True, help="target folder")
    args = parser.parse_args(argv)
    if not 1 <= args.articles <= 86_400:
        parser.error("--articles must be between 1 and 86400")
    started = time.perf_counter()
    routes = generate(args.articles, args.out)
    print(f"wrote {len(routes)} pages to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

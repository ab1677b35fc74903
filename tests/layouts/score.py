"""Scores extraction on the layout corpus: field checks, body sentences, wrong dates.

A *pair* is ``(layout, expected record, extracted record or None)``; ``None`` is a page the
crawl did not export (the page object rejected it, as the spider drops a
:class:`~newscrawl.pages.Rejection`, or the validation pipeline dropped it), scored as a record
of nothing. A page that must be dropped (:func:`tests.layouts.drop_reason`) has a record of
nothing as its truth, so exporting it costs every field the extractor fills.

A layout served with its own ``Content-Type`` (a wrong charset) is read as the crawl reads it:
the response with that header through the project's ``EncodingMiddleware``.

- field checks: every field of :data:`FIELDS` compared exactly, right / total per layout;
- body: sentence precision and recall of ``articleBody`` against the expected body, micro-averaged
  over the layout's pages (:func:`tests.quality.precision_recall`);
- dates: ``datePublished`` / ``dateModified`` *wrong* when present and different from the
  truth, *missing* when ``None`` where the truth has a date (and *spurious* when a date is given
  for a page that has none).

``mean`` averages the per-layout figures (each layout weighs the same); wrong and missing dates are
summed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from newscrawl.items import ARTICLE_FIELDS
from tests.expected import SITE
from tests.quality import precision_recall

FIELDS = tuple(f for f in ARTICLE_FIELDS if f != "metadata")
DATE_FIELDS = ("datePublished", "dateModified")

Item = dict[str, Any]
Pair = tuple[str, Item, Item | None]
#: ``(url, body)`` or ``(url, body, content_type)`` -> the exported record or ``None``
Extractor = Callable[..., Item | None]


def empty_item() -> Item:
    """The record of a page that was not exported: every field absent."""
    return {field: None for field in FIELDS}


def conftest_extract(url: str, body: bytes) -> Item | None:
    """One page through ``tests.conftest.extract`` (page object and pipelines), or ``None``."""
    from scrapy.exceptions import DropItem

    from tests.conftest import extract

    try:
        item, _ = extract(url, body)
    except DropItem:
        return None
    return item


def pipeline_extractor() -> Extractor:
    """The same chain as ``tests.conftest.extract`` (the page object's item, then the text,
    dates and validation pipelines), built once instead of once a page: about 10x faster. The
    item is the page object's :meth:`~newscrawl.pages.ArticlePage.result`, ``None`` when it is a
    :class:`~newscrawl.pages.Rejection`, as the spider drops those; with a ``content_type``, the
    response carries it as its header and passes the ``EncodingMiddleware`` first."""
    from itemadapter import ItemAdapter
    from scrapy.exceptions import DropItem
    from scrapy.http import HtmlResponse
    from scrapy.settings import Settings
    from scrapy.spiders import Spider
    from scrapy.utils.reactor import install_reactor, is_reactor_installed
    from scrapy.utils.test import get_crawler

    from newscrawl import settings as project_settings
    from newscrawl.middlewares import EncodingMiddleware
    from newscrawl.pages import ArticlePage, Rejection
    from newscrawl.pipelines import DatesPipeline, TextCleanPipeline, ValidationPipeline

    base = Settings()
    base.setmodule(project_settings)
    if not is_reactor_installed():
        install_reactor(base.get("TWISTED_REACTOR"))
    crawler = get_crawler(Spider, base.copy_to_dict())
    chain = [cls.from_crawler(crawler) for cls in (TextCleanPipeline, DatesPipeline)]
    validation = ValidationPipeline.from_crawler(crawler)
    encoding = EncodingMiddleware.from_crawler(crawler)
    downloaded = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def extract(url: str, body: bytes, content_type: str | None = None) -> Item | None:
        if content_type is None:
            response = HtmlResponse(url=url, body=body)
        else:
            response = HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})
            response = encoding.process_response(None, response)  # type: ignore[arg-type]
        item = ArticlePage.from_response(response, downloaded=downloaded).result(
            publisher="المغرب اليوم", site="almaghribtoday"
        )
        if isinstance(item, Rejection):
            return None
        try:
            for pipeline in (*chain, validation):
                item = pipeline.process_item(item)
        except DropItem:
            return None
        return ItemAdapter(item).asdict()

    return extract


def run(layouts: Sequence[str] | None = None, extract: Extractor | None = None) -> list[Pair]:
    """Every article of every layout through ``extract`` (default :func:`pipeline_extractor`)."""
    from tests import layouts as corpus

    extract = extract or pipeline_extractor()
    pairs: list[Pair] = []
    for layout in layouts or corpus.LAYOUTS:
        header = corpus.HEADERS.get(layout)
        for article in SITE.articles:
            body = corpus.render(article, layout)
            url = corpus.url(article, layout)
            got = extract(url, body) if header is None else extract(url, body, header)
            pairs.append((layout, corpus.expected(article, layout), got))
    return pairs


def rejection(url: str, body: bytes) -> Any:
    """The page object's :class:`~newscrawl.pages.Rejection` of a page, or ``None`` when it
    gives an item (read as :func:`pipeline_extractor` reads it, without the pipelines)."""
    from scrapy.http import HtmlResponse

    from newscrawl.pages import ArticlePage, Rejection

    response = HtmlResponse(url=url, body=body)
    result = ArticlePage.from_response(response).result(publisher="المغرب اليوم")
    return result if isinstance(result, Rejection) else None


def mismatches(want: Item, got: Item | None) -> dict[str, tuple[Any, Any]]:
    """``field -> (got, want)`` of every field that differs."""
    got = got if got is not None else empty_item()
    return {f: (got.get(f), want[f]) for f in FIELDS if got.get(f) != want[f]}


def score(pairs: Iterable[Pair]) -> dict[str, Any]:
    """Per layout and on average: field accuracy, body precision/recall, wrong/missing dates."""
    grouped: dict[str, list[tuple[Item, Item]]] = {}
    for layout, want, got in pairs:
        grouped.setdefault(layout, []).append((want, got if got is not None else empty_item()))
    by_layout: dict[str, dict[str, Any]] = {}
    for layout, rows in grouped.items():
        right = 0
        by_field = dict.fromkeys(FIELDS, 0)
        wrong = missing = spurious = dropped = 0
        for want, got in rows:
            if all(got.get(f) is None for f in FIELDS):
                dropped += 1
            for field in FIELDS:
                if got.get(field) == want[field]:
                    right += 1
                    by_field[field] += 1
            for field in DATE_FIELDS:
                value, truth = got.get(field), want[field]
                if value is not None and truth is not None and value != truth:
                    wrong += 1
                elif value is None and truth is not None:
                    missing += 1
                elif value is not None and truth is None:
                    spurious += 1
        if any(got.get("articleBody") or want["articleBody"] for want, got in rows):
            precision, recall = precision_recall(
                (got.get("articleBody"), want["articleBody"]) for want, got in rows
            )
        else:  # pages that must be dropped, and were: no sentence to find, none found wrongly
            precision = recall = 1.0
        total = len(rows) * len(FIELDS)
        by_layout[layout] = {
            "pages": len(rows),
            "fields_right": right,
            "fields_total": total,
            "field_accuracy": right / total if total else 0.0,
            "precision": precision,
            "recall": recall,
            "wrong_dates": wrong,
            "missing_dates": missing,
            "spurious_dates": spurious,
            "dropped": dropped,
            "by_field": {f: n / len(rows) for f, n in by_field.items()},
        }
    n = len(by_layout) or 1
    rows_all = list(by_layout.values())
    mean = {
        "field_accuracy": sum(r["field_accuracy"] for r in rows_all) / n,
        "precision": sum(r["precision"] for r in rows_all) / n,
        "recall": sum(r["recall"] for r in rows_all) / n,
        "fields_right": sum(r["fields_right"] for r in rows_all),
        "fields_total": sum(r["fields_total"] for r in rows_all),
        "wrong_dates": sum(r["wrong_dates"] for r in rows_all),
        "missing_dates": sum(r["missing_dates"] for r in rows_all),
        "spurious_dates": sum(r["spurious_dates"] for r in rows_all),
        "dropped": sum(r["dropped"] for r in rows_all),
    }
    return {"layouts": by_layout, "mean": mean}


def table(figures: dict[str, Any]) -> str:
    """A Markdown table of :func:`score`'s figures."""
    lines = [
        "| layout | fields right | body precision | body recall | wrong dates | missing dates |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in figures["layouts"].items():
        lines.append(
            f"| {name} | {r['field_accuracy']:.1%} | {r['precision']:.1%} | {r['recall']:.1%} "
            f"| {r['wrong_dates']} | {r['missing_dates']} |"
        )
    m = figures["mean"]
    lines.append(
        f"| mean | {m['field_accuracy']:.1%} | {m['precision']:.1%} | {m['recall']:.1%} "
        f"| {m['wrong_dates']} | {m['missing_dates']} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    from collections import Counter

    result = run()
    print(table(score(result)))
    failing: Counter[tuple[str, str]] = Counter()
    for layout, want, got in result:
        for field in mismatches(want, got):
            failing[(layout, field)] += 1
    for (layout, field), count in failing.most_common():
        print(f"{layout:18} {field:18} {count}/45")

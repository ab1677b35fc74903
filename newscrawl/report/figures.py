"""The figures of one run, read from its JSON report (:class:`newscrawl.extensions.RunReport`):
pure functions of the report's dict, shared by the HTML report and the trend kept in the state.
Imports no Scrapy, so ``python -m newscrawl.report`` rebuilds a report anywhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: sources of a field that are the page's structured data (README, "Where each field comes
#: from"): JSON-LD, microdata, ``article:*`` meta, ``<time datetime>``
STRUCTURED_SOURCES = frozenset({"jsonld", "microdata", "meta", "time"})
#: the fields whose coverage the trend plots (NEWSCRAWL_MIN_COVERAGE's defaults), and the mean
TREND_FIELDS = ("headline", "articleBody", "datePublished")


def _int(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, (int, float)) else 0


def _sum(stats: Mapping[str, Any], prefix: str) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))


def run_figures(report: Mapping[str, Any]) -> dict[str, Any]:
    """New, changed, skipped and failed articles, requests, duration, finish reason."""
    stats = report.get("stats") or {}
    failed_pages = report.get("failed_pages") or []
    return {
        "new": _int(stats, "newscrawl/incremental/new"),
        "changed": _int(stats, "newscrawl/incremental/changed"),
        "unchanged": _int(stats, "newscrawl/incremental/unchanged"),
        "skipped": _int(stats, "newscrawl/incremental/known_skipped"),
        "failed": len(failed_pages),
        "exported": int(report.get("exported") or 0),
        "requests": int(report.get("requests") or 0),
        "duration": float(stats.get("elapsed_time_seconds") or 0.0),
        "finish_reason": report.get("finish_reason"),
        "start_time": stats.get("start_time"),
    }


def exit_status(report: Mapping[str, Any]) -> tuple[int, str]:
    """The exit status ``scrapy crawl`` gave the run (:mod:`newscrawl.commands.crawl`) and why,
    from the report's stats."""
    stats = report.get("stats") or {}
    if stats.get("newscrawl/locked"):
        return 2, "another crawl held the state; this run gave up"
    if stats.get("newscrawl/state_unusable"):
        return 1, str(stats["newscrawl/state_unusable"])
    if stats.get("newscrawl/origin_unreachable"):
        return 4, f"{stats['newscrawl/origin_unreachable']}; the run ended without crawling"
    if stats.get("newscrawl/feed/write_failed"):
        lost = _int(stats, "newscrawl/feed/not_exported")
        return 1, f"{lost} article(s) could not be written; the next run exports them"
    failures = (report.get("monitors") or {}).get("failures") or []
    if failures:
        names = ", ".join(str(f.get("monitor")) for f in failures)
        return 3, f"{len(failures)} monitor(s) failed: {names}"
    reason = report.get("finish_reason")
    if reason == "shutdown":
        return 5, "stopped (Ctrl-C or SIGTERM); the next run goes on from here"
    return 0, f"the crawl ended ({reason}) and no monitor failed"


def source_shares(report: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """For each field with recorded sources: how many exported items its primary source, the
    structured data and another fallback served (``newscrawl/fallback/<field>`` counts the items
    a layer after the first served)."""
    stats = report.get("stats") or {}
    shares: dict[str, dict[str, int]] = {}
    for field, by_source in (report.get("sources") or {}).items():
        total = sum(int(n) for n in by_source.values())
        fallback = min(total, _int(stats, f"newscrawl/fallback/{field}"))
        structured = min(
            fallback, sum(int(n) for s, n in by_source.items() if s in STRUCTURED_SOURCES)
        )
        shares[field] = {
            "primary": total - fallback,
            "structured": structured,
            "fallback": fallback - structured,
        }
    return shares


def run_summary(report: Mapping[str, Any]) -> dict[str, Any]:
    """What the state keeps of a run for the trend: articles exported, pages failed, coverage."""
    coverage = {k: float(v) for k, v in (report.get("coverage") or {}).items()}
    figures = run_figures(report)
    return {
        "articles": figures["exported"],
        "failures": figures["failed"],
        "requests": figures["requests"],
        "coverage": coverage,
        "mean_coverage": round(sum(coverage.values()) / len(coverage), 4) if coverage else None,
        "start_time": figures["start_time"],
    }

"""The first run after the site changes its templates fails, and says which fields moved.

The whole snapshot is served with every article page re-rendered in one of the layout corpus's
templates (``tests/layouts``): the listings and the feed are the site's own, the articles are
not. The crawl still exports every article, right, from the fallbacks; and the run fails with
the fallback monitor's message naming each field whose primary source stopped serving it, with
the sources that served it instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitesnapshot.server import SnapshotServer
from tests.conftest import run_crawl, served
from tests.expected import SITE
from tests.layouts import expected, render_site

# fields the WordPress template serves from structured data or the generic extractor only
MOVED = ["articleBody", "articleSection", "datePublished", "keywords", "mainImage"]


@pytest.fixture(scope="module")
def drifted_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = render_site("wp_jsonld", tmp_path_factory.mktemp("drifted") / "site")
    out = tmp_path_factory.mktemp("drift-out") / "items.jsonl"
    with served(SnapshotServer(root)) as server:
        base_url = f"http://127.0.0.1:{server.server_address[1]}"
        result = run_crawl(base_url, out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    return {"result": result, "lines": lines, "report": report, "base_url": base_url}


def test_drifted_site_fails_the_run_naming_the_moved_fields(
    drifted_crawl: dict[str, object],
) -> None:
    result = drifted_crawl["result"]
    assert result.returncode == 3, result.stderr[-3000:]  # type: ignore[attr-defined]
    failures = drifted_crawl["report"]["monitors"]["failures"]  # type: ignore[index]
    fallback = [f for f in failures if f["monitor"].startswith("Fallbacks")]
    assert len(fallback) == 1, failures
    message = fallback[0]["reason"]
    assert "primary source stopped serving" in message
    for field_name in MOVED:
        assert f"{field_name}" in message, (field_name, message)
    assert "jsonld" in message and "main-text" in message
    assert "Monitor failed: Fallbacks" in result.stderr  # type: ignore[attr-defined]


def test_drifted_site_still_exports_every_article_right(
    drifted_crawl: dict[str, object],
) -> None:
    lines = drifted_crawl["lines"]
    assert len(lines) == len(SITE.articles)  # type: ignore[arg-type]
    by_id = {line["articleId"]: line for line in lines}  # type: ignore[union-attr]
    for article in SITE.articles:
        want = expected(article, "wp_jsonld")
        got = by_id[article.article_id]
        for field_name in ("headline", "articleBody", "datePublished", "authors", "keywords"):
            assert got[field_name] == want[field_name], (article.article_id, field_name)


def test_report_gives_each_fields_sources(drifted_crawl: dict[str, object]) -> None:
    sources = drifted_crawl["report"]["sources"]  # type: ignore[index]
    count = len(SITE.articles)
    assert sources["articleBody"] == {"main-text": count}
    assert sources["datePublishedRaw"] == {"jsonld": count}
    assert sum(sources["headline"].values()) == count


def test_site_layout_reports_primary_sources_only(tmp_path: Path) -> None:
    """The bundled snapshot itself: every field from the site's markup, the monitor passes."""
    from sitesnapshot.server import DEFAULT_ROOT

    out = tmp_path / "items.jsonl"
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        result = run_crawl(f"http://127.0.0.1:{server.server_address[1]}", out)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    assert report["sources"]["articleBody"] == {"div#balmon > p": len(SITE.articles)}
    assert report["sources"]["datePublishedRaw"] == {"date-line": len(SITE.articles)}

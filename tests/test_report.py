"""The run report's figures, the trend kept in the state, and the HTML rebuilt from JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newscrawl.report import html_path
from newscrawl.report.__main__ import main as report_main
from newscrawl.report.figures import exit_status, run_summary, source_shares
from newscrawl.state import SQLiteState

DEMO = Path(__file__).resolve().parents[1] / "docs" / "demo-run.report.json"


def test_source_shares_split_primary_structured_and_fallback() -> None:
    report = {
        "sources": {"datePublishedRaw": {"date-line": 40, "jsonld": 3, "listing": 2}},
        "stats": {"newscrawl/fallback/datePublishedRaw": 5},
    }
    assert source_shares(report) == {
        "datePublishedRaw": {"primary": 40, "structured": 3, "fallback": 2}
    }


@pytest.mark.parametrize(
    ("report", "status", "why"),
    [
        ({"finish_reason": "finished"}, 0, "no monitor failed"),
        ({"finish_reason": "shutdown"}, 5, "stopped"),
        ({"stats": {"newscrawl/locked": 1}}, 2, "another crawl"),
        ({"stats": {"newscrawl/origin_unreachable": "nothing answers at x"}}, 4, "nothing answers"),
        ({"monitors": {"failures": [{"monitor": "Fallbacks", "reason": "r"}]}}, 3, "Fallbacks"),
    ],
    ids=["finished", "shutdown", "locked", "unreachable", "monitor"],
)
def test_exit_status_and_why(report: dict[str, Any], status: int, why: str) -> None:
    code, text = exit_status(report)
    assert code == status and why in text


def test_state_keeps_the_runs_figures_per_key(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    for n, key in enumerate(["a", "b", "a"]):
        store = SQLiteState(path, key=key)
        store.open(f"run-{n}")
        store.close()
        store.record_run({"articles": n, "failures": 0, "coverage": {"headline": 1.0}})
    runs = SQLiteState(path, key="a").recent_runs()
    assert [(r["run"], r["articles"]) for r in runs] == [("run-0", 0), ("run-2", 2)]
    store = SQLiteState(path, key="a")
    store.reset()
    assert store.recent_runs() == []


def test_summary_of_a_run() -> None:
    summary = run_summary(json.loads(DEMO.read_text(encoding="utf-8")))
    assert summary["articles"] == 42 and summary["failures"] == 3
    assert summary["coverage"]["headline"] == 1.0


def test_command_rebuilds_the_html_beside_the_json(tmp_path: Path, capsys: Any) -> None:
    report = tmp_path / "run.report.json"
    report.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    assert report_main([str(report)]) == 0
    html = html_path(report)
    assert html == tmp_path / "run.report.html" and str(html) in capsys.readouterr().out
    text = html.read_text(encoding="utf-8")
    assert "exit status 0" in text and text.count("<svg") == 4
    assert "default-src 'none'" in text  # nothing may be fetched
    assert report_main([str(tmp_path / "missing.json")]) == 1

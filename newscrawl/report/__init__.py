"""The run report: the JSON report is written by :class:`newscrawl.extensions.RunReport`; this
package makes the HTML report beside it (plots with matplotlib, trend from the state) and
rebuilds it from a JSON report: ``python -m newscrawl.report RUN_REPORT.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def html_path(json_path: str | Path) -> Path:
    """``<output>.report.html`` beside ``<output>.report.json`` (any other name: ``.html``)."""
    path = Path(json_path)
    return (
        path.with_suffix(".html") if path.suffix == ".json" else path.with_name(path.name + ".html")
    )


def write_html(report: dict[str, Any], json_path: str | Path) -> Path:
    """Write the HTML report of ``report`` beside its JSON file; returns its path."""
    from newscrawl.report.html import render

    target = html_path(json_path)
    target.write_text(render(report), encoding="utf-8")
    return target

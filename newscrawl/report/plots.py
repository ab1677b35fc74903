"""The run report's plots: matplotlib figures saved as SVG text to inline in the HTML.

Text is kept as SVG ``<text>`` (``svg.fonttype: none``), not as glyph outlines: matplotlib
neither shapes Arabic nor orders it right to left, the browser does both, so section names
render as the site writes them. Figures are made with :class:`matplotlib.figure.Figure`, no
pyplot: no global state, no GUI backend.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
import matplotlib.ticker
from matplotlib.figure import Figure

from newscrawl.report.figures import TREND_FIELDS

#: colours of the three kinds of source, and of the trend lines (matplotlib's tab10)
COLOURS = {"primary": "#2ca02c", "structured": "#1f77b4", "fallback": "#d62728", "none": "#dddddd"}

_RC: Any = {  # matplotlib types the keys as literals
    "svg.fonttype": "none",  # text stays text: the browser shapes Arabic and orders it RTL
    "font.family": ["DejaVu Sans", "Noto Sans Arabic", "sans-serif"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # matplotlib measures Arabic with a Latin font and says so; the browser draws it
        warnings.simplefilter("ignore", UserWarning)
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    # inline in HTML: no XML prolog or DOCTYPE
    return text[text.index("<svg") :]


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _empty(ax: Any, what: str) -> None:
    ax.text(0.5, 0.5, what, ha="center", va="center", transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])


def per_day(counts: Mapping[str, int]) -> str:
    """Articles exported per publication day (``unknown``: no readable date)."""
    with matplotlib.rc_context(_RC):
        fig = _figure(7.5, 2.8)
        ax = fig.add_subplot()
        days = sorted(d for d in counts if d != "unknown")
        labels = days + (["unknown"] if "unknown" in counts else [])
        if labels:
            ax.bar(range(len(labels)), [counts[d] for d in labels], color=COLOURS["structured"])
            step = max(1, len(labels) // 12)
            ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=30, ha="right")
            ax.set_ylabel("articles")
        else:
            _empty(ax, "no article exported")
        ax.set_title("Articles per day published")
        return _svg(fig)


def per_section(counts: Mapping[str, int]) -> str:
    """Articles exported per section, the largest on top."""
    with matplotlib.rc_context(_RC):
        ranked = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))[-20:]
        fig = _figure(7.5, max(2.0, 0.35 * len(ranked) + 1))
        ax = fig.add_subplot()
        if ranked:
            ax.barh(range(len(ranked)), [n for _, n in ranked], color=COLOURS["primary"])
            ax.set_yticks(range(len(ranked)), [name for name, _ in ranked])
            ax.set_xlabel("articles")
        else:
            _empty(ax, "no article exported")
        ax.set_title("Articles per section")
        return _svg(fig)


def coverage(shares: Mapping[str, Mapping[str, int]], items: int) -> str:
    """For each field with sources: the share of exported items its primary source, structured
    data or another fallback served; the rest had no value."""
    with matplotlib.rc_context(_RC):
        fields = sorted(shares)
        fig = _figure(7.5, max(2.0, 0.32 * len(fields) + 1.2))
        ax = fig.add_subplot()
        if fields and items:
            left = [0.0] * len(fields)
            for kind in ("primary", "structured", "fallback"):
                widths = [shares[f][kind] / items for f in fields]
                ax.barh(fields, widths, left=left, color=COLOURS[kind], label=kind)
                left = [a + b for a, b in zip(left, widths, strict=True)]
            ax.barh(fields, [1 - x for x in left], left=left, color=COLOURS["none"], label="none")
            ax.set_xlim(0, 1)
            ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
            ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        else:
            _empty(ax, "no article exported")
        ax.set_title("Who served each field", pad=24)
        return _svg(fig)


def trend(history: Sequence[Mapping[str, Any]]) -> str:
    """Articles and failed pages per run, and field coverage per run, over the last runs."""
    with matplotlib.rc_context(_RC):
        fig = _figure(7.5, 4.2)
        top, bottom = fig.subplots(2, 1, sharex=True)
        if not history:
            _empty(top, "no run recorded in the state")
            _empty(bottom, "")
            return _svg(fig)
        runs = list(range(1, len(history) + 1))
        labels = [_short_time(run) for run in history]
        top.plot(runs, [r.get("articles", 0) for r in history], marker="o", label="articles")
        top.plot(
            runs, [r.get("failures", 0) for r in history], marker="s", color=COLOURS["fallback"],
            label="failed pages",
        )  # fmt: skip
        top.set_ylabel("per run")
        top.legend(frameon=False, loc="lower left", bbox_to_anchor=(1.0, 0.0))
        top.set_title(f"The last {len(history)} run(s)")
        for name in (*TREND_FIELDS, "mean"):
            values = [
                r.get("mean_coverage") if name == "mean" else (r.get("coverage") or {}).get(name)
                for r in history
            ]
            bottom.plot(runs, [v if v is not None else float("nan") for v in values], marker=".",
                        label=name if name != "mean" else "mean of all fields")  # fmt: skip
        bottom.set_ylim(-0.02, 1.02)
        bottom.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        bottom.set_ylabel("coverage")
        bottom.legend(frameon=False, loc="lower left", bbox_to_anchor=(1.0, 0.0), fontsize=8)
        step = max(1, len(runs) // 8)
        bottom.set_xticks(runs[::step], labels[::step], rotation=20, ha="right")
        return _svg(fig)


def _short_time(run: Mapping[str, Any]) -> str:
    """``12-01 11:27`` from a run's start (or finish) time."""
    text = str(run.get("start_time") or run.get("finished") or "")
    match = re.search(r"\d{4}-(\d\d-\d\d)[T ](\d\d:\d\d)", text)
    return f"{match.group(1)} {match.group(2)}" if match else text[:16]

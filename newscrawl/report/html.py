"""The HTML run report: one self-contained file beside the JSON report.

Everything is in the file: the styles, and the plots as inline SVG (:mod:`newscrawl.report.plots`);
no script, font, image or stylesheet is fetched, and its Content-Security-Policy forbids it, so
it opens from disk, from a mail attachment or behind a proxy the same way. Arabic text (section
names, reasons quoted from the site) is isolated in ``<bdi dir="rtl" lang="ar">`` so that it
reads right to left inside the English page without reordering what surrounds it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import unquote

from newscrawl.report import plots
from newscrawl.report.figures import exit_status, run_figures, source_shares

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")

_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans Arabic", Arial, sans-serif; margin: 1.5em auto;
       max-width: 60em; color: #222; line-height: 1.4; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em;
border-bottom: 1px solid #ccc; }
.status { padding: 0.6em 1em; border-radius: 4px; font-weight: bold; }
.ok { background: #e6f4e6; } .bad { background: #fbe3e3; } .warn { background: #fff4d6; }
table { border-collapse: collapse; margin: 0.5em 0; } td, th { border: 1px solid #ddd;
padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure.plot { margin: 1em 0; } figure.plot svg { max-width: 100%; height: auto; }
code { font-size: 0.9em; word-break: break-all; }
bdi[lang=ar] { font-size: 1.05em; }
"""


def text(value: Any) -> str:
    """Escaped text; Arabic isolated as a right-to-left run."""
    escaped = escape(str(value))
    if _ARABIC.search(str(value)):
        return f'<bdi dir="rtl" lang="ar">{escaped}</bdi>'
    return escaped


def _url(url: Any) -> str:
    """A URL as its reader wants it, percent-decoded (``/314/065510-تمرين-...``), kept left to
    right as a whole: the Arabic of its slug still reads right to left inside it."""
    shown = unquote(str(url or ""))
    return f'<code dir="ltr" title="{escape(str(url or ""))}">{escape(shown)}</code>'


def _table(
    head: Sequence[str],
    rows: Sequence[Sequence[Any]],
    numeric: set[int],
    raw: frozenset[int] | set[int] = frozenset(),
) -> str:
    """A table; cells in ``numeric`` columns right-aligned, in ``raw`` ones HTML already."""
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        cells = (
            f"<td>{v}</td>" if i in raw
            else f'<td class="n">{text(v)}</td>' if i in numeric
            else f"<td>{text(v)}</td>"
            for i, v in enumerate(row)
        )  # fmt: skip
        out += ["<tr>", *cells, "</tr>"]
    out.append("</tbody></table>")
    return "".join(out)


def _plot(name: str, svg: str, caption: str) -> str:
    return (
        f'<figure class="plot" data-plot="{escape(name)}">{svg}'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


def _src(field: str, shares: Mapping[str, Any]) -> str:
    """The field whose sources are recorded for ``field``: dates are read as their raw text
    (``datePublishedRaw``) and normalized after."""
    return field if field in shares or f"{field}Raw" not in shares else f"{field}Raw"


def render(report: Mapping[str, Any]) -> str:
    """The HTML report of a run, from its JSON report (with ``history``: the last runs' figures
    kept in the state, this one included)."""
    figures = run_figures(report)
    status, why = exit_status(report)
    monitors = report.get("monitors") or {}
    shares = source_shares(report)
    coverage = report.get("coverage") or {}
    history = report.get("history") or []
    items = figures["exported"] or max((sum(s.values()) for s in shares.values()), default=0)
    started = str(figures["start_time"] or "")[:16].replace("T", " ")
    title = f"newscrawl run report: {report.get('spider', '')}, {started} UTC"
    css = "ok" if status in (0, 5) else ("warn" if status == 2 else "bad")

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr"><head><meta charset="utf-8">',
        # nothing may be fetched: the report is one file, whatever opens it
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="status {css}" id="exit-status">exit status {status}: {text(why)}</p>',
        "<h2>This run</h2>",
        _table(
            [
                "articles new",
                "changed",
                "fetched, unchanged",
                "skipped as known",
                "pages failed or dropped",
                "requests",
                "duration",
                "finish reason",
            ],
            [
                [
                    figures["new"],
                    figures["changed"],
                    figures["unchanged"],
                    figures["skipped"],
                    figures["failed"],
                    figures["requests"],
                    _duration(figures["duration"]),
                    figures["finish_reason"] or "none",
                ]
            ],
            set(range(6)),
        ),
        "<p>Outputs: "
        + (
            ", ".join(f"<code>{escape(str(o))}</code>" for o in report.get("outputs") or [])
            or "none (nothing new to write)"
        )
        + "</p>",
        "<h2>What came in</h2>",
        _plot(
            "per_day",
            plots.per_day(report.get("per_day") or {}),
            "Exported articles by the UTC day of datePublished.",
        ),
        _plot(
            "per_section",
            plots.per_section(report.get("per_section") or {}),
            "Exported articles by articleSection.",
        ),
        _table(
            ["section", "articles"],
            sorted((report.get("per_section") or {}).items(), key=lambda kv: (-kv[1], kv[0])),
            {1},
        ),
        "<h2>Fields: coverage and sources</h2>",
        _plot(
            "coverage",
            plots.coverage(shares, items),
            "Share of exported items whose field came from the site's own markup (primary), "
            "the page's structured data (JSON-LD, microdata, meta, time) or another fallback.",
        ),
        _table(
            ["field", "coverage", "primary", "structured data", "fallback", "sources (items)"],
            [
                [
                    name,
                    f"{float(share):.1%}",
                    *(
                        shares.get(_src(name, shares), {}).get(k, "")
                        for k in ("primary", "structured", "fallback")
                    ),
                    ", ".join(
                        f"{s}: {n}"
                        for s, n in sorted(
                            (report.get("sources") or {}).get(_src(name, shares), {}).items(),
                            key=lambda kv: -kv[1],
                        )
                    ),
                ]
                for name, share in coverage.items()
            ],
            {1, 2, 3, 4},
        ),
        "<h2>Monitors</h2>",
        _table(
            ["passed", "skipped", "failed"],
            [[monitors.get("passed", 0), monitors.get("skipped", 0), monitors.get("failed", 0)]],
            {0, 1, 2},
        ),
    ]
    failures = monitors.get("failures") or []
    if failures:
        parts.append(
            _table(
                ["monitor", "why it failed"],
                [[f.get("monitor"), f.get("reason")] for f in failures],
                set(),
            )
        )
    pages = report.get("failed_pages") or []
    parts.append(f"<h2>Failed and dropped pages ({len(pages)})</h2>")
    parts.append(
        _table(
            ["URL", "reason", "runs", "status"],
            [[_url(p.get("url")), p.get("reason"), p.get("runs"), p.get("status")] for p in pages],
            {2},
            raw={0},
        )
        if pages
        else "<p>None.</p>"
    )
    parts += [
        "<h2>Trend</h2>",
        _plot("trend", plots.trend(history),
              "Articles exported and pages failed per run, and field coverage per run, "
              "as the state keeps them."),
        "</body></html>",
    ]  # fmt: skip
    return "\n".join(parts) + "\n"

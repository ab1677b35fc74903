"""``python -m newscrawl.group``: crawl every configured site of the group in turn, then print one
summary table.

Each site is crawled by the same ``scrapy crawl <site>`` a user runs (one process per site, so
that each has its own settings, state, lock, output and report), one after the other, with the
arguments given after ``--`` passed to every crawl. Its items go to
``output/<site>/<UTC start time>.jsonl`` and its report beside them, as a scheduled run of one
site writes them. The exit status is the highest of the sites' statuses (0: every site
finished and passed its monitors; the statuses are those of ``scrapy crawl``, README "Exit
statuses"), so that a scheduler sees any site that failed.

    python -m newscrawl.group                                # every site of newscrawl/sites.toml
    python -m newscrawl.group --sites almaghribtoday,palestinetoday
    python -m newscrawl.group -- -s DOWNLOAD_DELAY=2         # Scrapy options for every crawl
    python -m newscrawl.group --base-url egypttoday=http://127.0.0.1:8080   # a mirror of a site
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newscrawl.sites import SITES

#: what ``scrapy crawl`` exit statuses mean, in a word for the table
STATUS_WORDS = {
    0: "ok",
    1: "could not start or write",
    2: "state held by another run",
    3: "monitor failed",
    4: "site unreachable",
    5: "stopped",
    75: "Redis gone",
}


@dataclass
class SiteRun:
    """One site's crawl: its status and the figures of its report."""

    site: str
    status: int
    output: Path
    report: Path
    figures: dict[str, Any]

    @property
    def exported(self) -> int:
        if not self.output.exists():
            return 0
        with self.output.open(encoding="utf-8") as lines:
            return sum(1 for line in lines if line.strip())

    def row(self) -> list[str]:
        stats = self.figures.get("stats", {})
        monitors = self.figures.get("monitors", {})
        failed_pages = len(self.figures.get("failed_pages", []))
        return [
            self.site,
            f"{self.status} ({STATUS_WORDS.get(self.status, 'error')})",
            str(self.exported),
            str(stats.get("newscrawl/incremental/known_skipped_articles", 0)),
            str(stats.get("downloader/request_count", 0)),
            str(failed_pages),
            f"{monitors.get('passed', 0)}/{monitors.get('failed', 0)}" if monitors else "-",
            str(self.output) if self.output.exists() else "none",
        ]


HEADER = [
    "site",
    "exit status",
    "exported",
    "known, skipped",
    "requests",
    "pages failed",
    "monitors passed/failed",
    "output",
]


def crawl_site(
    site: str,
    out_dir: Path,
    stamp: str,
    extra: Sequence[str] = (),
    base_url: str | None = None,
    cwd: Path | None = None,
) -> SiteRun:
    """Run ``scrapy crawl <site>`` once; its items to ``out_dir/<site>/<stamp>.jsonl``."""
    output = out_dir / site / f"{stamp}.jsonl"
    report = output.with_suffix(".report.json")
    command = [sys.executable, "-m", "scrapy", "crawl", site, "-o", str(output)]
    command += ["-s", f"NEWSCRAWL_REPORT={report}"]
    if base_url:
        command += ["-a", f"base_url={base_url}"]
    command += list(extra)
    process = subprocess.Popen(command, cwd=cwd)
    try:
        status = process.wait()
    except KeyboardInterrupt:
        # Ctrl-C or systemd's SIGINT reached the crawl too (the same process group): let it
        # close gracefully (its feed, state and report), as a stopped run does, then stop
        status = process.wait()
        raise GroupStopped(SiteRun(site, status, output, report, _figures(report))) from None
    return SiteRun(site, status, output, report, _figures(report))


class GroupStopped(Exception):
    """The group crawl was stopped (Ctrl-C, SIGINT) during the crawl of ``run.site``."""

    def __init__(self, run: SiteRun) -> None:
        super().__init__(run.site)
        self.run = run


def _figures(report: Path) -> dict[str, Any]:
    if report.exists():
        try:
            figures: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
            return figures
        except (OSError, json.JSONDecodeError):
            return {}
    return {}


def crawl_group(
    sites: Sequence[str],
    out_dir: Path = Path("output"),
    extra: Sequence[str] = (),
    base_urls: Mapping[str, str] | None = None,
    extra_per_site: Mapping[str, Sequence[str]] | None = None,
) -> list[SiteRun]:
    """Crawl ``sites`` one after the other; every run's figures, in order. A stop (Ctrl-C,
    SIGINT) ends the group after the crawl it reached has closed; the sites after it are not
    crawled (the next scheduled run crawls them)."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    runs = []
    for site in sites:
        own = list((extra_per_site or {}).get(site, ()))
        try:
            runs.append(
                crawl_site(site, out_dir, stamp, [*extra, *own], (base_urls or {}).get(site))
            )
        except GroupStopped as stop:
            runs.append(stop.run)
            break
    return runs


def table(runs: Sequence[SiteRun]) -> str:
    """The summary table of a group crawl, in Markdown (a terminal reads it as it is)."""
    rows = [HEADER, *(run.row() for run in runs)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def group_status(runs: Sequence[SiteRun]) -> int:
    """The highest of the sites' exit statuses: 0 only if every site's crawl was."""
    return max((run.status for run in runs), default=0)


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in args_in:
        cut = args_in.index("--")
        args_in, extra = args_in[:cut], args_in[cut + 1 :]
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.group",
        description="Crawl every configured site of the group (newscrawl/sites.toml) in turn, "
        "then print one summary table. Arguments after -- go to every scrapy crawl.",
    )
    parser.add_argument(
        "--sites",
        default="",
        help=f"comma-separated site keys (default: all of them: {', '.join(SITES)})",
    )
    parser.add_argument(
        "--output", type=Path, default=Path("output"), help="output folder (default output/)"
    )
    parser.add_argument(
        "--base-url",
        action="append",
        default=[],
        metavar="SITE=URL",
        help="crawl a mirror of SITE (its -a base_url); may be repeated",
    )
    args = parser.parse_args(args_in)
    base_urls = dict(pair.split("=", 1) for pair in args.base_url if "=" in pair)
    sites = [s.strip() for s in args.sites.split(",") if s.strip()] or list(SITES)
    unknown = [s for s in [*sites, *base_urls] if s not in SITES]
    if unknown:
        print(
            f"newscrawl.group: no site {', '.join(unknown)} (the sites are: {', '.join(SITES)})",
            file=sys.stderr,
        )
        return 1
    runs = crawl_group(sites, args.output, extra, base_urls)
    print(f"\ngroup crawl of {len(runs)} sites\n{table(runs)}")
    return group_status(runs)


if __name__ == "__main__":
    sys.exit(main())

"""``make demo``: serve the bundled snapshots on 127.0.0.1, crawl them, and summarize each run.

The bundle holds two sites of the group: almaghribtoday.net and its sister egypt-today.com
(:mod:`sitesnapshot.sister`). The demo runs the same ``scrapy crawl <site>`` a user runs for
each (through :mod:`newscrawl.group`, one site after the other), pointed at its snapshot with
``-a base_url``, writes the items to ``output/<site>/<UTC start time>.jsonl`` and a report beside
them, stops the servers, and prints for each site what was exported and what was dropped and
why, then the group's table. The crawls are incremental, as scheduled runs are: run it twice and
the second run exports nothing new and needs a fraction of the requests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newscrawl.extensions import monitor_summary
from newscrawl.group import SiteRun, crawl_group, group_status, table
from sitesnapshot.server import SNAPSHOTS


def serve_snapshot(
    root: Path | None = None, site: str | None = None
) -> tuple[subprocess.Popen[str], str]:
    """Start the snapshot server as a subprocess; return it and its base URL."""
    command = [sys.executable, "-m", "sitesnapshot", "serve"]
    if root is not None:
        command += ["--root", str(root)]
    if site is not None:
        command += ["--site", site]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        server.kill()
        raise RuntimeError(f"snapshot server did not start (printed {url!r})")
    return server, url


def main() -> int:
    servers = {}
    try:
        for site in SNAPSHOTS:
            servers[site] = serve_snapshot(site=site)
            print(f"snapshot of {site} served at {servers[site][1]}")
        runs = crawl_group(
            list(SNAPSHOTS),
            Path("output"),
            [
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "LOG_LEVEL=WARNING",
            ],
            base_urls={site: url for site, (_, url) in servers.items()},
            # the snapshots' ports change from run to run: their articles are filed in the
            # states under keys of their own, never with the production sites'
            extra_per_site={
                site: [
                    "-s",
                    "NEWSCRAWL_STATE_KEY=demo" if i == 0 else f"NEWSCRAWL_STATE_KEY=demo-{site}",
                ]
                for i, site in enumerate(SNAPSHOTS)
            },
        )
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=10)
    for run in runs:
        print(f"\n== {run.site}")
        summarize(run)
    print(f"\n{table(runs)}")
    if any(run.figures.get("stats", {}).get("newscrawl/state/known_at_start") for run in runs):
        print(
            "(a second run fetches only what is new; reset with: "
            ".venv/bin/python -m newscrawl.state reset [--site SITE])"
        )
    return group_status(runs)


def summarize(run: SiteRun) -> None:
    """What one site's crawl exported, dropped and decided, from its report."""
    if not run.figures:
        print("the crawl wrote no report", file=sys.stderr)
        return
    stats = run.figures["stats"]
    known = stats.get("newscrawl/state/known_at_start", 0)
    print(
        f"new or changed articles exported: {run.exported} (the state knew {known} before this run)"
    )
    print(
        f"requests: {stats.get('downloader/request_count', 0)}, article links skipped as already "
        f"exported: {stats.get('newscrawl/incremental/known_skipped', 0)}"
    )
    dropped = {
        k.split("/", 2)[2]: v
        for k, v in stats.items()
        if k.startswith(("newscrawl/dropped/", "newscrawl/failed/"))
    }
    if dropped:
        print(
            "pages dropped: "
            + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in sorted(dropped.items()))
        )
    else:
        print("pages dropped: none")
    duplicates = stats.get("newscrawl/duplicate", 0)
    if duplicates:
        print(f"duplicates merged: {duplicates}")
    monitors = run.figures["monitors"]
    if monitors["failed"]:
        print(
            "monitors failed: "
            + "; ".join(f"{m['monitor']}: {m['reason']}" for m in monitors["failures"])
        )
    print(f"monitors: {monitor_summary(stats)}")
    output = run.output if run.output.exists() else "none (nothing new to write)"
    print(f"output: {output}\nreport: {run.report}")
    html = run.report.with_suffix(".html")
    if html.exists():
        print(f"HTML report: {html} (open it in a browser)")


if __name__ == "__main__":
    sys.exit(main())

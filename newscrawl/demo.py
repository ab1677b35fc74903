"""``make demo``: serve the bundled snapshot on 127.0.0.1, crawl it, and summarize the run.

It runs the same ``scrapy crawl almaghribtoday`` a user runs, pointed at the snapshot with
``-a base_url``, writes the items to ``output/almaghribtoday/<UTC start time>.jsonl`` and a report
beside them, stops the server, and prints what was exported and what was dropped and why. The
crawl is incremental, as scheduled runs are: run it twice and the second run exports nothing new
and needs a fraction of the requests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from newscrawl.extensions import monitor_summary


def serve_snapshot(root: Path | None = None) -> tuple[subprocess.Popen[str], str]:
    """Start the snapshot server as a subprocess; return it and its base URL."""
    command = [sys.executable, "-m", "newscrawl.snapshot", "serve"]
    if root is not None:
        command += ["--root", str(root)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        server.kill()
        raise RuntimeError(f"snapshot server did not start (printed {url!r})")
    return server, url


def main() -> int:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    out = Path("output") / "almaghribtoday" / f"{stamp}.jsonl"
    report = out.with_suffix(".report.json")
    server, url = serve_snapshot()
    try:
        print(f"snapshot served at {url}")
        crawl = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "almaghribtoday",
                "-a",
                f"base_url={url}",
                "-O",
                str(out),
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                f"NEWSCRAWL_REPORT={report}",
                "-s",
                "LOG_LEVEL=WARNING",
                # the snapshot's port changes from run to run: its articles are filed in the
                # state under one key of their own, never with the production site's
                "-s",
                "NEWSCRAWL_STATE_KEY=demo",
            ],
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    if not report.exists():
        print("the crawl wrote no report", file=sys.stderr)
        return crawl.returncode or 1
    summary = json.loads(report.read_text(encoding="utf-8"))
    stats = summary["stats"]
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    known = stats.get("newscrawl/state/known_at_start", 0)
    print(
        f"\nnew or changed articles exported: {len(lines)} (the state knew {known} before this run)"
    )
    print(
        f"requests: {stats.get('downloader/request_count', 0)}, article links skipped as already exported: {stats.get('newscrawl/incremental/known_skipped', 0)}"
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
    monitors = summary["monitors"]
    if monitors["failed"]:
        print(
            "monitors failed: "
            + "; ".join(f"{m['monitor']}: {m['reason']}" for m in monitors["failures"])
        )
    print(f"monitors: {monitor_summary(stats)}")
    print(f"output: {out if out.exists() else 'none (nothing new to write)'}\nreport: {report}")
    html = report.with_suffix(".html")
    if html.exists():
        print(f"HTML report: {html} (open it in a browser)")
    if known:
        print(
            "(a second run fetches only what is new; reset with: .venv/bin/python -m newscrawl.state reset)"
        )
    return crawl.returncode


if __name__ == "__main__":
    sys.exit(main())

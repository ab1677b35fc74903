"""Hostile-site benchmark (issue 20): the crawl of a homepage with 200,000 article links.

The bundled snapshot is served twice by ``python -m sitesnapshot serve``: as it is, and with
its homepage carrying 200,000 more article links that all answer 404 (the fault server's
``many_links`` mode, a 5 MB page). The project's crawl runs against each with the project's
settings (no delay, no AutoThrottle), each ``BENCH_HOSTILE_REPEATS`` (default 3) times, and the
report gives the flooded crawl's peak memory and run time as ratios to the plain crawl's (medians).
Peak memory is the crawl process's own (``VmHWM``), as in ``bench_crawl.py``.

Run alone: ``python bench/bench_hostile.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_crawl  # noqa: E402

REPEATS = int(os.environ.get("BENCH_HOSTILE_REPEATS", "3"))
LINKS = 200_000


class FaultServer(bench_crawl.Server):
    """The bundled snapshot served with a fault map."""

    def __init__(self, faults: Path | None) -> None:
        command = [bench_crawl.PY, "-m", "sitesnapshot", "serve"]
        if faults is not None:
            command += ["--faults", str(faults)]
        self.proc = subprocess.Popen(
            command, cwd=bench_crawl.REPO, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"snapshot server did not start (printed {self.url!r})")


def crawl(kind: str, faults: Path | None, work: Path, index: int) -> bench_crawl.Run:
    server = FaultServer(faults)
    try:
        tag = f"{kind}-{index}"
        command = [
            bench_crawl.PY, "-m", "scrapy", "crawl", "almaghribtoday",
            "-a", f"base_url={server.url}",
            "-O", str(work / f"{tag}.jsonl"),
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", f"NEWSCRAWL_STATE_PATH={work / f'{tag}.sqlite3'}",
            "-s", f"NEWSCRAWL_REPORT={work / f'{tag}.report.json'}",
        ]  # fmt: skip
        started = time.monotonic()
        run = bench_crawl.run_scrapy(kind, 45, command, server, work / f"{tag}.log")
        run.seconds = time.monotonic() - started  # the whole process: start-up and close too
        return run
    finally:
        server.stop()


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="newscrawl-hostile-") as folder:
        work = Path(folder)
        faults = work / "faults.json"
        faults.write_text(
            json.dumps({"paths": {"/": {"kind": "many_links", "count": LINKS}}}), encoding="utf-8"
        )
        plain = [crawl("plain", None, work, i) for i in range(REPEATS)]
        flood = [crawl("flood", faults, work, i) for i in range(REPEATS)]

    def median(runs: list[bench_crawl.Run], attribute: str) -> float:
        return statistics.median(float(getattr(r, attribute)) for r in runs)

    figures = {
        "links": LINKS,
        "repeats": REPEATS,
        "plain_peak_mb": median(plain, "maxrss_mb"),
        "flood_peak_mb": median(flood, "maxrss_mb"),
        "plain_seconds": median(plain, "seconds"),
        "flood_seconds": median(flood, "seconds"),
        "plain_items": median(plain, "items"),
        "flood_items": median(flood, "items"),
        "flood_requests": median(flood, "requests"),
    }
    figures["memory_ratio"] = figures["flood_peak_mb"] / figures["plain_peak_mb"]
    figures["time_ratio"] = figures["flood_seconds"] / figures["plain_seconds"]
    return figures


def report(figures: dict[str, Any]) -> str:
    return "\n".join(
        [
            "## A hostile homepage",
            "",
            f"- the homepage with {figures['links']:,} article links (all 404): peak memory "
            f"{figures['memory_ratio']:.2f}x and run time {figures['time_ratio']:.2f}x the plain "
            f"snapshot crawl ({figures['flood_peak_mb']:.0f} MB against "
            f"{figures['plain_peak_mb']:.0f} MB, {figures['flood_seconds']:.1f} s against "
            f"{figures['plain_seconds']:.1f} s; {figures['flood_items']:.0f} articles exported "
            f"against {figures['plain_items']:.0f}, {figures['flood_requests']:.0f} requests; "
            f"medians of {figures['repeats']} runs)",
        ]
    )


if __name__ == "__main__":
    print(report(run()))

"""``make bench``: run every benchmark and write ``bench/RESULTS.md``.

Each benchmark measures newscrawl against its baseline side by side in the same process and
reports ratios; the figures are medians of repeated runs. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_crawl  # noqa: E402
import bench_dates  # noqa: E402
import bench_extract  # noqa: E402
import bench_hostile  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> int:
    started = time.perf_counter()
    print("extraction benchmark ...", flush=True)
    extraction = bench_extract.run()
    print(bench_extract.report(extraction), flush=True)
    print("date benchmark ...", flush=True)
    dates = bench_dates.run()
    print(bench_dates.report(dates), flush=True)
    print("crawl benchmarks ...", flush=True)
    crawl = bench_crawl.run()
    print("hostile-site benchmark ...", flush=True)
    hostile = bench_hostile.run()
    print(bench_hostile.report(hostile), flush=True)
    minutes = (time.perf_counter() - started) / 60
    sections = [
        "# Benchmark results",
        "",
        f"- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        "- command: `make bench` (installs `.[test,bench]` into `.venv`, then runs "
        "`python bench/run.py`; each part also runs alone: `python bench/bench_extract.py`, "
        "`python bench/bench_dates.py`, `python bench/bench_crawl.py`, "
        "`python bench/bench_hostile.py`)",
        f"- whole run: {minutes:.1f} min. Times are measured side by side in the same run and "
        "compared as ratios; the machine may be shared, so absolute figures vary more than "
        "ratios. No test asserts a time.",
        "",
        bench_extract.report(extraction),
        "",
        bench_dates.report(dates),
        "",
        bench_crawl.report(crawl),
        "",
        bench_hostile.report(hostile),
        "",
    ]
    text = "\n".join(sections)
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    # the figures behind the report, for comparing runs
    figures = {"extraction": extraction, "dates": dates, "crawl": crawl, "hostile": hostile}
    (HERE / "results.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

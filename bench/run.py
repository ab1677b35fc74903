"""``make bench``: run every benchmark and write ``bench/RESULTS.md``.

Each benchmark measures newscrawl against its baseline side by side in the same process and
reports ratios; the figures are medians of repeated runs. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_cluster  # noqa: E402
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


PARTS = {
    "extraction": bench_extract,
    "dates": bench_dates,
    "crawl": bench_crawl,
    "hostile": bench_hostile,
    "cluster": bench_cluster,
}


def main(argv: list[str] | None = None) -> int:
    """Every benchmark; ``--only extraction,dates`` runs those parts again and keeps the others'
    figures from the last ``results.json``, each part's report saying when it was measured."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated parts: " + ", ".join(PARTS))
    args = parser.parse_args(argv)
    only = [p for p in args.only.split(",") if p] or list(PARTS)
    unknown = sorted(set(only) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; the parts are {', '.join(PARTS)}")
    started = time.perf_counter()
    previous: dict[str, Any] = {}
    if set(only) != set(PARTS):
        previous = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    now = f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
    figures: dict[str, Any] = {}
    for name, module in PARTS.items():
        if name in only:
            print(f"{name} benchmark ...", flush=True)
            figures[name] = {**module.run(), "measured": now}
            print(module.report(figures[name]), flush=True)
        elif name in previous:
            figures[name] = previous[name]
    minutes = (time.perf_counter() - started) / 60
    when = {
        name: figures[name].get("measured", previous.get("date", "the earlier run"))
        for name in PARTS
        if name in figures
    }
    sections = [
        "# Benchmark results",
        "",
        f"- date: {now}"
        + (
            ""
            if set(only) == set(PARTS)
            else " (" + "; ".join(f"{name} measured {when[name]}" for name in when) + ")"
        ),
        f"- machine: {machine()}",
        "- command: `make bench` (installs `.[test,bench]` into `.venv`, then runs "
        "`python bench/run.py`; each part also runs alone: `python bench/bench_extract.py`, "
        "`python bench/bench_dates.py`, `python bench/bench_crawl.py`, "
        "`python bench/bench_hostile.py`, `python bench/bench_cluster.py`; "
        "`python bench/run.py --only extraction` measures one part again and keeps the others)",
        f"- this run: {minutes:.1f} min. Times are measured side by side in the same run and "
        "compared as ratios; the machine may be shared, so absolute figures vary more than "
        "ratios. No test asserts a time.",
        "",
        bench_extract.report(figures["extraction"]),
        "",
        bench_dates.report(figures["dates"]),
        "",
        bench_crawl.report(figures["crawl"]),
        "",
    ]
    if "hostile" in figures:
        sections += [bench_hostile.report(figures["hostile"]), ""]
    if "cluster" in figures:
        sections += [bench_cluster.report(figures["cluster"]), ""]
    text = "\n".join(sections)
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    # the figures behind the report, for comparing runs
    figures["date"] = now
    (HERE / "results.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

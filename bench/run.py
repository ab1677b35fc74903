"""``make bench``: run every benchmark and write ``bench/RESULTS.md``.

Each benchmark measures newscrawl against its baseline side by side in the same process and
reports ratios; the figures are medians of repeated runs. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_dates  # noqa: E402


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
    dates = bench_dates.run()
    sections = [
        "# Benchmark results",
        "",
        f"- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        "- command: `make bench` (runs `python bench/run.py`; each part also runs alone, e.g. `python bench/bench_dates.py`)",
        "",
        bench_dates.report(dates),
        "",
    ]
    text = "\n".join(sections)
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0 if dates["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""The full crawl's CPU a page under two (or more) checkouts of newscrawl, side by side.

    git worktree add --detach /tmp/before 37f49d3
    python bench/compare_revisions.py --repeats 4 /tmp/before .

Each checkout crawls the same synthetic copy of the site (2,000 articles, ``BENCH_ARTICLES_SMALL``),
served by the same server, with ``bench_crawl``'s settings and measurements; the checkouts take
turns, so that a machine's changing load falls on each alike. For each checkout it prints every
run and the medians: the crawler's CPU a page between "Spider opened" and the stats dump (what
``make bench`` reports), and over the whole process (start-up and close included), and the
ratio of each median to the first checkout's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_crawl
from bench_crawl import SMALL, Server, full_crawl_command, generate, run_scrapy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="+", type=Path, help="newscrawl checkouts to compare")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="folder for the site and logs")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newscrawl-compare-"))
    root = work / "site"
    if not (root / "routes.json").exists():
        generate(SMALL, root)
    server = Server(root)
    crawl: dict[Path, list[float]] = {}
    whole: dict[Path, list[float]] = {}
    try:
        for n in range(args.repeats):
            for checkout in args.checkouts:
                checkout = checkout.resolve()
                bench_crawl.REPO = checkout  # run_scrapy starts the crawl in this folder
                os.environ["PYTHONPATH"] = str(checkout)
                tag = f"{checkout.name}-{n}-{time.time():.0f}"
                command = full_crawl_command(server.url, work, tag, work / f"{tag}.sqlite3")
                run = run_scrapy("one", SMALL, command, server, work / f"{tag}.log")
                crawl.setdefault(checkout, []).append(1000 * run.cpu / run.pages)
                whole.setdefault(checkout, []).append(1000 * run.cpu_total / run.pages)
                print(
                    f"{checkout}: {run.pages} pages, {run.pages / run.seconds:.1f} pages/s, "
                    f"{crawl[checkout][-1]:.2f} ms CPU a page in the crawl, "
                    f"{whole[checkout][-1]:.2f} over the whole process (exit {run.returncode})",
                    flush=True,
                )
    finally:
        server.stop()
    first = args.checkouts[0].resolve()
    base_crawl, base_whole = statistics.median(crawl[first]), statistics.median(whole[first])
    for checkout in crawl:
        c, w = statistics.median(crawl[checkout]), statistics.median(whole[checkout])
        print(
            f"{checkout}: median {c:.2f} ms a page in the crawl ({c / base_crawl:.2f}x), "
            f"{w:.2f} whole process ({w / base_whole:.2f}x), runs "
            + ", ".join(f"{x:.2f}" for x in crawl[checkout])
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

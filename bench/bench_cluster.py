"""Benchmark: scale-out on Redis, side by side on the 2,000-article synthetic site.

In one run, alternating, each in fresh processes, with the same settings (32 requests in flight,
no delay, no AutoThrottle, robots.txt obeyed): the do-nothing spider (``bench/noop_spider.py``,
the limit), the full crawl in one process with its SQLite state, the full crawl as 1 and as 2
workers on a local ``redis-server`` (``-s REDIS_URL``; a fresh database each run), and the peer a
user would otherwise write (``bench/peer_spider.py``: Scrapy, ``LinkExtractor``,
``trafilatura.bare_extraction``). For each: pages/s (for 2 workers, the pages of both over the
span from the first "Spider opened" to the last stats dump), CPU ms per page (user + system of the
crawl processes over that span), peak memory (for 2 workers, the sum of their peaks), and each as
a ratio to the do-nothing spider.

Targets, as ratios in the same run: 2 workers ≥ 1.4× one process's pages/s; one Redis worker's CPU
per page ≤ 1.15× one process's; one process ≥ 2.5× the peer's pages/s.

``python bench/bench_cluster.py`` (``BENCH_CLUSTER_REPEATS``, default 3; ``BENCH_ARTICLES_SMALL``).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_crawl import (  # noqa: E402
    COMMON_SETTINGS,
    PY,
    SMALL,
    Run,
    Server,
    command_line,
    full_crawl_command,
    generate,
    noop_command,
    run_scrapy,
    settings_args,
)

REPEATS = int(os.environ.get("BENCH_CLUSTER_REPEATS", "3"))
TARGET_TWO_WORKERS = 1.4  # 2 workers' pages/s over one process's
TARGET_WORKER_CPU = 1.15  # one Redis worker's CPU per page over one process's
TARGET_PEER = 2.5  # one process's pages/s over the peer's

KINDS = ("noop", "one", "redis1", "redis2", "peer")
LABELS = {
    "noop": "do-nothing spider (the limit)",
    "one": "newscrawl, one process, SQLite state",
    "redis1": "newscrawl, 1 Redis worker",
    "redis2": "newscrawl, 2 Redis workers",
    "peer": "Scrapy + LinkExtractor + trafilatura.bare_extraction",
}


def peer_command(url: str, out: Path) -> list[str]:
    return [
        PY, "-m", "scrapy", "runspider", str(HERE / "peer_spider.py"),
        "-a", f"base_url={url}", "-O", str(out),
        *settings_args(COMMON_SETTINGS),
    ]  # fmt: skip


def _figures(runs: list[Run]) -> dict[str, float]:
    """One crawl's figures from its processes (several for the workers)."""
    pages = sum(r.pages for r in runs)
    seconds = max(r.seconds for r in runs)
    cpu = sum(r.cpu for r in runs)
    return {
        "pages": pages,
        "items": sum(r.items for r in runs),
        "seconds": seconds,
        "pages_per_s": pages / seconds if seconds else 0.0,
        "cpu_ms_per_page": 1000 * cpu / pages if pages else 0.0,
        "peak_mib": sum(r.maxrss_mb for r in runs),
        "ok": all(r.returncode == 0 for r in runs),
    }


def _workers(n: int, url: str, work: Path, tag: str, redis_url: str, server: Server) -> list[Run]:
    runs: list[Run] = [Run("redis", SMALL)] * n
    commands = [
        full_crawl_command(url, work, f"{tag}-w{i}", None, {"REDIS_URL": redis_url})
        for i in range(n)
    ]

    def one(i: int) -> None:
        runs[i] = run_scrapy("redis", SMALL, commands[i], server, work / f"{tag}-w{i}.log")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return runs


def run(work: Path | None = None) -> dict[str, Any]:
    import redis

    from sitesnapshot.cluster import start_redis

    base = Path(tempfile.mkdtemp(prefix="newscrawl-bench-cluster-")) if work is None else work
    root = base / f"site-{SMALL}"
    generate(SMALL, root)
    server = Server(root)
    redis_process, redis_url = start_redis(base)
    client = redis.Redis.from_url(redis_url)
    measured: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    commands: dict[str, str] = {}
    try:
        for n in range(REPEATS):
            for kind in KINDS:
                print(f"  run {n + 1}/{REPEATS}: {LABELS[kind]}", flush=True)
                tag = f"{kind}-{n}"
                if kind == "noop":
                    command = noop_command(server.url, root)
                    runs = [run_scrapy(kind, SMALL, command, server, base / f"{tag}.log")]
                elif kind == "one":
                    state = base / f"{tag}.sqlite3"
                    command = full_crawl_command(server.url, base, tag, state)
                    runs = [run_scrapy(kind, SMALL, command, server, base / f"{tag}.log")]
                elif kind == "peer":
                    command = peer_command(server.url, base / f"{tag}.jsonl")
                    runs = [run_scrapy(kind, SMALL, command, server, base / f"{tag}.log")]
                else:
                    client.flushall()
                    workers = 1 if kind == "redis1" else 2
                    command = full_crawl_command(
                        server.url, base, f"{tag}-w0", None, {"REDIS_URL": redis_url}
                    )
                    runs = _workers(workers, server.url, base, tag, redis_url, server)
                commands[kind] = command_line(command)
                measured[kind].append(_figures(runs))
    finally:
        server.stop()
        redis_process.terminate()
        redis_process.wait(10)
        if work is None and not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(base, ignore_errors=True)
    figures: dict[str, Any] = {"articles": SMALL, "repeats": REPEATS, "commands": commands}
    for kind in KINDS:
        figures[kind] = {
            key: statistics.median(m[key] for m in measured[kind])
            for key in ("pages", "items", "seconds", "pages_per_s", "cpu_ms_per_page", "peak_mib")
        }
        figures[kind]["ok"] = all(m["ok"] for m in measured[kind])
    noop = figures["noop"]["pages_per_s"] or 1.0
    for kind in KINDS:
        figures[kind]["ratio_to_noop"] = figures[kind]["pages_per_s"] / noop
    one = figures["one"]
    figures["two_workers_over_one"] = figures["redis2"]["pages_per_s"] / one["pages_per_s"]
    figures["worker_cpu_over_one"] = figures["redis1"]["cpu_ms_per_page"] / one["cpu_ms_per_page"]
    figures["one_over_peer"] = one["pages_per_s"] / (figures["peer"]["pages_per_s"] or 1.0)
    return figures


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def report(figures: dict[str, Any]) -> str:
    lines = [
        "### Scale-out on Redis: one process, Redis workers, and a generic peer",
        "",
        f"The {figures['articles']:,}-article synthetic site, {figures['repeats']} alternating "
        "run(s) of each, medians (`bench/bench_cluster.py`). 2 workers: pages of both over the "
        "span of both; CPU and peak memory summed.",
        "",
        "| crawl | pages | items | s | pages/s | × do-nothing | CPU ms/page | peak MiB | exit 0 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for kind in KINDS:
        f = figures[kind]
        lines.append(
            f"| {LABELS[kind]} | {f['pages']:,.0f} | {f['items']:,.0f} | {f['seconds']:.1f} "
            f"| {f['pages_per_s']:,.1f} | {f['ratio_to_noop']:.2f} | {f['cpu_ms_per_page']:.2f} "
            f"| {f['peak_mib']:.0f} | {'yes' if f['ok'] else 'no'} |"
        )
    two, cpu, peer = (
        figures["two_workers_over_one"],
        figures["worker_cpu_over_one"],
        figures["one_over_peer"],
    )
    lines += [
        "",
        f"- 2 Redis workers over one process, pages/s: **{two:.2f}**, target ≥ "
        f"{TARGET_TWO_WORKERS}: {_verdict(two >= TARGET_TWO_WORKERS)}",
        f"- one Redis worker's CPU per page over one process's: **{cpu:.2f}**, target ≤ "
        f"{TARGET_WORKER_CPU}: {_verdict(cpu <= TARGET_WORKER_CPU)}",
        f"- one process over the Scrapy + trafilatura peer, pages/s: **{peer:.2f}**, target ≥ "
        f"{TARGET_PEER}: {_verdict(peer >= TARGET_PEER)}",
        "",
        *(f"- {LABELS[k]}: `{c}`" for k, c in figures["commands"].items()),
    ]
    return "\n".join(lines)


def main() -> int:
    figures = run()
    print(report(figures))
    (HERE / "cluster-results.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``make cluster WORKERS=N``: a distributed crawl on one machine, from start to stop.

It starts a local ``redis-server`` (the Debian package) on a free port of 127.0.0.1 with its data
in a temporary folder, serves the bundled snapshot, starts N workers (the same ``scrapy crawl
almaghribtoday -s REDIS_URL=...`` a user runs on each machine), waits for them all, prints the
run's summary, and stops the workers, the server and Redis (also on Ctrl-C). Each worker writes
``output/almaghribtoday/<UTC start time>-worker<N>.jsonl`` and its report beside it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sitesnapshot.demo import serve_snapshot


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed: apt-get install redis-server")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")],
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            redis.Redis.from_url(url).ping()
            return process, url
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"redis-server did not answer on {url}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitesnapshot.cluster")
    parser.add_argument("--workers", type=int, default=2, help="how many workers (default 2)")
    args = parser.parse_args(argv)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    folder = Path(tempfile.mkdtemp(prefix="newscrawl-redis-"))
    redis_process, redis_url = start_redis(folder)
    server, url = serve_snapshot()
    workers: list[subprocess.Popen[bytes]] = []
    outs = []
    codes: list[int] = []
    try:
        print(f"redis at {redis_url}, snapshot at {url}, {args.workers} worker(s)")
        for n in range(1, args.workers + 1):
            out = Path("output") / "almaghribtoday" / f"{stamp}-worker{n}.jsonl"
            outs.append(out)
            workers.append(
                subprocess.Popen(
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
                        f"REDIS_URL={redis_url}",
                        "-s",
                        "DOWNLOAD_DELAY=0",
                        "-s",
                        "AUTOTHROTTLE_ENABLED=False",
                        "-s",
                        f"NEWSCRAWL_REPORT={out.with_suffix('.report.json')}",
                        "-s",
                        "LOG_LEVEL=WARNING",
                        "-s",
                        "NEWSCRAWL_STATE_KEY=demo",
                    ]
                )
            )
        codes = [worker.wait() for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(30)
        server.terminate()
        server.wait(10)
        redis_process.terminate()
        redis_process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    for out, code in zip(outs, codes, strict=True):
        count = len(out.read_text(encoding="utf-8").splitlines()) if out.exists() else 0
        print(f"{out}: {count} articles, exit {code}")
    for out in outs:
        report = out.with_suffix(".report.json")
        if report.exists():
            summary = json.loads(report.read_text(encoding="utf-8"))["stats"].get(
                "newscrawl/cluster/run_summary"
            )
            if summary:
                print(f"run summary: {summary}")
    return max(codes, default=0)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmarks: the full crawl against Scrapy's ceiling, its scale, its incremental run, its profile.

Run as ``python bench/bench_crawl.py`` (``make bench`` runs it through ``bench/run.py``).

1. A synthetic copy of the site (:mod:`sitesnapshot.synthetic`, the snapshot's templates)
   is written to a temporary folder at 2,000 and at 20,000 articles, and served by the snapshot
   server in a subprocess on 127.0.0.1.
2. On each, ``scrapy crawl almaghribtoday`` (everything: page objects, pipelines, validation, the
   state store, the feed) and ``scrapy runspider bench/noop_spider.py`` (the same URLs, nothing
   done with them) run one after the other, alternating, with the same settings. Each is a
   subprocess; its figures are read from its own log and from the kernel: pages per second between
   "Spider opened" and "Spider closed", CPU seconds per page over the same span (from
   ``/proc/PID/stat``), peak resident memory (``ru_maxrss`` of that child, from ``os.wait4``).
   The snapshot server's own CPU over the span is read the same way. On the 2,000-article
   site, ``bench/export_spider.py`` (the same pages, reached through callbacks as links are, each
   article's item taken from the first full crawl's output, through Scrapy's item path and feed)
   shows what Scrapy alone costs a crawl that follows those links and exports those items.
3. Scale: the full crawl's peak memory and CPU per page at 20,000 articles against 2,000.
4. Incremental: a second crawl of the 20,000-article site with the first run's state, when the
   project has a state store (``NEWSCRAWL_STATE_PATH`` in ``newscrawl/config.py``).
5. Profile: one full crawl of the 2,000-article site under pyinstrument; the functions with the
   most time of their own, and newscrawl's own functions by time including their callees.

Repeats: ``BENCH_REPEATS`` (default 5) at 2,000 articles, ``BENCH_REPEATS_LARGE`` (default 2) at
20,000; ``BENCH_ARTICLES`` (default 20000) sets the large size.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PY = sys.executable
TICK = os.sysconf("SC_CLK_TCK")

SMALL = int(os.environ.get("BENCH_ARTICLES_SMALL", "2000"))
LARGE = int(os.environ.get("BENCH_ARTICLES", "20000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
REPEATS_LARGE = int(os.environ.get("BENCH_REPEATS_LARGE", "2"))
CONCURRENCY = 32

TARGET_RATIO = 0.8  # full crawl pages/s over the do-nothing spider's
TARGET_MEMORY = 1.3  # peak memory at 20,000 over 2,000
TARGET_CPU_DRIFT = 0.15  # CPU per page at 20,000 against 2,000
TARGET_INCREMENTAL = 0.1  # second run's requests over the first run's

#: the same for both spiders; DOWNLOAD_DELAY and AutoThrottle off so that the machine, not the
#: politeness settings, sets the pace
COMMON_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "True",
    "CONCURRENT_REQUESTS": str(CONCURRENCY),
    "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
    "LOG_LEVEL": "INFO",
}
#: the full crawl only: follow every section page (the default stops at 5 per section), and every
#: listing of the 20,000-article site (the default caps a run at 300, against a hostile site)
CRAWL_SETTINGS = {"NEWSCRAWL_MAX_LISTING_PAGES": "1000000", "NEWSCRAWL_MAX_LISTINGS": "100000"}


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a live process, from ``/proc/PID/stat``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of a live process (``VmHWM``), in MiB.

    Not ``ru_maxrss`` from ``wait4``: Linux carries the parent's peak over into a forked child,
    so a child of a large benchmark process would report the parent's figure."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _children() -> dict[int, list[int]]:
    """Each live process's children, from ``/proc/*/stat``."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    """The live processes under ``pid``."""
    tree, out, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def tree_cpu_seconds(pid: int) -> float | None:
    """CPU of ``pid`` and every process under it: its own user+system time, and for each live
    descendant its own time plus that of the children it has reaped (a worker that exited is
    counted in its fork server's)."""
    own = cpu_seconds(pid)
    if own is None:
        return None
    total = own
    for child in descendants(pid):
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += sum(int(f) for f in fields[11:15]) / TICK
    return total


def tree_rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` and every process under it, now, in MiB."""
    total = 0.0
    for member in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            if member == pid:
                return None
    return total


def has_state_store() -> bool:
    """Whether the project has the incremental state (issue 5) at the time the benchmark runs: its
    setting in ``newscrawl/settings.py``, or in the settings model ``newscrawl/config.py`` that
    the settings take their NEWSCRAWL_ defaults from (issue 15)."""
    for name in ("settings.py", "config.py"):
        try:
            text = (REPO / "newscrawl" / name).read_text(encoding="utf-8")
        except OSError:
            continue
        if re.search(r"^\s*NEWSCRAWL_STATE_PATH\s*[:=]", text, re.M):
            return True
    return False


# ---- the site and its server ----------------------------------------------------------------------
def generate(articles: int, out: Path) -> float:
    """Write the synthetic site; return the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [PY, "-m", "sitesnapshot.synthetic", "--articles", str(articles), "--out", str(out)],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


class Server:
    """``python -m sitesnapshot serve --root DIR`` as a subprocess."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [PY, "-m", "sitesnapshot", "serve", "--root", str(root)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"snapshot server did not start (printed {self.url!r})")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def cpu(self) -> float | None:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- one crawl ------------------------------------------------------------------------------------
@dataclass
class Run:
    kind: str
    articles: int
    returncode: int = 0
    pages: int = 0
    requests: int = 0
    items: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    cpu_total: float = 0.0
    server_cpu: float | None = None
    cpu_all: float = 0.0  # the crawler and its child processes
    maxrss_mb: float = 0.0
    tree_rss_mb: float = 0.0  # the crawler and its children together, sampled
    stats: dict[str, Any] = field(default_factory=dict)
    failures: int = 0
    server_alive: bool = True

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_page_ms(self) -> float:
        return 1000 * self.cpu / self.pages if self.pages else 0.0

    @property
    def cpu_all_per_page_ms(self) -> float:
        return 1000 * self.cpu_all / self.pages if self.pages else 0.0

    @property
    def server_cpu_per_page_ms(self) -> float | None:
        if self.server_cpu is None or not self.pages:
            return None
        return 1000 * self.server_cpu / self.pages


_STAT_RE = re.compile(r"^\s*'([^']+)':\s*(-?\d+(?:\.\d+)?)(?:,|\})\s*$")


def run_scrapy(
    kind: str,
    articles: int,
    command: list[str],
    server: Server,
    log: Path,
    prefix: Sequence[str] = (),
) -> Run:
    """Run one Scrapy process from the repository; measure it from its log and the kernel."""
    run = Run(kind, articles)
    proc = subprocess.Popen(
        [*prefix, *command], cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    marks: dict[str, tuple[float, float | None, float | None, float | None]] = {}
    stats_text: list[str] = []
    peaks: list[float] = []
    tree_peaks: list[float] = []

    def sample_peak() -> None:
        value = peak_rss_mb(proc.pid)
        if value is not None:
            peaks.append(value)
        together = tree_rss_mb(proc.pid)
        if together is not None:
            tree_peaks.append(together)

    def mark() -> tuple[float, float | None, float | None, float | None]:
        return (time.monotonic(), cpu_seconds(proc.pid), server.cpu(), tree_cpu_seconds(proc.pid))

    def read() -> None:
        assert proc.stderr is not None
        in_stats = False
        with log.open("w", encoding="utf-8") as out:
            for line in proc.stderr:
                out.write(line)
                if "Spider opened" in line and "open" not in marks:
                    marks["open"] = mark()
                elif "Dumping Scrapy stats" in line and "close" not in marks:
                    # the stats are dumped as the spider closes: the end of the crawl
                    marks["close"] = mark()
                    sample_peak()
                    in_stats = True
                elif "Spider closed" in line or "Closing spider" in line:
                    sample_peak()
                elif in_stats:
                    stats_text.append(line)
                    if line.rstrip().endswith("}"):
                        in_stats = False

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    while True:  # reap the child ourselves, for its own rusage; sample its peak meanwhile
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        sample_peak()
        time.sleep(0.25)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=30)
    run.returncode = proc.returncode
    run.cpu_total = usage.ru_utime + usage.ru_stime
    # VmHWM read late in the run; ru_maxrss (which may hold the parent's peak) only without it
    run.maxrss_mb = max(peaks) if peaks else usage.ru_maxrss / 1024
    run.tree_rss_mb = max(tree_peaks) if tree_peaks else run.maxrss_mb
    for line in stats_text:
        match = _STAT_RE.match(line)
        if match:
            value = float(match[2])
            run.stats[match[1]] = int(value) if value.is_integer() else value
    run.pages = int(run.stats.get("downloader/response_count", 0))
    run.requests = int(run.stats.get("downloader/request_count", 0))
    run.items = int(run.stats.get("item_scraped_count", 0))
    run.failures = int(run.stats.get("downloader/exception_count", 0))
    if "open" in marks and "close" in marks:
        (t0, c0, s0, a0), (t1, c1, s1, a1) = marks["open"], marks["close"]
        run.seconds = t1 - t0
        run.cpu = (c1 - c0) if c0 is not None and c1 is not None else run.cpu_total
        run.cpu_all = (a1 - a0) if a0 is not None and a1 is not None else run.cpu
        if s0 is not None and s1 is not None:
            run.server_cpu = s1 - s0
    else:
        run.seconds = float(run.stats.get("elapsed_time_seconds", 0.0))
        run.cpu = run.cpu_all = run.cpu_total
    run.server_alive = server.alive()
    return run


def settings_args(settings: dict[str, str]) -> list[str]:
    return [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]


def full_crawl_command(
    url: str, work: Path, tag: str, state: Path | None, extra: dict[str, str] | None = None
) -> list[str]:
    settings = {
        **COMMON_SETTINGS,
        **CRAWL_SETTINGS,
        "NEWSCRAWL_REPORT": str(work / f"{tag}.report.json"),
        **(extra or {}),
    }
    if state is not None:
        settings["NEWSCRAWL_STATE_PATH"] = str(state)
    return [
        PY, "-m", "scrapy", "crawl", "almaghribtoday",
        "-a", f"base_url={url}",
        "-O", str(work / f"{tag}.jsonl"),
        *settings_args(settings),
    ]  # fmt: skip


def export_command(url: str, root: Path, items: Path, out: Path) -> list[str]:
    return [
        PY, "-m", "scrapy", "runspider", str(HERE / "export_spider.py"),
        "-a", f"base_url={url}",
        "-a", f"routes={root / 'routes.json'}",
        "-a", f"items={items}",
        "-O", str(out),
        *settings_args(COMMON_SETTINGS),
    ]  # fmt: skip


def noop_command(url: str, root: Path) -> list[str]:
    return [
        PY, "-m", "scrapy", "runspider", str(HERE / "noop_spider.py"),
        "-a", f"base_url={url}",
        "-a", f"routes={root / 'routes.json'}",
        *settings_args(COMMON_SETTINGS),
    ]  # fmt: skip


def command_line(command: list[str]) -> str:
    """A command as a reader would type it (the venv's python as ``python``)."""
    shown = ["python" if c == PY else c for c in command]
    return " ".join(f"'{c}'" if " " in c or ("=" in c and "{" in c) else c for c in shown)


# ---- the profile ----------------------------------------------------------------------------------
OWN = ("newscrawl/pages/", "newscrawl/pipelines.py", "newscrawl/text.py", "newscrawl/dates/",
       "newscrawl/urls.py", "newscrawl/spiders/", "newscrawl/state.py", "newscrawl/extensions.py",
       "newscrawl/feeds.py", "newscrawl/monitors.py")  # fmt: skip


def _short(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3", str(REPO) + "/"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" else tail
    return path


def summarize_profile(session_file: Path, top: int = 15) -> dict[str, Any]:
    """Self time per function, and newscrawl's functions with their callees, from a session."""
    from pyinstrument.session import Session

    session = Session.load(str(session_file))
    root = session.root_frame()
    total = root.time if root is not None else 0.0
    own_time: dict[str, float] = {}
    inclusive: dict[str, float] = {}

    def walk(frame: Any, on_stack: frozenset[str]) -> None:
        if frame.is_synthetic:
            return  # "[self]" and "[await]" leaves: counted in their parent's total_self_time
        name = f"{_short(frame.file_path or '?')}:{frame.function}"
        own_time[name] = own_time.get(name, 0.0) + max(frame.total_self_time, 0.0)
        if name not in on_stack:  # recursion counts once
            inclusive[name] = inclusive.get(name, 0.0) + frame.time
        for child in frame.children:
            walk(child, on_stack | {name})

    if root is not None:
        walk(root, frozenset())
    by_self = sorted(own_time.items(), key=lambda kv: kv[1], reverse=True)[:top]
    ours = sorted(
        ((k, v) for k, v in inclusive.items() if any(k.startswith(o) for o in OWN)),
        key=lambda kv: kv[1],
        reverse=True,
    )[:top]
    return {"total": total, "self": by_self, "newscrawl": ours}


# ---- the whole benchmark --------------------------------------------------------------------------
def _median_run(runs: list[Run]) -> dict[str, float]:
    def med(values: list[float]) -> float:
        return statistics.median(values) if values else 0.0

    return {
        "runs": len(runs),
        "pages": med([r.pages for r in runs]),
        "items": med([r.items for r in runs]),
        "pages_per_s": med([r.pages_per_s for r in runs]),
        "cpu_per_page_ms": med([r.cpu_per_page_ms for r in runs]),
        "cpu_all_per_page_ms": med([r.cpu_all_per_page_ms for r in runs]),
        "tree_rss_mb": med([r.tree_rss_mb for r in runs]),
        "server_cpu_per_page_ms": med(
            [r.server_cpu_per_page_ms for r in runs if r.server_cpu_per_page_ms is not None]
        ),
        "maxrss_mb": med([r.maxrss_mb for r in runs]),
        "seconds": med([r.seconds for r in runs]),
        "failures": max([r.failures for r in runs], default=0),
        "server_died": not all(r.server_alive for r in runs),
    }


def _ratios(runs: list[Run], baseline: list[Run]) -> list[float]:
    """Each run's pages/s over that of the do-nothing run beside it."""
    return [
        r.pages_per_s / b.pages_per_s for r, b in zip(runs, baseline, strict=True) if b.pages_per_s
    ]


def measure_size(
    articles: int,
    repeats: int,
    work: Path,
    profile: bool = False,
    incremental: bool = False,
    export_only: bool = False,
) -> dict[str, Any]:
    root = work / f"site-{articles}"
    figures: dict[str, Any] = {"articles": articles}
    figures["generate_s"] = generate(articles, root)
    figures["routes"] = len(json.loads((root / "routes.json").read_text(encoding="utf-8")))
    server = Server(root)
    state_available = has_state_store()
    full_runs: list[Run] = []
    noop_runs: list[Run] = []
    export_runs: list[Run] = []
    try:
        for n in range(repeats):
            print(f"  {articles} articles, run {n + 1}/{repeats}: do-nothing spider", flush=True)
            command = noop_command(server.url, root)
            figures["noop_command"] = command_line(command)
            noop_runs.append(
                run_scrapy("noop", articles, command, server, work / f"noop-{articles}-{n}.log")
            )
            print(f"  {articles} articles, run {n + 1}/{repeats}: full crawl", flush=True)
            state = work / f"state-{articles}-{n}.sqlite3" if state_available else None
            command = full_crawl_command(server.url, work, f"crawl-{articles}-{n}", state)
            figures["crawl_command"] = command_line(command)
            full_runs.append(
                run_scrapy("crawl", articles, command, server, work / f"crawl-{articles}-{n}.log")
            )
            if export_only:
                print(f"  {articles} articles, run {n + 1}/{repeats}: export-only", flush=True)
                command = export_command(
                    server.url,
                    root,
                    work / f"crawl-{articles}-0.jsonl",
                    work / f"export-{articles}-{n}.jsonl",
                )
                figures["export_command"] = command_line(command)
                export_runs.append(
                    run_scrapy(
                        "export", articles, command, server, work / f"export-{articles}-{n}.log"
                    )
                )
        if export_runs:
            figures["export"] = _median_run(export_runs)
            figures["export_ratios"] = _ratios(export_runs, noop_runs)
            figures["export_ratio"] = statistics.median(figures["export_ratios"])
        figures["full"] = _median_run(full_runs)
        figures["noop"] = _median_run(noop_runs)
        figures["full_runs"] = [r.__dict__ | {"stats": {}} for r in full_runs]
        figures["noop_runs"] = [r.__dict__ | {"stats": {}} for r in noop_runs]
        figures["ratios"] = _ratios(full_runs, noop_runs)
        figures["ratio"] = statistics.median(figures["ratios"] or [0.0])
        if incremental:
            if state_available and full_runs:
                print(f"  {articles} articles: incremental second run", flush=True)
                state = work / f"state-{articles}-{len(full_runs) - 1}.sqlite3"
                command = full_crawl_command(server.url, work, f"second-{articles}", state)
                # DEBUG lists every response, so that the article pages fetched can be counted
                command += ["-s", "LOG_LEVEL=DEBUG"]
                second = run_scrapy(
                    "second", articles, command, server, work / f"second-{articles}.log"
                )
                first = full_runs[-1]
                article_fetches = _article_fetches(work / f"second-{articles}.log")
                figures["incremental"] = {
                    "command": command_line(command),
                    "first_requests": first.requests,
                    "requests": second.requests,
                    "share": second.requests / first.requests if first.requests else 0.0,
                    "items": second.items,
                    "article_fetches": article_fetches,
                    "seconds": second.seconds,
                    "known_skipped": second.stats.get("newscrawl/incremental/known_skipped", 0),
                    "pagination_stopped": second.stats.get(
                        "newscrawl/incremental/pagination_stopped", 0
                    ),
                }
            else:
                figures["incremental"] = None
        if profile:
            print(f"  {articles} articles: full crawl under pyinstrument", flush=True)
            session = work / "crawl.pyisession"
            state = work / f"state-{articles}-profile.sqlite3" if state_available else None
            command = full_crawl_command(server.url, work, f"profile-{articles}", state)
            prefix = [
                PY,
                "-m",
                "pyinstrument",
                "-i",
                "0.001",
                "-r",
                "session",
                "-o",
                str(session),
                "-m",
            ]
            profiled = run_scrapy(
                "profile", articles, command[2:], server, work / "profile.log", prefix
            )
            figures["profile_command"] = (
                "python -m pyinstrument -i 0.001 -r session -o crawl.pyisession -m "
                + command_line(command[2:])
            )
            figures["profile_pages"] = profiled.pages
            figures["profile"] = summarize_profile(session) if session.exists() else None
    finally:
        server.stop()
    return figures


_CRAWLED_RE = re.compile(r"Crawled \(\d+\) <GET (\S+)>")


def _article_fetches(log: Path) -> int:
    """Article pages fetched, from the DEBUG lines ``Crawled (200) <GET url>`` of a crawl log."""
    from newscrawl.urls import is_article

    text = log.read_text(encoding="utf-8", errors="replace")
    return sum(1 for url in _CRAWLED_RE.findall(text) if is_article(url))


def run(work: Path | None = None) -> dict[str, Any]:
    """Every crawl figure; ``work`` keeps the sites, logs and outputs (a temporary folder if None)."""
    owned = work is None
    base = Path(tempfile.mkdtemp(prefix="newscrawl-bench-")) if work is None else work
    base.mkdir(parents=True, exist_ok=True)
    try:
        figures: dict[str, Any] = {
            "concurrency": CONCURRENCY,
            "state_available": has_state_store(),
            "repeats": REPEATS,
            "repeats_large": REPEATS_LARGE,
        }
        started = time.perf_counter()
        figures["small"] = measure_size(SMALL, REPEATS, base, profile=True, export_only=True)
        figures["large"] = measure_size(LARGE, REPEATS_LARGE, base, incremental=True)
        figures["seconds"] = time.perf_counter() - started
        small, large = figures["small"]["full"], figures["large"]["full"]
        figures["memory_ratio"] = (
            large["maxrss_mb"] / small["maxrss_mb"] if small["maxrss_mb"] else 0.0
        )
        figures["cpu_drift"] = (
            large["cpu_per_page_ms"] / small["cpu_per_page_ms"] - 1
            if small["cpu_per_page_ms"]
            else 0.0
        )
        return figures
    finally:
        if owned and not os.environ.get("BENCH_KEEP"):
            import shutil

            shutil.rmtree(base, ignore_errors=True)


# ---- the report -----------------------------------------------------------------------------------
def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def _row(label: str, r: dict[str, Any]) -> str:
    server = r.get("server_cpu_per_page_ms")
    return (
        f"| {label} | {r['runs']} | {r['pages']:,.0f} | {r['items']:,.0f} | {r['seconds']:.1f} "
        f"| {r['pages_per_s']:,.1f} | {r['cpu_per_page_ms']:.2f} | {r['cpu_all_per_page_ms']:.2f} "
        f"| {'-' if server is None else f'{server:.2f}'} | {r['maxrss_mb']:.0f} "
        f"| {r['tree_rss_mb']:.0f} |"
    )


def _cores(pages_per_s: float, cpu_ms_per_page: float) -> float:
    """The cores a process keeps busy at ``pages_per_s`` spending ``cpu_ms_per_page`` on each."""
    return pages_per_s * cpu_ms_per_page / 1000


def _ceiling(size: dict[str, Any]) -> list[str]:
    """Where the full crawl stands against the target, from the figures of one site size."""
    noop, full = size["noop"], size["full"]
    export = size.get("export")
    cores = _cores(noop["pages_per_s"], noop["cpu_per_page_ms"])
    target_rate = TARGET_RATIO * noop["pages_per_s"]
    budget = cores * 1000 / target_rate if target_rate else 0.0
    server = full.get("server_cpu_per_page_ms") or 0.0
    needed = _cores(target_rate, full["cpu_per_page_ms"] + server)
    machine = os.cpu_count() or 1
    lines = [
        f"Where the {size['articles']:,}-article crawl stands against the target:",
        "",
        f"- The do-nothing spider keeps {cores:.2f} of a core busy ({noop['pages_per_s']:.0f} "
        f"pages/s × {noop['cpu_per_page_ms']:.2f} ms of CPU a page): Scrapy's own work for a "
        "page is the ceiling, and it is CPU in the crawler's one thread, not the network or the "
        f"server. At {TARGET_RATIO} of its pages/s ({target_rate:.0f} pages/s), a crawler process "
        f"as busy may spend {budget:.2f} ms of CPU a page.",
    ]
    if export is not None:
        lines.append(
            f"- The export-only spider, which reaches the same pages through its callbacks and "
            f"yields the full crawl's items without reading a page, runs at **{size['export_ratio']:.2f}** of the do-nothing spider's pages/s "
            f"(runs: {', '.join(f'{r:.2f}' for r in size['export_ratios'])}) and spends "
            f"{export['cpu_per_page_ms']:.2f} ms a page: Scrapy's own handling of its requests "
            f"from callbacks and of the items, and the feed, cost "
            f"{export['cpu_per_page_ms'] - noop['cpu_per_page_ms']:.2f} ms a page above the "
            f"do-nothing spider's; the target leaves {budget - noop['cpu_per_page_ms']:.2f} ms "
            "for all of that and newscrawl's own work in the crawler."
        )
    lines += _one_thread_bound(size, target_rate)
    lines += [
        f"- Reading its pages in its own process, the crawler spends "
        f"{full['cpu_per_page_ms']:.2f} ms a page.",
        f"- At {target_rate:.0f} pages/s the crawl would need {needed:.2f} cores (the crawler "
        f"and the snapshot server's {server:.2f} ms a page) of the machine's {machine}; one "
        "process runs in one thread: past that, the crawl scales out on workers "
        "(`bench/bench_cluster.py`).",
    ]
    return lines


def _one_thread_bound(size: dict[str, Any], target_rate: float) -> list[str]:
    """The pages/s a crawler process cannot pass on any machine: Scrapy runs a crawl in one
    thread, so a process that spends C ms of CPU a page makes at most 1000 / C pages a second,
    even on a core of its own and never idle."""
    noop, full = size["noop"], size["full"]
    export = size.get("export")
    rate = noop["pages_per_s"]
    if not rate or not full["cpu_per_page_ms"]:
        return []
    most_f = 1000 / full["cpu_per_page_ms"]
    allowed = 1000 / target_rate if target_rate else 0.0
    text = (
        f"- The bound of one thread: a Scrapy crawl runs in one thread, so a crawler process "
        f"that spends C ms of CPU a page makes at most 1000 / C pages a second, however many "
        f"cores the machine has, and that only if it is never idle. The full crawl's crawler "
        f"process can therefore make at most "
        f"{most_f:.0f} pages/s ({most_f / rate:.2f} of the do-nothing spider's). Reaching "
        f"{TARGET_RATIO} ({target_rate:.0f} pages/s) takes a crawler process that spends at most "
        f"{allowed:.2f} ms a page and is never idle"
    )
    if export is not None and export["cpu_per_page_ms"]:
        busy = _cores(export["pages_per_s"], export["cpu_per_page_ms"])
        at_busy = busy * 1000 / target_rate if target_rate else 0.0
        text += (
            f"; or at most {at_busy:.2f} ms a page if it is as busy as the export-only spider "
            f"({busy:.2f} of a core). That spider spends {export['cpu_per_page_ms']:.2f} ms, "
            f"which leaves {at_busy - export['cpu_per_page_ms']:.2f} ms a page for everything "
            "newscrawl itself does in the crawler process: read each page, decide every link "
            "against the state, record the pending requests, "
            "the exports and the pages seen through, and count the monitors' figures"
        )
    return [text + "."]


def report(figures: dict[str, Any]) -> str:
    small, large = figures["small"], figures["large"]
    lines = [
        "### Crawl: `scrapy crawl almaghribtoday` vs a do-nothing Scrapy spider",
        "",
        f"Synthetic copies of the site (`python -m sitesnapshot.synthetic --articles N --out DIR`, "
        f"the snapshot's templates: {small['routes']:,} pages at {small['articles']:,} articles, "
        f"generated in {small['generate_s']:.1f} s; {large['routes']:,} pages at "
        f"{large['articles']:,} articles, in {large['generate_s']:.1f} s), served by "
        "`python -m sitesnapshot serve --root DIR` on 127.0.0.1 in its own process. Both "
        f"spiders run from the repository with the project's settings and the same `-s` "
        f"overrides ({CONCURRENCY} requests in flight, no delay, no AutoThrottle, robots.txt "
        "obeyed), alternating, each in a fresh process (a fresh state file for each full crawl). "
        'Pages/s and CPU are counted from "Spider opened" to the stats dump at close. CPU '
        "(crawler) is the crawler process's user+system time (`/proc/PID/stat`); CPU (all) adds "
        "its child processes. Peak memory (crawler) is the crawler's `VmHWM`; (all) is the "
        "largest sum of the resident memory of the crawler and its children, sampled every "
        "0.25 s. Server CPU is the snapshot server's over the same span. Medians of the runs "
        "listed.",
        "",
        f"- full crawl: `{small['crawl_command']}`",
        f"- do-nothing: `{small['noop_command']}`",
        *(
            [
                f"- export-only (`bench/export_spider.py`: the same pages, requested from the "
                f"callbacks of the homepage and the listings, each article's item from the first "
                f"full crawl's output, Scrapy's item path and feed only): "
                f"`{small['export_command']}`"
            ]
            if "export_command" in small
            else []
        ),
        "",
        "| crawl | runs | pages | items | s | pages/s | CPU ms/page (crawler) | CPU ms/page (all) "
        "| server CPU ms/page | peak MiB (crawler) | peak MiB (all) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in (small, large):
        n = f"{size['articles']:,} articles"
        lines += [
            _row(f"full, {n}", size["full"]),
            _row(f"do-nothing, {n}", size["noop"]),
        ]
        if "export" in size:
            lines.append(_row(f"export-only, {n}", size["export"]))
    lines.append("")
    for size in (small, large):
        for key, ratio_key, label in (("full", "ratio", "full crawl"),):
            full = size[key]
            reached = f"{full['items']:,.0f} of {size['articles']:,} articles exported"
            problems = []
            if full["failures"] or size["noop"]["failures"]:
                problems.append(
                    f"{max(full['failures'], size['noop']['failures'])} download errors"
                )
            if full["server_died"] or size["noop"]["server_died"]:
                problems.append("the snapshot server died during a run")
            runs = size["ratios"]
            ratios = ", ".join(f"{r:.2f}" for r in runs)
            lines.append(
                f"- {size['articles']:,} articles: {label} at **{size[ratio_key]:.2f}** of the "
                f"do-nothing spider's pages/s (runs: {ratios}); target ≥ {TARGET_RATIO}: "
                f"{_verdict(size[ratio_key] >= TARGET_RATIO)}. {reached}"
                + (f"; {', '.join(problems)}" if problems else "")
                + "."
            )
    lines += ["", *_ceiling(small)]
    lines += ["", "### Scale: 2,000 vs 20,000 articles", ""]
    for key, label, memory, cpu in (("full", "full crawl", "maxrss_mb", "cpu_per_page_ms"),):
        m_large, m_small = large[key][memory], small[key][memory]
        c_large, c_small = large[key][cpu], small[key][cpu]
        m_ratio = m_large / m_small if m_small else 0.0
        drift = c_large / c_small - 1 if c_small else 0.0
        lines += [
            f"- {label}: peak memory {m_large:.0f} MiB vs {m_small:.0f} MiB: ratio "
            f"**{m_ratio:.2f}**, target ≤ {TARGET_MEMORY}: {_verdict(m_ratio <= TARGET_MEMORY)}",
            f"- {label}: CPU per page {c_large:.2f} ms vs {c_small:.2f} ms: **{drift:+.1%}**, "
            f"target within ±{TARGET_CPU_DRIFT:.0%}: {_verdict(abs(drift) <= TARGET_CPU_DRIFT)}",
        ]
    inc = large.get("incremental")
    if inc is None:
        lines.append("- incremental second run: not measured: incremental state not available")
    else:
        ok = inc["article_fetches"] == 0 and inc["share"] < TARGET_INCREMENTAL
        lines += [
            f"- incremental second run of the {large['articles']:,}-article site with the first "
            f"run's state: {inc['requests']:,} requests vs {inc['first_requests']:,} "
            f"(**{inc['share']:.1%}**), {inc['article_fetches']} article pages fetched, "
            f"{inc['items']} items, {inc['seconds']:.1f} s; {inc['known_skipped']:,} known links "
            f"skipped, pagination stopped on {inc['pagination_stopped']} listings. Target: no "
            f"article fetched and < {TARGET_INCREMENTAL:.0%} of the requests: {_verdict(ok)}",
            f"  (`{inc['command']}`, LOG_LEVEL=DEBUG to count the article pages it fetched)",
        ]
    prof = small.get("profile")
    lines += ["", "### Profile of the full crawl", ""]
    if not prof:
        lines.append("No profile was recorded.")
    else:
        lines += [
            f"pyinstrument, 1 ms sampling, one full crawl of the {small['articles']:,}-article site "
            f"({small.get('profile_pages', 0):,} pages, {prof['total']:.1f} s sampled, start-up "
            f"included): `{small['profile_command']}`",
            "",
            "Functions by time of their own (not counting callees):",
            "",
            "| function | s | share |",
            "| --- | ---: | ---: |",
        ]
        lines += [f"| `{name}` | {t:.2f} | {t / prof['total']:.1%} |" for name, t in prof["self"]]
        lines += [
            "",
            "newscrawl's own functions, with their callees:",
            "",
            "| function | s | share |",
            "| --- | ---: | ---: |",
        ]
        lines += [
            f"| `{name}` | {t:.2f} | {t / prof['total']:.1%} |" for name, t in prof["newscrawl"]
        ]
    return "\n".join(lines)


def main() -> int:
    figures = run()
    print(report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

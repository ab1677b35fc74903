"""The promises of issue 15, one test per problem it found in the crawler as a new user runs it.

Each test reproduces the problem as reported and fails on the version before the issue was
fixed: nothing is lost, no run destroys an earlier run's output, and every mistake is told in
one plain line with an exit status a scheduler can act on (README, "Exit statuses").

1. an output that cannot be written: the articles are not marked exported, exit 1
2. ``-O FILE`` run again, or locked out: FILE is left as it was
3. a corrupt state file: one line, exit 1, ``state reset`` moves it aside
4. ``state show`` on a wrong path creates nothing
5. settings and arguments are validated: one line, exit 1, the nearest name for a typo
6. a site that does not answer: one line, exit 4, no monitor noise
7. skipped monitors are counted as skipped
8. Ctrl-C and SIGTERM: exit 5 (a success for systemd), the resumed run gives every article once
9. output names are UTC with ``Z``, as the README shows
10. ``scrapy parse`` and ``scrapy check`` leave no files
11. the state is kept per origin: a mirror's crawl hides no production article
12. 404/410 articles are gone, dropped pages end as failed, both listed in the report
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from newscrawl.state import SQLiteState
from sitesnapshot.content import ARTICLES, SECTIONS
from sitesnapshot.render import Site
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import REPO, served

SITE = Site(SECTIONS, ARTICLES)
ALL_IDS = {a.article_id for a in SITE.articles}
ENV = {**os.environ, "PYTHONPATH": str(REPO), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}


def crawl(
    base_url: str,
    *extra: str,
    out: Path | None,
    state: Path,
    report: Path | None = None,
    cwd: Path = REPO,
    timeout: int = 240,
) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl almaghribtoday`` against ``base_url`` with no delays; ``out`` as ``-O``."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "almaghribtoday",
        "-a", f"base_url={base_url}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"NEWSCRAWL_STATE_PATH={state}",
        *(["-O", f"{out}:jsonlines" if out.suffix != ".jsonl" else str(out)] if out else []),
        *(["-s", f"NEWSCRAWL_REPORT={report}"] if report else []),
        *extra,
    ]  # fmt: skip
    return subprocess.run(
        command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def own_lines(stderr: str) -> list[str]:
    """What newscrawl says on standard error (Scrapy's log aside)."""
    return [x for x in stderr.splitlines() if x.startswith("newscrawl: ")]


def state_rows(state: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(state) as db:
        return db.execute(sql).fetchall()


@pytest.fixture
def site() -> Iterator[SnapshotServer]:
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        yield server


def _article_hits(server: SnapshotServer) -> int:
    from newscrawl.urls import article_id

    return sum(v for k, v in server.hits.items() if article_id(k))


# ---- 1. an output that cannot be written ------------------------------------------------------
@pytest.mark.parametrize(
    "target",
    ["/dev/full", "under-a-file"],
    ids=["write-fails-ENOSPC", "open-fails-ENOTDIR"],
)
def test_unwritable_output_marks_nothing_exported_and_the_next_run_exports_it(
    site: SnapshotServer, tmp_path: Path, target: str
) -> None:
    """As root a read-only folder is still writable: /dev/full fails every write with ENOSPC,
    a path under a regular file fails to open with ENOTDIR."""
    state = tmp_path / "state.sqlite3"
    if target == "/dev/full":
        out, errno_name = Path("/dev/full"), "ENOSPC"  # given as -O /dev/full:jsonlines
    else:
        (tmp_path / "a-file").write_text("", encoding="utf-8")
        out, errno_name = tmp_path / "a-file" / "items.jsonl", "ENOTDIR"
    failed = crawl(site.url, out=out, state=state, report=tmp_path / "1.report.json")
    assert failed.returncode == 1, failed.stderr[-3000:]
    said = own_lines(failed.stderr)
    assert len(said) == 1 and str(out) in said[0] and errno_name in said[0], said
    assert "next run exports them" in said[0]
    assert re.search(
        rf"ERROR: Could not write the output {re.escape(str(out))}: \[Errno", failed.stderr
    )
    report = json.loads((tmp_path / "1.report.json").read_text(encoding="utf-8"))
    assert report["exported"] == 0
    assert report["stats"]["newscrawl/feed/not_exported"] == len(ALL_IDS)
    assert state_rows(state, "SELECT COUNT(*) FROM articles") == [(0,)]
    again = crawl(site.url, out=tmp_path / "2.jsonl", state=state)
    assert again.returncode == 0, again.stderr[-3000:]
    assert {i["articleId"] for i in lines(tmp_path / "2.jsonl")} == ALL_IDS


# ---- 2. -O FILE run again, or locked out ---------------------------------------------------------
def test_an_overwrite_output_is_left_as_it_was_by_a_run_with_nothing_new_or_locked_out(
    site: SnapshotServer, tmp_path: Path
) -> None:
    state, out = tmp_path / "state.sqlite3", tmp_path / "articles.jsonl"
    assert crawl(site.url, out=out, state=state).returncode == 0
    first = out.read_bytes()
    assert len(first.splitlines()) == len(ALL_IDS)
    nothing_new = crawl(site.url, out=out, state=state)
    assert nothing_new.returncode == 0
    assert out.read_bytes() == first
    assert own_lines(nothing_new.stderr) == [
        f"newscrawl: no new or changed article: {out} left as it was."
    ]
    holder = SQLiteState(state)
    holder.open("a-running-crawl")
    try:
        locked = crawl(site.url, out=out, state=state)
    finally:
        holder.close()
    assert locked.returncode == 2
    assert out.read_bytes() == first


# ---- 3. a corrupt state file ---------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["corrupt", "foreign"])
def test_a_corrupt_state_is_one_line_and_exit_1_before_any_request_and_reset_moves_it_aside(
    site: SnapshotServer, tmp_path: Path, kind: str
) -> None:
    state = tmp_path / "state.sqlite3"
    if kind == "corrupt":
        state.write_bytes(b"this is not an SQLite database\n" * 10)
    else:  # an SQLite database of something else
        with sqlite3.connect(state) as db:
            db.execute("CREATE TABLE users (name TEXT)")
    before = state.read_bytes()
    result = crawl(site.url, out=tmp_path / "items.jsonl", state=state)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    said = result.stderr.strip().splitlines()
    assert len(said) == 1 and str(state) in said[0] and "newscrawl.state reset" in said[0], said
    assert not site.hits
    reset = subprocess.run(
        [sys.executable, "-m", "newscrawl.state", "reset", "--path", str(state)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("state.sqlite3.unusable-")]
    assert len(moved) == 1 and str(moved[0]) in reset.stdout
    assert re.fullmatch(r"state\.sqlite3\.unusable-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ", moved[0].name)
    assert moved[0].read_bytes() == before
    assert not state.exists()


# ---- 4. state show on a wrong path ----------------------------------------------------------
@pytest.mark.parametrize("command", ["show", "reset"])
def test_state_show_and_reset_on_a_wrong_path_say_so_and_create_nothing(
    tmp_path: Path, command: str
) -> None:
    wrong = tmp_path / "no-such-folder" / "state.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.state", command, "--path", str(wrong)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"no state file at {wrong}" in result.stderr
    assert list(tmp_path.iterdir()) == []


# ---- 5. settings and arguments are validated ------------------------------------------------
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-s", "NEWSCRAWL_MAX_REQUESTS=abc"], ["NEWSCRAWL_MAX_REQUESTS='abc'", "an integer ≥ 0"]),
        (["-s", "NEWSCRAWL_MAX_REQUESTS=-5"], ["NEWSCRAWL_MAX_REQUESTS='-5'", "an integer ≥ 0"]),
        (
            ["-s", "NEWSCRAWL_MAX_FAILED_SHARE=lots"],
            ["NEWSCRAWL_MAX_FAILED_SHARE='lots'", "a number from 0 to 1"],
        ),
        (["-s", "NEWSCRAWL_MAX_REQUEST=5"], ["NEWSCRAWL_MAX_REQUEST", "NEWSCRAWL_MAX_REQUESTS?"]),
        (["-a", "baseurl=http://mirror.local"], ["baseurl='http://mirror.local'", "base_url?"]),
        (["-a", "base_url=mirror.local"], ["base_url='mirror.local'", "an http(s) URL"]),
        (["-a", "full=maybe"], ["full='maybe'", "true or false"]),
        (
            ["-s", "NEWSCRAWL_SCHEMA=/no/such.json"],
            ["NEWSCRAWL_SCHEMA='/no/such.json'", "no such file"],
        ),
        (
            ["-s", "NEWSCRAWL_STATE_CLASS=newscrawl.state.Nothing"],
            ["NEWSCRAWL_STATE_CLASS='newscrawl.state.Nothing'", "cannot be imported"],
        ),
    ],
    ids=[
        "not-a-number",
        "negative",
        "bad-float",
        "typo-setting",
        "typo-argument",
        "no-scheme",
        "bad-bool",
        "no-schema-file",
        "no-state-class",
    ],
)
def test_a_wrong_setting_or_argument_is_one_line_and_exit_1(
    tmp_path: Path, args: list[str], expected: list[str]
) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "almaghribtoday", *args]
    command += [
        "-s",
        f"NEWSCRAWL_STATE_PATH={tmp_path / 's.sqlite3'}",
        "-O",
        str(tmp_path / "o.jsonl"),
    ]
    result = subprocess.run(
        command, cwd=REPO, env=ENV, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    said = result.stderr.strip().splitlines()
    assert len(said) == 1, said  # no traceback, no log: nothing started
    for part in expected:
        assert part in said[0], said[0]
    assert list(tmp_path.iterdir()) == []


def test_every_setting_the_code_reads_is_declared_once_in_the_model() -> None:
    from newscrawl import settings
    from newscrawl.config import RETIRED, NewscrawlSettings

    used = set()
    for path in (REPO / "newscrawl").rglob("*.py"):
        used |= set(re.findall(r"\bNEWSCRAWL_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    declared = set(NewscrawlSettings.model_fields)
    assert not set(RETIRED) & declared  # a retired setting is only named, to warn of it
    assert used - {"NEWSCRAWL_"} - set(RETIRED) <= declared, used - declared
    assert {k for k in vars(settings) if k.startswith("NEWSCRAWL_")} == declared


def test_the_readme_settings_table_is_the_models() -> None:
    from newscrawl.config import markdown_tables

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert markdown_tables() in readme, "run `python -m newscrawl.config` and paste its tables"


# ---- 6. a site that does not answer ---------------------------------------------------------
@pytest.mark.parametrize("failure", ["connection refused", "dns lookup failed"])
def test_a_site_that_does_not_answer_ends_the_run_with_one_line_and_exit_4(
    tmp_path: Path, failure: str
) -> None:
    extra: tuple[str, ...] = ()
    if failure == "connection refused":
        with socket.socket() as sock:  # a port nothing listens on
            sock.bind(("127.0.0.1", 0))
            origin = f"http://127.0.0.1:{sock.getsockname()[1]}"
    else:  # .invalid never resolves (RFC 2606); no retries, to keep the test short
        origin, extra = "http://newscrawl-test.invalid", ("-s", "RETRY_TIMES=0")
    result = crawl(origin, *extra, out=tmp_path / "o.jsonl", state=tmp_path / "s.sqlite3",
                   report=tmp_path / "r.json")  # fmt: skip
    assert result.returncode == 4, result.stderr[-3000:]
    said = own_lines(result.stderr)
    assert len(said) == 1 and f"nothing answers at {origin} ({failure}: " in said[0], said
    assert "Traceback" not in result.stderr
    assert "Monitor failed" not in result.stderr and "FAIL:" not in result.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["finish_reason"] == "origin_unreachable"
    assert report["monitors"]["summary"] == "0 passed, 8 skipped, 0 failed"


# ---- 7. skipped monitors --------------------------------------------------------------------
def test_skipped_monitors_are_counted_as_skipped(site: SnapshotServer, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    assert (
        crawl(
            site.url, out=tmp_path / "1.jsonl", state=state, report=tmp_path / "1.json"
        ).returncode
        == 0
    )
    assert (
        crawl(
            site.url, out=tmp_path / "2.jsonl", state=state, report=tmp_path / "2.json"
        ).returncode
        == 0
    )
    monitors = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))["monitors"]
    # nothing exported: the coverage and fallback monitors have nothing to judge, and
    # spidermon's error count monitor skips a run that logged no error; the reach monitor has
    # one earlier run to compare with, fewer than the three it needs
    assert (monitors["passed"], monitors["skipped"], monitors["failed"]) == (4, 4, 0)
    assert monitors["summary"] == "4 passed, 4 skipped, 0 failed"


# ---- 8. Ctrl-C and SIGTERM --------------------------------------------------------------------
@pytest.mark.parametrize(
    "signals", [[signal.SIGTERM], [signal.SIGINT, signal.SIGINT]], ids=["sigterm", "ctrl-c-twice"]
)
def test_a_stopped_run_exits_5_and_the_resumed_run_gives_every_article_once(
    tmp_path: Path, signals: list[signal.Signals]
) -> None:
    slow = SnapshotServer(DEFAULT_ROOT)
    state, first, second = tmp_path / "state.sqlite3", tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "almaghribtoday", "-a", "base_url={}",
        "-O", str(first), "-s", f"NEWSCRAWL_STATE_PATH={state}",
        "-s", f"NEWSCRAWL_REPORT={tmp_path / '1.report.json'}",
        "-s", "DOWNLOAD_DELAY=0.1", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False",
    ]  # fmt: skip
    with served(slow):
        command[6] = f"base_url={slow.url}"
        run = subprocess.Popen(
            command, cwd=REPO, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and run.poll() is None:
                if first.exists() and first.read_bytes().count(b"\n") >= 10:
                    break
                time.sleep(0.05)
            assert run.poll() is None, "the crawl ended before it could be stopped"
            for sent in signals:  # a second Ctrl-C comes before the first has closed the run
                run.send_signal(sent)
                time.sleep(0.05)
            _, stderr = run.communicate(timeout=60)
        finally:
            if run.poll() is None:
                run.kill()
        assert run.returncode == 5, stderr[-3000:]
        assert "newscrawl: stopped" in stderr
        stopped = lines(first)
        assert 10 <= len(stopped) < len(ALL_IDS)
        if len(signals) == 1:  # a graceful stop: report written, state saved and closed
            report = json.loads((tmp_path / "1.report.json").read_text(encoding="utf-8"))
            assert report["finish_reason"] == "shutdown"
            assert state_rows(state, "SELECT COUNT(*) FROM articles") == [(len(stopped),)]
        result = crawl(slow.url, out=second, state=state)
    assert result.returncode == 0, result.stderr[-3000:]
    together = [i["articleId"] for i in stopped + lines(second)]
    assert sorted(together) == sorted(ALL_IDS)


def test_the_systemd_unit_takes_a_stopped_run_for_a_success() -> None:
    unit = (REPO / "deploy" / "newscrawl.service").read_text(encoding="utf-8")
    statuses = re.search(r"^SuccessExitStatus=(.*)$", unit, re.M)
    assert statuses and "5" in statuses.group(1).split()
    from newscrawl.commands.crawl import EXIT_STOPPED

    assert EXIT_STOPPED == 5


# ---- 9. output names --------------------------------------------------------------------------
def test_the_default_output_is_named_in_utc_with_z_as_the_readme_shows(
    site: SnapshotServer, tmp_path: Path
) -> None:
    result = crawl(site.url, out=None, state=tmp_path / "state.sqlite3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    names = sorted(p.name for p in (tmp_path / "output" / "almaghribtoday").iterdir())
    pattern = r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ"
    assert len(names) == 3  # the output, its HTML and JSON reports
    assert re.fullmatch(pattern + r"\.jsonl", names[0]), names
    assert re.fullmatch(pattern + r"\.report\.html", names[1]), names
    assert re.fullmatch(pattern + r"\.report\.json", names[2]), names
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"output/almaghribtoday/(\S+?\.jsonl)", readme)
    assert shown and all(re.fullmatch(pattern + r"\.jsonl", name) for name in shown)


# ---- 10. scrapy parse and scrapy check ------------------------------------------------------
def test_scrapy_parse_and_check_leave_no_files(site: SnapshotServer, tmp_path: Path) -> None:
    shutil.copy(REPO / "scrapy.cfg", tmp_path / "scrapy.cfg")
    article = SITE.articles[0]
    url = site.url + quote(article.path)
    parse = subprocess.run(
        [sys.executable, "-m", "scrapy", "parse", "--spider", "almaghribtoday",
         "-a", f"base_url={site.url}", "-c", "parse_article", url],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert parse.returncode == 0, parse.stderr[-3000:]
    assert article.article_id in parse.stdout  # the page was read
    check = subprocess.run(
        [sys.executable, "-m", "scrapy", "check", "almaghribtoday"],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr[-3000:]
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert left == ["scrapy.cfg"]


# ---- 11. the state per origin ---------------------------------------------------------------
def test_a_mirror_crawl_hides_no_article_of_another_origin_unless_told_to_share(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.sqlite3"
    with (
        served(SnapshotServer(DEFAULT_ROOT)) as mirror,
        served(SnapshotServer(DEFAULT_ROOT)) as other,
    ):
        assert crawl(mirror.url, out=tmp_path / "1.jsonl", state=state).returncode == 0
        assert len(lines(tmp_path / "1.jsonl")) == len(ALL_IDS)
        # another origin on the same state file: its articles are its own
        assert crawl(other.url, out=tmp_path / "2.jsonl", state=state).returncode == 0
        assert {i["articleId"] for i in lines(tmp_path / "2.jsonl")} == ALL_IDS
        # shared on purpose: a third origin keyed as the first knows its articles
        other.hits.clear()
        third = crawl(other.url, "-s", f"NEWSCRAWL_STATE_KEY={mirror.url}",
                      out=tmp_path / "3.jsonl", state=state)  # fmt: skip
        assert third.returncode == 0
        assert not (tmp_path / "3.jsonl").exists()
        assert _article_hits(other) == 0
    keys = {row[0] for row in state_rows(state, "SELECT DISTINCT key FROM articles")}
    assert keys == {mirror.url, other.url}


# ---- 12. pages that fail end --------------------------------------------------------------------
def test_gone_and_failing_pages_end_and_are_listed(tmp_path: Path) -> None:
    from newscrawl.urls import article_id, path_key

    feed = (DEFAULT_ROOT / "rss.xml").read_text(encoding="utf-8")
    rss_ids = {article_id(link) for link in re.findall(r"<link>([^<]+)</link>", feed)}
    linked = [a for a in SITE.articles if a.article_id in rss_ids]
    gone, broken = linked[0], linked[1]  # both linked from the feed, read by every run
    faults = {
        "paths": {gone.path: {"kind": "http_404"}, broken.path: {"kind": "binary", "size": 4000}}
    }
    server = SnapshotServer(DEFAULT_ROOT, faults=faults)
    state = tmp_path / "state.sqlite3"
    extra = ("-s", "NEWSCRAWL_MAX_PENDING_ATTEMPTS=2", "-s", "NEWSCRAWL_MAX_FAILED_SHARE=0.5")
    reports = []
    with served(server):
        for n in (1, 2):
            report = tmp_path / f"{n}.report.json"
            result = crawl(
                server.url, *extra, out=tmp_path / f"{n}.jsonl", state=state, report=report
            )
            assert result.returncode == 0, result.stderr[-3000:]
            reports.append(json.loads(report.read_text(encoding="utf-8"))["failed_pages"])
        by_url = [{path_key(p["url"]): p for p in pages} for pages in reports]
        gone_key, broken_key = (
            path_key(server.url + quote(gone.path)),
            path_key(server.url + quote(broken.path)),
        )
        assert by_url[0][gone_key] | {"url": ""} == {
            "url": "",
            "reason": "http_404",
            "runs": 1,
            "status": "gone",
        }
        assert by_url[0][broken_key]["status"] == "retry" and by_url[0][broken_key]["runs"] == 1
        assert by_url[1][broken_key] | {"url": ""} == {
            "url": "",
            "reason": "binary",
            "runs": 2,
            "status": "failed",
        }
        assert state_rows(state, "SELECT url FROM pending") == []  # neither is left to retry
        show = subprocess.run(
            [sys.executable, "-m", "newscrawl.state", "show", "--failed", "--path", str(state)],
            cwd=REPO, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert show.returncode == 0
        listed = show.stdout.splitlines()[1:]
        assert any(x.startswith("gone\thttp_404\t") and x.endswith(gone_key) for x in listed)
        assert any(
            x.startswith("failed\tbinary\t2 run(s)") and x.endswith(broken_key) for x in listed
        )
        # the pages answer again: the gone article, linked again, is fetched and exported (it was
        # published again); the failed one is not fetched again
        server.faults = None
        server.hits.clear()
        result = crawl(server.url, *extra, out=tmp_path / "3.jsonl", state=state)
        assert result.returncode == 0, result.stderr[-3000:]
    assert [i["articleId"] for i in lines(tmp_path / "3.jsonl")] == [gone.article_id]
    assert not any(path_key(server.url + k) == broken_key for k in server.hits)


@pytest.mark.parametrize("first", ["crawl", "command-line"])
def test_a_state_from_before_origins_is_upgraded_with_each_article_under_its_origin(
    tmp_path: Path, first: str, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "old.sqlite3"
    with sqlite3.connect(state) as db:
        db.executescript(
            """
            CREATE TABLE articles (article_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
                date_modified TEXT, date_published TEXT, url TEXT, exported_at TEXT NOT NULL,
                run_id TEXT);
            CREATE TABLE pending (url TEXT PRIMARY KEY, kind TEXT NOT NULL,
                page INTEGER NOT NULL DEFAULT 1, attempts INTEGER NOT NULL DEFAULT 0,
                since TEXT NOT NULL);
            CREATE TABLE runs (run_id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT,
                outputs TEXT NOT NULL DEFAULT '[]');
            INSERT INTO articles VALUES ('314/1-a', 'f', NULL, NULL,
                'https://www.almaghribtoday.net/314/1-a', 'now', 'r');
            INSERT INTO articles VALUES ('314/2-b', 'f', NULL, NULL,
                'http://127.0.0.1:8080/314/2-b', 'now', 'r');
            INSERT INTO articles VALUES ('314/4-d', 'f', NULL, NULL,
                'https://www.almaghribtoday.net/314/4-d', 'now', 'r');
            INSERT INTO pending VALUES ('/314/3-c', 'article', 1, 0, 'now');
            """
        )
    if first == "command-line":  # no origin of its own: pending goes to the articles' main one
        from newscrawl.state import main

        assert main(["show", "--path", str(state)]) == 0
        assert "https://www.almaghribtoday.net: 2 articles" in capsys.readouterr().out
    production = SQLiteState(state, key="https://www.almaghribtoday.net")
    production.open("after-the-upgrade")
    try:
        assert production.get("314/1-a") is not None
        assert production.get("314/2-b") is None  # a mirror's article hides nothing here
        assert [p.url for p in production.take_pending(3)[0]] == ["/314/3-c"]
    finally:
        production.close()
    mirror = SQLiteState(state, key="http://127.0.0.1:8080")
    mirror.open("the-mirror")
    try:
        assert mirror.get("314/2-b") is not None and mirror.get("314/1-a") is None
    finally:
        mirror.close()

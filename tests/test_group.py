"""``python -m newscrawl.group``: every configured site crawled in turn, one summary table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newscrawl.group import SiteRun, group_status, table
from sitesnapshot.server import SNAPSHOTS, SnapshotServer
from tests.conftest import REPO, served


def test_group_crawls_each_site_in_turn_and_prints_one_table(tmp_path: Path) -> None:
    with (
        served(SnapshotServer(SNAPSHOTS["almaghribtoday"])) as home,
        served(SnapshotServer(SNAPSHOTS["egypttoday"])) as sister,
    ):
        result = subprocess.run(
            [
                sys.executable, "-m", "newscrawl.group",
                "--sites", "almaghribtoday,egypttoday",
                "--output", str(tmp_path / "out"),
                "--base-url", f"almaghribtoday={home.url}",
                "--base-url", f"egypttoday={sister.url}",
                "--",
                "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", f"NEWSCRAWL_STATE_PATH={tmp_path / 'state.sqlite3'}",
                "-s", "LOG_LEVEL=WARNING",
            ],
            cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    start = lines.index("group crawl of 2 sites")
    header, rule, first, second = lines[start + 1 : start + 5]
    assert header.startswith("| site ") and set(rule) <= {"|", "-", " "}
    assert first.split("|")[1].strip() == "almaghribtoday" and "| 45 " in first
    assert second.split("|")[1].strip() == "egypttoday" and "| 10 " in second
    for site, count in (("almaghribtoday", 45), ("egypttoday", 10)):
        (output,) = (tmp_path / "out" / site).glob("*.jsonl")
        items = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
        assert len(items) == count and {i["site"] for i in items} == {site}
        assert output.with_suffix(".report.json").exists()


def test_group_refuses_an_unknown_site() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.group", "--sites", "almaghribtoday,nosuchsite"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "no site nosuchsite" in result.stderr


def test_group_status_is_the_worst_site_status(tmp_path: Path) -> None:
    runs = [
        SiteRun("almaghribtoday", 0, tmp_path / "a.jsonl", tmp_path / "a.json", {}),
        SiteRun("egypttoday", 3, tmp_path / "b.jsonl", tmp_path / "b.json", {}),
    ]
    assert group_status(runs) == 3
    assert group_status(runs[:1]) == 0
    assert "3 (monitor failed)" in table(runs)


def test_a_stopped_group_lets_the_crawl_close_and_crawls_no_further_site(tmp_path: Path) -> None:
    """SIGINT to the group's process group (Ctrl-C, systemd's KillSignal): the crawl in progress
    closes gracefully (exit 5, its report written) and the next site is not crawled."""
    import os
    import signal
    import time

    with served(SnapshotServer(SNAPSHOTS["almaghribtoday"])) as home:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "newscrawl.group",
                "--sites", "almaghribtoday,egypttoday",
                "--output", str(tmp_path / "out"),
                "--base-url", f"almaghribtoday={home.url}",
                "--",
                "-s", "DOWNLOAD_DELAY=0.5", "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", f"NEWSCRAWL_STATE_PATH={tmp_path / 'state.sqlite3'}",
                "-s", "LOG_LEVEL=WARNING",
            ],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(home.hits.values()) < 5:
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 5, stderr[-3000:]
    assert "group crawl of 1 sites" in stdout
    (report,) = (tmp_path / "out" / "almaghribtoday").glob("*.report.json")
    assert json.loads(report.read_text(encoding="utf-8"))["finish_reason"] == "shutdown"
    assert not (tmp_path / "out" / "egypttoday").exists()

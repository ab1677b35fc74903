"""Deployment: ``scrapyd-deploy`` packages the project, scrapyd on 127.0.0.1 runs a crawl of the
snapshot scheduled through its HTTP API, and the items land where scrapyd keeps them."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import REPO, served
from tests.expected import expected_items

pytest.importorskip("scrapyd", reason="scrapyd is not installed (pip install -e '.[test]')")
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _api(
    base: str,
    endpoint: str,
    data: dict[str, Any] | list[tuple[str, str]] | None = None,
    timeout: float = 10,
) -> Any:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=timeout) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    (tmp_path / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {tmp_path / 'eggs'}\n"
        f"logs_dir = {tmp_path / 'logs'}\n"
        f"items_dir = {tmp_path / 'items'}\n"
        f"dbs_dir = {tmp_path / 'dbs'}\n"
        "max_proc = 1\n"
        "poll_interval = 0.2\n",
        encoding="utf-8",
    )
    daemon = subprocess.Popen(
        [_tool("scrapyd")], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _api(base, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                if daemon.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("scrapyd did not start") from None
                time.sleep(0.2)
        yield base, tmp_path
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def _multipart(fields: dict[str, str], egg: Path) -> tuple[bytes, str]:
    boundary = "newscrawl-egg-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="{egg.name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + egg.read_bytes()
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_scrapyd_deploys_schedules_and_runs_a_crawl(
    scrapyd: tuple[str, Path], tmp_path: Path
) -> None:
    base, home = scrapyd
    egg = tmp_path / "newscrawl.egg"
    build = subprocess.run(
        [_tool("scrapyd-deploy"), f"--build-egg={egg}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0 and egg.is_file(), build.stderr[-2000:]
    body, content_type = _multipart({"project": "newscrawl", "version": "1"}, egg)
    request = urllib.request.Request(
        f"{base}/addversion.json", data=body, headers={"Content-Type": content_type}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        added = json.loads(response.read())
    assert added["status"] == "ok", added
    # scrapyd answers after running `scrapy list` on the egg: seconds on a busy machine
    spiders = _api(base, "listspiders.json?project=newscrawl", timeout=90)["spiders"]
    assert "almaghribtoday" in spiders and "egypttoday" in spiders

    with served(SnapshotServer(DEFAULT_ROOT)) as site:
        job = _api(
            base,
            "schedule.json",
            [
                ("project", "newscrawl"),
                ("spider", "almaghribtoday"),
                ("base_url", site.url),
                ("setting", "DOWNLOAD_DELAY=0"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
                ("setting", f"NEWSCRAWL_STATE_PATH={home / 'state.sqlite3'}"),
            ],
            timeout=90,  # scrapyd lists the spiders again to check the name
        )
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            jobs = _api(base, "listjobs.json?project=newscrawl")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.5)
        else:
            pytest.fail("the scrapyd job did not finish")
    items_file = home / "items" / "newscrawl" / "almaghribtoday" / f"{job['jobid']}.jl"
    log = next((home / "logs").rglob(f"{job['jobid']}.log"), None)
    assert items_file.is_file(), log.read_text(encoding="utf-8")[-3000:] if log else "no log"
    items = [json.loads(line) for line in items_file.read_text(encoding="utf-8").splitlines()]
    assert {i["articleId"] for i in items} == set(expected_items(site.url))
    assert "\\u06" not in items_file.read_text(encoding="utf-8")

"""The scheduling files in deploy/ run the same command a user runs."""

from __future__ import annotations

import configparser

from tests.conftest import REPO

DEPLOY = REPO / "deploy"


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / name, encoding="utf-8")
    return unit


def test_cron_line_runs_the_crawl_hourly() -> None:
    lines = [
        x
        for x in (DEPLOY / "newscrawl.cron").read_text(encoding="utf-8").splitlines()
        if x and not x.startswith("#")
    ]
    assert len(lines) == 1
    minute, hour, day, month, weekday, command = lines[0].split(None, 5)
    assert minute.isdigit() and (hour, day, month, weekday) == ("*", "*", "*", "*")
    assert "scrapy crawl almaghribtoday" in command


def test_systemd_service_and_timer() -> None:
    service, timer = _unit("newscrawl.service"), _unit("newscrawl.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].endswith("scrapy crawl almaghribtoday")
    assert service["Service"]["WorkingDirectory"]
    assert service["Service"]["KillSignal"] == "SIGINT"  # graceful: feed and state stay consistent
    assert timer["Timer"]["OnCalendar"] == "hourly"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_group_service_and_timer_run_the_group_command() -> None:
    service, timer = _unit("newscrawl-group.service"), _unit("newscrawl-group.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].endswith("python -m newscrawl.group")
    assert service["Service"]["KillSignal"] == "SIGINT"
    assert service["Service"]["SuccessExitStatus"] == "2 5"
    assert timer["Timer"]["OnCalendar"] == "hourly"
    assert timer["Install"]["WantedBy"] == "timers.target"

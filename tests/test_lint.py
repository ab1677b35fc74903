"""The code stays as CONVENTIONS.md asks: ruff check, ruff format and mypy clean."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "newscrawl", "sitesnapshot", "tests", "bench"],
        ["ruff", "format", "--check", "newscrawl", "sitesnapshot", "tests", "bench"],
        ["mypy", "newscrawl", "sitesnapshot"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_lint(command: list[str]) -> None:
    tool = shutil.which(command[0], path=str(REPO / ".venv" / "bin")) or shutil.which(command[0])
    if tool is None:
        pytest.skip(f"{command[0]} is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [tool, *command[1:]], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]


def test_pure_modules_import_no_scrapy() -> None:
    code = "import sys, newscrawl.dates, newscrawl.text, newscrawl.urls; print('scrapy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

"""The crawler ships alone: the wheel that ``pip install .`` builds (and the scrapyd egg built
from the same package list) holds ``newscrawl`` and its data, never the bundled snapshot, its
server, the demo or the tests."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_the_wheel_holds_the_crawler_and_no_snapshot(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
            "--quiet", "--wheel-dir", str(tmp_path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = tmp_path.glob("newscrawl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert top <= {"newscrawl", *(n for n in top if n.endswith(".dist-info"))}, top
    assert not [n for n in names if "snapshot" in n or n.endswith(".html")], [
        n for n in names if "snapshot" in n or n.endswith(".html")
    ][:10]
    # what the crawler needs at run time is there
    for needed in (
        "newscrawl/schema.json",
        "newscrawl/sites.toml",
        "newscrawl/dates/tables.py",
        "newscrawl/spiders/site.py",
    ):
        assert needed in names, needed


def test_the_scrapyd_egg_holds_no_snapshot(tmp_path: Path) -> None:
    egg = tmp_path / "newscrawl.egg"
    build = subprocess.run(
        [str(Path(sys.executable).with_name("scrapyd-deploy")), f"--build-egg={egg}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0 and egg.is_file(), build.stderr[-2000:]
    names = zipfile.ZipFile(egg).namelist()
    assert "newscrawl/settings.py" in names
    assert not [n for n in names if "snapshot" in n or n.endswith(".html")]

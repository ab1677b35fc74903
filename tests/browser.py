"""Headless Chromium for the tests: Debian's ``chromium`` package (``.ci/run`` installs it),
driven by Playwright over the DevTools protocol (``playwright install`` is never run: no
browser is downloaded). Without it the browser tests skip with the reason, except under
``CI=true``, where a missing browser fails them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

#: flags for a sandboxed, offline headless run (as root: --no-sandbox); no background traffic
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_path() -> str:
    """The chromium executable, or skip (fail under ``CI=true``) saying what is missing."""
    path = os.environ.get("NEWSCRAWL_CHROMIUM") or shutil.which("chromium") or ""
    missing = (
        ""
        if path and os.access(path, os.X_OK)
        else "no chromium on PATH (apt-get install chromium)"
    )
    if not missing:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser test cannot run: {missing}")
        pytest.skip(missing)
    return path


@contextmanager
def browser_page(width: int = 1100, height: int = 900) -> Iterator[tuple[Any, list[str]]]:
    """A fresh page of a headless Chromium and the list its console errors, page errors and
    network requests other than ``file:`` ones are appended to."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on(
                "request",
                lambda r: (
                    problems.append(f"network request: {r.url}")
                    if not r.url.startswith("file:")
                    else None
                ),
            )
            yield page, problems
        finally:
            browser.close()

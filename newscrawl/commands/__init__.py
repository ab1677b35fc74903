"""newscrawl's Scrapy commands: ``crawl`` with checked configuration and exit statuses a
scheduler can act on; ``parse`` and ``check`` that leave no files behind."""

from __future__ import annotations

from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES

#: what a ``scrapy crawl`` run leaves that a look at one page must not: the default output
#: file, the run report, the state (its file, its lock, its record of pending requests)
RUN_FILES = ("NEWSCRAWL_DEFAULT_FEED", "NEWSCRAWL_REPORT", "NEWSCRAWL_STATE_CLASS")


def no_run_files(settings: Any) -> None:
    """Turn off the files a crawl leaves behind, unless ``-s`` sets them on purpose (``-o`` and
    ``-O`` still write where they say)."""
    for name in RUN_FILES:
        if settings.getpriority(name) < SETTINGS_PRIORITIES["cmdline"]:
            settings.set(name, None, priority="cmdline")

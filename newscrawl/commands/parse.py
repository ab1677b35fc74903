"""``scrapy parse``, as Scrapy's, leaving nothing behind: no default output file, no run
report, and the state neither read nor written (see :func:`newscrawl.commands.no_run_files`)."""

from __future__ import annotations

from typing import Any

from scrapy.commands.parse import Command as ScrapyParse

from newscrawl.commands import no_run_files


class Command(ScrapyParse):
    def process_options(self, args: list[str], opts: Any) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        no_run_files(self.settings)

"""``scrapy check``, as Scrapy's, leaving nothing behind (see
:func:`newscrawl.commands.no_run_files`)."""

from __future__ import annotations

from typing import Any

from scrapy.commands.check import Command as ScrapyCheck

from newscrawl.commands import no_run_files


class Command(ScrapyCheck):
    def process_options(self, args: list[str], opts: Any) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        no_run_files(self.settings)

"""Feed storage and duplicate filtering for crawls that may be killed at any moment."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from scrapy.dupefilters import RFPDupeFilter
from scrapy.extensions.feedexport import FileFeedStorage


class FlushedFileFeedStorage(FileFeedStorage):
    """Scrapy's file storage, unbuffered: each exported line reaches the file as the exporter
    writes it (one ``write`` per JSON line), so a killed run leaves only complete lines, and the
    state marks an article exported only once its line is in the file."""

    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, kept in memory for one run even when JOBDIR is set.

    With JOBDIR, Scrapy's filter persists every request it has seen, including those that were
    in flight when a run was killed; the resumed run would then skip the homepage and listings
    and never find the articles those requests would have led to. Which articles are done across
    runs is the state store's job (:mod:`newscrawl.state`); the filter only stops repeats within
    a run.
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunDupeFilter:
        return cls(
            path=None,
            debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )

"""Feed storage and duplicate filtering for crawls that may be killed at any moment."""

from __future__ import annotations

import errno
import io
import logging
import os
from pathlib import Path
from typing import IO, Any

from scrapy.dupefilters import RFPDupeFilter
from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)

#: stats: lines the feeds could not write (a full disk, an unwritable folder), and why
WRITE_FAILED = "newscrawl/feed/write_failed"
WRITE_ERRORS = "newscrawl/feed/write_errors"


def describe(error: OSError) -> str:
    """``[Errno 28] No space left on device (ENOSPC)``."""
    name = errno.errorcode.get(error.errno or 0, "")
    return f"[Errno {error.errno}] {error.strerror or error}" + (f" ({name})" if name else "")


class CheckedFile(io.RawIOBase):
    """An output file, unbuffered, whose failed writes are logged once with the file's path
    and errno and counted in the crawl's stats (``newscrawl/feed/write_failed``) instead of
    raised into Scrapy's signal handler. :class:`newscrawl.extensions.ExportedState` reads the
    count: an article whose line did not reach every output is not recorded as exported, so the
    next run exports it. A file that could not be opened fails every write."""

    def __init__(
        self, path: Path, raw: IO[bytes] | None, error: OSError | None, stats: Any
    ) -> None:
        super().__init__()
        self.path = path
        self.raw = raw
        self.stats = stats
        self.logged = False
        if error is not None:
            self._failed(error)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        if self.raw is None:
            self._failed(None)
            return len(view)
        done = 0
        try:
            while done < len(view):  # an unbuffered write may write part of the line
                done += self.raw.write(view[done:]) or 0
        except OSError as exc:
            self._failed(exc)
        return len(view)

    def _failed(self, error: OSError | None) -> None:
        if self.stats is not None:
            self.stats.inc_value(WRITE_FAILED)
        if error is None or self.logged:
            return
        self.logged = True
        text = f"{self.path}: {describe(error)}"
        logger.error(
            "Could not write the output %s; the articles it lacks are not recorded as exported, "
            "and the next run exports them",
            text,
        )
        if self.stats is not None:
            errors = self.stats.get_value(WRITE_ERRORS) or []
            self.stats.set_value(WRITE_ERRORS, [*errors, text])

    def close(self) -> None:
        if self.raw is not None and not self.raw.closed:
            try:
                self.raw.close()
            except OSError as exc:
                self._failed(exc)
        super().close()


#: stats: the local files the run's feeds write to, in the order of FEEDS
OUTPUTS = "newscrawl/feed/outputs"


class FlushedFileFeedStorage(FileFeedStorage):
    """Scrapy's file storage, unbuffered: each exported line reaches the file as the exporter
    writes it (one ``write`` per JSON line), so a killed run leaves only complete lines, and the
    state marks an article exported only once its line is in the file. A file that cannot be
    opened or written is reported, not raised (:class:`CheckedFile`).

    Scrapy opens a feed's file at its first item (``FEED_STORE_EMPTY = False`` in the project's
    settings keeps a run with no item from creating or truncating it)."""

    stats: Any = None

    @classmethod
    def from_crawler(
        cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> FlushedFileFeedStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.stats = crawler.stats
        # Scrapy's FeedExporter makes the storage of each feed when the spider opens, with its
        # placeholders filled in (``%(time)s``): the file is known then, though opened at the
        # first item only. (It also makes one from the bare template when it starts, to check
        # that the scheme is supported: a path still holding a placeholder is not a file.)
        if "%(" not in uri:
            path = str(Path(storage.path).resolve())
            outputs = list(crawler.stats.get_value(OUTPUTS) or [])
            if path not in outputs:
                crawler.stats.set_value(OUTPUTS, [*outputs, path])
        return storage

    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        try:
            if path.parent.exists() and not path.parent.is_dir():  # mkdir would say EEXIST
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
            path.parent.mkdir(parents=True, exist_ok=True)
            raw: IO[bytes] | None = path.open(self.write_mode, buffering=0)
            error = None
        except OSError as exc:
            raw, error = None, exc
        return CheckedFile(path, raw, error, self.stats)  # type: ignore[return-value]


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

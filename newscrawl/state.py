"""The crawl's memory across runs: which articles were exported, with what content and update date.

A scheduled crawl reads the homepage, the RSS feed and the section listings every time, but
fetches an article only when the state does not know it, or when a listing shows an update newer
than the one exported; it re-exports it only when its content changed. No Scrapy built-in does
this: JOBDIR resumes one interrupted job, HttpCache and deltafetch never fetch a changed page
again. The store sits behind :class:`StateStore`, so a shared store (Redis, for scrapy-redis
workers) can replace the SQLite file: name its class in ``NEWSCRAWL_STATE_CLASS``.

Every article and listing page a run requests is recorded as pending until it is seen through, so
a request that failed, or was in flight when a run was killed, is made again by the next run
(up to ``NEWSCRAWL_MAX_PENDING_ATTEMPTS`` runs), even where the listings no longer lead to it.

The SQLite store also keeps a journal of runs with their output files. An article counts as
exported once the feed has written its line; if a run is killed between the feed's write and
the state's, the next run reads the killed run's output file and records what it finds there,
so that an article is neither lost nor exported twice.

The SQLite store commits its writes together, at most ``NEWSCRAWL_STATE_COMMIT_INTERVAL``
seconds apart (1 by default; 0 commits every write). One SQLite transaction per write was the
largest cost the crawl's process had for an article after Scrapy's own (``bench/RESULTS.md``).
Writes are committed in the order they were made, so a run killed before a commit leaves the
state as it was at the previous commit: its requests since then are still pending or unknown,
and are made again, and what its feed wrote since then is recorded by the next run from the
output file, as above. Nothing is lost; a page may be fetched twice.

``python -m newscrawl.state show|reset [--path FILE]`` inspects or empties a state file.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

#: Fields whose change makes an article new content again; URLs, related links, dates and
#: crawl metadata are not content.
CONTENT_FIELDS = (
    "headline",
    "description",
    "articleBody",
    "articleSection",
    "keywords",
    "authors",
    "dateline",
    "datePublished",
    "mainImage",
)


def fingerprint(item: Mapping[str, Any]) -> str:
    """A stable hash of an item's content fields."""
    content = {name: item.get(name) for name in CONTENT_FIELDS}
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Record:
    """What the state knows of one exported article."""

    article_id: str
    fingerprint: str
    date_modified: str | None
    date_published: str | None
    url: str | None


@dataclass(frozen=True)
class Pending:
    """A request a run made but did not see through: fetched again by the next run."""

    url: str
    kind: str  # "article" or "listing"
    page: int
    attempts: int


class StateLocked(RuntimeError):
    """Another run holds the state's lock."""


class StateStore(ABC):
    """The interface a state store offers the crawl."""

    @classmethod
    @abstractmethod
    def from_settings(cls, settings: Any) -> StateStore:
        """The store the crawl's settings name (``NEWSCRAWL_STATE_CLASS`` builds it with this)."""

    @abstractmethod
    def open(self, run_id: str, outputs: Iterable[str] = ()) -> None:
        """Take the store for one run (raising :class:`StateLocked` if another run has it) and
        record the run's output files."""

    @abstractmethod
    def close(self, finished: bool) -> None:
        """Release the store; ``finished`` marks the run as complete in the journal."""

    @abstractmethod
    def get(self, article_id: str) -> Record | None:
        """The record of an exported article, or ``None``."""

    @abstractmethod
    def put(self, item: Mapping[str, Any]) -> None:
        """Record an exported item (its ``articleId``, content fingerprint and dates)."""

    @abstractmethod
    def add_pending(self, url: str, kind: str, page: int = 1) -> None:
        """Record a request as under way until :meth:`done` is called for it."""

    @abstractmethod
    def done(self, url: str) -> None:
        """A request seen through: its article exported or judged, its listing page read."""

    @abstractmethod
    def take_pending(self, max_attempts: int) -> tuple[list[Pending], list[Pending]]:
        """The requests earlier runs left unfinished, each counted as one more attempt:
        ``(to fetch again, given up after max_attempts)``."""

    def flush(self) -> None:  # noqa: B027 - optional: a store that writes through has nothing to do
        """Make the writes so far durable."""

    @abstractmethod
    def count(self) -> int:
        """How many articles the store knows."""

    def record_reach(self, articles: int) -> None:  # noqa: B027 - optional: no history kept
        """Record how many articles this run reached (exported, or known and skipped)."""

    def recent_reach(self, runs: int) -> list[int]:
        """The articles reached by up to ``runs`` earlier runs, newest first ([] if not kept)."""
        return []

    @abstractmethod
    def reset(self) -> None:
        """Forget every article and run."""


def default_path() -> str:
    """``.scrapy/newscrawl/state.sqlite3`` in the project's data folder, as Scrapy keeps
    HTTPCACHE_DIR and JOBDIR there."""
    from scrapy.utils.project import data_path

    return str(Path(data_path("newscrawl", createdir=True)) / "state.sqlite3")


class SQLiteState(StateStore):
    """The state in one SQLite file, with a lock file beside it so that two runs never overlap."""

    def __init__(self, path: str | os.PathLike[str], commit_interval: float = 0.0) -> None:
        self.path = Path(path)
        #: seconds the writes may wait for one commit together; 0 commits each write
        self.commit_interval = max(0.0, commit_interval)
        self._db: sqlite3.Connection | None = None
        self._lock: IO[str] | None = None
        self._batch_started = 0.0
        self.run_id: str | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> SQLiteState:
        return cls(
            settings.get("NEWSCRAWL_STATE_PATH") or default_path(),
            commit_interval=settings.getfloat("NEWSCRAWL_STATE_COMMIT_INTERVAL", 1.0),
        )

    # ---- opening -------------------------------------------------------------------------------
    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(
                """
                CREATE TABLE IF NOT EXISTS articles (
                    article_id TEXT PRIMARY KEY,
                    fingerprint TEXT NOT NULL,
                    date_modified TEXT,
                    date_published TEXT,
                    url TEXT,
                    exported_at TEXT NOT NULL,
                    run_id TEXT
                );
                CREATE TABLE IF NOT EXISTS pending (
                    url TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    page INTEGER NOT NULL DEFAULT 1,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    since TEXT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS runs (
                    run_id TEXT PRIMARY KEY,
                    started TEXT NOT NULL,
                    finished TEXT,
                    outputs TEXT NOT NULL DEFAULT '[]'
                );
                """
            )
            self._db = db
        return self._db

    def _execute(self, sql: str, parameters: tuple[Any, ...]) -> None:
        """One write: in the open batch, committed with it once the batch is
        ``commit_interval`` old."""
        db = self._connect()
        if not self.commit_interval:
            db.execute(sql, parameters)
            return
        now = time.monotonic()
        if not db.in_transaction:
            db.execute("BEGIN")
            self._batch_started = now
        db.execute(sql, parameters)
        if now - self._batch_started >= self.commit_interval:
            db.execute("COMMIT")

    def flush(self) -> None:
        if self._db is not None and self._db.in_transaction:
            self._db.execute("COMMIT")

    def open(self, run_id: str, outputs: Iterable[str] = ()) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(self.lock_path, "a+", encoding="utf-8")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            lock.close()
            raise StateLocked(f"{self.lock_path} is held by {holder}") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}, run {run_id}\n")
        lock.flush()
        self._lock = lock
        self.run_id = run_id
        db = self._connect()
        self.recover()
        db.execute(
            "INSERT OR REPLACE INTO runs (run_id, started, outputs) VALUES (?, ?, ?)",
            (run_id, _now(), json.dumps(list(outputs))),
        )
        self.flush()

    def recover(self) -> int:
        """Record the articles that unfinished earlier runs wrote to their output files but did
        not record here (a run killed between the two writes, or before the state committed):
        new ones, and new versions of known ones, so that the next run neither loses them nor
        exports them again. Returns how many it recorded."""
        db = self._connect()
        added = 0
        unfinished = db.execute(
            "SELECT run_id, outputs FROM runs WHERE finished IS NULL ORDER BY started"
        ).fetchall()
        for run_id, outputs in unfinished:
            for output in json.loads(outputs):
                for item in _read_items(Path(output)):
                    key = item.get("articleId")
                    if not key:
                        continue
                    known = self.get(key)
                    if known is None or known.fingerprint != fingerprint(item):
                        self._write(item, run_id)
                        added += 1
            db.execute(
                "UPDATE runs SET finished = ? WHERE run_id = ?", ("recovered " + _now(), run_id)
            )
        self.flush()
        return added

    def close(self, finished: bool = True) -> None:
        if self._db is not None:
            self.flush()
            if finished and self.run_id:
                self._db.execute(
                    "UPDATE runs SET finished = ? WHERE run_id = ?", (_now(), self.run_id)
                )
            self._db.close()
            self._db = None
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    # ---- articles ------------------------------------------------------------------------------
    def get(self, article_id: str) -> Record | None:
        row = (
            self._connect()
            .execute(
                "SELECT article_id, fingerprint, date_modified, date_published, url FROM articles WHERE article_id = ?",
                (article_id,),
            )
            .fetchone()
        )
        return Record(*row) if row else None

    def put(self, item: Mapping[str, Any]) -> None:
        self._write(item, self.run_id)

    def _write(self, item: Mapping[str, Any], run_id: str | None) -> None:
        self._execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                item["articleId"],
                fingerprint(item),
                item.get("dateModified"),
                item.get("datePublished"),
                item.get("url"),
                _now(),
                run_id,
            ),
        )

    def add_pending(self, url: str, kind: str, page: int = 1) -> None:
        self._execute(
            "INSERT OR IGNORE INTO pending (url, kind, page, since) VALUES (?, ?, ?, ?)",
            (url, kind, page, _now()),
        )

    def done(self, url: str) -> None:
        self._execute("DELETE FROM pending WHERE url = ?", (url,))

    def take_pending(self, max_attempts: int) -> tuple[list[Pending], list[Pending]]:
        db = self._connect()
        db.execute("UPDATE pending SET attempts = attempts + 1")
        rows = [
            Pending(*row)
            for row in db.execute("SELECT url, kind, page, attempts FROM pending ORDER BY since")
        ]
        given_up = [p for p in rows if p.attempts > max_attempts]
        for entry in given_up:
            db.execute("DELETE FROM pending WHERE url = ?", (entry.url,))
        self.flush()
        return [p for p in rows if p.attempts <= max_attempts], given_up

    def count(self) -> int:
        return int(self._connect().execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # ---- how much of the site each run reached (the shrink monitor of newscrawl/guards.py) ----
    _REACH_TABLE = (
        "CREATE TABLE IF NOT EXISTS run_reach "
        "(run_id TEXT PRIMARY KEY, articles INTEGER NOT NULL, recorded TEXT NOT NULL)"
    )

    def record_reach(self, articles: int) -> None:
        db = self._connect()
        db.execute(self._REACH_TABLE)
        self._execute(
            "INSERT OR REPLACE INTO run_reach VALUES (?, ?, ?)", (self.run_id, articles, _now())
        )

    def recent_reach(self, runs: int) -> list[int]:
        db = self._connect()
        db.execute(self._REACH_TABLE)
        rows = db.execute(
            "SELECT articles FROM run_reach WHERE run_id IS NOT ? ORDER BY recorded DESC, "
            "rowid DESC LIMIT ?",
            (self.run_id, runs),
        )
        return [int(row[0]) for row in rows]

    def reset(self) -> None:
        db = self._connect()
        db.execute("DELETE FROM articles")
        db.execute("DELETE FROM pending")
        db.execute("DELETE FROM runs")
        db.execute(self._REACH_TABLE)
        db.execute("DELETE FROM run_reach")
        self.flush()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _read_items(path: Path) -> Iterable[dict[str, Any]]:
    """The complete JSON lines of an output file; a torn last line is skipped."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(line)
                if isinstance(value, dict):
                    yield value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.state", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "command", choices=["show", "reset"], help="print what the state holds, or empty it"
    )
    parser.add_argument(
        "--path",
        help="the state file (default: NEWSCRAWL_STATE_PATH, else .scrapy/newscrawl/state.sqlite3)",
    )
    args = parser.parse_args(argv)
    if args.path:
        store = SQLiteState(args.path)
    else:
        from scrapy.utils.project import get_project_settings

        store = SQLiteState.from_settings(get_project_settings())
    try:
        store.open(f"cli-{args.command}")
    except StateLocked as exc:
        print(f"the state is in use by a running crawl: {exc}", file=sys.stderr)
        return 1
    try:
        if args.command == "reset":
            store.reset()
            print(f"state reset: {store.path}")
        else:
            print(f"{store.path}: {store.count()} articles")
    finally:
        store.close(finished=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

The SQLite store commits each write as it is made (the file is in WAL mode, with
``synchronous=NORMAL``): a request is pending in the file before Scrapy gets it, and an article
is recorded as exported right after the feed has written its line. Committing the writes together
on a timer saved 0.1 ms of CPU an article (0.15 against 0.05 ms for its three writes, measured
side by side), about 1 % of the crawl's CPU a page, too little to keep a timer and a batch that a
kill could lose.

``python -m newscrawl.state show|reset [--path FILE]`` inspects or empties a state file;
``--redis URL`` the state of distributed crawls (:mod:`newscrawl.cluster.state`).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import sqlite3
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from newscrawl.items import fingerprint


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
    attempts: int  # runs before this one that made the request
    reason: str | None = None  # why it failed or was dropped last time, if it was


@dataclass(frozen=True)
class FailedPage:
    """A page the crawl gave up on: ``gone`` (404, 410) or ``failed`` (unreadable, invalid, or
    failing for ``NEWSCRAWL_MAX_PENDING_ATTEMPTS`` runs)."""

    url: str
    status: str  # "gone" or "failed"
    reason: str
    runs: int
    since: str


class StateLocked(RuntimeError):
    """Another run holds the state's lock."""


class StateUnusable(RuntimeError):
    """The state file cannot be used: corrupt, or not a newscrawl state. The message is one line
    that names the file and the fix."""


class StateStore(ABC):
    """The interface a state store offers the crawl.

    Every article, pending request and failed page is filed under :attr:`key`: the crawl's
    origin (``https://www.almaghribtoday.net``, a mirror's), or ``NEWSCRAWL_STATE_KEY``. A crawl
    of a mirror or of the demo never hides an article of the production site."""

    #: whose articles this run reads and records; the spider sets it before the store is opened
    key: str = ""

    @classmethod
    @abstractmethod
    def from_settings(cls, settings: Any) -> StateStore:
        """The store the crawl's settings name (``NEWSCRAWL_STATE_CLASS`` builds it with this)."""

    def check(self) -> None:  # noqa: B027 - optional: a store with nothing to check
        """Raise :class:`StateUnusable` if the store cannot be used; change nothing."""

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

    def known(self, article_id: str) -> Record | None:
        """The record as this process knows it, to decide whether a link is worth a request.
        A store shared by several workers may answer from what it read at open and what this
        process exported: an article another worker exported during the run is kept from a
        second fetch by the run's duplicate filter, not by this answer. :meth:`get` is the
        authority when an item is exported."""
        return self.get(article_id)

    @abstractmethod
    def put(self, item: Mapping[str, Any]) -> None:
        """Record an exported item (its ``articleId``, content fingerprint and dates)."""

    @abstractmethod
    def add_pending(self, url: str, kind: str, page: int = 1) -> None:
        """Record a request as under way until :meth:`done` is called for it."""

    @abstractmethod
    def done(self, url: str) -> None:
        """A request seen through: its article exported or judged, its listing page read. A page
        marked gone or failed before is so no more."""

    @abstractmethod
    def take_pending(self, max_attempts: int) -> tuple[list[Pending], list[Pending]]:
        """The requests earlier runs left unfinished, each counted as one more attempt:
        ``(to fetch again, given up after max_attempts runs)``; those given up are marked
        failed."""

    @abstractmethod
    def page_failed(
        self, url: str, reason: str, max_attempts: int, gone: bool = False
    ) -> FailedPage | Pending:
        """A requested page failed or was dropped for ``reason``. A gone page (404, 410) is marked
        gone at once; another is left pending for the next run, or marked failed once
        ``max_attempts`` runs have requested it. Returns what the page now is."""

    @abstractmethod
    def failed(self, url: str) -> FailedPage | None:
        """The page's failure record, if it was marked gone or failed."""

    @abstractmethod
    def failures(self) -> list[FailedPage]:
        """Every page marked gone or failed, oldest first."""

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

    # ---- the runs' figures, for the trend of the HTML run report (newscrawl.report) -----------
    def record_run(self, summary: Mapping[str, Any]) -> None:  # noqa: B027 - optional
        """Keep this run's figures (articles, failures, coverage); called once the run has
        closed the store. A store that keeps no history ignores it."""

    def recent_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The figures of the last ``limit`` runs under :attr:`key`, oldest first."""
        return []


class RunState:
    """The one owner of a run's incremental state.

    It builds the store ``NEWSCRAWL_STATE_CLASS`` names (SQLite, or Redis for a shared crawl),
    opens it when the crawl starts (the store recovers there what a killed run left), takes
    every write of the run, and closes it. The spider asks it what the state knows and tells it
    what was requested and seen through; :class:`newscrawl.extensions.ExportedState` opens and
    closes it on the crawl's signals and records each exported article. While no store is open
    (none configured, another run holds it, it is unusable, the run has ended) it knows nothing
    and keeps nothing: nothing else checks whether it is open.
    """

    def __init__(self, store: StateStore | None = None, *, full: bool = False) -> None:
        self.store = store
        #: -a full=1: every article is fetched and exported again, whatever the state knows
        self.full = full
        self._open = False

    @classmethod
    def from_settings(cls, settings: Any, key: str, *, full: bool = False) -> RunState:
        """The state the settings name, its articles filed under ``key`` (the crawl's origin,
        or ``NEWSCRAWL_STATE_KEY``); no store if ``NEWSCRAWL_STATE_CLASS`` is empty."""
        from scrapy.utils.misc import load_object

        store = None
        if settings.get("NEWSCRAWL_STATE_CLASS"):
            store = load_object(settings.get("NEWSCRAWL_STATE_CLASS")).from_settings(settings)
            store.key = settings.get("NEWSCRAWL_STATE_KEY") or key
        return cls(store, full=full)

    # ---- opening and closing (ExportedState, on the crawl's signals) ----------------------------
    @property
    def configured(self) -> bool:
        """Whether the run has a store at all (``NEWSCRAWL_STATE_CLASS`` is set)."""
        return self.store is not None

    def open(self, run_id: str, outputs: Iterable[str] = ()) -> bool:
        """Take the store for this run; ``False`` if there is none. Raises
        :class:`StateLocked` or :class:`StateUnusable` as the store does."""
        if self.store is None:
            return False
        self.store.open(run_id, outputs)
        self._open = True
        return True

    def close(self, finished: bool) -> int | None:
        """Release the store; the articles it knows at the end, or ``None`` if it was not open."""
        if self.store is None or not self._open:
            return None
        known = self.store.count()
        self._open = False
        self.store.close(finished=finished)
        return known

    # ---- what the state knows -------------------------------------------------------------------
    def get(self, article_id: str) -> Record | None:
        return self.store.get(article_id) if self._open and self.store is not None else None

    def known(self, article_id: str) -> Record | None:
        """What the spider goes by for a link (:meth:`StateStore.known`: a shared store may
        answer from what this worker read at open)."""
        return self.store.known(article_id) if self._open and self.store is not None else None

    def failed(self, url: str) -> FailedPage | None:
        return self.store.failed(url) if self._open and self.store is not None else None

    def count(self) -> int:
        return self.store.count() if self._open and self.store is not None else 0

    def consulted(self) -> bool:
        """Whether the spider's decisions go by the state: open, and not a full run."""
        return self._open and not self.full

    # ---- the run's writes -----------------------------------------------------------------------
    def add_pending(self, url: str, kind: str, page: int = 1) -> bool:
        """Record a request as pending; ``False`` if there is no open store to record it in."""
        if not self._open or self.store is None:
            return False
        self.store.add_pending(url, kind, page)
        return True

    def done(self, url: str) -> None:
        if self._open and self.store is not None:
            self.store.done(url)

    def flush(self) -> None:
        if self._open and self.store is not None:
            self.store.flush()

    def take_pending(self, max_attempts: int) -> tuple[list[Pending], list[Pending]]:
        if not self._open or self.store is None:
            return [], []
        return self.store.take_pending(max_attempts)

    def page_failed(
        self, url: str, reason: str, max_attempts: int, gone: bool = False
    ) -> FailedPage | Pending | None:
        """What the page now is (see :meth:`StateStore.page_failed`), or ``None`` if there is
        no open store to record it in."""
        if not self._open or self.store is None:
            return None
        return self.store.page_failed(url, reason, max_attempts, gone=gone)

    def exported(self, item: Mapping[str, Any]) -> str | None:
        """Record an article whose line the feed has written: ``"new"`` or ``"changed"``, or
        ``None`` if there is no open store to record it in."""
        if not self._open or self.store is None:
            return None
        known = self.store.get(item["articleId"])
        self.store.put(item)
        return "changed" if known else "new"

    def unchanged(self, item: Mapping[str, Any]) -> bool:
        """An article fetched again whose content is the one exported before: the state takes
        its new update date, and it is not exported again. Never so in a full run."""
        if not self._open or self.store is None or self.full:
            return False
        known = self.store.get(item.get("articleId") or "")
        if known is None or known.fingerprint != fingerprint(item):
            return False
        self.store.put(item)
        return True

    # ---- the runs' figures ------------------------------------------------------------------------
    def reach(self, this_run: int, runs: int, *, record: bool) -> list[int] | None:
        """The articles reached by up to ``runs`` earlier runs (oldest order kept by the
        store), this run's ``this_run`` recorded after them if ``record``; ``None`` without an
        open store."""
        if not self._open or self.store is None:
            return None
        earlier = self.store.recent_reach(runs)
        if record:
            self.store.record_reach(this_run)
        return earlier

    def history(self, summary: Mapping[str, Any], runs: int) -> list[dict[str, Any]]:
        """Keep this run's figures and return those of the last ``runs`` runs, this one
        included; [] if the store was not opened by this run or keeps no history. Called once
        the run has closed the store."""
        if self.store is None or not getattr(self.store, "run_id", None):
            return []
        self.store.record_run(summary)
        return self.store.recent_runs(runs)


def site_state_folder(site: str | None) -> str:
    """The folder of a site's state under the project's data folder: ``newscrawl`` for the
    reference site (``almaghribtoday``, whose state was there before the group was configured),
    ``newscrawl/<site>`` for each other site, so that every site has its own state and lock."""
    from newscrawl.sites import REFERENCE_SITE

    return "newscrawl" if not site or site == REFERENCE_SITE else f"newscrawl/{site}"


def default_path(site: str | None = None, create: bool = True) -> str:
    """``.scrapy/newscrawl/state.sqlite3`` in the project's data folder, as Scrapy keeps
    HTTPCACHE_DIR and JOBDIR there; ``.scrapy/newscrawl/<site>/state.sqlite3`` for a site other
    than the reference one. ``create=False`` names it without creating its folder (the state
    creates it when it opens)."""
    if not create:
        return str(_default_path_no_create(site))
    from scrapy.utils.project import data_path

    return str(Path(data_path(site_state_folder(site), createdir=True)) / "state.sqlite3")


#: ``PRAGMA user_version`` of the current layout; 0 with the three tables below and no ``key``
#: column is the layout before states were kept per origin, which is upgraded in place
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    date_modified TEXT,
    date_published TEXT,
    url TEXT,
    exported_at TEXT NOT NULL,
    run_id TEXT,
    PRIMARY KEY (key, article_id)
);
CREATE TABLE IF NOT EXISTS pending (
    key TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    page INTEGER NOT NULL DEFAULT 1,
    attempts INTEGER NOT NULL DEFAULT 0,
    since TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (key, url)
);
CREATE TABLE IF NOT EXISTS failures (
    key TEXT NOT NULL,
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    runs INTEGER NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (key, url)
);
CREATE TABLE IF NOT EXISTS run_summaries (
    run_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    finished TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    key TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    finished TEXT,
    outputs TEXT NOT NULL DEFAULT '[]'
);
"""

#: the columns each table of the current layout has (a file without them is not this state)
_COLUMNS = {
    "articles": {"key", "article_id", "fingerprint", "date_modified", "date_published", "url",
                 "exported_at", "run_id"},
    "pending": {"key", "url", "kind", "page", "attempts", "since", "reason"},
    "failures": {"key", "url", "status", "reason", "runs", "since"},
    "runs": {"run_id", "key", "started", "finished", "outputs"},
}  # fmt: skip
_LEGACY_COLUMNS = {
    "articles": {"article_id", "fingerprint", "date_modified", "date_published", "url",
                 "exported_at", "run_id"},
    "pending": {"url", "kind", "page", "attempts", "since"},
    "runs": {"run_id", "started", "finished", "outputs"},
}  # fmt: skip


def _origin_of(url: str | None) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc.lower()}" if parts.scheme and parts.netloc else ""


class SQLiteState(StateStore):
    """The state in one SQLite file, with a lock file beside it so that two runs never overlap."""

    def __init__(self, path: str | os.PathLike[str], key: str = "") -> None:
        self.path = Path(path)
        self.key = key
        self._db: sqlite3.Connection | None = None
        self._lock: IO[str] | None = None
        self.run_id: str | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> SQLiteState:
        return cls(
            settings.get("NEWSCRAWL_STATE_PATH") or default_path(),
            key=settings.get("NEWSCRAWL_STATE_KEY") or "",
        )

    # ---- opening -------------------------------------------------------------------------------
    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _unusable(self, why: str) -> StateUnusable:
        return StateUnusable(
            f"the state file {self.path} cannot be used ({why}): move it aside with "
            f"`python -m newscrawl.state reset --path {self.path}` (it keeps the file under a "
            "new name), or name another file with NEWSCRAWL_STATE_PATH"
        )

    def _layout(self, db: sqlite3.Connection) -> str:
        """``current``, ``legacy``, ``empty``, or raises :class:`StateUnusable`."""
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                name: {row[1] for row in db.execute(f'PRAGMA table_info("{name}")')}
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall()
            }
            if version == 0 and not tables:
                return "empty"
            if version == SCHEMA_VERSION and all(
                cols <= tables.get(name, set()) for name, cols in _COLUMNS.items()
            ):
                db.execute("SELECT COUNT(*) FROM articles").fetchone()
                return "current"
            if (
                version == 0
                and set(tables) == set(_LEGACY_COLUMNS)
                and all(cols <= tables[name] for name, cols in _LEGACY_COLUMNS.items())
            ):
                return "legacy"
        except sqlite3.DatabaseError as exc:
            raise self._unusable(f"{exc}") from None
        raise self._unusable(
            "an SQLite database, but not a newscrawl state: its tables are "
            + (", ".join(sorted(tables)) or "none")
            + f", layout version {version}"
        )

    def check(self) -> None:
        """The file, if it exists, is a newscrawl state this version can read (read-only)."""
        if not self.path.exists():
            return
        if not self.path.is_file():
            raise self._unusable("not a file")
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise self._unusable(str(exc)) from None
        try:
            self._layout(db)
        finally:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None)
            try:
                layout = self._layout(db)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                if layout == "legacy":
                    self._upgrade(db)
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            except BaseException:
                db.close()
                raise
            self._db = db
        return self._db

    def _upgrade(self, db: sqlite3.Connection) -> None:
        """The layout before states were kept per origin: each article is filed under the
        origin of the URL it was fetched from."""
        db.execute("BEGIN")
        for table in ("articles", "pending", "runs"):
            db.execute(f"ALTER TABLE {table} RENAME TO legacy_{table}")
        for statement in _SCHEMA.split(";"):  # executescript() would commit the transaction
            if statement.strip():
                db.execute(statement)
        db.create_function("origin_of", 1, _origin_of)
        # pending requests and runs name no origin: this run's key, or (opened by the command
        # line, which has none) the origin most of the articles came from
        key = (
            self.key
            or (
                db.execute(
                    "SELECT origin_of(url), COUNT(*) AS n FROM legacy_articles GROUP BY 1 "
                    "ORDER BY n DESC LIMIT 1"
                ).fetchone()
                or ("",)
            )[0]
        )
        db.execute(
            "INSERT OR REPLACE INTO articles SELECT origin_of(url), article_id, fingerprint, "
            "date_modified, date_published, url, exported_at, run_id FROM legacy_articles"
        )
        db.execute(
            "INSERT INTO pending SELECT ?, url, kind, page, attempts, since, NULL "
            "FROM legacy_pending",
            (key,),
        )
        db.execute(
            "INSERT INTO runs SELECT run_id, ?, started, finished, outputs FROM legacy_runs",
            (key,),
        )
        for table in ("articles", "pending", "runs"):
            db.execute(f"DROP TABLE legacy_{table}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")

    def _execute(self, sql: str, parameters: tuple[Any, ...]) -> None:
        """One write, committed as it is made (the connection is in autocommit mode)."""
        self._connect().execute(sql, parameters)

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
        try:
            db = self._connect()
        except BaseException:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
            raise
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}, run {run_id}\n")
        lock.flush()
        self._lock = lock
        self.run_id = run_id
        self.recover()
        db.execute(
            "INSERT OR REPLACE INTO runs (run_id, key, started, outputs) VALUES (?, ?, ?, ?)",
            (run_id, self.key, _now(), json.dumps(list(outputs))),
        )

    def recover(self) -> int:
        """Record the articles that unfinished earlier runs wrote to their output files but did
        not record here (a run killed between the two writes, or before the state committed):
        new ones, and new versions of known ones, so that the next run neither loses them nor
        exports them again. Returns how many it recorded."""
        db = self._connect()
        added = 0
        unfinished = db.execute(
            "SELECT run_id, key, outputs FROM runs WHERE finished IS NULL ORDER BY started"
        ).fetchall()
        for run_id, key, outputs in unfinished:
            for output in json.loads(outputs):
                for item in _read_items(Path(output)):
                    article = item.get("articleId")
                    if not article:
                        continue
                    known = self._get(key, article)
                    if known is None or known.fingerprint != fingerprint(item):
                        self._write(item, run_id, key)
                        added += 1
            db.execute(
                "UPDATE runs SET finished = ? WHERE run_id = ?", ("recovered " + _now(), run_id)
            )
        return added

    def close(self, finished: bool = True) -> None:
        if self._db is not None:
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
        return self._get(self.key, article_id)

    def _get(self, key: str, article_id: str) -> Record | None:
        row = (
            self._connect()
            .execute(
                "SELECT article_id, fingerprint, date_modified, date_published, url FROM articles "
                "WHERE key = ? AND article_id = ?",
                (key, article_id),
            )
            .fetchone()
        )
        return Record(*row) if row else None

    def put(self, item: Mapping[str, Any]) -> None:
        self._write(item, self.run_id, self.key)

    def _write(self, item: Mapping[str, Any], run_id: str | None, key: str) -> None:
        self._execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
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
            "INSERT OR IGNORE INTO pending (key, url, kind, page, since) VALUES (?, ?, ?, ?, ?)",
            (self.key, url, kind, page, _now()),
        )

    def done(self, url: str) -> None:
        self._execute("DELETE FROM pending WHERE key = ? AND url = ?", (self.key, url))
        self._execute("DELETE FROM failures WHERE key = ? AND url = ?", (self.key, url))

    def take_pending(self, max_attempts: int) -> tuple[list[Pending], list[Pending]]:
        db = self._connect()
        db.execute("UPDATE pending SET attempts = attempts + 1 WHERE key = ?", (self.key,))
        rows = [
            Pending(*row)
            for row in db.execute(
                "SELECT url, kind, page, attempts, reason FROM pending WHERE key = ? "
                "ORDER BY since",
                (self.key,),
            )
        ]
        given_up = [p for p in rows if p.attempts >= max_attempts]
        for entry in given_up:
            self._mark(entry.url, "failed", entry.reason or "unfinished", entry.attempts)
        return [p for p in rows if p.attempts < max_attempts], given_up

    def page_failed(
        self, url: str, reason: str, max_attempts: int, gone: bool = False
    ) -> FailedPage | Pending:
        row = (
            self._connect()
            .execute(
                "SELECT url, kind, page, attempts FROM pending WHERE key = ? AND url = ?",
                (self.key, url),
            )
            .fetchone()
        )
        pending = (
            Pending(row[0], row[1], row[2], row[3], reason)
            if row
            else Pending(url, "article", 1, 0, reason)
        )
        runs = pending.attempts + 1  # the runs before this one, and this one
        if gone or runs >= max_attempts:
            return self._mark(url, "gone" if gone else "failed", reason, runs)
        self._execute(
            "UPDATE pending SET reason = ? WHERE key = ? AND url = ?", (reason, self.key, url)
        )
        return pending

    def _mark(self, url: str, status: str, reason: str, runs: int) -> FailedPage:
        page = FailedPage(url, status, reason, runs, _now())
        self._execute("DELETE FROM pending WHERE key = ? AND url = ?", (self.key, url))
        self._execute(
            "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?, ?)",
            (self.key, page.url, page.status, page.reason, page.runs, page.since),
        )
        return page

    def failed(self, url: str) -> FailedPage | None:
        row = (
            self._connect()
            .execute(
                "SELECT url, status, reason, runs, since FROM failures WHERE key = ? AND url = ?",
                (self.key, url),
            )
            .fetchone()
        )
        return FailedPage(*row) if row else None

    def failures(self) -> list[FailedPage]:
        return [
            FailedPage(*row)
            for row in self._connect().execute(
                "SELECT url, status, reason, runs, since FROM failures WHERE key = ? "
                "ORDER BY since, url",
                (self.key,),
            )
        ]

    def count(self) -> int:
        return int(
            self._connect()
            .execute("SELECT COUNT(*) FROM articles WHERE key = ?", (self.key,))
            .fetchone()[0]
        )

    def summary(self) -> list[tuple[str, int, int]]:
        """For each key: how many articles it knows and how many pages it marked gone or
        failed."""
        db = self._connect()
        keys = {row[0] for row in db.execute("SELECT DISTINCT key FROM articles")}
        keys |= {row[0] for row in db.execute("SELECT DISTINCT key FROM failures")}
        return [
            (
                key,
                db.execute("SELECT COUNT(*) FROM articles WHERE key = ?", (key,)).fetchone()[0],
                db.execute("SELECT COUNT(*) FROM failures WHERE key = ?", (key,)).fetchone()[0],
            )
            for key in sorted(keys)
        ]

    def all_failures(self) -> list[tuple[str, FailedPage]]:
        return [
            (row[0], FailedPage(*row[1:]))
            for row in self._connect().execute(
                "SELECT key, url, status, reason, runs, since FROM failures ORDER BY key, since, url"
            )
        ]

    def record_run(self, summary: Mapping[str, Any]) -> None:
        """Written on a connection of its own: the run has closed the store (and its lock) by
        the time its report is made; the row is this run's alone."""
        if not self.run_id or not self.path.is_file():
            return
        with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as db:
            db.executescript(_SCHEMA)
            db.execute(
                "INSERT OR REPLACE INTO run_summaries (run_id, key, finished, summary) "
                "VALUES (?, ?, ?, ?)",
                (self.run_id, self.key, _now(), json.dumps(dict(summary), ensure_ascii=False)),
            )

    def recent_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as db:
            db.executescript(_SCHEMA)
            rows = db.execute(
                "SELECT run_id, finished, summary FROM run_summaries WHERE key = ? "
                "ORDER BY finished DESC, rowid DESC LIMIT ?",
                (self.key, limit),
            ).fetchall()
        return [{**json.loads(text), "run": run, "finished": at} for run, at, text in rows][::-1]

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
        """The reach of the latest ``runs`` runs under this store's key (a mirror's runs are
        not the live site's)."""
        db = self._connect()
        db.execute(self._REACH_TABLE)
        rows = db.execute(
            "SELECT r.articles FROM run_reach r JOIN runs u ON u.run_id = r.run_id "
            "WHERE u.key = ? AND r.run_id IS NOT ? ORDER BY r.recorded DESC, r.rowid DESC LIMIT ?",
            (self.key, self.run_id, runs),
        )
        return [int(row[0]) for row in rows]

    def reset(self) -> None:
        db = self._connect()
        for table in ("articles", "pending", "failures", "runs", "run_summaries"):
            db.execute(f"DELETE FROM {table}")
        db.execute(self._REACH_TABLE)
        db.execute("DELETE FROM run_reach")


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


def move_aside(path: Path) -> Path:
    """Rename an unusable state file (and its SQLite journal files) to
    ``<name>.unusable-<UTC time>``; nothing is deleted."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    target = path.with_name(f"{path.name}.unusable-{stamp}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        journal = path.with_name(path.name + suffix)
        if journal.exists():
            journal.rename(target.with_name(target.name + suffix))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.state", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "command",
        choices=["show", "reset"],
        help="print what the state holds, or empty it (an unusable file is moved aside)",
    )
    parser.add_argument(
        "--path",
        help="the state file (default: NEWSCRAWL_STATE_PATH, else .scrapy/newscrawl/state.sqlite3)",
    )
    parser.add_argument(
        "--site",
        help="the state of this site of newscrawl/sites.toml (default almaghribtoday; "
        "each other site's is .scrapy/newscrawl/<site>/state.sqlite3)",
    )
    parser.add_argument(
        "--failed", action="store_true", help="show: list the pages marked gone or failed"
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="the state of distributed crawls on this Redis server (their REDIS_URL), not a file",
    )
    args = parser.parse_args(argv)
    if args.redis:
        from newscrawl.cluster.state import show

        return show(args.redis, failed=args.failed, reset=args.command == "reset")
    if args.path:
        path = Path(args.path)
    else:
        from scrapy.utils.project import get_project_settings

        if args.site:
            from newscrawl.sites import SITES

            if args.site not in SITES:
                print(f"no site {args.site!r} (the sites are: {', '.join(SITES)})", file=sys.stderr)
                return 2
        configured = get_project_settings().get("NEWSCRAWL_STATE_PATH")
        path = Path(configured) if configured else _default_path_no_create(args.site)
    if not path.exists():
        print(
            f"no state file at {path}: nothing to {args.command} (a crawl creates it; "
            "--path or NEWSCRAWL_STATE_PATH names another)",
            file=sys.stderr,
        )
        return 1
    store = SQLiteState(path)
    try:
        store.check()
    except StateUnusable as exc:
        if args.command != "reset":
            print(f"{exc}", file=sys.stderr)
            return 1
        if _locked(store):
            print(f"the state is in use by a running crawl: {store.lock_path}", file=sys.stderr)
            return 1
        target = move_aside(path)
        print(f"state reset: the unusable file {path} was moved aside to {target}")
        return 0
    try:
        store.open(f"cli-{args.command}")
    except StateLocked as exc:
        print(f"the state is in use by a running crawl: {exc}", file=sys.stderr)
        return 1
    try:
        if args.command == "reset":
            store.reset()
            print(f"state reset: {store.path}")
        elif args.failed:
            failures = store.all_failures()
            print(f"{store.path}: {len(failures)} pages marked gone or failed")
            for key, page in failures:
                print(
                    f"{page.status}\t{page.reason}\t{page.runs} run(s)\t{page.since}\t"
                    f"{key}{page.url}"
                )
        else:
            summary = store.summary()
            total = sum(n for _, n, _ in summary)
            print(f"{store.path}: {total} articles")
            for key, articles, failed in summary:
                print(f"  {key or '(no key)'}: {articles} articles, {failed} pages gone or failed")
    finally:
        store.close(finished=True)
        with contextlib.suppress(sqlite3.Error):  # the CLI's own run is no crawl
            with contextlib.closing(sqlite3.connect(path)) as db:
                db.execute("DELETE FROM runs WHERE run_id = ?", (f"cli-{args.command}",))
                db.commit()
    return 0


def _default_path_no_create(site: str | None = None) -> Path:
    """Where :func:`default_path` points, without creating its folder (as
    ``scrapy.utils.project.data_path`` finds the project's ``.scrapy``)."""
    from scrapy.utils.conf import closest_scrapy_cfg

    config = closest_scrapy_cfg()
    root = Path(config).parent if config else Path()
    return root / ".scrapy" / site_state_folder(site) / "state.sqlite3"


def _locked(store: SQLiteState) -> bool:
    if not store.lock_path.exists():
        return False
    with open(store.lock_path, encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
    return False


if __name__ == "__main__":
    sys.exit(main())

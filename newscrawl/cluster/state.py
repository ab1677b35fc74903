"""The incremental state of a distributed crawl, in Redis, behind :class:`newscrawl.state.StateStore`.

The same records as the SQLite store (:mod:`newscrawl.state`), as JSON in hashes under the
crawl's namespace, ``newscrawl:<site>:{<origin>}:state:``:

- ``articles``: article id -> ``{"fingerprint", "date_modified", "date_published", "url",
  "exported_at", "run_id"}``;
- ``pending``: URL path -> ``{"kind", "page", "attempts", "since", "reason"}``;
- ``failures``: URL path -> ``{"status", "reason", "runs", "since"}``;
- ``runs``: a list of ``{"run_id", "worker", "started", "finished", "outputs"}``, newest first.

Every worker of the run opens it at once (there is no lock: the workers share the run); only the
worker that seeds the run takes the pending requests of earlier runs (the spider's ``start()``).
Unlike the SQLite store, this one does not read the output files of killed runs back: they are
on other machines. A worker killed between its feed's write and the state's (microseconds apart)
may leave one article to be exported again by the next run; the queue's lease makes sure none is
lost.

Fast paths, as the SQLite store batches its commits: a worker reads the articles and failed pages
of earlier runs once, when it opens the state, and adds its own exports to that copy: the spider
asks about every link of every listing (:meth:`RedisState.known`) with no round trip. When an item
is exported, an article not in the copy is asked of Redis (:meth:`RedisState.get`). Pending requests and the pages seen through are sent in one pipeline at
each :meth:`RedisState.flush` (the spider flushes before it hands a page's requests to Scrapy;
:class:`newscrawl.extensions.ExportedState` every ``commit_interval`` seconds); an export
(:meth:`RedisState.put`) is written at once.

``python -m newscrawl.state show --redis URL`` prints what it holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from newscrawl.items import fingerprint
from newscrawl.state import FailedPage, Pending, Record, StateStore


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


class RedisState(StateStore):
    def __init__(self, server: Any, site: str, key: str = "") -> None:
        self.server = server
        self.site = site
        self.key = key
        self.run_id: str | None = None
        self._run_entry: str | None = None
        #: seconds between two flushes of the buffered writes (ExportedState's timer)
        self.commit_interval = 1.0
        self._articles: dict[str, str] | None = None
        self._failures: dict[str, str] | None = None
        self._pending_adds: dict[str, str] = {}
        self._dones: set[str] = set()
        #: the articles the last live :meth:`get` calls found missing (oldest first)
        self._missed: dict[str, None] = {}

    @classmethod
    def from_settings(cls, settings: Any) -> RedisState:
        from newscrawl.cluster.connection import client

        return cls(
            client(settings),
            settings.get("NEWSCRAWL_CLUSTER_SITE") or settings.get("BOT_NAME") or "newscrawl",
            key=settings.get("NEWSCRAWL_STATE_KEY") or "",
        )

    @property
    def path(self) -> str:
        """Where the state lives, for the log."""
        return f"redis {self._k('')}"

    def _k(self, name: str) -> str:
        return f"newscrawl:{self.site}:{{{self.key}}}:state:{name}"

    # ---- runs ------------------------------------------------------------------------------------
    def open(self, run_id: str, outputs: Iterable[str] = ()) -> None:
        self.run_id = run_id
        from newscrawl.cluster.connection import worker_name

        entry = {
            "run_id": run_id,
            "worker": worker_name(),
            "started": _now(),
            "finished": None,
            "outputs": list(outputs),
        }
        self._run_entry = json.dumps(entry, ensure_ascii=False)
        self.server.lpush(self._k("runs"), self._run_entry)
        self.server.ltrim(self._k("runs"), 0, 999)
        self._articles = self.server.hgetall(self._k("articles"))
        self._failures = self.server.hgetall(self._k("failures"))

    def flush(self) -> None:
        """Send the buffered pending requests and pages seen through, in one pipeline."""
        if not self._pending_adds and not self._dones:
            return
        adds, dones = self._pending_adds, self._dones
        self._pending_adds, self._dones = {}, set()

        def send() -> Any:
            pipe = self.server.pipeline(transaction=False)
            for url, value in adds.items():
                pipe.hsetnx(self._k("pending"), url, value)
            for url in dones:
                pipe.hdel(self._k("pending"), url)
                pipe.hdel(self._k("failures"), url)
            return pipe.execute()

        patiently = getattr(self.server, "patiently", None)
        if patiently is not None:
            patiently(send)  # waits out an outage as every other command does
        else:
            send()

    def close(self, finished: bool) -> None:
        self.flush()
        if self._run_entry is None:
            return
        entry = json.loads(self._run_entry)
        entry["finished"] = _now() if finished else None
        if finished:
            self.server.lrem(self._k("runs"), 1, self._run_entry)
            self.server.lpush(self._k("runs"), json.dumps(entry, ensure_ascii=False))
        self._run_entry = None

    def runs(self) -> list[dict[str, Any]]:
        return [json.loads(v) for v in self.server.lrange(self._k("runs"), 0, -1)]

    # ---- articles --------------------------------------------------------------------------------
    def known(self, article_id: str) -> Record | None:
        # the spider asks about every article link of every listing: from the copy read at open
        # (and this worker's own exports), with no round trip; an article another worker
        # exported in this run is kept from a second fetch by the run's duplicate filter
        raw = self._articles.get(article_id) if self._articles is not None else None
        return self._record(article_id, raw) if raw is not None else None

    def get(self, article_id: str) -> Record | None:
        # known at open (or exported here): from the copy; else asked live, since another
        # worker may have exported it since (a request taken over from a killed worker is
        # fetched again, and must find the article it exported). The one item's two questions
        # (the incremental pipeline's, then the export's, with other items in between) cost one
        # round trip: the last live misses are remembered until the article is put
        raw = self._articles.get(article_id) if self._articles is not None else None
        if raw is None:
            if article_id in self._missed:
                return None
            raw = self.server.hget(self._k("articles"), article_id)
            if raw is None:
                self._missed[article_id] = None
                if len(self._missed) > 256:
                    del self._missed[next(iter(self._missed))]
                return None
        return self._record(article_id, raw)

    @staticmethod
    def _record(article_id: str, raw: str) -> Record:
        value = json.loads(raw)
        return Record(
            article_id,
            value["fingerprint"],
            value.get("date_modified"),
            value.get("date_published"),
            value.get("url"),
        )

    def put(self, item: Mapping[str, Any]) -> None:
        value = {
            "fingerprint": fingerprint(item),
            "date_modified": item.get("dateModified"),
            "date_published": item.get("datePublished"),
            "url": item.get("url"),
            "exported_at": _now(),
            "run_id": self.run_id,
        }
        raw = json.dumps(value)
        self._missed.pop(item["articleId"], None)
        self.server.hset(self._k("articles"), item["articleId"], raw)
        if self._articles is not None:
            self._articles[item["articleId"]] = raw

    def count(self) -> int:
        return int(self.server.hlen(self._k("articles")))

    # ---- pending and failed pages ----------------------------------------------------------------
    def add_pending(self, url: str, kind: str, page: int = 1) -> None:
        value = {"kind": kind, "page": page, "attempts": 0, "since": _now(), "reason": None}
        self._dones.discard(url)
        self._pending_adds.setdefault(url, json.dumps(value))

    def done(self, url: str) -> None:
        self._pending_adds.pop(url, None)
        self._dones.add(url)
        if self._failures is not None:
            self._failures.pop(url, None)

    def _pending(self, url: str) -> dict[str, Any] | None:
        self.flush()
        raw = self.server.hget(self._k("pending"), url)
        return json.loads(raw) if raw else None

    def take_pending(self, max_attempts: int) -> tuple[list[Pending], list[Pending]]:
        self.flush()
        rows = []
        for url, raw in self.server.hgetall(self._k("pending")).items():
            value = json.loads(raw)
            value["attempts"] = int(value.get("attempts", 0)) + 1
            self.server.hset(self._k("pending"), url, json.dumps(value))
            rows.append(
                (
                    value.get("since", ""),
                    Pending(
                        url, value["kind"], int(value["page"]), value["attempts"], value["reason"]
                    ),
                )
            )
        ordered = [p for _, p in sorted(rows, key=lambda r: (r[0], r[1].url))]
        given_up = [p for p in ordered if p.attempts >= max_attempts]
        for entry in given_up:
            self._mark(entry.url, "failed", entry.reason or "unfinished", entry.attempts)
        return [p for p in ordered if p.attempts < max_attempts], given_up

    def page_failed(
        self, url: str, reason: str, max_attempts: int, gone: bool = False
    ) -> FailedPage | Pending:
        value = self._pending(url)
        pending = (
            Pending(url, value["kind"], int(value["page"]), int(value["attempts"]), reason)
            if value
            else Pending(url, "article", 1, 0, reason)
        )
        runs = pending.attempts + 1
        if gone or runs >= max_attempts:
            return self._mark(url, "gone" if gone else "failed", reason, runs)
        if value is not None:
            value["reason"] = reason
            self.server.hset(self._k("pending"), url, json.dumps(value))
        return pending

    def _mark(self, url: str, status: str, reason: str, runs: int) -> FailedPage:
        page = FailedPage(url, status, reason, runs, _now())
        self.server.hdel(self._k("pending"), url)
        value = {"status": status, "reason": reason, "runs": runs, "since": page.since}
        self._pending_adds.pop(url, None)
        self._dones.discard(url)
        self.server.hset(self._k("failures"), url, json.dumps(value))
        if self._failures is not None:
            self._failures[url] = json.dumps(value)
        return page

    def failed(self, url: str) -> FailedPage | None:
        if self._failures is not None:
            raw = self._failures.get(url)
        else:
            raw = self.server.hget(self._k("failures"), url)
        if raw is None:
            return None
        value = json.loads(raw)
        return FailedPage(url, value["status"], value["reason"], value["runs"], value["since"])

    def failures(self) -> list[FailedPage]:
        self.flush()
        pages = []
        for url, raw in self.server.hgetall(self._k("failures")).items():
            value = json.loads(raw)
            pages.append(
                FailedPage(url, value["status"], value["reason"], value["runs"], value["since"])
            )
        return sorted(pages, key=lambda p: (p.since, p.url))

    def reset(self) -> None:
        self._pending_adds, self._dones = {}, set()
        self._articles = {} if self._articles is not None else None
        self._failures = {} if self._failures is not None else None
        for name in ("articles", "pending", "failures", "runs"):
            self.server.delete(self._k(name))


def show(url: str, failed: bool = False, reset: bool = False) -> int:
    """``python -m newscrawl.state show|reset --redis URL``: every crawl's state on the server."""
    import redis

    server: Any = redis.Redis.from_url(url, decode_responses=True)
    keys = sorted(server.scan_iter(match="newscrawl:*:state:articles"))
    keys += sorted(
        k
        for k in server.scan_iter(match="newscrawl:*:state:failures")
        if k.removesuffix("failures") + "articles" not in keys
    )
    prefixes = sorted({k.rsplit(":", 1)[0] + ":" for k in keys})
    if reset:
        for prefix in prefixes:
            for name in ("articles", "pending", "failures", "runs"):
                server.delete(prefix + name)
        print(f"state reset: {url} ({len(prefixes)} crawl(s))")
        return 0
    total = sum(int(server.hlen(p + "articles")) for p in prefixes)
    print(f"{_safe(url)}: {total} articles")
    for prefix in prefixes:
        name = prefix.removeprefix("newscrawl:").removesuffix(":state:")
        print(
            f"  {name}: {server.hlen(prefix + 'articles')} articles, "
            f"{server.hlen(prefix + 'failures')} pages gone or failed, "
            f"{server.hlen(prefix + 'pending')} pending"
        )
        if failed:
            for page_url, raw in sorted(server.hgetall(prefix + "failures").items()):
                value = json.loads(raw)
                print(
                    f"{value['status']}\t{value['reason']}\t{value['runs']} run(s)\t"
                    f"{value['since']}\t{page_url}"
                )
    return 0


def _safe(url: str) -> str:
    """The URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url

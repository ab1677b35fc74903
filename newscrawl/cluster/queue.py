"""The shared frontier: scrapy-redis's priority queue, made reliable.

What upstream lacks (scrapy-redis 0.9.1, ``scrapy_redis.queue.PriorityQueue``): ``pop`` removes
the request from Redis for good, so a worker killed with SIGKILL loses every request it held
(half of them in a 32-page trial). Here a pop is one Lua script that moves the request from the
queue into the worker's own in-flight hash, under a token the worker chose (a pop retried after a
lost reply returns the same request, it does not take a second one). The worker acknowledges the
request (:meth:`ReliableQueue.ack`) once the page's requests are queued and its item's line is
written; a retry or a redirect replaces the request in the queue and acknowledges it in one step
(:meth:`ReliableQueue.push_followup`). Each worker renews its lease (a heartbeat); when a lease
expires, :meth:`ReliableQueue.reap`, run by any live worker, puts the dead worker's in-flight
requests back in the queue with their priority. Times are Redis's own (``TIME``), so the clocks of
the machines do not matter.

Entries are JSON (:mod:`newscrawl.cluster.serializer`); an in-flight entry is the queue's score, a
newline, and the same JSON.

Round trips: a page's new requests are sent together, in one script, at the end of the reactor
turn that made them (a listing yields them all at once), and the acknowledgements go with the next
pop or send, or at most 0.1 s later. Order is kept: a page's requests are queued before its
acknowledgement, in the same script. A worker killed with acknowledgements not yet sent has its
pages fetched again by another worker; their articles are then known to the state and not
exported twice, their links known to the duplicate filter. One process of the crawl makes no round
trip of its own per link; a worker makes about two per page for the frontier (bench/RESULTS.md).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from scrapy import Request
from scrapy_redis.queue import Base
from twisted.internet import reactor

from newscrawl.cluster.connection import Keys

#: the request's meta key for the token of its lease (not queued: taken out before a push)
LEASE = "newscrawl_lease"
#: the meta key of the request that only wakes an idle engine up (never queued nor fetched)
WAKEUP = "newscrawl_wakeup"

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

# KEYS: queue, my in-flight hash, workers; ARGV: n, worker, lease seconds, n tokens, then the
# tokens of the requests this worker acknowledges -> the entries leased (up to n), in the order
# of the tokens. Sent again after a lost reply, it returns what the first call leased
_POP = (
    _NOW
    + """
local n = tonumber(ARGV[1])
for i = 4 + n, #ARGV do redis.call('HDEL', KEYS[2], ARGV[i]) end
local out = {}
if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 then
  for i = 4, 3 + n do
    local have = redis.call('HGET', KEYS[2], ARGV[i])
    if have then out[#out + 1] = have end
  end
  return out
end
local r = redis.call('ZRANGE', KEYS[1], 0, n - 1, 'WITHSCORES')
for i = 1, #r, 2 do
  redis.call('ZREM', KEYS[1], r[i])
  local entry = r[i + 1] .. '\\n' .. r[i]
  redis.call('HSET', KEYS[2], ARGV[3 + (i + 1) / 2], entry)
  out[#out + 1] = entry
end
if #out > 0 then redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[2]) end
return out
"""
)

# KEYS: queue, my in-flight hash, duplicate filter; ARGV: n, then n groups of four (the
# fingerprint, '' for a request the filter lets through; the score; the request; the token of the
# leased request it replaces, a retry or redirect, or ''), then the tokens acknowledged
# -> for each request, 1 queued or 0 a duplicate.
# Idempotent: sent again after a lost reply, a request finds itself queued and says so, where a
# separate SADD retried would call the request a duplicate of itself and drop it
_SEND = """
local n = tonumber(ARGV[1])
local out = {}
for i = 0, n - 1 do
  local fp, score, entry, replaces = ARGV[2 + 4 * i], ARGV[3 + 4 * i], ARGV[4 + 4 * i], ARGV[5 + 4 * i]
  local queued = 1
  if fp == '' or redis.call('SADD', KEYS[3], fp) == 1 then
    redis.call('ZADD', KEYS[1], score, entry)
  elseif not redis.call('ZSCORE', KEYS[1], entry) then
    queued = 0
  end
  if replaces ~= '' then redis.call('HDEL', KEYS[2], replaces) end
  out[#out + 1] = queued
end
for i = 2 + 4 * n, #ARGV do redis.call('HDEL', KEYS[2], ARGV[i]) end
return out
"""

# KEYS: workers; ARGV: worker, lease seconds
_HEARTBEAT = (
    _NOW
    + """
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return 1
"""
)

# KEYS: queue, workers; ARGV: prefix of the in-flight hashes, the worker to spare (alive)
_REAP = (
    _NOW
    + """
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
local moved = 0
for _, worker in ipairs(dead) do
  if worker ~= ARGV[2] then
    local key = ARGV[1] .. worker
    for _, entry in ipairs(redis.call('HVALS', key)) do
      local cut = string.find(entry, '\\n', 1, true)
      redis.call('ZADD', KEYS[1], string.sub(entry, 1, cut - 1), string.sub(entry, cut + 1))
      moved = moved + 1
    end
    redis.call('DEL', key)
    redis.call('ZREM', KEYS[2], worker)
  end
end
return moved
"""
)

# KEYS: queue, workers, run; ARGV: prefix of the in-flight hashes, this worker
# -> {queued, in flight (all workers, dead or alive), workers, seeded, this worker's in flight}
_BUSY = """
local inflight = 0
local workers = redis.call('ZRANGE', KEYS[2], 0, -1)
for _, worker in ipairs(workers) do
  inflight = inflight + redis.call('HLEN', ARGV[1] .. worker)
end
local seeded = redis.call('HGET', KEYS[3], 'seeded') or '0'
local mine = redis.call('HLEN', ARGV[1] .. ARGV[2])
return {redis.call('ZCARD', KEYS[1]), inflight, #workers, seeded, mine}
"""

# KEYS: queue, my in-flight hash, workers; ARGV: worker -> requests put back
_LEAVE = """
local moved = 0
for _, entry in ipairs(redis.call('HVALS', KEYS[2])) do
  local cut = string.find(entry, '\\n', 1, true)
  redis.call('ZADD', KEYS[1], string.sub(entry, 1, cut - 1), string.sub(entry, cut + 1))
  moved = moved + 1
end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return moved
"""


class ReliableQueue(Base):
    """scrapy-redis's per-spider queue interface (``push``, ``pop``, ``__len__``, ``clear``),
    with leases. Requests are ordered by priority, as ``scrapy_redis.queue.PriorityQueue``."""

    #: requests leased by one pop: a worker keeps a few requests ahead of its engine, as a
    #: Scrapy scheduler does, for a quarter of the round trips
    batch = 4

    def __init__(
        self,
        server: Any,
        spider: Any,
        key: str,
        serializer: Any = None,
        *,
        keys: Keys,
        worker: str,
        lease: float,
    ) -> None:
        super().__init__(server, spider, key, serializer)
        self.keys = keys
        self.worker = worker
        self.lease = lease
        self._pop = server.register_script(_POP)
        self._send = server.register_script(_SEND)
        self._heartbeat = server.register_script(_HEARTBEAT)
        self._reap = server.register_script(_REAP)
        self._busy = server.register_script(_BUSY)
        self._leave = server.register_script(_LEAVE)
        #: requests to send: (request, fingerprint or '', score, entry, token replaced or '')
        self._outbox: list[tuple[Request, str, float, str, str]] = []
        #: requests leased by one pop, handed to the engine one at a time
        self._taken: list[Request] = []
        #: leases seen through, to acknowledge with the next pop or send
        self._acks: list[str] = []
        self._call: Any = None
        self._call_at = 0.0
        #: the duplicate filter's key (set by the scheduler) and what to do with a request it
        #: calls a duplicate once the requests are sent
        self.dupefilter_key = ""
        self.on_duplicate: Callable[[Request], None] | None = None

    # ---- scrapy-redis's interface ------------------------------------------------------------
    def __len__(self) -> int:
        self.flush()
        return int(self.server.zcard(self.key)) + len(self._taken)

    def _entry(self, request: Request) -> str:
        lease = request.meta.pop(LEASE, None)
        try:
            return str(self._encode_request(request))
        finally:
            if lease is not None:
                request.meta[LEASE] = lease

    def push(self, request: Request) -> None:
        """Queue the request (the duplicate filter is not asked), with the next send."""
        self._outbox.append((request, "", -request.priority, self._entry(request), ""))
        self._schedule(0.0)

    def pop(self, timeout: int = 0) -> Request | None:
        if self._taken:
            return self._taken.pop(0)
        if self._outbox:
            self.flush()
        acks, self._acks = self._acks, []
        tokens = [secrets.token_hex(8) for _ in range(self.batch)]
        entries = self._pop(
            keys=[self.key, self.keys.inflight(self.worker), self.keys.workers],
            args=[len(tokens), self.worker, self.lease, *tokens, *acks],
        )
        for token, entry in zip(tokens, entries, strict=False):
            request = self._decode_request(entry.split("\n", 1)[1])
            request.meta[LEASE] = token
            self._taken.append(request)
        return self._taken.pop(0) if self._taken else None

    def taken(self) -> int:
        """Requests leased with the last pop and not handed to the engine yet."""
        return len(self._taken)

    # ---- what upstream lacks ------------------------------------------------------------------
    def push_new(self, request: Request, fingerprint: str) -> None:
        """Queue the request unless the run's duplicate filter has its fingerprint (one step in
        Redis, with the next send; a duplicate goes to :attr:`on_duplicate`)."""
        self._outbox.append((request, fingerprint, -request.priority, self._entry(request), ""))
        self._schedule(0.0)

    def push_followup(self, request: Request, token: str) -> None:
        """Queue a retry or redirect of a leased request and acknowledge the lease, in one step
        (with the next send)."""
        self._outbox.append((request, "", -request.priority, self._entry(request), token))
        self._schedule(0.0)

    def ack(self, token: str) -> None:
        """The leased request is seen through (sent with the next pop or send, within 0.1 s)."""
        self._acks.append(token)
        self._schedule(0.1)

    def _schedule(self, delay: float) -> None:
        clock: Any = reactor
        at = clock.seconds() + delay
        if self._call is not None and self._call.active():
            if self._call_at <= at:
                return
            self._call.cancel()
        self._call_at = at
        self._call = clock.callLater(delay, self.flush)

    def flush(self) -> None:
        """Send the requests and acknowledgements waiting, in one script."""
        if self._call is not None and self._call.active():
            self._call.cancel()
        self._call = None
        if not self._outbox and not self._acks:
            return
        outbox, self._outbox = self._outbox, []
        acks, self._acks = self._acks, []
        args: list[Any] = [len(outbox)]
        for _request, fingerprint, score, entry, replaces in outbox:
            args += [fingerprint, score, entry, replaces]
        queued = self._send(
            keys=[self.key, self.keys.inflight(self.worker), self.dupefilter_key or self.key],
            args=[*args, *acks],
        )
        for (request, *_), ok in zip(outbox, queued, strict=True):
            if not int(ok) and self.on_duplicate is not None:
                self.on_duplicate(request)

    def held(self) -> int:
        """How many requests this worker holds."""
        self.flush()
        return int(self.server.hlen(self.keys.inflight(self.worker)))

    def ack_all(self) -> int:
        """Every request this worker holds is seen through (its engine is idle), but those
        leased and not handed to the engine yet."""
        self.flush()
        key = self.keys.inflight(self.worker)
        keep = {request.meta[LEASE] for request in self._taken}
        done = [token for token in self.server.hkeys(key) if token not in keep]
        if done:
            self.server.hdel(key, *done)
        return len(done)

    def heartbeat(self) -> None:
        self._heartbeat(keys=[self.keys.workers], args=[self.worker, self.lease])

    def reap(self) -> int:
        """Put the requests of workers whose lease expired back in the queue; how many."""
        return int(
            self._reap(keys=[self.key, self.keys.workers], args=[self.keys.inflight(), self.worker])
        )

    def status(self) -> tuple[int, int, int, bool]:
        """``(queued, in flight, workers, seeded)`` of the whole crawl, read at one instant."""
        queued, inflight, workers, seeded, _ = self.status_and_held()
        return queued, inflight, workers, seeded

    def status_and_held(self) -> tuple[int, int, int, bool, int]:
        """:meth:`status` and :meth:`held` in one round trip, read at one instant."""
        self.flush()
        queued, inflight, workers, seeded, mine = self._busy(
            keys=[self.key, self.keys.workers, self.keys.run],
            args=[self.keys.inflight(), self.worker],
        )
        return int(queued), int(inflight), int(workers), seeded == "1", int(mine)

    def leave(self) -> int:
        """This worker stops: what it still holds goes back to the queue; it leaves the roll."""
        self.flush()
        self._taken = []
        return int(
            self._leave(
                keys=[self.key, self.keys.inflight(self.worker), self.keys.workers],
                args=[self.worker],
            )
        )

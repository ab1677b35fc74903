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
"""

from __future__ import annotations

import secrets
from typing import Any

from scrapy import Request
from scrapy_redis.queue import Base

from newscrawl.cluster.connection import Keys

#: the request's meta key for the token of its lease (not queued: taken out before a push)
LEASE = "newscrawl_lease"
#: the meta key of the request that only wakes an idle engine up (never queued nor fetched)
WAKEUP = "newscrawl_wakeup"

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

# KEYS: queue, my in-flight hash, workers; ARGV: token, worker, lease seconds
_POP = (
    _NOW
    + """
local have = redis.call('HGET', KEYS[2], ARGV[1])
if have then return have end
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local entry = r[2] .. '\\n' .. r[1]
redis.call('HSET', KEYS[2], ARGV[1], entry)
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[2])
return entry
"""
)

# KEYS: queue, my in-flight hash; ARGV: score, request, token of the request it replaces
_PUSH_FOLLOWUP = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[3])
return 1
"""

# KEYS: queue, duplicate filter; ARGV: fingerprint, score, request -> 1 queued, 0 a duplicate.
# Idempotent: a retry after a lost reply finds its own request queued and says so, where a
# separate SADD retried would call the request a duplicate of itself and drop it
_PUSH_NEW = """
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 1 end
return 0
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

# KEYS: queue, workers, run; ARGV: prefix of the in-flight hashes
# -> {queued, in flight (all workers, dead or alive), workers, seeded}
_BUSY = """
local inflight = 0
local workers = redis.call('ZRANGE', KEYS[2], 0, -1)
for _, worker in ipairs(workers) do
  inflight = inflight + redis.call('HLEN', ARGV[1] .. worker)
end
local seeded = redis.call('HGET', KEYS[3], 'seeded') or '0'
return {redis.call('ZCARD', KEYS[1]), inflight, #workers, seeded}
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
        self._push_followup = server.register_script(_PUSH_FOLLOWUP)
        self._push_new = server.register_script(_PUSH_NEW)
        self._heartbeat = server.register_script(_HEARTBEAT)
        self._reap = server.register_script(_REAP)
        self._busy = server.register_script(_BUSY)
        self._leave = server.register_script(_LEAVE)

    # ---- scrapy-redis's interface ------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def _entry(self, request: Request) -> str:
        lease = request.meta.pop(LEASE, None)
        try:
            return str(self._encode_request(request))
        finally:
            if lease is not None:
                request.meta[LEASE] = lease

    def push(self, request: Request) -> None:
        self.server.zadd(self.key, {self._entry(request): -request.priority})

    def pop(self, timeout: int = 0) -> Request | None:
        token = secrets.token_hex(8)
        entry = self._pop(
            keys=[self.key, self.keys.inflight(self.worker), self.keys.workers],
            args=[token, self.worker, self.lease],
        )
        if not entry:
            return None
        request = self._decode_request(entry.split("\n", 1)[1])
        request.meta[LEASE] = token
        return request

    # ---- what upstream lacks ------------------------------------------------------------------
    def push_new(self, request: Request, fingerprint: str, dupefilter_key: str) -> bool:
        """Queue the request unless the run's duplicate filter has its fingerprint, in one
        step; False for a duplicate."""
        return bool(
            self._push_new(
                keys=[self.key, dupefilter_key],
                args=[fingerprint, -request.priority, self._entry(request)],
            )
        )

    def push_followup(self, request: Request, token: str) -> None:
        """Queue a retry or redirect of a leased request and acknowledge the lease, at once."""
        self._push_followup(
            keys=[self.key, self.keys.inflight(self.worker)],
            args=[-request.priority, self._entry(request), token],
        )

    def ack(self, token: str) -> None:
        """The leased request is seen through."""
        self.server.hdel(self.keys.inflight(self.worker), token)

    def held(self) -> int:
        """How many requests this worker holds."""
        return int(self.server.hlen(self.keys.inflight(self.worker)))

    def ack_all(self) -> int:
        """Every request this worker holds is seen through (its engine is idle)."""
        held = self.held()
        if held:
            self.server.delete(self.keys.inflight(self.worker))
        return held

    def heartbeat(self) -> None:
        self._heartbeat(keys=[self.keys.workers], args=[self.worker, self.lease])

    def reap(self) -> int:
        """Put the requests of workers whose lease expired back in the queue; how many."""
        return int(
            self._reap(keys=[self.key, self.keys.workers], args=[self.keys.inflight(), self.worker])
        )

    def status(self) -> tuple[int, int, int, bool]:
        """``(queued, in flight, workers, seeded)`` of the whole crawl, read at one instant."""
        queued, inflight, workers, seeded = self._busy(
            keys=[self.key, self.keys.workers, self.keys.run], args=[self.keys.inflight()]
        )
        return int(queued), int(inflight), int(workers), seeded == "1"

    def leave(self) -> int:
        """This worker stops: what it still holds goes back to the queue; it leaves the roll."""
        return int(
            self._leave(
                keys=[self.key, self.keys.inflight(self.worker), self.keys.workers],
                args=[self.worker],
            )
        )

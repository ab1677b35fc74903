"""The Redis client of a worker, the keys of a shared crawl, and the worker's name.

The client is scrapy-redis's (``scrapy_redis.connection.get_redis``, its defaults, ``REDIS_URL``,
``REDIS_PARAMS``), made patient: upstream lets a ``ConnectionError`` escape into the engine, which
logs a traceback per call and loses the request being scheduled. :class:`PatientRedis` logs one
line when the server goes away, retries every command until it is back, logs one line then, and
ends the process with :data:`newscrawl.cluster.EXIT_REDIS_GONE` once the outage lasts past
``NEWSCRAWL_REDIS_OUTAGE_LIMIT`` seconds. The process waits meanwhile: nothing it holds is lost,
its leased requests stay in Redis.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

import redis
from scrapy_redis import defaults
from scrapy_redis.connection import get_redis

from newscrawl.cluster import EXIT_REDIS_GONE

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def worker_name() -> str:
    """``host:pid:random``: unique for the life of this process, also after a restart under the
    same pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class PatientRedis(redis.Redis):
    """A redis-py client that waits out a short outage (see the module's docstring)."""

    #: seconds an outage may last before the worker gives up; set by :func:`client`
    outage_limit: float = 60.0
    #: seconds between two attempts while the server is away
    retry_every: float = 0.5
    _down_since: float | None = None

    def execute_command(self, *args: Any, **options: Any) -> Any:
        return self.patiently(lambda: super(PatientRedis, self).execute_command(*args, **options))

    def patiently(self, call: Callable[[], Any]) -> Any:
        """``call()`` (one command, or a pipeline's ``execute``, which does not go through
        :meth:`execute_command`), retried until the server answers (see the module's docstring)."""
        while True:
            try:
                result = call()
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                self._wait(exc)
                continue
            if self._down_since is not None:
                logger.warning(
                    "Redis is back after %.1f s: the crawl carries on",
                    time.monotonic() - self._down_since,
                )
                self._down_since = None
            return result

    def _wait(self, exc: Exception) -> None:
        now = time.monotonic()
        if self._down_since is None:
            self._down_since = now
            logger.warning(
                "Redis does not answer (%s): waiting for it, up to %g s "
                "(NEWSCRAWL_REDIS_OUTAGE_LIMIT)",
                str(exc).strip() or type(exc).__name__,
                self.outage_limit,
            )
        elif now - self._down_since > self.outage_limit:
            logger.critical(
                "Redis has not answered for %g s: this worker exits with status %d; its leased "
                "requests go back to the frontier when its lease expires",
                self.outage_limit,
                EXIT_REDIS_GONE,
            )
            logging.shutdown()
            sys.stderr.flush()
            os._exit(EXIT_REDIS_GONE)
        time.sleep(self.retry_every)


#: one client (and its connection pool) per server for the whole process
_CLIENTS: dict[str, PatientRedis] = {}


def client(settings: Any) -> PatientRedis:
    """The worker's client: scrapy-redis's settings, the :class:`PatientRedis` class, and
    timeouts short enough that an outage is noticed in seconds. One per process and server."""
    params = dict(defaults.REDIS_PARAMS)
    params.update(settings.getdict("REDIS_PARAMS"))
    params.setdefault("redis_cls", PatientRedis)
    params.setdefault("socket_timeout", 5)
    params.setdefault("socket_connect_timeout", 5)
    params.setdefault("decode_responses", True)
    params.setdefault("health_check_interval", 10)
    url = settings.get("REDIS_URL")
    cache_key = f"{url}|{sorted(params.items(), key=str)}"
    server = _CLIENTS.get(cache_key)
    if server is None:
        server = _CLIENTS[cache_key] = get_redis(url=url, **params)
        server.outage_limit = settings.getfloat("NEWSCRAWL_REDIS_OUTAGE_LIMIT", 60.0)
    return server


class Keys:
    """Every key of one crawl, namespaced by site (the spider's name) and origin:
    ``newscrawl:almaghribtoday:{https://www.almaghribtoday.net}:queue``. The braces make the
    origin a Redis Cluster hash tag, so a crawl's keys share one slot, as its Lua scripts need."""

    def __init__(self, site: str, origin: str) -> None:
        self.prefix = f"newscrawl:{site}:{{{origin}}}:"

    def __call__(self, name: str) -> str:
        return self.prefix + name

    @property
    def queue(self) -> str:
        return self("queue")  # sorted set: JSON request -> -priority

    @property
    def workers(self) -> str:
        return self("workers")  # sorted set: worker -> lease expiry (Redis time)

    def inflight(self, worker: str = "") -> str:
        return self("inflight:") + worker  # hash per worker: token -> score + JSON request

    @property
    def dupefilter(self) -> str:
        return self("dupefilter")  # set of request fingerprints of the current run

    @property
    def run(self) -> str:
        return self("run")  # hash: id, seeder, seeded, started

    @property
    def run_workers(self) -> str:
        return self("run:workers")  # hash: worker -> JSON of its figures, once it closed

    @property
    def pace(self) -> str:
        return self("pace")  # string: Redis time before which no request may start

    @property
    def places(self) -> str:
        return self("places")  # sorted set: request token -> expiry (Redis time) of its place


def keys_for(spider: Any) -> Keys:
    """The keys of the spider's crawl: its name, and the origin its state is filed under
    (``NEWSCRAWL_STATE_KEY``, else the crawl's origin)."""
    origin = spider.settings.get("NEWSCRAWL_STATE_KEY") or spider.origin.base
    return Keys(spider.name, origin)

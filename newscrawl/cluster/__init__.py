"""Scale-out: any number of ``scrapy crawl`` processes as workers of one crawl on a Redis server.

``-s REDIS_URL=redis://HOST:PORT/DB`` (scrapy-redis's own setting; ``rediss://`` and
``redis://:PASSWORD@HOST`` work as redis-py reads them) is the one switch. :func:`configure`
then swaps, through settings only, the scheduler, the duplicate filter, the state store and adds
the worker's bookkeeping; the spider, the page objects, the pipelines and the feeds do not change.

Each concern in its own module, as scrapy-redis lays them out:

- :mod:`~newscrawl.cluster.connection`: the client (patient through a short outage), the keys,
  the worker's name;
- :mod:`~newscrawl.cluster.serializer`: requests as JSON (scrapy-redis pickles by default, and a
  pickle read from a shared server is code execution);
- :mod:`~newscrawl.cluster.queue`: the reliable frontier (lease, acknowledgement, reaper);
- :mod:`~newscrawl.cluster.scheduler` and :mod:`~newscrawl.cluster.dupefilter`: scrapy-redis's
  scheduler and duplicate filter, extended where upstream falls short;
- :mod:`~newscrawl.cluster.worker`: heartbeat, seeding, acknowledgements, the end of the run and
  its summary;
- :mod:`~newscrawl.cluster.state`: the incremental state in Redis, behind
  :class:`newscrawl.state.StateStore`;
- :mod:`~newscrawl.cluster.pacing`: ``DOWNLOAD_DELAY``, robots.txt ``Crawl-delay`` and
  ``Retry-After`` held for the whole cluster.

This module imports neither redis nor scrapy-redis: a crawl without ``REDIS_URL`` never loads them.
"""

from __future__ import annotations

from typing import Any

#: a custom signal the spider sends when its ``start()`` has yielded its last request; the worker
#: that seeded the run then tells the others that the frontier is complete
start_exhausted = object()

#: exit status of a worker that lost its Redis server for longer than
#: ``NEWSCRAWL_REDIS_OUTAGE_LIMIT`` (``EX_TEMPFAIL``): its leased requests stay in Redis and go
#: back to the frontier once its lease expires, so nothing is lost
EXIT_REDIS_GONE = 75

#: the components a worker swaps in, by setting
COMPONENTS: dict[str, str] = {
    "SCHEDULER": "newscrawl.cluster.scheduler.ClusterScheduler",
    "DUPEFILTER_CLASS": "newscrawl.cluster.dupefilter.ClusterDupeFilter",
    "SCHEDULER_SERIALIZER": "newscrawl.cluster.serializer",
    "NEWSCRAWL_STATE_CLASS": "newscrawl.cluster.state.RedisState",
}


def enabled(settings: Any) -> bool:
    """Whether this process is a worker of a shared crawl (``REDIS_URL`` is set)."""
    return bool(settings.get("REDIS_URL"))


def configure(settings: Any, site: str) -> None:
    """Make the crawl a worker of ``site``'s shared crawl, at the spider's priority (a
    ``-s`` on the command line still wins)."""
    if not enabled(settings):
        return
    for name, value in COMPONENTS.items():
        settings.set(name, value, priority="spider")
    settings.set("NEWSCRAWL_CLUSTER_SITE", site, priority="spider")
    extensions = settings.getdict("EXTENSIONS")
    extensions["newscrawl.cluster.worker.ClusterWorker"] = 350  # after ExportedState (300)
    settings.set("EXTENSIONS", extensions, priority="spider")
    spider_mw = settings.getdict("SPIDER_MIDDLEWARES")
    # closest to the engine: a page's requests are all scheduled when its output ends here
    spider_mw["newscrawl.cluster.worker.AckMiddleware"] = 1
    settings.set("SPIDER_MIDDLEWARES", spider_mw, priority="spider")
    downloader_mw = settings.getdict("DOWNLOADER_MIDDLEWARES")
    # the first to see a response: a 429's Retry-After before the retry (550) or any other
    downloader_mw["newscrawl.cluster.pacing.ClusterPacingMiddleware"] = 960
    settings.set("DOWNLOADER_MIDDLEWARES", downloader_mw, priority="spider")
    # every request takes its turn and place in the cluster at the instant it is sent
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    for scheme in ("http", "https"):
        handlers[scheme] = "newscrawl.cluster.pacing.ClusterPacedDownloadHandler"
    settings.set("DOWNLOAD_HANDLERS", handlers, priority="spider")
    # each worker its own default file: two workers started in the same second on one machine
    # must not write one file
    default_feed = settings.get("NEWSCRAWL_DEFAULT_FEED")
    if default_feed and "%(worker)s" not in default_feed:
        from newscrawl.cluster.connection import worker_name

        stem, dot, suffix = default_feed.rpartition(".")
        name = worker_name().replace(":", "-")
        feed = f"{stem}-{name}.{suffix}" if dot else f"{default_feed}-{name}"
        settings.set("NEWSCRAWL_DEFAULT_FEED", feed, priority="spider")

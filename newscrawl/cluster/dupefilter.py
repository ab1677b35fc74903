"""The shared duplicate filter of one distributed run: scrapy-redis's, extended.

What upstream lacks (scrapy-redis 0.9.1, ``scrapy_redis.dupefilter.RFPDupeFilter``): its key is
the spider's name only, so two origins (the site and a mirror) would share it; and ``close()``
deletes the set, so the first worker to close would make the others fetch everything again. Here
the key is namespaced by site and origin, the set lives as long as the run (the last worker of the
run deletes it, :mod:`newscrawl.cluster.worker`), and an article's request is known by its
article id, whatever link form reached it (``/314/123-x``, ``/amp/123``, another of the site's
hosts), so that two workers never fetch one article in one run.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

from newscrawl.cluster.connection import client, keys_for
from newscrawl.urls import article_id


class ClusterDupeFilter(RFPDupeFilter):
    @classmethod
    def from_spider(cls, spider: Any) -> ClusterDupeFilter:
        server = client(spider.settings)
        return cls(
            server,
            key=keys_for(spider).dupefilter,
            debug=spider.settings.getbool("DUPEFILTER_DEBUG"),
        )

    def request_fingerprint(self, request: Request) -> str:
        key = article_id(request.url) if request.method == "GET" else None
        if key:
            return f"article:{key}"
        return str(super().request_fingerprint(request))

    def close(self, reason: str = "") -> None:
        """The set outlives this worker: the run's last worker deletes it."""

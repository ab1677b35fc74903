"""Why a request is refused or fails: the vocabulary the spider and the downloader middlewares
share, so that neither imports the other.

- The exceptions a middleware raises to refuse a request (:class:`Refused` and its kinds), to hand
  a response over to a retry that waits (:class:`RetryScheduled`), or to keep a request for the
  next run (:class:`Stopping`); the spider's errback tells them apart.
- :func:`failure_reason` names what went wrong with a failed request, as
  ``newscrawl/failed/<reason>`` counts it.
- :class:`Refusals` counts each refusal as ``newscrawl/refused/<reason>`` and logs the first of
  each reason at WARNING with an example URL (one line per reason, not one per link).
- :func:`limit_setting` reads a limit of ``settings.py`` and refuses a value that is not a whole
  number in its range, so that a typo stops the crawl at its start rather than lifting a limit.
- :func:`listing_query` keeps only the site's pagination parameters of a listing URL.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure

from newscrawl.headers import too_large as headers_too_large

logger = logging.getLogger(__name__)


class Refused(IgnoreRequest):
    """A request the crawl refuses on purpose; ``reason`` names why in the stats."""

    reason = "refused"


class OffsiteRequest(Refused):
    reason = "offsite"


class OffsiteRedirect(Refused):
    reason = "offsite_redirect"


class RedirectLoop(Refused):
    reason = "redirect_loop"


class MalformedRedirect(Refused):
    reason = "malformed_redirect"


class RequestCapReached(Refused):
    reason = "max_requests"


def failure_reason(failure: Failure) -> str:
    """A short name for what made a request fail: ``http_503``, ``timeout``, ``data_loss``..."""
    value = failure.value
    response = getattr(value, "response", None)
    if isinstance(value, HttpError) or (response is not None and hasattr(response, "status")):
        return f"http_{response.status}"  # type: ignore[union-attr]
    if isinstance(value, Refused):
        return value.reason
    if isinstance(value, IgnoreRequest):
        text = str(value).lower()
        if "max redirections" in text:
            return "too_many_redirects"
        if "offsite" in text:
            return "offsite"
        if "robots.txt" in text:
            return "robots_txt"
        if "download_maxsize" in text:  # HttpCompressionMiddleware: a compression bomb
            return "too_large"
        return "ignored"
    table: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        ((DownloadTimeoutError, net_error.TimeoutError, net_error.TCPTimedOutError), "timeout"),
        (ResponseDataLossError, "data_loss"),
        (DownloadCancelledError, "too_large"),
        ((CannotResolveHostError, net_error.DNSLookupError), "dns_lookup_failed"),
        ((DownloadConnectionRefusedError, net_error.ConnectionRefusedError), "connection_refused"),
        (
            (
                DownloadFailedError,
                net_error.ConnectionLost,
                net_error.ConnectionDone,
                net_error.ConnectError,
            ),
            "connection_lost",
        ),
    )
    if headers_too_large(value):  # checked first: Twisted wraps it in a lost connection
        return "headers_too_large"
    for types, name in table:
        if isinstance(value, types):
            return name
    return failure.type.__name__ if failure.type else "error"


class RetryScheduled(IgnoreRequest):
    """The response was answered by a retry that waits for its ``Retry-After``, outside the
    downloader; the spider's errback ignores it."""


class Stopping(IgnoreRequest):
    """A request not sent because the run is stopping; it stays pending for the next run."""


# ---- limits --------------------------------------------------------------------------------------
def limit_setting(settings: Any, name: str, default: int, minimum: int = 0) -> int:
    """The whole-number setting ``name`` (``default`` when unset), at least ``minimum``;
    anything else (``"ten"``, ``-1``, ``2.5``) raises ``ValueError`` naming the setting."""
    value = settings.get(name, default)
    if value is None or value == "":
        return default
    try:
        number = int(str(value).replace("_", "").strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {number}")
    return number


class Refusals:
    """Counts what the crawl refuses on purpose and logs the first refusal of each reason."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler  # its stats exist once the crawl starts
        self.logged: set[str] = set()

    def refuse(self, reason: str, url: str, why: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/refused/{reason}")
        if reason in self.logged:
            return
        self.logged.add(reason)
        logger.warning(
            "Refused %s (%s), for example %s; further ones are counted as newscrawl/refused/%s",
            reason.replace("_", " "),
            why,
            url[:300] + ("..." if len(url) > 300 else ""),
            reason,
        )


#: the query parameters of the site's listings that name a page of them (Joomla's pagination)
PAGINATION_PARAMETERS = ("start", "limitstart")


def listing_query(url: str) -> str:
    """``url`` with only its pagination parameters (``?start=20``): ``?utm_source=...``,
    ``?v=2`` and the like name the same listing, and a trap would make each a new one."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k in PAGINATION_PARAMETERS and v.isascii() and v.isdigit()
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))

"""The result of reading a date: the value, or the reason it is empty, and the warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newscrawl.dates.tables import UTC


@dataclass(frozen=True)
class DateExplanation:
    """What :func:`explain_date` found.

    ``value`` is the aware UTC datetime or ``None``; ``reason`` says why it is ``None`` (empty
    otherwise); ``warnings`` are facts worth logging about a date that was read (a weekday that
    disagrees with it, an assumed year, calendars that disagree); ``method`` names the path that
    read it (``site-line``, ``time-only``, ``iso``, ``rfc822``, ``relative``, ``gregorian``,
    ``numeric``, ``hijri``, ``gulf``, ``dateparser``) or, for ``None``, where it stopped.
    """

    value: datetime | None
    reason: str = ""
    warnings: tuple[str, ...] = ()
    method: str = ""
    #: the IANA zone a local time was read in (``Africa/Cairo``); empty for UTC and GMT lines
    zone: str = ""

    @property
    def iso(self) -> str | None:
        """``value`` as ``YYYY-MM-DDTHH:MM:SS+00:00``, or ``None``."""
        return None if self.value is None else format_iso(self.value)


def format_iso(dt: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS+00:00`` in UTC (a naive datetime is taken as UTC)."""
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return (
        f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
        f"T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}+00:00"
    )


def _fail(reason: str, method: str = "", warnings: Sequence[str] = ()) -> DateExplanation:
    return DateExplanation(None, reason, tuple(warnings), method)

"""Machine formats (ISO 8601, RFC 822) and the dateparser fallback for other absolute dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from newscrawl.dates.calendars import _check_day, _weekday_warning
from newscrawl.dates.folding import _FOLD_MAP
from newscrawl.dates.patterns import _RFC822
from newscrawl.dates.result import DateExplanation, _fail
from newscrawl.dates.tables import _ENGLISH_DAY_ABBR, MAX_YEAR, MIN_YEAR, UTC


def _from_iso(m: re.Match[str]) -> DateExplanation:
    """ISO 8601 from meta tags: "2025-11-14T02:57:00+03:00"; offsets are converted to UTC."""
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    problem = _check_day(year, month, day)
    if problem is not None:
        return _fail(problem, "iso")
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _fail(f"implausible year {year}", "iso")
    hour, minute, second = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return _fail(f"invalid time in {m[0]!r}", "iso")
    micro = int((m[7] or "0")[:6].ljust(6, "0"))
    offset = timedelta(0)
    zone = m[8]
    if zone is not None and zone != "z":
        hours, minutes = int(zone[1:3]), int(zone[-2:]) if len(zone) > 3 else 0
        if hours > 14 or minutes > 59:
            return _fail(f"invalid zone offset {zone!r}", "iso")
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if zone[0] == "-" else 1)
    local = datetime(year, month, day, hour, minute, second, micro)
    return DateExplanation((local - offset).replace(tzinfo=UTC), "", (), "iso")


def _from_rfc822(text: str) -> DateExplanation:
    """RSS ``pubDate``: "Fri, 14 Nov 2025 02:57:00 GMT"; parsed by the standard library."""
    from email.utils import parsedate_to_datetime

    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError) as exc:
        return _fail(f"unreadable RFC 822 date: {exc}", "rfc822")
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        return _fail(f"implausible year {dt.year}", "rfc822")
    warnings: tuple[str, ...] = ()
    day_name = _RFC822.match(text)
    if day_name is not None and day_name[1] is not None:
        # The weekday belongs to the date as written, before conversion to UTC.
        written = _ENGLISH_DAY_ABBR[day_name[1]]
        local = parsedate_to_datetime(text)
        if written != local.weekday():
            warnings = (_weekday_warning(written, local.date()),)
    return DateExplanation(dt, "", warnings, "rfc822")


_CLEAN_TABLE = str.maketrans(
    {k: v for k, v in _FOLD_MAP.items() if v is None or v == " " or str(v).isdigit()}
    | {ord("ـ"): None}
)


@cache
def _fallback_parser() -> Callable[[str], datetime | None]:
    """One DateDataParser, built on first use: Arabic only, absolute dates only, strict.

    Never auto-detected languages (``11 آب 2024`` becomes today's date, read as Urdu); no
    relative parser (relative strings are ours, against ``reference``, not the wall clock);
    day, month and year all required, so nothing is filled in from today.
    """
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["ar"],
        try_previous_locales=False,
        settings={
            "PARSERS": ["custom-formats", "absolute-time"],
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "DATE_ORDER": "DMY",
            "TIMEZONE": "UTC",
            "TO_TIMEZONE": "UTC",
            "RETURN_AS_TIMEZONE_AWARE": True,
        },
    )

    def run(text: str) -> datetime | None:
        value = parser.get_date_data(text).date_obj
        return value if isinstance(value, datetime) else None

    return run


def _fallback(raw: str, text: str) -> DateExplanation:
    if not any(ch.isdigit() for ch in text):
        return _fail("no date in the text", "none")
    value = _fallback_parser()(" ".join(raw.translate(_CLEAN_TABLE).split()))
    if value is None:
        return _fail("no date in the text (nor for the dateparser fallback)", "none")
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return _fail(f"implausible year {value.year}", "dateparser")
    return DateExplanation(value, "", (), "dateparser")

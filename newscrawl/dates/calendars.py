"""Calendars and clocks: Umm al-Qura conversion (hijridate), the days of a Gregorian month,
weekdays, and the IANA zones of local clocks."""

from __future__ import annotations

import calendar
from datetime import date

from newscrawl.dates.tables import _ENGLISH_MONTHS, _WEEKDAY_NAMES_EN


def _weekday_warning(written: int, actual: date) -> str:
    return (
        f"the weekday written ({_WEEKDAY_NAMES_EN[written]}) disagrees with the date "
        f"{actual.isoformat()}, a {_WEEKDAY_NAMES_EN[actual.weekday()]}; the date is kept"
    )


def _check_day(year: int | None, month: int, day: int) -> str | None:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year is None:
        last = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    else:
        last = calendar.monthrange(year, month)[1]
    if 1 <= day <= last:
        return None
    name = _ENGLISH_MONTHS[month - 1]
    if month == 2 and day == 29 and year is not None:
        return f"{year} is not a leap year: February {year} has 28 days"
    return f"{name} has {last} days, there is no day {day}"


def _hijri_to_gregorian(year: int, month: int, day: int) -> date | str:
    """Umm al-Qura conversion by hijridate; a reason string if the date does not exist."""
    from hijridate import Hijri

    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError) as exc:
        return f"invalid Hijri date {day}/{month}/{year}: {exc}"
    return date(g.year, g.month, g.day)

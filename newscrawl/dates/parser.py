"""The parser: the site line fast path, local time, the general path, relative dates, Hijri
dates with their Gregorian twin."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.dates.calendars import _check_day, _hijri_to_gregorian, _weekday_warning
from newscrawl.dates.folding import _key, fold
from newscrawl.dates.formats import _fallback, _from_iso, _from_rfc822
from newscrawl.dates.patterns import (
    _DAY_AFTER,
    _DAY_BEFORE,
    _GMT_MARK,
    _HIJRI_BY_KEY,
    _HIJRI_MARK,
    _HIJRI_MONTH,
    _HIJRI_TEXT,
    _HOUR_ONLY,
    _ISO,
    _JOOMLA_ALIAS,
    _LOCAL_MARK,
    _MARK_AFTER,
    _MONTH_BY_KEY,
    _MONTH_EXPR,
    _NOISE,
    _NUMERIC,
    _REL_AND,
    _REL_HEAD,
    _REL_TERM,
    _RFC822,
    _SITE_LINE,
    _SITE_LINE_EXACT,
    _TIME,
    _TZ_OFFSET,
    _WEEKDAY_BY_KEY,
    _WEEKDAY_RE,
    _YEAR_AFTER,
    _YEAR_ANY,
)
from newscrawl.dates.result import DateExplanation, _fail
from newscrawl.dates.tables import (
    _DAY_WORDS,
    _ENGLISH_MONTHS,
    _MARKERS,
    _NOW_WORDS,
    _NUMBER_WORDS,
    _SMALL_INTS,
    _UNITS,
    MAX_YEAR,
    MIN_YEAR,
    UTC,
)


def parse_date(
    raw: str, *, reference: datetime | None = None, zone: str | None = None
) -> datetime | None:
    """Return the date in ``raw`` as an aware UTC datetime, or ``None``. Never raises.

    ``reference`` (default now, UTC) anchors relative, time-only and year-less strings;
    ``zone`` (an IANA name, the site's ``clock_zone``) is the zone of a line that says it is in
    local time (``توقيت القاهرة المحلي 00:12:44``); see the module docstring for every rule.
    """
    # Fast path for the site's own line, without building an explanation.
    if isinstance(raw, str) and (reference is None or isinstance(reference, datetime)):
        m = _SITE_LINE_EXACT.fullmatch(raw) or _SITE_LINE.fullmatch(raw)
        if m is not None:
            dt = _site_line_value(m)
            if dt is not None:
                return dt
    return explain_date(raw, reference=reference, zone=zone).value


def explain_date(
    raw: str, *, reference: datetime | None = None, zone: str | None = None
) -> DateExplanation:
    """Like :func:`parse_date`, with the reason for a ``None`` and any warnings."""
    try:
        if zone and zone != "UTC" and isinstance(raw, str):
            local = _local_text(raw)
            if local is not None:
                return _explain_local(raw, local, reference, zone)
        return _explain(raw, reference)
    except Exception as exc:  # the contract is "never raises": report, don't propagate
        return _fail(f"internal error {type(exc).__name__}: {exc}", "error")


def _local_text(raw: str) -> str | None:
    """The folded ``raw`` without its local-time marker, if it has one and no GMT or UTC."""
    text = fold(raw)
    if _GMT_MARK.search(text) or not _LOCAL_MARK.search(text):
        return None
    return " ".join(_LOCAL_MARK.sub(" ", text).split())


def _explain_local(raw: str, text: str, reference: datetime | None, zone: str) -> DateExplanation:
    """A date written in the local time of ``zone``: read as wall time, then converted to UTC
    with the zone's offset on that day (daylight saving included). A time of day alone is the
    latest such local instant at or before ``reference``."""
    try:
        tz = ZoneInfo(zone)  # ZoneInfo keeps each zone it has read
    except (ZoneInfoNotFoundError, ValueError):
        return _fail(f"unknown time zone {zone!r}", "zone")
    if reference is None:
        ref = datetime.now(UTC)
    elif reference.tzinfo is None:
        ref = reference.replace(tzinfo=UTC)
    else:
        ref = reference
    wall_ref = ref.astimezone(tz).replace(tzinfo=UTC)  # the local clock, labelled UTC
    found = _explain(text, wall_ref)
    if found.value is None:
        return DateExplanation(None, found.reason, found.warnings, found.method, zone)
    value = found.value.replace(tzinfo=tz).astimezone(UTC)
    return DateExplanation(value, "", found.warnings, found.method, zone)


# the site writes a few dozen distinct month and weekday strings: each is folded and looked up
# once (a bounded cache, so that a hostile page's many strings cannot grow it)
@lru_cache(maxsize=4096)
def _dual_months(text: str) -> int | None:
    """Month number of a raw "تشرين الثاني / نوفمبر"; ``None`` if unknown or contradictory."""
    m = _MONTH_EXPR.fullmatch(fold(text))
    if m is None:
        return None
    first = _MONTH_BY_KEY[m[1].replace(" ", "")]
    if m[2] is not None and _MONTH_BY_KEY[m[2].replace(" ", "")] != first:
        return None
    return first


@lru_cache(maxsize=4096)
def _weekday_of(text: str) -> int | None:
    """Weekday number (Monday = 0) of a raw weekday name, ``None`` if it is not one."""
    return _WEEKDAY_BY_KEY.get(_key(text))


def _site_line_value(m: re.Match[str]) -> datetime | None:
    """The datetime of a matched site line, or ``None`` to let the slow path explain."""
    hour, minute, second, year, weekday, day, months = m.groups()
    month = _dual_months(months)
    if month is None or (weekday is not None and _weekday_of(weekday) is None):
        return None
    ints = _SMALL_INTS
    number = ints.get(year)
    if number is None:  # "٢٠٢٥", or an implausible year
        number = int(year)
        if not MIN_YEAR <= number <= MAX_YEAR:
            return None
    try:
        return datetime(
            number,
            month,
            ints.get(day) or int(day),
            ints.get(hour) or int(hour),
            ints.get(minute) or int(minute),
            0 if second is None else ints.get(second) or int(second),
            0,
            UTC,
        )
    except ValueError:
        return None


def _explain(raw: Any, reference: Any) -> DateExplanation:
    if not isinstance(raw, str):
        return _fail(f"not a string but {type(raw).__name__}", "input")
    if reference is not None and not isinstance(reference, datetime):
        return _fail(f"reference is not a datetime but {type(reference).__name__}", "input")
    alias = _JOOMLA_ALIAS.fullmatch(raw.strip())
    if alias is not None:
        return _from_alias(alias)
    m = _SITE_LINE_EXACT.fullmatch(raw) or _SITE_LINE.fullmatch(raw)
    if m is not None:
        dt = _site_line_value(m)
        if dt is not None:
            written = _weekday_of(m[5]) if m[5] is not None else None
            if written is not None and written != dt.weekday():
                return DateExplanation(dt, "", (_weekday_warning(written, dt.date()),), "site-line")
            return DateExplanation(dt, "", (), "site-line")
    if reference is None:
        ref = datetime.now(UTC)
    elif reference.tzinfo is None:
        ref = reference.replace(tzinfo=UTC)
    else:
        ref = reference.astimezone(UTC)
    text = fold(raw)
    if not text:
        return _fail("empty text", "input")
    return _explain_folded(raw, text, ref)


def _from_alias(m: re.Match[str]) -> DateExplanation:
    year, month, day, hour, minute, second = (int(part) for part in m.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _fail(f"year {year} out of range", "alias")
    try:
        return DateExplanation(
            datetime(year, month, day, hour, minute, second, 0, UTC), method="alias"
        )
    except ValueError as exc:
        return _fail(f"invalid alias timestamp {m[0]!r} ({exc})", "alias")


_Ymd = tuple[int | None, int, int]
_Time = tuple[int, int, int]


def _explain_folded(raw: str, text: str, ref: datetime) -> DateExplanation:
    iso = _ISO.fullmatch(text)
    if iso is not None:
        return _from_iso(iso)
    if _RFC822.match(text):
        return _from_rfc822(text)

    # Zone first, so "GMT+03:00" is not read as a time of day.
    offset = timedelta(0)
    zone = _TZ_OFFSET.search(text)
    if zone is not None:
        hours, minutes = int(zone[2]), int(zone[3] or 0)
        if hours > 14 or minutes > 59:
            return _fail(f"invalid zone offset {zone[0]!r}", "zone")
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if zone[1] == "-" else 1)
        text = f"{text[: zone.start()]} {text[zone.end() :]}"

    tod, rest = _take_time(text)
    if isinstance(tod, str):
        return _fail(tod, "time")
    core = " ".join(_NOISE.sub(" ", rest).split())

    relative = _relative(core, tod, ref)
    if relative is not None:
        return relative
    if tod is not None and not core:
        # "آخر تحديث GMT 21:03:24": a time of day only; the latest such instant up to reference.
        local_ref = (ref + offset).replace(tzinfo=None)
        local = local_ref.replace(hour=tod[0], minute=tod[1], second=tod[2], microsecond=0)
        if local > local_ref:
            local -= timedelta(days=1)
        return DateExplanation((local - offset).replace(tzinfo=UTC), "", (), "time-only")

    if _HIJRI_MARK.search(rest) or _HIJRI_MONTH.search(rest):
        return _hijri_flow(rest, tod, offset, ref)

    found: _Ymd | str | None = _find_textual(rest)
    method = "gregorian"
    if found is None:
        found = _find_numeric(rest)
        method = "numeric"
    if found is None:
        return _fallback(raw, text)
    if isinstance(found, str):
        return _fail(found, method)
    return _compose(found, tod, offset, ref, method, rest, [])


def _take_time(text: str) -> tuple[_Time | str | None, str]:
    """The time of day in ``text`` (12-hour markers applied) and ``text`` with it blanked."""
    m = _TIME.search(text)
    if m is not None:
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    else:
        m = _HOUR_ONLY.search(text)
        if m is None:
            return None, text
        hour, minute, second = int(m[1]), 0, 0
    marker = m[4] if m.re is _TIME else m[2]
    rest = f"{text[: m.start()]} {text[m.end() :]}"
    if marker is not None and 1 <= hour <= 12:
        kind = _MARKERS[marker]
        if kind == "am":
            hour %= 12
        elif kind == "pm":
            hour = hour % 12 + 12
        elif kind == "noon":
            # "12 ظهراً" is noon, "1 ظهراً" is 13:00; "11 ظهراً" is still late morning.
            hour = hour if hour >= 10 else hour + 12
        else:
            # "ليلاً": "10 ليلاً" is 22:00, "2 ليلاً" is 02:00, "12 ليلاً" is midnight.
            hour = 0 if hour == 12 else hour + 12 if hour >= 6 else hour
    elif marker is not None and hour > 12 and _MARKERS[marker] == "am":
        return f"hour {hour} contradicts the morning marker {marker!r}", rest
    if hour > 23 or minute > 59 or second > 59:
        return f"invalid time {hour:02d}:{minute:02d}:{second:02d}", rest
    return (hour, minute, second), rest


def _relative(core: str, tod: _Time | None, ref: datetime) -> DateExplanation | None:
    """Relative times ("منذ 3 ساعات", "أمس", "الآن") against ``ref``; ``None`` if not relative."""
    if tod is None and core in _NOW_WORDS:
        return DateExplanation(ref, "", (), "relative")
    days = _DAY_WORDS.get(core)
    if days is not None:
        if tod is None:
            return DateExplanation(ref - timedelta(days=days), "", (), "relative")
        day = ref.date() - timedelta(days=days)
        value = datetime(day.year, day.month, day.day, *tod, tzinfo=UTC)
        return DateExplanation(value, "", (), "relative")
    head = _REL_HEAD.match(core)
    if head is None or tod is not None:
        return None
    months = 0
    delta = timedelta(0)
    for term in _REL_AND.split(head[1]):
        m = _REL_TERM.match(term)
        if m is None:
            return None
        kind, implied = _UNITS[m[2].replace(" ", "")]
        if m[1] is None:
            if implied == 0:
                return _fail(f"vague relative time {core!r}: no number", "relative")
            count = implied
        else:
            count = int(m[1]) if m[1].isdigit() else _NUMBER_WORDS[m[1]]
        if kind == "months":
            months += count
        elif kind == "years":
            months += 12 * count
        else:
            delta += timedelta(**{kind: count})
    try:
        value = _shift_months(ref, -months) - delta
    except (OverflowError, ValueError):
        return _fail(f"relative time {core!r} is out of range", "relative")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return _fail(f"relative time {core!r} gives the implausible year {value.year}", "relative")
    return DateExplanation(value, "", (), "relative")


def _shift_months(dt: datetime, months: int) -> datetime:
    if not months:
        return dt
    index = dt.year * 12 + dt.month - 1 + months
    year, month = divmod(index, 12)
    day = min(dt.day, calendar.monthrange(year, month + 1)[1])
    return dt.replace(year=year, month=month + 1, day=day)


def _find_textual(text: str) -> _Ymd | str | None:
    """Day, month name(s) and year: "14 تشرين الثاني / نوفمبر 2025", "نوفمبر 14, 2025"."""
    m = _MONTH_EXPR.search(text)
    if m is None:
        return None
    month = _MONTH_BY_KEY[m[1].replace(" ", "")]
    if m[2] is not None:
        other = _MONTH_BY_KEY[m[2].replace(" ", "")]
        if other != month:
            return (
                f"the two month names disagree: {m[1]!r} is {_ENGLISH_MONTHS[month - 1]}, "
                f"{m[2]!r} is {_ENGLISH_MONTHS[other - 1]}"
            )
    before, after = text[: m.start()].rstrip(), text[m.end() :]
    day_m = _DAY_BEFORE.search(before)
    if day_m is not None:
        day = int(day_m[1])
        before = before[: day_m.start()]
    else:
        day_m = _DAY_AFTER.match(after)
        if day_m is None:
            return f"no day of the month next to {m[0].strip()!r}"
        day = int(day_m[1])
        after = after[day_m.end() :]
    year_m = _YEAR_AFTER.match(after) or _YEAR_ANY.search(before) or _YEAR_ANY.search(after)
    return (int(year_m[1]) if year_m else None, month, day)


def _numeric_parts(m: re.Match[str]) -> tuple[int, int, int] | str | None:
    a, b, c = m[1], m[3], m[4]
    if len(a) == 4 and len(c) <= 2:
        return (int(a), int(b), int(c))
    if len(c) == 4 and len(a) <= 2:
        return (int(c), int(b), int(a))
    if len(c) == 2 and len(a) <= 2:
        return f"two-digit year in {m[0]!r} is ambiguous"
    return None


def _find_numeric(text: str, *, hijri: bool = False) -> _Ymd | str | None:
    """Numeric dates ("14/11/2025", "2025-11-14", "14.11.2025"); with ``hijri``, Hijri ones.

    A numeric date is Hijri when a marker follows it ("15/11/1447 هـ") or its year is in the
    Hijri range (1300-1600); the Gregorian finder skips those.
    """
    for m in _NUMERIC.finditer(text):
        found = _numeric_parts(m)
        if not isinstance(found, tuple):
            if found is not None and not hijri:
                return found
            continue
        year = found[0]
        looks_hijri = _MARK_AFTER.match(text, m.end()) is not None or 1300 <= year <= 1600
        if hijri == looks_hijri:
            return found
        if not hijri:
            return f"year {year} in {m[0]!r} looks Hijri but has no هـ marker"
    return None


def _compose(
    found: _Ymd,
    tod: _Time | None,
    offset: timedelta,
    ref: datetime,
    method: str,
    text: str,
    warnings: list[str],
) -> DateExplanation:
    """Validate a year-month-day, add the time, apply the zone, check the weekday."""
    year, month, day = found
    hour, minute, second = tod or (0, 0, 0)
    problem = _check_day(year, month, day)
    if problem is not None:
        return _fail(problem, method, warnings)
    if year is None:
        # No year: the reference year, or rather the latest such date not after reference + 1 day.
        limit = ref + timedelta(days=1)
        for candidate in range(ref.year + 1, ref.year - 9, -1):
            if not MIN_YEAR <= candidate <= MAX_YEAR or (
                month == 2 and day == 29 and not calendar.isleap(candidate)
            ):
                continue
            local = datetime(candidate, month, day, hour, minute, second)
            if (local - offset).replace(tzinfo=UTC) <= limit:
                break
        else:
            return _fail("no year in the text and none fits the reference", method, warnings)
        warnings.append(f"no year in the text: took {local.year}, the latest not after reference")
    elif not MIN_YEAR <= year <= MAX_YEAR:
        hint = " (a Hijri year without its هـ marker?)" if 1300 <= year <= 1600 else ""
        return _fail(f"implausible year {year}{hint}", method, warnings)
    else:
        local = datetime(year, month, day, hour, minute, second)
    weekday = _WEEKDAY_RE.search(text)
    if weekday is not None:
        written = _WEEKDAY_BY_KEY[weekday[1].replace(" ", "")]
        if written != local.weekday():
            warnings.append(_weekday_warning(written, local.date()))
    return DateExplanation((local - offset).replace(tzinfo=UTC), "", tuple(warnings), method)


def _find_hijri(text: str) -> tuple[date | str | None, tuple[int, int]]:
    """The Hijri date in ``text`` converted to Gregorian, and the span it occupied."""
    m = _HIJRI_TEXT.search(text)
    if m is not None:
        span = m.span()
        if m[1] is None:
            return f"no day of the month next to the Hijri month {m[2]!r}", span
        if m[3] is None:
            return f"Hijri date {m[0]!r} has no year", span
        month = _HIJRI_BY_KEY[m[2].replace(" ", "")]
        return _hijri_to_gregorian(int(m[3]), month, int(m[1])), span
    for n in _NUMERIC.finditer(text):
        found = _numeric_parts(n)
        if isinstance(found, tuple):
            year, month, day = found
            if _MARK_AFTER.match(text, n.end()) or 1300 <= year <= 1600:
                return _hijri_to_gregorian(year, month, day), n.span()
    return None, (0, 0)


def _hijri_flow(text: str, tod: _Time | None, offset: timedelta, ref: datetime) -> DateExplanation:
    """A text with a Hijri date: the Gregorian part of a dual-calendar line wins."""
    warnings: list[str] = []
    head, sep, tail = text.partition("الموافق")
    hijri, span = _find_hijri(head)
    if sep:
        gregorian_text = tail
    else:
        start, end = span
        gregorian_text = f"{text[:start]} {text[end:]}" if end else text
    greg: _Ymd | str | None = _find_textual(gregorian_text)
    method = "gulf"
    if greg is None:
        greg = _find_numeric(gregorian_text)
    if isinstance(greg, str):
        return _fail(greg, method)
    if greg is not None:
        year, month, day = greg
        if isinstance(hijri, date) and year is not None and _check_day(year, month, day) is None:
            gap = abs((date(year, month, day) - hijri).days)
            if gap > 1:
                warnings.append(
                    f"the Hijri date is {hijri.isoformat()} on Umm al-Qura, {gap} days from the "
                    "Gregorian date; the Gregorian date is kept"
                )
        return _compose(greg, tod, offset, ref, method, text, warnings)
    if hijri is None:
        return _fail("a Hijri marker but no Hijri date", "hijri")
    if isinstance(hijri, str):
        return _fail(hijri, "hijri")
    return _compose((hijri.year, hijri.month, hijri.day), tod, offset, ref, "hijri", text, warnings)

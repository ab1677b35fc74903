"""Arabic date normalization: the raw date strings of almaghribtoday.net, to aware UTC datetimes.

Why this module is hand-written rather than a call to ``dateparser``: dateparser 1.5 parses none
of the site's date lines. Its Arabic locale knows only the Egyptian month names (``نوفمبر``), not
the Levantine ones (``تشرين الثاني``) nor the Moroccan or Algerian ones; a leading ``GMT`` or a
second month name (the site always writes two: ``14 تشرين الثاني / نوفمبر``) makes it give up; and
it reads the Hijri year ``1447 هـ`` as the Gregorian year 1447. With language auto-detection it is
worse: ``11 آب 2024`` comes back as today's date, read as Urdu. So the site's own formats are read
here on a fast path of precompiled regular expressions and dictionary lookups; dateparser (explicit
``languages=["ar"]``, absolute dates only, created once) is the fallback for other absolute dates.

The package: :mod:`~newscrawl.dates.tables` (month, Hijri month, weekday and relative-time
tables, data only), :mod:`~newscrawl.dates.folding` (letters and digits folded for matching),
:mod:`~newscrawl.dates.patterns` (the compiled expressions), :mod:`~newscrawl.dates.calendars`
(Umm al-Qura, days of the month, weekdays, zones), :mod:`~newscrawl.dates.parser` (the site line,
local time, the general path, relative and Hijri dates), :mod:`~newscrawl.dates.formats` (ISO,
RFC 822, the dateparser fallback), :mod:`~newscrawl.dates.result` and
:mod:`~newscrawl.dates.cli`.

Public API:

* :func:`parse_date` -- an aware ``datetime`` in UTC, or ``None``. It never raises, whatever it is
  given (``None``, bytes, numbers, junk).
* :func:`explain_date` -- the same value in a :class:`DateExplanation`, with the reason when the
  value is ``None``, warnings (a weekday that disagrees with the date, an assumed year, ...) and the
  name of the path that read it. The crawl pipeline logs these.
* :func:`format_iso` -- ``YYYY-MM-DDTHH:MM:SS+00:00``, the item's date format.
* ``python -m newscrawl.dates "<text>" [--reference ISO]`` prints the ISO form, or the reason and
  exits with status 1.

Rules, in the order a reader may wonder about them:

* Times with no zone are the site's time, GMT (the sidebar says ``GMT 02:57 2025 ...``). ``GMT``,
  ``UTC`` and ``بتوقيت غرينتش`` change nothing; ``GMT+3`` / ``UTC-04:00`` and ISO offsets are
  converted to UTC. Named zones (``بتوقيت مكة``) are not guessed: they are ignored.
* A date with no time is midnight UTC.
* ``reference`` (default: now, UTC; a naive one is taken as UTC) anchors relative strings
  (``منذ 3 ساعات`` = reference - 3 h; ``أمس`` = reference - 1 day, or yesterday at the written
  time in ``أمس 14:30``), time-only strings (``آخر تحديث GMT 21:03:24`` = the latest such instant
  at or before reference), and dates with no year: those take the reference year, and more exactly
  the latest such date that is not after reference + 1 day (so ``1 يناير`` read on 31 December is
  the coming day, and ``29 شباط`` is the last 29 February); a warning says the year was assumed.
* Month names are matched on a normalized copy (hamza forms, alef maqsura/yeh, teh marbuta/heh,
  Persian yeh/keheh, tatweel, diacritics, bidi marks, Arabic-Indic/Persian digits); the text itself
  is never changed. A dual form (``تشرين الثاني / نوفمبر``, ``نوفمبر (تشرين الثاني)``, either
  order, ``/`` ``-`` ``|`` or parentheses) whose two names are different months is ``None``, with a
  reason: never a silent pick.
* ``م`` after a year means AD (``2025 م``); after a time it means PM (``02:57 م``).
* Hijri dates (a Hijri month name, or a ``هـ`` marker) are converted on the Umm al-Qura calendar
  by ``hijridate`` (which covers 1343-1500 AH, 1924-2077 CE). A line with both calendars
  (``... 1447 هـ الموافق 14 نوفمبر 2025 م``) takes the Gregorian part; if the two disagree by more
  than a day (moon sighting differs from Umm al-Qura by a day at most) a warning says so. Hijri
  text is never handed to dateparser.
* Invalid or implausible dates are ``None`` with a reason: ``31 نيسان``, ``29 شباط 2025``, a month
  13, a Gregorian year outside 1900-2199 (a bare ``1447`` is a Hijri year that lost its marker),
  a two-digit year.
"""

from __future__ import annotations

from newscrawl.dates.cli import main
from newscrawl.dates.folding import fold
from newscrawl.dates.parser import explain_date, parse_date
from newscrawl.dates.result import DateExplanation, format_iso
from newscrawl.dates.tables import HIJRI_MONTHS, MONTH_SYSTEMS, WEEKDAYS

__all__ = [
    "HIJRI_MONTHS",
    "MONTH_SYSTEMS",
    "WEEKDAYS",
    "DateExplanation",
    "explain_date",
    "fold",
    "format_iso",
    "main",
    "parse_date",
]

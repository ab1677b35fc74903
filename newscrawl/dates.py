"""Arabic date normalization: the raw date strings of almaghribtoday.net, to aware UTC datetimes.

Why this module is hand-written rather than a call to ``dateparser``: dateparser 1.5 parses none
of the site's date lines. Its Arabic locale knows only the Egyptian month names (``نوفمبر``), not
the Levantine ones (``تشرين الثاني``) nor the Moroccan or Algerian ones; a leading ``GMT`` or a
second month name (the site always writes two: ``14 تشرين الثاني / نوفمبر``) makes it give up; and
it reads the Hijri year ``1447 هـ`` as the Gregorian year 1447. With language auto-detection it is
worse: ``11 آب 2024`` comes back as today's date, read as Urdu. So the site's own formats are read
here on a fast path of precompiled regular expressions and dictionary lookups; dateparser (explicit
``languages=["ar"]``, absolute dates only, created once) is the fallback for other absolute dates.

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

import calendar
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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

UTC = timezone.utc

#: Gregorian years accepted as plausible for a news date; outside them the text is not a date of
#: this site (``1447`` is a Hijri year that lost its ``هـ``).
MIN_YEAR = 1900
MAX_YEAR = 2199

_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Gregorian month names, per naming system: month number -> spellings. Spelling variants that
#: differ only by what :func:`fold` removes (hamza seat, alef maqsura, teh marbuta, diacritics)
#: need not be listed; variants that differ by letters are.
MONTH_SYSTEMS: dict[str, dict[int, tuple[str, ...]]] = {
    # Levantine/Syriac, the site's first name: "14 تشرين الثاني / نوفمبر"; the short
    # "تشرين 2" / "كانون 1" appear in Syrian and Iraqi copy.
    "levantine": {
        1: ("كانون الثاني", "كانون ثاني", "كانون 2"),
        2: ("شباط",),
        3: ("آذار",),
        4: ("نيسان",),
        5: ("أيار",),
        6: ("حزيران",),
        7: ("تموز",),
        8: ("آب",),
        9: ("أيلول",),
        10: ("تشرين الأول", "تشرين أول", "تشرين 1"),
        11: ("تشرين الثاني", "تشرين ثاني", "تشرين 2"),
        12: ("كانون الأول", "كانون أول", "كانون 1"),
    },
    # Egyptian/Gulf, the site's second name: "24 إبريل / نيسان".
    "egyptian": {
        1: ("يناير",),
        2: ("فبراير", "فبرير"),
        3: ("مارس",),
        4: ("أبريل", "إبريل", "ابريل"),
        5: ("مايو",),
        6: ("يونيو", "يونيه"),
        7: ("يوليو", "يوليه"),
        8: ("أغسطس", "اغسطس", "أغسطوس"),
        9: ("سبتمبر",),
        10: ("أكتوبر",),
        11: ("نوفمبر", "نوڤمبر"),
        12: ("ديسمبر",),
    },
    # Moroccan media: "ماي", "يوليوز", "غشت", "شتنبر", "نونبر", "دجنبر".
    "moroccan": {
        1: ("يناير",),
        2: ("فبراير",),
        3: ("مارس",),
        4: ("أبريل",),
        5: ("ماي",),
        6: ("يونيو",),
        7: ("يوليوز",),
        8: ("غشت",),
        9: ("شتنبر",),
        10: ("أكتوبر",),
        11: ("نونبر",),
        12: ("دجنبر",),
    },
    # Algerian/Tunisian sister sites: "جانفي", "فيفري", "أفريل", "جوان", "جويلية", "أوت".
    "algerian": {
        1: ("جانفي",),
        2: ("فيفري",),
        3: ("مارس",),
        4: ("أفريل",),
        5: ("ماي",),
        6: ("جوان",),
        7: ("جويلية",),
        8: ("أوت",),
        9: ("سبتمبر",),
        10: ("أكتوبر",),
        11: ("نوفمبر",),
        12: ("ديسمبر",),
    },
    # Latin names, for the odd "14 Nov 2025" in a feed.
    "english": {
        n: (name.lower(), name[:3].lower()) + (("sept",) if n == 9 else ())
        for n, name in enumerate(_ENGLISH_MONTHS, start=1)
    },
}

#: Hijri (Umm al-Qura) month names: "15 جمادى الأولى 1447 هـ".
HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الثاني", "ربيع الآخر", "ربيع ثاني", "ربيع آخر"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادى ثانية"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة"),
    12: ("ذو الحجة", "ذي الحجة"),
}

#: Weekday names, Python numbering (Monday = 0); with and without hamza once folded:
#: the site writes both "الإثنين" and "الاثنين", "الأربعاء" and "الاربعاء".
WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("الإثنين", "الاثنين", "الأثنين", "monday"),
    1: ("الثلاثاء", "الثلثاء", "tuesday"),
    2: ("الأربعاء", "الاربعاء", "wednesday"),
    3: ("الخميس", "thursday"),
    4: ("الجمعة", "friday"),
    5: ("السبت", "saturday"),
    6: ("الأحد", "sunday"),
}

_ENGLISH_DAY_ABBR = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# ---------------------------------------------------------------------------------------------
# Folding: a matching copy of the text. Never returned, never stored.

_FOLD_MAP: dict[int, int | str | None] = {}
for _ch in "أإآٱٲٳ":
    _FOLD_MAP[ord(_ch)] = "ا"
_FOLD_MAP.update(
    {
        ord("ؤ"): "و",
        ord("ئ"): "ي",
        ord("ء"): None,  # "الثلاثاء" and "الثلاثا", "مساءً" and "مسا" meet
        ord("ى"): "ي",  # alef maqsura
        ord("ی"): "ي",  # Persian yeh U+06CC
        ord("ې"): "ي",
        ord("ة"): "ه",  # teh marbuta: "جويلية" / "جويليه"
        ord("ۀ"): "ه",
        ord("ە"): "ه",
        ord("ھ"): "ه",
        ord("ہ"): "ه",
        ord("ک"): "ك",  # keheh U+06A9
        ord("ڪ"): "ك",
        ord("ڤ"): "ف",  # veh: "نوڤمبر"
        ord("ـ"): None,  # tatweel: "هـ" is "ه"
        ord("،"): ",",
        ord("؛"): ";",
        ord("٫"): ".",
        ord("٬"): ",",
        ord("⁄"): "/",
        ord("／"): "/",
        ord("−"): "-",
    }
)
# Harakat, tanween, superscript alef, Quranic marks.
for _cp in (*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD), *range(0x06DF, 0x06E9)):
    _FOLD_MAP[_cp] = None
for _cp in range(0x06EA, 0x06EE):
    _FOLD_MAP[_cp] = None
# Arabic-Indic and Persian digits: "١٤" in feeds and sister sites.
for _i in range(10):
    _FOLD_MAP[0x0660 + _i] = str(_i)
    _FOLD_MAP[0x06F0 + _i] = str(_i)
# Bidi and zero-width marks: the site puts RLM around its dates; soft hyphen, BOM.
for _cp in (0x00AD, 0x061C, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F)):
    _FOLD_MAP[_cp] = None
for _cp in range(0x2066, 0x206A):
    _FOLD_MAP[_cp] = None
# Spaces (NBSP and friends) and dashes.
for _cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
    _FOLD_MAP[_cp] = " "
for _cp in range(0x2010, 0x2016):
    _FOLD_MAP[_cp] = "-"
_FOLD_TABLE = str.maketrans(_FOLD_MAP)


def fold(text: str) -> str:
    """Return a copy of ``text`` normalized for matching (see the module docstring).

    Lower-cased, marks and diacritics removed, letter variants unified, digits made ASCII,
    whitespace folded to single spaces.
    """
    return " ".join(text.translate(_FOLD_TABLE).lower().split())


def _key(name: str) -> str:
    """Dictionary key of a month or weekday name: folded, spaces removed ("تشرين2")."""
    return fold(name).replace(" ", "")


def _alternation(names: Sequence[str]) -> str:
    """Regex alternation of folded names, longest first so "مايو" wins over "ماي"."""
    parts = []
    for name in sorted({fold(n) for n in names}, key=len, reverse=True):
        part = re.escape(name).replace("\\ ", " ").replace(" ", r"\s?")
        # "تشرين 2" must not be the start of "تشرين 2025".
        parts.append(part + r"(?!\d)" if name[-1].isdigit() else part)
    return "|".join(parts)


_MONTH_BY_KEY: dict[str, int] = {}
for _system in MONTH_SYSTEMS.values():
    for _num, _names in _system.items():
        for _name in _names:
            _MONTH_BY_KEY[_key(_name)] = _num
_HIJRI_BY_KEY: dict[str, int] = {
    _key(_name): _num for _num, _names in HIJRI_MONTHS.items() for _name in _names
}
_WEEKDAY_BY_KEY: dict[str, int] = {
    _key(_name): _num for _num, _names in WEEKDAYS.items() for _name in _names
}


_ALL_MONTH_NAMES = [n for s in MONTH_SYSTEMS.values() for v in s.values() for n in v]
_MONTH_ALT = _alternation(_ALL_MONTH_NAMES)
_HIJRI_ALT = _alternation([n for v in HIJRI_MONTHS.values() for n in v])
_WEEKDAY_ALT = _alternation([n for v in WEEKDAYS.values() for n in v])

# Not preceded / followed by a letter (digits may touch: "14نوفمبر", "1447هـ").
_L = r"(?<![^\W\d_])"
_R = r"(?![^\W\d_])"

# 12-hour markers after a time: "02:57 م" is PM; "2025 م" (after a year) is AD and never
# reaches this table, because a marker only counts directly after a time.
_MARKERS: dict[str, str] = {
    fold(k): v
    for k, v in (
        ("ص", "am"),
        ("صباحا", "am"),
        ("صباحاً", "am"),
        ("صباح", "am"),
        ("فجرا", "am"),
        ("فجراً", "am"),
        ("am", "am"),
        ("a.m.", "am"),
        ("a.m", "am"),
        ("م", "pm"),
        ("مساءً", "pm"),
        ("مساءا", "pm"),
        ("مساء", "pm"),
        ("pm", "pm"),
        ("p.m.", "pm"),
        ("p.m", "pm"),
        ("عصرا", "pm"),
        ("عصراً", "pm"),
        ("ظهرا", "noon"),
        ("ظهراً", "noon"),
        ("ليلا", "night"),
        ("ليلاً", "night"),
    )
}
_MARKER_ALT = _alternation(list(_MARKERS))

# The site's own line, matched on the raw text (no folding on the fast path): "GMT 02:57 2025
# الجمعة ,14 تشرين الثاني / نوفمبر". \d is Unicode-aware and int() reads "١٤" and "۱۴" alike;
# the optional separators swallow the RLM marks and NBSP the site puts around its dates. The
# exact form (plain single spaces) is tried first: a quarter cheaper than the tolerant one.
_S = "[\\s\u00a0\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*"
_SITE_LINE_EXACT = re.compile(
    r"GMT (\d\d?):(\d\d)(?::(\d\d))? (\d{4}) (?:([^\W\d_]+) )?,(\d\d?) (\D+)"
)
_SITE_LINE = re.compile(
    rf"{_S}GMT{_S}(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?{_S}(\d{{4}}){_S}"
    rf"(?:([^\W\d_]+){_S})?[,،]?{_S}(\d{{1,2}}){_S}(\D+)",
    re.IGNORECASE,
)

# "02", "57", "14", "2025": a dict lookup is cheaper than int() on the fast path. The years are
# the plausible ones only, so a year outside them goes to int() and fails the range check below.
_SMALL_INTS = (
    {f"{i:02d}": i for i in range(100)}
    | {str(i): i for i in range(10)}
    | {str(i): i for i in range(MIN_YEAR, MAX_YEAR + 1)}
)

# Everything below runs on the folded copy.
_DUAL = (
    rf"{_L}({_MONTH_ALT}){_R}"
    rf"(?:\s?(?:[/\-|]|\(|\)\s?)\s?\(?\s?{_L}({_MONTH_ALT}){_R}\s?\)?)?"
)
_MONTH_EXPR = re.compile(_DUAL)
_HIJRI_MONTH = re.compile(rf"{_L}({_HIJRI_ALT}){_R}")
_WEEKDAY_RE = re.compile(rf"{_L}({_WEEKDAY_ALT}){_R}")
_HIJRI_MARK = re.compile(rf"{_L}(?:ه|هجري|هجريه|للهجره|بالهجري){_R}")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})\s?:\s?(\d{2})(?:\s?:\s?(\d{2}))?(?:[.,]\d+)?(?![\d:])"
    rf"(?:\s?({_MARKER_ALT}){_R})?"
)
# "الساعة 5 مساءً": an hour with no minutes, only after "الساعة".
_HOUR_ONLY = re.compile(rf"{_L}الساعه\s?(\d{{1,2}})(?![\d:/.])(?:\s?({_MARKER_ALT}){_R})?")
_TZ_OFFSET = re.compile(
    rf"{_L}(?:gmt|utc|غرينتش|غرينيتش|جرينتش|جرينيتش)\s?([+-])\s?(\d{{1,2}})(?:\s?:?\s?(\d{{2}}))?(?!\d)"
)
_DAY_BEFORE = re.compile(r"(?<![\d:/.\-])(\d{1,2})\s?[,.]?\s?(?:من)?\s?\(?$")
_DAY_AFTER = re.compile(r"^\s?(\d{1,2})(?![\d:/])")
_YEAR_AFTER = re.compile(r"^[\s,.\-]*(\d{4})(?!\d)")
_YEAR_ANY = re.compile(r"(?<![\d:/.\-])(\d{4})(?![\d:/])")
_NUMERIC = re.compile(
    r"(?<![\d/.\-:])(\d{1,4})\s?([/.\-])\s?(\d{1,2})\s?\2\s?(\d{1,4})(?![\d/.\-:])"
)
_HIJRI_TEXT = re.compile(
    rf"(?:(?<![\d:/.\-])(\d{{1,2}})\s?(?:من\s?)?)?{_L}({_HIJRI_ALT}){_R}(?:\s?,?\s?(\d{{4}})(?!\d))?"
)
_MARK_AFTER = re.compile(rf"^\s?(?:ه|هجري|هجريه|للهجره){_R}")
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_RFC822 = re.compile(
    r"(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s?)?\d{1,2}\s"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s\d{2,4}\s\d{1,2}:\d{2}"
)

# Words around a date that carry no date: "نشر في:", "آخر تحديث:", "بتوقيت غرينتش".
_NOISE_WORDS = (
    "آخر تحديث",
    "آخر تعديل",
    "تاريخ النشر",
    "تاريخ التحديث",
    "تم النشر",
    "تم التحديث",
    "نشر في",
    "نشر بتاريخ",
    "نشر",
    "تحديث",
    "محدث",
    "بتاريخ",
    "تاريخ",
    "في",
    "الساعة",
    "بتوقيت",
    "توقيت",
    "غرينتش",
    "غرينيتش",
    "جرينتش",
    "جرينيتش",
    "gmt",
    "utc",
    "last updated",
    "updated",
    "published",
    "at",
    "on",
)
_NOISE = re.compile(rf"{_L}(?:{_alternation(_NOISE_WORDS)}){_R}|[\s:,;|\-()\[\]]+")

# Relative times: "منذ 3 ساعات", "منذ ساعتين", "قبل 5 دقائق", "منذ أسبوع".
_UNITS: dict[str, tuple[str, int]] = {
    fold(k): v
    for k, v in (
        ("ثانية", ("seconds", 1)),
        ("ثوان", ("seconds", 0)),
        ("ثواني", ("seconds", 0)),
        ("ثانيتين", ("seconds", 2)),
        ("ثانيتان", ("seconds", 2)),
        ("دقيقة", ("minutes", 1)),
        ("دقائق", ("minutes", 0)),
        ("دقيقتين", ("minutes", 2)),
        ("دقيقتان", ("minutes", 2)),
        ("ساعة", ("hours", 1)),
        ("ساعات", ("hours", 0)),
        ("ساعتين", ("hours", 2)),
        ("ساعتان", ("hours", 2)),
        ("يوم", ("days", 1)),
        ("أيام", ("days", 0)),
        ("يومين", ("days", 2)),
        ("يومان", ("days", 2)),
        ("أسبوع", ("weeks", 1)),
        ("أسابيع", ("weeks", 0)),
        ("أسبوعين", ("weeks", 2)),
        ("أسبوعان", ("weeks", 2)),
        ("شهر", ("months", 1)),
        ("أشهر", ("months", 0)),
        ("شهور", ("months", 0)),
        ("شهرين", ("months", 2)),
        ("شهران", ("months", 2)),
        ("سنة", ("years", 1)),
        ("سنوات", ("years", 0)),
        ("سنين", ("years", 0)),
        ("سنتين", ("years", 2)),
        ("سنتان", ("years", 2)),
        ("عام", ("years", 1)),
        ("أعوام", ("years", 0)),
        ("عامين", ("years", 2)),
        ("عامان", ("years", 2)),
    )
}
_NUMBER_WORDS: dict[str, int] = {
    fold(k): v
    for k, v in (
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("أربع", 4),
        ("أربعة", 4),
        ("خمس", 5),
        ("خمسة", 5),
        ("ست", 6),
        ("ستة", 6),
        ("سبع", 7),
        ("سبعة", 7),
        ("ثماني", 8),
        ("ثمان", 8),
        ("ثمانية", 8),
        ("تسع", 9),
        ("تسعة", 9),
        ("عشر", 10),
        ("عشرة", 10),
    )
}
_REL_TERM = re.compile(
    rf"^(?:(\d+|{_alternation(list(_NUMBER_WORDS))})\s?)?({_alternation(list(_UNITS))})"
    r"(?:\s(?:واحد|واحده))?$"
)
_REL_HEAD = re.compile(r"^(?:منذ|قبل)\s?(.+?)(?:\s(?:تقريبا|فقط))?$")
_REL_AND = re.compile(r"\sو(?!احد)\s?")  # "ساعة و 20 دقيقة", not "ساعة واحدة"
_NOW_WORDS = frozenset(
    fold(w) for w in ("الآن", "الان", "للتو", "منذ لحظات", "منذ لحظة", "منذ قليل", "قبل قليل")
)
_DAY_WORDS: dict[str, int] = {
    fold(k): v
    for k, v in (
        ("اليوم", 0),
        ("أمس", 1),
        ("البارحة", 1),
        ("يوم أمس", 1),
        ("أول أمس", 2),
        ("أول من أمس", 2),
        ("قبل أمس", 2),
    )
}

_WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ---------------------------------------------------------------------------------------------
# Results


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


# ---------------------------------------------------------------------------------------------
# Public functions


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


# ---------------------------------------------------------------------------------------------
# Local time


# "توقيت القاهرة المحلي 00:12:44 آخر تحديث" [real: egypt-today.com's header clock], "بتوقيت
# القاهرة", "بالتوقيت المحلي", "Cairo time", "local time"; never "بتوقيت غرينتش" (GMT). Matched on
# the folded text.
_LOCAL_MARK = re.compile(
    rf"{_L}(?:ب?توقيت\s(?!غرينتش|غرينيتش|جرينتش|جرينيتش|gmt|utc)[^\W\d_]+(?:\sالمحلي)?"
    rf"|ب?التوقيت\sالمحلي|(?:cairo|local)\stime){_R}"
)
_GMT_MARK = re.compile(rf"{_L}(?:gmt|utc|غرينتش|غرينيتش|جرينتش|جرينيتش){_R}")


def _local_text(raw: str) -> str | None:
    """The folded ``raw`` without its local-time marker, if it has one and no GMT or UTC."""
    text = fold(raw)
    if _GMT_MARK.search(text) or not _LOCAL_MARK.search(text):
        return None
    return " ".join(_LOCAL_MARK.sub(" ", text).split())


@cache
def _zoneinfo(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _explain_local(raw: str, text: str, reference: datetime | None, zone: str) -> DateExplanation:
    """A date written in the local time of ``zone``: read as wall time, then converted to UTC
    with the zone's offset on that day (daylight saving included). A time of day alone is the
    latest such local instant at or before ``reference``."""
    try:
        tz = _zoneinfo(zone)
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


# ---------------------------------------------------------------------------------------------
# The site line


def _dual_months_uncached(text: str) -> int | None:
    m = _MONTH_EXPR.fullmatch(fold(text))
    if m is None:
        return None
    first = _MONTH_BY_KEY[m[1].replace(" ", "")]
    if m[2] is not None and _MONTH_BY_KEY[m[2].replace(" ", "")] != first:
        return None
    return first


# Plain dicts as caches: a dict.get is several times cheaper than an lru_cache call, and the
# site writes a few dozen distinct month and weekday strings. Bounded, cleared when full.
_DUAL_CACHE: dict[str, int | None] = {}
_WEEKDAY_CACHE: dict[str, int | None] = {}
_CACHE_LIMIT = 4096


def _dual_months(text: str) -> int | None:
    """Month number of a raw "تشرين الثاني / نوفمبر"; ``None`` if unknown or contradictory."""
    try:
        return _DUAL_CACHE[text]
    except KeyError:
        pass
    if len(_DUAL_CACHE) >= _CACHE_LIMIT:
        _DUAL_CACHE.clear()
    value = _DUAL_CACHE[text] = _dual_months_uncached(text)
    return value


def _weekday_of(text: str) -> int | None:
    """Weekday number (Monday = 0) of a raw weekday name, ``None`` if it is not one."""
    try:
        return _WEEKDAY_CACHE[text]
    except KeyError:
        pass
    if len(_WEEKDAY_CACHE) >= _CACHE_LIMIT:
        _WEEKDAY_CACHE.clear()
    value = _WEEKDAY_CACHE[text] = _WEEKDAY_BY_KEY.get(_key(text))
    return value


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


def _weekday_warning(written: int, actual: date) -> str:
    return (
        f"the weekday written ({_WEEKDAY_NAMES_EN[written]}) disagrees with the date "
        f"{actual.isoformat()}, a {_WEEKDAY_NAMES_EN[actual.weekday()]}; the date is kept"
    )


# ---------------------------------------------------------------------------------------------
# The general path


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


# The timestamp of a Joomla-era article alias, "/39/2012-10-24-19-21-06" (newscrawl.urls.
# legacy_timestamp): the article's creation time, as the site's other times in GMT.
_JOOMLA_ALIAS = re.compile(r"(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)")


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


# ---------------------------------------------------------------------------------------------
# Hijri


def _hijri_to_gregorian(year: int, month: int, day: int) -> date | str:
    """Umm al-Qura conversion by hijridate; a reason string if the date does not exist."""
    from hijridate import Hijri

    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError) as exc:
        return f"invalid Hijri date {day}/{month}/{year}: {exc}"
    return date(g.year, g.month, g.day)


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


# ---------------------------------------------------------------------------------------------
# Machine formats


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


# ---------------------------------------------------------------------------------------------
# dateparser fallback


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


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newscrawl.dates "<text>" [--reference ISO]``: the ISO form, or the reason."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.dates", description="Normalize an Arabic date to ISO 8601 (UTC)."
    )
    parser.add_argument("text", nargs="+", help="the raw date text (several words are joined)")
    parser.add_argument("--reference", help="ISO datetime anchoring relative dates (default: now)")
    parser.add_argument(
        "--zone", help="IANA zone of a line in local time, a site's clock_zone (Africa/Cairo)"
    )
    args = parser.parse_args(argv)
    reference = None
    if args.reference:
        try:
            reference = datetime.fromisoformat(args.reference)
        except ValueError:
            print(f"invalid --reference {args.reference!r}", file=sys.stderr)
            return 2
    result = explain_date(" ".join(args.text), reference=reference, zone=args.zone)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.value is None:
        print(result.reason)
        return 1
    print(format_iso(result.value))
    return 0


if __name__ == "__main__":
    sys.exit(main())

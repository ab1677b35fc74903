"""The tables the parser reads: month names of every regional system (Levantine, Egyptian,
Maghrebi, Algerian, English), Hijri months, weekdays, 12-hour markers, noise words, relative
units and number words. Data only."""

from __future__ import annotations

from datetime import timezone

from newscrawl.dates.folding import fold

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

# "02", "57", "14", "2025": a dict lookup is cheaper than int() on the fast path. The years are
# the plausible ones only, so a year outside them goes to int() and fails the range check below.
_SMALL_INTS = (
    {f"{i:02d}": i for i in range(100)}
    | {str(i): i for i in range(10)}
    | {str(i): i for i in range(MIN_YEAR, MAX_YEAR + 1)}
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

"""Tests for newscrawl.dates: tables of raw strings and the ISO form they must give.

Every case runs against a fixed reference (REF), never the wall clock. The month tables here are
written out again rather than imported from the module, so a typo in one is caught by the other.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.dates import explain_date, format_iso, main, parse_date

UTC = timezone.utc
ROOT = Path(__file__).resolve().parents[1]

# The reference instant for every relative, time-only and year-less case: a Thursday.
REF = datetime(2025, 11, 20, 12, 0, 0, tzinfo=UTC)

LEVANTINE = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
EGYPTIAN = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
MOROCCAN = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
)
ALGERIAN = (
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
HIJRI = (
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الثاني",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
)
# 1 <month> 1447 AH on Umm al-Qura (checked against the hijridate tables).
HIJRI_1447_FIRSTS = (
    "2025-06-26",
    "2025-07-26",
    "2025-08-24",
    "2025-09-23",
    "2025-10-23",
    "2025-11-22",
    "2025-12-21",
    "2026-01-20",
    "2026-02-18",
    "2026-03-20",
    "2026-04-18",
    "2026-05-18",
)
SYSTEMS = {
    "levantine": LEVANTINE,
    "egyptian": EGYPTIAN,
    "moroccan": MOROCCAN,
    "algerian": ALGERIAN,
}
# Monday first, as datetime.weekday(); the site writes both hamza forms.
WEEKDAYS_AR = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
WEEKDAYS_BARE = ("الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", "السبت", "الاحد")

RLM, LRM, NBSP = "\u200f", "\u200e", "\u00a0"


def site_line(when: datetime, first: str, second: str, weekday: str | None = None) -> str:
    """The sidebar line: "GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر"."""
    name = weekday or WEEKDAYS_AR[when.weekday()]
    return f"GMT {when:%H:%M} {when.year} {name} ,{when.day:02d} {first} / {second}"


def iso(value: datetime | None) -> str | None:
    return None if value is None else format_iso(value)


def _month_cases() -> list[Any]:
    cases = []
    for system, names in SYSTEMS.items():
        for number, name in enumerate(names, start=1):
            cases.append(
                pytest.param(
                    f"14 {name} 2025",
                    f"2025-{number:02d}-14T00:00:00+00:00",
                    id=f"{system}-m{number:02d}",
                )
            )
    for number, (name, first) in enumerate(zip(HIJRI, HIJRI_1447_FIRSTS, strict=True), start=1):
        cases.append(
            pytest.param(f"1 {name} 1447 هـ", f"{first}T00:00:00+00:00", id=f"hijri-m{number:02d}")
        )
    return cases


def _dual_cases() -> list[Any]:
    cases = []
    for number in range(1, 13):
        when = datetime(2025, number, 14, 2, 57, tzinfo=UTC)
        want = f"2025-{number:02d}-14T02:57:00+00:00"
        lev, egy = LEVANTINE[number - 1], EGYPTIAN[number - 1]
        cases.append(
            pytest.param(site_line(when, lev, egy), want, id=f"site-lev-egy-m{number:02d}")
        )
        cases.append(
            pytest.param(site_line(when, egy, lev), want, id=f"site-egy-lev-m{number:02d}")
        )
        cases.append(
            pytest.param(
                site_line(when, lev, MOROCCAN[number - 1]), want, id=f"site-lev-mor-m{number:02d}"
            )
        )
        cases.append(
            pytest.param(
                site_line(when, ALGERIAN[number - 1], lev), want, id=f"site-alg-lev-m{number:02d}"
            )
        )
    return cases


# The real lines of the seed article and the homepage, as the site writes them.
REAL_LINES = [
    pytest.param(
        "GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر",
        "2025-11-14T02:57:00+00:00",
        id="real-2025",
    ),
    pytest.param(
        "GMT 16:48 2020 الإثنين ,01 حزيران / يونيو", "2020-06-01T16:48:00+00:00", id="real-2020-06"
    ),
    pytest.param(
        "GMT 20:49 2019 الإثنين ,01 تموز / يوليو", "2019-07-01T20:49:00+00:00", id="real-2019-a"
    ),
    pytest.param(
        "GMT 21:35 2019 الإثنين ,01 تموز / يوليو", "2019-07-01T21:35:00+00:00", id="real-2019-b"
    ),
    pytest.param(
        "GMT 11:47 2017 الثلاثاء ,28 تشرين الثاني / نوفمبر",
        "2017-11-28T11:47:00+00:00",
        id="real-2017",
    ),
    pytest.param(
        "GMT 05:02 2022 الجمعة ,18 تشرين الثاني / نوفمبر",
        "2022-11-18T05:02:00+00:00",
        id="real-2022",
    ),
    pytest.param(
        "GMT 07:43 2018 الثلاثاء ,24 إبريل / نيسان", "2018-04-24T07:43:00+00:00", id="real-2018-rev"
    ),
    pytest.param(
        "GMT 13:50 2015 الأربعاء ,23 كانون الأول / ديسمبر",
        "2015-12-23T13:50:00+00:00",
        id="real-2015",
    ),
    pytest.param(
        "GMT 11:04 2016 الجمعة ,25 تشرين الثاني / نوفمبر",
        "2016-11-25T11:04:00+00:00",
        id="real-2016",
    ),
    pytest.param(
        "GMT 23:26 2020 الأربعاء ,29 كانون الثاني / يناير",
        "2020-01-29T23:26:00+00:00",
        id="real-2020-01",
    ),
]

SPELLINGS = [
    # Levantine short forms and bare variants.
    pytest.param("14 تشرين 2 2025", "2025-11-14T00:00:00+00:00", id="short-tishrin-2"),
    pytest.param("14 تشرين 1 2025", "2025-10-14T00:00:00+00:00", id="short-tishrin-1"),
    pytest.param("14 كانون 2 2025", "2025-01-14T00:00:00+00:00", id="short-kanun-2"),
    pytest.param("14 كانون 1 2025", "2025-12-14T00:00:00+00:00", id="short-kanun-1"),
    pytest.param("14 تشرين2 2025", "2025-11-14T00:00:00+00:00", id="short-no-space"),
    pytest.param("14 تشرين ثاني 2025", "2025-11-14T00:00:00+00:00", id="tishrin-thani-no-al"),
    pytest.param("14 كانون ثاني 2025", "2025-01-14T00:00:00+00:00", id="kanun-thani-no-al"),
    pytest.param("14 تشرين اول 2025", "2025-10-14T00:00:00+00:00", id="tishrin-awal-bare"),
    # Hamza forms and bare alef.
    pytest.param("14 اذار 2025", "2025-03-14T00:00:00+00:00", id="adhar-bare-alef"),
    pytest.param("14 ايار 2025", "2025-05-14T00:00:00+00:00", id="ayyar-bare-alef"),
    pytest.param("14 ايلول 2025", "2025-09-14T00:00:00+00:00", id="aylul-bare-alef"),
    pytest.param("14 اب 2025", "2025-08-14T00:00:00+00:00", id="ab-bare-alef"),
    pytest.param("14 إبريل 2025", "2025-04-14T00:00:00+00:00", id="ibril-hamza-below"),
    pytest.param("14 ابريل 2025", "2025-04-14T00:00:00+00:00", id="abril-bare"),
    pytest.param("14 اغسطس 2025", "2025-08-14T00:00:00+00:00", id="aghustus-bare"),
    pytest.param("14 اكتوبر 2025", "2025-10-14T00:00:00+00:00", id="october-bare"),
    pytest.param("14 افريل 2025", "2025-04-14T00:00:00+00:00", id="avril-bare"),
    pytest.param("14 اوت 2025", "2025-08-14T00:00:00+00:00", id="out-bare"),
    # Egyptian variants with other letters.
    pytest.param("14 يونيه 2025", "2025-06-14T00:00:00+00:00", id="yunyah"),
    pytest.param("14 يوليه 2025", "2025-07-14T00:00:00+00:00", id="yulyah"),
    # Teh marbuta / heh, alef maqsura / yeh.
    pytest.param("14 جويليه 2025", "2025-07-14T00:00:00+00:00", id="juilliet-heh"),
    pytest.param("1 جمادي الاولي 1447 هـ", "2025-10-23T00:00:00+00:00", id="jumada-yeh"),
    pytest.param("1 ذي القعدة 1447 هـ", "2026-04-18T00:00:00+00:00", id="dhi-al-qada"),
    pytest.param("1 ربيع الآخر 1447 هـ", "2025-09-23T00:00:00+00:00", id="rabi-al-akhir"),
    pytest.param("1 جمادى الثانية 1447 هـ", "2025-11-22T00:00:00+00:00", id="jumada-thaniya"),
    # Persian yeh and keheh, tatweel, diacritics.
    pytest.param("14 دیسمبر 2025", "2025-12-14T00:00:00+00:00", id="persian-yeh"),
    pytest.param("14 کانون الأول 2025", "2025-12-14T00:00:00+00:00", id="keheh"),
    pytest.param("14 نـوفـمـبـر 2025", "2025-11-14T00:00:00+00:00", id="tatweel"),
    pytest.param("14 نُوفَمْبَر 2025", "2025-11-14T00:00:00+00:00", id="diacritics"),
    pytest.param("14 آذَار 2025", "2025-03-14T00:00:00+00:00", id="diacritics-adhar"),
    pytest.param("14 Nov 2025", "2025-11-14T00:00:00+00:00", id="english-abbr"),
]

DUAL_FORMS = [
    pytest.param("14 تشرين الثاني/نوفمبر 2025", "2025-11-14T00:00:00+00:00", id="slash-tight"),
    pytest.param("14 تشرين الثاني  /  نوفمبر 2025", "2025-11-14T00:00:00+00:00", id="slash-wide"),
    pytest.param("14 ديسمبر/ كانون الأول 2025", "2025-12-14T00:00:00+00:00", id="slash-one-side"),
    pytest.param("14 تشرين الثاني - نوفمبر 2025", "2025-11-14T00:00:00+00:00", id="dash"),
    pytest.param("14 تشرين الثاني-نوفمبر 2025", "2025-11-14T00:00:00+00:00", id="dash-tight"),
    pytest.param("14 تشرين الثاني (نوفمبر) 2025", "2025-11-14T00:00:00+00:00", id="paren-second"),
    pytest.param("14 نوفمبر (تشرين الثاني) 2025", "2025-11-14T00:00:00+00:00", id="paren-rev"),
    pytest.param("14 نوفمبر(تشرين الثاني)2025", "2025-11-14T00:00:00+00:00", id="paren-tight"),
    pytest.param("14 (تشرين الثاني) نوفمبر 2025", "2025-11-14T00:00:00+00:00", id="paren-first"),
    pytest.param("١٤ آذار/مارس ٢٠١٨", "2018-03-14T00:00:00+00:00", id="body-adhar-mars"),
    pytest.param("14 ماي / أيار 2024", "2024-05-14T00:00:00+00:00", id="moroccan-may-dual"),
    pytest.param("14 جوان / حزيران 2024", "2024-06-14T00:00:00+00:00", id="algerian-june-dual"),
]

POINT_3 = [
    # Site line with seconds, and spacing around the dual form.
    pytest.param(
        "GMT 02:57:09 2025 الجمعة ,14 تشرين الثاني / نوفمبر",
        "2025-11-14T02:57:09+00:00",
        id="site-seconds",
    ),
    pytest.param(
        "GMT 02:57 2025 الجمعة, 14 تشرين الثاني / نوفمبر",
        "2025-11-14T02:57:00+00:00",
        id="site-comma-moved",
    ),
    pytest.param(
        "GMT 02:57 2025 ,14 تشرين الثاني / نوفمبر",
        "2025-11-14T02:57:00+00:00",
        id="site-no-weekday",
    ),
    pytest.param(
        "GMT 02:57 2025 الجمعه ,14 تشرين الثانى / نوفمبر",
        "2025-11-14T02:57:00+00:00",
        id="site-heh-yeh",
    ),
    # Time-only header lines: the latest such instant at or before the reference.
    pytest.param("آخر تحديث GMT 10:35:44", "2025-11-20T10:35:44+00:00", id="time-only-earlier"),
    pytest.param("آخر تحديث GMT 21:03:24", "2025-11-19T21:03:24+00:00", id="time-only-later"),
    pytest.param("آخر تحديث GMT 12:00:00", "2025-11-20T12:00:00+00:00", id="time-only-equal"),
    pytest.param("آخر تحديث GMT02:24:00", "2025-11-20T02:24:00+00:00", id="time-only-tight"),
    pytest.param("GMT02:24:00", "2025-11-20T02:24:00+00:00", id="time-only-bare"),
    pytest.param(
        "آخر تحديث: 21:03 بتوقيت غرينتش", "2025-11-19T21:03:00+00:00", id="time-only-greenwich"
    ),
    # Digits.
    pytest.param("١٤ نوفمبر ٢٠٢٥", "2025-11-14T00:00:00+00:00", id="arabic-indic"),
    pytest.param("۱۴ نوفمبر ۲۰۲۵", "2025-11-14T00:00:00+00:00", id="persian-digits"),
    pytest.param("1٤ نوفمبر 2٠2۵", "2025-11-14T00:00:00+00:00", id="mixed-digits"),
    pytest.param(
        "GMT ٠٢:٥٧ ٢٠٢٥ الجمعة ,١٤ تشرين الثاني / نوفمبر",
        "2025-11-14T02:57:00+00:00",
        id="site-arabic-indic",
    ),
    # Weekdays with and without hamza.
    pytest.param("الإثنين 17 نوفمبر 2025", "2025-11-17T00:00:00+00:00", id="ithnayn-hamza"),
    pytest.param("الاثنين 17 نوفمبر 2025", "2025-11-17T00:00:00+00:00", id="ithnayn-bare"),
    pytest.param("الأربعاء 19 نوفمبر 2025", "2025-11-19T00:00:00+00:00", id="arbiaa-hamza"),
    pytest.param("الاربعاء 19 نوفمبر 2025", "2025-11-19T00:00:00+00:00", id="arbiaa-bare"),
    pytest.param("الأحد 16 نوفمبر 2025", "2025-11-16T00:00:00+00:00", id="ahad"),
    pytest.param("السبت 14 نوفمبر 2025", "2025-11-14T00:00:00+00:00", id="weekday-wrong-kept"),
    # 12-hour markers, and م after a year meaning AD.
    pytest.param("14 نوفمبر 2025 02:57 م", "2025-11-14T14:57:00+00:00", id="pm-meem"),
    pytest.param("14 نوفمبر 2025 02:57 ص", "2025-11-14T02:57:00+00:00", id="am-sad"),
    pytest.param("14 نوفمبر 2025 12:30 ص", "2025-11-14T00:30:00+00:00", id="am-midnight"),
    pytest.param("14 نوفمبر 2025 12:30 م", "2025-11-14T12:30:00+00:00", id="pm-noon"),
    pytest.param("14 نوفمبر 2025 09:15 صباحاً", "2025-11-14T09:15:00+00:00", id="sabahan"),
    pytest.param("14 نوفمبر 2025 09:15 مساءً", "2025-11-14T21:15:00+00:00", id="masaan"),
    pytest.param("14 نوفمبر 2025 09:15 مساء", "2025-11-14T21:15:00+00:00", id="masaa-no-tanween"),
    pytest.param(
        "الساعة 5 مساءً 14 نوفمبر 2025", "2025-11-14T17:00:00+00:00", id="hour-only-masaan"
    ),
    pytest.param("14 نوفمبر 2025 م", "2025-11-14T00:00:00+00:00", id="meem-after-year-ad"),
    pytest.param("14 نوفمبر 2025م 10:30", "2025-11-14T10:30:00+00:00", id="meem-ad-then-time"),
    pytest.param("14 نوفمبر 2025 م 10:30 م", "2025-11-14T22:30:00+00:00", id="meem-ad-and-pm"),
    pytest.param("14 نوفمبر 2025 22:30 م", "2025-11-14T22:30:00+00:00", id="pm-redundant"),
    # Prefixes and zones.
    pytest.param("نشر في: 14 نوفمبر 2025", "2025-11-14T00:00:00+00:00", id="prefix-nushira"),
    pytest.param(
        "آخر تحديث: 14 نوفمبر 2025 - 10:30", "2025-11-14T10:30:00+00:00", id="prefix-updated"
    ),
    pytest.param("تاريخ النشر: 14/11/2025", "2025-11-14T00:00:00+00:00", id="prefix-tarikh"),
    pytest.param("14 نوفمبر 2025 10:30 بتوقيت غرينتش", "2025-11-14T10:30:00+00:00", id="greenwich"),
    pytest.param("14 نوفمبر 2025 10:30 GMT", "2025-11-14T10:30:00+00:00", id="gmt-after"),
    pytest.param("14 نوفمبر 2025 10:30 GMT+3", "2025-11-14T07:30:00+00:00", id="gmt-plus-3"),
    pytest.param("14 نوفمبر 2025 10:30 UTC-04:30", "2025-11-14T15:00:00+00:00", id="utc-minus"),
    # Invisible marks and spaces.
    pytest.param(f"{RLM}14{NBSP}نوفمبر{NBSP}2025{RLM}", "2025-11-14T00:00:00+00:00", id="rlm-nbsp"),
    pytest.param(f"{LRM}14 نوفمبر 2025{LRM}", "2025-11-14T00:00:00+00:00", id="lrm"),
    pytest.param("\u202b14 نوفمبر 2025\u202c", "2025-11-14T00:00:00+00:00", id="embedding"),
    pytest.param("\u206714 نوفمبر 2025\u2069", "2025-11-14T00:00:00+00:00", id="isolate"),
    pytest.param(
        f"GMT 02:57 2025 الجمعة ,14{NBSP}تشرين الثاني{RLM} / نوفمبر{RLM}",
        "2025-11-14T02:57:00+00:00",
        id="site-rlm-nbsp",
    ),
    # Numeric.
    pytest.param("14/11/2025", "2025-11-14T00:00:00+00:00", id="dmy-slash"),
    pytest.param("14-11-2025", "2025-11-14T00:00:00+00:00", id="dmy-dash"),
    pytest.param("14.11.2025", "2025-11-14T00:00:00+00:00", id="dmy-dot"),
    pytest.param("2025/11/14", "2025-11-14T00:00:00+00:00", id="ymd-slash"),
    pytest.param("14/11/2025 10:30", "2025-11-14T10:30:00+00:00", id="dmy-time"),
    pytest.param("١٤/١١/٢٠٢٥", "2025-11-14T00:00:00+00:00", id="dmy-arabic-indic"),
    pytest.param("1/2/2025", "2025-02-01T00:00:00+00:00", id="dmy-single-digits"),
    # ISO 8601 from meta tags.
    pytest.param("2025-11-14T02:57:00+00:00", "2025-11-14T02:57:00+00:00", id="iso-utc"),
    pytest.param("2025-11-14T02:57:00Z", "2025-11-14T02:57:00+00:00", id="iso-z"),
    pytest.param("2025-11-14T02:57:00+03:00", "2025-11-13T23:57:00+00:00", id="iso-plus-3"),
    pytest.param("2025-11-14T02:57:00-0500", "2025-11-14T07:57:00+00:00", id="iso-minus-5-basic"),
    pytest.param(
        "2025-11-14T02:57:00.123456+01:00", "2025-11-14T01:57:00+00:00", id="iso-fraction"
    ),
    pytest.param("2025-11-14T02:57", "2025-11-14T02:57:00+00:00", id="iso-naive-is-gmt"),
    pytest.param("2025-11-14 02:57:00", "2025-11-14T02:57:00+00:00", id="iso-space"),
    pytest.param("2025-11-14", "2025-11-14T00:00:00+00:00", id="iso-date"),
    # RFC 822 pubDate.
    pytest.param("Fri, 14 Nov 2025 02:57:00 GMT", "2025-11-14T02:57:00+00:00", id="rfc822-gmt"),
    pytest.param(
        "Fri, 14 Nov 2025 02:57:00 +0300", "2025-11-13T23:57:00+00:00", id="rfc822-plus-3"
    ),
    pytest.param(
        "Fri, 14 Nov 2025 02:57:00 -0000", "2025-11-14T02:57:00+00:00", id="rfc822-minus-zero"
    ),
    pytest.param("14 Nov 2025 02:57:00 +0000", "2025-11-14T02:57:00+00:00", id="rfc822-no-weekday"),
    # Relative, against REF = 2025-11-20T12:00:00Z.
    pytest.param("منذ 3 ساعات", "2025-11-20T09:00:00+00:00", id="since-3-hours"),
    pytest.param("منذ ساعتين", "2025-11-20T10:00:00+00:00", id="since-two-hours"),
    pytest.param("منذ ساعة", "2025-11-20T11:00:00+00:00", id="since-an-hour"),
    pytest.param("منذ ساعة واحدة", "2025-11-20T11:00:00+00:00", id="since-one-hour"),
    pytest.param("قبل 5 دقائق", "2025-11-20T11:55:00+00:00", id="before-5-minutes"),
    pytest.param("منذ دقيقتين", "2025-11-20T11:58:00+00:00", id="since-two-minutes"),
    pytest.param("منذ 30 ثانية", "2025-11-20T11:59:30+00:00", id="since-30-seconds"),
    pytest.param("منذ ٣ ساعات", "2025-11-20T09:00:00+00:00", id="since-3-hours-indic"),
    pytest.param("منذ ثلاث ساعات", "2025-11-20T09:00:00+00:00", id="since-three-hours-word"),
    pytest.param("منذ ساعة و 20 دقيقة", "2025-11-20T10:40:00+00:00", id="since-compound"),
    pytest.param("أمس", "2025-11-19T12:00:00+00:00", id="yesterday"),
    pytest.param("امس", "2025-11-19T12:00:00+00:00", id="yesterday-bare"),
    pytest.param("أمس 14:30", "2025-11-19T14:30:00+00:00", id="yesterday-time"),
    pytest.param("أول أمس", "2025-11-18T12:00:00+00:00", id="day-before-yesterday"),
    pytest.param("اليوم 08:15", "2025-11-20T08:15:00+00:00", id="today-time"),
    pytest.param("الآن", "2025-11-20T12:00:00+00:00", id="now"),
    pytest.param("منذ يومين", "2025-11-18T12:00:00+00:00", id="since-two-days"),
    pytest.param("منذ أسبوع", "2025-11-13T12:00:00+00:00", id="since-a-week"),
    pytest.param("منذ 3 أسابيع", "2025-10-30T12:00:00+00:00", id="since-3-weeks"),
    pytest.param("منذ شهر", "2025-10-20T12:00:00+00:00", id="since-a-month"),
    pytest.param("منذ سنة", "2024-11-20T12:00:00+00:00", id="since-a-year"),
    # Hijri and the Gulf dual-calendar line.
    pytest.param("15 جمادى الأولى 1447 هـ", "2025-11-06T00:00:00+00:00", id="hijri-text"),
    pytest.param("15 جمادى الأولى 1447هـ", "2025-11-06T00:00:00+00:00", id="hijri-tight-marker"),
    pytest.param("15 جمادى الأولى 1447", "2025-11-06T00:00:00+00:00", id="hijri-month-no-marker"),
    pytest.param("١٥ جمادى الأولى ١٤٤٧ هـ", "2025-11-06T00:00:00+00:00", id="hijri-indic"),
    pytest.param("15/11/1447 هـ", "2026-05-02T00:00:00+00:00", id="hijri-numeric"),
    pytest.param("1447/05/15 هـ", "2025-11-06T00:00:00+00:00", id="hijri-numeric-ymd"),
    pytest.param("1 رمضان 1446 هـ", "2025-03-01T00:00:00+00:00", id="hijri-ramadan"),
    pytest.param("10 ذو الحجة 1445 هـ", "2024-06-16T00:00:00+00:00", id="hijri-eid"),
    pytest.param("15 جمادى الأولى 1447 هـ 10:30", "2025-11-06T10:30:00+00:00", id="hijri-time"),
    pytest.param(
        "الجمعة 23 جمادى الأولى 1447 هـ الموافق 14 نوفمبر 2025 م",
        "2025-11-14T00:00:00+00:00",
        id="gulf-line",
    ),
    pytest.param(
        "22 جمادى الأولى 1447 هـ الموافق 14 نوفمبر 2025 م",
        "2025-11-14T00:00:00+00:00",
        id="gulf-line-one-day-off",
    ),
    pytest.param(
        "23 جمادى الأولى 1447 هـ - 14 نوفمبر 2025 م",
        "2025-11-14T00:00:00+00:00",
        id="gulf-no-muwafiq",
    ),
    pytest.param(
        "1447/05/23 هـ الموافق 2025/11/14 م", "2025-11-14T00:00:00+00:00", id="gulf-numeric"
    ),
    pytest.param("نوفمبر 14, 2025", "2025-11-14T00:00:00+00:00", id="month-first"),
]

INVALID = [
    pytest.param("31 نيسان", None, id="april-31-no-year"),
    pytest.param("31 نيسان 2025", None, id="april-31"),
    pytest.param("31 حزيران 2024", None, id="june-31"),
    pytest.param("31 أيلول 2024", None, id="september-31"),
    pytest.param("31 تشرين الثاني 2024", None, id="november-31"),
    pytest.param("32 يناير 2025", None, id="day-32"),
    pytest.param("0 يناير 2025", None, id="day-0"),
    pytest.param("30 شباط 2024", None, id="feb-30"),
    pytest.param("14/13/2025", None, id="month-13"),
    pytest.param("11/14/2025", None, id="us-order-refused"),
    pytest.param("14/11/25", None, id="two-digit-year"),
    pytest.param("14 نوفمبر 2025 25:00", None, id="hour-25"),
    pytest.param("14 نوفمبر 2025 10:61", None, id="minute-61"),
    pytest.param("14 نوفمبر 2025 13:00 ص", None, id="13-am"),
    pytest.param("2025-02-30T10:00:00Z", None, id="iso-feb-30"),
    pytest.param("30 صفر 1447 هـ", None, id="hijri-safar-30"),
    pytest.param("15 جمادى الأولى 1600 هـ", None, id="hijri-out-of-range"),
    pytest.param("15 جمادى الأولى هـ", None, id="hijri-no-year"),
    pytest.param("14/11/1447", None, id="hijri-year-no-marker"),
    pytest.param("14 نوفمبر 1447", None, id="gregorian-month-hijri-year"),
    pytest.param("14 نوفمبر 1850", None, id="year-too-old"),
    pytest.param("14 نوفمبر 2025 GMT+15", None, id="offset-15"),
]

LEAP = [
    pytest.param("29 شباط 2024", "2024-02-29T00:00:00+00:00", id="leap-2024"),
    pytest.param("29 فبراير 2000", "2000-02-29T00:00:00+00:00", id="leap-2000"),
    pytest.param("29 شباط 2025", None, id="not-leap-2025"),
    pytest.param("29 فبراير 1900", None, id="not-leap-1900"),
    pytest.param("29 فيفري 2100", None, id="not-leap-2100"),
    pytest.param("29/02/2024", "2024-02-29T00:00:00+00:00", id="leap-numeric"),
    pytest.param("29/02/2023", None, id="not-leap-numeric"),
    pytest.param("2024-02-29T23:59:59Z", "2024-02-29T23:59:59+00:00", id="leap-iso"),
    pytest.param(
        "GMT 10:00 2024 الخميس ,29 شباط / فبراير", "2024-02-29T10:00:00+00:00", id="leap-site"
    ),
    pytest.param("GMT 10:00 2023 الأربعاء ,29 شباط / فبراير", None, id="not-leap-site"),
    pytest.param("28 شباط 2025", "2025-02-28T00:00:00+00:00", id="feb-28"),
]

CONFLICTS = [
    pytest.param("GMT 02:57 2025 الجمعة ,14 تشرين الأول / نوفمبر", None, id="conflict-site"),
    pytest.param("14 نيسان / مايو 2025", None, id="conflict-april-may"),
    pytest.param("14 آذار/أبريل 2018", None, id="conflict-tight"),
    pytest.param("14 كانون الثاني (ديسمبر) 2025", None, id="conflict-paren"),
    pytest.param("14 كانون الأول / يناير 2025", None, id="conflict-kanun"),
    pytest.param("14 ماي / حزيران 2025", None, id="conflict-moroccan"),
    pytest.param("14 أوت - تموز 2025", None, id="conflict-algerian"),
    pytest.param("14 تشرين 1 / نوفمبر 2025", None, id="conflict-short"),
]

JUNK = [
    pytest.param("", None, id="empty"),
    pytest.param("   ", None, id="spaces"),
    pytest.param(f"{RLM}{NBSP}", None, id="only-marks"),
    pytest.param("junk", None, id="latin-junk"),
    pytest.param("GMT", None, id="gmt-alone"),
    pytest.param("آخر تحديث", None, id="prefix-alone"),
    pytest.param("نوفمبر", None, id="month-alone"),
    pytest.param("آذار/مارس 2018", None, id="month-year-no-day"),
    pytest.param("الجمعة", None, id="weekday-alone"),
    pytest.param("2025", None, id="year-alone"),
    pytest.param("منذ", None, id="since-alone"),
    pytest.param("منذ بضع ساعات", None, id="since-vague"),
    pytest.param("منذ ساعات", None, id="since-plural-no-number"),
    pytest.param("الأمم المتحدة الحرب جعلت سلوك أطفال غزة أكثر عدوانية", None, id="headline"),
    pytest.param("\x00\x01\x02", None, id="control-chars"),
    pytest.param("99:99", None, id="bad-time"),
    pytest.param("::::////----", None, id="punctuation"),
    pytest.param("GMT " * 500, None, id="long-repeated"),
    pytest.param("١٤" * 300, None, id="long-digits"),
    pytest.param("منذ 99999999999 سنة", None, id="overflow-relative"),
]

ALL_CASES = (
    _month_cases()
    + _dual_cases()
    + REAL_LINES
    + SPELLINGS
    + DUAL_FORMS
    + POINT_3
    + INVALID
    + LEAP
    + CONFLICTS
    + JUNK
)


@pytest.mark.parametrize(("raw", "expected"), ALL_CASES)
def test_parse_date(raw: str, expected: str | None) -> None:
    value = parse_date(raw, reference=REF)
    assert iso(value) == expected
    if value is not None:
        assert value.tzinfo is not None
        assert value.utcoffset() == timedelta(0)
    explained = explain_date(raw, reference=REF)
    assert explained.value == value
    assert bool(explained.reason) == (value is None)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("31 نيسان", "April has 30 days", id="april-31"),
        pytest.param("29 شباط 2025", "not a leap year", id="feb-29-2025"),
        pytest.param("14 تشرين الأول / نوفمبر 2025", "disagree", id="conflict"),
        pytest.param("14/11/1447", "Hijri", id="hijri-no-marker"),
        pytest.param("14/11/25", "two-digit", id="two-digit"),
        pytest.param("30 صفر 1447 هـ", "invalid Hijri", id="hijri-invalid"),
        pytest.param("منذ ساعات", "vague", id="vague"),
        pytest.param("نوفمبر", "no day", id="no-day"),
        pytest.param("junk", "no date", id="junk"),
        pytest.param("", "empty", id="empty"),
        pytest.param("منذ 99999999999 سنة", "out of range", id="relative-overflow"),
        pytest.param("منذ 500 سنة", "implausible", id="relative-too-old"),
    ],
)
def test_reason(raw: str, fragment: str) -> None:
    explained = explain_date(raw, reference=REF)
    assert explained.value is None
    assert fragment in explained.reason


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param(
            "GMT 02:57 2025 الخميس ,14 تشرين الثاني / نوفمبر", "Thursday", id="site-wrong-weekday"
        ),
        pytest.param("السبت 14 نوفمبر 2025", "Saturday", id="text-wrong-weekday"),
        pytest.param("Sat, 14 Nov 2025 02:57:00 GMT", "Saturday", id="rfc822-wrong-weekday"),
        pytest.param("14 نوفمبر", "no year", id="assumed-year"),
        pytest.param(
            "10 جمادى الأولى 1447 هـ الموافق 14 نوفمبر 2025 م",
            "Umm al-Qura",
            id="calendars-disagree",
        ),
    ],
)
def test_warning(raw: str, fragment: str) -> None:
    explained = explain_date(raw, reference=REF)
    assert explained.value is not None
    assert any(fragment in warning for warning in explained.warnings), explained.warnings


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر", id="site-right-weekday"),
        pytest.param("الجمعة 14 نوفمبر 2025", id="text-right-weekday"),
        pytest.param("23 جمادى الأولى 1447 هـ الموافق 14 نوفمبر 2025 م", id="calendars-agree"),
    ],
)
def test_no_warning(raw: str) -> None:
    assert explain_date(raw, reference=REF).warnings == ()


@pytest.mark.parametrize(
    ("raw", "reference", "expected"),
    [
        # A date with no year: the latest such date not after reference + 1 day.
        pytest.param("14 نوفمبر", REF, "2025-11-14T00:00:00+00:00", id="this-year"),
        pytest.param("21 نوفمبر", REF, "2025-11-21T00:00:00+00:00", id="tomorrow-allowed"),
        pytest.param(
            "22 نوفمبر", REF, "2024-11-22T00:00:00+00:00", id="day-after-tomorrow-last-year"
        ),
        pytest.param("25 ديسمبر", REF, "2024-12-25T00:00:00+00:00", id="december-last-year"),
        pytest.param(
            "1 يناير",
            datetime(2025, 12, 31, 12, 0, tzinfo=UTC),
            "2026-01-01T00:00:00+00:00",
            id="new-year-eve",
        ),
        pytest.param("29 شباط", REF, "2024-02-29T00:00:00+00:00", id="leap-no-year"),
        pytest.param(
            "29 شباط",
            datetime(2028, 3, 1, tzinfo=UTC),
            "2028-02-29T00:00:00+00:00",
            id="leap-no-year-2028",
        ),
        # Time-only lines across midnight.
        pytest.param(
            "آخر تحديث GMT 23:59:59",
            datetime(2025, 1, 1, 0, 0, 1, tzinfo=UTC),
            "2024-12-31T23:59:59+00:00",
            id="time-only-new-year",
        ),
        # A naive reference is UTC; an aware one is converted.
        pytest.param(
            "منذ ساعة",
            datetime(2025, 11, 20, 12, 0),
            "2025-11-20T11:00:00+00:00",
            id="naive-reference",
        ),
        pytest.param(
            "منذ ساعة",
            datetime(2025, 11, 20, 15, 0, tzinfo=timezone(timedelta(hours=3))),
            "2025-11-20T11:00:00+00:00",
            id="aware-reference",
        ),
    ],
)
def test_reference(raw: str, reference: datetime, expected: str) -> None:
    assert iso(parse_date(raw, reference=reference)) == expected


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(None, id="none"),
        pytest.param(123, id="int"),
        pytest.param(12.5, id="float"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(b"GMT 02:57 2025", id="bytes"),
        pytest.param(["14 نوفمبر 2025"], id="list"),
        pytest.param({"date": "x"}, id="dict"),
        pytest.param(object(), id="object"),
        pytest.param(datetime(2025, 1, 1), id="datetime"),
    ],
)
def test_non_string_is_none(raw: Any) -> None:
    assert parse_date(raw, reference=REF) is None
    assert "not a string" in explain_date(raw, reference=REF).reason


@pytest.mark.parametrize(
    "reference",
    [pytest.param("2025-11-20", id="str"), pytest.param(0, id="int")],
)
def test_bad_reference_is_none(reference: Any) -> None:
    assert parse_date("منذ ساعة", reference=reference) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            datetime(2025, 11, 14, 2, 57, tzinfo=UTC), "2025-11-14T02:57:00+00:00", id="utc"
        ),
        pytest.param(
            datetime(2025, 11, 14, 2, 57, 9, 999), "2025-11-14T02:57:09+00:00", id="naive"
        ),
        pytest.param(
            datetime(2025, 11, 14, 2, 57, tzinfo=timezone(timedelta(hours=1))),
            "2025-11-14T01:57:00+00:00",
            id="offset",
        ),
    ],
)
def test_format_iso(value: datetime, expected: str) -> None:
    assert format_iso(value) == expected


@pytest.mark.parametrize(
    ("argv", "status", "output"),
    [
        pytest.param(
            ["GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر"],
            0,
            "2025-11-14T02:57:00+00:00",
            id="ok",
        ),
        pytest.param(
            ["منذ ساعة", "--reference", "2025-11-20T12:00:00+00:00"],
            0,
            "2025-11-20T11:00:00",
            id="ref",
        ),
        pytest.param(["29 شباط 2025"], 1, "not a leap year", id="reason"),
    ],
)
def test_main(
    argv: list[str], status: int, output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == status
    assert output in capsys.readouterr().out


def test_module_runs_as_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.dates", "31 نيسان"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert "April" in done.stdout


def test_dateparser_is_not_imported_on_the_fast_path() -> None:
    code = (
        "import sys; from newscrawl.dates import parse_date; "
        "parse_date('GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر'); "
        "parse_date('منذ 3 ساعات'); parse_date('15 جمادى الأولى 1447 هـ'); "
        "print('dateparser' in sys.modules, 'scrapy' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------------------------------------
# Property: any datetime rendered in the site's format, in any naming system, order, digits and
# spacing, parses back exactly.

DIGITS = {"latin": "0123456789", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹"}
GREGORIAN_SYSTEMS = (EGYPTIAN, MOROCCAN, ALGERIAN)
GAPS = (" ", "  ", NBSP, f" {RLM}", f"{RLM} ", f"{LRM} ")
TIGHT_GAPS = ("", *GAPS)


@st.composite
def site_lines(draw: st.DrawFn) -> tuple[str, datetime]:
    when = draw(
        st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31, 23, 59, 59))
    )
    with_seconds = draw(st.booleans())
    when = when.replace(microsecond=0, second=when.second if with_seconds else 0, tzinfo=UTC)
    digits = draw(st.sampled_from([*DIGITS, "mixed"]))

    def number(value: int, width: int) -> str:
        out = []
        for char in f"{value:0{width}d}":
            system = draw(st.sampled_from(list(DIGITS))) if digits == "mixed" else digits
            out.append(DIGITS[system][int(char)])
        return "".join(out)

    levantine = LEVANTINE[when.month - 1]
    gregorian = draw(st.sampled_from(GREGORIAN_SYSTEMS))[when.month - 1]
    shape = draw(st.sampled_from(["lev-first", "greg-first", "lev-only", "greg-only"]))
    first, second = (levantine, gregorian) if shape == "lev-first" else (gregorian, levantine)
    if shape.endswith("only"):
        months = first if shape == "lev-only" else gregorian
    else:
        style = draw(st.sampled_from(["/", "-", "()"]))
        if style == "()":
            months = f"{first}{draw(st.sampled_from(TIGHT_GAPS))}({second})"
        else:
            left, right = draw(st.sampled_from(TIGHT_GAPS)), draw(st.sampled_from(TIGHT_GAPS))
            months = f"{first}{left}{style}{right}{second}"
    weekday = draw(st.sampled_from([WEEKDAYS_AR, WEEKDAYS_BARE]))[when.weekday()]
    clock = f"{number(when.hour, 2)}:{number(when.minute, 2)}"
    if with_seconds:
        clock += f":{number(when.second, 2)}"

    def gap() -> str:
        return draw(st.sampled_from(GAPS))

    text = (
        f"GMT{draw(st.sampled_from(TIGHT_GAPS))}{clock}{gap()}{number(when.year, 4)}{gap()}"
        f"{weekday}{gap()},{draw(st.sampled_from(TIGHT_GAPS))}{number(when.day, draw(st.sampled_from([1, 2])))}"
        f"{gap()}{months}"
    )
    return text, when


@settings(max_examples=400, deadline=None)
@given(site_lines())
def test_site_line_round_trip(case: tuple[str, datetime]) -> None:
    text, when = case
    explained = explain_date(text, reference=REF)
    assert explained.value == when, (text, explained)
    assert explained.warnings == ()
    assert parse_date(text, reference=REF) == when


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_never_raises(text: str) -> None:
    value = parse_date(text, reference=REF)
    assert value is None or value.utcoffset() == timedelta(0)
    assert explain_date(text, reference=REF).method != "error"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *LEVANTINE,
                *EGYPTIAN,
                *HIJRI,
                *WEEKDAYS_AR,
                "GMT",
                "/",
                "(",
                ")",
                ":",
                ",",
                "هـ",
                "م",
                "منذ",
            ]
        )
        | st.integers(min_value=0, max_value=3000).map(str),
        max_size=8,
    ).map(" ".join)
)
def test_date_like_soup_never_raises(text: str) -> None:
    assert explain_date(text, reference=REF).method != "error"

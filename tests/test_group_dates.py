"""Dates of the group's sites: the English edition's lines, and clocks in a site's local time."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from newscrawl.dates import explain_date, parse_date
from newscrawl.items import ArticleItem
from newscrawl.pipelines import normalize_dates

REF = datetime(2018, 8, 30, 12, 0, tzinfo=timezone.utc)

# The English edition's date lines (emiratesvoice.com, arabstoday.net /en/) in the forms the CMS
# writes them and the variations its templates and feeds show: weekday and month in full or
# abbreviated, any case, the glued "GMT11:43", RLM marks and NBSP, the update line with and
# without a date, and the plain English dates of its feeds and structured data.
ENGLISH = [
    ("GMT 11:43 2018 Thursday ,30 August", "2018-08-30T11:43:00+00:00"),
    ("GMT 09:05 2019 Sunday ,03 March", "2019-03-03T09:05:00+00:00"),
    ("GMT 00:00 2020 Wednesday ,01 January", "2020-01-01T00:00:00+00:00"),
    ("GMT 23:59 2016 Monday ,29 February", "2016-02-29T23:59:00+00:00"),
    ("GMT 07:30 2017 Tuesday ,05 September", "2017-09-05T07:30:00+00:00"),
    ("GMT 01:05 2018 Saturday ,01 December", "2018-12-01T01:05:00+00:00"),
    ("GMT 14:20 2018 Friday ,12 October", "2018-10-12T14:20:00+00:00"),
    ("GMT 06:15 2018 Sunday ,15 July", "2018-07-15T06:15:00+00:00"),
    ("GMT 18:40 2018 Wednesday ,13 June", "2018-06-13T18:40:00+00:00"),
    ("GMT 10:10 2018 Tuesday ,01 May", "2018-05-01T10:10:00+00:00"),
    ("GMT 12:00 2018 Monday ,02 April", "2018-04-02T12:00:00+00:00"),
    ("GMT 08:00 2018 Friday ,16 February", "2018-02-16T08:00:00+00:00"),
    ("GMT 21:30 2018 Friday ,09 November", "2018-11-09T21:30:00+00:00"),
    ("GMT11:43 2018 Thursday ,30 August", "2018-08-30T11:43:00+00:00"),
    ("\u200fGMT 11:43 2018\u00a0Thursday ,30 August\u200f", "2018-08-30T11:43:00+00:00"),
    ("GMT 11:43 2018 thursday ,30 august", "2018-08-30T11:43:00+00:00"),
    ("GMT 11:43 2018 THURSDAY ,30 AUGUST", "2018-08-30T11:43:00+00:00"),
    ("GMT 11:43 2018 Thu ,30 Aug", "2018-08-30T11:43:00+00:00"),
    ("GMT 11:43 2018 Thursday , 30 August", "2018-08-30T11:43:00+00:00"),
    ("GMT 11:43 2018 Thursday ,30 August / آب", "2018-08-30T11:43:00+00:00"),
    ("Last Updated : GMT 09:12:05", "2018-08-30T09:12:05+00:00"),
    ("Last Updated: GMT 23:10:00", "2018-08-29T23:10:00+00:00"),
    ("Last updated GMT 09:12", "2018-08-30T09:12:00+00:00"),
    ("Last Updated : GMT 09:12:05 2018 Thursday ,30 August", "2018-08-30T09:12:05+00:00"),
    ("Thursday, 30 August 2018", "2018-08-30T00:00:00+00:00"),
    ("30 August 2018 11:43", "2018-08-30T11:43:00+00:00"),
    ("August 30, 2018", "2018-08-30T00:00:00+00:00"),
    ("Thu, 30 Aug 2018 11:43:00 GMT", "2018-08-30T11:43:00+00:00"),
]

# English lines that hold no valid date: never guessed
ENGLISH_BAD = [
    "GMT 11:43 2018 Thursday ,31 September",
    "GMT 11:43 2017 Wednesday ,29 February",
    "GMT 25:43 2018 Thursday ,30 August",
    "GMT 11:43 2018 Thursday ,30 Augustus",
    "Last Updated : GMT",
]


@pytest.mark.parametrize(("raw", "iso"), ENGLISH, ids=[r for r, _ in ENGLISH])
def test_english_date_lines(raw: str, iso: str) -> None:
    assert explain_date(raw, reference=REF).iso == iso


@pytest.mark.parametrize("raw", ENGLISH_BAD)
def test_english_lines_without_a_valid_date_stay_empty(raw: str) -> None:
    found = explain_date(raw, reference=REF)
    assert found.value is None and found.reason


def test_english_weekday_that_disagrees_is_a_warning_and_the_date_is_kept() -> None:
    found = explain_date("GMT 11:43 2018 Friday ,30 August", reference=REF)
    assert found.iso == "2018-08-30T11:43:00+00:00"
    assert "Friday" in found.warnings[0]


# Cairo local time [real: egypt-today.com's header clock, "توقيت القاهرة المحلي 00:12:44 آخر تحديث"];
# Egypt observes daylight saving again since 2023 (UTC+3 from the last Friday of April to the
# last Thursday of October, else UTC+2), which zoneinfo knows
CAIRO = [
    # winter, UTC+2
    ("توقيت القاهرة المحلي 16:05 2025 الخميس ,20 تشرين الثاني / نوفمبر", "2025-11-20T14:05:00+00:00"),
    # summer, UTC+3
    ("توقيت القاهرة المحلي 16:05 2025 الخميس ,24 تموز / يوليو", "2025-07-24T13:05:00+00:00"),
    # the day before and the day of the 2025 switch to summer time (Friday 25 April, 00:00)
    ("توقيت القاهرة المحلي 23:30 2025 الخميس ,24 نيسان / إبريل", "2025-04-24T21:30:00+00:00"),
    ("توقيت القاهرة المحلي 12:00 2025 الجمعة ,25 نيسان / إبريل", "2025-04-25T09:00:00+00:00"),
    # before 2023 Egypt kept UTC+2 all year (no daylight saving from 2015 to 2022)
    ("توقيت القاهرة المحلي 16:05 2019 الأربعاء ,24 تموز / يوليو", "2019-07-24T14:05:00+00:00"),
    ("بتوقيت القاهرة 09:00 2025 الأحد ,05 تشرين الأول / أكتوبر", "2025-10-05T06:00:00+00:00"),
    # a GMT line on the same site stays UTC
    ("GMT 16:05 2025 الخميس ,24 تموز / يوليو", "2025-07-24T16:05:00+00:00"),
    ("آخر تحديث GMT 17:34:05", "2025-11-30T17:34:05+00:00"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "iso"), CAIRO, ids=[iso for _, iso in CAIRO])
def test_cairo_local_lines_are_converted_with_the_zone(raw: str, iso: str) -> None:
    ref = datetime(2025, 12, 1, tzinfo=timezone.utc)
    found = explain_date(raw, reference=ref, zone="Africa/Cairo")
    assert found.iso == iso
    assert found.zone == ("" if "GMT" in raw else "Africa/Cairo")
    assert parse_date(raw, reference=ref, zone="Africa/Cairo") == found.value


def test_header_clock_in_cairo_time_is_the_latest_such_local_instant() -> None:
    raw = "توقيت القاهرة المحلي 00:12:44 آخر تحديث"
    # 22:00 UTC on 24 July is 01:00 on 25 July in Cairo (UTC+3): the clock read 00:12:44 that day
    ref = datetime(2025, 7, 24, 22, 0, tzinfo=timezone.utc)
    assert explain_date(raw, reference=ref, zone="Africa/Cairo").iso == "2025-07-24T21:12:44+00:00"
    # 23:00 UTC on 24 January is 01:00 on 25 January in Cairo (UTC+2)
    ref = datetime(2025, 1, 24, 23, 0, tzinfo=timezone.utc)
    assert explain_date(raw, reference=ref, zone="Africa/Cairo").iso == "2025-01-24T22:12:44+00:00"


def test_local_line_without_a_zone_is_not_converted() -> None:
    raw = "توقيت القاهرة المحلي 16:05 2025 الخميس ,24 تموز / يوليو"
    # the almaghribtoday spider has no clock zone: nothing to convert with, the zone stays empty
    found = explain_date(raw, reference=REF)
    assert found.zone == ""


def test_dates_pipeline_keeps_the_raw_line_and_the_zone() -> None:
    raw = "توقيت القاهرة المحلي 16:05 2025 الخميس ,24 تموز / يوليو"
    item = ArticleItem(
        url="http://127.0.0.1/1/x",
        datePublishedRaw=raw,
        dateModifiedRaw="آخر تحديث GMT 17:34:05 2025 الخميس ,24 تموز / يوليو",
        metadata={
            "dateDownloaded": "2025-12-01T00:00:00+00:00",
            "sources": {},
            "fallbacks": [],
            "clockZone": "Africa/Cairo",
        },
    )
    normalize_dates(item)
    assert item.datePublished == "2025-07-24T13:05:00+00:00"
    assert item.datePublishedRaw == raw
    assert item.dateModified == "2025-07-24T17:34:05+00:00"
    assert item.metadata["timeZones"] == {"datePublished": "Africa/Cairo"}
    assert "clockZone" not in item.metadata


def test_command_line_takes_the_zone() -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "newscrawl.dates",
            "توقيت القاهرة المحلي 16:05 2025 الخميس ,24 تموز / يوليو", "--zone", "Africa/Cairo",
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2025-07-24T13:05:00+00:00"
    english = subprocess.run(
        [sys.executable, "-m", "newscrawl.dates", "GMT 11:43 2018 Thursday ,30 August"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert english.stdout.strip() == "2018-08-30T11:43:00+00:00"

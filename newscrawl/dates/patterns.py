"""The compiled regular expressions of the parser, built from the tables on the folded text."""

from __future__ import annotations

import re

from newscrawl.dates.folding import _alternation, _key
from newscrawl.dates.tables import (
    _MARKERS,
    _NOISE_WORDS,
    _NUMBER_WORDS,
    _UNITS,
    HIJRI_MONTHS,
    MONTH_SYSTEMS,
    WEEKDAYS,
)

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
_NOISE = re.compile(rf"{_L}(?:{_alternation(_NOISE_WORDS)}){_R}|[\s:,;|\-()\[\]]+")
_REL_TERM = re.compile(
    rf"^(?:(\d+|{_alternation(list(_NUMBER_WORDS))})\s?)?({_alternation(list(_UNITS))})"
    r"(?:\s(?:واحد|واحده))?$"
)
_REL_HEAD = re.compile(r"^(?:منذ|قبل)\s?(.+?)(?:\s(?:تقريبا|فقط))?$")
_REL_AND = re.compile(r"\sو(?!احد)\s?")  # "ساعة و 20 دقيقة", not "ساعة واحدة"


# "توقيت القاهرة المحلي 00:12:44 آخر تحديث" [real: egypt-today.com's header clock], "بتوقيت
# القاهرة", "بالتوقيت المحلي", "Cairo time", "local time"; never "بتوقيت غرينتش" (GMT). Matched on
# the folded text.
_LOCAL_MARK = re.compile(
    rf"{_L}(?:ب?توقيت\s(?!غرينتش|غرينيتش|جرينتش|جرينيتش|gmt|utc)[^\W\d_]+(?:\sالمحلي)?"
    rf"|ب?التوقيت\sالمحلي|(?:cairo|local)\stime){_R}"
)
_GMT_MARK = re.compile(rf"{_L}(?:gmt|utc|غرينتش|غرينيتش|جرينتش|جرينيتش){_R}")


# The timestamp of a Joomla-era article alias, "/39/2012-10-24-19-21-06" (newscrawl.urls.
# legacy_timestamp): the article's creation time, as the site's other times in GMT.
_JOOMLA_ALIAS = re.compile(r"(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)")

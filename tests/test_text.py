"""Tables for newscrawl.text: one block of rows per cleaning rule, then datelines, bylines,
sentences, match keys and hypothesis properties."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.text import (
    Author,
    Dateline,
    clean,
    clean_multiline,
    match_key,
    parse_byline,
    parse_dateline,
    split_sentences,
)

# (id, input, expected clean() output)
CLEAN_CASES: list[tuple[str, object, str | None]] = [
    # --- bad input: never raises, None for nothing ---
    ("none", None, None),
    ("empty", "", None),
    ("only-spaces", "   \t ", None),
    ("only-nbsp", "\u00a0\u00a0", None),
    ("only-invisible", "\u200b\u200f\ufeff", None),
    ("only-entity-space", "&nbsp;&nbsp;", None),
    ("int", 42, None),
    ("list", ["لندن"], None),
    ("bytes-utf8", "لندن".encode(), "لندن"),
    ("bytes-invalid", b"\xff\xfe", "\ufffd\ufffd"),
    # --- NFC ---
    ("nfc-alef-madda", "\u0627\u0653", "\u0622"),
    ("nfc-alef-hamza", "\u0627\u0654", "\u0623"),
    ("nfc-latin-e-acute", "Cafe\u0301", "Caf\u00e9"),
    ("nfc-not-nfkc-ligature", "\ufefb", "\ufefb"),
    ("nfc-not-nfkc-superscript", "x\u00b2", "x\u00b2"),
    # --- zero-width and bidi controls out ---
    ("zwsp", "المغرب\u200bاليوم", "المغرباليوم"),
    ("zwnj", "لندن\u200c", "لندن"),
    ("zwj", "ل\u200dندن", "لندن"),
    ("lrm", "\u200eGMT 21:03:24", "GMT 21:03:24"),
    ("rlm", "لندن\u200f - المغرب اليوم", "لندن - المغرب اليوم"),
    ("arabic-letter-mark", "\u061cالرباط", "الرباط"),
    ("lre-pdf", "\u202aGMT\u202c", "GMT"),
    ("rle-rlo", "\u202b\u202eالرباط", "الرباط"),
    ("isolates", "\u2066١٤\u2069 \u2067نوفمبر\u2068", "١٤ نوفمبر"),
    ("bom", "\ufeffبوتين", "بوتين"),
    ("c0-control", "بوتين\x00\x07يعلن", "بوتينيعلن"),
    ("c1-control", "بوتين\x9fيعلن", "بوتينيعلن"),
    # --- entities decoded ---
    ("entity-quot", "&quot;طالبان&quot;", '"طالبان"'),
    ("entity-amp", "A &amp; B", "A & B"),
    ("entity-apos", "l&apos;Opinion", "l'Opinion"),
    ("entity-nbsp-folded", "لندن&nbsp;-&nbsp;المغرب اليوم", "لندن - المغرب اليوم"),
    ("entity-decimal", "&#1604;&#1606;&#1583;&#1606;", "لندن"),
    ("entity-hex", "&#x644;&#x646;&#x62F;&#x646;", "لندن"),
    ("entity-hellip", "وقال&hellip;", "وقال…"),
    ("entity-laquo", "&laquo;كورونا&raquo;", "«كورونا»"),
    ("entity-double-escaped", "&amp;quot;طالبان&amp;quot;", '"طالبان"'),
    ("entity-decodes-to-rlm", "لندن&rlm;", "لندن"),
    ("entity-unknown-kept", "&foo; بوتين", "&foo; بوتين"),
    ("entity-no-semicolon-kept", "?id=3&para=2", "?id=3&para=2"),
    ("entity-bare-ampersand", "أ & ب", "أ & ب"),
    # --- whitespace folded ---
    ("nbsp", "لندن\u00a0-\u00a0المغرب", "لندن - المغرب"),
    ("narrow-nbsp", "21:03\u202fGMT", "21:03 GMT"),
    ("thin-space", "بوتين\u2009يعلن", "بوتين يعلن"),
    ("em-space", "بوتين\u2003يعلن", "بوتين يعلن"),
    ("ideographic-space", "a\u3000b", "a b"),
    ("tabs-newlines", "بوتين\t\n\r\nيعلن", "بوتين يعلن"),
    ("line-separator", "بوتين\u2028يعلن", "بوتين يعلن"),
    ("many-spaces", "بوتين     يعلن", "بوتين يعلن"),
    ("strip-ends", "  \u00a0بوتين يعلن \n", "بوتين يعلن"),
    # --- missing space restored between two Arabic words ---
    ("space-after-dot", "المقبل.ومن", "المقبل. ومن"),
    ("space-after-bang", "رائع!وقال", "رائع! وقال"),
    ("space-after-arabic-question", "ماذا؟ومن", "ماذا؟ ومن"),
    ("space-after-colon", "وأضاف:أن", "وأضاف: أن"),
    ("space-after-double-dot", "أفغانستان..طاجيكستان", "أفغانستان.. طاجيكستان"),
    ("space-with-diacritics", "العَامُ.وَمِن", "العَامُ. وَمِن"),
    ("space-twice", "الأول.الثاني.الثالث", "الأول. الثاني. الثالث"),
    ("space-already-there", "المقبل. ومن", "المقبل. ومن"),
    # --- missing space: negative cases ---
    ("neg-decimal", "بنسبة 3.5 في المائة", "بنسبة 3.5 في المائة"),
    ("neg-arabic-indic-decimal", "١٫٥ مليون", "١٫٥ مليون"),
    ("neg-arabic-indic-dot", "١.٥ مليون", "١.٥ مليون"),
    ("neg-time", "آخر تحديث GMT 21:03:24", "آخر تحديث GMT 21:03:24"),
    ("neg-domain", "موقع almaghribtoday.net", "موقع almaghribtoday.net"),
    ("neg-url", "http://x.y/a.b", "http://x.y/a.b"),
    (
        "neg-url-arabic-path",
        "almaghribtoday.net/314/الخلاف.ومن",
        "almaghribtoday.net/314/الخلاف.ومن",
    ),
    ("neg-www", "www.المغرب.ومن", "www.المغرب.ومن"),
    ("neg-latin-abbreviation", "U.S.A. و U.N.", "U.S.A. و U.N."),
    ("neg-latin-sentence", "end.Start", "end.Start"),
    ("neg-afp-abbreviation", "(أ.ف.ب)", "(أ.ف.ب)"),
    ("neg-map-abbreviation", "و.م.ع", "و.م.ع"),
    ("neg-one-letter-left", "د.محمد", "د.محمد"),
    ("neg-quote-after-colon", 'وقال:"القضايا', 'وقال:"القضايا'),
    ("neg-arabic-comma", "الرباط،الدار", "الرباط،الدار"),
    ("neg-glued-latin", "abcالمقبل.ومن", "abcالمقبل.ومن"),
    # --- content stays as written ---
    ("keep-diacritics", "مُحَمَّدٌ", "مُحَمَّدٌ"),
    ("keep-shadda-superscript-alef", "هٰذا", "هٰذا"),
    ("keep-tatweel", "الـقاهرة", "الـقاهرة"),
    ("keep-arabic-indic-digits", "١٤ تشرين الثاني", "١٤ تشرين الثاني"),
    ("keep-eastern-digits", "۲۰۲۵", "۲۰۲۵"),
    ("keep-hamza-forms", "إبريل أولى آذار", "إبريل أولى آذار"),
    ("keep-alef-maqsura-teh-marbuta", "مستشفى المدينة", "مستشفى المدينة"),
    ("keep-dual-month", "آذار/مارس 2018", "آذار/مارس 2018"),
    ("keep-latin-case", "Almaghribtoday", "Almaghribtoday"),
    ("keep-punctuation", "«كورونا»، (2021)؛", "«كورونا»، (2021)؛"),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [c[1:] for c in CLEAN_CASES], ids=[c[0] for c in CLEAN_CASES]
)
def test_clean(raw: object, expected: str | None) -> None:
    result = clean(raw)  # type: ignore[arg-type]
    assert result == expected
    assert clean(result) == result


MULTILINE_CASES: list[tuple[str, str | None, str | None]] = [
    ("none", None, None),
    ("blank-lines", "\n\n  \n", None),
    ("keeps-lines", "الفقرة الأولى.\nالفقرة الثانية.", "الفقرة الأولى.\nالفقرة الثانية."),
    ("drops-empty-lines", "أولى\n\n\u00a0\n\u200bثانية", "أولى\nثانية"),
    ("crlf", "أولى\r\nثانية\rثالثة", "أولى\nثانية\nثالثة"),
    ("each-line-cleaned", "  أولى&nbsp;جملة  \nالمقبل.ومن", "أولى جملة\nالمقبل. ومن"),
    ("spaces-inside-line", "a\t\tb\nc", "a b\nc"),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [c[1:] for c in MULTILINE_CASES], ids=[c[0] for c in MULTILINE_CASES]
)
def test_clean_multiline(raw: str | None, expected: str | None) -> None:
    result = clean_multiline(raw)
    assert result == expected
    assert clean_multiline(result) == result


MATCH_KEY_CASES: list[tuple[str, str | None, str]] = [
    ("none", None, ""),
    ("diacritics", "مُحَمَّدٌ", "محمد"),
    ("tatweel", "الـقـاهرة", "القاهره"),
    ("alef-forms", "أإآٱ", "اااا"),
    ("alef-maqsura", "مستشفى", "مستشفي"),
    ("teh-marbuta", "المدينة", "المدينه"),
    ("casefold", "AlMaghribToday", "almaghribtoday"),
    ("spaces", "  سعيد \u00a0  الإدريسي ", "سعيد الادريسي"),
    ("digits", "١٤ ۲۰", "14 20"),
    ("presentation-form", "\ufefb", "لا"),
    ("invisible", "سعيد\u200f", "سعيد"),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [c[1:] for c in MATCH_KEY_CASES], ids=[c[0] for c in MATCH_KEY_CASES]
)
def test_match_key(raw: str | None, expected: str) -> None:
    assert match_key(raw) == expected


def _a(name: str, raw: str | None = None) -> Author:
    return Author(name=name, nameRaw=raw if raw is not None else name)


DATELINE_CASES: list[tuple[str, str | None, Dateline]] = [
    ("none", None, Dateline()),
    ("empty", "  ", Dateline()),
    ("staff-hyphen", "لندن - المغرب اليوم", Dateline("لندن", [], True)),
    ("staff-real-rabat", "الرباط - المغرب اليوم", Dateline("الرباط", [], True)),
    ("staff-latin", "غزة – almaghribtoday", Dateline("غزة", [], True)),
    ("staff-domain", "غزة - almaghribtoday.net", Dateline("غزة", [], True)),
    ("staff-arabstoday", "القاهرة - العرب اليوم", Dateline("القاهرة", [], True)),
    ("staff-palestine", "رام الله - فلسطين اليوم", Dateline("رام الله", [], True)),
    ("staff-emirates", "دبي - صوت الإمارات", Dateline("دبي", [], True)),
    ("staff-emirates-no-hamza", "دبي - صوت الامارات", Dateline("دبي", [], True)),
    ("staff-egypt", "القاهرة - مصر اليوم", Dateline("القاهرة", [], True)),
    ("staff-only", "المغرب اليوم", Dateline(None, [], True)),
    ("tatweel", "الرباط ـ سعيد الإدريسي", Dateline("الرباط", [_a("سعيد الإدريسي")])),
    ("tatweel-real", "مانيلا ـ عادل سلامه", Dateline("مانيلا", [_a("عادل سلامه")])),
    ("tatweel-repeated-glued", "الرباطــسعيد الإدريسي", Dateline("الرباط", [_a("سعيد الإدريسي")])),
    ("tatweel-repeated-spaced", "الرباط ـــ سعيد", Dateline("الرباط", [_a("سعيد")])),
    ("tatweel-in-word", "الـقاهرة", Dateline("الـقاهرة")),
    ("tatweel-in-word-then-sep", "الـقاهرة - منى علي", Dateline("الـقاهرة", [_a("منى علي")])),
    ("colon", "القاهرة: منى علي", Dateline("القاهرة", [_a("منى علي")])),
    ("colon-glued", "القاهرة:منى علي", Dateline("القاهرة", [_a("منى علي")])),
    (
        "slash-city-with-space",
        "الدار البيضاء/ كريم بنعلي",
        Dateline("الدار البيضاء", [_a("كريم بنعلي")]),
    ),
    ("slash-glued", "الدار البيضاء/كريم بنعلي", Dateline("الدار البيضاء", [_a("كريم بنعلي")])),
    (
        "hyphen-one-side-real",
        "الدار البيضاء- جميلة عمر",
        Dateline("الدار البيضاء", [_a("جميلة عمر")]),
    ),
    ("hyphen-glued", "الدار البيضاء-جميلة عمر", Dateline("الدار البيضاء", [_a("جميلة عمر")])),
    ("en-dash", "طرابلس – فاطمة سعداوي", Dateline("طرابلس", [_a("فاطمة سعداوي")])),
    ("em-dash", "طرابلس — فاطمة سعداوي", Dateline("طرابلس", [_a("فاطمة سعداوي")])),
    ("leading-space-nbsp", " لندن\u00a0-\u00a0سليم كرم", Dateline("لندن", [_a("سليم كرم")])),
    ("no-separator", "لندن", Dateline("لندن")),
    ("no-separator-two-words", "الدار البيضاء", Dateline("الدار البيضاء")),
    ("empty-reporter", "لندن -", Dateline("لندن")),
    (
        "two-waw-glued",
        "الرباط - سعيد الإدريسي وكريم بنعلي",
        Dateline("الرباط", [_a("سعيد الإدريسي"), _a("كريم بنعلي")]),
    ),
    (
        "two-waw-spaced",
        "الرباط - سعيد الإدريسي و كريم بنعلي",
        Dateline("الرباط", [_a("سعيد الإدريسي"), _a("كريم بنعلي")]),
    ),
    (
        "two-arabic-comma",
        "الرباط - سعيد الإدريسي، منى علي",
        Dateline("الرباط", [_a("سعيد الإدريسي"), _a("منى علي")]),
    ),
    (
        "two-and",
        "London - John Smith and Jane Doe",
        Dateline("London", [_a("John Smith"), _a("Jane Doe")]),
    ),
    ("waw-name-not-split", "الرباط - وليد خالد", Dateline("الرباط", [_a("وليد خالد")])),
    ("waw-one-word-not-split", "الرباط - أحمد وليد حسن", Dateline("الرباط", [_a("أحمد وليد حسن")])),
    (
        "waw-ould-not-split",
        "نواكشوط - سيدي محمد ولد أحمد",
        Dateline("نواكشوط", [_a("سيدي محمد ولد أحمد")]),
    ),
    (
        "waw-before-waw-name",
        "الرباط - سعيد الإدريسي ووليد خالد",
        Dateline("الرباط", [_a("سعيد الإدريسي"), _a("وليد خالد")]),
    ),
    (
        "no-author-twice",
        "الرباط - سعيد الإدريسي وسعيد الادريسي",
        Dateline("الرباط", [_a("سعيد الإدريسي")]),
    ),
    (
        "staff-and-author",
        "الرباط - سعيد الإدريسي والمغرب اليوم",
        Dateline("الرباط", [_a("سعيد الإدريسي")], True),
    ),
    ("prefix-in-dateline", "الرباط - كتب: سعيد", Dateline("الرباط", [_a("سعيد", "كتب: سعيد")])),
    ("trailing-punct", "الرباط - سعيد الإدريسي.", Dateline("الرباط", [_a("سعيد الإدريسي")])),
    ("zero-width-inside", "لندن\u200f - المغرب اليوم\u200f", Dateline("لندن", [], True)),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [c[1:] for c in DATELINE_CASES], ids=[c[0] for c in DATELINE_CASES]
)
def test_parse_dateline(raw: str | None, expected: Dateline) -> None:
    assert parse_dateline(raw) == expected


BYLINE_CASES: list[tuple[str, str | None, list[Author]]] = [
    ("none", None, []),
    ("empty", " ", []),
    (
        "bqalam-colon-spaced",
        "بقلم : عماد الدين أديب",
        [_a("عماد الدين أديب", "بقلم : عماد الدين أديب")],
    ),
    ("bqalam-colon", "بقلم: عماد الدين أديب", [_a("عماد الدين أديب", "بقلم: عماد الدين أديب")]),
    ("bqalam-hyphen", "بقلم - عماد الدين أديب", [_a("عماد الدين أديب", "بقلم - عماد الدين أديب")]),
    ("bqalam-tatweel", "بقلم ـ أسامة حجاج", [_a("أسامة حجاج", "بقلم ـ أسامة حجاج")]),
    ("bqalam-space", "بقلم عماد الدين أديب", [_a("عماد الدين أديب", "بقلم عماد الدين أديب")]),
    ("bqalam-nbsp", "بقلم\u00a0:\u00a0عهد التميمي", [_a("عهد التميمي", "بقلم : عهد التميمي")]),
    ("kataba", "كتب : سعيد الإدريسي", [_a("سعيد الإدريسي", "كتب : سعيد الإدريسي")]),
    ("katabat", "كتبت - منى علي", [_a("منى علي", "كتبت - منى علي")]),
    ("no-prefix", "عماد الدين أديب", [_a("عماد الدين أديب")]),
    ("prefix-glued-is-not-prefix", "بقلمعماد", [_a("بقلمعماد")]),
    ("site-name", "بقلم : المغرب اليوم", []),
    ("site-name-latin", "almaghribtoday", []),
    ("prefix-only", "بقلم :", []),
    (
        "two-writers",
        "بقلم : عماد الدين أديب وأسامة حجاج",
        [_a("عماد الدين أديب", "بقلم : عماد الدين أديب"), _a("أسامة حجاج")],
    ),
    ("writer-twice", "بقلم : أسامة حجاج، اسامة حجاج", [_a("أسامة حجاج", "بقلم : أسامة حجاج")]),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [c[1:] for c in BYLINE_CASES], ids=[c[0] for c in BYLINE_CASES]
)
def test_parse_byline(raw: str | None, expected: list[Author]) -> None:
    assert parse_byline(raw) == expected


def test_author_to_dict() -> None:
    author = parse_byline("بقلم : عماد الدين أديب")[0]
    assert author.to_dict() == {"name": "عماد الدين أديب", "nameRaw": "بقلم : عماد الدين أديب"}


def test_dateline_to_dict() -> None:
    assert parse_dateline("الرباط ـ سعيد الإدريسي").to_dict() == {
        "place": "الرباط",
        "authors": [{"name": "سعيد الإدريسي", "nameRaw": "سعيد الإدريسي"}],
        "staff": False,
    }


SENTENCE_CASES: list[tuple[str, str | None, list[str]]] = [
    ("none", None, []),
    ("dot", "أكد الرئيس. وقال الوزير.", ["أكد الرئيس.", "وقال الوزير."]),
    ("bang-question", "رائع! هل حقا؟ نعم?", ["رائع!", "هل حقا؟", "نعم?"]),
    ("ellipsis", "وانتظر… ثم عاد", ["وانتظر…", "ثم عاد"]),
    ("double-dot", "مع أفغانستان.. طاجيكستان لديها", ["مع أفغانستان..", "طاجيكستان لديها"]),
    ("newline", "سطر أول\nسطر ثان", ["سطر أول", "سطر ثان"]),
    ("missing-space", "المقبل.ومن هنا", ["المقبل.", "ومن هنا"]),
    ("closing-quote", 'وقال: "مشروع." ثم أضاف', ['وقال: "مشروع."', "ثم أضاف"]),
    ("number-kept", "بنسبة 3.5 في المائة و١٫٥ مليون.", ["بنسبة 3.5 في المائة و١٫٥ مليون."]),
    (
        "url-kept",
        "زوروا almaghribtoday.net/a.b?x=1 الآن.",
        ["زوروا almaghribtoday.net/a.b?x=1 الآن."],
    ),
    ("time-kept", "في 21:03 بتوقيت غرينتش.", ["في 21:03 بتوقيت غرينتش."]),
    ("punct-only-dropped", "جملة.\n…\n.", ["جملة."]),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [c[1:] for c in SENTENCE_CASES], ids=[c[0] for c in SENTENCE_CASES]
)
def test_split_sentences(raw: str | None, expected: list[str]) -> None:
    assert split_sentences(raw) == expected


# --- properties ---------------------------------------------------------------------------------

_ALPHABET = (
    list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآؤئىة")
    + list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0670\u0640")
    + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲abcXYZ")
    + list(".!؟?:،,;؛…-ـ/\"'«»()")
    + list(" \t\n\r\u00a0\u2009\u202f\u3000\u2028")
    + list(
        "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\x00\x1f\x85"
    )
)
_TOKENS = [
    "&amp;",
    "&quot;",
    "&nbsp;",
    "&#x200b;",
    "&#1604;",
    "&amp;amp;",
    "&",
    "#",
    ";",
    "amp",
    "http://",
    ".net",
    "www.",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_ALPHABET), st.sampled_from(_TOKENS)), max_size=40).map(
    "".join
)
_TEXT_NO_ENTITIES = st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join)


@settings(max_examples=500)
@given(st.one_of(_TEXT, st.text()))
def test_clean_is_idempotent_and_never_empty(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert once is None or (once != "" and once == once.strip())


@settings(max_examples=300)
@given(st.one_of(_TEXT, st.text()))
def test_clean_multiline_is_idempotent(text: str) -> None:
    once = clean_multiline(text)
    assert clean_multiline(once) == once


@given(st.one_of(st.none(), st.integers(), st.binary(), st.text(), _TEXT))
def test_nothing_raises(value: object) -> None:
    clean(value)  # type: ignore[arg-type]
    clean_multiline(value)  # type: ignore[arg-type]
    match_key(value)  # type: ignore[arg-type]
    parse_dateline(value)  # type: ignore[arg-type]
    parse_byline(value)  # type: ignore[arg-type]
    split_sentences(value)  # type: ignore[arg-type]


def _content(text: str | None) -> Counter[str]:
    # Letters, digits and combining marks, compared decomposed: NFC may compose "ا" + "ٓ" into "آ".
    decomposed = unicodedata.normalize("NFD", text or "")
    return Counter(c for c in decomposed if c.isalnum() or unicodedata.category(c).startswith("M"))


@settings(max_examples=500)
@given(st.one_of(_TEXT_NO_ENTITIES, st.text().filter(lambda s: "&" not in s)))
def test_clean_keeps_letters_digits_and_diacritics(text: str) -> None:
    assert _content(clean(text)) == _content(text)

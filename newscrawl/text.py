"""Pure Arabic text cleaning for newscrawl: no Scrapy, no I/O, never raises.

Two levels, kept apart on purpose (CONVENTIONS.md, habit 7):

- ``clean`` / ``clean_multiline`` are conservative and meant for stored fields: NFC (not NFKC),
  invisible control characters out, leftover HTML entities decoded, whitespace folded, a missing
  space restored after sentence punctuation between two Arabic words. Letters, diacritics, digits
  (Western and Arabic-Indic) and tatweel of the article are its content and stay as written.
- ``match_key`` normalizes harder, on a copy, for comparing only (dedup, headline vs paragraph).

On top of them: ``parse_dateline`` (``{city} - {reporter}``), ``parse_byline`` (``بقلم : {writer}``)
and ``split_sentences`` (used to measure body precision and recall against the gold file).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from newscrawl.sites import site_names

__all__ = [
    "Author",
    "Dateline",
    "clean",
    "clean_multiline",
    "match_key",
    "parse_byline",
    "parse_dateline",
    "split_sentences",
]

# --- character classes -------------------------------------------------------------------------

# Invisible format characters that the CMS and copy-paste leave in titles and paragraphs: zero-width
# space/joiners and LRM/RLM (U+200B-U+200F), the Arabic letter mark (U+061C), the embedding and
# override controls (U+202A-U+202E), the isolates (U+2066-U+2069) and the BOM (U+FEFF). Word joiner
# (U+2060) and soft hyphen (U+00AD) are just as invisible and carry no content.
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
# C0/C1 controls except the whitespace ones (tab, newlines, ...), which are folded instead.
_CONTROL = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_REMOVE_RE = re.compile(f"[{_INVISIBLE}{_CONTROL}]")

# Arabic letters (basic block, Persian/Urdu additions, Supplement, Extended-A), without tatweel.
_AR_LETTER = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
# Arabic combining marks: harakat, shadda, sukun, superscript alef, Quranic annotation signs.
_AR_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08ca-\u08e1\u08e3-\u08ff"
_TATWEEL = "\u0640"
_AR_WORD_CHAR = f"{_AR_LETTER}{_AR_MARK}{_TATWEEL}"
_AR_LETTER_RE = re.compile(f"[{_AR_LETTER}]")

# --- entities ----------------------------------------------------------------------------------

# Scrapy's parser already decodes the entities of the HTML, so the ones still in a text are
# double-escaped leftovers (teasers hold "&quot;" and "&nbsp;", SITE.md). We decode them with
# html.unescape rather than w3lib.html.replace_entities because w3lib only knows the HTML 4 names
# (no "&apos;") and deletes an unknown "&foo;" outright, dropping text; html.unescape has the full
# HTML5 table and leaves unknown names as written. We only hand it references closed by ";": both
# libraries also decode legacy semicolon-less names, which turns a query string quoted in a
# paragraph ("?id=3&para=2") into "?id=3¶=2".
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entity(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


# --- whitespace and missing spaces -------------------------------------------------------------

# str.isspace() whitespace: NBSP, U+2000-U+200A, narrow NBSP, ideographic space, newlines, ...
_SPACE_RE = re.compile(r"\s+")

# A missing space after sentence punctuation between two Arabic words: the seed article has
# "المقبل.ومن"-style joins where a <br> or </p> was dropped. Both sides must be Arabic words of two
# letters or more, so abbreviations written with dots stay: "أ.ف.ب" (AFP), "و.م.ع" (MAP, the
# Moroccan agency), "د.محمد". Digits are not Arabic letters, so "3.5", "١٫٥" and "21:03" never match.
_MISSING_SPACE_RE = re.compile(f"([{_AR_WORD_CHAR}]+)([.!؟:]+)(?=([{_AR_WORD_CHAR}]+))")

# A token that looks like a URL, an e-mail or a domain is left alone, dots and colons included:
# "almaghribtoday.net", "http://x.y/a.b", and Arabic slugs such as "/314/102152-الخلاف.ومن".
_URLISH_RE = re.compile(r"://|^www\.|@|[A-Za-z0-9-]\.[A-Za-z]{2,}|/.*\.|\..*/", re.IGNORECASE)


_PUNCT_TOKEN_RE = re.compile(r"\S*[.!؟:]\S*")


def _restore_space(match: re.Match[str]) -> str:
    left, punct, right = match.group(1), match.group(2), match.group(3)
    before = match.string[match.start() - 1] if match.start() > 0 else " "
    if before.isalnum() or before == "_":
        # The Arabic run is glued to a Latin word or a number: not an Arabic word on its own.
        return match.group(0)
    if len(_AR_LETTER_RE.findall(left)) < 2 or len(_AR_LETTER_RE.findall(right)) < 2:
        return match.group(0)
    return f"{left}{punct} "


def _restore_token(match: re.Match[str]) -> str:
    token = match.group(0)
    if _URLISH_RE.search(token):
        return token
    return _MISSING_SPACE_RE.sub(_restore_space, token)


# --- clean -------------------------------------------------------------------------------------


def _to_str(value: object) -> str | None:
    """Coerce any input to ``str`` without raising: bytes are decoded as UTF-8, other types dropped."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return None


def _decode_and_compose(text: str) -> str:
    # Repeat until nothing changes so that clean() is idempotent: "&amp;quot;" decodes in two rounds,
    # and removing a zero-width character can join "&am\u200bp;" into a fresh entity. Each round
    # that changes anything makes the text shorter, so the loop ends.
    while True:
        new = unicodedata.normalize("NFC", _ENTITY_RE.sub(_decode_entity, _REMOVE_RE.sub("", text)))
        if new == text:
            return new
        text = new


def _clean_line(text: str) -> str | None:
    text = _SPACE_RE.sub(" ", text).strip()
    if not text:
        return None
    # only a token holding one of the punctuation marks can change: the others are not visited
    return _PUNCT_TOKEN_RE.sub(_restore_token, text)


def clean(text: str | None) -> str | None:
    """Clean one text field; ``None`` when nothing is left (never ``""``).

    NFC; zero-width, bidi and other control characters removed; leftover HTML entities decoded;
    every run of whitespace (newlines, NBSP, thin spaces, ...) folded to one space and the ends
    stripped; a missing space restored after ``.``, ``!``, ``؟``, ``:`` between two Arabic words
    (``المقبل.ومن`` -> ``المقبل. ومن``). Idempotent: ``clean(clean(x)) == clean(x)``.
    """
    value = _to_str(text)
    if value is None:
        return None
    return _clean_line(_decode_and_compose(value))


def clean_multiline(text: str | None) -> str | None:
    """Like :func:`clean` but keeps line breaks, for ``articleBody``.

    Each line is cleaned on its own and empty lines are dropped; lines are joined with ``\\n``.
    """
    value = _to_str(text)
    if value is None:
        return None
    lines = (_clean_line(line) for line in _decode_and_compose(value).splitlines())
    return "\n".join(line for line in lines if line) or None


# --- match_key ---------------------------------------------------------------------------------

_MARKS_RE = re.compile(f"[{_AR_MARK}{_TATWEEL}]")
_MATCH_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh, seen in copy-pasted names
        "ک": "ك",  # keheh
        "ة": "ه",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits "١٤"
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic digits
    }
)


def match_key(text: str | None) -> str:
    """A hard normalization for matching only, never stored: ``""`` for empty input.

    :func:`clean`, then NFKC (presentation forms such as "ﻻ"), diacritics and tatweel removed,
    alef forms unified to "ا", alef maqsura to "ي", teh marbuta to "ه", Arabic-Indic digits to
    ASCII, casefold, spaces collapsed.
    """
    value = clean(text)
    if value is None:
        return ""
    # NFKC first: it can decompose presentation forms into letters plus marks, removed next.
    value = unicodedata.normalize("NFKC", value)
    value = unicodedata.normalize("NFD", value)
    value = _MARKS_RE.sub("", value)
    # NFD split "أ" into "ا" + hamza above (U+0654), which _AR_MARK removed; recompose the rest.
    value = unicodedata.normalize("NFC", value)
    value = value.translate(_MATCH_TABLE).casefold()
    return _SPACE_RE.sub(" ", value).strip()


# --- authors, datelines, bylines ---------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    """A credited person: ``name`` without any prefix, ``nameRaw`` as written (cleaned)."""

    name: str
    nameRaw: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "nameRaw": self.nameRaw}


@dataclass(frozen=True)
class Dateline:
    """A parsed ``{city} - {reporter}`` line.

    ``staff`` is true when the site itself is credited (``لندن - المغرب اليوم``); ``authors`` only
    lists named people, never the site.
    """

    place: str | None = None
    authors: list[Author] = field(default_factory=list)
    staff: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "place": self.place,
            "authors": [author.to_dict() for author in self.authors],
            "staff": self.staff,
        }


# The site and its sister sites of the Arabs Today Group credit their own desk by name. Compared
# through match_key, so spelling variants of hamza and teh marbuta are covered.
_STAFF_NAMES = frozenset(
    match_key(name)
    for name in (
        "المغرب اليوم",
        "العرب اليوم",
        "فلسطين اليوم",
        "صوت الإمارات",
        "مصر اليوم",
        "السعودية اليوم",
        "عمان اليوم",
        "ليبيا اليوم",
        "لبنان اليوم",
        "الجزائر اليوم",
        "تونس اليوم",
        "اليمن اليوم",
        "العراق اليوم",
        "سوريا اليوم",
        "الكويت اليوم",
        "almaghribtoday",
        "almaghrib today",
        "arabstoday",
        "arabs today",
        "palestinetoday",
        "emiratesvoice",
        "egypttoday",
        "egypt-today",
        "alsaudiatoday",
        "omantoday",
        "libyatoday",
        # and every name of the configured sites (newscrawl/sites.toml), English ones included
        *site_names(),
    )
)
# "almaghribtoday.net", "www.arabstoday.net", "Almaghribtoday" (og:site_name).
_STAFF_DOMAIN_RE = re.compile(r"^(?:www\.)?([a-z-]+)\.(?:net|com|org)$")


def is_site_name(name: str | None) -> bool:
    """True when ``name`` is the site's or a sister site's own name (a staff credit)."""
    return isinstance(name, str) and _is_staff(name)


def _is_staff(name: str) -> bool:
    key = match_key(name)
    domain = _STAFF_DOMAIN_RE.match(key)
    if domain:
        key = domain.group(1)
    return key in _STAFF_NAMES


_DASHES = "\\-\u2010-\u2015\u2212"  # "-", hyphen, non-breaking hyphen, figure/en/em dash, minus
# Dateline separators of SITE.md: "-", "ـ", ":", "/", "–", "—". The spaced form is tried first
# (space on at least one side, as in the real "الدار البيضاء- جميلة عمر"), the glued one after.
# A single tatweel only separates when a space touches it: inside a word ("الـقاهرة") it is
# elongation; a repeated one ("الرباطــسعيد") is a separator either way.
_SEP_SPACED_RE = re.compile(f"\\s+(?:[{_DASHES}:/]+|ـ+)\\s*|\\s*(?:[{_DASHES}:/]+|ـ+)\\s+")
_SEP_GLUED_RE = re.compile(f"[{_DASHES}:/]+|ـ{{2,}}")

# Byline prefixes of opinion columns and signed pieces: "بقلم : عماد الدين أديب", "بقلم - ...",
# "بقلم: ...", "بقلم ...", "كتب : ...", "كتبت - ...". The prefix must be a whole word
# (not the start of "بقلمعماد"); a prefix alone ("بقلم :") credits nobody.
_BYLINE_PREFIX_RE = re.compile(f"^(?:بقلم|كتبت|كتبه|كتبته|كتب)(?:\\s*[{_DASHES}:/ـ]+\\s*|\\s+|$)")

# Several reporters: "سعيد الإدريسي، كريم بنعلي", "A and B", "A & B", or a spaced "و".
_JOIN_HARD_RE = re.compile(r"\s*[،,;؛&]\s*|\s+and\s+|\s+و\s+", re.IGNORECASE)
# The conjunction glued to the next name ("سعيد الإدريسي وكريم بنعلي") is only split when both sides
# keep two words or more: a lone "و" word start is too often a name ("وليد", "محمد ولد أحمد").
_JOIN_WAW_RE = re.compile(r"\s+و(?=\S)")
# Given names that start with "و" themselves; "وليد" alone is a name, "ووليد" is "و" + "وليد".
_WAW_NAMES = frozenset(
    match_key(name)
    for name in (
        "وليد",
        "وائل",
        "وفاء",
        "وديع",
        "وسام",
        "وجدي",
        "وحيد",
        "وجيه",
        "وداد",
        "وهيب",
        "وهبة",
        "وصفي",
        "وعد",
        "وفيق",
        "ولاء",
        "وجدان",
        "وئام",
        "وسيم",
        "ولد",
        "وردة",
        "وهبي",
        "وزير",
    )
)
_NAME_EDGE = f" \t{_DASHES}:/ـ،,.;؛*|"


def _tidy(text: str) -> str:
    return text.strip(_NAME_EDGE)


def _split_waw(part: str) -> list[str]:
    pieces = [part]
    for match in reversed(list(_JOIN_WAW_RE.finditer(part))):
        head, tail = pieces[0][: match.start()], pieces[0][match.end() :]
        first_word = part[match.start() :].split(maxsplit=1)[0]
        if match_key(first_word) in _WAW_NAMES:
            continue
        if len(head.split()) < 2 or len(tail.split()) < 2:
            continue
        pieces[0:1] = [head, tail]
    return pieces


def _authors(text: str) -> tuple[list[Author], bool]:
    """Split a reporter part into authors; the second value tells whether the site was credited."""
    authors: list[Author] = []
    seen: set[str] = set()
    staff = False
    raw_parts = [p for hard in _JOIN_HARD_RE.split(text) for p in _split_waw(hard)]
    for part in raw_parts:
        raw = _tidy(part)
        if not raw:
            continue
        name = _tidy(_BYLINE_PREFIX_RE.sub("", raw))
        if not name:
            continue
        if _is_staff(name):
            staff = True
            continue
        key = match_key(name)
        if key in seen:
            continue
        seen.add(key)
        # A lone writer keeps the whole line as written ("بقلم : عماد الدين أديب").
        authors.append(Author(name=name, nameRaw=_tidy(text) if len(raw_parts) == 1 else raw))
    return authors, staff


def parse_dateline(text: str | None) -> Dateline:
    """Parse ``{city} - {reporter}`` (``h4.coring``) into place, named authors and a staff flag.

    ``لندن - المغرب اليوم`` -> place "لندن", staff, no authors; ``الرباط ـ سعيد الإدريسي`` -> one
    author. A line without a separator is only a place; empty or bad input gives ``Dateline()``.
    """
    value = clean(text)
    if value is None:
        return Dateline()
    sep = _SEP_SPACED_RE.search(value) or _SEP_GLUED_RE.search(value)
    if sep is None:
        place_raw, reporter = value, ""
    else:
        place_raw, reporter = value[: sep.start()], value[sep.end() :]
    place = _tidy(place_raw) or None
    staff = False
    if place is not None and _is_staff(place):
        # "المغرب اليوم" alone: the site credits itself and names no place.
        place, staff = None, True
    authors, credited = _authors(reporter)
    return Dateline(place=place, authors=authors, staff=staff or credited)


def parse_byline(text: str | None) -> list[Author]:
    """Writers of a byline: ``بقلم : عماد الدين أديب`` -> ``[Author("عماد الدين أديب", <as written>)]``.

    Prefixes ``بقلم`` / ``كتب`` / ``كتبت`` with ``:``, ``-`` or a space; the site's own name gives
    ``[]``; no writer is listed twice.
    """
    value = clean(text)
    if value is None:
        return []
    authors, _ = _authors(value)
    return authors


# --- sentences ---------------------------------------------------------------------------------

# A sentence ends at a run of ".", "!", "؟", "?", "…" (with the closing quotes or brackets that
# follow it: `مشروع".`), when a space, the end of the line or an Arabic letter comes next. A digit or
# a Latin letter next means a number or a URL ("3.5", "almaghribtoday.net", "?id=3"): no split.
_SENTENCE_END_RE = re.compile(f"[.!؟?…]+[\"'»”’)\\]]*(?=\\s|$|[{_AR_LETTER}])")
_HAS_CONTENT_RE = re.compile(r"\w")


def split_sentences(text: str | None) -> list[str]:
    """Split body text into sentences, for measuring body precision and recall.

    The text goes through :func:`clean_multiline` first; lines always end a sentence; pieces with
    no letter or digit (a stray "." or "…") are dropped along with empty ones.
    """
    body = clean_multiline(text)
    if body is None:
        return []
    sentences: list[str] = []
    for line in body.split("\n"):
        start = 0
        for end in _SENTENCE_END_RE.finditer(line):
            sentences.append(line[start : end.end()].strip())
            start = end.end()
        sentences.append(line[start:].strip())
    return [s for s in sentences if _HAS_CONTENT_RE.search(s)]


# the control bytes of a text page: a tab, line feed, form feed or carriage return
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))


def looks_binary(body: bytes) -> bool:
    """NUL bytes or many control bytes in the first 4 KB: not a text page in any charset."""
    head = body[:4096]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls / len(head) > 0.05

"""Folding: a copy of the text for matching (hamza forms, alef maqsura, teh marbuta, Persian
letters, tatweel, diacritics, bidi marks, Arabic-Indic and Persian digits). Never returned,
never stored."""

from __future__ import annotations

import re
from collections.abc import Sequence

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

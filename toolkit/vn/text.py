"""Normalised forms of Vietnamese text: NFC for output, folded keys for matching.

People type the same heading as `Họ và tên`, `HỌ VÀ TÊN`, `Ho va ten` or with decomposed
diacritics pasted from a PDF; `fold` and `slug` give them one key so they compare equal.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable

_NON_KEY = re.compile(r"[^a-z0-9]+")


def _fold_table() -> dict[int, str]:
    """Latin letter with marks → bare letter; lone combining marks → nothing; đ → d.

    One `str.translate` handles both precomposed (NFC) and decomposed (NFD) input, which is
    several times faster than normalising to NFD and filtering per call.
    """
    table: dict[int, str] = {0x0111: "d", 0x0110: "d"}  # đ Đ have no decomposition
    for code in range(0x00C0, 0x2000):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = ""
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


_FOLD = _fold_table()


def nfc(s: str) -> str:
    """NFC, the form NĐ 30 and Word expect; cheap when the text is already NFC."""
    return s if s.isascii() else unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """A matching key: lower case, no diacritics, `đ` → `d`, single spaces.

    `fold("Lao Động  Tiên Tiến") == "lao dong tien tien"`.
    """
    s = s.lower()
    if not s.isascii():
        s = s.translate(_FOLD)
    return " ".join(s.split())


def slug(s: str) -> str:
    """An identifier for a heading: `Họ và tên`, `HỌ VÀ TÊN`, `ho_va_ten` → `ho_va_ten`."""
    return _NON_KEY.sub("_", fold(s)).strip("_")


def upper(s: str) -> str:
    """Vietnamese upper case in NFC (`Công đoàn` → `CÔNG ĐOÀN`)."""
    return unicodedata.normalize("NFC", s.upper())


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `name` (compared by slug), for "did you mean" messages."""
    by_slug: dict[str, str] = {}
    for candidate in candidates:
        by_slug.setdefault(slug(candidate), candidate)
    key = slug(name)
    if key in by_slug:
        return by_slug[key]
    match = difflib.get_close_matches(key, list(by_slug), n=1, cutoff=0.6)
    return by_slug[match[0]] if match else None


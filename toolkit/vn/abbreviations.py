"""The abbreviations union documents use, both ways: `BCH CĐCS` ↔ `ban chấp hành công đoàn cơ sở`.

The table follows docs/formats.md, *Numbers and words*. Expanding is case-sensitive
on the abbreviation (`CĐ` is one, `cđ` is not); abbreviating ignores case in the phrase, so
`Ban Chấp hành` and `BAN CHẤP HÀNH` both become `BCH`.
"""
from __future__ import annotations

import re

from .text import nfc

ABBREVIATIONS: dict[str, str] = {
    "CĐ": "công đoàn",
    "CĐCS": "công đoàn cơ sở",
    "CĐCSTV": "công đoàn cơ sở thành viên",
    "CĐBP": "công đoàn bộ phận",
    "LĐLĐ": "liên đoàn lao động",
    "TLĐ": "Tổng Liên đoàn",
    "CĐVC": "công đoàn viên chức",
    "CĐN": "công đoàn ngành",
    "BCH": "ban chấp hành",
    "BTV": "ban thường vụ",
    "UBKT": "ủy ban kiểm tra",
    "ĐVCĐ": "đoàn viên công đoàn",
    "CĐV": "công đoàn viên",
    "NLĐ": "người lao động",
    "CNVCLĐ": "công nhân, viên chức, lao động",
    "CBCCVCLĐ": "cán bộ, công chức, viên chức, lao động",
    "CCVCLĐ": "công chức, viên chức, lao động",
    "LĐTT": "lao động tiên tiến",
    "CSTĐ": "chiến sĩ thi đua",
    "CSTĐCS": "chiến sĩ thi đua cơ sở",
    "TTLĐTT": "tập thể lao động tiên tiến",
    "TTLĐXS": "tập thể lao động xuất sắc",
    "DHTĐ": "danh hiệu thi đua",
    "TĐKT": "thi đua, khen thưởng",
    "HĐTĐKT": "hội đồng thi đua, khen thưởng",
    "SKKN": "sáng kiến kinh nghiệm",
    "TDTT": "thể dục thể thao",
    "VHVN": "văn hóa văn nghệ",
    "HTXSNV": "hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "hoàn thành tốt nhiệm vụ",
    "HTNV": "hoàn thành nhiệm vụ",
    "TM.": "thay mặt",
    "KT.": "ký thay",
    "TL.": "thừa lệnh",
    "TUQ.": "thừa ủy quyền",
    "V/v": "về việc",
    "đ/c": "đồng chí",
}

# The full name is written more often than the table's short form; it abbreviates the same.
_ALSO_ABBREVIATED = {"Tổng Liên đoàn Lao động Việt Nam": "TLĐ"}


def _alternation(words) -> str:
    """Longest first, so `CĐCS` is tried before `CĐ`; any run of spaces matches a space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# `đ/c` opens a sentence as `Đ/c`; that form expands to a capitalised phrase.
_CAPITALISED = {a[:1].upper() + a[1:]: a for a in ABBREVIATIONS if a[:1].islower()}
_ABBREVIATION = re.compile(rf"(?<!\w)(?:{_alternation([*ABBREVIATIONS, *_CAPITALISED])})(?!\w)")
_PHRASES = {nfc(p).casefold(): a for a, p in ABBREVIATIONS.items()} | {
    p.casefold(): a for p, a in _ALSO_ABBREVIATED.items()
}
_PHRASE = re.compile(rf"(?<!\w)(?:{_alternation(_PHRASES)})(?!\w)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# A dot that belongs to an abbreviation (`TM. BCH`) does not end a sentence.
_DOTTED = tuple(a for a in ABBREVIATIONS if a.endswith("."))


def _starts_sentence(text: str, i: int) -> bool:
    """Whether position `i` follows the end of an earlier sentence in `text`."""
    before = text[:i].rstrip()
    if not before:
        return False  # a cell or a fragment: the template decides its case
    if before[-1] in "!?\n" or "\n" in text[len(before):i]:
        return True
    return before[-1] == "." and not before.endswith(_DOTTED)


def expand_abbreviations(text: str) -> str:
    """`BCH CĐCS` → `ban chấp hành công đoàn cơ sở`; a new sentence starts with a capital."""
    text = nfc(text)

    def full(m: re.Match) -> str:
        written = m.group()
        phrase = ABBREVIATIONS[_CAPITALISED.get(written, written)]
        if written in _CAPITALISED or _starts_sentence(text, m.start()):
            return phrase[:1].upper() + phrase[1:]
        return phrase

    return _ABBREVIATION.sub(full, text)


def abbreviate(text: str) -> str:
    """`Ban Chấp hành Công đoàn cơ sở` → `BCH CĐCS`, longest phrase first, whole words only."""
    return _PHRASE.sub(lambda m: _PHRASES[_SPACES.sub(" ", m.group()).casefold()], nfc(text))

"""Names broken into lines the way a văn thư breaks them, not in the middle of a word.

An organisation's name in a header or signature block is often too long for its column, and a
word processor breaks it wherever the line is full: `CÔNG ĐOÀN CƠ SỞ SỞ TÀI / CHÍNH`,
`THANH / TRA TỈNH`. Vietnamese writes every syllable as a separate word, so the word
processor cannot tell the syllables of one word apart from two words. A clerk breaks a name
between its levels instead (docs/formats.md, *Header block*): before the word that starts an
organisation, a place or a branch (`LIÊN ĐOÀN LAO ĐỘNG / TỈNH AN GIANG`, `TM. BCH CĐCS /
SỞ KẾ HOẠCH VÀ ĐẦU TƯ`), else before `và`, else after an even number of syllables of the
name (most Vietnamese words have two: `KHO BẠC NHÀ NƯỚC / AN GIANG`), and keeps a
parenthesis on one line (`(để báo cáo)`).

`break_lines` measures the text with the metrics of Liberation Serif (the metric twin of
Times New Roman, which every document uses) and returns it with `\\n` where the lines
break; the engine prints `\\n` in a value as a line break. Without the font files the width
is estimated from the average width of a letter.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from ..vn.text import nfc

MM_PER_PT = 25.4 / 72
# A line is made to fill at most this share of its room: word processors fit a line a few
# percent tighter than the font's advance widths add up to (LibreOffice wrapped an 80.0 mm
# line in an 80.5 mm cell).
FIT = 0.98
# Words (lower case, with diacritics) that open an organisation, a place or a branch: a line
# may start with them.
# `|` marks where a long one may itself be broken (between its words, not its syllables).
_LEVEL_PHRASES = (
    "tổng liên đoàn | lao động", "liên đoàn | lao động", "công đoàn | cơ sở", "công đoàn | viên chức",
    "công đoàn | ngành", "tổng liên đoàn", "liên đoàn", "công đoàn", "cđcs", "cđ", "lđlđ",
    "ban chấp hành", "ban thường vụ", "bch", "btv", "ban", "thanh tra", "công an", "tm.", "kt.",
    "bảo hiểm | xã hội", "ngân hàng | nhà nước", "kho bạc | nhà nước", "đoàn | đại biểu | quốc hội",
    "hội đồng | nhân dân", "ủy ban | nhân dân", "ủy ban | mặt trận | tổ quốc",
    "sở", "cục", "chi cục", "tổng cục", "vụ", "viện", "bộ", "ủy ban", "ubnd", "hội đồng",
    "văn phòng", "phòng", "khối", "cụm", "tổ", "trường", "bệnh viện", "trung tâm", "kho bạc",
    "ngân hàng", "chi nhánh", "bảo hiểm", "tổng công ty", "công ty", "tập đoàn", "đảng ủy",
    "tỉnh", "thành phố", "tp.", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn",
    "việt nam", "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc", "thủ trưởng",
)


def _key(word: str) -> str:
    """A word as the level phrases write it: lower case, diacritics kept (`QUẢN` is not
    `quận`), the punctuation around it dropped except an abbreviation's full stop."""
    word = nfc(word).lower().strip(",;:()")
    return word if word in ("tm.", "kt.", "tp.") else word.rstrip(".")


def _level(phrase: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """The phrase's words, and the offsets inside it where it may break."""
    parts = [part.split() for part in phrase.split("|")]
    offsets, at = set(), 0
    for part in parts[:-1]:
        at += len(part)
        offsets.add(at)
    return tuple(w for part in parts for w in part), frozenset(offsets)


_LEVELS = tuple(_level(p) for p in _LEVEL_PHRASES)
_CONNECTORS = {"và", "của", "-", "–"}
_FONT_FILES = {False: "LiberationSerif-Regular.ttf", True: "LiberationSerif-Bold.ttf"}
_FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
              "/usr/share/fonts/liberation", "/Library/Fonts", "C:/Windows/Fonts")

# Costs of a break before a word, and of each line: a name on three good lines is better
# than on two with a word cut in half.
_AT_LEVEL, _AT_CONNECTOR, _EVEN, _ODD, _IN_PARENTHESIS, _AFTER_LEVEL = 0, 2, 5, 9, 12, 10
_PER_LINE, _ONE_WORD_LINE = 3, 4


def break_lines(text: str, width_mm: float, size_pt: float = 12, bold: bool = False) -> str:
    """`text` with `\\n` between lines that each fit `width_mm`, broken where a clerk would.

    Existing line breaks are kept; each line of the text is broken on its own.
    """
    return "\n".join(_break_one(line, width_mm, size_pt, bold) for line in str(text).split("\n"))


@lru_cache(maxsize=4096)  # a batch prints the same header and signers in every document
def _break_one(text: str, width_mm: float, size_pt: float, bold: bool) -> str:
    words = text.split()
    if not words:
        return text.strip()
    measure = _measurer(bold)
    room = FIT * width_mm / MM_PER_PT / size_pt  # in ems
    widths = [measure(w) for w in words]
    space = measure(" ")
    costs = _break_costs(words)
    n = len(words)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n  # cost, start of last line
    for end in range(1, n + 1):
        width = -space
        for start in range(end - 1, -1, -1):
            width += widths[start] + space
            if width > room and start < end - 1:
                break
            slack = max(room - width, 0) / room
            cost = best[start][0] + _PER_LINE + slack * slack + (costs[start] if start else 0)
            if end - start == 1 and n > 1:
                cost += _ONE_WORD_LINE  # a lone `TỈNH` on the last line
            if cost < best[end][0]:
                best[end] = (cost, start)
    lines, end = [], n
    while end:
        start = best[end][1]
        lines.append(" ".join(words[start:end]))
        end = start
    return "\n".join(reversed(lines))


def _break_costs(words: list[str]) -> list[float]:
    """The cost of starting a line at each word."""
    folded = [_key(w) for w in words]
    kinds = _level_kinds(folded)
    costs, since, depth = [], 0, 0  # syllables since the start of the current name part
    for i, word in enumerate(folded):
        kind = kinds[i]
        if depth > 0:
            cost = _IN_PARENTHESIS
        elif kind == "start" or words[i].startswith("("):
            cost, since = _AT_LEVEL, 0
        elif kind in ("break", "inside"):
            cost = _EVEN if kind == "break" else _ODD + 3  # `KHO BẠC / NHÀ NƯỚC`, never `NHÀ / NƯỚC`
        elif i and kinds[i - 1]:
            cost, since = _AFTER_LEVEL, 0  # never `SỞ / TÀI CHÍNH`, `TỈNH / AN GIANG`
        elif word in _CONNECTORS:
            cost, since = _AT_CONNECTOR, -1
        elif i and folded[i - 1] in _CONNECTORS:
            cost, since = _AT_CONNECTOR + 1, 0
        else:
            cost = _EVEN if since % 2 == 0 else _ODD
        costs.append(cost)
        since += 1
        depth = max(0, depth + words[i].count("(") - words[i].count(")"))
    return costs


def _level_kinds(folded: list[str]) -> list[str]:
    """`start` where a level phrase begins (longest match first), `break` where it may be
    broken inside, `inside` elsewhere in it, `""` outside: `CÔNG ĐOÀN CƠ SỞ` is one level,
    so its `SỞ` does not open another."""
    kinds = [""] * len(folded)
    i = 0
    while i < len(folded):
        match = max(((words, breaks) for words, breaks in _LEVELS if tuple(folded[i:i + len(words)]) == words),
                    key=lambda level: len(level[0]), default=None)
        if match is None:
            i += 1
            continue
        words, breaks = match
        kinds[i] = "start"
        for k in range(1, len(words)):
            kinds[i + k] = "break" if k in breaks else "inside"
        i += len(words)
    return kinds


@lru_cache(maxsize=2)
def _measurer(bold: bool):
    """Text width in ems of the font, from its metrics, or estimated without the font."""
    try:
        path = next((Path(d) / _FONT_FILES[bold] for d in _FONT_DIRS if (Path(d) / _FONT_FILES[bold]).is_file()))
        font = ImageFont.truetype(str(path), 1000)
        return lru_cache(maxsize=65536)(lambda text: font.getlength(text) / 1000)  # words recur
    except (StopIteration, OSError):
        average = 0.56 if bold else 0.52  # capitals with diacritics, per em
        return lambda text: len(text) * average

"""Which pieces of a document hold legacy Vietnamese, and their Unicode NFC text.

A piece is a Word run, an Excel cell (or rich-text run) or a line of a text file. Its
encoding is decided in this order:

1. text that already holds letters no legacy file can (`ạ ế ộ đ ư`, combining marks, any
   letter beyond Latin-1 other than cp1252's `Œ Š Ž Ÿ ƒ`) is Unicode: only NFC is applied,
   so nothing is ever converted twice;
2. a legacy font names the encoding (`.VnTime` → TCVN3, `.VnTimeH` → TCVN3 in capitals,
   `VNI-Times` → VNI), whatever `--from` says: a run's font is firmer evidence than one
   option for a whole, often mixed, document;
3. otherwise `--from` if given, else a guess from the characters (`detect`) over the
   surrounding text (the paragraph, the file) so that short pieces are judged on enough words.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..vn.legacy import ENCODINGS, LegacyEncodingError, detect, font_encoding, to_unicode
from ..vn.text import nfc

SOURCES = ("auto",) + ENCODINGS

# The letters cp1252 puts in 0x80–0x9F: legacy text read as cp1252 may hold them.
_CP1252_LETTERS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


@dataclass
class Change:
    """One piece of text that is (or would be, with `--dry-run`) rewritten."""

    where: str  # `tệp a.docx, phần word/document.xml, đoạn 3` · `tệp a.xlsx, trang tính 'S', ô B2`
    before: str
    after: str


def source_name(source: str | None) -> str:
    """`auto`, `tcvn3`, `vni` or `viqr` from what a user typed (`TCVN3`, `VNI`, `Auto`)."""
    name = (source or "auto").strip().lower().replace("-", "").replace("_", "")
    if name not in SOURCES:
        raise LegacyEncodingError(
            f"không biết bảng mã '{source}' (--from): chọn một trong {', '.join(SOURCES)}.")
    return name


def holds_unicode(text: str) -> bool:
    """True when `text` has a letter or mark that legacy text (read as cp1252) cannot have."""
    if text.isascii() or max(text) <= "\xff":
        return False
    return any(
        c > "\xff" and c not in _CP1252_LETTERS and (c.isalpha() or unicodedata.combining(c))
        for c in text
    )


def is_candidate(text: str) -> bool:
    """Worth guessing an encoding for: has text, and nothing that proves it Unicode."""
    return bool(text) and not holds_unicode(text)


class Decoder:
    """Turns pieces of text into NFC Unicode under one `--from` choice."""

    def __init__(self, source: str = "auto"):
        self.source = source_name(source)

    def guess(self, texts) -> str | None:
        """The encoding for pieces without a legacy font, judged over all of `texts` together."""
        if self.source != "auto":
            return self.source
        sample = " ".join(t for t in texts if is_candidate(t))
        return detect(sample) if sample else None

    def decode(self, text: str | None, font: str | None = None, guess: str | None = None) -> str | None:
        """`text` as NFC Unicode: by its font's encoding, else by `guess` (from `guess()`)."""
        if not text:
            return text
        if holds_unicode(text):
            return nfc(text)
        legacy = font_encoding(font)
        encoding = legacy[0] if legacy else guess
        if encoding is None:
            return nfc(text)
        return nfc(to_unicode(text, encoding, font=font))

    def decode_pieces(self, pieces: list[tuple[str | None, str | None]]) -> list[str | None]:
        """Decode the (text, font) pieces of one paragraph or cell, guessing over them together.

        Pieces without a legacy font that follow each other are read as one stretch of text
        (Word splits runs mid-word); a Unicode or legacy-font piece in between ends a stretch.
        """
        stretches, current = [], []
        for text, font in pieces:
            if not text:
                continue
            if font_encoding(font) is None and is_candidate(text):
                current.append(text)
            else:
                stretches.append("".join(current))
                current = []
        stretches.append("".join(current))
        guess = self.guess(stretches)
        return [self.decode(text, font, guess) for text, font in pieces]

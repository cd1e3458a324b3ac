"""Fonts that make a PDF's text layer unreadable or encoded the pre-Unicode way.

Glyphs of an embedded font without a ToUnicode map come out as `(cid:NN)`, U+FFFD or
private-use characters (`unreadable_text`: such a page goes to OCR). Text typed in TCVN3 or
VNI fonts is decoded from the font name where it survives (`.VnTime` → TCVN3, `VNI-Times` →
VNI), else by `toolkit.vn.legacy.detect` on the page.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

from ..vn import legacy
from ..vn.text import nfc
from .blocks import Block, Line, Table


BAD_CHAR_SHARE = 0.10  # Vietnamese text missing one letter in ten is unreadable already
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_TCVN3_FONT = re.compile(r"^[._]?vn(?!i)[a-z]", re.IGNORECASE)


# Every character `_is_bad` may find (control Cc, surrogate Cs, private use Co, U+FFFD) and more.
_MAYBE_BAD = re.compile(r"\(cid:|[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")


def _is_bad(text: str) -> bool:
    if text.startswith("(cid:"):
        return True
    for char in text:
        if char == "\ufffd" or unicodedata.category(char) in ("Co", "Cc", "Cs"):
            return True
    return False


def unreadable_text(texts: Iterable[str]) -> bool:
    """True when a page's glyph texts are too often meaningless to read.

    pdfminer gives `(cid:NN)` for a glyph of an embedded font without a ToUnicode map, and
    such fonts also show up as U+FFFD, private-use or control characters. A tenth of them
    already makes Vietnamese text unreadable: they are usually the letters with diacritics.
    """
    texts = [text for text in texts if text.strip()]
    if not texts or not _MAYBE_BAD.search("".join(texts)):  # the usual page, in one pass
        return False
    return sum(map(_is_bad, texts)) >= BAD_CHAR_SHARE * len(texts)


class FontDecoder:
    """Joins (text, font) pieces, decoding runs in a legacy Vietnamese font (`.VnTime`, `VNI-*`)."""

    def __init__(self, chars: list[dict[str, Any]]):
        self.fonts: dict[str, tuple[str, bool] | None] = {}
        for name in {c["fontname"] for c in chars}:
            self.fonts[name] = legacy.font_encoding(_legacy_font_name(name))
        self.any_legacy = any(self.fonts.values())
        self.encoding: str | None = None

    def __call__(self, pieces: list[tuple[str, str]]) -> str:
        if not self.any_legacy:
            return "".join(text for text, _ in pieces)
        out: list[str] = []
        run: list[str] = []
        run_font: str | None = None
        for text, font in pieces:
            if font and font != run_font and run:
                out.append(self._decode("".join(run), run_font))
                run = []
            if font:
                run_font = font
            run.append(text)
        if run:
            out.append(self._decode("".join(run), run_font))
        return "".join(out)

    def _decode(self, text: str, font: str | None) -> str:
        hint = self.fonts.get(font or "")
        if not hint:
            return text
        decoded = legacy.to_unicode(text, font=_legacy_font_name(font or ""))
        if decoded != text:
            self.encoding = self.encoding or hint[0]
        return decoded


def _legacy_font_name(fontname: str) -> str:
    """The font name `legacy.font_encoding` knows: no subset tag, TCVN3 fonts as `.VnTimeH`.

    PDF writers drop the leading dot (`VnTime`, `_VnTime`) and append the style
    (`.VnTimeH,Bold`, `VnTime-Italic`), which would hide the `H` of the capitals fonts.
    """
    name = _SUBSET_PREFIX.sub("", fontname)
    if _TCVN3_FONT.match(name):
        return "." + re.split(r"[,-]", name.lstrip("._"))[0]
    return name


def decode_detected(blocks: list[Block]) -> str | None:
    """Legacy text whose font name is lost (`F1`, `TT2`): decoded when `detect` is sure."""
    texts = [b.text for b in blocks if isinstance(b, Line)]
    texts += [c.text for b in blocks if isinstance(b, Table) for row in b.rows for c in row]
    encoding = legacy.detect("\n".join(texts))
    if encoding is None:
        return None
    for block in blocks:
        if isinstance(block, Line):
            block.text = nfc(legacy.to_unicode(block.text, encoding))
        else:
            for row in block.rows:
                for cell in row:
                    cell.text = nfc(legacy.to_unicode(cell.text, encoding))
    return encoding

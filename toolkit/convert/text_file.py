"""Plain text files (.txt, .csv) in a legacy encoding, or decomposed Unicode, → UTF-8 NFC.

Old Windows and DOS editors saved the font's bytes: one byte a character, TCVN3 or VNI (the
`.Vn*` / `VNI-*` font drew the Vietnamese letter), or plain ASCII VIQR (`Vie^.t Nam`). Newer
files are UTF-8 or UTF-16, sometimes with decomposed (NFD) letters pasted from PDFs or macOS.
The bytes are read as, in order: a BOM's encoding (UTF-8, UTF-16, UTF-32); UTF-16 without a
BOM when most of every other byte is NUL (no text file has NULs); UTF-8 if they are valid
UTF-8; otherwise one byte a character,
a legacy encoding when `--from` says so or `detect` recognises it, else Windows-1258 if that
reads as Vietnamese, else Windows-1252.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import ThiduaError
from ..vn.legacy import decode_bytes, detect
from ..vn.text import nfc
from .decoding import Change, Decoder, holds_unicode

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# The characters cp1252 gives bytes 0x80–0x9F; the five it leaves undefined stay Latin-1.
_CP1252_C1 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


@dataclass
class TextFile:
    text: str
    bom: bool  # the file started with a byte-order mark
    encoding: str | None  # the legacy encoding its bytes were in, if any


def read_text(data: bytes, decoder: Decoder, name: str) -> TextFile:
    """A text file's bytes → its text, legacy single-byte encodings already decoded."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return TextFile(data.decode(codec), True, None)
            except UnicodeDecodeError as exc:
                raise ThiduaError(f"tệp bắt đầu bằng dấu BOM của {codec} nhưng byte {exc.start} không hợp lệ "
                                  f"({exc.reason}); hãy mở và lưu lại tệp bằng một trình soạn thảo.",
                                  file=name) from None
    utf16 = _utf16_without_bom(data)  # before UTF-8: ASCII in UTF-16 is valid UTF-8 too
    if utf16 is not None:
        return TextFile(utf16, False, None)
    try:
        return TextFile(data.decode("utf-8"), False, None)
    except UnicodeDecodeError:
        pass
    latin1 = data.decode("latin-1")
    encoding = decoder.source if decoder.source != "auto" else detect(latin1)
    if encoding:
        # Line by line so that a line never borrows a VNI mark from the next one.
        lines = [decode_bytes(line, encoding) for line in data.split(b"\n")]
        return TextFile("\n".join(lines), False, encoding)
    try:
        vietnamese = nfc(data.decode("cp1258"))
        if holds_unicode(vietnamese):
            return TextFile(vietnamese, False, None)
    except UnicodeDecodeError:
        pass
    return TextFile(latin1.translate(_CP1252_C1), False, None)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: Vietnamese and ASCII put a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) >= 0.4 * len(zeros):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def convert_text(data: bytes, name: str, decoder: Decoder) -> tuple[str, bool, list[Change]]:
    """(the converted text, whether the input had a BOM, the changed lines)."""
    source = read_text(data, decoder, name)
    lines = source.text.split("\n")
    if source.encoding:
        converted = [nfc(line) for line in lines]
        original = data.split(b"\n")
        before = [line.decode("latin-1").translate(_CP1252_C1) for line in original]
    else:
        guess = decoder.guess(lines)
        converted = [decoder.decode(line, guess=guess) for line in lines]
        before = lines
    changes = [
        Change(f"tệp {name}, dòng {number}", old.rstrip("\r"), new.rstrip("\r"))
        for number, (old, new) in enumerate(zip(before, converted), start=1)
        if old != new
    ]
    return "\n".join(converted), source.bom, changes

"""A .docx package read once and written many times.

A .docx is a zip of XML parts. A batch changes only the parts that hold template tags
(document, headers, footers, notes); every other part (styles, fonts, numbering, media) is
kept as its compressed bytes and copied into each output without being inflated or deflated
again. That, and never re-opening the template, is where the batch speed comes from.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ThiduaError
from ..safety import check_zip

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DOS_TIME, _DOS_DATE = 0, (2025 - 1980) << 9 | 1 << 5 | 1  # fixed stamp: outputs are reproducible


@dataclass(frozen=True)
class Entry:
    """One part as stored in the zip: compressed bytes plus what the headers need."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes  # compressed with `method`


def read_package(path: str | Path) -> tuple[list[str], dict[str, Entry]]:
    """The part names in zip order and each part's raw entry, after the zip-bomb checks."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            check_zip(infos, str(path))
            fp = zf.fp
            entries = {}
            for info in infos:
                if info.is_dir():
                    continue
                fp.seek(info.header_offset)
                head = fp.read(_LOCAL.size)
                name_len, extra_len = struct.unpack("<HH", head[26:30])
                fp.seek(info.header_offset + _LOCAL.size + name_len + extra_len)
                data = fp.read(info.compress_size)
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    data = zlib_deflate(zf.read(info))
                    entries[info.filename] = Entry(info.filename, zipfile.ZIP_DEFLATED, info.CRC, info.file_size, data)
                else:
                    entries[info.filename] = Entry(info.filename, info.compress_type, info.CRC, info.file_size, data)
    except (zipfile.BadZipFile, OSError, EOFError, struct.error, zlib.error):
        from ..readers.office import sniff, wrong_kind  # says what the file really is

        raise wrong_kind(Path(path), sniff(Path(path)), "docx") from None
    if "word/document.xml" not in entries:
        raise ThiduaError("tệp không phải văn bản Word .docx (thiếu word/document.xml).", file=str(path))
    for entry in entries.values():
        _check_entry(entry, path)
    return [i.filename for i in infos if not i.is_dir()], entries


def _check_entry(entry: Entry, path) -> None:
    """Parts are copied into every output as they are stored, so a damaged one is caught here,
    once, rather than in every document written (sizes were checked by `check_zip`)."""
    try:
        data = inflate(entry)
    except zlib.error:
        data = None
    if data is None or zlib.crc32(data) != entry.crc or len(data) != entry.size:
        raise ThiduaError(f"tệp mẫu bị hỏng (phần {entry.name} không giải nén được); hãy mở bằng Word hoặc "
                          "LibreOffice, lưu lại dạng .docx rồi dùng lại.", file=str(path))


def zlib_deflate(data: bytes, level: int = 6) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def make_entry(name: str, data: bytes, level: int = 6) -> Entry:
    return Entry(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), zlib_deflate(data, level))


def write_zip(entries: list[Entry]) -> bytes:
    """A zip file holding `entries` as they are (no recompression)."""
    out = io.BytesIO()
    central = []
    for e in entries:
        name = e.name.encode("utf-8")
        offset = out.tell()
        out.write(_LOCAL.pack(0x04034B50, 20, 0x800, e.method, _DOS_TIME, _DOS_DATE,
                              e.crc, len(e.data), e.size, len(name), 0))
        out.write(name)
        out.write(e.data)
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, 0x800, e.method, _DOS_TIME, _DOS_DATE,
                                     e.crc, len(e.data), e.size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    for c in central:
        out.write(c)
    out.write(_END.pack(0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def inflate(entry: Entry) -> bytes:
    if entry.method == zipfile.ZIP_STORED:
        return entry.data
    return zlib.decompress(entry.data, -15)

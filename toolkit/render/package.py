"""A .docx package read once and written many times.

A .docx is a zip of XML parts. A batch changes only the parts that hold template tags
(document, headers, footers, notes); every other part (styles, fonts, numbering, media) is
kept as its compressed bytes and copied into each output without being inflated or deflated
again. That, and never re-opening the template, is where the batch speed comes from.
"""
from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import ThiduaError
from ..safety import HOSTILE_XML, check_zip

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
    except (zipfile.BadZipFile, OSError, EOFError, struct.error, zlib.error, NotImplementedError):
        from ..readers.office import sniff, wrong_kind  # says what the file really is

        raise wrong_kind(Path(path), sniff(Path(path)), "docx") from None
    if "word/document.xml" not in entries:
        raise ThiduaError("tệp không phải văn bản Word .docx (thiếu word/document.xml).", file=str(path))
    for required in ("[Content_Types].xml", "_rels/.rels"):  # every package has them ([OPC] 9, 10)
        if required not in entries:
            raise _damaged(path, f"thiếu phần {required}")
    _check_package(entries, path)
    return [i.filename for i in infos if not i.is_dir()], entries


_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _check_package(entries: dict[str, Entry], path) -> None:
    """A template is copied into every document it makes, so its damage is caught here, once:
    every part inflates to its checksum, every XML part parses (without a DTD: see
    `safety.HOSTILE_XML`), every internal relationship points at a part that is there (Word
    and python-docx refuse a document whose relationships dangle)."""
    for entry in entries.values():
        data = _inflated(entry, path)
        if entry.name.endswith((".xml", ".rels")):
            root = _xml(entry.name, data, path)
            if entry.name.endswith(".rels"):
                _check_targets(entry.name, root, entries, path)


def _inflated(entry: Entry, path) -> bytes:
    try:
        data = inflate(entry)
    except zlib.error:
        data = None
    if data is None or zlib.crc32(data) != entry.crc or len(data) != entry.size:
        raise _damaged(path, f"phần {entry.name} không giải nén được")
    return data


def _xml(name: str, data: bytes, path):
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise ThiduaError(HOSTILE_XML, file=str(path))
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _damaged(path, f"phần {name} không phải XML hợp lệ (dòng {exc.lineno})") from None


def _check_targets(rels: str, root, entries: dict[str, Entry], path) -> None:
    folder = posixpath.dirname(posixpath.dirname(rels))  # `word/_rels/document.xml.rels` → `word`
    for rel in root:
        target = rel.get("Target")
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if name not in entries:
            raise _damaged(path, f"phần {name} mà {rels} nhắc tới không có trong tệp")


def _damaged(path, what: str) -> ThiduaError:
    return ThiduaError(f"tệp mẫu bị hỏng ({what}); hãy mở bằng Word hoặc LibreOffice, lưu lại dạng .docx "
                       "rồi dùng lại.", file=str(path))


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

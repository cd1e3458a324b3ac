"""OOXML packages read whole and written back with some parts replaced.

Two ways, for two jobs:

- `read_package` keeps every part as its compressed bytes (`Entry`): a template is read once
  and its unchanged parts (styles, fonts, numbering, media) are copied into each generated
  document without being inflated or deflated again (`write_zip`). That, and never
  re-opening the template, is where the batch speed comes from.
- `Package` inflates every part of a .docx/.xlsx for a conversion that rewrites a handful of
  them; whatever the converter does not understand (images, charts, macros, custom XML) is
  copied unchanged.

Both check for zip bombs first and name a file that is not what it claims in Vietnamese.
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
from . import xml
from .kinds import sniff, wrong_kind, zip_kind
from .parts import ZIP_DAMAGE, relationships, rels_name

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
        raise wrong_kind(Path(path), sniff(Path(path)), "docx") from None
    if "word/document.xml" not in entries:
        raise ThiduaError("tệp không phải văn bản Word .docx (thiếu word/document.xml).", file=str(path))
    for required in ("[Content_Types].xml", "_rels/.rels"):  # every package has them ([OPC] 9, 10)
        if required not in entries:
            raise _damaged(path, f"thiếu phần {required}")
    _check_package(entries, path)
    return [i.filename for i in infos if not i.is_dir()], entries


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
    if xml.has_dtd(data):
        raise ThiduaError(HOSTILE_XML, file=str(path))
    try:
        return xml.parse(data)
    except etree.XMLSyntaxError as exc:
        raise _damaged(path, f"phần {name} không phải XML hợp lệ (dòng {exc.lineno})") from None


def _check_targets(rels: str, root, entries: dict[str, Entry], path) -> None:
    part = posixpath.join(posixpath.dirname(posixpath.dirname(rels)), posixpath.basename(rels)[:-5])
    for _, _, name in relationships(root, part):
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


_WANT = {"Word": "docx", "Excel": "xlsx"}


class Package:
    """The parts of one zip package, read once; `write` copies it with some parts replaced."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        self.kind = kind  # "Word" or "Excel", for messages
        try:
            with zipfile.ZipFile(path) as zf:
                self.infos = zf.infolist()
                check_zip(self.infos, path.name)
                found = zip_kind(zf)  # a workbook renamed .docx is named for what it is
                if found != _WANT[kind]:
                    raise wrong_kind(path, found, _WANT[kind])
                self.data = {info.filename: zf.read(info) for info in self.infos if not info.is_dir()}
        except ThiduaError:
            raise
        except (zipfile.LargeZipFile, OSError, *ZIP_DAMAGE):
            raise wrong_kind(path, sniff(path), _WANT[kind]) from None

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def xml(self, name: str) -> etree._Element:
        """The part parsed safely; a broken part is the user's problem, named in the message."""
        if xml.has_dtd(self.data[name]):
            raise ThiduaError(HOSTILE_XML, file=self.path.name)
        try:
            return xml.parse(self.data[name])
        except etree.XMLSyntaxError as exc:
            raise ThiduaError(f"phần {name} trong tệp bị hỏng (XML không hợp lệ ở dòng {exc.lineno}); hãy mở "
                              f"bằng {self.kind} hoặc LibreOffice, lưu lại rồi chuyển lại.",
                              file=self.path.name) from None

    def main_part(self) -> str | None:
        """The officeDocument part named by `_rels/.rels` (`word/document.xml`, `xl/workbook.xml`)."""
        return next((target for _, rel_type, target in self.relationships("")
                     if rel_type.endswith("/officeDocument")), None)

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part name) of each internal relationship of `part` ("" = the package)."""
        name = rels_name(part)
        return relationships(self.xml(name), part) if name in self.data else []

    def write(self, out: Path, replaced: dict[str, bytes]) -> None:
        """Write the package to `out` (a temporary path), in the original order, with `replaced` parts."""
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in self.infos:
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.compress_type = zipfile.ZIP_STORED if info.is_dir() else zipfile.ZIP_DEFLATED
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                data = b"" if info.is_dir() else replaced.get(info.filename, self.data[info.filename])
                zf.writestr(copy, data)

"""An Office Open XML package (.docx, .xlsx) read as parts and written back with a few replaced.

A .docx or .xlsx is a zip of XML parts tied together by relationship parts (`_rels/*.rels`):
the package's `_rels/.rels` names the main part (`word/document.xml`, `xl/workbook.xml`), and
the main part's own `.rels` names its headers, footers, notes, sheets, shared strings and
styles. Conversions change a handful of those parts; every other part is copied unchanged, so
whatever the converter does not understand (images, charts, macros, custom XML) survives.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ..errors import ThiduaError
from ..safety import HOSTILE_XML, check_zip

# Untrusted XML: no entities, no DTD, no network, lxml's default size limits.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


_WANT = {"Word": "docx", "Excel": "xlsx"}


def _check_kind(zf: zipfile.ZipFile, path: Path, kind: str) -> None:
    """A workbook renamed .docx (or the reverse) is named for what it is, not half converted."""
    from ..readers.office import wrong_kind, zip_kind

    found = zip_kind(zf)
    if found != _WANT[kind]:
        raise wrong_kind(path, found, _WANT[kind])


class Package:
    """The parts of one zip package, read once; `write` copies it with some parts replaced."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        self.kind = kind  # "Word" or "Excel", for messages
        try:
            with zipfile.ZipFile(path) as zf:
                self.infos = zf.infolist()
                check_zip(self.infos, path.name)
                _check_kind(zf, path, kind)
                self.data = {info.filename: zf.read(info) for info in self.infos if not info.is_dir()}
        except ThiduaError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, zlib.error):
            from ..readers.office import sniff, wrong_kind  # says what the file really is

            raise wrong_kind(path, sniff(path), _WANT[kind]) from None

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def xml(self, name: str) -> etree._Element:
        """The part parsed safely; a broken part is the user's problem, named in the message."""
        head = self.data[name][:4096]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise ThiduaError(HOSTILE_XML, file=self.path.name)
        try:
            return etree.fromstring(self.data[name], _PARSER)
        except etree.XMLSyntaxError as exc:
            raise ThiduaError(f"phần {name} trong tệp bị hỏng (XML không hợp lệ ở dòng {exc.lineno}); hãy mở "
                              f"bằng {self.kind} hoặc LibreOffice, lưu lại rồi chuyển lại.",
                              file=self.path.name) from None

    def main_part(self) -> str | None:
        """The officeDocument part named by `_rels/.rels` (`word/document.xml`, `xl/workbook.xml`)."""
        for _, rel_type, target in self.relationships(""):
            if rel_type in (OFFICE_DOCUMENT, _STRICT_OFFICE_DOCUMENT):
                return target
        return None

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part name) of each internal relationship of `part` ("" = the package)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.data:
            return []
        out = []
        for rel in self.xml(rels_name).iter(f"{{{_PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External" or not rel.get("Target"):
                continue
            target = rel.get("Target")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Id", ""), rel.get("Type", ""), name))
        return out

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


def serialize(root: etree._Element) -> bytes:
    """A part's bytes with the declaration Office writes (`standalone="yes"`)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

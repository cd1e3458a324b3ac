"""The parts of an open OOXML zip, read with size limits, and the relationships between them.

A .docx or .xlsx is a zip of XML parts tied together by relationship parts (`_rels/*.rels`):
the package's `_rels/.rels` names the main part (`word/document.xml`, `xl/workbook.xml`), and
the main part's own `.rels` names its headers, footers, notes, sheets, shared strings and
styles. Everything here reads a `zipfile.ZipFile` and says nothing about what a missing or
broken part means: that is the caller's to say.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib

from lxml import etree

from . import xml

# What zipfile and zlib raise for a part that is cut, fails its checksum or uses an
# unknown compression: damage to the file, never a bug of ours.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)

SMALL_PART = 4 * 1024 * 1024  # [Content_Types].xml, rels, workbook.xml, styles.xml: kB in practice
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def read_part(zf: zipfile.ZipFile, name: str | None, limit: int = SMALL_PART) -> bytes | None:
    """A part's bytes, or None when it is missing or larger than `limit`; a damaged part
    raises one of `ZIP_DAMAGE` (the caller says what that means for its file)."""
    try:
        info = zf.getinfo(name) if name else None
    except KeyError:
        return None
    if info is None or info.file_size > limit:
        return None
    with zf.open(info) as f:
        data = f.read(limit + 1)
    return data if len(data) <= limit else None


def read_xml(zf: zipfile.ZipFile, name: str | None, limit: int = SMALL_PART):
    """A small part parsed safely (`xml.PARSER`), or None when missing, too big or not XML."""
    data = read_part(zf, name, limit)
    if data is None:
        return None
    try:
        return xml.parse(data)
    except etree.XMLSyntaxError:
        return None


def rels_name(part: str) -> str:
    """The relationship part of `part` (`word/document.xml` → `word/_rels/document.xml.rels`)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def relationships(root, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of the internal relationships in the parsed `.rels` of `part`
    (`""` is the package); targets are resolved to part names ([OPC] 9.3)."""
    folder = posixpath.dirname(part)
    out = []
    for rel in root.iter() if root is not None else ():
        if xml.local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        if not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id") or "", rel.get("Type") or "", name))
    return out


def part_rels(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """`relationships` of a part of an open zip."""
    return relationships(read_xml(zf, rels_name(part)), part)


def main_part(zf: zipfile.ZipFile, fallback: str) -> str:
    """The package's main document part (`word/document.xml`, `xl/workbook.xml` …)."""
    names = set(zf.namelist())
    return next((name for _, rtype, name in part_rels(zf, "")
                 if rtype.endswith("/officeDocument") and name in names), fallback)

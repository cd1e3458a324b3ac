"""XML from files we did not write, parsed one safe way.

Every XML part of an untrusted .docx/.xlsx goes through `PARSER` (or `iterparse` for parts
streamed row by row): no entity expansion, no DTD, no network, lxml's default size limits.
Office programs never write a DTD into a package part, so a part that declares one was built
to expand into gigabytes (billion laughs) or to pull in another file (XXE); `declares_dtd`
lets a reader name that instead of calling the file merely damaged.
"""
from __future__ import annotations

import zipfile
import zlib
from typing import IO

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ITERPARSE_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse(data: bytes):
    """A part's root element; raises `etree.XMLSyntaxError` when it is not well-formed XML."""
    return etree.fromstring(data, PARSER)


def iterparse(source: IO[bytes], **options):
    """`etree.iterparse` with the same protections as `PARSER`, for parts read as a stream."""
    return etree.iterparse(source, **options, **_ITERPARSE_OPTIONS)


def has_dtd(data: bytes) -> bool:
    """Whether the start of a part declares a DTD or entities (see `safety.HOSTILE_XML`)."""
    head = data[:4096]
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def declares_dtd(zf: zipfile.ZipFile, name: str | None) -> bool:
    """`has_dtd` for a part of an open package; False when the part cannot be read."""
    if not name:
        return False
    try:
        with zf.open(name) as f:
            head = f.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return False
    return has_dtd(head)


def local(tag) -> str:
    """An element's name without its namespace (`w:p` → `p`); "" for comments."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attr(el, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (`w:val`, `r:id`, strict OOXML)."""
    value = el.get(name)
    if value is not None:
        return value
    for key, value in el.attrib.items():
        if key.endswith("}" + name):
            return value
    return None


def serialize(root) -> bytes:
    """A part's bytes with the declaration Office writes (`standalone="yes"`)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

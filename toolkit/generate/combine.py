"""Many rendered documents as one .docx, each starting on a new page.

Documents from one template share styles, numbering and headers, so combining is
concatenating their bodies: every document keeps its own section (page size, margins, the
"no number on the first page" rule) with page numbers restarting at 1, and lists that use
Word numbering restart too. The body is compressed as it grows, so 10,000 documents cost
their compressed size in memory, not their XML.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from typing import Iterable, Mapping

from ..office.package import Entry, make_entry
from .engine import _DOCPR_ID, Template
from .objects import Media

_BODY_OPEN = re.compile(r"<w:body>|<w:body [^>]*>")
_NUM_ID = re.compile(r'(<w:numId w:val=")(\d+)(")')
# CT_SectPr children that come after w:pgNumType (ECMA-376 §17.6.17).
_AFTER_PGNUM = re.compile(r"<w:(cols|formProt|vAlign|noEndnote|titlePg|textDirection|bidi|rtlGutter|docGrid"
                          r"|printerSettings|sectPrChange)\b")
_PGNUMTYPE = re.compile(r"<w:pgNumType\b[^>]*?(/>|>.*?</w:pgNumType>)", re.S)


class Combiner:
    """Feed rendered documents one by one; `finish` returns the .docx bytes."""

    def __init__(self, template: Template):
        self.template = template
        self.compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.chunks: list[bytes] = []
        self.crc = 0
        self.size = 0
        self.count = 0
        self.tail = ""  # the final sectPr and closing tags, from the last document
        self.pending_sectpr = ""
        self.numbering = _Numbering(template) if "word/numbering.xml" in template.static else None
        self.media = Media(template, images_from=template.images_from)  # pass to render_parts: pictures of all documents
        self.drawings = 1000  # drawing ids stay unique across documents (Word reports duplicates as damage)

    def add(self, parts: Mapping[str, str]) -> None:
        xml = parts.get("word/document.xml") or self.template.static_xml("word/document.xml")
        opening = _BODY_OPEN.search(xml)
        head, body = xml[: opening.end()], xml[opening.end():]
        end = body.rfind("<w:sectPr")
        content, sectpr = body[:end], body[end:body.rindex("</w:body>")]
        sectpr = restart_page_numbers(sectpr)
        if self.count == 0:
            self._feed(head)
        else:
            self._feed(f"<w:p><w:pPr>{self.pending_sectpr}</w:pPr></w:p>")
            if self.numbering:
                content = self.numbering.restart(content)
        if "<wp:docPr" in content:
            content = _DOCPR_ID.sub(self._next_drawing, content)
        self._feed(content)
        self.pending_sectpr = sectpr
        self.tail = sectpr + "</w:body></w:document>"
        self.count += 1

    def _next_drawing(self, m: re.Match) -> str:
        self.drawings += 1
        return f"{m.group(1)}{self.drawings}{m.group(2)}"

    def finish(self) -> bytes:
        self._feed(self.tail)
        data = self.compressor.flush()
        self.chunks.append(data)
        changed = {"word/document.xml": Entry("word/document.xml", zipfile.ZIP_DEFLATED, self.crc,
                                               self.size, b"".join(self.chunks))}
        if self.numbering and self.numbering.added:
            changed["word/numbering.xml"] = make_entry("word/numbering.xml", self.numbering.xml().encode("utf-8"))
        changed.update(self.template.media_entries(self.media))
        return self.template.package(changed)

    def _feed(self, text: str) -> None:
        data = text.encode("utf-8")
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.chunks.append(self.compressor.compress(data))


def restart_page_numbers(sectpr: str) -> str:
    """The section properties with page numbering starting again at 1."""
    sectpr = _PGNUMTYPE.sub("", sectpr)
    after = _AFTER_PGNUM.search(sectpr)
    at = after.start() if after else sectpr.rindex("</w:sectPr>")
    return sectpr[:at] + '<w:pgNumType w:start="1"/>' + sectpr[at:]


class _Numbering:
    """Gives each later document its own copies of the list numberings it uses."""

    def __init__(self, template: Template):
        self.source = template.static_xml("word/numbering.xml")
        self.abstract = dict(re.findall(r'<w:num w:numId="(\d+)"[^>]*>\s*<w:abstractNumId w:val="(\d+)"', self.source))
        self.next_id = max((int(n) for n in self.abstract), default=0) + 1
        self.added: list[str] = []

    def restart(self, content: str) -> str:
        mapping: dict[str, str] = {}

        def swap(m: re.Match) -> str:
            old = m.group(2)
            if old not in self.abstract or old == "0":
                return m.group(0)
            if old not in mapping:
                mapping[old] = str(self.next_id)
                overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
                                    for i in range(9))
                self.added.append(f'<w:num w:numId="{self.next_id}"><w:abstractNumId w:val="{self.abstract[old]}"/>'
                                  f"{overrides}</w:num>")
                self.next_id += 1
            return m.group(1) + mapping[old] + m.group(3)

        return _NUM_ID.sub(swap, content)

    def xml(self) -> str:
        end = self.source.rindex("</w:numbering>")
        return self.source[:end] + "".join(self.added) + self.source[end:]


def combine(template: Template, rendered: Iterable[Mapping[str, str]]) -> bytes:
    combiner = Combiner(template)
    for parts in rendered:
        combiner.add(parts)
    return combiner.finish()

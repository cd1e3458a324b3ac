"""Word documents (.docx) as lines and tables, in reading order.

The body of `word/document.xml` is a sequence of paragraphs (`w:p`) and tables (`w:tbl`),
possibly wrapped in content controls (`w:sdt`) or custom XML. A paragraph's text is in its
runs (`w:r`), which may sit inside hyperlinks, fields, smart tags, tracked insertions
(`w:ins`, kept) and deletions (`w:del`, dropped). The XML is streamed with lxml (entities
off, no network, as python-docx's parser) one body element at a time, so a long document
never sits in memory whole.

- A paragraph becomes one `Line` per visual line: a line break (`w:br`, `w:cr`) starts a new
  Line, so `Số: 05/BC-CĐCS` typed above the date with Shift+Enter stays apart from it. Tabs
  are spaces. Empty paragraphs give nothing. `Line.style` is `title` (style "Title"),
  `heading` (a "heading N" style or an outline level) or `bold` (every run with text bold).
- A table becomes one `Table`, one row per `w:tr`, one cell per grid column: a cell spanning
  columns (`w:gridSpan`) has its text in its first column and `""` in the others, a cell
  continuing a vertical merge (`w:vMerge` without `restart`) is `""` marked `Cell.above`, and the columns a row
  skips (`w:gridBefore`/`w:gridAfter`) are `""`, so columns line up; rows are padded to the
  widest. A cell's text is its paragraphs joined by `\\n`. A table nested in a cell is not
  part of that cell's text: it becomes its own `Table`, right after the outer one.
- Text boxes (`w:txbxContent`, in DrawingML `wps:txbx` or VML `v:textbox`) are read where
  they are anchored, after the anchoring paragraph's own text (inside a table cell, as part
  of the cell). Word writes a text box twice, as `mc:Choice` and as `mc:Fallback` for older
  readers; only one branch of an `mc:AlternateContent` is read.
- Headers, footers (page numbers, running titles, on the first page too), footnotes and
  comments are not read: they live in other parts and are never the content of a return.
- A run in a pre-Unicode font (`.VnTime`, `.VnTimeH`, `VNI-Times`) — its own `w:rFonts`, else
  its character style's, its paragraph style's (following `basedOn`), else the document
  default — is converted with `toolkit.vn.legacy.to_unicode`; consecutive runs in the same
  font are converted together (Word splits runs anywhere, even inside a VNI letter's two
  characters). Runs in other fonts are left alone: mixed documents are common.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..errors import ThiduaError
from ..safety import HOSTILE_XML
from ..vn.legacy import font_encoding, to_unicode
from ..office.identity import read_identity
from ..office.kinds import open_package
from ..office.parts import ZIP_DAMAGE, main_part, part_rels, read_xml
from ..office import xml
from ..office.xml import attr, declares_dtd, local
from .blocks import Block, Cell, Line, ReadFile, Table, clean_text

MAX_SPAN = 1000  # grid columns one cell may span; Word's own limit is 63 columns
_OFF = ("0", "false", "off")
_SKIPPED = {"del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "tblPr", "tblGrid", "trPr", "tcPr",
            "sectPr", "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd",
            "commentReference", "footnoteReference", "endnoteReference", "altChunk"}


@dataclass(frozen=True)
class _Props:
    font: str | None = None  # a font name; "" for a theme font; None when unset
    bold: bool | None = None
    name: str = ""  # style name, lower case ("heading 1", "title")
    outline: bool = False  # has an outline level: a heading


def read_docx(path: Path) -> ReadFile:
    """The body of a .docx as `Line` and `Table` blocks, in reading order."""
    path = Path(path)
    result = ReadFile(path=path, kind="docx")
    try:
        with open_package(path, "docx") as zf:
            document = main_part(zf, "word/document.xml")
            if declares_dtd(zf, document):
                raise ThiduaError(HOSTILE_XML, file=path.name)
            styles_part = next((name for _, rtype, name in part_rels(zf, document) if rtype.endswith("/styles")),
                               "word/styles.xml")
            reader = _DocumentReader(_Styles(read_xml(zf, styles_part)))
            with zf.open(document) as f:
                result.blocks = list(reader.body(f))
    except (KeyError, etree.XMLSyntaxError, ValueError, *ZIP_DAMAGE) as exc:
        raise _damaged(path) from exc
    result.legacy_encoding = reader.legacy_encoding
    result.identity = read_identity(path)
    return result


class _Styles:
    """The fonts, bold and heading levels that styles give runs and paragraphs."""

    def __init__(self, root) -> None:
        self._own: dict[str, tuple[str | None, _Props]] = {}  # id → (basedOn, own properties)
        self.default = _Props()
        self.default_paragraph: str | None = None
        self._resolved: dict[str, _Props] = {}
        if root is None:
            return
        for el in root:
            name = local(el.tag)
            if name == "docDefaults":
                rpr = _find(_find(el, "rPrDefault"), "rPr")
                self.default = _Props(font=_font(rpr), bold=_bold(rpr))
            elif name == "style":
                sid = attr(el, "styleId")
                if not sid:
                    continue
                based = _find(el, "basedOn")
                ppr, rpr = _find(el, "pPr"), _find(el, "rPr")
                style_name = _find(el, "name")
                props = _Props(font=_font(rpr), bold=_bold(rpr),
                               name=(attr(style_name, "val") or "").lower() if style_name is not None else "",
                               outline=_outline(ppr))
                self._own[sid] = (attr(based, "val") if based is not None else None, props)
                if attr(el, "type") == "paragraph" and attr(el, "default") in ("1", "true", "on"):
                    self.default_paragraph = sid

    def get(self, sid: str | None) -> _Props:
        """A style's properties with those it inherits through `basedOn` filled in."""
        if not sid or sid not in self._own:
            return _Props()
        if sid in self._resolved:
            return self._resolved[sid]
        chain, seen, current = [], set(), sid
        while current in self._own and current not in seen and len(chain) < 50:
            seen.add(current)
            based, props = self._own[current]
            chain.append(props)
            current = based
        font = next((p.font for p in chain if p.font is not None), None)
        bold = next((p.bold for p in chain if p.bold is not None), None)
        resolved = _Props(font=font, bold=bold, name=chain[0].name, outline=any(p.outline for p in chain))
        self._resolved[sid] = resolved
        return resolved


class _DocumentReader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.legacy_encoding: str | None = None

    def body(self, stream) -> Iterator[Block]:
        """Blocks of the document body, one top-level element in memory at a time."""
        depth = 0
        for event, el in xml.iterparse(stream, events=("start", "end"), remove_comments=True, remove_pis=True):
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 2:  # w:document > w:body > this element
                parent = el.getparent()
                if parent is not None and local(parent.tag) == "body":
                    yield from self.block(el)
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]

    # Block level: paragraphs, tables and what wraps them.

    def blocks(self, container) -> Iterator[Block]:
        for child in container:
            yield from self.block(child)

    def block(self, el) -> Iterator[Block]:
        name = local(el.tag)
        if name == "p":
            yield from self.paragraph(el)
        elif name == "tbl":
            yield from self.table(el)
        elif name == "AlternateContent":
            yield from self.blocks(_branch(el))
        elif name not in _SKIPPED and len(el):  # sdt, sdtContent, customXml, ins, moveTo …
            yield from self.blocks(el)

    def paragraph(self, p) -> Iterator[Block]:
        ppr = _find(p, "pPr")
        style_el = _find(ppr, "pStyle")
        style = self.styles.get(attr(style_el, "val") if style_el is not None else self.styles.default_paragraph)
        pieces: list[tuple[str, str | None, bool]] = []  # (text, font, bold)
        boxes: list = []
        self._inline(p, style, pieces, boxes)

        text = self._convert(pieces)
        kind = None
        if style.name == "title":
            kind = "title"
        elif style.name.startswith("heading") or style.outline or _outline(ppr):
            kind = "heading"
        elif any(t.strip() for t, _, _ in pieces) and all(bold for t, _, bold in pieces if t.strip()):
            kind = "bold"
        for line in clean_text(text).split("\n"):
            if line:
                yield Line(line, style=kind)
        for box in boxes:
            yield from self.blocks(box)

    def table(self, tbl) -> Iterator[Block]:
        rows: list[list[Cell]] = []
        nested: list[Block] = []
        for tr in _children(tbl, "tr"):
            trpr = _find(tr, "trPr")
            if _find(trpr, "del") is not None:  # a row deleted with track changes on
                continue
            row: list[Cell] = [Cell("") for _ in range(_count(trpr, "gridBefore"))]
            for tc in _children(tr, "tc"):
                tcpr = _find(tc, "tcPr")
                span = max(_count(tcpr, "gridSpan"), 1)
                vmerge, hmerge = _find(tcpr, "vMerge"), _find(tcpr, "hMerge")
                covered = ((vmerge is not None and attr(vmerge, "val") in (None, "continue"))
                           or (hmerge is not None and attr(hmerge, "val") in (None, "continue")))
                text = ""
                if not covered:
                    text, inner = self.cell(tc)
                    nested += inner
                continues = vmerge is not None and attr(vmerge, "val") in (None, "continue")
                row.append(Cell(text, above=continues))
                row += [Cell("") for _ in range(span - 1)]
            row += [Cell("") for _ in range(_count(trpr, "gridAfter"))]
            rows.append(row)
        width = max((len(row) for row in rows), default=0)
        for row in rows:
            row += [Cell("") for _ in range(width - len(row))]
        if rows:
            yield Table(rows=rows)
        yield from nested

    def cell(self, tc) -> tuple[str, list[Block]]:
        """A cell's text (its paragraphs, one a line) and the tables nested in it."""
        lines, tables = [], []
        for block in self.blocks(tc):
            (lines if isinstance(block, Line) else tables).append(block)
        return "\n".join(line.text for line in lines), tables

    # Run level.

    def _inline(self, el, style: _Props, pieces: list, boxes: list) -> None:
        for child in el:
            name = local(child.tag)
            if name == "r":
                self._run(child, style, pieces, boxes)
            elif name == "AlternateContent":
                self._inline(_branch(child), style, pieces, boxes)
            elif name not in _SKIPPED and len(child):  # hyperlink, ins, sdt, fldSimple, smartTag, oMath …
                self._inline(child, style, pieces, boxes)

    def _run(self, r, style: _Props, pieces: list, boxes: list) -> None:
        rpr = _find(r, "rPr")
        rstyle = _find(rpr, "rStyle")
        character = self.styles.get(attr(rstyle, "val")) if rstyle is not None else _Props()
        font = next((f for f in (_font(rpr), character.font, style.font, self.styles.default.font)
                     if f is not None), None)
        bold = next((b for b in (_bold(rpr), character.bold, style.bold, self.styles.default.bold)
                     if b is not None), False)
        parts = []
        for child in r:
            name = local(child.tag)
            if name == "t":
                parts.append(child.text or "")
            elif name in ("tab", "ptab"):
                parts.append(" ")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "sym":
                parts.append(_symbol(child))
            elif name in ("drawing", "pict", "object", "AlternateContent"):
                boxes += _text_boxes([child])
        if parts:
            pieces.append(("".join(parts), font or None, bold))

    def _convert(self, pieces: list[tuple[str, str | None, bool]]) -> str:
        """The paragraph's text, runs in a legacy font converted to Unicode, a font at a time."""
        out: list[str] = []
        i = 0
        while i < len(pieces):
            font = pieces[i][1]
            j = i
            while j < len(pieces) and pieces[j][1] == font:
                j += 1
            text = "".join(t for t, _, _ in pieces[i:j])
            found = font_encoding(font) if font else None
            if found:
                converted = to_unicode(text, font=font)
                if converted != text and self.legacy_encoding is None:
                    self.legacy_encoding = found[0]
                text = converted
            out.append(text)
            i = j
        return "".join(out)


# --- small XML helpers ---------------------------------------------------------------------------


def _find(el, name: str):
    """The first child with this local name, or None (also when `el` is None)."""
    if el is None:
        return None
    for child in el:
        if local(child.tag) == name:
            return child
    return None


def _children(el, name: str) -> Iterator:
    """Children with this local name, looking through content controls and custom XML."""
    for child in el:
        tag = local(child.tag)
        if tag == name:
            yield child
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _children(child, name)
        elif tag == "AlternateContent":
            yield from _children(_branch(child), name)


def _branch(alternate):
    """The one branch of an `mc:AlternateContent` to read: the first Choice, else the Fallback."""
    for name in ("Choice", "Fallback"):
        branch = _find(alternate, name)
        if branch is not None:
            return branch
    return ()


def _text_boxes(elements) -> list:
    """The `w:txbxContent` elements in and under `elements`, one branch of each alternative only."""
    found = []
    for child in elements:
        name = local(child.tag)
        if name == "txbxContent":
            found.append(child)
        elif name == "AlternateContent":
            found += _text_boxes(_branch(child))
        elif len(child):
            found += _text_boxes(child)
    return found


def _font(rpr) -> str | None:
    """The Latin-text font an `rPr` sets: a name, "" for a theme font, None when it sets none.

    Legacy fonts' letters are in the high-ANSI range (0x80–0xFF), drawn with `w:hAnsi`; a
    legacy name in either attribute counts."""
    fonts = _find(rpr, "rFonts")
    if fonts is None:
        return None
    names = [attr(fonts, "hAnsi"), attr(fonts, "ascii")]
    legacy = next((n for n in names if n and font_encoding(n)), None)
    if legacy:
        return legacy
    if attr(fonts, "hAnsiTheme") or attr(fonts, "asciiTheme"):
        return ""
    return next((n for n in names if n), None)


def _bold(rpr) -> bool | None:
    b = _find(rpr, "b")
    if b is None:
        return None
    return (attr(b, "val") or "true").lower() not in _OFF


def _outline(ppr) -> bool:
    level = _find(ppr, "outlineLvl")
    value = attr(level, "val") if level is not None else None
    return value is not None and value.isdigit() and int(value) < 9  # 9 means body text


def _count(pr, name: str) -> int:
    el = _find(pr, name)
    value = attr(el, "val") if el is not None else None
    return min(int(value), MAX_SPAN) if value and value.isdigit() else (1 if name == "gridSpan" else 0)


def _symbol(sym) -> str:
    """A `w:sym` character; symbol-font glyphs (private use area) have no text."""
    try:
        code = int(attr(sym, "char") or "", 16)
    except ValueError:
        return ""
    return "" if 0xE000 <= code <= 0xF8FF or code > 0x10FFFF else chr(code)


def _damaged(path: Path) -> ThiduaError:
    return ThiduaError("tệp Word bị hỏng, không đọc được; hãy mở bằng Word hoặc LibreOffice, "
                       "lưu lại dạng .docx rồi gửi lại.", file=path.name)

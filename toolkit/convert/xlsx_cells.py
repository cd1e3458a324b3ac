"""Excel cells typed in legacy fonts → Unicode, edited in the workbook's XML parts.

In SpreadsheetML a text cell (`<c t="s">`) holds an index into the shared strings part
(`xl/sharedStrings.xml`: one `<si>` per distinct string, plain `<t>` or rich-text runs `<r>`
with their own `<rPr><rFont val=…/>`); an inline string cell (`t="inlineStr"`) holds its `<is>`
itself. A cell's font is `styles.xml`: its `s` attribute indexes `<cellXfs>`, whose `fontId`
indexes `<fonts>`. So a cell's text is decoded by the cell font (a rich-text run by its own
font when it has one), else by `--from`, else by what `detect` recognises in that cell.

One shared string may be used by a `.VnTime` cell and a Calibri cell; when cells sharing it
need different results, the converted text is added as a new `<si>` and only those cells point
to it. Legacy fonts in `<fonts>` (and in differential formats) are renamed Times New Roman in
place, so size, bold, italic, colour, fills, borders and number formats stay as they were.

Only the sheets that change, the shared strings and styles.xml are rewritten, and in them only
text and font names; merged cells, data validation, conditional formats, column widths stay as
written, and every other part (charts, images, drawings, comments, macros) is copied unchanged.
Not converted: formula text and cached formula results, sheet and defined names, comments,
text in charts and shapes, and print headers/footers.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree
from openpyxl.utils import get_column_letter

from ..errors import ThiduaError
from ..office.package import Package
from ..office.xml import serialize
from ..vn.legacy import font_encoding
from ..vn.text import nfc
from .decoding import Change, Decoder

UNICODE_FONT = "Times New Roman"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_R_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_REF = re.compile(r"([A-Z]+)(\d+)")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _names(namespace: str):
    """Qualified tag names in the workbook's namespace (transitional or strict): q("si")."""
    return lambda local: f"{{{namespace}}}{local}"


class CellFonts:
    """styles.xml reduced to each cell format's font name."""

    def __init__(self, root: etree._Element | None, q):
        self.root, self.q = root, q
        self.fonts: list[etree._Element] = []
        self.names: list[str | None] = []
        self.xf_font: list[int] = []
        if root is None:
            return
        fonts = root.find(q("fonts"))
        self.fonts = list(fonts.iterchildren(q("font"))) if fonts is not None else []
        cell_xfs = root.find(q("cellXfs"))
        if cell_xfs is not None:
            self.xf_font = [int(xf.get("fontId", 0) or 0) for xf in cell_xfs.iterchildren(q("xf"))]
        self.names = [_font_name(font, q) for font in self.fonts]

    def font_of(self, style_index: int) -> str | None:
        font_id = self.xf_font[style_index] if style_index < len(self.xf_font) else 0
        return self.names[font_id] if font_id < len(self.names) else None

    def switch_legacy_fonts(self) -> bool:
        """Rename every legacy font (cell fonts and differential formats); True if any was."""
        if self.root is None:
            return False
        switched = False
        for font in self.root.iter(self.q("font")):
            if font_encoding(_font_name(font, self.q)):
                _rename(font, self.q("name"), self.q)
                switched = True
        return switched


def _font_name(font: etree._Element, q) -> str | None:
    name = font.find(q("name"))
    return name.get("val") if name is not None else None


def _rename(font_or_rpr: etree._Element, tag: str, q) -> None:
    """Times New Roman, dropping the theme scheme and the charset chosen for the old font."""
    name = font_or_rpr.find(tag)
    name.set("val", UNICODE_FONT)
    for stale in (q("scheme"), q("charset")):
        for element in font_or_rpr.findall(stale):
            font_or_rpr.remove(element)


def _plain_text(string: etree._Element, q) -> str:
    """What a person sees in the cell: `<t>` or the runs' `<t>`, not phonetic `<rPh>` hints."""
    direct = string.find(q("t"))
    if direct is not None:
        return direct.text or ""
    return "".join(t.text or "" for r in string.iterchildren(q("r")) for t in r.iterchildren(q("t")))


def _converted(string: etree._Element, cell_font: str | None, decoder: Decoder, q) -> etree._Element:
    """A converted copy of an `<si>` / `<is>` for a cell in `cell_font`."""
    string = copy.deepcopy(string)
    direct = string.find(q("t"))
    if direct is not None:
        direct.text = decoder.decode_pieces([(direct.text, cell_font)])[0]
        return string
    pieces, texts = [], []
    for run in string.iterchildren(q("r")):
        rpr = run.find(q("rPr"))
        own = rpr.find(q("rFont")) if rpr is not None else None
        font = own.get("val") if own is not None else cell_font
        if own is not None and font_encoding(font):
            _rename(rpr, q("rFont"), q)
        for t in run.iterchildren(q("t")):
            pieces.append((t.text, font))
            texts.append(t)
    for t, new in zip(texts, decoder.decode_pieces(pieces)):
        t.text = new
    return string


def _normalize(string: etree._Element, q) -> bool:
    changed = False
    for t in string.iter(q("t")):
        if t.text and nfc(t.text) != t.text:
            t.text = nfc(t.text)
            changed = True
    return changed


def convert_xlsx(path: Path, decoder: Decoder) -> tuple[Package, dict[str, bytes], list[Change]]:
    """(the package, the parts to replace with their new bytes, the changed cells in sheet order)."""
    package = Package(path, "Excel")
    main = package.main_part() or "xl/workbook.xml"
    if main not in package:
        raise ThiduaError("tệp không phải bảng tính Excel .xlsx (thiếu xl/workbook.xml).", file=path.name)
    workbook = package.xml(main)
    q = _names(etree.QName(workbook).namespace)
    targets, by_type = {}, {}
    for rel_id, rel_type, target in package.relationships(main):
        targets[rel_id] = target
        by_type.setdefault(rel_type.rsplit("/", 1)[-1], target)
    styles_name = by_type.get("styles")
    styles_root = package.xml(styles_name) if styles_name in package else None
    fonts = CellFonts(styles_root, q)
    shared = SharedStrings(package, by_type.get("sharedStrings"), q)

    changed_sheets: dict[str, etree._Element] = {}
    listing: list = []  # a Change, or (where, string index, font key) resolved once strings are done
    for sheet in workbook.iter(q("sheet")):
        part = targets.get(sheet.get(_R_ID) or sheet.get(_STRICT_R_ID))
        if part not in package:
            continue
        root = package.xml(part)
        where = f"tệp {path.name}, trang tính '{sheet.get('name')}'"
        for cell, ref in _text_cells(root, q):
            cell_font = fonts.font_of(int(cell.get("s", 0) or 0))
            if cell.get("t") == "inlineStr":
                inline = cell.find(q("is"))
                if inline is None:
                    continue
                new = _converted(inline, cell_font, decoder, q)
                if etree.tostring(new) != etree.tostring(inline):
                    cell.replace(inline, new)
                    changed_sheets[part] = root
                before, after = _plain_text(inline, q), _plain_text(new, q)
                if before != after:
                    listing.append(Change(f"{where}, ô {ref}", before, after))
            else:
                index = shared.use(cell, cell_font, part, root)
                if index is not None:
                    listing.append((f"{where}, ô {ref}", index, font_encoding(cell_font)))

    for part, root in shared.convert(decoder).items():
        changed_sheets[part] = root
    changes = []
    for item in listing:
        if isinstance(item, tuple):
            where, index, key = item
            before, after = shared.before(index), shared.after(index, key)
            item = Change(where, before, after) if before != after else None
        if item is not None:
            changes.append(item)

    replaced = {part: serialize(root) for part, root in changed_sheets.items()}
    if shared.finish():
        replaced[shared.name] = serialize(shared.root)
    if fonts.switch_legacy_fonts():
        replaced[styles_name] = serialize(styles_root)
    return package, replaced, changes


def _text_cells(root: etree._Element, q):
    """(cell, `B2`) for each shared or inline string cell, in row order."""
    row_number = 0
    for row in root.iter(q("row")):
        row_number = int(row.get("r") or row_number + 1)
        column = 0
        for cell in row.iterchildren(q("c")):
            match = _REF.fullmatch(cell.get("r") or "")
            column = _column_number(match.group(1)) if match else column + 1
            if cell.get("t") in ("s", "inlineStr"):
                yield cell, f"{get_column_letter(column)}{row_number}"


class SharedStrings:
    """The shared strings part, and which cells (in which fonts) use each string."""

    def __init__(self, package: Package, name: str | None, q):
        self.name, self.q = name, q
        self.root = package.xml(name) if name in package else None
        self.items = list(self.root.iterchildren(q("si"))) if self.root is not None else []
        self.original_text = [_plain_text(si, q) for si in self.items]
        self.uses: dict[int, dict] = {}  # index → font key → [(cell, cell font, sheet part, sheet root)]
        self.results: dict[tuple, str] = {}
        self.changed = False

    def use(self, cell: etree._Element, cell_font: str | None, part: str, root) -> int | None:
        value = cell.find(self.q("v"))
        try:
            index = int(value.text)
        except (AttributeError, TypeError, ValueError):
            return None
        if not 0 <= index < len(self.items):
            return None
        self.uses.setdefault(index, {}).setdefault(font_encoding(cell_font), []).append((cell, cell_font, part, root))
        return index

    def before(self, index: int) -> str:
        return self.original_text[index]

    def after(self, index: int, key) -> str:
        return self.results.get((index, key), self.original_text[index])

    def convert(self, decoder: Decoder) -> dict[str, etree._Element]:
        """Convert every used string for its cells' fonts; the sheets whose cells were re-pointed."""
        repointed: dict[str, etree._Element] = {}
        added: dict[bytes, int] = {}
        for index, groups in self.uses.items():
            original = self.items[index]
            original_xml = etree.tostring(original)
            converted = {key: _converted(original, cells[0][1], decoder, self.q) for key, cells in groups.items()}
            xml = {key: etree.tostring(element) for key, element in converted.items()}
            for key, element in converted.items():
                self.results[(index, key)] = _plain_text(element, self.q)
            if all(x == original_xml for x in xml.values()):
                continue
            self.changed = True
            if len(set(xml.values())) == 1:  # every cell agrees: change the string itself
                new = next(iter(converted.values()))
                self.root.replace(original, new)
                self.items[index] = new
                continue
            for key, element in converted.items():
                if xml[key] == original_xml:
                    continue
                if xml[key] not in added:
                    self.root.append(element)
                    self.items.append(element)
                    added[xml[key]] = len(self.items) - 1
                for cell, _, part, root in groups[key]:
                    cell.find(self.q("v")).text = str(added[xml[key]])
                    repointed[part] = root
        return repointed

    def finish(self) -> bool:
        """NFC for strings no cell uses too; True if the part must be written."""
        if self.root is None:
            return False
        for si in self.items:
            self.changed |= _normalize(si, self.q)
        if self.changed and self.root.get("uniqueCount") is not None:
            self.root.set("uniqueCount", str(len(self.items)))
        return self.changed

"""Word text typed in legacy fonts → Unicode, edited in the document's XML parts.

In WordprocessingML a paragraph (`w:p`) holds runs (`w:r`): stretches of text with one set of
properties (`w:rPr`: font `w:rFonts`, bold `w:b`, size `w:sz` …) and the text itself in `w:t`.
A run typed with `.VnTime` stores each TCVN3 byte as the cp1252 character for that byte, so
only the run's font says how to read it. A run's font is the first one found in:

    the run's own w:rPr/w:rFonts  →  its character style (w:rStyle) and the styles it is
    based on  →  its paragraph's style (w:pStyle, or the default paragraph style) and those
    it is based on  →  w:docDefaults

looked up separately for `w:ascii` (ASCII letters) and `w:hAnsi` (the other Latin
characters, where legacy letters live); a theme font (`w:asciiTheme` …) wins over a named
one and is never a legacy font. Table styles are not consulted.

The parts read are the main document (body, tables and text boxes, which live inside it as
`w:txbxContent`), headers, footers, footnotes, endnotes and comments. Each `w:t` (and
`w:delText`, text deleted under tracked changes) is decoded and made NFC; a converted run's
font becomes Times New Roman (ascii, hAnsi, cs, eastAsia) and so does every style,
paragraph mark and default that named a legacy font. Nothing else in the XML is touched,
and every other part of the package is copied unchanged.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import ThiduaError
from ..vn.legacy import font_encoding
from ..office.package import Package
from ..office.xml import serialize
from .decoding import Change, Decoder

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NS = {"w": W}
_P, _R, _T, _DEL_T = f"{{{W}}}p", f"{{{W}}}r", f"{{{W}}}t", f"{{{W}}}delText"
_RPR, _RFONTS, _RSTYLE = f"{{{W}}}rPr", f"{{{W}}}rFonts", f"{{{W}}}rStyle"
_VAL = f"{{{W}}}val"

UNICODE_FONT = "Times New Roman"
_FONT_ATTRS = tuple(f"{{{W}}}{name}" for name in ("ascii", "hAnsi", "cs", "eastAsia"))
_THEME_ATTRS = tuple(f"{{{W}}}{name}" for name in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"))
# (named font, theme font) pairs that decide how a run's letters are drawn.
_LOOKUPS = ((f"{{{W}}}ascii", f"{{{W}}}asciiTheme"), (f"{{{W}}}hAnsi", f"{{{W}}}hAnsiTheme"))

# The parts that hold text, by relationship type (the last segment of its URI), in listing order.
_TEXT_PARTS = ("header", "footer", "footnotes", "endnotes", "comments")


class Styles:
    """styles.xml reduced to what a run's font needs: each style's fonts and what it is based on."""

    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.defaults = None
        self._chains: dict[str | None, list] = {}
        if root is None:
            return
        for style in root.iterfind("w:style", _NS):
            style_id = style.get(f"{{{W}}}styleId")
            self.by_id[style_id] = style
            if style.get(f"{{{W}}}type") == "paragraph" and style.get(f"{{{W}}}default") in ("1", "true", "on"):
                self.default_paragraph = style_id
        self.defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", _NS)

    def chain(self, style_id: str | None) -> list:
        """The w:rFonts of a style and of each style it is based on, nearest first."""
        if style_id not in self._chains:
            fonts, seen, current = [], set(), style_id
            while current in self.by_id and current not in seen:
                seen.add(current)
                style = self.by_id[current]
                fonts.append(style.find("w:rPr/w:rFonts", _NS))
                based_on = style.find("w:basedOn", _NS)
                current = based_on.get(_VAL) if based_on is not None else None
            self._chains[style_id] = fonts
        return self._chains[style_id]

    def legacy_font(self, run: etree._Element, paragraph: etree._Element | None) -> str | None:
        """The legacy font (`.VnTime`, `VNI-Times` …) the run is drawn in, or None."""
        rpr = run.find(_RPR)
        direct = rpr.find(_RFONTS) if rpr is not None else None
        run_style = rpr.find(_RSTYLE) if rpr is not None else None
        paragraph_style = self.default_paragraph
        if paragraph is not None:
            p_style = paragraph.find("w:pPr/w:pStyle", _NS)
            if p_style is not None:
                paragraph_style = p_style.get(_VAL)
        levels = [direct]
        if run_style is not None:
            levels += self.chain(run_style.get(_VAL))
        levels += self.chain(paragraph_style) + [self.defaults]
        for name_attr, theme_attr in _LOOKUPS:
            font = _lookup(levels, name_attr, theme_attr)
            if font_encoding(font):
                return font
        return None


def _lookup(levels: list, name_attr: str, theme_attr: str) -> str | None:
    for fonts in levels:
        if fonts is None:
            continue
        if fonts.get(theme_attr):
            return None
        if fonts.get(name_attr):
            return fonts.get(name_attr)
    return None


def _names_legacy_font(fonts: etree._Element) -> bool:
    return any(font_encoding(fonts.get(attr)) for attr, _ in _LOOKUPS)


def _use_unicode_font(fonts: etree._Element) -> None:
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(attr, None)
    for attr in _FONT_ATTRS:
        fonts.set(attr, UNICODE_FONT)


def _set_run_font(run: etree._Element) -> None:
    rpr = run.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        run.insert(0, rpr)
    fonts = rpr.find(_RFONTS)
    if fonts is None:
        fonts = etree.Element(_RFONTS)
        # CT_RPr is a sequence: w:rStyle first, then w:rFonts.
        rpr.insert(1 if rpr.find(_RSTYLE) is not None else 0, fonts)
    _use_unicode_font(fonts)


def _paragraph_of(run: etree._Element) -> etree._Element | None:
    parent = run.getparent()
    while parent is not None and parent.tag != _P:
        parent = parent.getparent()
    return parent


def _in_fallback(element: etree._Element) -> bool:
    """Inside mc:Fallback, the copy of a text box kept for old readers (not listed twice)."""
    return any(ancestor.tag == _MC_FALLBACK for ancestor in element.iterancestors())


def convert_part(root: etree._Element, styles: Styles, decoder: Decoder, where: str,
                 changes: list[Change]) -> bool:
    """Convert one part's runs in place; True if anything changed. One Change per paragraph."""
    runs_of: dict = {}
    for run in root.iter(_R):
        runs_of.setdefault(_paragraph_of(run), []).append(run)
    numbers = {p: n for n, p in enumerate(root.iter(_P), start=1)}
    changed = False
    for paragraph, runs in runs_of.items():
        texts, pieces, legacy_runs = [], [], []
        for run in runs:
            font = styles.legacy_font(run, paragraph)
            if font:
                legacy_runs.append(run)
            for text in run:
                if text.tag in (_T, _DEL_T):
                    texts.append(text)
                    pieces.append((text.text, font))
        decoded = decoder.decode_pieces(pieces)
        before = "".join(old or "" for old, _ in pieces)
        after = "".join(new or "" for new in decoded)
        for text, (old, _), new in zip(texts, pieces, decoded):
            if new != old:
                text.text = new
        for run in legacy_runs:
            _set_run_font(run)
        changed |= bool(legacy_runs) or before != after
        if before != after and not (paragraph is not None and _in_fallback(paragraph)):
            number = numbers.get(paragraph)
            changes.append(Change(f"{where}, đoạn {number}" if number else where, before, after))
    # Paragraph marks, field results' properties … : no legacy font name is left behind.
    for fonts in root.iter(_RFONTS):
        if _names_legacy_font(fonts):
            _use_unicode_font(fonts)
            changed = True
    return changed


def convert_docx(path: Path, decoder: Decoder) -> tuple[Package, dict[str, bytes], list[Change]]:
    """(the package, the parts to replace with their new bytes, the changes in reading order)."""
    package = Package(path, "Word")
    main = package.main_part() or "word/document.xml"
    if main not in package:
        raise ThiduaError("tệp không phải văn bản Word .docx (thiếu word/document.xml).", file=path.name)
    related: dict[str, list[str]] = {}
    for _, rel_type, target in package.relationships(main):
        if target in package:
            related.setdefault(rel_type.rsplit("/", 1)[-1], []).append(target)
    styles_name = next(iter(related.get("styles", [])), None)
    styles_root = package.xml(styles_name) if styles_name else None
    styles = Styles(styles_root)

    parts = [main] + [name for kind in _TEXT_PARTS for name in sorted(set(related.get(kind, [])))]
    replaced: dict[str, bytes] = {}
    changes: list[Change] = []
    for part in parts:
        root = package.xml(part)
        if convert_part(root, styles, decoder, f"tệp {path.name}, phần {part}", changes):
            replaced[part] = serialize(root)
    if styles_root is not None:
        legacy_styles = [fonts for fonts in styles_root.iter(_RFONTS) if _names_legacy_font(fonts)]
        for fonts in legacy_styles:
            _use_unicode_font(fonts)
        if legacy_styles:
            replaced[styles_name] = serialize(styles_root)
    return package, replaced, changes

"""Page, paragraph and table building blocks of an administrative document (NĐ 30, Phụ lục I).

Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức và kỹ thuật trình bày văn bản hành chính), as
summarised in docs/formats.md, fixes the paper, margins, font, type sizes, the header block
and the rules drawn in it. The built-in templates (`templates/build.py`) and the Word
registration form (`toolkit/forms/docx.py`) are laid out with these helpers; what each document
says stays with it. Glossary: *quốc hiệu* the country's name, *tiêu ngữ* the motto under it,
*cơ quan ban hành* the issuing body.

Every paragraph carries its own alignment, spacing, first-line indent and widow control, so it
looks the same whatever a user later makes of the Normal style. Where python-docx has no API
(paragraph borders, repeated header rows, unsplittable rows, cell margins, the size of a
paragraph mark) the helpers write the OOXML elements, each placed before the elements the
schema (ECMA-376 Part 1) says must follow it.
"""
from __future__ import annotations

from typing import Sequence

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell, _Row

from .. import vn

FONT = "Times New Roman"
LEFT, CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

# NĐ 30, Phụ lục I (khổ giấy, định lề trang): A4; margins top/bottom 20–25 mm, left 30–35 mm,
# right 15–20 mm.
PAGE_W, PAGE_H = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
HEADER_DISTANCE = 10
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
# Landscape, only for a page that is mainly a wide table (docs/formats.md, *Page*); same margins.
TEXT_W_LANDSCAPE = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm

# Type sizes (pt), NĐ 30, Phụ lục I (cỡ chữ và kiểu chữ of each element).
BODY_PT = 14  # body, place and date: 13–14
HEADER_PT = 12  # cơ quan chủ quản / ban hành, quốc hiệu: 12–13
MOTTO_PT = 13  # tiêu ngữ, số ký hiệu: 13–14 / 13
TABLE_PT = 13  # text in tables; 12 where many columns must fit (practice)

# Header block (NĐ 30, Phụ lục I, ô 1–4): left column 60–70 mm, right column >= 95 mm so the
# quốc hiệu (95.7 mm at 13 pt bold, 87.7 mm at 12 pt) fits on one line.
HEADER_LEFT_W, HEADER_RIGHT_W = 65, 100
QUOC_HIEU, TIEU_NGU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
ISSUER_RULE_W = 25  # 1/3–1/2 of the issuing body's name
MOTTO_RULE_W = 56  # the tiêu ngữ at 13 pt bold is 56.1 mm wide
TITLE_RULE_W = 50  # 1/3–1/2 of the summary line (trích yếu)

# What must follow an element inside its parent (ECMA-376 Part 1, 17.3.1.26 w:pPr, 17.4.60
# w:tblPr): a new element goes before the first of these that is present.
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_MARK_RPR = ("w:sectPr", "w:pPrChange")
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                      "w:tblDescription", "w:tblPrChange")
_AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


# --- document and page ----------------------------------------------------------------------


def set_document_font(doc: Document) -> None:
    """Times New Roman in every style and in the Normal style (NĐ 30, Phụ lục I: phông chữ).

    Each `w:rFonts` of the styles is replaced by one naming the font in all four slots and
    *without* the theme attributes of python-docx's default template: `w:asciiTheme` wins over
    `w:ascii`, so leaving it would show Calibri. The template's `stylesWithEffects` part, a
    Word 2010 copy of the styles with theme fonts, is dropped.
    """
    styles = doc.styles.element
    for fonts in list(styles.iter(qn("w:rFonts"))):
        fonts.getparent().replace(fonts, rfonts())
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if rpr_default.find(qn("w:rFonts")) is None:
        rpr_default.insert(0, rfonts())
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
    doc.styles["Normal"].element.get_or_add_rPr().insert(0, rfonts())


def page_setup(section, *, landscape: bool = False) -> None:
    """A4 portrait, margins 20/20/30/15 mm (NĐ 30, Phụ lục I: khổ giấy, định lề trang).

    `landscape` turns the page for a document that is mainly a wide table (NĐ 30 allows it for
    such pages); the margins stay the same. The section is marked `w:titlePg` (different first
    page), so the page number can be left off page 1 (NĐ 30, Phụ lục I: số trang).
    """
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_H), Mm(PAGE_W)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE)
    section.different_first_page_header_footer = True


# --- paragraphs -----------------------------------------------------------------------------


def new_paragraph(container):
    """A new paragraph in a document or cell, reusing the empty one a new table cell starts with."""
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and paragraphs[0]._p.pPr is None and not paragraphs[0].runs:
            return paragraphs[0]
    return container.add_paragraph()


def format_paragraph(p, *, size: float = BODY_PT, align=CENTER, before: float = 0, after: float = 0,
                     first_line: Length | None = None, keep_next: bool = False,
                     line_spacing: float = 1.0, exact: float | None = None) -> None:
    """Give paragraph `p` an explicit format: alignment, first-line indent (none by default),
    space before and after (pt), line spacing in lines or an `exact` height (pt), keep with
    next, widow control, and the size of its mark."""
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = first_line if first_line is not None else Mm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if exact is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    else:
        fmt.line_spacing = line_spacing
    fmt.keep_with_next = keep_next or None
    fmt.widow_control = True
    mark_size(p, size)


def add_run(p, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    """A run of NFC text (NĐ 30 wants Unicode, TCVN 6909:2001) in Times New Roman at `size` pt."""
    run = p.add_run(vn.nfc(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    run._r.get_or_add_rPr().insert(0, rfonts())
    return run


def line(container, text: str = "", *, size: float = BODY_PT, bold: bool = False,
         italic: bool = False, align=CENTER, before: float = 0, after: float = 0,
         first_line: Length | None = None, keep_next: bool = False, line_spacing: float = 1.0):
    """One paragraph holding `text` in a single run (so a template's Jinja tag is never split
    across runs); without text, an empty line `size` pt high."""
    p = new_paragraph(container)
    format_paragraph(p, size=size, align=align, before=before, after=after, first_line=first_line,
                     keep_next=keep_next, line_spacing=line_spacing)
    if text:
        add_run(p, text, size=size, bold=bold, italic=italic)
    return p


def rule(container, width_mm: float, box_mm: float, *, after: float = 0, height: float = 2):
    """A short solid horizontal line, `width_mm` long and centred in a box `box_mm` wide.

    NĐ 30, Phụ lục I (ô 1, 2, 5a): the lines under the issuing body, the tiêu ngữ and the summary
    are real lines. Drawn as the bottom border of a tiny empty paragraph whose left and right
    indents leave `width_mm` of border — not underlined text, not a row of dashes. `height` (pt)
    is the gap between the text above and the line.
    """
    p = new_paragraph(container)
    format_paragraph(p, size=2, after=after, exact=height)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm((box_mm - width_mm) / 2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(border, *_AFTER_PBDR)
    return p


def header_block(doc: Document, place_date: str, *,
                 widths_mm: tuple[float, float] = (HEADER_LEFT_W, HEADER_RIGHT_W)) -> _Cell:
    """The page-1 header block, a borderless two-column table (NĐ 30, Phụ lục I, ô 1–4); returns
    its left cell, for the issuing body and the number, which each document writes its own way
    (end the body's name with `rule(left, ISSUER_RULE_W, widths_mm[0])`).

    The right column holds the quốc hiệu (CAPS 12 pt bold), the tiêu ngữ (13 pt bold) with a
    rule as long as the text, then `place_date` (italic 14 pt). Lines are single-spaced with no
    space between; a line under a rule has 6 pt above it, so its text does not touch the rule.
    """
    t = layout_table(doc, widths_mm)
    left, right = t.rows[0].cells
    line(right, QUOC_HIEU, size=HEADER_PT, bold=True)
    line(right, TIEU_NGU, size=MOTTO_PT, bold=True)
    rule(right, MOTTO_RULE_W, widths_mm[1])
    line(right, place_date, size=BODY_PT, italic=True, before=6)
    return left


# --- tables ---------------------------------------------------------------------------------


def layout_table(doc: Document, widths_mm: Sequence[float], rows: int = 1, *,
                 cell_margin_mm: float = 0) -> Table:
    """A borderless fixed-width table used for layout (header block, signatures).

    Zero left/right cell margins by default so text can use the full column (the quốc hiệu
    needs 87.7 mm at 12 pt bold), no borders, fixed layout so Word keeps the widths, rows never
    split, cells aligned to the top.
    """
    t = doc.add_table(rows, len(widths_mm))
    _geometry(t, widths_mm, cell_margin_mm=cell_margin_mm)
    _borders(t, "nil")
    for row in t.rows:
        keep_together(row)
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return t


def table(doc: Document, columns: Sequence[tuple[str, float]], *, size: float = TABLE_PT,
          cell_margin_mm: float = 1.5) -> Table:
    """A bordered data table with its header row (NĐ 30, Phụ lục I: tables inside the body).

    Header row bold and centred, marked `w:tblHeader` so Word and LibreOffice repeat it on
    every page; each row `w:cantSplit` so a row never breaks across pages. `columns` are
    (header label, width in mm); widths add up to the text width.
    """
    t = doc.add_table(rows=1, cols=len(columns))
    _geometry(t, [w for _, w in columns], cell_margin_mm=cell_margin_mm)
    _borders(t, "single")
    header = t.rows[0]
    _row_flag(header, "w:tblHeader")
    keep_together(header)
    for cell, (label, _) in zip(header.cells, columns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        line(cell, label, size=size, bold=True, before=3, after=3)
    return t


def table_row(t: Table, texts: Sequence[str], aligns: Sequence, *, size: float = TABLE_PT,
              bold: bool = False, keep_next: bool = False, space: float = 3) -> None:
    """A data row: one paragraph per cell with `space` pt above and below, vertically centred,
    never split across pages. `keep_next` keeps the row on the page of the row after it (a group
    row never ends a page)."""
    row = t.add_row()
    keep_together(row)
    for cell, text, align in zip(row.cells, texts, aligns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        line(cell, text, size=size, bold=bold, align=align, before=space, after=space,
             keep_next=keep_next)


def keep_together(row: _Row) -> None:
    """Mark a table row `w:cantSplit`: Word and LibreOffice never break it across pages."""
    _row_flag(row, "w:cantSplit")


def keep_with_next(rows: Sequence[_Row]) -> None:
    """Keep these rows on the page of what follows them: the last rows of a list go with its
    total and the signatures, so a signature block never stands alone on a page."""
    for row in rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


# --- raw OOXML ------------------------------------------------------------------------------


def rfonts():
    """A `w:rFonts` naming Times New Roman in all four slots (ascii, hAnsi, eastAsia, cs), so
    Vietnamese letters outside Latin-1 do not fall back to another font."""
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    return fonts


def mark_size(p, size: float) -> None:
    """Font and size of the paragraph mark: they set the height of an empty paragraph (the
    blank lines left for a signature, the tiny paragraph a rule is drawn under)."""
    ppr = p._p.get_or_add_pPr()
    old = ppr.find(qn("w:rPr"))
    if old is not None:
        ppr.remove(old)
    rpr = OxmlElement("w:rPr")
    rpr.append(rfonts())
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(round(size * 2)))
        rpr.append(el)
    ppr.insert_element_before(rpr, *_AFTER_MARK_RPR)


def _row_flag(row: _Row, tag: str) -> None:
    """Set an on/off row property (`w:tblHeader`, `w:cantSplit`) once."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        tr_pr.append(OxmlElement(tag))


def _geometry(t: Table, widths_mm: Sequence[float], *, cell_margin_mm: float) -> None:
    """Centred, fixed layout, explicit table, grid and cell widths, the given left/right cell
    margins: Word and LibreOffice then keep the widths whatever the text."""
    t.autofit = False
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = t._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))  # python-docx writes one into every new table
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(Mm(sum(widths_mm)).twips)))
    for column, w in zip(t.columns, widths_mm):
        column.width = Mm(w)
    for row in t.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(Mm(cell_margin_mm).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.insert_element_before(margins, *_AFTER_TBL_CELL_MAR)


def _borders(t: Table, kind: str) -> None:
    """All six table borders `single` 0.5 pt black, or `nil` for a layout table."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), kind)
        if kind != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    t._tbl.tblPr.insert_element_before(borders, *_AFTER_TBL_BORDERS)

"""The Word registration form (*danh sách đăng ký thi đua*) for units that prefer Word.

Laid out like the built-in template `templates/docx/dang-ky-thi-dua.docx` (NĐ 30, Phụ lục I, as
summarised in `formats/van-ban.md`): A4 portrait, margins 20/20/30/15 mm, Times New Roman
everywhere, the header block as a borderless two-column table with real rules under the
issuing body and the motto, the title, then the two tables — `I. CÁ NHÂN` with the members
printed and the title and award cells left empty, `II. TẬP THỂ` likewise — each followed by
empty rows for additions, the header row repeated on every page.

Word has no dropdown in a plain table cell, so the instructions list the allowed titles and
awards word for word. (Content controls would give dropdowns, but python-docx and most readers
skip text inside `w:sdt`, so a chosen title could silently read back as empty.)
"""
from __future__ import annotations

from typing import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from .. import vn
from .identity import FormLayout, Section, write_docx_identity
from .inputs import FormInput

FONT = "Times New Roman"
LEFT, CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
# NĐ 30, Phụ lục I: A4, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE_W, PAGE_H, TOP, BOTTOM, LEFT_M, RIGHT_M = 210, 297, 20, 20, 30, 15
TEXT_W = PAGE_W - LEFT_M - RIGHT_M
BODY_PT, HEADER_PT, MOTTO_PT, TABLE_PT, NOTE_PT = 14, 12, 13, 12, 12
# Header block: left 60–70 mm, right >= 95 mm so the motto (95.7 mm at 13 pt bold) fits.
HEADER_LEFT_W, HEADER_RIGHT_W = 65, 100

PEOPLE_COLUMNS = (("STT", 10, "stt"), ("Họ và tên", 33, "ho_va_ten"), ("Chức vụ", 22, "chuc_vu"),
                  ("Đơn vị", 26, "don_vi"), ("Danh hiệu thi đua đăng ký", 28, "danh_hieu"),
                  ("Hình thức khen thưởng", 28, "hinh_thuc_khen_thuong"), ("Ghi chú", 18, "ghi_chu"))
COLLECTIVE_COLUMNS = (("STT", 10, "stt"), ("Tên tập thể", 50, "ten_tap_the"),
                      ("Danh hiệu thi đua đăng ký", 37, "danh_hieu"),
                      ("Hình thức khen thưởng", 40, "hinh_thuc_khen_thuong"), ("Ghi chú", 28, "ghi_chu"))
EXTRA_PEOPLE, EXTRA_COLLECTIVES = 10, 5


def registration(form: FormInput) -> Document:
    doc = _new_document()
    _header_block(doc, form)
    year = f" NĂM {form.year}" if form.year else ""
    _line(doc, f"DANH SÁCH ĐĂNG KÝ THI ĐUA{year}", bold=True, before=18)
    _line(doc, "Danh hiệu thi đua và hình thức khen thưởng", bold=True)
    _rule(doc, 50, TEXT_W, after=6)
    _line(doc, f"Đơn vị: {form.identity.unit}", after=6)

    sender = form.text("co_quan_ban_hanh") or form.identity.unit
    _line(doc, "Hướng dẫn điền mẫu:", bold=True, italic=True, size=NOTE_PT, align=JUSTIFY)
    notes = [
        "Ghi vào cột «Danh hiệu thi đua đăng ký» và «Hình thức khen thưởng» đúng một trong các tên dưới đây "
        "(chép nguyên văn); để trống nếu không đăng ký.",
        "Danh hiệu cá nhân: " + "; ".join(vn.metric_names("ca_nhan")) + ".",
        "Danh hiệu tập thể: " + "; ".join(vn.metric_names("tap_the")) + ".",
        "Hình thức khen thưởng: " + "; ".join(vn.metric_names("khen_thuong")) + ".",
        "Đăng ký Chiến sĩ thi đua cơ sở thì ghi «Chiến sĩ thi đua cơ sở» (đồng thời phải đạt Lao động tiên "
        "tiến). Họ tên, chức vụ, đơn vị in sẵn nếu chưa đúng thì ghi đính chính ở cột «Ghi chú»; người hoặc "
        "tập thể chưa có tên ghi vào các dòng trống.",
        "Không thêm, xóa hay gộp cột, không sửa tiêu đề cột. Lưu dạng Word (.docx) và gửi lại cho "
        f"{sender}; không chuyển sang PDF hay chụp ảnh.",
    ]
    for note in notes:
        _line(doc, "- " + note, italic=True, size=NOTE_PT, align=JUSTIFY, after=2)

    sections = []
    _line(doc, "I. CÁ NHÂN", bold=True, align=LEFT, before=6, after=3, keep_next=True)
    t = _table(doc, PEOPLE_COLUMNS)
    people = form.tables.get("ca_nhan", [])
    rows = [(p.get("ho_va_ten"), p.get("chuc_vu"), p.get("don_vi")) for p in people]
    rows += [(None, None, None)] * EXTRA_PEOPLE
    for number, values in enumerate(rows, start=1):
        _table_row(t, [str(number), *values, None, None, None], [CENTER] + [LEFT] * 6)
    sections.append(Section("ca_nhan", 0, 1, len(rows), tuple(c[2] for c in PEOPLE_COLUMNS), table=1))

    _line(doc, "II. TẬP THỂ", bold=True, align=LEFT, before=12, after=3, keep_next=True)
    t = _table(doc, COLLECTIVE_COLUMNS)
    names = [c.get("ten_tap_the") for c in form.tables.get("tap_the", [])] + [None] * EXTRA_COLLECTIVES
    for number, name in enumerate(names, start=1):
        _table_row(t, [str(number), name, None, None, None], [CENTER] + [LEFT] * 4)
    sections.append(Section("tap_the", 0, 1, len(names), tuple(c[2] for c in COLLECTIVE_COLUMNS), table=2))

    _signatures(doc, form)
    write_docx_identity(doc, FormLayout(form.identity, None, tuple(sections)))
    return doc


def write_docx(form: FormInput, path) -> None:
    registration(form).save(str(path))


# --- document, paragraphs, tables -------------------------------------------------------------


def _new_document() -> Document:
    """A blank A4 document whose every default is Times New Roman (no theme fonts)."""
    doc = Document()
    styles = doc.styles.element
    for rfonts in list(styles.iter(qn("w:rFonts"))):  # theme attributes would win over w:ascii
        rfonts.getparent().replace(rfonts, _fonts())
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if rpr_default.find(qn("w:rFonts")) is None:
        rpr_default.insert(0, _fonts())
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):  # a Word 2010 copy of styles with theme fonts
            doc.part.drop_rel(rel_id)
    normal = doc.styles["Normal"]
    normal.element.get_or_add_rPr().insert(0, _fonts())
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT_M), Mm(RIGHT_M)
    section.header_distance = section.footer_distance = Mm(10)
    _page_numbers(section)

    props = doc.core_properties
    props.title = "Danh sách đăng ký thi đua"
    props.author = props.last_modified_by = "thidua"
    props.language = "vi-VN"
    return doc


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin, 13 pt, none on page 1 (NĐ 30, Phụ lục I: số
    trang): a PAGE field in the default header, an empty first-page header."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(_fonts())
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"  # what is shown until the field is updated
    run.append(text)
    field.append(run)
    p._p.append(field)
    _mark(p, 13)


def _paragraph(container):
    """A new paragraph, reusing the empty one a new table cell starts with."""
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs and paragraphs[0]._p.pPr is None:
            return paragraphs[0]
    return container.add_paragraph()


def _line(container, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align=CENTER, before: float = 0, after: float = 0, keep_next: bool = False):
    p = _paragraph(container)
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep_next or None
    if text:
        run = p.add_run(vn.nfc(text))
        run.font.size = Pt(size)
        run.font.bold = bold or None
        run.font.italic = italic or None
        run._r.get_or_add_rPr().insert(0, _fonts())
    _mark(p, size)
    return p


def _rule(container, width_mm: float, box_mm: float, *, after: float = 0) -> None:
    """A solid line `width_mm` long centred in `box_mm`: the bottom border of an empty paragraph
    (NĐ 30, Phụ lục I: real lines under the issuing body, the motto and the title)."""
    p = _paragraph(container)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((box_mm - width_mm) / 2)
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr = p._p.get_or_add_pPr()
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
    _mark(p, 2)


def _header_block(doc, form: FormInput) -> None:
    t = _layout_table(doc, [HEADER_LEFT_W, HEADER_RIGHT_W])
    left, right = t.rows[0].cells
    if form.text("co_quan_chu_quan"):
        _line(left, vn.upper(form.text("co_quan_chu_quan")), size=HEADER_PT)
    _line(left, vn.upper(form.text("co_quan_ban_hanh")), size=HEADER_PT, bold=True)
    _rule(left, 25, HEADER_LEFT_W)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=HEADER_PT, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", size=MOTTO_PT, bold=True)
    _rule(right, 56, HEADER_RIGHT_W)
    _line(right, vn.format_place_date(form.text("dia_danh"), None, form.year), italic=True, before=6)


def _layout_table(doc, widths: Sequence[float]) -> Table:
    t = doc.add_table(1, len(widths))
    _geometry(t, widths, margin_mm=0)
    _borders(t, "nil")
    return t


def _table(doc, columns) -> Table:
    """A bordered table whose header row repeats on every page and whose rows never split."""
    t = doc.add_table(rows=1, cols=len(columns))
    _geometry(t, [c[1] for c in columns], margin_mm=0.8)
    _borders(t, "single")
    header = t.rows[0]
    _row_flag(header, "w:tblHeader")
    _row_flag(header, "w:cantSplit")
    for cell, (label, _, _) in zip(header.cells, columns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _line(cell, label, size=TABLE_PT, bold=True, before=3, after=3)
    return t


def _table_row(t: Table, texts: Sequence[str | None], aligns) -> None:
    row = t.add_row()
    _row_flag(row, "w:cantSplit")
    for cell, text, align in zip(row.cells, texts, aligns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _line(cell, "" if text is None else str(text), size=TABLE_PT, align=align, before=4, after=4)


def _signatures(doc, form: FormInput) -> None:
    """NGƯỜI LẬP BIỂU on the left, THỦ TRƯỞNG ĐƠN VỊ when the data names one, and
    TM. BAN CHẤP HÀNH / CHỦ TỊCH on the right (van-ban.md: registration list)."""
    blocks = [(["NGƯỜI LẬP BIỂU"], form.text("nguoi_lap_bieu"))]
    if form.text("thu_truong_ho_ten"):
        blocks.append((["THỦ TRƯỞNG ĐƠN VỊ"], form.text("thu_truong_ho_ten")))
    blocks.append((["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], form.text("chu_tich_ho_ten")))
    _line(doc, "", after=6)
    t = _layout_table(doc, [TEXT_W / len(blocks)] * len(blocks))
    _row_flag(t.rows[0], "w:cantSplit")
    for cell, (titles, name) in zip(t.rows[0].cells, blocks):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        for title in titles:
            _line(cell, title, size=13, bold=True)
        for _ in range(4):  # 3–4 empty lines for the signature and seal
            _line(cell)
        _line(cell, name, bold=True)


# --- raw OOXML ----------------------------------------------------------------------------


def _fonts():
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    return fonts


def _mark(p, size: float) -> None:
    """The paragraph mark's font and size: they set the height of an empty paragraph."""
    ppr = p._p.get_or_add_pPr()
    old = ppr.find(qn("w:rPr"))
    if old is not None:
        ppr.remove(old)
    rpr = OxmlElement("w:rPr")
    rpr.append(_fonts())
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(round(size * 2)))
        rpr.append(el)
    ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")


def _row_flag(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        tr_pr.append(OxmlElement(tag))


def _geometry(t: Table, widths: Sequence[float], *, margin_mm: float) -> None:
    t.autofit = False
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = t._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(width, "w:jc", "w:shd", "w:tblBorders", "w:tblLayout", "w:tblCellMar",
                                     "w:tblLook")
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(Mm(sum(widths)).twips)))
    for column, w in zip(t.columns, widths):
        column.width = Mm(w)
    for row in t.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Mm(w)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(Mm(margin_mm).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _borders(t: Table, kind: str) -> None:
    tbl_pr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), kind)
        if kind != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                 "w:tblCaption", "w:tblDescription", "w:tblPrChange")

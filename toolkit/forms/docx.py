"""The Word registration form (*danh sách đăng ký thi đua*) for units that prefer Word.

Laid out like the built-in template `templates/docx/dang-ky-thi-dua.docx`, with the same
building blocks (`toolkit/office/layout.py`, NĐ 30, Phụ lục I): A4 portrait, margins 20/20/30/15
mm, Times New Roman everywhere, the header block as a borderless two-column table with real
rules under the issuing body and the motto, the title, then the two tables — `I. CÁ NHÂN` with
the members printed and the title and award cells left empty, `II. TẬP THỂ` likewise — each
followed by empty rows for additions, the header row repeated on every page.

Word has no dropdown in a plain table cell, so the instructions list the allowed titles and
awards word for word. (Content controls would give dropdowns, but python-docx and most readers
skip text inside `w:sdt`, so a chosen title could silently read back as empty.)
"""
from __future__ import annotations

from typing import Sequence

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table

from .. import vn
from ..office.layout import (BODY_PT, CENTER, HEADER_LEFT_W, HEADER_PT, ISSUER_RULE_W, JUSTIFY, LEFT,
                             TEXT_W, TITLE_RULE_W, header_block, layout_table, line, mark_size, page_setup,
                             keep_with_next, rfonts, rule, set_document_font, table, table_row)
from ..office.identity import FormLayout, Section, write_docx_identity
from ..office.lines import break_lines
from .inputs import FormInput

TABLE_PT, NOTE_PT, PAGE_NUMBER_PT = 12, 12, 13  # 12 pt: the seven columns fit the 165 mm text width
KEPT_ROWS = 3  # the last rows of the list go to the signatures' page with them

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
    line(doc, f"DANH SÁCH ĐĂNG KÝ THI ĐUA{year}", bold=True, before=18)
    line(doc, "Danh hiệu thi đua và hình thức khen thưởng", bold=True)
    rule(doc, TITLE_RULE_W, TEXT_W, after=6)
    line(doc, f"Đơn vị: {form.identity.unit}", after=6)

    sender = form.text("co_quan_ban_hanh") or form.identity.unit
    line(doc, "Hướng dẫn điền mẫu:", bold=True, italic=True, size=NOTE_PT, align=JUSTIFY)
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
        line(doc, "- " + note, italic=True, size=NOTE_PT, align=JUSTIFY, after=2)

    sections = []
    line(doc, "I. CÁ NHÂN", bold=True, align=LEFT, before=6, after=3, keep_next=True)
    t = _table(doc, PEOPLE_COLUMNS)
    people = form.tables.get("ca_nhan", [])
    rows = [(p.get("ho_va_ten"), p.get("chuc_vu"), p.get("don_vi")) for p in people]
    rows += [(None, None, None)] * EXTRA_PEOPLE
    for number, values in enumerate(rows, start=1):
        _table_row(t, [str(number), *values, None, None, None], [CENTER] + [LEFT] * 6)
    sections.append(Section("ca_nhan", 0, 1, len(rows), tuple(c[2] for c in PEOPLE_COLUMNS), table=1))

    line(doc, "II. TẬP THỂ", bold=True, align=LEFT, before=12, after=3, keep_next=True)
    t = _table(doc, COLLECTIVE_COLUMNS)
    names = [c.get("ten_tap_the") for c in form.tables.get("tap_the", [])] + [None] * EXTRA_COLLECTIVES
    for number, name in enumerate(names, start=1):
        _table_row(t, [str(number), name, None, None, None], [CENTER] + [LEFT] * 4)
    keep_with_next(t.rows[-KEPT_ROWS:])
    sections.append(Section("tap_the", 0, 1, len(names), tuple(c[2] for c in COLLECTIVE_COLUMNS), table=2))

    _signatures(doc, form)
    write_docx_identity(doc, FormLayout(form.identity, None, tuple(sections)))
    return doc


def write_docx(form: FormInput, path) -> None:
    registration(form).save(str(path))


# --- document, tables, signatures ---------------------------------------------------------


def _new_document() -> Document:
    """A blank A4 document whose every default is Times New Roman (no theme fonts)."""
    doc = Document()
    set_document_font(doc)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    page_setup(doc.sections[0])
    _page_numbers(doc.sections[0])

    props = doc.core_properties
    props.title = "Danh sách đăng ký thi đua"
    props.author = props.last_modified_by = "thidua"
    props.language = "vi-VN"
    return doc


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin, 13 pt, none on page 1 (NĐ 30, Phụ lục I: số
    trang): a PAGE field in the default header, an empty first-page header (`page_setup` marks
    the section `w:titlePg`)."""
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(rfonts())
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(PAGE_NUMBER_PT * 2))
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"  # what is shown until the field is updated
    run.append(text)
    field.append(run)
    p._p.append(field)
    mark_size(p, PAGE_NUMBER_PT)


def _header_block(doc, form: FormInput) -> None:
    left = header_block(doc, vn.format_place_date(form.text("dia_danh"), None, form.year))
    if form.text("co_quan_chu_quan"):
        line(left, break_lines(vn.upper(form.text("co_quan_chu_quan")), HEADER_LEFT_W, HEADER_PT), size=HEADER_PT)
    line(left, break_lines(vn.upper(form.text("co_quan_ban_hanh")), HEADER_LEFT_W, HEADER_PT, bold=True),
         size=HEADER_PT, bold=True)
    rule(left, ISSUER_RULE_W, HEADER_LEFT_W)


def _table(doc, columns) -> Table:
    """A bordered table whose header row repeats on every page and whose rows never split."""
    return table(doc, [(label, width) for label, width, _ in columns], size=TABLE_PT, cell_margin_mm=0.8)


def _table_row(t: Table, texts: Sequence[str | None], aligns) -> None:
    table_row(t, ["" if text is None else str(text) for text in texts], aligns, size=TABLE_PT, space=4)


def _signatures(doc, form: FormInput) -> None:
    """NGƯỜI LẬP BIỂU on the left, THỦ TRƯỞNG ĐƠN VỊ when the data names one, and
    TM. BAN CHẤP HÀNH / CHỦ TỊCH on the right (docs/formats.md, *Templates*)."""
    blocks = [(["NGƯỜI LẬP BIỂU"], form.text("nguoi_lap_bieu"))]
    if form.text("thu_truong_ho_ten"):
        blocks.append((["THỦ TRƯỞNG ĐƠN VỊ"], form.text("thu_truong_ho_ten")))
    blocks.append((["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], form.text("chu_tich_ho_ten")))
    line(doc, "", after=6, keep_next=True)
    t = layout_table(doc, [TEXT_W / len(blocks)] * len(blocks))
    for cell, (titles, name) in zip(t.rows[0].cells, blocks):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        for title in titles:
            line(cell, title, size=13, bold=True)
        for _ in range(4):  # 3–4 empty lines for the signature and seal
            line(cell)
        line(cell, name, bold=True)

"""Build the built-in Word templates in `templates/docx/` with python-docx.

Run `python templates/build.py`; it (re)writes `giao-uoc.docx`, `giao-uoc-khoi.docx`,
`dang-ky-thi-dua.docx`, `bao-cao-tong-ket.docx`, `bang-cham-diem.docx`,
`dang-ky-dan-van-kheo.docx` and `bao-cao-tong-hop.docx` next to this script. The .docx files
are committed: users open and edit them in Word, and `thidua generate` fills them in (the
summary report is filled in by `thidua summarize --report`). This script is the reviewable
source of their layout.

The layout follows the official format for administrative documents, Nghị định 30/2020/NĐ-CP,
Phụ lục I (thể thức và kỹ thuật trình bày văn bản hành chính), as summarised in
docs/formats.md. Glossary: *giao ước* pledge, *khối* cluster of unions, *đăng ký thi đua*
registration for emulation titles, *báo cáo tổng kết* year-end report, *bảng chấm điểm* scoring
sheet, *Dân vận khéo* the "skilful mass mobilisation" movement and its registered models,
*báo cáo tổng hợp* a cluster's summary report, *quốc hiệu* the national motto lines, *trích
yếu* the summary line under the document type, *nơi nhận* the recipients list.

Template syntax is docxtpl's Jinja: `{{ … }}` inline, `{%p … %}` alone in a paragraph and
`{%tr … %}` alone in a table row (docxtpl replaces that whole paragraph / row with the tag).
The page, paragraph and table building blocks, shared with the Word registration form, are in
`toolkit/office/layout.py`; this script holds what is particular to the templates. The "ô"
numbers below are the boxes of NĐ 30's layout diagram (sơ đồ bố trí).
"""
from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

# Run as `python templates/build.py`, whose folder Python puts first on the path: add the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from toolkit.office.layout import (BODY_PT, CENTER, HEADER_LEFT_W, HEADER_PT, HEADER_RIGHT_W,  # noqa: E402
                                   ISSUER_RULE_W, JUSTIFY, LEFT, MOTTO_PT, TABLE_PT, TEXT_W,
                                   TEXT_W_LANDSCAPE, TITLE_RULE_W, add_run, format_paragraph,
                                   keep_together, layout_table, line, page_setup, rfonts, rule,
                                   set_document_font, table, table_row)
from toolkit.office import layout  # noqa: E402
from toolkit.summary.report import CHART_PLACEHOLDER  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent / "docx"

# Font sizes (pt), NĐ 30, Phụ lục I (cỡ chữ và kiểu chữ of each element); the rest are in layout.
SIGN_PT = 13  # signing authority and title: 13–14
NOI_NHAN_PT, NOI_NHAN_ITEM_PT = 12, 11
SIGN_MARGIN = 1  # mm left and right inside a signature cell
PAGE_NUMBER_PT = 13

BODY_INDENT = Cm(1.27)  # first-line indent 1–1.27 cm
BODY_LINE = 1.15  # single to 1.5 allowed


# ---------------------------------------------------------------------------------------------
# Document, styles, page


def new_document(title_text: str) -> Document:
    """A blank document whose every default is Times New Roman (NĐ 30, Phụ lục I: phông chữ).

    The font goes into `w:docDefaults` and the Normal style with all four `w:rFonts` slots
    (ascii, hAnsi, cs, eastAsia) and *without* the theme attributes of python-docx's default
    template: `w:asciiTheme` wins over `w:ascii`, so leaving it would show Calibri. Normal is
    the body paragraph: 14 pt, justified, first-line indent 1.27 cm, 6 pt after, 1.15 lines.
    """
    doc = Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(rfonts())
    rpr.append(_val("w:sz", BODY_PT * 2))
    rpr.append(_val("w:szCs", BODY_PT * 2))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    set_document_font(doc)  # headings, table styles …: no theme fonts
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # a picture of python-docx's sample page
            del package_rels[rel_id]

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.alignment = JUSTIFY
    fmt.first_line_indent = BODY_INDENT
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = BODY_LINE

    props = doc.core_properties
    props.title = title_text
    props.author = props.last_modified_by = "thidua"
    props.language = "vi-VN"
    props.comments = "Mẫu có sẵn của thidua (python templates/build.py)."
    props.keywords = "thi đua, công đoàn"
    props.created = props.modified = datetime(2025, 1, 1)
    props.revision = 1
    return doc


def page_number_header(doc: Document) -> None:
    """Page numbers: Arabic, 13 pt, centred in the top margin, not on page 1.

    NĐ 30, Phụ lục I (số trang). The first-page header stays empty (the section has
    `w:titlePg`); the default header holds a PAGE field.
    """
    section = doc.sections[0]
    first = section.first_page_header
    first.is_linked_to_previous = False
    format_paragraph(first.paragraphs[0], size=PAGE_NUMBER_PT, align=CENTER)
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    format_paragraph(p, size=PAGE_NUMBER_PT, align=CENTER)
    _page_field(p, PAGE_NUMBER_PT)


# ---------------------------------------------------------------------------------------------
# Paragraph-level building blocks


def tag(container, text: str):
    """A paragraph holding only a `{%p … %}` tag; docxtpl removes the whole paragraph."""
    assert text.startswith("{%p ") and text.endswith("%}"), text
    return line(container, text, size=10, align=LEFT)


def breakable(text: str, width_mm: float, size: float, bold: bool = False) -> str:
    """A line of template text printed through `ngat_dong`, so that the names in it break
    between word groups, never inside a word (`toolkit/office/lines.py`). `{{ … }}` parts
    stay expressions; the plain parts become string literals."""
    parts = []
    for i, piece in enumerate(re.split(r"\{\{(.*?)\}\}", text)):
        if i % 2:
            parts.append(f"({piece.strip()})")
        elif piece:
            parts.append(repr(piece))
    joined = " ~ ".join(parts) or "''"
    return f"{{{{ ({joined})|ngat_dong({width_mm:g}, {size:g}{', true' if bold else ''}) }}}}"


def blank_lines(container, count: int, size: float = BODY_PT) -> None:
    """Empty lines, e.g. the 3–4 lines left for a signature and seal (NĐ 30, Phụ lục I, ô 7c)."""
    for _ in range(count):
        line(container, size=size)


def header_block(doc: Document, *, draft_number: str | None = None,
                 widths_mm: tuple[float, float] = (HEADER_LEFT_W, HEADER_RIGHT_W),
                 place_date: str = "{{ dia_danh }}, {{ ngay_ky|ngay_thang(nam) }}") -> None:
    """The page-1 header block (NĐ 30, Phụ lục I, ô 1–4), its right column as
    `layout.header_block` lays it out, the place and date from `dia_danh` and `ngay_ky`.

    Left (65 mm): cơ quan chủ quản (CAPS 12 pt, omitted when empty), cơ quan ban hành (CAPS
    12 pt bold) with a centred rule under it, then `Số: …` (13 pt, 6 pt above) when set.

    `draft_number` (e.g. `/BC-CĐCS`) is for documents that always carry a number, such as a
    report: without `so_ky_hieu` the line shows the draft form `Số:      /BC-CĐCS`, the number
    left blank to be written in by hand (docs/formats.md, *Signature blocks*). `widths_mm` widens the columns on a
    landscape page; `place_date` is the template text of the place-and-date line.
    """
    left = layout.header_block(doc, place_date, widths_mm=widths_mm)
    tag(left, "{%p if co_quan_chu_quan %}")
    line(left, breakable("{{ co_quan_chu_quan|hoa }}", widths_mm[0], HEADER_PT), size=HEADER_PT)
    tag(left, "{%p endif %}")
    line(left, breakable("{{ co_quan_ban_hanh|hoa }}", widths_mm[0], HEADER_PT, bold=True), size=HEADER_PT,
         bold=True)
    rule(left, ISSUER_RULE_W, widths_mm[0])
    if draft_number:
        p = line(left, "Số: {% if so_ky_hieu %}{{ so_ky_hieu }}{% else %}     " + draft_number
                 + "{% endif %}", size=MOTTO_PT, before=6)
        # The blank number is spaces inside the text: keep them as typed.
        for t_el in p._p.iter(qn("w:t")):
            t_el.set(qn("xml:space"), "preserve")
    else:
        tag(left, "{%p if so_ky_hieu %}")
        line(left, "Số: {{ so_ky_hieu }}", size=MOTTO_PT, before=6)
        tag(left, "{%p endif %}")


def title(doc: Document, type_name: str, summary: str, *more: str,
          text_w: float = TEXT_W) -> None:
    """Document type and summary line (NĐ 30, Phụ lục I, ô 5a).

    Type name centred, CAPS, bold 14 pt; the summary (trích yếu) under it centred, bold 14 pt,
    with a centred rule of 1/3–1/2 its length. `more` are further summary lines above the
    rule (a scoring sheet names the cluster and the unit); `text_w` centres the rule on a
    landscape page.
    """
    line(doc, type_name, bold=True, before=24, keep_next=True)
    for text in (summary, *more):
        line(doc, text, bold=True, keep_next=True)
    rule(doc, TITLE_RULE_W, text_w, after=12, height=5)


def section_heading(doc: Document, text: str) -> None:
    """A section heading `I. …` in CAPS bold (NĐ 30, Phụ lục I, ô 6: phần, mục bold).

    `text` follows the numeral; the numeral comes from a Jinja counter (`ns.muc`) so that the
    numbering stays consecutive when an optional section before it is dropped.
    """
    line(doc, "{% set ns.muc = ns.muc + 1 %}{{ ns.muc|la_ma }}. " + text, bold=True,
         align=JUSTIFY, first_line=BODY_INDENT, before=12, after=6, keep_next=True,
         line_spacing=BODY_LINE)


def body_paragraph(doc: Document, text: str, *, after: float = 6, keep_next: bool = False,
                   bold: bool = False):
    """A body paragraph: 14 pt, justified, first-line indent 1.27 cm, 6 pt after, 1.15 lines
    (NĐ 30, Phụ lục I, ô 6: nội dung)."""
    return line(doc, text, bold=bold, align=JUSTIFY, first_line=BODY_INDENT, after=after,
                keep_next=keep_next, line_spacing=BODY_LINE)


# ---------------------------------------------------------------------------------------------
# Tables


def merged_row(t: Table, text: str, *, size: float = TABLE_PT, bold: bool = False,
               align=LEFT, keep_next: bool = False) -> None:
    """A row whose cells are merged into one full-width cell (group rows, `{%tr %}` rows)."""
    row = t.add_row()
    keep_together(row)
    cell = row.cells[0].merge(row.cells[-1])
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    line(cell, text, size=size, bold=bold, align=align, before=3, after=3, keep_next=keep_next)


def list_rows(t: Table, rows: str, texts: Sequence[str], aligns: Sequence, *, size: float = TABLE_PT,
              kept: int = 2) -> None:
    """The rows of the list `rows` (`r` the row, `n` its number), the last `kept` of them kept
    on the page of what follows (the total and the signatures), so that a signature block
    never stands alone on a page; the others may end a page anywhere."""
    tag_row(t, f"{{%tr for r in {rows}[:-{kept}] %}}")
    table_row(t, [text.replace("{{ n }}", "{{ loop.index }}") for text in texts], aligns, size=size)
    tag_row(t, "{%tr endfor %}")
    tag_row(t, f"{{%tr for r in {rows}[-{kept}:] %}}")
    number = f"{{{{ [{rows}|length - {kept}, 0]|max + loop.index }}}}"
    table_row(t, [text.replace("{{ n }}", number) for text in texts], aligns, size=size, keep_next=True)
    tag_row(t, "{%tr endfor %}")


def tag_row(t: Table, text: str) -> None:
    """A row holding only a `{%tr … %}` tag; docxtpl replaces the whole row with the tag."""
    assert text.startswith("{%tr ") and text.endswith("%}"), text
    merged_row(t, text, size=10)


def chi_tieu_table(doc: Document) -> None:
    """The targets table `STT | Nội dung chỉ tiêu | Chỉ tiêu | Bên thực hiện`.

    One full-width bold row per group (`nhom`, first-appearance order), none for rows without a
    group; the STT runs on across groups (`ns.stt`) so every target has its own number.
    `gia_tri` is printed as written (`trên 95%`, `ít nhất 01`).
    """
    t = table(doc, [("STT", 12), ("Nội dung chỉ tiêu", 91), ("Chỉ tiêu", 30),
                    ("Bên thực hiện", 32)])
    tag_row(t, "{%tr for nhom, dong_nhom in chi_tieu|theo_nhom('nhom') %}")
    tag_row(t, "{%tr if nhom %}")
    merged_row(t, "{{ nhom }}", bold=True, keep_next=True)  # never last on a page
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr for r in dong_nhom %}")
    table_row(t, ["{% set ns.stt = ns.stt + 1 %}{{ ns.stt }}", "{{ r.noi_dung }}",
                  "{{ r.gia_tri }}", "{{ r.ben }}"], [CENTER, LEFT, CENTER, CENTER])
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr endfor %}")


# ---------------------------------------------------------------------------------------------
# Signatures and recipients


def signature_block(cell: _Cell, authority: Sequence[str], name: str, *,
                    when: str | None = None, blank: int = 4, size: float = SIGN_PT,
                    name_size: float = BODY_PT) -> None:
    """One signer in a cell of the signature table (NĐ 30, Phụ lục I, ô 7a–7c).

    Authority and title CAPS bold 13–14 pt (`TM. BAN CHẤP HÀNH` / `CHỦ TỊCH`), 3–4 empty lines
    for the signature and seal, the name bold in normal case. The cell is aligned to its
    bottom, so the names (and the titles above the blank lines) of one row line up even when
    an authority wraps onto more lines than its neighbours'. `name` is a Jinja expression;
    its paragraph is left out when it is empty. `when` (a Jinja condition) shows the block
    only if it holds; the cell then keeps its blank lines, as a cell needs a paragraph.
    """
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    signature_titles(cell, authority, when=when, blank=blank, size=size)
    signature_name(cell, name, when=when, size=name_size)


def signature_titles(cell: _Cell, authority: Sequence[str], *, when: str | None = None, blank: int = 4,
                     size: float = SIGN_PT, keep_next: bool = False) -> None:
    """The authority and title lines of a signer and the blank lines for the signature; a
    name breaks between word groups to fit the cell (`breakable`)."""
    room = cell.width.mm - 2 * SIGN_MARGIN
    first, *rest = (breakable(text, room, size, bold=True) for text in authority)
    line(cell, f"{{% if {when} %}}{first}{{% endif %}}" if when else first, size=size, bold=True,
         keep_next=keep_next)
    if rest:
        if when:
            tag(cell, f"{{%p if {when} %}}")
        for text in rest:
            line(cell, text, size=size, bold=True, keep_next=keep_next)
        if when:
            tag(cell, "{%p endif %}")
    for _ in range(blank):
        line(cell, size=BODY_PT, keep_next=keep_next)


def signature_name(cell: _Cell, name: str, *, when: str | None = None, size: float = BODY_PT,
                   after: float = 12, alone: bool = False) -> None:
    """The signer's name, bold in normal case; left out when empty. `alone`: the name is
    the cell's only paragraph, which must then stay (empty) for the cell to be valid."""
    condition = f"{when} and {name}" if when else name
    if alone:
        line(cell, f"{{% if {condition} %}}{{{{ {name} }}}}{{% endif %}}", size=size, bold=True, after=after)
        return
    tag(cell, f"{{%p if {condition} %}}")
    line(cell, f"{{{{ {name} }}}}", size=size, bold=True, after=after)
    tag(cell, "{%p endif %}")


def signature_table(doc: Document, columns: int, rows: int = 1) -> Table:
    """The borderless signature table: `columns` equal columns across the text width.

    1 mm cell margins keep neighbouring signers apart; each row is unsplittable (`w:cantSplit`),
    so a signer's title never ends a page whose next page holds the name.
    """
    return layout_table(doc, [TEXT_W / columns] * columns, rows=rows, cell_margin_mm=SIGN_MARGIN)


def noi_nhan(container, width_mm: float = TEXT_W) -> None:
    """Recipients, bottom-left (NĐ 30, Phụ lục I, ô 9a–9b).

    `Nơi nhận:` 12 pt bold italic; one entry a line, 11 pt, `- …;` from `noi_nhan|dong`; the
    last line `- Lưu: VT, CĐCS.` unless the user's list already has a `Lưu` line (which then
    ends with a full stop). `container` is the signature table's left cell, or the document
    when no cell is free; the lines keep together on one page. An entry wraps between word
    groups (`(để báo cáo)` stays whole) within `width_mm`.
    """
    if hasattr(container, "width") and container.width is not None:
        width_mm = container.width.mm - 2 * SIGN_MARGIN
    line(container, "Nơi nhận:", size=NOI_NHAN_PT, bold=True, italic=True, align=LEFT,
         keep_next=True)
    tag(container, "{%p set nn = namespace(luu=false) %}")
    tag(container, "{%p for x in noi_nhan|dong %}")
    line(container, "{% if x[:3]|lower == 'lưu' %}{% set nn.luu = true %}{% endif %}"
         + breakable("- {{ x }}{{ '.' if x[:3]|lower == 'lưu' else ';' }}", width_mm, NOI_NHAN_ITEM_PT),
         size=NOI_NHAN_ITEM_PT, align=LEFT, keep_next=True)
    tag(container, "{%p endfor %}")
    tag(container, "{%p if not nn.luu %}")
    line(container, "- Lưu: VT, CĐCS.", size=NOI_NHAN_ITEM_PT, align=LEFT)
    tag(container, "{%p endif %}")


def spacer(doc: Document, pt: float = 6, *, keep_next: bool = True) -> None:
    """A small gap before the signature table (a table cannot carry space before).

    It keeps with the table, as the last body paragraph keeps with it, so a signature page
    never starts without body text (practice). Not for a table longer than a page: LibreOffice
    would then move the whole table, and the text before it, to a new page.
    """
    line(doc, size=2, after=pt, keep_next=keep_next)


# ---------------------------------------------------------------------------------------------
# Pledges and the registration list


def build_giao_uoc() -> Document:
    """Bản giao ước thi đua between an agency's administration and its union."""
    doc = new_document("Bản giao ước thi đua")
    page_setup(doc.sections[0])
    page_number_header(doc)
    header_block(doc)
    title(doc, "BẢN GIAO ƯỚC THI ĐUA", "Giữa {{ don_vi }} và {{ cong_doan }} năm {{ nam }}")
    tag(doc, "{%p set ns = namespace(muc=0, stt=0) %}")
    tag(doc, "{%p if loi_mo_dau %}")
    body_paragraph(doc, "{{ loi_mo_dau }}")
    tag(doc, "{%p endif %}")
    body_paragraph(doc, "Nhằm thực hiện thắng lợi nhiệm vụ chính trị và đẩy mạnh các phong trào "
                        "thi đua năm {{ nam }}, {{ don_vi }} và {{ cong_doan }} thống nhất ký kết "
                        "giao ước thi đua với những nội dung sau:")

    tag(doc, "{%p if muc_tieu_chung %}")
    section_heading(doc, "MỤC TIÊU CHUNG")
    body_paragraph(doc, "{{ muc_tieu_chung }}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if chi_tieu %}")
    section_heading(doc, "CÁC CHỈ TIÊU THI ĐUA")
    chi_tieu_table(doc)
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if trach_nhiem %}")
    section_heading(doc, "TRÁCH NHIỆM CỦA MỖI BÊN")
    tag(doc, "{%p for ben, dong_ben in trach_nhiem|theo_nhom('ben') %}")
    # `ben` is "Chuyên môn" / "Công đoàn" in the sheet; name the party in full when we can.
    body_paragraph(doc, "{{ loop.index }}. Trách nhiệm của "
                        "{% if ben|lower in ('chuyên môn', 'chính quyền', 'thủ trưởng') %}"
                        "{{ don_vi }}{% elif ben|lower in ('công đoàn', 'ban chấp hành') %}"
                        "{{ cong_doan }}{% else %}{{ ben }}{% endif %}", keep_next=True)
    tag(doc, "{%p for r in dong_ben %}")
    body_paragraph(doc, "- {{ r.noi_dung }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    section_heading(doc, "TỔ CHỨC THỰC HIỆN")
    body_paragraph(doc, "1. Hai bên phổ biến bản giao ước này đến toàn thể cán bộ, công chức, "
                        "viên chức và người lao động trong cơ quan; cụ thể hóa các chỉ tiêu vào "
                        "chương trình, kế hoạch công tác và phát động phong trào thi đua sâu rộng.")
    body_paragraph(doc, "2. Định kỳ sơ kết 6 tháng và tổng kết năm để đánh giá kết quả thực hiện "
                        "giao ước; kịp thời biểu dương, khen thưởng và đề nghị cấp trên khen "
                        "thưởng các tập thể, cá nhân có thành tích tiêu biểu.")
    body_paragraph(doc, "3. Trong quá trình thực hiện, nếu có vấn đề phát sinh, hai bên cùng trao "
                        "đổi, thống nhất điều chỉnh, bổ sung cho phù hợp.")
    body_paragraph(doc, "Bản giao ước được lập thành 02 bản, mỗi bên giữ 01 bản và có giá trị kể "
                        "từ ngày ký./.", keep_next=True)

    spacer(doc)
    t = signature_table(doc, 2, rows=2)
    union, head = t.rows[0].cells
    signature_block(union, ["TM. BAN CHẤP HÀNH CÔNG ĐOÀN", "CHỦ TỊCH"], "chu_tich_ho_ten")
    # The head of the agency signs in person: no TM. (practice, docs/formats.md, *Signature blocks*).
    signature_block(head, ["{{ thu_truong_chuc_vu|hoa }}"], "thu_truong_ho_ten")
    noi_nhan(t.rows[1].cells[0])
    return doc


def build_giao_uoc_khoi() -> Document:
    """Bản giao ước thi đua of a cluster (khối) of unions, signed by every member."""
    doc = new_document("Bản giao ước thi đua khối")
    page_setup(doc.sections[0])
    page_number_header(doc)
    header_block(doc)
    title(doc, "BẢN GIAO ƯỚC THI ĐUA", "{{ khoi }} năm {{ nam }}")
    tag(doc, "{%p set ns = namespace(muc=0, stt=0) %}")
    tag(doc, "{%p if loi_mo_dau %}")
    body_paragraph(doc, "{{ loi_mo_dau }}")
    tag(doc, "{%p endif %}")
    body_paragraph(doc, "Nhằm thực hiện thắng lợi nhiệm vụ chính trị và đẩy mạnh các phong trào "
                        "thi đua năm {{ nam }}, các công đoàn cơ sở thành viên {{ khoi }} thống "
                        "nhất ký kết giao ước thi đua với những nội dung sau:")

    section_heading(doc, "THÀNH VIÊN KHỐI")
    body_paragraph(doc, "Khối thi đua gồm {{ '%02d'|format(thanh_vien|length) }} công đoàn cơ "
                        "sở:", after=0, keep_next=True)
    tag(doc, "{%p for m in thanh_vien %}")
    body_paragraph(doc, "{{ loop.index }}. {{ m.ten_cdcs }}{% if m.vai_tro %} "
                        "({{ m.vai_tro|capitalize }}){% endif %}{{ '.' if loop.last else ';' }}",
                   after=0)
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p if noi_dung_thi_dua %}")
    section_heading(doc, "NỘI DUNG THI ĐUA")
    tag(doc, "{%p for r in noi_dung_thi_dua %}")
    body_paragraph(doc, "{{ loop.index }}. {{ r.noi_dung }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if chi_tieu %}")
    section_heading(doc, "CHỈ TIÊU THI ĐUA")
    body_paragraph(doc, "Mỗi công đoàn cơ sở thành viên phấn đấu đạt các chỉ tiêu sau:",
                   keep_next=True)
    chi_tieu_table(doc)
    tag(doc, "{%p endif %}")

    section_heading(doc, "TỔ CHỨC THỰC HIỆN")
    body_paragraph(doc, "1. Các công đoàn cơ sở thành viên phổ biến bản giao ước đến toàn thể "
                        "đoàn viên, người lao động; xây dựng kế hoạch và phát động phong trào thi "
                        "đua tại đơn vị để thực hiện các nội dung, chỉ tiêu đã giao ước.")
    body_paragraph(doc, "2. Khối trưởng chủ trì, phối hợp với Khối phó theo dõi, đôn đốc việc "
                        "thực hiện giao ước; tổ chức sơ kết 6 tháng, tổng kết năm và kiểm tra "
                        "chéo giữa các đơn vị trong Khối.")
    body_paragraph(doc, "3. Cuối năm, các đơn vị tự chấm điểm theo bảng chấm điểm của Khối và gửi "
                        "báo cáo tổng kết về Khối trưởng; Khối họp chấm điểm, bình xét, suy tôn "
                        "đơn vị dẫn đầu và đề nghị công đoàn cấp trên khen thưởng theo quy định.")
    body_paragraph(doc, "Bản giao ước có giá trị kể từ ngày ký; mỗi công đoàn cơ sở thành viên "
                        "giữ 01 bản./.")

    # Signatures: every member union, 3 per row, the cluster leader first (practice). Each
    # row of signers is two table rows: the titles, aligned to the top so that they start on
    # one line, then the names, which therefore line up too however the titles wrap.
    spacer(doc, keep_next=False)
    t = signature_table(doc, 3, rows=4)
    tag_row_into(t.rows[0], "{%tr for hang in thanh_vien|khoi_truong_truoc|batch(3) %}")
    for i, (titles, name) in enumerate(zip(t.rows[1].cells, t.rows[2].cells)):
        member = f"hang[{i}]"
        titles.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        signature_titles(titles, ["TM. BCH {{ (%s.ten_cdcs|viet_tat)|hoa }}" % member, "CHỦ TỊCH"],
                         when=f"{member} is defined", blank=3, keep_next=True)
        signature_name(name, f"{member}.chu_tich", when=f"{member} is defined",
                       size=SIGN_PT, after=18, alone=True)  # 13 pt: a long name fits a 55 mm column
    tag_row_into(t.rows[3], "{%tr endfor %}")
    # The grid has no free left cell: the recipients follow it, at the left margin.
    noi_nhan(doc)
    return doc


def build_dang_ky_thi_dua() -> Document:
    """Danh sách đăng ký thi đua: individuals and collectives, titles and awards.

    Portrait: the 7-column individual table fits the 165 mm text width at 12 pt.
    """
    doc = new_document("Danh sách đăng ký thi đua")
    page_setup(doc.sections[0])
    page_number_header(doc)
    header_block(doc)
    title(doc, "DANH SÁCH ĐĂNG KÝ THI ĐUA",
          "Danh hiệu thi đua và hình thức khen thưởng năm {{ nam }}")
    # `don_vi` is set when generating one list per department (--group-by ca_nhan.don_vi).
    tag(doc, "{%p if don_vi %}")
    line(doc, "Đơn vị: {{ don_vi }}", after=6)
    tag(doc, "{%p endif %}")
    body_paragraph(doc, "Ban Chấp hành {{ cong_doan }} đăng ký danh hiệu thi đua và hình thức khen "
                        "thưởng năm {{ nam }} của các cá nhân, tập thể như sau:")

    size = 12
    body_paragraph(doc, "I. CÁ NHÂN", bold=True, keep_next=True)
    # Widths for 12 pt text: most names on one line, "Phòng Kế hoạch - Tài chính" on two.
    t = table(doc, [("STT", 10), ("Họ và tên", 35), ("Chức vụ", 24), ("Đơn vị", 32),
                    ("Danh hiệu thi đua", 23), ("Hình thức khen thưởng", 25), ("Ghi chú", 16)],
              size=size, cell_margin_mm=0.8)
    list_rows(t, "ca_nhan", ["{{ n }}", "{{ r.ho_va_ten }}", "{{ r.chuc_vu }}", "{{ r.don_vi }}",
                             "{{ r.danh_hieu }}", "{{ r.hinh_thuc_khen_thuong }}", "{{ r.ghi_chu }}"],
              [CENTER, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT], size=size)

    tag(doc, "{%p if tap_the %}")
    body_paragraph(doc, "II. TẬP THỂ", bold=True, keep_next=True).paragraph_format.space_before = Pt(6)
    t = table(doc, [("STT", 10), ("Tên tập thể", 50), ("Danh hiệu thi đua", 37),
                    ("Hình thức khen thưởng", 40), ("Ghi chú", 28)], size=size,
              cell_margin_mm=0.8)
    list_rows(t, "tap_the", ["{{ n }}", "{{ r.ten_tap_the }}", "{{ r.danh_hieu }}",
                             "{{ r.hinh_thuc_khen_thuong }}", "{{ r.ghi_chu }}"],
              [CENTER, LEFT, LEFT, LEFT, LEFT], size=size)
    tag(doc, "{%p endif %}")

    p = body_paragraph(doc, "Tổng cộng: {{ '%02d'|format(ca_nhan|length) }} cá nhân"
                            "{% if tap_the %}, {{ '%02d'|format(tap_the|length) }} tập thể"
                            "{% endif %}./.", keep_next=True)
    p.paragraph_format.space_before = Pt(6)

    spacer(doc)
    t = signature_table(doc, 3, rows=2)
    maker, head, union = t.rows[0].cells
    signature_block(maker, ["NGƯỜI LẬP BIỂU"], "nguoi_lap_bieu")
    signature_block(head, ["THỦ TRƯỞNG ĐƠN VỊ"], "thu_truong_ho_ten", when="thu_truong_ho_ten")
    signature_block(union, ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], "chu_tich_ho_ten")
    noi_nhan(t.rows[1].cells[0].merge(t.rows[1].cells[1]))
    return doc


def tag_row_into(row, text: str) -> None:
    """Turn an existing layout-table row into a `{%tr … %}` row (one tag in its first cell)."""
    assert text.startswith("{%tr ") and text.endswith("%}"), text
    line(row.cells[0], text, size=10, align=LEFT)


# ---------------------------------------------------------------------------------------------
# Report, scoring sheet, Dân vận khéo registration


def text_lines(doc: Document, field: str) -> None:
    """A multi-line text cell as body paragraphs, one per non-empty line, as written.

    The engine turns a cell's line breaks into `w:br` inside one paragraph, and Word stretches
    a justified line that ends in a break; a paragraph per line keeps every line justified
    with its first-line indent and 6 pt between lines (NĐ 30, Phụ lục I, ô 6). Lines keep their
    own `- ` bullets and end punctuation: in a report they are sentences, not list items (the
    `dong` filter, which strips both, is for lists). An empty field gives no paragraph.
    """
    tag(doc, f"{{%p for d in (({field} or '')|string).splitlines() if d.strip() %}}")
    body_paragraph(doc, "{{ d.strip() }}")
    tag(doc, "{%p endfor %}")


def optional_section(doc: Document, heading: str, field: str) -> None:
    """`N. HEADING` and the field's lines, or nothing at all when the field is empty."""
    tag(doc, f"{{%p if {field} %}}")
    section_heading(doc, heading)
    text_lines(doc, field)
    tag(doc, "{%p endif %}")


def sub_heading(doc: Document, text: str, *, before: float = 0) -> None:
    """An unnumbered bold heading inside a section, kept with what follows (a table)."""
    p = body_paragraph(doc, text, bold=True, keep_next=True)
    p.paragraph_format.space_before = Pt(before)


def labelled_value(doc: Document, label: str, expr: str) -> None:
    """`- Label: value`, left out when the value is empty (a registration's detail lines).

    A value of several lines becomes `- Label:` followed by one `+ …;` paragraph a line, the
    last ending with a full stop (docs/formats.md, *Body*: points `-`, `+`).
    """
    tag(doc, f"{{%p if {expr} %}}")
    tag(doc, f"{{%p if ({expr}|dong)|length > 1 %}}")
    body_paragraph(doc, f"- {label}:", keep_next=True)
    tag(doc, f"{{%p for d in {expr}|dong %}}")
    body_paragraph(doc, "+ {{ d }}{{ '.' if loop.last else ';' }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    body_paragraph(doc, f"- {label}: {{{{ {expr} }}}}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def signer_beside_recipients(doc: Document, authority: Sequence[str], name: str) -> None:
    """One signer on the right, `Nơi nhận` on the left, in one borderless row (NĐ 30, Phụ lục
    I, ô 7 and 9): both cells start at the top, so `Nơi nhận:` lines up with the authority."""
    spacer(doc)
    t = signature_table(doc, 2)
    left, right = t.rows[0].cells
    noi_nhan(left)
    signature_block(right, authority, name)
    right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def build_bao_cao_tong_ket() -> Document:
    """Báo cáo tổng kết: a unit's year-end report, with its targets against results.

    Sections I–V are each left out when their field is empty, the numbering staying
    consecutive; II is always there, as the results table is required. A report always has
    a number: the draft form `Số:      /BC-CĐCS` when `so_ky_hieu` is empty.
    """
    doc = new_document("Báo cáo tổng kết")
    page_setup(doc.sections[0])
    page_number_header(doc)
    header_block(doc, draft_number="/BC-CĐCS")
    title(doc, "BÁO CÁO", "{{ tieu_de }}")
    tag(doc, "{%p set ns = namespace(muc=0) %}")
    optional_section(doc, "ĐẶC ĐIỂM TÌNH HÌNH", "dac_diem")

    tag(doc, "{%p if ket_qua_chung or ket_qua or khen_thuong %}")
    section_heading(doc, "KẾT QUẢ THỰC HIỆN")
    text_lines(doc, "ket_qua_chung")
    tag(doc, "{%p if ket_qua %}")
    sub_heading(doc, "Kết quả thực hiện các chỉ tiêu thi đua đã đăng ký")
    # Six columns: 12 pt as in the registration list, so that a target's text fits on one or
    # two lines and `Không đạt` on one.
    size = 12
    t = table(doc, [("STT", 12), ("Nội dung chỉ tiêu", 67), ("ĐVT", 18), ("Đăng ký", 23),
                    ("Thực hiện", 23), ("Đánh giá", 22)], size=size)
    tag_row(t, "{%tr for r in ket_qua %}")
    table_row(t, ["{{ loop.index }}", "{{ r.noi_dung }}", "{{ r.don_vi_tinh }}", "{{ r.dang_ky }}",
                  "{{ r.thuc_hien }}", "{{ r.danh_gia }}"],
              [CENTER, LEFT, CENTER, CENTER, CENTER, CENTER], size=size)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if khen_thuong %}")
    sub_heading(doc, "Khen thưởng đã nhận", before=6)
    t = table(doc, [("STT", 12), ("Hình thức khen thưởng", 98), ("Cấp", 30), ("Số lượng", 25)],
              size=size)
    tag_row(t, "{%tr for r in khen_thuong %}")
    # Counts below 10 are written 01, 02 … (docs/formats.md, *Numbers and words*).
    table_row(t, ["{{ loop.index }}", "{{ r.hinh_thuc }}", "{{ r.cap }}",
                  "{{ '%02d'|format(r.so_luong) if r.so_luong is integer and 0 <= r.so_luong < 10 "
                  "else r.so_luong|so }}"],
              [CENTER, LEFT, CENTER, CENTER], size=size)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    optional_section(doc, "TỒN TẠI, HẠN CHẾ", "ton_tai")
    optional_section(doc, "PHƯƠNG HƯỚNG, NHIỆM VỤ", "phuong_huong")
    optional_section(doc, "ĐỀ XUẤT, KIẾN NGHỊ", "de_xuat")

    tag(doc, "{%p if tu_xep_loai %}")
    p = body_paragraph(doc, "Tự xếp loại: ", bold=True)
    add_run(p, "{{ tu_xep_loai|trim(' .') }}.", size=BODY_PT)
    tag(doc, "{%p endif %}")
    # A fixed last sentence, so the body ends with ./. whichever sections are present.
    body_paragraph(doc, "Trên đây là báo cáo tổng kết phong trào thi đua năm {{ nam }} của đơn "
                        "vị./.", keep_next=True)

    signer_beside_recipients(doc, ["{{ (nguoi_ky_tham_quyen or 'TM. BAN CHẤP HÀNH')|hoa }}",
                                   "{{ (nguoi_ky_chuc_vu or 'CHỦ TỊCH')|hoa }}"],
                             "nguoi_ky_ho_ten")
    return doc


# Landscape header block: a wider left column, so a cluster's long name (the issuing body of a
# scoring sheet) fits on one line; the right one takes the rest of the 252 mm, so the quốc
# hiệu sits over the right part of the wide page.
HEADER_LEFT_W_LANDSCAPE = 110


def total_row(t: Table, texts: Sequence[str], aligns: Sequence) -> None:
    """The bold `TỔNG CỘNG` row: its label (`r.noi_dung`) centred across the STT and content
    columns, then one cell per remaining column."""
    row = t.add_row()
    keep_together(row)
    label = row.cells[0].merge(row.cells[1])
    cells = [label, *row.cells[2:]]
    for cell, text, align in zip(cells, ["{{ r.noi_dung }}", *texts], [CENTER, *aligns]):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        line(cell, text, size=TABLE_PT, bold=True, align=align, before=3, after=3)


def build_bang_cham_diem() -> Document:
    """Bảng chấm điểm thi đua: a unit's self scores and the cluster's scores, criterion by
    criterion (HD 1294/HD-TLĐ: groups I, II … → criteria 1, 2 … → 1.1 …).

    Landscape: the page is mainly a six-column table (NĐ 30 allows it). The rows come from
    `tieu_chi` with subtotals already computed; three row variants: the final TỔNG CỘNG row
    (label across STT and content, bold), group and parent rows (bold, kept with the next
    row), criteria. Points are centred, `8,5` style.
    """
    doc = new_document("Bảng chấm điểm thi đua")
    page_setup(doc.sections[0], landscape=True)
    page_number_header(doc)
    header_block(doc, widths_mm=(HEADER_LEFT_W_LANDSCAPE,
                                 TEXT_W_LANDSCAPE - HEADER_LEFT_W_LANDSCAPE))
    # `khoi` is usually written "Khối thi đua …": do not repeat the words.
    title(doc, "BẢNG CHẤM ĐIỂM THI ĐUA NĂM {{ nam }}",
          "{% if not (khoi|lower).startswith('khối') %}Khối thi đua: {% endif %}{{ khoi }}",
          "Đơn vị: {{ don_vi }}", text_w=TEXT_W_LANDSCAPE)
    body_paragraph(doc, "Căn cứ bản giao ước thi đua và các tiêu chí chấm điểm thi đua năm "
                        "{{ nam }} của {{ khoi }}, kết quả tự chấm điểm của {{ don_vi }} và kết "
                        "quả chấm điểm của Khối thi đua như sau:", keep_next=True)

    # Point columns wide enough for their headers on two lines (`Điểm khối` / `chấm`).
    columns = [("STT", 14), ("Nội dung tiêu chí", 117), ("Điểm chuẩn", 22),
               ("Điểm tự chấm", 24), ("Điểm khối chấm", 25), ("Giải trình", 50)]
    t = table(doc, columns)
    cells = ["{{ r.stt }}", "{{ r.noi_dung }}", "{{ r.diem_chuan }}", "{{ r.tu_cham }}",
             "{{ r.khoi_cham }}", "{{ r.giai_trinh }}"]
    aligns = [CENTER, LEFT, CENTER, CENTER, CENTER, LEFT]
    tag_row(t, "{%tr for r in tieu_chi %}")
    tag_row(t, "{%tr if r.la_tong %}")
    total_row(t, cells[2:], aligns[2:])
    tag_row(t, "{%tr elif r.la_nhom %}")
    table_row(t, cells, aligns, bold=True, keep_next=True)
    tag_row(t, "{%tr else %}")
    table_row(t, cells, aligns)
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")

    # The scored unit on the left, the cluster on the right (docs/formats.md, *Scoring sheets*).
    # A scoring sheet seldom lists recipients: the Nơi nhận row is there only when set.
    spacer(doc, 12)
    t = layout_table(doc, [TEXT_W_LANDSCAPE / 2] * 2, rows=4, cell_margin_mm=1)
    unit, cluster = t.rows[0].cells
    signature_block(unit, ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], "chu_tich_ho_ten")
    signature_block(cluster, ["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG"], "khoi_truong_ho_ten")
    # Both titles are two fixed lines: align to the top, so that a name left blank (signed
    # by hand) does not drop its side's title below the other's.
    for cell in (unit, cluster):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    tag_row_into(t.rows[1], "{%tr if noi_nhan %}")
    noi_nhan(t.rows[2].cells[0])
    tag_row_into(t.rows[3], "{%tr endif %}")
    return doc


def build_dang_ky_dan_van_kheo() -> Document:
    """Đăng ký mô hình "Dân vận khéo": a list of the models, then one block per model.

    I. the list (`STT | Tên mô hình | Lĩnh vực | Thời gian`), the overview the union above
    tallies by field; II. each model's details, every `- Label: …` line only when set.
    """
    doc = new_document("Đăng ký mô hình Dân vận khéo")
    page_setup(doc.sections[0])
    page_number_header(doc)
    header_block(doc)
    title(doc, "ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO”", "Năm {{ nam }}")
    tag(doc, "{%p set ns = namespace(muc=0) %}")
    body_paragraph(doc, "{{ don_vi }} đăng ký {{ '%02d'|format(mo_hinh|length) }} mô hình "
                        "“Dân vận khéo” năm {{ nam }} như sau:", keep_next=True)
    section_heading(doc, "DANH SÁCH MÔ HÌNH ĐĂNG KÝ")
    t = table(doc, [("STT", 12), ("Tên mô hình", 80), ("Lĩnh vực", 38), ("Thời gian", 35)])
    tag_row(t, "{%tr for m in mo_hinh %}")
    table_row(t, ["{{ loop.index }}", "{{ m.ten_mo_hinh }}", "{{ m.linh_vuc }}",
                  "{{ m.thoi_gian }}"], [CENTER, LEFT, CENTER, CENTER])
    tag_row(t, "{%tr endfor %}")
    section_heading(doc, "NỘI DUNG CÁC MÔ HÌNH")
    tag(doc, "{%p for m in mo_hinh %}")
    sub_heading(doc, "{{ loop.index }}. Tên mô hình: {{ m.ten_mo_hinh }}", before=6)
    for label, key in (("Lĩnh vực", "linh_vuc"), ("Mục tiêu", "muc_tieu"),
                       ("Nội dung thực hiện", "noi_dung"), ("Thời gian", "thoi_gian"),
                       ("Lực lượng tham gia", "luc_luong"), ("Kết quả dự kiến", "ket_qua_du_kien"),
                       ("Người phụ trách", "nguoi_phu_trach")):
        labelled_value(doc, label, f"m.{key}")
    tag(doc, "{%p endfor %}")
    body_paragraph(doc, "Đơn vị cam kết tổ chức thực hiện có hiệu quả các mô hình đã đăng ký; định "
                        "kỳ sơ kết, tổng kết, nhân rộng cách làm hay và báo cáo kết quả về công "
                        "đoàn cấp trên theo quy định./.", keep_next=True)
    signer_beside_recipients(doc, ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], "chu_tich_ho_ten")
    return doc


# ---------------------------------------------------------------------------------------------
# Cluster summary report


def build_bao_cao_tong_hop() -> Document:
    """Báo cáo tổng hợp kết quả thi đua: a cluster's year, written by `thidua summarize --report`.

    The context comes from `toolkit.summary.report`: the header fields, `tom_tat` (the summary
    paragraphs, written from the figures), `xep_hang` (rank, unit, score, grade, proposal),
    `doi_chieu` (unit, target, pledge, result, verdict), `van_de` (the rule checks' findings),
    `de_nghi` (one line per kind of proposal) and `bieu_do` (whether there is a chart). The
    chart is a picture python-docx puts where the paragraph `[[BIEU_DO]]` is. The ranking,
    targets and proposals sections are left out when empty, the numbering staying consecutive;
    the issues section is always there, saying so when the checks found nothing. Signed by the cluster leader: `TM. KHỐI THI ĐUA` /
    `KHỐI TRƯỞNG` (docs/formats.md, *Scoring sheets*), recipients beside.
    """
    doc = new_document("Báo cáo tổng hợp kết quả thi đua")
    page_setup(doc.sections[0])
    page_number_header(doc)
    header_block(doc, draft_number="/BC-KTĐ",
                 place_date="{% if dia_danh %}{{ dia_danh }}{% else %}……{% endif %}, {{ ngay_ky|ngay_thang(nam) }}")
    title(doc, "BÁO CÁO", "Tổng hợp kết quả thi đua năm {{ nam }}", "{{ khoi }}")
    tag(doc, "{%p set ns = namespace(muc=0) %}")
    body_paragraph(doc, "Căn cứ bản giao ước thi đua năm {{ nam }}, báo cáo tổng kết và bảng chấm điểm "
                        "của các công đoàn cơ sở thành viên, {{ khoi }} báo cáo kết quả thi đua năm "
                        "{{ nam }} như sau:")
    section_heading(doc, "KẾT QUẢ CHUNG")
    tag(doc, "{%p for d in tom_tat %}")
    body_paragraph(doc, "{{ d }}")
    tag(doc, "{%p endfor %}")

    size = 12  # five and six columns, as in the year-end report
    tag(doc, "{%p if xep_hang %}")
    section_heading(doc, "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG")
    t = table(doc, [("Hạng", 14), ("Đơn vị", 57), ("Điểm", 16), ("Xếp loại", 40), ("Đề nghị", 38)],
              size=size)
    tag_row(t, "{%tr for r in xep_hang %}")
    table_row(t, ["{{ r.hang }}", "{{ r.don_vi }}", "{{ r.diem }}", "{{ r.xep_loai }}", "{{ r.de_nghi }}"],
              [CENTER, LEFT, CENTER, CENTER, CENTER], size=size)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p if bieu_do %}")
    line(doc, CHART_PLACEHOLDER, before=12, keep_next=True)
    line(doc, "Biểu đồ: Điểm thi đua năm {{ nam }} của các đơn vị", size=13, italic=True, after=6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if doi_chieu %}")
    section_heading(doc, "KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA")
    t = table(doc, [("STT", 12), ("Đơn vị", 43), ("Chỉ tiêu", 38), ("Đăng ký", 24), ("Thực hiện", 24),
                    ("Đánh giá", 24)], size=size)
    tag_row(t, "{%tr for r in doi_chieu %}")
    table_row(t, ["{{ loop.index }}", "{{ r.don_vi }}", "{{ r.chi_tieu }}", "{{ r.dang_ky }}",
                  "{{ r.thuc_hien }}", "{{ r.danh_gia }}"],
              [CENTER, LEFT, LEFT, CENTER, CENTER, CENTER], size=size)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")

    section_heading(doc, "NHỮNG VẤN ĐỀ CẦN LƯU Ý")
    tag(doc, "{%p if van_de %}")
    body_paragraph(doc, "Kiểm tra số liệu của các đơn vị theo quy định về danh hiệu thi đua và chấm "
                        "điểm, có những vấn đề sau cần các đơn vị xác minh, điều chỉnh:", keep_next=True)
    t = table(doc, [("STT", 12), ("Đơn vị", 40), ("Nội dung", 88), ("Mức độ", 25)], size=size)
    tag_row(t, "{%tr for r in van_de %}")
    table_row(t, ["{{ loop.index }}", "{{ r.don_vi }}", "{{ r.noi_dung }}", "{{ r.muc_do }}"],
              [CENTER, LEFT, LEFT, CENTER], size=size)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p else %}")
    body_paragraph(doc, "Kiểm tra số liệu của các đơn vị theo quy định về danh hiệu thi đua và chấm "
                        "điểm, không phát hiện sai sót.")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if de_nghi %}")
    section_heading(doc, "ĐỀ NGHỊ KHEN THƯỞNG")
    body_paragraph(doc, "Căn cứ kết quả chấm điểm, xếp hạng, {{ khoi }} đề nghị công đoàn cấp trên "
                        "xem xét, khen thưởng:", keep_next=True)
    tag(doc, "{%p for d in de_nghi %}")
    body_paragraph(doc, "- {{ d }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    body_paragraph(doc, "Trên đây là báo cáo tổng hợp kết quả thi đua năm {{ nam }} của {{ khoi }}./.",
                   keep_next=True)

    signer_beside_recipients(doc, ["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG"], "khoi_truong_ho_ten")
    return doc


BUILDERS = {
    "giao-uoc": build_giao_uoc,
    "giao-uoc-khoi": build_giao_uoc_khoi,
    "dang-ky-thi-dua": build_dang_ky_thi_dua,
    "bao-cao-tong-ket": build_bao_cao_tong_ket,
    "bang-cham-diem": build_bang_cham_diem,
    "dang-ky-dan-van-kheo": build_dang_ky_dan_van_kheo,
    "bao-cao-tong-hop": build_bao_cao_tong_hop,
}


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        path = OUT_DIR / f"{name}.docx"
        save(build(), path)
        print(path)


# ---------------------------------------------------------------------------------------------
# Raw OOXML helpers


def _val(tag_name: str, value) -> OxmlElement:
    el = OxmlElement(tag_name)
    el.set(qn("w:val"), str(value))
    return el


def _page_field(p, size: float) -> None:
    """A PAGE field as Word writes it: begin / instrText / separate / result / end."""
    def field_run(kind: str | None = None, instr: str | None = None, text: str | None = None):
        run = add_run(p, "", size=size)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            run._r.append(el)
        if text:
            run.text = text
    field_run("begin")
    field_run(instr=" PAGE ")
    field_run("separate")
    field_run(text="2")
    field_run("end")


def save(doc: Document, path: Path) -> None:
    """Save with fixed zip timestamps, so rebuilding unchanged templates changes no bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    tmp = path.with_suffix(".docx.tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(path)


if __name__ == "__main__":
    main()

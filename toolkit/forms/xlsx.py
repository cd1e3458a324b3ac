"""The Excel forms: registration list, results report and scoring sheet.

Each form is one sheet laid out like an official document (NĐ 30, Phụ lục I, as summarised in
docs/formats.md): the header block in cells — parent body and issuing body on the left,
the national motto on the right — the title in CAPS bold, the unit's line, instructions in
Vietnamese, then the tables and the signature block, all in Times New Roman.

What a unit may fill is unlocked and tinted light yellow; everything else is locked by sheet
protection without a password (so nobody is ever locked out, but nobody breaks the layout by
accident), and the workbook structure is locked so the hidden sheets stay put. Allowed values
come as dropdowns (data validation lists read from the hidden sheet `_danh_sach`, since an
inline list is limited to 255 characters and cannot hold commas), counts and points as number
validations with a Vietnamese message. Texts from DATA are always stored as text, never as
formulas; the only formulas are our own subtotals.

Glossary: *đăng ký thi đua* registration for emulation titles, *chỉ tiêu* target, *đăng ký* /
*thực hiện* pledged / achieved, *tự xếp loại* self-grading, *điểm chuẩn* maximum points,
*tự chấm* / *khối chấm* self score / cluster score, *giải trình* explanation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from .. import vn
from ..safety import looks_like_formula
from ..scoring import TOTAL_LABEL, is_penalty
from ..office.identity import FormLayout, Section, write_xlsx_identity
from .inputs import FormInput

FONT = "Times New Roman"
SIZE = 12  # cells; the header block 12–13 pt, the title 14 pt (NĐ 30, Phụ lục I)
TITLE_SIZE = 14
NOTE_SIZE = 11
LIST_SHEET = "_danh_sach"

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"  # typed `03` or `96,5%` stays exactly as typed

# NĐ 30, Phụ lục I: margins top/bottom 20 mm, left 30 mm, right 15 mm (openpyxl wants inches).
MARGINS = PageMargins(left=30 / 25.4, right=15 / 25.4, top=20 / 25.4, bottom=20 / 25.4,
                      header=10 / 25.4, footer=10 / 25.4)
A4 = 9  # paperSize code of A4 (ECMA-376 Part 1, 18.3.1.63)

# The four levels of HD 1294/HD-TLĐ (2019), best first.
GRADES = ("cdcs_hoan_thanh_xuat_sac", "cdcs_hoan_thanh_tot", "cdcs_hoan_thanh", "cdcs_khong_hoan_thanh")

# The organisation counts asked for in the results report (metric code, line, unit of count).
COUNTS = (
    ("so_nguoi_lao_dong", "Tổng số cán bộ, công chức, viên chức, lao động (CBCCVCLĐ)", "Người"),
    ("so_doan_vien", "Tổng số đoàn viên công đoàn", "Người"),
    ("lao_dong_tien_tien", "Số cá nhân đạt danh hiệu Lao động tiên tiến (LĐTT)", "Người"),
    ("chien_si_thi_dua_co_so", "Số cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở (CSTĐCS)", "Người"),
    ("sang_kien", "Số sáng kiến được công nhận", "Sáng kiến"),
)

EXTRA_PEOPLE = 10  # empty rows for members not on the list
EXTRA_COLLECTIVES = 5


@dataclass(frozen=True)
class Column:
    label: str  # the header text, kept stable: the parser matches it
    width: float
    field: str  # the field it holds, recorded in `_thidua`


REGISTRATION = (
    Column("STT", 6, "stt"), Column("Họ và tên", 26, "ho_va_ten"), Column("Chức vụ", 18, "chuc_vu"),
    Column("Đơn vị", 24, "don_vi"), Column("Danh hiệu thi đua đăng ký", 27, "danh_hieu"),
    Column("Hình thức khen thưởng", 30, "hinh_thuc_khen_thuong"), Column("Ghi chú", 18, "ghi_chu"),
)
# Collectives share the sheet's columns; the name spans B:D.
COLLECTIVE_LABELS = ("STT", "Tên tập thể", None, None, "Danh hiệu thi đua đăng ký", "Hình thức khen thưởng",
                     "Ghi chú")
COLLECTIVE_FIELDS = ("stt", "ten_tap_the", "", "", "danh_hieu", "hinh_thuc_khen_thuong", "ghi_chu")
REPORT = (
    Column("STT", 6, "stt"), Column("Mã chỉ tiêu", 22, "ma_chi_tieu"),
    Column("Nội dung chỉ tiêu", 50, "noi_dung"), Column("Đơn vị tính", 11, "don_vi_tinh"),
    Column("Đăng ký", 15, "dang_ky"), Column("Thực hiện", 15, "thuc_hien"), Column("Ghi chú", 20, "ghi_chu"),
)
SCORING = (
    Column("STT", 7, "stt"), Column("Nội dung tiêu chí", 52, "noi_dung"), Column("Điểm chuẩn", 11, "diem_chuan"),
    Column("Điểm tự chấm", 11, "tu_cham"), Column("Điểm khối chấm", 11, "khoi_cham"),
    Column("Giải trình", 26, "giai_trinh"),
)

SHEET_TITLES = {"dang-ky-thi-dua": "Đăng ký thi đua", "bao-cao-ket-qua": "Báo cáo kết quả",
                "bang-cham-diem": "Bảng chấm điểm"}


# --- the sheet being written ---------------------------------------------------------------


class FormSheet:
    """One form sheet written top to bottom; `row` is the next free row."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column], *, left_span: int,
                 landscape: bool):
        self.wb = wb
        self.ws = wb.active
        self.ws.title = title
        self.columns = columns
        self.width = len(columns)
        self.left_span = left_span
        self.landscape = landscape
        self.row = 1
        self.lists: dict[str, str] = {}  # list title → its range on the list sheet
        for i, col in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width

    # cells

    def put(self, row: int, col: int, value: Any = None, *, bold: bool = False, italic: bool = False,
            size: float = SIZE, align: str = "left", valign: str = "center", wrap: bool = True,
            border: bool = False, fill: PatternFill | None = None, editable: bool = False,
            tint: bool = True, text: bool = False, color: str | None = None, shrink: bool = False):
        """Write one cell. Text from DATA is stored as text even when it starts with `=`.

        `editable` unlocks the cell and, unless `tint` is off, tints it as an input cell.
        """
        cell = self.ws.cell(row, col)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", vn.nfc(value))
        cell.value = value
        if looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.font = Font(name=FONT, size=size, bold=bold, italic=italic, color=color)
        cell.alignment = Alignment(horizontal=align, vertical=valign, wrap_text=wrap and not shrink,
                                   shrink_to_fit=shrink)
        if border:
            cell.border = BOX
        if editable:
            cell.protection = UNLOCKED
        if editable and tint:
            cell.fill = fill or INPUT_FILL
        elif fill is not None:
            cell.fill = fill
        if text:
            cell.number_format = TEXT_FORMAT
        return cell

    def formula(self, row: int, col: int, formula: str, **style):
        cell = self.put(row, col, None, **style)
        cell.value = formula  # our own formula: the one place a cell may start with `=`
        return cell

    def merge(self, row: int, first: int, last: int) -> None:
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def span(self, first: int, last: int) -> float:
        return sum(c.width for c in self.columns[first - 1:last])

    def height(self, row: int, texts: Sequence[tuple[str, float, float, bool]]) -> None:
        """Row height for merged text cells, which no program auto-fits.

        `texts` are (text, width in characters, font size, caps).
        """
        lines = max(_lines(text, width, size, caps) * size * 1.25 for text, width, size, caps in texts)
        self.ws.row_dimensions[row].height = max(lines + 4, SIZE * 1.5)

    # blocks

    def line(self, text: str, *, first: int = 1, last: int | None = None, **style) -> int:
        """A full-width (or `first`..`last`) merged line of text; returns its row."""
        last = last or self.width
        row = self.row
        self.put(row, first, text, **style)
        self.merge(row, first, last)
        self.height(row, [(text, self.span(first, last), style.get("size", SIZE), False)])
        self.row += 1
        return row

    def gap(self, points: float = 8) -> None:
        self.ws.row_dimensions[self.row].height = points
        self.row += 1

    def header_block(self, form: FormInput) -> None:
        """Rows 1–3: left `CƠ QUAN CHỦ QUẢN` / **CƠ QUAN BAN HÀNH**; right the national motto
        and the dateline, a draft (`ngày    tháng    năm 2025`) the unit may complete."""
        left, right = (1, self.left_span), (self.left_span + 1, self.width)
        lw, rw = self.span(*left), self.span(*right)
        parent, issuer = vn.upper(form.text("co_quan_chu_quan")), vn.upper(form.text("co_quan_ban_hanh"))
        dateline = vn.format_place_date(form.text("dia_danh"), None, form.year)
        # (left text, left bold, right text, right bold, right is the editable dateline)
        rows = [
            (parent, False, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
            (issuer, True, "Độc lập - Tự do - Hạnh phúc", True, False),
            ("", False, dateline, False, True),
        ]
        for left_text, left_bold, right_text, right_bold, dated in rows:
            r = self.row
            self.put(r, left[0], left_text or None, bold=left_bold, align="center")
            self.merge(r, *left)
            self.put(r, right[0], right_text, bold=right_bold, italic=dated, align="center",
                     editable=dated, tint=False, text=dated)
            self.merge(r, *right)
            self.height(r, [(left_text, lw, SIZE, True), (right_text, rw, SIZE, right_bold)])
            self.row += 1
        self.gap()

    def title(self, text: str, *lines: str) -> None:
        r = self.line(vn.upper(text), bold=True, size=TITLE_SIZE, align="center")
        self.height(r, [(vn.upper(text), self.span(1, self.width), TITLE_SIZE, True)])
        for text_line in lines:
            self.line(text_line, bold=True, align="center")
        self.gap()

    def instructions(self, items: Sequence[str]) -> None:
        self.line("Hướng dẫn điền mẫu:", bold=True, italic=True, size=NOTE_SIZE)
        for i, item in enumerate(items, start=1):
            self.line(f"{i}. {item}", italic=True, size=NOTE_SIZE, valign="top")
        self.gap()

    def section_title(self, text: str) -> int:
        return self.line(text, bold=True)

    def table_header(self, labels: Sequence[str | None] | None = None,
                     merges: Sequence[tuple[int, int]] = ()) -> int:
        r = self.row
        labels = labels or [c.label for c in self.columns]
        for i, label in enumerate(labels, start=1):
            self.put(r, i, label, bold=True, align="center", border=True, fill=HEADER_FILL)
        for first, last in merges:
            self.merge(r, first, last)
        self.row += 1
        return r

    def signatures(self, blocks: Sequence[tuple[int, int, Sequence[str], str]]) -> None:
        """Signers side by side: (first column, last column, CAPS bold titles, name)."""
        self.gap()
        top = self.row
        depth = max(len(titles) for _, _, titles, _ in blocks)
        for first, last, titles, name in blocks:
            for i, title_line in enumerate(titles):
                self.put(top + i, first, title_line, bold=True, align="center")
                self.merge(top + i, first, last)
            name_row = top + depth + 4  # 3–4 empty lines for signature and seal (NĐ 30)
            self.put(name_row, first, name or None, bold=True, align="center", editable=True, tint=False,
                     text=True)
            self.merge(name_row, first, last)
        self.row = top + depth + 5

    def list_range(self, title: str, values: Sequence[str]) -> str:
        """The range of a dropdown's allowed values on the hidden list sheet."""
        if title in self.lists:
            return self.lists[title]
        ws = self.wb[LIST_SHEET] if LIST_SHEET in self.wb.sheetnames else self._list_sheet()
        col = len(self.lists) + 1
        ws.cell(1, col, title).font = Font(name=FONT, bold=True)
        for i, value in enumerate(values, start=2):
            ws.cell(i, col, value).font = Font(name=FONT)
        ws.column_dimensions[get_column_letter(col)].width = max(len(v) for v in values) + 2
        letter = get_column_letter(col)
        self.lists[title] = f"{LIST_SHEET}!${letter}$2:${letter}${len(values) + 1}"
        return self.lists[title]

    def _list_sheet(self):
        ws = self.wb.create_sheet(LIST_SHEET)
        ws.sheet_state = "hidden"
        ws.protection.sheet = True
        return ws

    def dropdown(self, title: str, values: Sequence[str], cells: str, *, what: str) -> DataValidation:
        dv = DataValidation(
            type="list", formula1=self.list_range(title, values), allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle="Giá trị không hợp lệ",
            error=f"Hãy chọn {what} trong danh sách thả xuống (bấm vào mũi tên bên phải ô).",
            showInputMessage=True, promptTitle=_short(what.capitalize()),
            prompt=f"Chọn {what} trong danh sách.")
        self.ws.add_data_validation(dv)
        for cell_range in cells.split():
            dv.add(cell_range)
        return dv

    def fit_rows(self) -> None:
        """Heights for the rows not sized yet, from their texts.

        Neither Excel nor LibreOffice grows a row for wrapped text on opening a file written by
        a program, and never for merged cells, so each row gets the height its longest text
        needs (a generous estimate).
        """
        spans = {(r.min_row, r.min_col): self.span(r.min_col, r.max_col) for r in self.ws.merged_cells.ranges}
        for r in range(1, self.row):
            if self.ws.row_dimensions[r].height is not None:
                continue
            needed = [SIZE * 1.5]
            for c in range(1, self.width + 1):
                cell = self.ws.cell(r, c)
                if cell.value is None or cell.data_type == "f":
                    continue
                size = cell.font.sz or SIZE
                width = spans.get((r, c), self.columns[c - 1].width)
                lines = 1 if cell.alignment.shrink_to_fit else _lines(str(cell.value), width, size,
                                                                       bold=bool(cell.font.b))
                needed.append(lines * size * 1.3 + 5)
            self.ws.row_dimensions[r].height = max(needed)

    def finish(self, header_row: int, layout: FormLayout) -> Workbook:
        ws = self.ws
        self.fit_rows()
        # Page setup: A4, fit to the page width, the table header repeated on every page.
        ws.page_setup.paperSize = A4
        ws.page_setup.orientation = "landscape" if self.landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = MARGINS
        ws.print_options.horizontalCentered = True
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.print_area = f"A1:{get_column_letter(self.width)}{self.row - 1}"
        # Page numbers centred at the top, not on page 1 (NĐ 30, Phụ lục I: số trang).
        ws.HeaderFooter.differentFirst = True
        ws.oddHeader.center.text = "&P"
        ws.oddHeader.center.font = f"{FONT},Regular"
        ws.oddHeader.center.size = 13
        ws.sheet_view.showGridLines = False
        # Protection without a password: fixed parts locked; widths and heights may change.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.selectLockedCells = False
        ws.protection.selectUnlockedCells = False
        self.wb.security = WorkbookProtection(lockStructure=True)
        self.wb.calculation.fullCalcOnLoad = True
        props = self.wb.properties
        props.title = ws.title
        props.creator = props.lastModifiedBy = "thidua"
        props.language = "vi-VN"
        write_xlsx_identity(self.wb, layout)
        self.wb.active = 0
        return self.wb


def _lines(text: str, width: float, size: float, caps: bool = False, bold: bool = False) -> int:
    """How many lines `text` takes in a cell `width` characters wide (a generous estimate:
    Times New Roman 12 pt fits about one character per unit of column width, capitals fewer)."""
    per_line = max(1.0, (width - 1) * (0.85 if caps else 1.1 if bold else 1.2) * SIZE / size)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in (text or "").split("\n"))


def _short(text: str, limit: int = 32) -> str:
    """Validation titles are limited to 32 characters."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _text(value: Any) -> str | None:
    """A DATA value as the text a form shows (`2` → `2`, `2.5` → `2,5`, a date as dd/mm/yyyy)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return vn.format_number(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- dang-ky-thi-dua -------------------------------------------------------------------------


def registration(form: FormInput) -> Workbook:
    """DANH SÁCH ĐĂNG KÝ THI ĐUA: members and collectives, with title and award dropdowns."""
    sheet = FormSheet(Workbook(), SHEET_TITLES[form.kind], REGISTRATION, left_span=3, landscape=True)
    people = form.tables.get("ca_nhan", [])
    collectives = form.tables.get("tap_the", [])
    sheet.header_block(form)
    year = f" NĂM {form.year}" if form.year else ""
    sheet.title(f"DANH SÁCH ĐĂNG KÝ THI ĐUA{year}", f"Đơn vị: {form.identity.unit}")
    sender = form.text("co_quan_ban_hanh") or form.identity.unit
    sheet.instructions([
        "Mỗi cá nhân, tập thể chọn danh hiệu thi đua đăng ký ở cột «Danh hiệu thi đua đăng ký» và (nếu có) "
        "hình thức khen thưởng ở cột «Hình thức khen thưởng»: bấm vào ô rồi chọn trong danh sách thả xuống; "
        "chỉ chấp nhận các giá trị trong danh sách. Đăng ký Chiến sĩ thi đua cơ sở thì chọn «Chiến sĩ thi đua "
        "cơ sở» (đồng thời phải đạt Lao động tiên tiến).",
        "Chỉ điền vào các ô nền vàng nhạt; các ô khác đã được khóa. Họ tên, chức vụ, đơn vị in sẵn nếu chưa "
        "đúng thì ghi đính chính ở cột «Ghi chú». Người hoặc tập thể chưa có tên: ghi vào các dòng trống "
        "ở cuối mỗi mục.",
        "Không thêm, xóa, di chuyển dòng hoặc cột, không đổi tên trang tính và tiêu đề cột, để chương trình "
        "đọc lại đúng.",
        f"Lưu tệp dạng Excel (.xlsx), giữ nguyên tên trang tính, và gửi lại cho {sender}. "
        "Không chuyển sang PDF hay chụp ảnh.",
    ])

    # I. Individuals: printed members (identity cells locked), then empty rows.
    sheet.section_title("I. CÁ NHÂN")
    header = sheet.table_header()
    first = sheet.row
    rows = [(p.get("ho_va_ten"), p.get("chuc_vu"), p.get("don_vi")) for p in people]
    rows += [(None, None, None)] * EXTRA_PEOPLE
    for number, (name, position, unit) in enumerate(rows, start=1):
        r = sheet.row
        printed = name is not None
        sheet.put(r, 1, number, align="center", border=True)
        for col, value in ((2, name), (3, position), (4, unit)):
            sheet.put(r, col, _text(value), border=True, editable=not printed, text=True)
        for col in (5, 6, 7):
            sheet.put(r, col, None, border=True, editable=True, text=True)
        sheet.row += 1
    last = sheet.row - 1
    people_section = Section("ca_nhan", header, first, last, tuple(c.field for c in REGISTRATION))

    # II. Collectives: the name spans B:D.
    sheet.gap()
    sheet.section_title("II. TẬP THỂ")
    collective_header = sheet.table_header(COLLECTIVE_LABELS, merges=[(2, 4)])
    c_first = sheet.row
    names = [c.get("ten_tap_the") for c in collectives] + [None] * EXTRA_COLLECTIVES
    for number, name in enumerate(names, start=1):
        r = sheet.row
        sheet.put(r, 1, number, align="center", border=True)
        for col in (2, 3, 4):
            sheet.put(r, col, _text(name) if col == 2 else None, border=True, editable=name is None, text=True)
        sheet.merge(r, 2, 4)
        for col in (5, 6, 7):
            sheet.put(r, col, None, border=True, editable=True, text=True)
        sheet.row += 1
    c_last = sheet.row - 1
    collective_section = Section("tap_the", collective_header, c_first, c_last, COLLECTIVE_FIELDS)

    sheet.dropdown("Danh hiệu cá nhân", vn.metric_names("ca_nhan"), f"E{first}:E{last}",
                   what="danh hiệu thi đua cá nhân")
    sheet.dropdown("Danh hiệu tập thể", vn.metric_names("tap_the"), f"E{c_first}:E{c_last}",
                   what="danh hiệu thi đua tập thể")
    sheet.dropdown("Hình thức khen thưởng", vn.metric_names("khen_thuong"),
                   f"F{first}:F{last} F{c_first}:F{c_last}", what="hình thức khen thưởng")

    blocks = [(1, 3, ["NGƯỜI LẬP BIỂU"], form.text("nguoi_lap_bieu"))]
    if form.text("thu_truong_ho_ten"):
        blocks.append((4, 4, ["THỦ TRƯỞNG ĐƠN VỊ"], form.text("thu_truong_ho_ten")))
    blocks.append((5, 7, ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], form.text("chu_tich_ho_ten")))
    sheet.signatures(blocks)
    layout = FormLayout(form.identity, sheet.ws.title, (people_section, collective_section))
    return sheet.finish(header, layout)


# --- bao-cao-ket-qua --------------------------------------------------------------------------


def results_report(form: FormInput) -> Workbook:
    """BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA: pledged targets against results, counts,
    self-grading."""
    sheet = FormSheet(Workbook(), SHEET_TITLES[form.kind], REPORT, left_span=3, landscape=True)
    sheet.header_block(form)
    year = f" NĂM {form.year}" if form.year else ""
    sheet.title(f"BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA{year}", f"Đơn vị: {form.identity.unit}")
    sender = form.text("co_quan_chu_quan") or form.text("co_quan_ban_hanh")
    sheet.instructions([
        "Ghi kết quả đạt được vào cột «Thực hiện» theo đúng đơn vị tính của chỉ tiêu, ví dụ 96,5% hoặc 03; "
        "cột «Đăng ký» là chỉ tiêu đã đăng ký trong giao ước, không sửa.",
        "Mục II ghi số liệu bằng số nguyên (không âm), ví dụ 45. Mục III chọn mức tự xếp loại trong danh sách "
        "thả xuống.",
        "Chỉ điền vào các ô nền vàng nhạt; các ô khác đã được khóa. Giải thích thêm (nếu cần) ghi ở cột "
        "«Ghi chú».",
        "Không thêm, xóa, di chuyển dòng hoặc cột, không đổi tên trang tính và tiêu đề cột, để chương trình "
        "đọc lại đúng.",
        f"Lưu tệp dạng Excel (.xlsx) và gửi lại cho {sender or 'đơn vị nhận báo cáo'}. "
        "Không chuyển sang PDF hay chụp ảnh.",
    ])
    code_style = dict(size=9, color="7F7F7F", fill=FIXED_FILL, align="center", shrink=True)

    sheet.section_title("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐÃ ĐĂNG KÝ")
    header = sheet.table_header()
    first = sheet.row
    group_rows: list[int] = []
    number = 0
    for group, rows in _by_group(form.tables.get("chi_tieu", [])):
        if group:
            r = sheet.row
            for col in range(1, sheet.width + 1):
                sheet.put(r, col, group if col == 1 else None, bold=True, border=True)
            sheet.merge(r, 1, sheet.width)
            sheet.height(r, [(group, sheet.span(1, sheet.width), SIZE, False)])
            group_rows.append(r)
            sheet.row += 1
        for row in rows:
            number += 1
            r = sheet.row
            target = _text(row.get("gia_tri"))
            sheet.put(r, 1, number, align="center", border=True)
            sheet.put(r, 2, row.get("ma_chi_tieu"), border=True, **code_style)
            sheet.put(r, 3, _text(row.get("noi_dung")), border=True, text=True)
            sheet.put(r, 4, _unit_of(target), align="center", border=True)
            sheet.put(r, 5, target, align="center", border=True, text=True)
            sheet.put(r, 6, None, align="center", border=True, editable=True, text=True)
            sheet.put(r, 7, None, border=True, editable=True, text=True)
            sheet.row += 1
    last = max(sheet.row - 1, first)
    if sheet.row == first:  # no targets: one empty row keeps the table readable
        for col in range(1, sheet.width + 1):
            sheet.put(first, col, None, border=True)
        sheet.row += 1
    results = Section("ket_qua", header, first, last, tuple(c.field for c in REPORT), tuple(group_rows))

    sheet.gap()
    sheet.section_title("II. SỐ LIỆU TỔ CHỨC, DANH HIỆU THI ĐUA VÀ SÁNG KIẾN")
    count_header = sheet.table_header()
    c_first = sheet.row
    for i, (code, label, unit) in enumerate(COUNTS, start=1):
        r = sheet.row
        sheet.put(r, 1, i, align="center", border=True)
        sheet.put(r, 2, code, border=True, **code_style)
        sheet.put(r, 3, label, border=True)
        sheet.put(r, 4, unit, align="center", border=True)
        sheet.put(r, 5, None, border=True, fill=FIXED_FILL)
        sheet.put(r, 6, None, align="center", border=True, editable=True)
        sheet.put(r, 7, None, border=True, editable=True, text=True)
        sheet.row += 1
    c_last = sheet.row - 1
    counts = Section("so_lieu", count_header, c_first, c_last, tuple(c.field for c in REPORT))
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorStyle="stop", errorTitle="Số liệu không hợp lệ",
                        error="Hãy ghi một số nguyên từ 0 trở lên, ví dụ 45 (không ghi chữ, không ghi số thập phân).",
                        showInputMessage=True, promptTitle="Số nguyên", prompt="Ghi số nguyên từ 0 trở lên.")
    sheet.ws.add_data_validation(dv)
    dv.add(f"F{c_first}:F{c_last}")

    sheet.gap()
    sheet.section_title("III. TỰ XẾP LOẠI")
    r = sheet.row
    label = f"Công đoàn cơ sở tự xếp loại năm {form.year}:" if form.year else "Công đoàn cơ sở tự xếp loại:"
    sheet.put(r, 1, label, bold=True, align="right")
    sheet.merge(r, 1, 4)
    for col in (5, 6, 7):
        sheet.put(r, col, None, bold=True, align="center", border=True, editable=True, text=True)
    sheet.merge(r, 5, 7)
    sheet.ws.row_dimensions[r].height = SIZE * 2
    grade_cell = f"E{r}"
    sheet.dropdown("Xếp loại công đoàn cơ sở", [vn.METRICS[c].name for c in GRADES], grade_cell,
                   what="mức xếp loại")
    sheet.row += 1

    sheet.signatures([(4, 7, ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], form.text("chu_tich_ho_ten"))])
    layout = FormLayout(form.identity, sheet.ws.title, (results, counts), {"tu_xep_loai": grade_cell})
    return sheet.finish(header, layout)


def _by_group(rows: Sequence[dict[str, Any]]) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """Targets grouped by `nhom` in order of first appearance (rows without a group first)."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        group = _text(row.get("nhom"))
        groups.setdefault(group, []).append(row)
    return sorted(groups.items(), key=lambda item: item[0] is not None)


def _unit_of(target: str | None) -> str | None:
    """The unit a target is counted in: `%`, `Điểm` or `Số lượng`."""
    parsed = vn.parse_target(target) if target else None
    if parsed is None:
        return None
    return {"percent": "%", "points": "Điểm"}.get(parsed.measure, "Số lượng")


# --- bang-cham-diem ---------------------------------------------------------------------------


def scoring_sheet(form: FormInput) -> Workbook:
    """BẢNG CHẤM ĐIỂM THI ĐUA: criteria with maximum points; scores validated 0..max; parents
    and the total are SUM formulas (a `Điểm trừ` group counts negative)."""
    sheet = FormSheet(Workbook(), SHEET_TITLES[form.kind], SCORING, left_span=2, landscape=False)
    sheet.header_block(form)
    year = f" NĂM {form.year}" if form.year else ""
    lines = [f"Khối thi đua: {form.text('khoi')}"] if form.text("khoi") else []
    lines.append(f"Đơn vị được chấm: {form.identity.unit}")
    sheet.title(f"BẢNG CHẤM ĐIỂM THI ĐUA{year}", *lines)
    sheet.instructions([
        "Đơn vị tự chấm điểm từng tiêu chí ở cột «Điểm tự chấm» và giải trình (nếu cần) ở cột «Giải trình»; "
        "cột «Điểm khối chấm» do khối thi đua chấm.",
        "Điểm mỗi tiêu chí từ 0 đến điểm chuẩn của tiêu chí đó, được ghi số lẻ (ví dụ 8,5); ô chỉ nhận "
        "số trong khoảng cho phép. Ở mục điểm trừ, ghi số điểm bị trừ (số dương).",
        "Các dòng nhóm và dòng TỔNG CỘNG tự cộng, không cần điền. Chỉ điền vào các ô nền vàng nhạt; các ô "
        "khác đã được khóa.",
        "Không thêm, xóa, di chuyển dòng hoặc cột, không đổi tên trang tính và tiêu đề cột, để chương trình "
        "đọc lại đúng.",
        "Lưu tệp dạng Excel (.xlsx) và gửi lại cho khối thi đua. Không chuyển sang PDF hay chụp ảnh.",
    ])
    header = sheet.table_header()
    first = sheet.row
    criteria = [r for r in form.tables.get("tieu_chi", []) if not r.get("la_tong")]
    children = _children(criteria)
    rows = {i: first + i for i in range(len(criteria))}
    by_max: dict[float, list[str]] = {}
    group_rows = []
    for i, row in enumerate(criteria):
        r = rows[i]
        kids = children[i]
        bold = bool(kids) or row.get("cap") == 0
        sheet.put(r, 1, _text(row.get("stt")), bold=bold, align="center", border=True, text=True)
        sheet.put(r, 2, _text(row.get("noi_dung")), bold=bold, border=True, text=True)
        if kids:
            group_rows.append(r)
            for col in (3, 4, 5):
                letter = get_column_letter(col)
                refs = ",".join(f"{letter}{rows[k]}" for k in kids)
                sheet.formula(r, col, f"=SUM({refs})", bold=True, align="center", border=True)
        else:
            maximum = row.get("diem_chuan")
            sheet.put(r, 3, maximum, bold=bold, align="center", border=True)
            scorable = maximum is not None
            for col, key in ((4, "tu_cham"), (5, "khoi_cham")):
                sheet.put(r, col, row.get(key) if scorable else None, align="center", border=True,
                          editable=scorable, fill=None if scorable else FIXED_FILL)
            if scorable:
                by_max.setdefault(maximum, []).append(f"D{r}:E{r}")
        sheet.put(r, 6, _text(row.get("giai_trinh")), border=True, editable=True, text=True)
    sheet.row = first + len(criteria)
    last = max(sheet.row - 1, first)

    # TỔNG CỘNG: sections add up, a penalty group is subtracted (and has no place in the maximum).
    total = sheet.row
    roots = [i for i in range(len(criteria)) if not any(i in kids for kids in children.values())]
    plus = [rows[i] for i in roots if not is_penalty(criteria[i].get("noi_dung"))]
    minus = [rows[i] for i in roots if is_penalty(criteria[i].get("noi_dung"))]
    sheet.put(total, 1, None, border=True)
    sheet.put(total, 2, TOTAL_LABEL, bold=True, align="center", border=True)
    for col in (3, 4, 5):
        letter = get_column_letter(col)
        formula = f"=SUM({','.join(f'{letter}{r}' for r in plus)})" if plus else "=0"
        if minus and col != 3:
            formula += f"-SUM({','.join(f'{letter}{r}' for r in minus)})"
        sheet.formula(total, col, formula, bold=True, align="center", border=True)
    sheet.put(total, 6, None, border=True)
    sheet.row += 1

    for maximum, cells in by_max.items():
        shown = vn.format_number(maximum)
        dv = DataValidation(
            type="decimal", operator="between", formula1="0", formula2=repr(float(maximum)).removesuffix(".0"),
            allow_blank=True, showErrorMessage=True, errorStyle="stop", errorTitle="Điểm không hợp lệ",
            error=f"Điểm phải là số từ 0 đến {shown} (điểm chuẩn của tiêu chí); số lẻ ghi như 8,5.",
            showInputMessage=True, promptTitle=_short(f"Điểm chuẩn: {shown}"),
            prompt=f"Ghi điểm từ 0 đến {shown}.")
        sheet.ws.add_data_validation(dv)
        for cell_range in cells:
            dv.add(cell_range)

    sheet.signatures([
        (1, 2, ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], form.text("chu_tich_ho_ten")),
        (3, 6, ["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG"], form.text("khoi_truong_ho_ten")),
    ])
    section = Section("tieu_chi", header, first, last, tuple(c.field for c in SCORING), tuple(group_rows), total)
    layout = FormLayout(form.identity, sheet.ws.title, (section,))
    return sheet.finish(header, layout)


def _children(rows: Sequence[dict[str, Any]]) -> dict[int, list[int]]:
    """Each row's direct children, from the levels (`cap`) of the rows in tree order."""
    children: dict[int, list[int]] = {i: [] for i in range(len(rows))}
    stack: list[int] = []
    for i, row in enumerate(rows):
        level = row.get("cap") or 0
        while stack and (rows[stack[-1]].get("cap") or 0) >= level:
            stack.pop()
        if stack:
            children[stack[-1]].append(i)
        stack.append(i)
    return children


BUILDERS = {"dang-ky-thi-dua": registration, "bao-cao-ket-qua": results_report, "bang-cham-diem": scoring_sheet}


def write_xlsx(form: FormInput, path) -> None:
    BUILDERS[form.kind](form).save(path)

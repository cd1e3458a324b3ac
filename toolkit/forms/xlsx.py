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

The sheet itself (styles, header block, validations, protection) is written by `forms.sheet`.

Glossary: *đăng ký thi đua* registration for emulation titles, *chỉ tiêu* target, *đăng ký* /
*thực hiện* pledged / achieved, *tự xếp loại* self-grading, *điểm chuẩn* maximum points,
*tự chấm* / *khối chấm* self score / cluster score, *giải trình* explanation.
"""
from __future__ import annotations

from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import vn
from ..office.identity import FormLayout, Section
from ..scoring import TOTAL_LABEL, is_penalty
from .inputs import FormInput
from .sheet import FIXED_FILL, SIZE, Column, FormSheet, cell_text, short

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
            sheet.put(r, col, cell_text(value), border=True, editable=not printed, text=True)
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
            sheet.put(r, col, cell_text(name) if col == 2 else None, border=True, editable=name is None, text=True)
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
            target = cell_text(row.get("gia_tri"))
            sheet.put(r, 1, number, align="center", border=True)
            sheet.put(r, 2, row.get("ma_chi_tieu"), border=True, **code_style)
            sheet.put(r, 3, cell_text(row.get("noi_dung")), border=True, text=True)
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
        group = cell_text(row.get("nhom"))
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
        sheet.put(r, 1, cell_text(row.get("stt")), bold=bold, align="center", border=True, text=True)
        sheet.put(r, 2, cell_text(row.get("noi_dung")), bold=bold, border=True, text=True)
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
        sheet.put(r, 6, cell_text(row.get("giai_trinh")), border=True, editable=True, text=True)
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
            showInputMessage=True, promptTitle=short(f"Điểm chuẩn: {shown}"),
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

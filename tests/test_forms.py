"""Fillable forms: built from small input workbooks, opened with openpyxl / python-docx as the
unit's Excel or Word would show them, and re-saved through the real LibreOffice to check that
dropdowns, limits, protection and the form's identity survive the round trip."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from toolkit import vn
from toolkit.generate.catalog import BANG_CHAM_DIEM, BUILTIN
from toolkit.generate.workbook import open_workbook
from toolkit.errors import ThiduaError
from toolkit.forms import KINDS, FormIdentity, read_identity, read_layout, write_form
from toolkit.generate.sample import write_input_workbook

from conftest import SAMPLES

FONT = "Times New Roman"
INJECTED = '=HYPERLINK("http://example.com","x")'
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
GRADES = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
          "Không hoàn thành nhiệm vụ"]
HEADERS = {
    "dang-ky-thi-dua": ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu thi đua đăng ký",
                        "Hình thức khen thưởng", "Ghi chú"],
    "bao-cao-ket-qua": ["STT", "Mã chỉ tiêu", "Nội dung chỉ tiêu", "Đơn vị tính", "Đăng ký", "Thực hiện",
                        "Ghi chú"],
    "bang-cham-diem": ["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Điểm khối chấm", "Giải trình"],
}
TITLES = {
    "dang-ky-thi-dua": "DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025",
    "bao-cao-ket-qua": "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA NĂM 2025",
    "bang-cham-diem": "BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2025",
}
COMMON = {"co_quan_chu_quan": "Công đoàn Viên chức tỉnh An Giang", "dia_danh": "An Giang", "nam": 2025}
MEMBERS = [
    {"ho_va_ten": "Phan Văn Lộc", "chuc_vu": "Giám đốc", "don_vi": "Ban Giám đốc"},
    {"ho_va_ten": "Nguyễn Thị Thanh Thủy", "chuc_vu": "Phó Giám đốc", "don_vi": "Ban Giám đốc"},
    {"ho_va_ten": INJECTED, "chuc_vu": "+Chuyên viên", "don_vi": "Phòng Tổ chức - Hành chính"},
]
COLLECTIVES = [{"ten_tap_the": "Phòng Tổ chức - Hành chính"}, {"ten_tap_the": "Phòng Kế hoạch - Tài chính"}]
TARGETS = [
    {"nhom": "Về chuyên môn", "noi_dung": "CBCCVC đạt danh hiệu Lao động tiên tiến",
     "ma_chi_tieu": "lao_dong_tien_tien", "gia_tri": "trên 95%", "ben": "Chuyên môn"},
    {"nhom": "Về chuyên môn", "noi_dung": "Sáng kiến được công nhận", "ma_chi_tieu": "sang_kien",
     "gia_tri": "02", "ben": "Hai bên"},
    {"nhom": "Về hoạt động công đoàn", "noi_dung": "-Hoàn thành nhiệm vụ được giao", "gia_tri": "100%",
     "ben": "Công đoàn"},
]
CRITERIA = [
    {"stt": "I", "noi_dung": "Đại diện, chăm lo, bảo vệ quyền lợi đoàn viên"},
    {"stt": "1", "noi_dung": "Tham gia xây dựng quy chế dân chủ", "diem_chuan": 10, "tu_cham": 9},
    {"stt": "2", "noi_dung": "Chăm lo đời sống đoàn viên"},
    {"stt": "2.1", "noi_dung": "Thăm hỏi ốm đau", "diem_chuan": 5, "tu_cham": 5},
    {"stt": "2.2", "noi_dung": "Tổ chức sinh nhật", "diem_chuan": 2.5, "tu_cham": 2},
    {"stt": "II", "noi_dung": "Xây dựng tổ chức công đoàn"},
    {"stt": "3", "noi_dung": "Phát triển đoàn viên", "diem_chuan": 20, "tu_cham": 18.5},
    {"stt": "III", "noi_dung": "Điểm thưởng", "diem_chuan": 5, "tu_cham": 5},
    {"stt": "IV", "noi_dung": "Điểm trừ"},
    {"stt": "4", "noi_dung": "Chậm gửi báo cáo", "diem_chuan": 3, "tu_cham": 1},
]


# --- building the inputs and the forms -----------------------------------------------------


def registration_data(path: Path, **info) -> Path:
    info = {**COMMON, "co_quan_ban_hanh": "Công đoàn cơ sở Ban Quản lý dự án",
            "cong_doan": "Công đoàn cơ sở Ban Quản lý dự án tỉnh An Giang",
            "chu_tich_ho_ten": "Huỳnh Thị Thu Trang", "nguoi_lap_bieu": "Võ Thị Kim Ngân", **info}
    return write_input_workbook(BUILTIN["dang-ky-thi-dua"], path, info,
                                {"ca_nhan": MEMBERS, "tap_the": COLLECTIVES})


def pledge_data(path: Path, targets=TARGETS, **info) -> Path:
    info = {**COMMON, "co_quan_ban_hanh": "Công đoàn cơ sở Sở Tài chính", "don_vi": "Sở Tài chính tỉnh An Giang",
            "cong_doan": "Công đoàn cơ sở Sở Tài chính", "chu_tich_ho_ten": "Lê Thị Mỹ Hạnh", **info}
    return write_input_workbook(BUILTIN["giao-uoc"], path, info, {"chi_tieu": targets})


def scoring_data(path: Path) -> Path:
    info = {**COMMON, "co_quan_ban_hanh": "Khối thi đua các cơ quan tổng hợp",
            "khoi": "Khối thi đua các cơ quan tổng hợp", "don_vi": "Công đoàn cơ sở Sở Tài chính"}
    return write_input_workbook(BANG_CHAM_DIEM, path, info, {"tieu_chi": CRITERIA})


DATA = {"dang-ky-thi-dua": registration_data, "bao-cao-ket-qua": pledge_data, "bang-cham-diem": scoring_data}
UNITS = {"dang-ky-thi-dua": "Công đoàn cơ sở Ban Quản lý dự án tỉnh An Giang",
         "bao-cao-ket-qua": "Công đoàn cơ sở Sở Tài chính", "bang-cham-diem": "Công đoàn cơ sở Sở Tài chính"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """DATA workbooks and the forms made from them: {kind: (data, form.xlsx)} plus the .docx."""
    folder = tmp_path_factory.mktemp("forms")
    out = {}
    for kind in KINDS:
        data = DATA[kind](folder / f"{kind}-data.xlsx")
        out[kind] = (data, write_form(kind, data, folder / f"{kind}.xlsx"))
    out["docx"] = write_form("dang-ky-thi-dua", out["dang-ky-thi-dua"][0], folder / "dang-ky-thi-dua.docx")
    return out


@pytest.fixture(scope="module")
def resaved(built, tmp_path_factory):
    """Every form opened and saved again by LibreOffice (one soffice call per format)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed for these tests"
    profile = tmp_path_factory.mktemp("lo-profile")
    target = tmp_path_factory.mktemp("resaved")

    def convert(fmt: str, files):
        subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", fmt,
                        "--outdir", str(target), *map(str, files)], check=True, capture_output=True, timeout=180)

    convert("xlsx", [built[k][1] for k in KINDS])
    convert("docx:MS Word 2007 XML", [built["docx"]])
    out = {k: target / f"{k}.xlsx" for k in KINDS}
    out["docx"] = target / "dang-ky-thi-dua.docx"
    assert all(p.is_file() for p in out.values())
    return out


def sheet_of(path: Path, **kw):
    wb = load_workbook(path, **kw)
    return wb, wb.worksheets[0]


def header_row(ws, kind: str) -> int:
    return next(r for r in range(1, ws.max_row + 1)
                if [ws.cell(r, c).value for c in range(1, len(HEADERS[kind]) + 1)] == HEADERS[kind])


def validations(ws) -> list:
    return list(ws.data_validations.dataValidation)


def covering(ws, ref: str) -> list:
    """The data validations that apply to one cell."""
    return [dv for dv in validations(ws) if ref in dv.sqref]


def cells_of(sqref) -> set[str]:
    out = set()
    for rng in str(sqref).split():
        min_col, min_row, max_col, max_row = range_boundaries(rng)
        out |= {f"{chr(64 + c)}{r}" for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)}
    return out


def list_values(wb, formula: str) -> list[str]:
    sheet, rng = formula.replace("'", "").split("!")
    return [c.value for row in wb[sheet][rng.replace("$", "")] for c in row]


def open_cells(ws) -> set[str]:
    """Cells a unit can type into, as long as there is something around them."""
    return {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}


def summary(ws) -> list[tuple]:
    """The data validations in a comparable form (LibreOffice adds a formula2 of 0 to lists)."""
    return sorted((dv.type, len(cells_of(dv.sqref)), str(dv.formula1).replace("'", ""),
                   float(dv.formula2) if dv.type == "decimal" else None, dv.showErrorMessage)
                  for dv in validations(ws))


def rows_with(ws, text: str) -> list[int]:
    return [c.row for row in ws.iter_rows() for c in row if c.value == text]


# --- what the API accepts ---------------------------------------------------------------------


def test_kinds_and_which_data_each_reads():
    assert KINDS == ("dang-ky-thi-dua", "bao-cao-ket-qua", "bang-cham-diem")


def test_word_only_for_the_registration_list(tmp_path):
    data = pledge_data(tmp_path / "giao-uoc.xlsx")
    with pytest.raises(ThiduaError) as err:
        write_form("bao-cao-ket-qua", data, tmp_path / "bao-cao.docx")
    assert "Excel (.xlsx)" in str(err.value) and "dang-ky-thi-dua" in str(err.value)
    assert not (tmp_path / "bao-cao.docx").exists()
    with pytest.raises(ThiduaError, match="mẫu biểu 'bao-cao'.*bao-cao-ket-qua"):
        write_form("bao-cao", data, tmp_path / "x.xlsx")


def test_never_overwrites_without_force(tmp_path):
    data = registration_data(tmp_path / "dang-ky.xlsx")
    out = tmp_path / "mau.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(ThiduaError, match="--force"):
        write_form("dang-ky-thi-dua", data, out)
    assert out.read_bytes() == b"old"
    assert write_form("dang-ky-thi-dua", data, out, force=True) == out
    assert read_identity(out).kind == "dang-ky-thi-dua"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []  # no temporary left


def test_missing_table_and_bad_metric_code_are_vietnamese_errors(tmp_path):
    empty = write_input_workbook(BANG_CHAM_DIEM, tmp_path / "x.xlsx", {**COMMON, "don_vi": "A"}, {})
    wb = load_workbook(empty)
    del wb["tieu_chi"]
    wb.save(empty)
    with pytest.raises(ThiduaError, match="thiếu trang tính 'tieu_chi'"):
        write_form("bang-cham-diem", empty, tmp_path / "cham.xlsx")

    bad = pledge_data(tmp_path / "giao-uoc.xlsx", targets=[{**TARGETS[0], "ma_chi_tieu": "lao_dong_tien_tien_x"}])
    with pytest.raises(ThiduaError) as err:
        write_form("bao-cao-ket-qua", bad, tmp_path / "bao-cao.xlsx")
    assert err.value.location.row == 2 and err.value.location.sheet == "chi_tieu"
    assert "lao_dong_tien_tien" in err.value.message


# --- how each Excel form looks ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_official_header_title_and_font(built, kind):
    wb, ws = sheet_of(built[kind][1])
    width = len(HEADERS[kind])
    assert ws["A1"].value == "CÔNG ĐOÀN VIÊN CHỨC TỈNH AN GIANG" and not ws["A1"].font.b
    assert ws["A2"].value == vn.upper(load_info(built[kind][0], kind)["co_quan_ban_hanh"]) and ws["A2"].font.b
    for text in MOTTO:
        (cell,) = [c for row in ws.iter_rows(max_row=2) for c in row if c.value == text]
        assert cell.font.b and cell.column > 1
    assert any(c.value == "An Giang, ngày    tháng    năm 2025" for c in ws[3])

    (title_row,) = rows_with(ws, TITLES[kind])
    title = ws.cell(title_row, 1)
    assert title.font.b and title.font.sz == 14
    assert f"A{title_row}:{chr(64 + width)}{title_row}" in {str(r) for r in ws.merged_cells.ranges}
    assert any(UNITS[kind] in str(c.value) for c in ws[title_row + 1] + ws[title_row + 2])

    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {FONT}
    assert all(vn.nfc(c.value) == c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str))


def load_info(path, kind):
    from toolkit.forms import SOURCES
    return open_workbook(path, SOURCES[kind]).info


@pytest.mark.parametrize("kind, phrases", [
    ("dang-ky-thi-dua", ["danh sách thả xuống", "nền vàng nhạt", "dòng trống", "gửi lại"]),
    ("bao-cao-ket-qua", ["Thực hiện", "96,5%", "số nguyên", "gửi lại"]),
    ("bang-cham-diem", ["Điểm tự chấm", "điểm chuẩn", "8,5", "gửi lại"]),
])
def test_instructions_on_the_sheet(built, kind, phrases):
    _, ws = sheet_of(built[kind][1])
    (start,) = rows_with(ws, "Hướng dẫn điền mẫu:")
    text = " ".join(str(ws.cell(r, 1).value) for r in range(start, start + 6))
    assert "Không thêm, xóa" in text
    for phrase in phrases:
        assert phrase in text


def test_registration_rows_dropdowns_and_open_rows(built):
    wb, ws = sheet_of(built["dang-ky-thi-dua"][1])
    header = header_row(ws, "dang-ky-thi-dua")
    first = header + 1
    assert ws.print_title_rows == f"${header}:${header}"
    assert [ws.cell(first + i, 2).value for i in range(3)] == [m["ho_va_ten"] for m in MEMBERS]
    assert [ws.cell(first, c).value for c in (1, 3, 4)] == [1, "Giám đốc", "Ban Giám đốc"]

    # A member called =HYPERLINK(…) stays a name: stored as text, never as a formula.
    injected = ws.cell(first + 2, 2)
    assert injected.value == INJECTED and injected.data_type == "s"
    assert ws.cell(first + 2, 3).value == "+Chuyên viên" and ws.cell(first + 2, 3).data_type == "s"

    # Printed identity cells are locked, the choices open; then 10 open rows for additions.
    assert ws.cell(first, 2).protection.locked and ws.cell(first, 1).protection.locked
    assert all(not ws.cell(first, c).protection.locked for c in (5, 6, 7))
    extra = range(first + len(MEMBERS), first + len(MEMBERS) + 10)
    assert [ws.cell(r, 1).value for r in extra] == list(range(4, 14))
    assert all(ws.cell(r, c).value is None and not ws.cell(r, c).protection.locked for r in extra for c in range(2, 8))
    assert ws.cell(extra[-1] + 1, 1).value is None  # the section ends there

    (collective_header,) = [r for r in rows_with(ws, "Tên tập thể")]
    assert ws.cell(collective_header, 5).value == "Danh hiệu thi đua đăng ký"
    c_first = collective_header + 1
    assert [ws.cell(c_first + i, 2).value for i in range(2)] == [c["ten_tap_the"] for c in COLLECTIVES]
    c_last = c_first + len(COLLECTIVES) + 5 - 1
    assert f"B{c_first}:D{c_first}" in {str(r) for r in ws.merged_cells.ranges}

    individual = covering(ws, f"E{first}")
    assert len(individual) == 1 and individual[0].type == "list" and individual[0].showErrorMessage
    assert cells_of(individual[0].sqref) == {f"E{r}" for r in range(first, extra[-1] + 1)}
    assert list_values(wb, individual[0].formula1) == vn.metric_names("ca_nhan")
    (collective,) = covering(ws, f"E{c_first}")
    assert cells_of(collective.sqref) == {f"E{r}" for r in range(c_first, c_last + 1)}
    assert list_values(wb, collective.formula1) == vn.metric_names("tap_the")
    (award,) = covering(ws, f"F{first}")
    assert cells_of(award.sqref) == ({f"F{r}" for r in range(first, extra[-1] + 1)}
                                     | {f"F{r}" for r in range(c_first, c_last + 1)})
    assert list_values(wb, award.formula1) == vn.metric_names("khen_thuong")
    assert wb[award.formula1.split("!")[0].strip("'")].sheet_state == "hidden"


def test_report_targets_counts_and_grade(built):
    wb, ws = sheet_of(built["bao-cao-ket-qua"][1])
    header = header_row(ws, "bao-cao-ket-qua")
    results = read_layout(built["bao-cao-ket-qua"][1]).section("ket_qua")
    assert results.header_row == header
    by_code = {ws.cell(r, 2).value: r for r in range(results.first_row, results.last_row + 1) if ws.cell(r, 2).value}
    ltt = by_code["lao_dong_tien_tien"]
    assert [ws.cell(ltt, c).value for c in range(1, 6)] == [1, "lao_dong_tien_tien", TARGETS[0]["noi_dung"], "%",
                                                            "trên 95%"]
    assert ws.cell(by_code["sang_kien"], 5).value == "02" and ws.cell(by_code["sang_kien"], 4).value == "Số lượng"
    (uncoded,) = rows_with(ws, "-Hoàn thành nhiệm vụ được giao")
    assert ws.cell(uncoded, 3).data_type == "s" and ws.cell(uncoded, 2).value is None
    assert ws.cell(ltt - 1, 1).value == "Về chuyên môn" and ws.cell(ltt - 1, 1).font.b  # group row

    # Code and pledge locked; result and note open, stored as typed (text format).
    assert ws.cell(ltt, 2).protection.locked and ws.cell(ltt, 5).protection.locked
    assert not ws.cell(ltt, 6).protection.locked and ws.cell(ltt, 6).number_format == "@"
    assert not ws.cell(ltt, 7).protection.locked
    assert covering(ws, f"F{ltt}") == []  # `96,5%`, `03`: any text

    counts = [r for r in rows_with(ws, "STT") if r != header]
    (count_header,) = counts
    codes = [ws.cell(r, 2).value for r in range(count_header + 1, count_header + 6)]
    assert codes == ["so_nguoi_lao_dong", "so_doan_vien", "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "sang_kien"]
    (whole,) = covering(ws, f"F{count_header + 1}")
    assert (whole.type, whole.operator, whole.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert cells_of(whole.sqref) == {f"F{r}" for r in range(count_header + 1, count_header + 6)}
    assert whole.showErrorMessage and "số nguyên" in whole.error

    grade_cell = read_layout(built["bao-cao-ket-qua"][1]).cells["tu_xep_loai"]
    assert not ws[grade_cell].protection.locked
    (grade,) = covering(ws, grade_cell)
    assert grade.type == "list" and list_values(wb, grade.formula1) == GRADES


def evaluate(ws, ref: str) -> float:
    """A cell's value, working out our SUM formulas by hand."""
    value = ws[ref].value
    if isinstance(value, str) and value.startswith("="):
        total = 0
        for sign, args in re.findall(r"([+-]?)SUM\(([^)]*)\)", value):
            part = sum(evaluate(ws, a) for a in args.split(","))
            total += -part if sign == "-" else part
        return total
    return value or 0


def test_scoring_limits_subtotals_and_total(built):
    data, path = built["bang-cham-diem"]
    wb, ws = sheet_of(path)
    layout = read_layout(path).section("tieu_chi")
    assert layout.header_row == header_row(ws, "bang-cham-diem")
    expected = open_workbook(data, BANG_CHAM_DIEM).table("tieu_chi")  # subtotals worked out by thidua
    rows = list(range(layout.first_row, layout.last_row + 1)) + [layout.total_row]
    assert [ws.cell(r, 2).value for r in rows] == [e["noi_dung"] for e in expected]

    for r, e in zip(rows, expected):
        is_formula = r in layout.group_rows or r == layout.total_row
        assert isinstance(ws.cell(r, 3).value, str) == is_formula
        assert evaluate(ws, f"C{r}") == e["diem_chuan"]
        assert evaluate(ws, f"D{r}") == pytest.approx(e["tu_cham"] or 0)
        if is_formula:
            assert ws.cell(r, 2).font.b and ws.cell(r, 4).protection.locked
    (group_1,) = rows_with(ws, "Đại diện, chăm lo, bảo vệ quyền lợi đoàn viên")
    assert ws.cell(group_1, 3).value == f"=SUM(C{group_1 + 1},C{group_1 + 2})"  # children, not a range
    total = ws.cell(layout.total_row, 4).value
    (penalty,) = rows_with(ws, "Điểm trừ")
    assert total.endswith(f"-SUM(D{penalty})") and ws.cell(layout.total_row, 2).value == "TỔNG CỘNG"
    assert evaluate(ws, f"D{layout.total_row}") == pytest.approx(9 + 5 + 2 + 18.5 + 5 - 1)

    # Each leaf: a decimal 0..its maximum on the self and cluster scores, in Vietnamese.
    for r, e in zip(rows, expected):
        if r in layout.group_rows or r == layout.total_row:
            assert covering(ws, f"D{r}") == []
            continue
        (dv,) = covering(ws, f"D{r}")
        assert f"E{r}" in dv.sqref
        assert (dv.type, dv.operator, float(dv.formula1), float(dv.formula2)) == ("decimal", "between", 0,
                                                                                 e["diem_chuan"])
        assert dv.showErrorMessage and dv.errorTitle == "Điểm không hợp lệ"
        assert vn.format_number(e["diem_chuan"]) in dv.error
        assert not ws.cell(r, 4).protection.locked and not ws.cell(r, 5).protection.locked
    assert ws.cell(rows[1], 4).value == 9  # the self score DATA already had


@pytest.mark.parametrize("kind", KINDS)
def test_protection_and_print_setup(built, kind):
    wb, ws = sheet_of(built[kind][1])
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.formatColumns is False  # widening a column is harmless
    assert wb.security.lockStructure
    header = header_row(ws, kind)
    assert all(ws.cell(header, c).protection.locked for c in range(1, len(HEADERS[kind]) + 1))
    assert ws["A1"].protection.locked
    open_cells = [c for row in ws.iter_rows(min_row=header) for c in row if not c.protection.locked]
    assert open_cells

    setup = ws.page_setup
    assert int(setup.paperSize) == 9 and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert setup.orientation == ("portrait" if kind == "bang-cham-diem" else "landscape")
    assert ws.print_title_rows == f"${header}:${header}"
    assert round(ws.page_margins.left * 25.4) == 30 and round(ws.page_margins.right * 25.4) == 15


# --- identity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_identity_is_written_three_ways(built, kind):
    path = built[kind][1]
    expected = FormIdentity(kind, "1", UNITS[kind], 2025)
    assert read_identity(path) == expected

    wb = load_workbook(path)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props == {"thidua_kind": kind, "thidua_version": "1", "thidua_unit": UNITS[kind], "thidua_year": 2025}
    assert wb.defined_names["thidua_form"].attr_text == f'"{kind}|1|{UNITS[kind]}|2025"'
    hidden = wb["_thidua"]
    assert hidden.sheet_state == "veryHidden"
    pairs = {a: b for a, b in hidden.iter_rows(min_row=2, values_only=True)}
    assert {k: pairs[k] for k in ("kind", "version", "unit", "year")} == {
        "kind": kind, "version": "1", "unit": UNITS[kind], "year": "2025"}
    assert pairs["sheet"] == wb.worksheets[0].title

    layout = read_layout(path)
    assert layout.identity == expected and layout.sheet == wb.worksheets[0].title
    ws = wb.worksheets[0]
    for section in layout.sections:
        headers = [ws.cell(section.header_row, c).value for c in range(1, len(section.columns) + 1)]
        assert headers[0] == "STT" and section.first_row == section.header_row + 1
        assert section.last_row >= section.first_row


def rewrite(src: Path, dst: Path, drop=(), edit=None) -> Path:
    """A copy of a zip without some parts, or with one part edited."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in drop:
                continue
            data = zin.read(item)
            if edit and item.filename in edit:
                data = edit[item.filename](data)
            zout.writestr(item, data)
    return dst


def without_defined_name(workbook_xml: bytes) -> bytes:
    return re.sub(rb"<definedName [^>]*name=\"thidua_form\"[^>]*>.*?</definedName>", b"", workbook_xml)


def test_identity_survives_losing_carriers(built, tmp_path):
    path = built["bao-cao-ket-qua"][1]
    expected = read_identity(path)
    no_props = rewrite(path, tmp_path / "a.xlsx", drop={"docProps/custom.xml"})
    assert read_identity(no_props) == expected  # from the defined name
    no_name = rewrite(no_props, tmp_path / "b.xlsx", edit={"xl/workbook.xml": without_defined_name})
    assert b"thidua_form" not in zipfile.ZipFile(no_name).read("xl/workbook.xml")
    assert read_identity(no_name) == expected  # from the hidden sheet


def test_quotes_and_bars_in_the_unit_name(tmp_path):
    unit = 'Công đoàn "Sở" Tài chính | Kế hoạch'
    data = pledge_data(tmp_path / "d.xlsx", cong_doan=unit)
    form = write_form("bao-cao-ket-qua", data, tmp_path / "f.xlsx")
    assert read_identity(form).unit == unit
    only_name = rewrite(form, tmp_path / "g.xlsx", drop={"docProps/custom.xml"})
    assert read_identity(only_name) == FormIdentity("bao-cao-ket-qua", "1", unit, 2025)


def test_unit_falls_back_to_union_then_issuer(tmp_path):
    only_issuer = registration_data(tmp_path / "a.xlsx", cong_doan=None)
    form = write_form("dang-ky-thi-dua", only_issuer, tmp_path / "a-form.xlsx")
    assert read_identity(form).unit == "Công đoàn cơ sở Ban Quản lý dự án"


def test_other_files_have_no_identity(tmp_path):
    assert read_identity(SAMPLES / "giao-uoc.xlsx") is None
    assert read_layout(SAMPLES / "giao-uoc.xlsx") is None
    plain = tmp_path / "plain.docx"
    Document().save(plain)
    assert read_identity(plain) is None
    text = tmp_path / "not-a-zip.xlsx"
    text.write_text("STT;Họ và tên\n")
    assert read_identity(text) is None
    # A custom.xml that inflates to 64 MB is not read at all.
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("docProps/custom.xml", b" " * (64 * 1024 * 1024))
    assert read_identity(bomb) is None
    # An entity in a custom property is never expanded.
    entity = tmp_path / "entity.docx"
    with zipfile.ZipFile(entity, "w") as z:
        z.writestr("docProps/custom.xml", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e "dang-ky-thi-dua">]>'
                   '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
                   '<property name="thidua_kind"><x>&e;</x></property></Properties>')
    assert read_identity(entity) is None


# --- through LibreOffice ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_libreoffice_resave_keeps_identity_protection_and_validation(built, resaved, kind, tmp_path):
    _, before = sheet_of(built[kind][1])
    wb, ws = sheet_of(resaved[kind])
    assert read_identity(resaved[kind]) == FormIdentity(kind, "1", UNITS[kind], 2025)
    assert read_layout(resaved[kind]) == read_layout(built[kind][1])
    # Each carrier on its own.
    assert {p.name for p in wb.custom_doc_props} >= {"thidua_kind", "thidua_version", "thidua_unit", "thidua_year"}
    assert "thidua_form" in wb.defined_names
    assert wb["_thidua"].sheet_state in ("hidden", "veryHidden")
    only_sheet = rewrite(resaved[kind], tmp_path / "only-sheet.xlsx", drop={"docProps/custom.xml"},
                         edit={"xl/workbook.xml": without_defined_name})
    assert b"thidua_form" not in zipfile.ZipFile(only_sheet).read("xl/workbook.xml")
    assert read_identity(only_sheet) == FormIdentity(kind, "1", UNITS[kind], 2025)

    assert ws.protection.sheet and not ws.protection.password
    assert open_cells(ws) == open_cells(before)
    header = header_row(ws, kind)
    assert ws["A1"].protection.locked and all(c.protection.locked for c in ws[header] if c.value)

    assert summary(ws) == summary(before)
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == before.print_title_rows


def test_libreoffice_keeps_text_and_computes_subtotals(built, resaved):
    _, ws = sheet_of(resaved["dang-ky-thi-dua"])
    (cell,) = [c for row in ws.iter_rows() for c in row if c.value == INJECTED]
    assert cell.data_type == "s"

    data = built["bang-cham-diem"][0]
    expected = open_workbook(data, BANG_CHAM_DIEM).table("tieu_chi")
    layout = read_layout(resaved["bang-cham-diem"]).section("tieu_chi")
    _, cached = sheet_of(resaved["bang-cham-diem"], data_only=True)
    rows = list(range(layout.first_row, layout.last_row + 1)) + [layout.total_row]
    assert [cached.cell(r, 3).value for r in rows] == [e["diem_chuan"] for e in expected]
    assert [cached.cell(r, 4).value for r in rows] == pytest.approx([e["tu_cham"] or 0 for e in expected])


# --- the Word form ----------------------------------------------------------------------------


def test_word_registration_form(built, resaved):
    path = built["docx"]
    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025" in body
    for name in vn.metric_names("ca_nhan") + vn.metric_names("khen_thuong"):
        assert name in body  # Word has no dropdown here: the allowed values are listed

    header_block = doc.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_block[1].text
    assert "CÔNG ĐOÀN CƠ SỞ BAN QUẢN LÝ DỰ ÁN" in " ".join(header_block[0].text.split())  # broken between word groups

    layout = read_layout(path)
    people = layout.section("ca_nhan")
    table = doc.tables[people.table]
    assert [c.text for c in table.rows[0].cells] == HEADERS["dang-ky-thi-dua"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    rows = [[c.text for c in row.cells] for row in table.rows[people.first_row:people.last_row + 1]]
    assert [r[1] for r in rows[:3]] == [m["ho_va_ten"] for m in MEMBERS]
    assert rows[0] == ["1", "Phan Văn Lộc", "Giám đốc", "Ban Giám đốc", "", "", ""]
    assert len(rows) == len(MEMBERS) + 10 and rows[-1] == [str(len(rows)), "", "", "", "", "", ""]
    collectives = doc.tables[layout.section("tap_the").table]
    assert [c.text for c in collectives.rows[0].cells] == ["STT", "Tên tập thể", "Danh hiệu thi đua đăng ký",
                                                           "Hình thức khen thưởng", "Ghi chú"]
    assert collectives.rows[1].cells[1].text == COLLECTIVES[0]["ten_tap_the"]

    fonts = {f.get(qn("w:ascii")) for f in doc.element.body.iter(qn("w:rFonts"))}
    assert fonts == {FONT}
    expected = FormIdentity("dang-ky-thi-dua", "1", UNITS["dang-ky-thi-dua"], 2025)
    assert read_identity(path) == expected
    assert read_identity(resaved["docx"]) == expected  # LibreOffice keeps the custom properties
    assert read_layout(resaved["docx"]) == layout

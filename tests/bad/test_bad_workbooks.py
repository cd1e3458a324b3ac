"""Workbooks people fill for `generate`, `template check` and `form`, as they really fill them:
sheets and headings misspelt, a title above the header, merged headings, formulas never
calculated, impossible dates, numbers in words, a million-row sheet with three rows of data,
hidden sheets, and files that are not workbooks at all.

Whatever cannot be read exactly is an error that names the file, sheet, row and column and
says what to do; an error in one row of an `--each` batch fails that document only.
"""
from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from builders import minimal_pdf, password_protected
from common import assert_only_new, failure_line, tree
from conftest import make_template, make_workbook, outputs, texts

INFO = {"co_quan_chu_quan": "Công đoàn Viên chức tỉnh", "co_quan_ban_hanh": "CĐCS Sở Tài chính",
        "dia_danh": "An Giang", "nam": 2025, "cong_doan": "CĐCS Sở Tài chính",
        "chu_tich_ho_ten": "Nguyễn Văn Bảy", "thu_truong_ho_ten": "Trần Thị Tám"}
HEADER = ["Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu", "Hình thức khen thưởng", "Ghi chú"]


def registration(path: Path, sheet_rows, title: str = "ca_nhan", merges=(), hidden=False) -> Path:
    """A `dang-ky-thi-dua` workbook whose `ca_nhan` sheet holds exactly `sheet_rows`."""
    make_workbook(path, INFO, {title: sheet_rows})
    if merges or hidden:
        wb = load_workbook(path)
        for ref in merges:
            wb[title].merge_cells(ref)
        if hidden:
            wb[title].sheet_state = "hidden"
        wb.save(path)
    return path


def people(path: Path, rows, header=("Họ và tên", "Ngày vào", "Số lượng")) -> Path:
    return make_workbook(path, {"nam": 2025}, {"ca_nhan": [list(header), *rows]})


@pytest.fixture
def letter(tmp_path) -> Path:
    return make_template(tmp_path / "thu.docx",
                         ["Kính gửi {{ ho_va_ten }}, vào ngày {{ ngay_vao }}, {{ so_luong }} con."])


def generate(cli, template, data, *more):
    return cli("generate", template, data, "-o", "out", *more)


# --- names: sheets and headings -------------------------------------------------------------


def test_a_misspelt_sheet_is_named_with_the_closest_one(cli, tmp_path):
    data = registration(tmp_path / "dk.xlsx", [HEADER, ["An", "CV", "P1", "", "", ""]], title="Ca nhan (2025)")
    before = tree(tmp_path)
    result = generate(cli, "dang-ky-thi-dua", data)
    assert result.exit_code == 1
    assert "tệp dk.xlsx" in result.output and "thiếu trang tính 'ca_nhan'" in result.output
    assert "Có phải là trang 'Ca nhan (2025)'? Hãy đổi tên trang thành 'ca_nhan'." in result.output
    assert_only_new(tmp_path, before)


def test_a_misspelt_heading_is_named_with_its_cell(cli, tmp_path):
    data = registration(tmp_path / "dk.xlsx", [["Họ và tê", *HEADER[1:]], ["An", "CV", "P1", "", "", ""]])
    before = tree(tmp_path)
    result = generate(cli, "dang-ky-thi-dua", data)
    assert result.exit_code == 1
    assert ("tệp dk.xlsx, trang tính 'ca_nhan': thiếu cột 'ho_va_ten' (Họ và tên). "
            "Cột 'Họ và tê' ở ô A1 có phải viết nhầm? Hãy sửa tiêu đề cột.") in result.output
    assert_only_new(tmp_path, before)


def test_a_title_above_the_header_is_skipped(cli, tmp_path):
    data = registration(tmp_path / "dk.xlsx", [["DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025"], HEADER,
                                               ["Nguyễn Văn An", "Chuyên viên", "Phòng A", "Lao động tiên tiến",
                                                "Giấy khen", ""]], merges=["A1:F1"])
    result = generate(cli, "dang-ky-thi-dua", data)
    assert result.exit_code == 0, result.output
    written = texts(Path("out/dang-ky-thi-dua.docx"))
    assert "Nguyễn Văn An" in written and "Lao động tiên tiến" in written
    assert "DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025" not in written


def test_a_two_level_merged_header_names_columns_by_their_lowest_heading(cli, tmp_path):
    rows = [["Họ và tên", "Chức vụ", "Đơn vị", "Đăng ký", None, "Ghi chú"],
            [None, None, None, "Danh hiệu", "Hình thức khen thưởng", None],
            ["Nguyễn Văn An", "Chuyên viên", "Phòng A", "Chiến sĩ thi đua cơ sở", "Bằng khen", "x"]]
    data = registration(tmp_path / "dk.xlsx", rows, merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"])
    result = generate(cli, "dang-ky-thi-dua", data)
    assert result.exit_code == 0, result.output
    written = texts(Path("out/dang-ky-thi-dua.docx"))
    assert "Chiến sĩ thi đua cơ sở" in written and "Bằng khen" in written
    assert "Danh hiệu" not in written  # the sub-heading row is a heading, not a person
    assert "Tổng cộng: 01 cá nhân./." in written


def test_data_under_a_heading_merged_across_columns_is_named(cli, tmp_path):
    rows = [["Họ và tên", None, *HEADER[1:]], ["Nguyễn Văn", "An", "CV", "P1", "", "", ""]]
    data = registration(tmp_path / "dk.xlsx", rows, merges=["A1:B1"])
    before = tree(tmp_path)
    result = generate(cli, "dang-ky-thi-dua", data)
    assert result.exit_code == 1
    assert "tệp dk.xlsx, trang tính 'ca_nhan', dòng 2, cột 'B'" in result.output
    assert "ô tiêu đề A1:B1 được gộp" in result.output and "Hãy bỏ gộp ô tiêu đề" in result.output
    assert_only_new(tmp_path, before)


# --- values ---------------------------------------------------------------------------------


def test_bad_values_in_an_each_batch_fail_their_document_only(cli, tmp_path, letter):
    data = people(tmp_path / "ds.xlsx", [["An", "01/02/2019", 1], ["Bình", "32/13/2019", 2],
                                         ["Chi", "01/01/2020", "mười"], ["Dung", None, "03"]])
    before = tree(tmp_path)
    result = generate(cli, letter, data, "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 1
    assert "2 tệp không tạo được" in result.output
    date = failure_line(result.output, "Bình")
    assert "tệp ds.xlsx, trang tính 'ca_nhan', dòng 3, cột 'B Ngày vào'" in date
    assert "'32/13/2019' không phải là ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy" in date
    number = failure_line(result.output, "Chi")
    assert "dòng 4, cột 'C Số lượng'" in number and "'mười' không phải là số; hãy ghi bằng chữ số" in number
    assert [p.name for p in outputs(Path("out"))] == ["An.docx", "Dung.docx"]
    assert texts(Path("out/Dung.docx")) == ["Kính gửi Dung, vào ngày , 3 con."]
    assert_only_new(tmp_path, before, "out")


def test_a_bad_value_in_a_shared_table_stops_before_anything_is_written(cli, tmp_path):
    data = make_workbook(tmp_path / "bc.xlsx", {**INFO, "tieu_de": "Báo cáo", "nguoi_ky_ho_ten": "Trần Thị Tám"},
                         {"ket_qua": [["Nội dung", "Đăng ký", "Thực hiện"], ["Kết nạp đoàn viên", "ít nhất 10", "12"]],
                          "khen_thuong": [["Hình thức", "Số lượng"], ["Giấy khen", "mười"]]})
    before = tree(tmp_path)
    result = generate(cli, "bao-cao-tong-ket", data)
    assert result.exit_code == 1
    assert "tệp bc.xlsx, trang tính 'khen_thuong', dòng 2, cột 'B Số lượng': 'mười' không phải là số" in result.output
    assert_only_new(tmp_path, before)


def test_a_formula_never_calculated_is_named_not_read_as_blank(cli, tmp_path, letter):
    data = people(tmp_path / "ds.xlsx", [["An", "01/02/2019", 1], ["Bình", "01/02/2019", "=1+1"], ["Chi", None, 2]])
    result = generate(cli, letter, data, "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 1
    line = failure_line(result.output, "Bình")
    assert "dòng 3, cột 'C Số lượng'" in line and "ô C3 có công thức nhưng chưa có giá trị đã tính" in line
    assert "mở tệp bằng Excel hoặc LibreOffice, lưu lại" in line
    assert [p.name for p in outputs(Path("out"))] == ["An.docx", "Chi.docx"]


def test_a_formula_in_thong_tin_never_calculated_is_named(cli, tmp_path):
    data = registration(tmp_path / "dk.xlsx", [HEADER, ["An", "CV", "P1", "", "", ""]])
    wb = load_workbook(data)
    info = wb["thong_tin"]
    row = next(r for r in info.iter_rows(min_row=2) if r[0].value == "nam")
    row[1].value = "=2024+1"
    wb.save(data)
    result = generate(cli, "dang-ky-thi-dua", data)
    assert result.exit_code == 1
    assert "trang tính 'thong_tin', dòng 5" in result.output and "ô B5 có công thức" in result.output


def test_a_csv_with_a_title_line_and_numbers_in_words(cli, tmp_path, letter):
    data = tmp_path / "ca_nhan.csv"
    data.write_text("DANH SÁCH\nHọ và tên;Ngày vào;Số lượng;Ghi chú\nAn;05/02/2025;2;\nBình;05/02/2025;hai;\n",
                    encoding="utf-8-sig")
    result = generate(cli, letter, data, "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 1
    assert "dòng 4, cột 'C Số lượng'" in failure_line(result.output, "Bình")
    assert texts(Path("out/An.docx")) == ["Kính gửi An, vào ngày 05/02/2025, 2 con."]


# --- size and hidden sheets ------------------------------------------------------------------


def million_rows(path: Path) -> Path:
    """Three people, a formatted cell at the last row Excel has and a declared A1:Z1048576."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ca_nhan"
    for row in (["Họ và tên", "Ngày vào", "Số lượng"], ["An", "01/02/2019", 1], ["Bình", None, 2], ["Chi", None, 3]):
        ws.append(row)
    ws.cell(row=1_048_576, column=26).font = Font(bold=True)  # styled, empty: Excel keeps it
    wb.save(path)
    return path


def test_a_million_row_sheet_with_three_rows_of_data_is_fast_and_small(cli, tmp_path, letter):
    from toolkit.generate.workbook import open_workbook

    data = million_rows(tmp_path / "ds.xlsx")
    with zipfile.ZipFile(data) as zf:
        assert b'<dimension ref="A1:Z1048576"/>' in zf.read("xl/worksheets/sheet1.xml")
    tracemalloc.start()
    start = time.perf_counter()
    rows = list(open_workbook(data).rows("ca_nhan"))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.values["ho_va_ten"] for r in rows] == ["An", "Bình", "Chi"]
    assert seconds < 10 and peak < 20 * 1024 * 1024  # no allocation per empty row

    result = generate(cli, letter, data, "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 0, result.output
    assert [p.name for p in outputs(Path("out"))] == ["An.docx", "Bình.docx", "Chi.docx"]


def test_a_hidden_sheet_never_shadows_the_visible_one(cli, tmp_path, letter):
    wb = Workbook()
    old = wb.active
    old.title = "Ca nhan"  # the same sheet to `generate` (same slug), hidden: last year's list
    old.append(["Họ và tên"])
    old.append(["Người cũ"])
    old.sheet_state = "hidden"
    new = wb.create_sheet("ca_nhan")
    new.append(["Họ và tên"])
    new.append(["Người mới"])
    wb.save(tmp_path / "ds.xlsx")
    result = generate(cli, letter, tmp_path / "ds.xlsx", "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 0, result.output
    assert [p.name for p in outputs(Path("out"))] == ["Người mới.docx"]


def test_a_hidden_sheet_alone_is_still_data(cli, tmp_path, letter):
    data = people(tmp_path / "ds.xlsx", [["An", None, 1]])
    wb = load_workbook(data)
    wb["ca_nhan"].sheet_state = "hidden"
    wb.save(data)
    result = generate(cli, letter, data, "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 0 and [p.name for p in outputs(Path("out"))] == ["An.docx"]


# --- files that are not workbooks ------------------------------------------------------------


NOT_WORKBOOKS = [
    ("rong.xlsx", lambda p: p.write_bytes(b""), "tệp rỗng (0 byte)"),
    ("mat-khau.xlsx", lambda p: p.write_bytes(password_protected()), "tệp Excel đang đặt mật khẩu; hãy bỏ mật khẩu"),
    ("bao-cao.xlsx", lambda p: p.write_bytes(minimal_pdf()), "không phải bảng tính Excel (.xlsx) mà là tệp PDF"),
    ("cat.xlsx", lambda p: p.write_bytes(make_workbook(p, INFO).read_bytes()[:900]), "tệp bị hỏng, không mở được"),
]


@pytest.mark.parametrize("name, make, message", NOT_WORKBOOKS, ids=[c[0] for c in NOT_WORKBOOKS])
@pytest.mark.parametrize("command", ["generate", "check", "form", "table"])
def test_a_file_that_is_not_a_workbook_says_what_it_is(cli, tmp_path, name, make, message, command):
    data = tmp_path / name
    make(data)
    before = tree(tmp_path)
    args = {"generate": ["generate", "dang-ky-thi-dua", data, "-o", "out"],
            "check": ["template", "check", "dang-ky-thi-dua", data],
            "form": ["form", "dang-ky-thi-dua", data, "-o", "mau.xlsx"],
            "table": ["convert", "table", data, "bang.csv"]}[command]
    result = cli(*args)
    assert result.exit_code == 1
    assert f"tệp {name}" in result.output and message in result.output
    assert "Traceback" not in result.output and "zip file" not in result.output
    assert_only_new(tmp_path, before)


@pytest.mark.parametrize("content, message", [
    (minimal_pdf(), "không phải bảng tính Excel (.xlsx) mà là tệp PDF"),
    (b"H\xe1\x81\x81\x8d;x\n", "tệp CSV không phải chữ UTF-8 hay Windows-1258"),
    (b"Ho va ten,x\nAn,\x00\x01\x02\n", "không nhận ra định dạng tệp"),
], ids=["pdf", "not-text", "binary"])
def test_a_csv_that_is_not_text_says_what_it_is(cli, tmp_path, letter, content, message):
    data = tmp_path / "ca_nhan.csv"
    data.write_bytes(content)
    before = tree(tmp_path)
    result = generate(cli, letter, data, "--each", "ca_nhan")
    assert result.exit_code == 1 and "tệp ca_nhan.csv" in result.output and message in result.output
    assert_only_new(tmp_path, before)


def test_a_workbook_saved_with_a_csv_name_is_read_as_a_workbook(cli, tmp_path, letter):
    data = tmp_path / "ca_nhan.csv"
    people(tmp_path / "ds.xlsx", [["An", None, 1]]).rename(data)
    result = generate(cli, letter, data, "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 0, result.output
    assert texts(Path("out/An.docx")) == ["Kính gửi An, vào ngày , 1 con."]


def test_a_date_serial_out_of_range_is_named_and_nothing_english_is_printed(tmp_path):
    """openpyxl warns on the terminal about a date cell it cannot read; the user sees only the
    Vietnamese failure for that row."""
    import os
    import subprocess
    import sys

    wb = Workbook()
    ws = wb.active
    ws.title = "ca_nhan"
    ws.append(["Họ và tên", "Ngày vào", "Số lượng"])
    ws.append(["An", 10 ** 12, 1])
    ws["B2"].number_format = "dd/mm/yyyy"
    ws.append(["Bình", None, 2])
    wb.save(tmp_path / "ds.xlsx")
    make_template(tmp_path / "thu.docx", ["{{ ho_va_ten }} {{ ngay_vao }}"])
    repo = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", "toolkit", "generate", "thu.docx", "ds.xlsx", "-o", "out", "--each",
                          "ca_nhan"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(repo)},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Warning" not in run.stderr and "openpyxl" not in run.stderr
    assert "dòng 2, cột 'B Ngày vào'" in run.stderr and "không phải là ngày hợp lệ" in run.stderr
    assert [p.name for p in outputs(tmp_path / "out")] == ["thu - Bình.docx"]

"""PDFs of lists as offices print them: a sheet too wide for the paper, printed in column
bands page after page, is read back as one table, row by row."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side
from PIL import Image

from toolkit.extract import extract
from toolkit.readers import read
from toolkit.readers.blocks import Cell, Frame, Table
from toolkit.readers.paragraphs import join_sheet_pages
from toolkit.office.libreoffice import find_soffice

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Phương",
         "Đặng Quốc Giang", "Bùi Thị Hạnh", "Đỗ Văn Inh", "Hồ Thị Kim", "Ngô Văn Long", "Dương Thị Mai",
         "Lý Văn Nam", "Đinh Thị Oanh", "Mai Văn Phúc"]



def printed(workbook: Path) -> Path:
    """The workbook as LibreOffice prints it to PDF, beside it."""
    subprocess.run([find_soffice(), "--headless", "--norestore",
                    f"-env:UserInstallation={(workbook.parent / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(workbook.parent), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    return workbook.with_suffix(".pdf")

def wide_sheet_pdf(tmp_path: Path, copies: int = 1) -> Path:
    wb = Workbook()
    ws = wb.active
    side = Side(style="thin")
    box = Border(left=side, right=side, top=side, bottom=side)
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Đơn vị công tác", "Trình độ",
               "Số năm công tác", "Danh hiệu thi đua đăng ký", "Ghi chú"])
    for i, name in enumerate(NAMES * copies, start=1):
        ws.append([i, name, "01/01/1980", "Nam", "Chuyên viên", "Phòng Tổ chức cán bộ Sở Nội vụ", "Đại học",
                   10 + i, "Lao động tiên tiến" if i % 2 else "Chiến sĩ thi đua cơ sở", ""])
    for row in ws.iter_rows():
        for cell in row:
            cell.border = box
    for col, width in zip("ABCDEFGHIJ", [6, 28, 14, 10, 18, 36, 14, 12, 30, 20]):
        ws.column_dimensions[col].width = width
    wb.save(tmp_path / "dang-ky.xlsx")
    return printed(tmp_path / "dang-ky.xlsx")


def test_a_sheet_printed_in_column_bands_is_joined_back_by_its_rows(tmp_path):
    contents = read(wide_sheet_pdf(tmp_path))
    assert contents.pages >= 2  # really printed over several pages
    tables = [b for b in contents.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows[0]) == 10

    records = extract(contents)

    assert [(r.subject, r.metric, r.position) for r in records] == [
        (name, "lao_dong_tien_tien" if i % 2 else "chien_si_thi_dua_co_so", "Chuyên viên")
        for i, name in enumerate(NAMES, start=1)]


def marks_sheet_pdf(tmp_path: Path) -> Path:
    """A registration sheet with a column of `x` marks per title, too wide for the paper: the
    title columns are printed on the second page."""
    wb = Workbook()
    ws = wb.active
    side = Side(style="thin")
    box = Border(left=side, right=side, top=side, bottom=side)
    ws.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "LĐTT", "CSTĐCS", "Ghi chú"])
    for i, name in enumerate(NAMES[:8], start=1):
        ws.append([i, name, "Chuyên viên", "Phòng Tổ chức cán bộ Sở Nội vụ", "x", "x" if i % 3 == 1 else None, None])
    for row in ws.iter_rows():
        for cell in row:
            cell.border = box
    for col, width in zip("ABCDEFG", [6, 30, 24, 60, 12, 12, 30]):
        ws.column_dimensions[col].width = width
    wb.save(tmp_path / "dang-ky.xlsx")
    return printed(tmp_path / "dang-ky.xlsx")


def test_a_scan_of_a_sheet_printed_over_two_pages_is_joined_back_by_its_rows(tmp_path):
    pdf = marks_sheet_pdf(tmp_path)
    (tmp_path / "quet").mkdir()
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(tmp_path / "quet" / "trang")],
                   check=True, timeout=120)
    pages = [Image.open(p).convert("L") for p in sorted((tmp_path / "quet").glob("trang-*.png"))]
    assert len(pages) >= 2  # really printed over two pages
    # the scanner takes the second sheet of paper a little lower
    pages[1] = pages[1].transform(pages[1].size, Image.AFFINE, (1, 0, 0, 0, 1, -6), fillcolor=255)
    pages[0].save(tmp_path / "quet.pdf", "PDF", resolution=200, save_all=True, append_images=pages[1:])

    contents = read(tmp_path / "quet.pdf")
    tables = [b for b in contents.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows[0]) == 7

    records = extract(contents)

    assert sorted((r.subject, r.metric) for r in records) == sorted(
        [(name, "lao_dong_tien_tien") for name in NAMES[:8]]
        + [(name, "chien_si_thi_dua_co_so") for i, name in enumerate(NAMES[:8], start=1) if i % 3 == 1])


def test_a_long_sheet_printed_down_then_over_is_joined_back_by_its_rows(tmp_path):
    contents = read(wide_sheet_pdf(tmp_path, copies=4))  # 60 rows: two pages down, then the next band
    assert contents.pages >= 4
    tables = [b for b in contents.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows) == 61 and len(tables[0].rows[0]) == 10
    records = extract(contents)
    assert len(records) == 60
    assert records[-1].subject == NAMES[-1] and records[-1].metric == "chien_si_thi_dua_co_so"


def grid_sheet_pdf(tmp_path: Path, order: str, header_on_each_page: bool, ruled: bool,
                   two_row_header: bool = False) -> Path:
    """A list of 70 people under a title, three pages wide and two pages long, printed without
    fit-to-width in the given page order (`downThenOver` or `overThenDown`). A two-row header
    groups two columns of the first page: the other pages' header cells are merged down, so
    their tables lack a row line the first page's has."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "ỦY BAN NHÂN DÂN HUYỆN BẢO LỘC"
    # A long title runs over into the next columns' page. (Without rulings the title's end on that
    # page is still read as the first row of its table: a short title there.)
    ws["A2"] = ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG THÀNH TÍCH THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ NĂM 2025 CỦA CÁC PHÒNG"
                if ruled else "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025")
    ws.append([])
    if two_row_header:
        ws.append(["STT", "Họ và tên", "Cá nhân", "", "Đơn vị công tác", "Trình độ",
                   "Hình thức khen thưởng", "Cấp khen", "Ghi chú"])
        ws.append(["", "", "Năm sinh", "Chức vụ"])
        for col in "ABEFGHI":
            ws.merge_cells(f"{col}4:{col}5")
        ws.merge_cells("C4:D4")
    else:
        ws.append(["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác", "Trình độ",
                   "Hình thức khen thưởng", "Cấp khen", "Ghi chú"])
    for i, name in enumerate(GRID_NAMES, start=1):
        # Unruled columns are told apart by their left edges: the numbers as text, left-aligned.
        ws.append([i if ruled else str(i), name, str(1970 + i % 30), "Chuyên viên", "Phòng Nội vụ huyện",
                   "Đại học", "Bằng khen" if i % 3 == 0 else "Giấy khen",
                   "Chủ tịch UBND tỉnh" if i % 3 == 0 else "Chủ tịch UBND huyện", "Đề nghị"])
    if ruled:
        side = Side(style="thin")
        for row in ws.iter_rows(min_row=4, max_col=9):
            for cell in row:
                cell.border = Border(left=side, right=side, top=side, bottom=side)
    for col, width in zip("ABCDEFGHI", [6, 30, 12, 22, 40, 14, 30, 24, 12]):
        ws.column_dimensions[col].width = width
    ws.page_setup.pageOrder = order
    if header_on_each_page:
        ws.print_title_rows = "4:5" if two_row_header else "4:4"
    wb.save(tmp_path / "de-nghi.xlsx")
    return printed(tmp_path / "de-nghi.xlsx")


GRID_NAMES = [f"{family} {middle} {given}" for family in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng")
              for middle, given in zip(("Văn", "Thị", "Quốc", "Minh", "Thanh", "Hữu", "Ngọc", "Đức", "Thu", "Kim"),
                                       ("An", "Bình", "Cường", "Dung", "Giang", "Hạnh", "Khoa", "Lan", "Nga", "Tâm"))]


@pytest.mark.parametrize("order, header_on_each_page, ruled, two_row_header", [
    ("downThenOver", False, True, False), ("downThenOver", True, True, False), ("overThenDown", False, True, False),
    ("overThenDown", True, True, False), ("downThenOver", False, False, False), ("overThenDown", True, False, False),
    ("downThenOver", False, True, True), ("overThenDown", True, True, True)])
def test_a_sheet_printed_on_a_grid_of_pages_is_joined_back_row_by_row(tmp_path, order, header_on_each_page, ruled,
                                                                       two_row_header):
    contents = read(grid_sheet_pdf(tmp_path, order, header_on_each_page, ruled, two_row_header))
    assert contents.pages == 6  # two pages long, three wide
    tables = [b for b in contents.blocks if isinstance(b, Table)]
    width = 9 if ruled else 10  # unruled: an empty column more
    assert [(len(t.rows), len(t.rows[0])) for t in tables] == [(71 + two_row_header, width)]
    assert {len(row) for row in tables[0].rows} == {width}

    records = extract(contents)

    assert [(r.subject, r.metric) for r in records] == [
        (name, "bang_khen" if i % 3 == 0 else "giay_khen") for i, name in enumerate(GRID_NAMES, start=1)]


def _page_table(page: int, rows: list[list[str]], columns: tuple[float, ...] = (50.0, 90.0, 250.0, 400.0)) -> Table:
    spans = tuple((100.0 + 15 * i, 115.0 + 15 * i) for i in range(len(rows)))
    return Table(rows=[[Cell(text) for text in row] for row in rows], page=page,
                 frame=Frame(rows=spans, columns=columns))


def test_two_lists_of_their_own_on_pages_alike_are_not_put_side_by_side():
    first = _page_table(1, [["STT", "Họ và tên", "Chức vụ"], ["1", "Lê Văn A", "Giáo viên"], ["2", "Lê Văn B", "Giáo viên"],
                            ["3", "Lê Văn C", "Giáo viên"]])
    second = _page_table(2, [["STT", "Tên tập thể", "Đơn vị"], ["1", "Tổ Toán", "Trường A"], ["2", "Tổ Văn", "Trường A"],
                             ["3", "Tổ Anh", "Trường A"]], columns=(50.0, 90.0, 300.0, 400.0))

    assert join_sheet_pages([[first], [second]], [(None, None), (None, None)]) == [first, second]
    assert len(first.rows[0]) == 3


def test_next_columns_of_one_width_go_on_to_the_right_of_numbered_rows():
    rows = _page_table(1, [["STT", "Họ và tên", "Chức vụ"], ["1", "Lê Văn A", "Giáo viên"], ["2", "Lê Văn B", "Kế toán"],
                           ["3", "Lê Văn C", "Giáo viên"]])
    more = _page_table(2, [["Đơn vị", "Hình thức", "Ghi chú"], ["Trường A", "Giấy khen", ""],
                           ["Trường A", "Bằng khen", ""], ["Trường B", "Giấy khen", ""]])

    assert join_sheet_pages([[rows], [more]], [(None, None), (None, None)]) == [rows]
    assert [c.text for c in rows.rows[2]] == ["2", "Lê Văn B", "Kế toán", "Trường A", "Bằng khen", ""]


def test_a_slightly_skewed_blurred_jpeg_scan_of_a_ruled_list_is_read_as_its_table(tmp_path):
    from docx import Document
    from PIL import Image, ImageFilter

    doc = Document()
    doc.add_paragraph("DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2024")
    rows = [["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"]] + [
        [str(i), name, "Giáo viên", "Lao động tiên tiến"] for i, name in enumerate(NAMES[:8], start=1)]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "ds.docx")
    subprocess.run([find_soffice(), "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "ds.docx")],
                   check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(tmp_path / "ds.pdf"),
                    str(tmp_path / "trang")], check=True, timeout=120)
    page = Image.open(tmp_path / "trang.png").convert("L")
    fed_askew = page.rotate(1.2, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
    fed_askew.save(tmp_path / "quet.jpg", quality=55)
    Image.open(tmp_path / "quet.jpg").save(tmp_path / "quet.pdf", "PDF", resolution=200)

    records = extract(read(tmp_path / "quet.pdf"))

    assert [(r.subject, r.metric) for r in records] == [(name, "lao_dong_tien_tien") for name in NAMES[:8]]

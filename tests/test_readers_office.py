"""Reading returned Excel and Word files into blocks: `read`, `read_xlsx`, `read_docx`, and
the old .doc/.xls through LibreOffice. Every input is built here, the way a unit's clerk (or
an old program) would have saved it."""
from __future__ import annotations

import shutil
import struct
import subprocess
import time
import tracemalloc
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings, strategies as st
from docx.shared import Pt
from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Font

from toolkit.errors import ThiduaError
from toolkit.readers import SUPPORTED, Line, Table, read
from toolkit.readers.docx import read_docx
from toolkit.readers.xlsx import read_xlsx
from toolkit.vn.legacy import encode_tcvn3


def grid(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def tables(result) -> list[Table]:
    return [b for b in result.blocks if isinstance(b, Table)]


def lines(result) -> list[str]:
    return [b.text for b in result.blocks if isinstance(b, Line)]


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    """`convert(file, "xlsx"|"doc")`: the file saved again by LibreOffice, as a clerk who
    opens and re-saves it would; one private profile for the whole module."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    root = tmp_path_factory.mktemp("libreoffice")

    def convert(source: Path, fmt: str) -> Path:
        out = root / f"out-{fmt}"
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(root / 'profile').as_uri()}",
                        "--convert-to", fmt, "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=180)
        return out / f"{source.stem}.{fmt}"

    return convert


def replace_part(path: Path, name: str, edit) -> None:
    """Rewrite one part of a zip package with `edit(bytes) -> bytes`."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, edit(data) if info.filename == name else data)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file ([MS-CFB] version 3, 512-byte sectors) holding `streams`.

    This is the container Office writes a password-protected .xlsx or .docx into
    ([MS-OFFCRYPTO]: streams `EncryptionInfo` and `EncryptedPackage`). Sector 0 is the FAT,
    sector 1 the directory, then each stream padded to 4096 bytes (so none is in the mini
    stream)."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    blobs = [data.ljust(4096, b"\0") for data in streams.values()]
    fat, starts = [fat_sector, end], []
    for blob in blobs:
        count = len(blob) // 512
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = none, right: int = none) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, none, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, end, 0, child=1)
    for i, name in enumerate(names):
        directory += entry(name, 2, starts[i], len(streams[name]), right=i + 2 if i + 1 < len(names) else none)
    directory = directory.ljust(512, b"\0")
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<109I", 0, *[free] * 108)
    return header + struct.pack("<128I", *fat) + directory + b"".join(blobs)


# --- .xlsx ------------------------------------------------------------------------------------


def test_xlsx_cells_keep_their_typed_values_refs_and_sheet_rows(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    ws["B3"] = "Chỉ tiêu"
    ws["C3"] = "Đăng ký"
    ws["D3"] = "Ngày"
    ws.append([None, "Tin bài", 12, date(2025, 2, 5)])
    ws.append([None, "Tỷ lệ đoàn viên", 95.5, datetime(2025, 12, 31, 16, 30)])
    ws.append([])  # a blank row between data rows stays, so row numbers hold
    ws.append([None, "Kết nạp", 2025.0, True])
    ws["J20"].font = Font(bold=True)  # formatting without a value does not widen the table
    path = tmp_path / "ket-qua.xlsx"
    wb.save(path)

    result = read_xlsx(path)

    assert result.kind == "xlsx" and result.path == path and result.hidden_sheets == ()
    [table] = tables(result)
    assert table.sheet == "Kết quả" and table.first_row == 3
    assert grid(table) == [
        ["", "Chỉ tiêu", "Đăng ký", "Ngày"],
        ["", "Tin bài", "12", "05/02/2025"],
        ["", "Tỷ lệ đoàn viên", "95.5", "31/12/2025 16:30"],
        ["", "", "", ""],
        ["", "Kết nạp", "2025", "TRUE"],
    ]
    tin_bai = table.rows[1][2]
    assert (tin_bai.value, tin_bai.ref) == (12, "C4")
    assert table.rows[1][3].value == datetime(2025, 2, 5)
    assert table.rows[4][1].ref == "B7" and table.rows[3][0].ref == "A6"


def test_xlsx_percentages_read_as_excel_shows_them(tmp_path):
    """`100%` typed in Excel is the number 1 in a `0%` cell: without its format it would
    read as a count of one."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Đơn vị", "Tỷ lệ %", "Số đoàn viên"])
    ws.append(["Văn phòng", 0.987, 152])
    ws.append(["Thanh tra", 1, 38])
    ws["B2"].number_format = "0.0%"
    ws["B3"].number_format = "0%"
    wb.save(tmp_path / "ty-le.xlsx")

    [table] = tables(read_xlsx(tmp_path / "ty-le.xlsx"))

    assert grid(table)[1:] == [["Văn phòng", "98,7%", "152"], ["Thanh tra", "100%", "38"]]
    assert (table.rows[1][1].value, table.rows[2][1].value) == (0.987, 1)


def test_xlsx_two_level_header_repeats_the_group_over_its_sub_columns(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025"])
    ws.merge_cells("A1:E1")  # a title as wide as the table is not a group header
    ws.append(["STT", "Họ và tên", "Danh hiệu thi đua", None, "Ghi chú"])
    ws.append([None, None, "LĐTT", "CSTĐCS", None])
    for column in "ABE":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("C2:D2")
    ws.append([1, "Nguyễn Văn An", "x", None, None])
    ws.append([2, "Trần Thị Bình", "Cả nhóm", None, None])
    ws.merge_cells("C5:D5")  # a merge among the data is not a header: value first, "" after
    path = tmp_path / "dang-ky.xlsx"
    wb.save(path)

    [table] = tables(read_xlsx(path))

    assert grid(table) == [
        ["DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025", "", "", "", ""],
        ["STT", "Họ và tên", "Danh hiệu thi đua", "Danh hiệu thi đua", "Ghi chú"],
        ["", "", "LĐTT", "CSTĐCS", ""],
        ["1", "Nguyễn Văn An", "x", "", ""],
        ["2", "Trần Thị Bình", "Cả nhóm", "", ""],
    ]
    assert table.rows[1][3].ref == "D2"


def test_xlsx_formulas_are_read_as_the_values_excel_last_calculated(tmp_path, libreoffice):
    wb = Workbook()
    ws = wb.active
    ws.append(["Chỉ tiêu", "Số"])
    ws.append(["Tin bài", 3])
    ws.append(["Sáng kiến", 4])
    ws.append(["Tổng", "=SUM(B2:B3)"])
    ws.append(["Nhân đôi", "=B2*2.5"])
    ws.append(["Kết luận", '="Đạt "&A2'])
    written = tmp_path / "tong.xlsx"
    wb.save(written)
    saved = libreoffice(written, "xlsx")  # calculates and stores the results

    result = read_xlsx(saved)

    [table] = tables(result)
    assert grid(table)[3:] == [["Tổng", "7"], ["Nhân đôi", "7.5"], ["Kết luận", "Đạt Tin bài"]]
    assert table.rows[3][1].value == 7
    assert result.notes == []


def test_xlsx_formula_never_calculated_reads_empty_and_is_noted(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append(["Tin bài", 3])
    ws.append(["Tổng", "=SUM(B1:B1)"])  # openpyxl stores formulas without results
    path = tmp_path / "chua-tinh.xlsx"
    wb.save(path)

    result = read_xlsx(path)

    assert grid(tables(result)[0]) == [["Tin bài", "3"], ["Tổng", ""]]
    [note] = result.notes
    assert "'Tổng hợp'" in note and "B2" in note and "công thức" in note


def test_xlsx_hidden_sheets_are_read_and_named_hidden_rows_listed(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for row in (["Họ và tên"], ["Nguyễn Văn An"], ["Trần Thị Bình"], ["Lê Văn Cường"]):
        ws.append(row)
    ws.row_dimensions[3].hidden = True
    hidden = wb.create_sheet("Dự phòng")
    hidden["A1"] = "Phạm Thị Dung"
    hidden.sheet_state = "hidden"
    ours = wb.create_sheet("_thidua")  # the identity sheet of our own forms
    ours["A1"] = "truong"
    ours.sheet_state = "veryHidden"
    path = tmp_path / "an.xlsx"
    wb.save(path)

    result = read_xlsx(path)

    assert result.hidden_sheets == ("Dự phòng",)
    assert [t.sheet for t in tables(result)] == ["Danh sách", "Dự phòng"]
    assert tables(result)[0].hidden_rows == frozenset({3})
    assert grid(tables(result)[1]) == [["Phạm Thị Dung"]]


def test_xlsx_declared_million_rows_with_three_rows_of_data_is_fast_and_small(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row in (["STT", "Họ và tên"], [1, "Nguyễn Văn An"], [2, "Trần Thị Bình"]):
        ws.append(row)
    path = tmp_path / "lon.xlsx"
    wb.save(path)
    replace_part(path, "xl/worksheets/sheet1.xml",
                 lambda xml: xml.replace(b'<dimension ref="A1:B3"/>', b'<dimension ref="A1:Z1000000"/>'))
    assert b"A1:Z1000000" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")

    tracemalloc.start()
    started = time.perf_counter()
    result = read_xlsx(path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert grid(tables(result)[0]) == [["STT", "Họ và tên"], ["1", "Nguyễn Văn An"], ["2", "Trần Thị Bình"]]
    assert seconds < 3
    assert peak < 30 * 1024 * 1024


def test_xlsx_stray_value_far_below_starts_a_second_table(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Họ và tên"
    ws["A2"] = "Nguyễn Văn An"
    ws["A5000"] = "ghi chú lạc"
    path = tmp_path / "xa.xlsx"
    wb.save(path)

    first, second = tables(read_xlsx(path))

    assert (first.first_row, len(first.rows)) == (1, 2)
    assert (second.first_row, grid(second)) == (5000, [["ghi chú lạc"]])


def test_xlsx_tcvn3_cells_in_vntime_fonts_become_unicode(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = encode_tcvn3("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", upper=True)
    ws["A1"].font = Font(name=".VnTimeH")  # the capitals font draws lower-case codes as capitals
    ws["A2"] = encode_tcvn3("Công đoàn cơ sở Trường Tiểu học Lê Lợi")
    ws["A2"].font = Font(name=".VnTime")
    ws["A3"] = "Đã gõ Unicode"  # a Unicode cell next to them is left alone
    path = tmp_path / "cu.xlsx"
    wb.save(path)

    result = read_xlsx(path)

    assert [row[0] for row in grid(tables(result)[0])] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Công đoàn cơ sở Trường Tiểu học Lê Lợi", "Đã gõ Unicode"]
    assert result.legacy_encoding == "tcvn3"


def test_xlsx_text_is_nfc_with_spaces_collapsed_and_cell_lines_kept(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = unicodedata.normalize("NFD", "Nguyễn   Thị  Hồng")  # pasted from a PDF
    ws["A2"] = "  Số: 05/BC-CĐCS \n\n Hà Nội  "
    path = tmp_path / "nfd.xlsx"
    wb.save(path)

    a1, a2 = (row[0] for row in tables(read_xlsx(path))[0].rows)

    assert a1.text == "Nguyễn Thị Hồng" and unicodedata.is_normalized("NFC", a1.text)
    assert a2.text == "Số: 05/BC-CĐCS\nHà Nội"


def small_workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["Họ và tên", "Danh hiệu"])
    wb.active.append(["Nguyễn Văn An", "Lao động tiên tiến"])
    wb.save(path)
    return path


def test_xlsx_damaged_files_are_reported_not_raised(tmp_path):
    truncated = small_workbook(tmp_path / "cat.xlsx")
    truncated.write_bytes(truncated.read_bytes()[:1500])
    broken_xml = small_workbook(tmp_path / "hong.xlsx")
    replace_part(broken_xml, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])

    with pytest.raises(ThiduaError) as cut:
        read_xlsx(truncated)
    with pytest.raises(ThiduaError) as bad:
        read_xlsx(broken_xml)

    assert cut.value.location.file == "cat.xlsx" and "bị hỏng" in cut.value.message
    assert bad.value.location.sheet == "Sheet" and "lưu lại" in bad.value.message


def test_xlsx_that_is_not_a_workbook_says_what_it_is(tmp_path):
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("Họ và tên;Danh hiệu\n", encoding="utf-8")
    pdf = tmp_path / "bao-cao.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    with pytest.raises(ThiduaError, match="không nhận ra định dạng tệp"):
        read_xlsx(text)
    with pytest.raises(ThiduaError, match="mà là tệp PDF"):
        read_xlsx(pdf)


def test_password_protected_files_ask_for_the_password_to_be_removed(tmp_path):
    encrypted = compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                               "EncryptedPackage": bytes(range(256)) * 8})
    workbook = tmp_path / "mat-khau.xlsx"
    workbook.write_bytes(encrypted)
    document = tmp_path / "mat-khau.docx"
    document.write_bytes(encrypted)

    with pytest.raises(ThiduaError) as excel:
        read_xlsx(workbook)
    with pytest.raises(ThiduaError) as word:
        read(document)

    assert excel.value.message == "tệp Excel đang đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại."
    assert word.value.message == "tệp Word đang đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại."


def test_zip_bomb_is_refused_before_anything_is_inflated(tmp_path):
    path = small_workbook(tmp_path / "bom.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.bin", bytes(20 * 1024 * 1024))  # 20 MB that packs to 20 kB

    with pytest.raises(ThiduaError, match="zip bomb") as refused:
        read(path)

    assert refused.value.location.file == "bom.xlsx"


# --- .docx ------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_come_in_document_order(tmp_path):
    doc = Document()
    doc.add_paragraph("BÁO CÁO TỔNG KẾT", style="Title")
    doc.add_heading("I. Kết quả", level=1)
    p = doc.add_paragraph()
    p.add_run("Số: 05/BC-CĐCS").add_break()  # Shift+Enter: a new line, the same paragraph
    p.add_run("Hà Nội,\tngày 05 tháng 02 năm 2025")
    bold = doc.add_paragraph()
    bold.add_run("Tổng số đoàn viên:  ").bold = True
    bold.add_run("120").bold = True
    doc.add_paragraph("")
    table = doc.add_table(rows=2, cols=2)
    for (i, j), text in {(0, 0): "Chỉ tiêu", (0, 1): "Kết quả", (1, 0): "Tin bài", (1, 1): "12"}.items():
        table.cell(i, j).text = text
    cell = table.cell(1, 0)
    cell.add_paragraph("(bài)")
    doc.add_paragraph("Nơi nhận:")
    path = tmp_path / "bao-cao.docx"
    doc.save(path)

    result = read_docx(path)

    assert [(type(b).__name__, getattr(b, "text", None), getattr(b, "style", None)) for b in result.blocks] == [
        ("Line", "BÁO CÁO TỔNG KẾT", "title"),
        ("Line", "I. Kết quả", "heading"),
        ("Line", "Số: 05/BC-CĐCS", None),
        ("Line", "Hà Nội, ngày 05 tháng 02 năm 2025", None),
        ("Line", "Tổng số đoàn viên: 120", "bold"),
        ("Table", None, None),
        ("Line", "Nơi nhận:", None),
    ]
    assert grid(tables(result)[0]) == [["Chỉ tiêu", "Kết quả"], ["Tin bài\n(bài)", "12"]]
    assert result.kind == "docx" and result.legacy_encoding is None


def test_docx_merged_cells_appear_once(tmp_path):
    doc = Document()
    table = doc.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "STT"  # vertical
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Họ và tên"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Danh hiệu thi đua"  # horizontal
    table.cell(1, 2).text, table.cell(1, 3).text = "LĐTT", "CSTĐCS"
    for j, text in enumerate(["1", "Nguyễn Văn An", "x", ""]):
        table.cell(2, j).text = text
    path = tmp_path / "gop.docx"
    doc.save(path)

    [read_table] = tables(read_docx(path))

    assert grid(read_table) == [
        ["STT", "Họ và tên", "Danh hiệu thi đua", ""],
        ["", "", "LĐTT", "CSTĐCS"],
        ["1", "Nguyễn Văn An", "x", ""],
    ]


def test_docx_nested_table_is_its_own_table_right_after_the_outer_one(tmp_path):
    doc = Document()
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Đơn vị"
    holder = outer.cell(0, 1)
    holder.paragraphs[0].text = "Kết quả:"
    inner = holder.add_table(rows=2, cols=2)
    for (i, j), text in {(0, 0): "LĐTT", (0, 1): "15", (1, 0): "CSTĐCS", (1, 1): "3"}.items():
        inner.cell(i, j).text = text
    doc.add_paragraph("Sau bảng")
    path = tmp_path / "long-bang.docx"
    doc.save(path)

    result = read_docx(path)

    first, second = tables(result)
    assert grid(first) == [["Đơn vị", "Kết quả:"]]
    assert grid(second) == [["LĐTT", "15"], ["CSTĐCS", "3"]]
    assert result.blocks.index(second) == result.blocks.index(first) + 1
    assert lines(result) == ["Sau bảng"]


NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
      "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
      "v": "urn:schemas-microsoft-com:vml"}


def text_box_run(text: str) -> etree._Element:
    """A run holding a text box as Word 2010+ writes it: a DrawingML shape for new readers
    and the same box in VML for old ones, as the two branches of one mc:AlternateContent."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    xml = f"""<w:r {' '.join(f'xmlns:{k}="{v}"' for k, v in NS.items())}><mc:AlternateContent>
      <mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"
          relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
        <wp:simplePos x="0" y="0"/>
        <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
        <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
        <wp:extent cx="1828800" cy="457200"/><wp:wrapNone/><wp:docPr id="1" name="Text Box 1"/>
        <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
          <wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>
        </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
      <mc:Fallback><w:pict><v:shape style="width:144pt;height:36pt"><v:textbox>{content}</v:textbox>
      </v:shape></w:pict></mc:Fallback>
    </mc:AlternateContent></w:r>"""
    return etree.fromstring(xml)


def test_docx_text_box_is_read_once_where_it_is_anchored(tmp_path):
    doc = Document()
    doc.add_paragraph("CÔNG ĐOÀN VIÊN CHỨC TỈNH")
    anchor = doc.add_paragraph("Kính gửi:")
    anchor._p.append(text_box_run("Mẫu số 02"))
    doc.add_paragraph("Ban Thường vụ Công đoàn")
    path = tmp_path / "hop-chu.docx"
    doc.save(path)

    assert lines(read_docx(path)) == ["CÔNG ĐOÀN VIÊN CHỨC TỈNH", "Kính gửi:", "Mẫu số 02", "Ban Thường vụ Công đoàn"]


def test_docx_tcvn3_runs_in_vntime_are_converted_unicode_runs_kept(tmp_path):
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("Đơn vị: ")
    half = encode_tcvn3("Công đoàn cơ sở Trường Tiểu học Lê Lợi")
    for piece in (half[:9], half[9:]):  # Word splits runs anywhere
        p.add_run(piece).font.name = ".VnTime"
    p.add_run(" (đã kiểm tra)")
    title = doc.add_paragraph().add_run(encode_tcvn3("báo cáo thành tích", upper=True))
    title.font.name, title.font.size = ".VnTimeH", Pt(14)
    path = tmp_path / "tron.docx"
    doc.save(path)

    result = read_docx(path)

    assert lines(result) == ["Đơn vị: Công đoàn cơ sở Trường Tiểu học Lê Lợi (đã kiểm tra)", "BÁO CÁO THÀNH TÍCH"]
    assert result.legacy_encoding == "tcvn3"


def test_docx_headers_and_footers_are_not_content(tmp_path):
    doc = Document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Trang 2"
    section.first_page_header.paragraphs[0].text = "Trang 1"
    section.footer.paragraphs[0].text = "Công đoàn cơ sở — lưu hành nội bộ"
    doc.add_paragraph("Nội dung báo cáo")
    path = tmp_path / "dau-trang.docx"
    doc.save(path)

    assert lines(read_docx(path)) == ["Nội dung báo cáo"]


def test_our_own_forms_carry_their_identity(tmp_path):
    from toolkit.forms import write_form

    data = Path(__file__).resolve().parent.parent / "samples" / "dang-ky-thi-dua.xlsx"
    for out in (tmp_path / "mau.xlsx", tmp_path / "mau.docx"):
        write_form("dang-ky-thi-dua", data, out)

        result = read(out)

        assert result.identity.kind == "dang-ky-thi-dua"
        assert all(t.sheet != "_thidua" for t in tables(result))


# --- damaged files in general -------------------------------------------------------------------


def damaged_copy(source: Path, target: Path, part_index: int, edits: list[tuple[int, int]]) -> Path:
    """`source` with some bytes of one of its parts overwritten by XML-ish characters."""
    with zipfile.ZipFile(source) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    name, data = parts[part_index % len(parts)]
    damaged = bytearray(data)
    for position, char in edits:
        if damaged:
            damaged[position % len(damaged)] = b'<>/"=& x0\xff'[char % 10]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for other, content in parts:
            zf.writestr(other, bytes(damaged) if other == name else content)
    return target


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("originals")
    doc = Document()
    doc.add_paragraph("Báo cáo", style="Title")
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "Chỉ tiêu"
    doc.save(folder / "a.docx")
    return [small_workbook(folder / "a.xlsx"), folder / "a.docx"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 1), part=st.integers(0, 50),
       edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 9)), min_size=1, max_size=5))
def test_a_damaged_part_gives_a_thidua_error_or_blocks_never_a_crash(tmp_path, originals, which, part, edits):
    source = originals[which]
    path = damaged_copy(source, tmp_path / f"hong{source.suffix}", part, edits)
    try:
        result = read(path)
    except ThiduaError as exc:
        assert exc.location.file == path.name and exc.message
    else:
        assert all(isinstance(block, (Line, Table)) for block in result.blocks)


# --- read: by content, and the old formats ----------------------------------------------------------


def test_read_goes_by_content_and_notes_a_wrong_extension(tmp_path):
    path = small_workbook(tmp_path / "x.xlsx").rename(tmp_path / "danh-sach.docx")

    result = read(path)

    assert result.kind == "xlsx" and result.path == path
    assert grid(tables(result)[0])[1] == ["Nguyễn Văn An", "Lao động tiên tiến"]
    assert "đuôi .docx" in result.notes[0] and "bảng tính Excel (.xlsx)" in result.notes[0]
    assert set(SUPPORTED) == {".xlsx", ".xlsm", ".docx", ".pdf", ".doc", ".xls"}


def test_read_word_97_doc_through_libreoffice(tmp_path, libreoffice):
    doc = Document()
    doc.add_paragraph("BÁO CÁO THÀNH TÍCH NĂM 2025")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Kết quả"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tin bài", "12"
    doc.add_paragraph("Nơi nhận:")  # LibreOffice 7.4 drops a table that ends a .doc
    source = tmp_path / "bao-cao.docx"
    doc.save(source)
    old = libreoffice(source, "doc")
    assert old.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"

    result = read(old)

    assert result.path == old and result.kind == "docx"
    assert lines(result) == ["BÁO CÁO THÀNH TÍCH NĂM 2025", "Nơi nhận:"]
    assert grid(tables(result)[0]) == [["Chỉ tiêu", "Kết quả"], ["Tin bài", "12"]]
    assert "LibreOffice" in result.notes[0]


def test_read_old_excel_without_libreoffice_says_what_to_do(tmp_path, monkeypatch):
    xls = tmp_path / "cu.xls"
    xls.write_bytes(compound_file({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}))
    monkeypatch.setenv("THIDUA_SOFFICE", str(tmp_path / "khong-co-soffice"))

    with pytest.raises(ThiduaError) as missing:
        read(xls)

    message = missing.value.message
    assert "Excel 97-2003 (.xls)" in message and "cài libreoffice" in message.lower() and ".xlsx" in message
    assert missing.value.location.file == "cu.xls"

"""Reward decisions and proposals: one award record per recipient they list.

Documents are built here as an office writes them (python-docx, LibreOffice for PDF,
pdftoppm for a scan) and read through the real readers and extraction.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from PIL import Image

from toolkit.extract import extract
from toolkit.readers import read
from toolkit.readers.blocks import Line, Table
from toolkit.office.libreoffice import find_soffice

HEAD = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH",
    "Số: 2871/QĐ-UBND\tQuảng Bình, ngày 24 tháng 10 năm 2022",
    "QUYẾT ĐỊNH",
    "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH",
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003;",
    "QUYẾT ĐỊNH:",
]


def decision(path: Path, *paragraphs: str, head: list[str] = HEAD) -> Path:
    """A decision as an office types it: the header block, then one paragraph a line."""
    doc = Document()
    for text in [*head, *paragraphs]:
        doc.add_paragraph(text)
    doc.save(path)
    return path


def awards(path: Path) -> list:
    return [r for r in extract(read(path)) if r.kind == "award"]


def people(records) -> list[tuple]:
    return [(r.subject, r.subject_type, r.position, r.award, r.issuer) for r in records]


def soffice_pdf(source: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([find_soffice(), "--headless", "--norestore",
                    f"-env:UserInstallation={(out / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return out / (source.stem + ".pdf")


def test_a_decision_lists_its_recipients_under_article_1(tmp_path):
    doc = Document()
    for text in HEAD:
        doc.add_paragraph(text)
    doc.add_paragraph("Điều 1. Tặng Bằng khen của Chủ tịch UBND tỉnh cho 03 tập thể đã có thành tích xuất sắc:")
    for text in ["1. Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp;", "2. Công an tỉnh;",
                 "3. Đài Phát thanh và Truyền hình Quảng Bình."]:
        doc.add_paragraph(text)
    doc.add_paragraph("Điều 2. Chánh Văn phòng và các tập thể có tên tại Điều 1 chịu trách nhiệm thi hành.")
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Như Điều 2;")
    doc.save(tmp_path / "qd.docx")

    records = awards(tmp_path / "qd.docx")

    assert [r.subject for r in records] == [
        "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp", "Công an tỉnh",
        "Đài Phát thanh và Truyền hình Quảng Bình"]
    for r in records:
        assert (r.subject_type, r.award, r.issuer, r.metric) == ("collective", "bang_khen", "ubnd", "bang_khen_ubnd")
        assert (r.decision_number, r.decision_date, r.year) == ("2871/QĐ-UBND", "2022-10-24", 2022)


def test_an_annex_groups_recipients_by_award_kind_and_district(tmp_path):
    doc = Document()
    for text in HEAD[:2]:
        doc.add_paragraph(text)
    for text in [
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
        "(Kèm theo Quyết định số 2871/QĐ-UBND ngày 24/10/2022 của Chủ tịch UBND tỉnh)",
        "I. Cờ thi đua của UBND tỉnh: 01",
        "1. Trường Mầm non Hoa Sen, huyện Lệ Thủy",
        "II. Bằng khen của Chủ tịch UBND tỉnh: 01 tập thể, 03 cá nhân",
        "a) Tập thể: 01",
        "1. Trường Mầm non Sơn Ca, huyện Lệ Thủy",
        "b) Cá nhân: 03",
        "Huyện Lệ Thủy: 02",
        "1. Bà Nguyễn Thị Thu Hiền, Hiệu trưởng Trường Mầm non Sơn Ca;",
        "2. Ông Trương Văn Nam, Giáo viên Trường Mầm non Hoa Sen;",
        "Huyện Quảng Ninh (01 cá nhân)",
        "3. Đại tá Lê Văn Tiến - Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh.",
        "Tổng số: 02 tập thể và 03 cá nhân./.",
    ]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "phu-luc.docx")

    records = awards(tmp_path / "phu-luc.docx")

    assert people(records) == [
        ("Trường Mầm non Hoa Sen, huyện Lệ Thủy", "collective", None, "co_thi_dua", "ubnd"),
        ("Trường Mầm non Sơn Ca, huyện Lệ Thủy", "collective", None, "bang_khen", "ubnd"),
        ("Nguyễn Thị Thu Hiền", "individual", "Hiệu trưởng Trường Mầm non Sơn Ca", "bang_khen", "ubnd"),
        ("Trương Văn Nam", "individual", "Giáo viên Trường Mầm non Hoa Sen", "bang_khen", "ubnd"),
        ("Lê Văn Tiến", "individual", "Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "bang_khen", "ubnd"),
    ]
    assert [r.unit for r in records[2:]] == ["Huyện Lệ Thủy", "Huyện Lệ Thủy", "Huyện Quảng Ninh"]
    assert records[0].metric == "co_thi_dua_cap_tinh"  # a province's Cờ, at the level of a Bộ's


def test_numbered_paragraphs_that_are_not_a_list_of_recipients_give_no_award(tmp_path):
    doc = Document()
    for text in ["BIÊN BẢN", "NỘI DUNG:",
                 "1. Đồng chí Trần Chí Tiến, Giám đốc Sở phổ biến nội dung cuộc họp về khen thưởng.",
                 "2. Hội đồng thống nhất đề nghị tặng Bằng khen cho các tập thể có thành tích."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "bb.docx")
    assert awards(tmp_path / "bb.docx") == []


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


UNITS = ["Viễn thông Bắc Giang", "Viễn thông Bắc Kạn", "Viễn thông Trung tâm 3"]


@pytest.fixture(scope="module")
def unruled_list_pdf(tmp_path_factory) -> Path:
    """An annex as a corporation prints it: no ruling lines, a unit heading above each group,
    long titles wrapping, so long it runs over two pages."""
    work = tmp_path_factory.mktemp("annex")
    doc = Document()
    doc.add_paragraph("TẬP ĐOÀN BƯU CHÍNH VIỄN THÔNG VIỆT NAM")
    doc.add_paragraph("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN TẬP ĐOÀN NĂM 2020")
    doc.add_paragraph("(Kèm theo Quyết định số 640/QĐ-VNPT-CLG ngày 25/6/2021)")
    rows = [["Stt", "Họ và tên", "Chức danh, đơn vị công tác"]]
    n = 0
    for unit in UNITS:
        rows.append(["", unit, ""])
        for k in range(12):
            n += 1
            rows.append([f"{n}.", f"Ông Nguyễn Văn Số{n}",
                         f"Trưởng phòng Kỹ thuật Đầu tư và Công nghệ thông tin số {k}, {unit}"])
    table = doc.add_table(rows=len(rows), cols=3)
    _no_borders(table)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(work / "danh-sach.docx")
    return soffice_pdf(work / "danh-sach.docx", work / "pdf")


def test_an_unruled_list_in_a_text_pdf_gives_each_person_with_the_unit_above(unruled_list_pdf):
    records = awards(unruled_list_pdf)

    assert len(records) == 36
    assert [r.subject for r in records] == [f"Nguyễn Văn Số{n}" for n in range(1, 37)]
    assert {(r.subject_type, r.award, r.issuer, r.year) for r in records} == {
        ("individual", "bang_khen", "tap_doan", 2020)}
    assert [r.unit for r in records] == [u for u in UNITS for _ in range(12)]
    assert records[0].position == "Trưởng phòng Kỹ thuật Đầu tư và Công nghệ thông tin số 0, Viễn thông Bắc Giang"
    assert records[0].source.page == 1 and records[-1].source.page > 1  # each row on its own page


def test_digits_inside_unit_names_are_not_counts(unruled_list_pdf):
    other = [r for r in extract(read(unruled_list_pdf)) if r.kind != "award"]
    assert other == []


WRAPPED_GROUPS = [
    ("Trung tâm Văn hóa, Thể thao và Truyền thông", [
        ("Nguyễn Hoàng Phương Thảo", "Viên chức"), ("Lục Văn Hòa", "Phó Giám đốc"),
        ("Trần Thị Ngọc Diễm Hương", "Kế toán")]),
    ("Phòng Kinh tế - Hạ tầng", [
        ("Đặng Quốc Việt", "Trưởng phòng"), ("Hà Thị Kim Thoa", "Chuyên viên"),
        ("Văn Đức Thiện", "Chuyên viên")]),
    ("Ban Quản lý dự án đầu tư xây dựng", [
        ("Châu Minh Khang", "Giám đốc"), ("Lâm Thị Thanh Xuân", "Kỹ thuật viên"),
        ("Dương Nguyễn Bảo Ngọc", "Phó Trưởng ban Kế hoạch - Tổng hợp kiêm Kế toán trưởng"), ("Kiều Văn Bình", "Nhân viên bảo vệ"),
        ("Triệu Thị Mỹ Hạnh", "Văn thư")]),
]


def _fixed_widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths, so a long name wraps in its column as an office's annex does."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        column.set(qn("w:w"), str(int(width * 56.7)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


@pytest.fixture(scope="module", params=["row", "name"])
def wrapped_unruled_pdf(request, tmp_path_factory) -> Path:
    """A district's annex without ruling lines: names too long for their column wrap onto a
    second line (one row's name and position both), numbers centred in the `STT` column (`10` stands left of `9`), and each
    unit's heading printed above its group, merged across the whole row (`row`) or across
    the name and position columns (`name`, starting at the name column)."""
    work = tmp_path_factory.mktemp(f"wrapped-{request.param}")
    doc = Document()
    for text in ["ỦY BAN NHÂN DÂN HUYỆN TÂN PHÚ", "Số: 845/QĐ-UBND\tTân Phú, ngày 20 tháng 12 năm 2025",
                 "QUYẾT ĐỊNH", "Về việc công nhận danh hiệu thi đua năm 2025",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TÂN PHÚ", "QUYẾT ĐỊNH:",
                 "Điều 1. Công nhận danh hiệu “Lao động tiên tiến” năm 2025 cho 11 cá nhân thuộc các cơ quan, "
                 "đơn vị của huyện (có danh sách kèm theo).",
                 "Điều 2. Chánh Văn phòng HĐND và UBND huyện và các cá nhân có tên tại Điều 1 chịu trách nhiệm "
                 "thi hành Quyết định này./.",
                 "DANH SÁCH", "Cá nhân được công nhận danh hiệu “Lao động tiên tiến” năm 2025",
                 "(Kèm theo Quyết định số 845/QĐ-UBND ngày 20/12/2025 của Chủ tịch UBND huyện)"]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=3)
    _no_borders(table)
    for cell, text in zip(table.rows[0].cells, ["STT", "Họ và tên", "Chức vụ"]):
        cell.text = text
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    n = 0
    for unit, members in WRAPPED_GROUPS:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[2]) if request.param == "row" else cells[1].merge(cells[2])
        merged.text = unit
        for name, position in members:
            n += 1
            cells = table.add_row().cells
            for cell, text in zip(cells, [str(n), name, position]):
                cell.text = text
            cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fixed_widths(table, [14, 40, 60])
    doc.add_paragraph("")
    doc.add_paragraph("Tổng số: 11 cá nhân.")
    doc.save(work / "danh-sach.docx")
    return soffice_pdf(work / "danh-sach.docx", work / "pdf")


def test_an_unruled_list_with_wrapped_names_and_unit_headings_is_one_table(wrapped_unruled_pdf):
    tables = [b for b in read(wrapped_unruled_pdf).blocks if isinstance(b, Table)]

    assert len(tables) == 1
    rows = [[c.text for c in row] for row in tables[0].rows]
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ"]
    headings = [row for row in rows if sum(bool(t) for t in row) == 1]
    assert [next(t for t in row if t) for row in headings] == [unit for unit, _ in WRAPPED_GROUPS]
    assert len(rows) == 1 + len(WRAPPED_GROUPS) + 11
    after = read(wrapped_unruled_pdf).blocks[-1]
    assert isinstance(after, Line) and after.text == "Tổng số: 11 cá nhân."  # below the table, not in it


def test_an_unruled_list_with_wrapped_names_gives_each_person_with_the_unit_above(wrapped_unruled_pdf):
    records = awards(wrapped_unruled_pdf)

    assert [(r.subject, r.position, r.unit, r.award) for r in records] == [
        (name, position, unit, "lao_dong_tien_tien") for unit, members in WRAPPED_GROUPS
        for name, position in members]
    assert {r.subject_type for r in records} == {"individual"}


def test_a_scan_of_an_unruled_list_gives_each_person_with_the_unit_above(wrapped_unruled_pdf, tmp_path):
    read_back = read(scan(wrapped_unruled_pdf, tmp_path / "quet" / "danh-sach.pdf"))
    [table] = [b for b in read_back.blocks if isinstance(b, Table)]
    assert [c.text for c in table.rows[0]] == ["STT", "Họ và tên", "Chức vụ"]

    records = [r for r in extract(read_back) if r.kind == "award"]

    expected = [(name, unit) for unit, members in WRAPPED_GROUPS for name, _ in members]
    got = [(r.subject, r.unit) for r in records]
    assert len(got) == len(expected)
    # tesseract may drop a space or a diacritic in a name; the people and their units hold
    assert sum(g == e for g, e in zip(got, expected)) >= len(expected) - 2
    assert [r.unit for r in records] == [unit for _, unit in expected]


def test_a_scanned_numbered_list_with_notes_in_the_margin_stays_a_list(tmp_path):
    schools = ["Trường Mầm non Hoa Sen, quận Ba Đình", "Trường Mầm non Tuổi Thơ, quận Ba Đình",
               "Trường Mầm non Sơn Ca, quận Tây Hồ", "Trường Mầm non Ánh Dương, quận Tây Hồ",
               "Trường Mầm non Bình Minh, huyện Gia Lâm", "Trường Mầm non Hướng Dương, huyện Gia Lâm"]
    doc = Document()
    for text in [*HEAD, "Điều 1. Tặng Bằng khen của Chủ tịch UBND tỉnh cho 06 tập thể:"]:
        doc.add_paragraph(text)
    for n, school in enumerate(schools, start=1):
        note = "\t\tĐã rà soát" if n % 2 else ""  # a clerk's note at the right margin
        paragraph = doc.add_paragraph(f"{n}.\t{school}{note}")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1.5))
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(14))
    doc.add_paragraph("Điều 2. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.")
    doc.save(tmp_path / "qd.docx")
    scanned = scan(soffice_pdf(tmp_path / "qd.docx", tmp_path / "pdf"), tmp_path / "quet" / "qd.pdf")

    read_back = read(scanned)

    assert not [b for b in read_back.blocks if isinstance(b, Table)]
    # Each school, also where tesseract misread the number before the tab (`Ẳ;` for `1.`)
    subjects = [r.subject for r in extract(read_back) if r.kind == "award"]
    assert len(subjects) == 6 and all(s.startswith(school) for s, school in zip(subjects, schools))


def test_a_prize_table_reads_the_prize_of_each_team_and_not_the_money(tmp_path):
    doc = Document()
    doc.add_paragraph("DANH SÁCH CÁC ĐỘI ĐƯỢC THƯỞNG")
    doc.add_paragraph("I. Cụm miền Bắc:")
    rows = [["Xếp hạng", "Tên đội", "Giải thưởng", "Tiền thưởng"],
            ["1", "VNPT Tuyên Quang", "Giải Nhất", "3.000.000 đ"],
            ["2", "VNPT Hà Nội", "Giải Nhì", "2.000.000 đ"],
            ["3", "VNPT Ninh Bình", "Giải Ba", "1.000.000 đ"],
            ["4", "VNPT Lào Cai", "Giải Khuyến khích", "500.000 đ"]]
    table = doc.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "giai.docx")

    records = extract(read(tmp_path / "giai.docx"))

    assert [(r.kind, r.subject, r.subject_type, r.award) for r in records] == [
        ("award", "VNPT Tuyên Quang", "collective", "giai_nhat"),
        ("award", "VNPT Hà Nội", "collective", "giai_nhi"),
        ("award", "VNPT Ninh Bình", "collective", "giai_ba"),
        ("award", "VNPT Lào Cai", "collective", "giai_khuyen_khich"),
    ]
    assert {r.unit for r in records} == {"Cụm miền Bắc"}


def test_a_proposal_table_continues_over_the_page_break_without_its_header(tmp_path):
    doc = Document()
    doc.add_paragraph("BIÊN BẢN")
    doc.add_paragraph("Hội đồng thống nhất đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh cho các tập thể, cá nhân sau:")
    first = doc.add_table(rows=4, cols=2)
    first.style = "Table Grid"
    for row, values in zip(first.rows, [["TT", "Tập thể, cá nhân đề nghị xét khen thưởng"], ["I", "Tập thể"],
                                        ["1", "Công an tỉnh Quảng Bình"], ["2", "UBND huyện Quảng Ninh"]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.add_paragraph("2")  # the page number between the two parts
    second = doc.add_table(rows=3, cols=2)
    second.style = "Table Grid"
    for row, values in zip(second.rows, [["II", "Cá nhân"], ["1", "Ông Đặng Đại Bàng, Bí thư Tỉnh đoàn"],
                                         ["2", "Bà Lê Thị Mai - Giáo viên Trường THCS Kiến Giang"]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "bien-ban.docx")

    records = awards(tmp_path / "bien-ban.docx")

    assert people(records) == [
        ("Công an tỉnh Quảng Bình", "collective", None, "bang_khen", "ubnd"),
        ("UBND huyện Quảng Ninh", "collective", None, "bang_khen", "ubnd"),
        ("Đặng Đại Bàng", "individual", "Bí thư", "bang_khen", "ubnd"),
        ("Lê Thị Mai", "individual", "Giáo viên", "bang_khen", "ubnd"),
    ]
    assert [r.unit for r in records[2:]] == ["Tỉnh đoàn", "Trường THCS Kiến Giang"]


def test_a_scanned_decision_annex_is_read_by_ocr(tmp_path):
    doc = Document()
    for text in HEAD:
        doc.add_paragraph(text)
    doc.add_paragraph("Điều 1. Tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho 03 tập thể (có danh sách kèm theo).")
    doc.add_paragraph("Điều 2. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.")
    doc.add_page_break()
    for text in ["DANH SÁCH 03 TẬP THỂ ĐƯỢC TẶNG CỜ THI ĐUA NĂM 2022",
                 "1. Viễn thông Quảng Trị;", "2. Viễn thông Đắk Lắk;", "3. Ban Kế hoạch - Đầu tư./."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "qd.docx")
    pdf = soffice_pdf(tmp_path / "qd.docx", tmp_path / "pdf")

    records = awards(scan(pdf, tmp_path / "quet" / "qd.pdf"))

    assert [(r.subject, r.award, r.issuer, r.source.page) for r in records] == [
        ("Viễn thông Quảng Trị", "co_thi_dua", "ubnd", 2), ("Viễn thông Đắk Lắk", "co_thi_dua", "ubnd", 2),
        ("Ban Kế hoạch - Đầu tư", "co_thi_dua", "ubnd", 2)]


def scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """The PDF as a scanner gives it: grey pictures of its pages, no text."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out.with_suffix(""))],
                   check=True, timeout=120)
    images = [Image.open(p).convert("L") for p in sorted(out.parent.glob(out.stem + "-*.png"))]
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def test_a_scanned_annex_table_with_section_rows_under_a_one_line_header(tmp_path):
    # `I. TẬP THỂ` spans the table under its header, so the column borders of the header
    # row are one row high: they still separate its cells, and a section title that runs
    # over a column border stays one cell.
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(12)
    doc.styles["Normal"].paragraph_format.space_after = Pt(1)
    doc.add_paragraph("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN")
    doc.add_paragraph("(Kèm theo Quyết định số 215/QĐ-LĐLĐ ngày 12/12/2025 của Ban Thường vụ "
                      "Liên đoàn Lao động tỉnh)")
    rows = [("TT", "Họ và tên", "Chức vụ, đơn vị công tác"), ("I. TẬP THỂ",),
            ("1", "Công đoàn cơ sở Bệnh viện Đa khoa huyện", "Công đoàn ngành Y tế"),
            ("2", "Công đoàn Viên chức tỉnh", "Liên đoàn Lao động tỉnh"),
            ("II. CÁ NHÂN, ĐOÀN VIÊN",),
            ("1", "Bà Phạm Thị Thu Hằng", "Chủ tịch Công đoàn cơ sở Công ty May Sông Hồng"),
            ("2", "Ông Vũ Đức Thắng", "Phó Chủ tịch Liên đoàn Lao động huyện Đông Hưng")]
    table = doc.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        if len(values) == 1:
            row.cells[0].merge(row.cells[2]).paragraphs[0].add_run(values[0]).bold = True
        else:
            for cell, value in zip(row.cells, values):
                cell.text = value
    table.autofit = False
    for column, width in zip(table.columns, (Cm(1.2), Cm(6), Cm(9))):
        column.width = width
        for cell in column.cells:
            cell.width = width
    doc.save(tmp_path / "ds.docx")
    pdf = soffice_pdf(tmp_path / "ds.docx", tmp_path / "pdf")

    records = awards(scan(pdf, tmp_path / "quet" / "ds.pdf"))

    assert [(r.subject, r.subject_type, r.award, r.issuer) for r in records] == [
        ("Công đoàn cơ sở Bệnh viện Đa khoa huyện", "collective", "bang_khen", "ldld"),
        ("Công đoàn Viên chức tỉnh", "collective", "bang_khen", "ldld"),
        ("Phạm Thị Thu Hằng", "individual", "bang_khen", "ldld"),
        ("Vũ Đức Thắng", "individual", "bang_khen", "ldld")]


def test_an_award_statistics_table_counts_each_form_for_collectives_and_individuals(tmp_path):
    doc = Document()
    doc.add_paragraph("UBND TỈNH QUẢNG BÌNH")
    doc.add_paragraph("BẢNG TỔNG HỢP HÌNH THỨC KHEN THƯỞNG CẤP NHÀ NƯỚC NĂM 2022")
    rows = [["Số TT", "Hình thức khen thưởng", "Tổng số đã có quyết định khen thưởng", ""],
            ["", "", "SL tập thể", "Số cá nhân"],
            ["1", "2", "3", "4"],
            ["1", "Huân chương các loại", "", ""],
            ["", "Huân chương Lao động hạng Ba", "", "04"],
            ["2", "Bằng khen của Thủ tướng Chính phủ", "04", "15"],
            ["Cộng", "", "04", "19"]]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "bieu-01.docx")

    records = extract(read(tmp_path / "bieu-01.docx"))

    assert [(r.metric, r.award, r.award_hang, r.subject_type, r.value) for r in records] == [
        ("huan_chuong_lao_dong", "huan_chuong_lao_dong", "ba", "individual", 4),
        ("bang_khen_thu_tuong", "bang_khen", None, "collective", 4),
        ("bang_khen_thu_tuong", "bang_khen", None, "individual", 15),
    ]
    assert {(r.kind, r.year) for r in records} == {("achievement", 2022)}


def test_summarize_lists_the_recipients_and_counts_them_per_unit(tmp_path):
    from openpyxl import load_workbook

    from toolkit.records import Record, Source
    from toolkit.summary import summarize, write_workbook

    def award(subject, subject_type, unit=None, form="bang_khen", issuer="tld"):
        return Record("award", f"{form}_{issuer}", Source("qd.pdf", page=2), subject=subject,
                      subject_type=subject_type, unit=unit, year=2024, award=form, issuer=issuer,
                      decision_number="12/QĐ-TLĐ", decision_date="2024-12-20")

    records = [award("Nguyễn Văn An", "individual", "CĐCS Sở Tài chính"),
               award("Trần Thị Bình", "individual", "CĐCS Sở Tài chính"),
               award("CĐCS Sở Tài chính", "collective"),
               award("Nguyễn Văn An", "individual", "CĐCS Sở Tài chính")]  # read twice: once
    summary = summarize(records)
    assert [(a.unit, a.subject, a.award, a.issuer) for a in summary.awards] == [
        ("CĐCS Sở Tài chính", "Nguyễn Văn An", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
         "Tổng Liên đoàn Lao động Việt Nam"),
        ("CĐCS Sở Tài chính", "Trần Thị Bình", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
         "Tổng Liên đoàn Lao động Việt Nam"),
        ("CĐCS Sở Tài chính", "CĐCS Sở Tài chính", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
         "Tổng Liên đoàn Lao động Việt Nam"),
    ]
    assert summary.units == []  # recipients are listed, not figures of a unit
    from toolkit.summary import brief
    assert "Khen thưởng: 1 tập thể, 2 cá nhân được khen trong 1 tệp (xem trang Khen thưởng)." in brief(summary)

    wb = load_workbook(write_workbook(summary, tmp_path / "tong-hop.xlsx"))
    assert wb.sheetnames[-2:] == ["Khen thưởng", "Khen thưởng theo đơn vị"]
    counts = list(wb["Khen thưởng theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert counts == [(1, "CĐCS Sở Tài chính", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam", 2024, 1, 2)]


def test_bulleted_and_unnumbered_recipients_and_sub_numbered_items(tmp_path):
    decision(tmp_path / "qd.docx",
             "Điều 1. Tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh cho các tập thể, cá nhân sau:",
             "1.1. Công đoàn cơ sở Sở Tài chính;",
             "- Công đoàn cơ sở Sở Y tế;",
             "Ông Nguyễn Văn An, Chủ tịch Công đoàn cơ sở Sở Tài chính;",
             "Điều 2. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.")

    assert people(awards(tmp_path / "qd.docx")) == [
        ("Công đoàn cơ sở Sở Tài chính", "collective", None, "bang_khen", "ldld"),
        ("Công đoàn cơ sở Sở Y tế", "collective", None, "bang_khen", "ldld"),
        ("Nguyễn Văn An", "individual", "Chủ tịch", "bang_khen", "ldld"),
    ]
    # the title goes to the position, the body it is held in to the unit
    assert awards(tmp_path / "qd.docx")[-1].unit == "Công đoàn cơ sở Sở Tài chính"


def test_an_item_number_whose_one_a_scan_read_as_a_letter_still_opens_an_item(tmp_path):
    # OCR gives `I1.` or `1l.` for `11.`: the list goes on, it does not end there.
    decision(tmp_path / "qd.docx",
             "Điều 1. Tặng Bằng khen của Chủ tịch UBND tỉnh cho các tập thể sau:",
             "10. Trường Mầm non Hương Sơn A, huyện Mỹ Đức;",
             "I1. Trường Mầm non Tân Hội, huyện Đan Phượng;",
             "1l. Trường Mầm non Liên Hà, huyện Đan Phượng;",
             "13. Trường Mầm non Tráng Việt, huyện Mê Linh.",
             "Điều 2. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.")

    assert [r.subject for r in awards(tmp_path / "qd.docx")] == [
        "Trường Mầm non Hương Sơn A, huyện Mỹ Đức", "Trường Mầm non Tân Hội, huyện Đan Phượng",
        "Trường Mầm non Liên Hà, huyện Đan Phượng", "Trường Mầm non Tráng Việt, huyện Mê Linh"]


def test_a_registration_list_in_paragraphs_gives_registrations_not_awards(tmp_path):
    doc = Document()
    for text in ["CÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT LÊ LỢI", "DANH SÁCH ĐĂNG KÝ DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2024",
                 "1. Bà Trần Thị Bình, Giáo viên;", "2. Ông Lê Văn Cường, Giáo viên."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "dk.docx")
    records = [r for r in extract(read(tmp_path / "dk.docx")) if r.subject]
    assert [(r.kind, r.subject, r.metric, r.decision_number) for r in records] == [
        ("registration", "Trần Thị Bình", "lao_dong_tien_tien", None),
        ("registration", "Lê Văn Cường", "lao_dong_tien_tien", None)]


def test_a_decision_annex_table_with_an_award_column_and_merged_headings(tmp_path):
    doc = Document()
    for text in HEAD:
        doc.add_paragraph(text)
    doc.add_paragraph("Điều 1. Khen thưởng các tập thể, cá nhân có tên trong danh sách kèm theo.")
    doc.add_paragraph("DANH SÁCH KHEN THƯỞNG")
    rows = [["STT", "Họ và tên", "Chức vụ, đơn vị", "Hình thức khen thưởng"],
            ["I. TẬP THỂ", "", "", ""],
            ["1", "Phòng Tư pháp huyện Lệ Thủy", "", "Bằng khen"],
            ["II. CÁ NHÂN", "", "", ""],
            ["1", "Bà Lê Thị Mai", "Chuyên viên Phòng Tư pháp", "Bằng khen"]]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        if not any(values[1:]):
            row.cells[0].merge(row.cells[-1])
            row.cells[0].text = values[0]
            continue
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "qd-bang.docx")

    records = [r for r in extract(read(tmp_path / "qd-bang.docx")) if r.subject]

    assert [(r.kind, r.subject, r.subject_type, r.award, r.issuer, r.decision_number) for r in records] == [
        ("award", "Phòng Tư pháp huyện Lệ Thủy", "collective", "bang_khen", "ubnd", "2871/QĐ-UBND"),
        ("award", "Lê Thị Mai", "individual", "bang_khen", "ubnd", "2871/QĐ-UBND"),
    ]


def test_a_count_of_an_award_in_prose_names_the_award_too(tmp_path):
    doc = Document()
    for text in ["LIÊN ĐOÀN LAO ĐỘNG TỈNH AN GIANG", "BÁO CÁO", "Năm 2024",
                 "Năm 2024 có 12 tập thể được tặng Bằng khen của Liên đoàn Lao động tỉnh."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "bc.docx")
    records = [r for r in extract(read(tmp_path / "bc.docx")) if r.metric == "bang_khen_ldld"]
    assert [(r.value, r.award, r.issuer) for r in records] == [(12, "bang_khen", "ldld")]


def test_an_appendix_of_a_report_that_names_no_award_stays_text(tmp_path):
    doc = Document()
    for text in ["CÔNG ĐOÀN CƠ SỞ SỞ TÀI CHÍNH", "BÁO CÁO", "Tổng kết phong trào thi đua năm 2024", "PHỤ LỤC",
                 "1. Công đoàn cơ sở kết nạp 12 đoàn viên mới trong năm 2024."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "bc.docx")
    records = extract(read(tmp_path / "bc.docx"))
    assert [(r.kind, r.metric, r.value) for r in records] == [("achievement", "ket_nap_doan_vien", 12)]


def test_a_council_members_table_is_not_a_list_of_recipients(tmp_path):
    doc = Document()
    for text in ["SỞ TƯ PHÁP", "QUYẾT ĐỊNH", "Về việc thành lập Hội đồng Thi đua - Khen thưởng",
                 "Hội đồng có nhiệm vụ tham mưu xét tặng Bằng khen, Giấy khen hằng năm.",
                 "Điều 1. Thành lập Hội đồng gồm các ông, bà có tên sau:",
                 "Thành phần Hội đồng được quy định tại danh mục dưới đây."]:
        doc.add_paragraph(text)
    rows = [["TT", "Họ và tên", "Chức vụ"], ["1", "Ông Trần Chí Tiến", "Giám đốc Sở"],
            ["2", "Ông Nguyễn Văn Nghĩa", "Chánh Văn phòng"]]
    table = doc.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "hd.docx")
    assert awards(tmp_path / "hd.docx") == []


def test_a_proposal_lists_its_candidates_after_the_proposing_sentence(tmp_path):
    doc = Document()
    for text in ["SỞ TƯ PHÁP TỈNH QUẢNG BÌNH", "TỜ TRÌNH", "Về việc đề nghị khen thưởng",
                 "Sở Tư pháp kính đề nghị Chủ tịch UBND tỉnh xét, tặng Bằng khen cho 01 tập thể và 01 cá nhân sau:",
                 "1. Phòng Phổ biến, giáo dục pháp luật;", "2. Ông Trương Quang Sáng, Phó Giám đốc Sở.",
                 "Kính trình Chủ tịch UBND tỉnh xem xét, quyết định./."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "tt.docx")
    assert people(awards(tmp_path / "tt.docx")) == [
        ("Phòng Phổ biến, giáo dục pháp luật", "collective", None, "bang_khen", "ubnd"),
        ("Trương Quang Sáng", "individual", "Phó Giám đốc", "bang_khen", "ubnd")]


def test_items_that_name_their_own_award_after_the_name(tmp_path):
    doc = Document()
    for text in ["CÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT LÊ LỢI", "BIÊN BẢN HỌP BÌNH XÉT THI ĐUA NĂM 2024",
                 "Hội nghị thống nhất đề nghị tặng danh hiệu thi đua cho các cá nhân sau:",
                 "1. Nguyễn Văn An – Chiến sĩ thi đua cơ sở;", "2. Trần Thị Bình – Lao động tiên tiến."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "bb.docx")
    records = awards(tmp_path / "bb.docx")
    assert [(r.subject, r.position, r.award, r.award_hang) for r in records] == [
        ("Nguyễn Văn An", None, "chien_si_thi_dua", "co_so"), ("Trần Thị Bình", None, "lao_dong_tien_tien", None)]


def test_a_decision_giving_two_forms_leaves_each_list_its_own(tmp_path):
    doc = Document()
    for text in HEAD[:5]:
        doc.add_paragraph(text)
    for text in ["Điều 1. Tặng Bằng khen cho 01 tập thể và Giấy khen cho 01 cá nhân (có danh sách kèm theo).",
                 "DANH SÁCH KÈM THEO", "I. Bằng khen", "1. Công an tỉnh;", "II. Giấy khen", "1. Ông Lê Văn Tiến, Chính ủy.",
                 "Tổng số: 01 tập thể, 01 cá nhân."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "qd2.docx")
    assert [(r.subject, r.award) for r in awards(tmp_path / "qd2.docx")] == [
        ("Công an tỉnh", "bang_khen"), ("Lê Văn Tiến", "giay_khen")]


def test_an_abbreviation_in_capitals_opens_an_organisation_not_a_person():
    from toolkit.extract.awards import _looks_like_name

    assert not _looks_like_name("EVN Hà Nội") and not _looks_like_name("BIDV Chi nhánh Quảng Trị")
    assert _looks_like_name("Nguyễn Văn An") and _looks_like_name("NGUYỄN VĂN AN")
    # Tô is a family name, Tổ opens a team's name; Chau a Khmer family name
    assert _looks_like_name("TÔ THỊ HUỲNH NHƯ") and not _looks_like_name("Tổ Công đoàn Kho vận")
    assert _looks_like_name("CHAU SÓC KHOL")


def test_an_award_cell_merged_down_over_its_rows_in_word_and_in_its_pdf(tmp_path):
    doc = Document()
    doc.add_paragraph("TỜ TRÌNH")
    doc.add_paragraph("Về việc đề nghị khen thưởng tổng kết năm học 2025 - 2026")
    rows = [("TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Hình thức đề nghị"),
            ("1", "Bà Lê Thị Thu Hiền", "Giáo viên Trường Mầm non Hoa Hồng", "Giấy khen của Chủ tịch UBND huyện"),
            ("2", "Ông Nguyễn Tiến Lợi", "Giáo viên Trường THCS Phan Bội Châu", ""),
            ("3", "Ông Y Bhin Êban", "Tổng phụ trách Đội Trường THCS Hòa An", ""),
            ("4", "Bà Đinh Thị Hồng Gấm", "Hiệu trưởng Trường Tiểu học Lê Văn Tám", "Bằng khen của Chủ tịch UBND tỉnh")]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.cell(1, 3).merge(table.cell(3, 3))
    doc.save(tmp_path / "to-trinh.docx")
    pdf = soffice_pdf(tmp_path / "to-trinh.docx", tmp_path / "pdf")

    for path in (tmp_path / "to-trinh.docx", pdf):
        records = extract(read(path))
        assert [(r.subject, r.award) for r in records if r.award] == [
            ("Lê Thị Thu Hiền", "giay_khen"), ("Nguyễn Tiến Lợi", "giay_khen"), ("Y Bhin Êban", "giay_khen"),
            ("Đinh Thị Hồng Gấm", "bang_khen")], path.name


def test_a_list_whose_title_goes_on_under_danh_sach_names_its_own_award(tmp_path):
    doc = Document()
    for text in HEAD[:3]:
        doc.add_paragraph(text)
    doc.add_paragraph("Về việc công nhận danh hiệu thi đua năm 2025")
    doc.add_paragraph("Điều 1. Công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân (Danh sách I) và "
                      "danh hiệu “Chiến sĩ thi đua cơ sở” cho 01 cá nhân (Danh sách II).")
    doc.add_page_break()
    for title, award, people in [("DANH SÁCH I", "Lao động tiên tiến", ["Nguyễn Thị Thanh Huyền", "Vũ Văn Long"]),
                                 ("DANH SÁCH II", "Chiến sĩ thi đua cơ sở", ["Vũ Văn Long"])]:
        doc.add_paragraph(title)
        doc.add_paragraph(f"Cá nhân được công nhận danh hiệu “{award}” năm 2025")
        table = doc.add_table(rows=1 + len(people), cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("STT", "Họ và tên", "Chức vụ")):
            cell.text = text
        for i, name in enumerate(people, start=1):
            for cell, text in zip(table.rows[i].cells, (str(i), name, "Chuyên viên")):
                cell.text = text
    doc.save(tmp_path / "qd.docx")

    assert [(r.subject, r.award) for r in awards(tmp_path / "qd.docx")] == [
        ("Nguyễn Thị Thanh Huyền", "lao_dong_tien_tien"), ("Vũ Văn Long", "lao_dong_tien_tien"),
        ("Vũ Văn Long", "chien_si_thi_dua")]


@pytest.mark.parametrize("text, subject, subject_type, position", [
    ("Thầy Cao Xuân Trường, Trưởng ban Thanh tra nhân dân", "Cao Xuân Trường", "individual",
     "Trưởng ban Thanh tra nhân dân"),
    ("Cô giáo Nguyễn Thị Lan - Giáo viên Trường THCS Lê Lợi", "Nguyễn Thị Lan", "individual",
     "Giáo viên Trường THCS Lê Lợi"),
    ("Cơ quan Ủy ban Kiểm tra Công đoàn ngành", "Cơ quan Ủy ban Kiểm tra Công đoàn ngành", "collective", None),
    ("CƠ QUAN VĂN PHÒNG LIÊN ĐOÀN", "CƠ QUAN VĂN PHÒNG LIÊN ĐOÀN", "collective", None),
])
def test_a_school_s_thay_and_co_are_honorifics_only_before_a_name(text, subject, subject_type, position):
    from toolkit.extract.awards import split_recipient

    who = split_recipient(text)
    assert (who.subject, who.subject_type, who.position) == (subject, subject_type, position)


def test_the_counts_of_a_decision_s_sub_lists_are_its_totals(tmp_path):
    decision(tmp_path / "qd.docx",
             "Điều 1. Tặng Giấy khen của Ban Thường vụ Công đoàn Tổng công ty cho các tập thể và cá nhân "
             "đã có thành tích xuất sắc, cụ thể:",
             "a) Tập thể (02):", "1. Công đoàn Công ty Điện lực Hưng Yên;", "2. Công đoàn Công ty Điện lực Lào Cai;",
             "b) Cá nhân: 01", "1. Đồng chí Lương Văn Tú - Chủ tịch Công đoàn Công ty Điện lực Lạng Sơn.",
             "Điều 2. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.", head=HEAD[:3])

    records = extract(read(tmp_path / "qd.docx"))

    assert [(r.subject, r.award) for r in records if r.kind == "award"] == [
        ("Công đoàn Công ty Điện lực Hưng Yên", "giay_khen"), ("Công đoàn Công ty Điện lực Lào Cai", "giay_khen"),
        ("Lương Văn Tú", "giay_khen")]
    assert [(r.value, r.award, r.label) for r in records if r.kind == "achievement"] == [
        (2, "giay_khen", "a) Tập thể (02)"), (1, "giay_khen", "b) Cá nhân: 01")]


def test_a_person_s_unit_is_what_follows_the_title_in_the_position_and_unit_column(tmp_path):
    doc = Document()
    for text in HEAD[:3]:
        doc.add_paragraph(text)
    doc.add_paragraph("Điều 1. Tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh cho các cá nhân sau:")
    rows = [("TT", "Họ và tên", "Chức vụ, đơn vị công tác"),
            ("1", "Bà Phạm Thị Thu Hằng", "Chủ tịch Công đoàn cơ sở Công ty TNHH May Sông Hồng"),
            ("2", "Bà Đỗ Thị Ngọc Ánh", "Ủy viên Ban Chấp hành, Trưởng ban Nữ công Công đoàn cơ sở Trường THPT Nguyễn Du"),
            ("3", "Ông Bùi Quang Huy", "Chuyên viên Ban Tổ chức, Liên đoàn Lao động tỉnh")]
    table = doc.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "qd.docx")

    assert [(r.subject, r.unit) for r in awards(tmp_path / "qd.docx")] == [
        ("Phạm Thị Thu Hằng", "Công đoàn cơ sở Công ty TNHH May Sông Hồng"),
        ("Đỗ Thị Ngọc Ánh", "Công đoàn cơ sở Trường THPT Nguyễn Du"),
        ("Bùi Quang Huy", "Liên đoàn Lao động tỉnh")]


# --- recipients named in a sentence ------------------------------------------------------------

def test_a_report_names_its_proposed_recipients_in_a_sentence(tmp_path):
    path = decision(tmp_path / "bao-cao.docx",
                    "Căn cứ kết quả đạt được, Ban Chấp hành đề nghị Liên đoàn Lao động tỉnh tặng Bằng khen cho "
                    "Công đoàn cơ sở Công ty TNHH May Hòa Bình và 02 cá nhân: Ông Lê Văn Hải, Chủ tịch Công đoàn "
                    "cơ sở; Bà Trần Thị Mai, Trưởng ban Nữ công. Đề nghị Công đoàn Khu công nghiệp tặng Giấy khen "
                    "cho 03 tổ công đoàn: Tổ công đoàn Phân xưởng Dệt 2, Tổ công đoàn Kho vận, Tổ công đoàn Cơ điện.",
                    head=["CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH MAY HÒA BÌNH", "BÁO CÁO",
                          "Tổng kết hoạt động công đoàn năm 2025"])

    records = extract(read(path))

    assert people(r for r in records if r.kind == "award") == [
        ("Công đoàn cơ sở Công ty TNHH May Hòa Bình", "collective", None, "bang_khen", "ldld"),
        ("Lê Văn Hải", "individual", "Chủ tịch", "bang_khen", "ldld"),
        ("Trần Thị Mai", "individual", "Trưởng ban Nữ công", "bang_khen", "ldld"),
        ("Tổ công đoàn Phân xưởng Dệt 2", "collective", None, "giay_khen", None),
        ("Tổ công đoàn Kho vận", "collective", None, "giay_khen", None),
        ("Tổ công đoàn Cơ điện", "collective", None, "giay_khen", None)]
    # The counts stay, and `Dệt 2` is a name, not a count.
    assert [(r.value, r.award) for r in records if r.kind == "achievement" and r.award] == [
        (2, "bang_khen"), (3, "giay_khen")]


def test_a_decision_for_one_recipient_names_it_in_article_1(tmp_path):
    path = decision(tmp_path / "qd.docx",
                    "Điều 1. Tặng Bằng khen của Chủ tịch UBND tỉnh cho ông Hoàng Minh Đức, Trưởng phòng Kỹ thuật "
                    "Công ty Cổ phần Cấp nước Quảng Bình, đã có thành tích xuất sắc trong công tác năm 2021.",
                    "Điều 2. Chánh Văn phòng UBND tỉnh và ông Hoàng Minh Đức chịu trách nhiệm thi hành Quyết định này./.")

    assert people(awards(path)) == [
        ("Hoàng Minh Đức", "individual", "Trưởng phòng Kỹ thuật", "bang_khen", "ubnd")]
    assert awards(path)[0].decision_number == "2871/QĐ-UBND"


def test_names_that_do_not_add_up_to_the_count_are_not_recipients(tmp_path):
    path = decision(tmp_path / "bao-cao.docx",
                    "Đề nghị LĐLĐ tỉnh tặng Bằng khen cho 03 cá nhân: Ông Lê Văn Hải, Bà Trần Thị Mai.",
                    "Đề nghị tặng Giấy khen cho Công đoàn cơ sở có thành tích xuất sắc.",
                    head=["BÁO CÁO"])

    assert awards(path) == []


def test_a_list_without_a_count_is_read_when_each_item_is_a_name(tmp_path):
    path = decision(tmp_path / "bao-cao.docx",
                    "Ban Chấp hành đề nghị Liên đoàn Lao động tỉnh tặng Bằng khen cho các đồng chí: Nguyễn Văn An, "
                    "Trần Thị Bình và Lê Hoàng Cường.",
                    # a comma inside a position would cut the items wrong: nothing is read
                    "Đề nghị tặng Giấy khen cho các đồng chí: Ông Phạm Văn Dũng, Chủ tịch CĐCS, Bà Hồ Thị Em, Ủy viên.",
                    head=["BÁO CÁO"])

    assert people(awards(path)) == [(name, "individual", None, "bang_khen", "ldld")
                                    for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường"]]


def test_rows_merged_across_a_list_name_the_award_of_the_rows_under_them(tmp_path):
    doc = Document()
    for text in ["TỜ TRÌNH", "Đề nghị khen thưởng thành tích năm 2025", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"]:
        doc.add_paragraph(text)
    rows = [("TT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"),
            ("I. ĐỀ NGHỊ BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TẶNG BẰNG KHEN",),
            ("1", "Chi cục Kiểm lâm tỉnh Sơn La", "", "Hoàn thành xuất sắc nhiệm vụ hai năm liền"),
            ("2", "Lò Văn Mừng", "Hạt trưởng Hạt Kiểm lâm huyện Sốp Cộp", "Hoàn thành xuất sắc nhiệm vụ"),
            ("II. ĐỀ NGHỊ CHỦ TỊCH UBND TỈNH TẶNG DANH HIỆU “TẬP THỂ LAO ĐỘNG XUẤT SẮC”",),
            ("1", "Văn phòng Sở", "", "Hoàn thành xuất sắc nhiệm vụ")]
    table = doc.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows):
        if len(values) == 1:
            row.cells[0].merge(row.cells[3]).text = values[0]
            continue
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "to-trinh.docx")

    assert [(r.subject, r.award, r.issuer) for r in awards(tmp_path / "to-trinh.docx")] == [
        ("Chi cục Kiểm lâm tỉnh Sơn La", "bang_khen", "bo"), ("Lò Văn Mừng", "bang_khen", "bo"),
        ("Văn phòng Sở", "tap_the_lao_dong_xuat_sac", "ubnd")]


def test_a_two_column_list_printed_without_borders_gives_each_unit_under_its_heading(tmp_path):
    doc = Document()
    for text in HEAD[:3] + ["Điều 1. Công nhận danh hiệu “Tập thể lao động tiên tiến” năm học 2024 - 2025 cho 04 "
                            "tập thể (có danh sách kèm theo).", "Điều 2. Mỗi tập thể được thưởng 1.872.000 đồng "
                            "(bằng 0,8 lần mức lương cơ sở).", "DANH SÁCH TẬP THỂ LAO ĐỘNG TIÊN TIẾN NĂM HỌC 2024 - 2025",
                            "TT\tTên tập thể", "Thị xã Hoài Nhơn", "1\tTrường THPT Tam Quan", "2\tTrường THPT Nguyễn Trân",
                            "Huyện An Lão", "3\tTrường THPT An Lão", "Các phòng thuộc Sở",
                            "4\tPhòng Khảo thí và Kiểm định chất lượng giáo", "dục"]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "qd.docx")

    records = extract(read(soffice_pdf(tmp_path / "qd.docx", tmp_path / "pdf")))

    assert [(r.subject, r.unit) for r in records if r.kind == "award"] == [
        ("Trường THPT Tam Quan", "Thị xã Hoài Nhơn"), ("Trường THPT Nguyễn Trân", "Thị xã Hoài Nhơn"),
        ("Trường THPT An Lão", "Huyện An Lão"),
        ("Phòng Khảo thí và Kiểm định chất lượng giáo dục", "Các phòng thuộc Sở")]
    assert [r.value for r in records if r.kind == "achievement"] == [4]  # 0,8 lần mức lương is money


def test_each_proposal_of_a_sentence_gives_its_own_award_to_the_names_after_it(tmp_path):
    path = decision(tmp_path / "bao-cao.docx",
                    "Ban Chấp hành Công đoàn cơ sở kính đề nghị Ban Chấp hành Liên đoàn Lao động tỉnh tặng Bằng khen cho "
                    "Công đoàn Khoa Hồi sức tích cực - Chống độc và đồng chí Đàng Thị Mỹ Hạnh, Trưởng ban Nữ công; đề "
                    "nghị Ban Thường vụ Công đoàn ngành Y tế tặng Giấy khen cho đồng chí Từ Công Xuân, Tổ trưởng Tổ "
                    "công đoàn Khoa Ngoại và đồng chí Nguyễn Thị Bích Ly, Kế toán công đoàn, đã có thành tích xuất sắc.",
                    head=["BÁO CÁO"])

    assert people(awards(path)) == [
        ("Công đoàn Khoa Hồi sức tích cực - Chống độc", "collective", None, "bang_khen", "ldld"),
        ("Đàng Thị Mỹ Hạnh", "individual", "Trưởng ban Nữ công", "bang_khen", "ldld"),
        ("Từ Công Xuân", "individual", "Tổ trưởng", "giay_khen", "cd_nganh"),
        ("Nguyễn Thị Bích Ly", "individual", "Kế toán", "giay_khen", "cd_nganh")]


def test_wrapped_cells_of_a_scanned_borderless_list_go_on_with_their_row(tmp_path):
    from toolkit.readers.blocks import ReadFile

    texts = ["QUYẾT ĐỊNH", "Điều 1. Tặng Bằng khen của Ban Thường vụ Công đoàn ngành cho 01 tập thể và 03 cá nhân "
             "(có danh sách kèm theo).", "DANH SÁCH KHEN THƯỞNG", "A. TẬP THỂ", "STT\tTên tập thể",
             "1\tCông đoàn Trung tâm Y tế quận Long Biên", "B. CÁ NHÂN", "STT\tHọ và tên\tChức vụ, đơn vị",
             "1\tBà Đỗ Thị Thanh Hương\tTrưởng ban Nữ công, Công", "đoàn Bệnh viện Thanh Nhàn",
             "2\tBà Nguyễn Thị Ngọc Ánh\tĐiều dưỡng trưởng Khoa Hồi", "sức tích cực, Bệnh viện Xanh Pôn",
             "3\tÔng Trịnh Quốc Bảo\tChủ tịch Công đoàn Trung", "tâm Cấp cứu 115 Hà Nội"]
    scan = ReadFile(tmp_path / "qd-quet.pdf", "pdf", blocks=[Line(t, page=1, ocr=True) for t in texts])

    records = [r for r in extract(scan) if r.kind == "award"]

    assert [(r.subject, r.subject_type) for r in records] == [
        ("Công đoàn Trung tâm Y tế quận Long Biên", "collective"), ("Đỗ Thị Thanh Hương", "individual"),
        ("Nguyễn Thị Ngọc Ánh", "individual"), ("Trịnh Quốc Bảo", "individual")]


def test_a_scanned_list_whose_headings_a_scan_spoiled_is_known_by_its_row_numbers(tmp_path):
    from toolkit.readers.blocks import Cell, ReadFile

    rows = [["EE", "'Tên tập thế, cá nhân", "Đ a chỉ, đơn vị", "Thành tích"],
            ["1", "Làng Bôn Chư Băh A", "xã Chư Băh", "Dẫn đầu xây dựng khu dân cư văn hóa"],
            ["2", "Ksor Nhơn", "Già làng, làng Bôn Chư Băh B", "Vận động nhân dân hiến đất làm đường"],
            ["3", "Rah Lan Thị Hiền", "Trưởng Ban công tác Mặt trận, buôn Ia Rbol", "Tích cực trong phong trào"]]
    blocks = [Line("QUYẾT ĐỊNH", page=1, ocr=True),
              Line("Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân thị xã cho 01 tập thể và 02 cá nhân.",
                   page=1, ocr=True),
              Line("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN", page=2, ocr=True),
              Table([[Cell(t) for t in row] for row in rows], page=2, ocr=True)]

    records = [r for r in extract(ReadFile(tmp_path / "qd-quet.pdf", "pdf", blocks=blocks)) if r.kind == "award"]

    assert [(r.subject, r.award) for r in records] == [
        ("Làng Bôn Chư Băh A", "giay_khen"), ("Ksor Nhơn", "giay_khen"), ("Rah Lan Thị Hiền", "giay_khen")]


def test_a_proposal_s_lines_giving_a_quoted_title_are_counts_not_recipients(tmp_path):
    path = decision(tmp_path / "to-trinh.docx", "Sở kính đề nghị khen thưởng như sau:",
                    "- Tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho 01 tập thể;",
                    "- Tặng danh hiệu “Tập thể lao động xuất sắc” cho 04 tập thể;",
                    "- Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 03 tập thể.", head=["TỜ TRÌNH"])

    records = extract(read(path))

    assert [r for r in records if r.kind == "award"] == []
    assert [(r.award, r.value) for r in records] == [("co_thi_dua", 1), ("tap_the_lao_dong_xuat_sac", 4),
                                                    ("bang_khen", 3)]

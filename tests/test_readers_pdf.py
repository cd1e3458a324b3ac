"""Reading PDFs with the real tools: documents built here with python-docx and LibreOffice,
scanned with pdftoppm, recognised with tesseract; small PDFs written by hand where a
feature needs a precise drawing (fake bold, decomposed letters, legacy fonts)."""
from __future__ import annotations

import subprocess
import time
import unicodedata
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings, strategies as st
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Inches
from PIL import Image

from toolkit.errors import ThiduaError
from toolkit.readers import ocr as ocr_engine, tesseract as tesseract_engine
from toolkit.readers.blocks import Line, Table
from toolkit.readers.raster import render_gray
from toolkit.readers.pdf import read_pdf, unreadable_text
from toolkit.office.libreoffice import find_soffice
from toolkit.vn import legacy
from toolkit.vn.text import fold

HEADER = "CÔNG ĐOÀN VIÊN CHỨC TỈNH QUẢNG NGÃI"
NUMBER, PLACE_DATE = "Số: 125/BC-CĐCS", "Quảng Ngãi, ngày 15 tháng 12 năm 2024"
PARAGRAPHS = [
    "Báo cáo kết quả phong trào thi đua yêu nước năm 2024",
    "Đoàn viên hưởng ứng tích cực, chăm lo đời sống người lao động.",
    "Tỷ lệ đoàn viên đạt danh hiệu Lao động tiên tiến là 95,5%.",
]
TABLE = [
    ["STT", "Họ và tên", "Số tiền (đồng)", "Tỷ lệ"],
    ["1", "Nguyễn Thị Hằng", "1.250", "95,5%"],
    ["2", "Trần Văn Đức", "2.340", "87,25%"],
    ["3", "Lê Thị Thủy", "415", "100%"],
    ["4", "Phạm Ngọc Ánh", "12.006", "66,7%"],
    ["5", "Võ Hữu Nghĩa", "73", "8,5%"],
]
# Page 2: "STT" and "Đơn vị" span two rows, "Kết quả" spans two columns.
MERGED = [
    ["STT", "Đơn vị", "Kết quả", ""],
    ["", "", "Đăng ký", "Thực hiện"],
    ["1", "Tổ Văn phòng", "trên 95%", "96,5%"],
    ["2", "Tổ Kế toán", "100%", "100%"],
]
CLOSING = "Trên đây là báo cáo tổng kết của Ban Chấp hành."


def make_report(path: Path) -> Path:
    """Two pages: header, a tab-aligned number/date line, paragraphs, a 4 × 6 table; then a
    table with merged cells and a closing line."""
    doc = Document()
    doc.add_paragraph().add_run(HEADER).bold = True
    line = doc.add_paragraph(f"{NUMBER}\t{PLACE_DATE}")
    line.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
    for text in PARAGRAPHS:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(TABLE), cols=4)
    table.style = "Table Grid"
    for row, values in zip(table.rows, TABLE):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.add_page_break()
    merged = doc.add_table(rows=len(MERGED), cols=4)
    merged.style = "Table Grid"
    merged.cell(0, 0).merge(merged.cell(1, 0))
    merged.cell(0, 1).merge(merged.cell(1, 1))
    merged.cell(0, 2).merge(merged.cell(0, 3))
    for r, values in enumerate(MERGED):
        for c, value in enumerate(values):
            if value:
                merged.cell(r, c).text = value
    doc.add_paragraph(CLOSING)
    doc.save(path)
    return path


def soffice_pdf(source: Path, out: Path, profile: Path, filter_options: str = "") -> Path:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", "pdf" + filter_options, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return out / (source.stem + ".pdf")


def scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """What a scanner gives: every page a picture, no text layer."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out.with_suffix(""))],
                   check=True, timeout=120)
    images = [Image.open(p).convert("L") for p in sorted(out.parent.glob(out.stem + "-*.png"))]
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def hand_pdf(path: Path, pages: list[bytes], fonts: dict[str, str]) -> Path:
    """A PDF written by hand: one content stream per page, the same fonts on every page."""
    n_fonts, n_pages = len(fonts), len(pages)
    first_page = 3 + n_fonts
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n_pages)), n_pages)]
    objects += [font.encode("latin-1") for font in fonts.values()]
    font_refs = " ".join(f"/{name} {3 + i} 0 R" for i, name in enumerate(fonts)).encode()
    for i, content in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << %s >> >> /Contents %d 0 R >>"
                       % (font_refs, first_page + 2 * i + 1))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def pdf_string(data: bytes) -> bytes:
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def legacy_font(name: str) -> str:
    """A `.VnTime`-style font: byte codes drawn as the legacy letters, widths given."""
    return (f"<< /Type /Font /Subtype /TrueType /BaseFont /{name} /FirstChar 32 /LastChar 255 "
            f"/Widths [{' '.join(['500'] * 224)}] /Encoding /WinAnsiEncoding "
            f"/FontDescriptor << /Type /FontDescriptor /FontName /{name} /Flags 32 "
            "/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
            "/CapHeight 700 /StemV 80 >> >>")


def words(texts) -> set[str]:
    return {unicodedata.normalize("NFC", w) for text in texts for w in text.split()}


def block_texts(blocks) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Line):
            out.append(block.text)
        else:
            out += [cell.text for row in block.rows for cell in row]
    return out


def recall(blocks) -> float:
    source = words([HEADER, NUMBER, PLACE_DATE, CLOSING, *PARAGRAPHS]
                   + [v for row in TABLE + MERGED for v in row])
    found = words(block_texts(blocks))
    return len(source & found) / len(source)


# ---------------------------------------------------------------------------------------------
# Module fixtures: LibreOffice and tesseract run once, the tests share their results.

@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf-reader")


@pytest.fixture(scope="module")
def report_docx(work) -> Path:
    return make_report(work / "bao-cao.docx")


@pytest.fixture(scope="module")
def text_pdf(work, report_docx) -> Path:
    return soffice_pdf(report_docx, work / "text", work / "profile")


@pytest.fixture(scope="module")
def text_read(text_pdf):
    return read_pdf(text_pdf)


@pytest.fixture(scope="module")
def scanned_pdf(work, text_pdf) -> Path:
    (work / "scan").mkdir()
    return scan(text_pdf, work / "scan" / "bao-cao-quet.pdf")


@pytest.fixture(scope="module")
def scanned_read(scanned_pdf):
    return read_pdf(scanned_pdf, ocr="auto", jobs=2)


@pytest.fixture(scope="module")
def garbage_pdf(work, text_pdf) -> Path:
    """The report with its fonts' ToUnicode maps renamed away: it still looks right, but
    every glyph extracts as `(cid:NN)`. Same length, so the cross-reference stays valid."""
    data = text_pdf.read_bytes()
    assert b"/ToUnicode" in data
    path = work / "khong-unicode.pdf"
    path.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))
    return path


@pytest.fixture(scope="module")
def hand_made(work) -> Path:
    """Fake bold (each glyph drawn twice 0.3 pt apart), a normal line, and `Việt Nam` drawn
    as `e` followed by loose combining marks (circumflex, dot below)."""
    marks = ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
             "/BaseEncoding /WinAnsiEncoding /Differences [200 /uni0302 /uni0323] >> >>")
    content = (b"BT /F1 14 Tf 72 760 Td (Tong ket thi dua) Tj ET\n"
               b"BT /F1 14 Tf 72.3 760 Td (Tong ket thi dua) Tj ET\n"
               b"BT /F1 12 Tf 72 730 Td (Binh thuong) Tj ET\n"
               b"BT /F2 12 Tf 72 700 Td (Vie\\310\\311t Nam) Tj ET")
    return hand_pdf(work / "dam-gia.pdf", [content], {"F1": HELVETICA, "F2": marks})


# ---------------------------------------------------------------------------------------------
# Text PDFs.

def test_text_pdf_lines_are_the_source_text_in_reading_order(text_read):
    page1 = [b for b in text_read.blocks if b.page == 1]
    assert [type(b) for b in page1] == [Line] * (2 + len(PARAGRAPHS)) + [Table]
    assert [b.text for b in page1[:-1]] == [HEADER, f"{NUMBER}\t{PLACE_DATE}", *PARAGRAPHS]
    assert page1[0].style == "bold" and all(b.style is None for b in page1[1:-1])
    assert all(unicodedata.is_normalized("NFC", t) for t in block_texts(text_read.blocks))
    assert not any(b.ocr for b in text_read.blocks)
    assert text_read.pages == 2 and text_read.ocr_pages == () and text_read.notes == []


def test_text_pdf_table_cells_are_the_source_cells(text_read):
    tables = [b for b in text_read.blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for row in tables[0].rows] == TABLE
    assert tables[0].page == 1


def test_merged_cells_keep_the_value_in_their_first_cell(text_read):
    page2 = [b for b in text_read.blocks if b.page == 2]
    assert [type(b) for b in page2] == [Table, Line]
    assert [[c.text for c in row] for row in page2[0].rows] == MERGED
    assert page2[1].text == CLOSING


@pytest.mark.parametrize("which", ["text_pdf", "hand_made"])
def test_glyphs_are_pdfminers_characters(which, request):
    """`pdf_glyphs.GlyphDevice` writes each glyph's dict itself: the same text, font, size,
    box and order as pdfminer's `LTChar` through pdfplumber (the keys the reader uses)."""
    from pdfplumber.pdf import PDF
    from toolkit.readers.pdf import _Page, _pages

    path = request.getfixturevalue(which)
    keys = ("text", "fontname", "size", "upright", "x0", "x1", "top", "bottom")
    with pdfplumber.open(path) as expected, open(path, "rb") as stream:
        ours = PDF(stream, path=path)
        for (number, page_obj), page in zip(_pages(ours, path, []), expected.pages):
            chars = _Page(ours, page_obj, page_number=number, initial_doctop=0).chars
            assert [tuple(c[k] for k in keys) for c in chars] == [tuple(c[k] for k in keys) for c in page.chars]
            assert chars


def test_fake_bold_is_read_once_and_marked_bold(hand_made):
    with pdfplumber.open(hand_made) as pdf:  # the file really draws every glyph twice
        raw = [c["text"] for c in pdf.pages[0].chars if c["top"] < 90]
    assert "".join(raw).replace(" ", "").count("T") == 2

    read = read_pdf(hand_made)
    assert [(b.text, b.style) for b in read.blocks] == [
        ("Tong ket thi dua", "bold"), ("Binh thuong", None), ("Việt Nam", None)]
    assert read.blocks[2].text == unicodedata.normalize("NFC", "Việt Nam")


def test_legacy_tcvn3_text_is_decoded_from_the_font_name_or_by_detection(work):
    title, body = "BÁO CÁO TỔNG KẾT", "Báo cáo tổng kết phong trào thi đua năm 2024 của công đoàn cơ sở"
    tcvn3 = legacy.encode_tcvn3(body).encode("cp1252")
    titled = legacy.encode_tcvn3(title, upper=True).encode("cp1252")
    pages = [  # page 1 keeps its .VnTime/.VnTimeH fonts; page 2 lost the name (Helvetica)
        b"BT /F1 14 Tf 72 760 Td " + pdf_string(titled) + b" Tj ET\n"
        b"BT /F2 12 Tf 72 730 Td " + pdf_string(tcvn3) + b" Tj ET",
        b"BT /F3 12 Tf 72 760 Td " + pdf_string(tcvn3) + b" Tj ET",
    ]
    path = hand_pdf(work / "tcvn3.pdf", pages, {
        "F1": legacy_font(".VnTimeH"), "F2": legacy_font(".VnTime"), "F3": HELVETICA})
    read = read_pdf(path)
    assert [(b.page, b.text) for b in read.blocks] == [(1, title), (1, body), (2, body)]
    assert read.legacy_encoding == "tcvn3"


SENTENCE = ("Trong năm, 02 tập thể được Chủ tịch UBND tỉnh tặng Bằng khen, 01 cá nhân được tặng "
            "Bằng khen của Tổng Liên đoàn Lao động Việt Nam. ")
WRAPPED = [
    "KẾT QUẢ THI ĐUA",
    SENTENCE * 3,
    "- Kết nạp mới 25 đoàn viên, đạt 100% chỉ tiêu Ban Chấp hành giao đầu năm, vượt 5% so với năm 2023.",
    "- Giới thiệu 02 đoàn viên ưu tú.",
    "Ngắn.",
    SENTENCE * 30,  # runs on over the page break
    "Trên đây là báo cáo.",
]


@pytest.fixture(scope="module")
def wrapped_pdf(work) -> Path:
    doc = Document()
    for text in WRAPPED:
        doc.add_paragraph(text.strip())
    doc.save(work / "doan-van.docx")
    return soffice_pdf(work / "doan-van.docx", work / "doan-van", work / "profile")


LONG_TABLE = [["STT", "Nội dung", "Tổng số CBCCVCLĐ", "Số đoàn viên", "Nữ", "Số LĐTT", "Ghi chú"]] + [
    [str(i), f"Công đoàn bộ phận số {i} tổ chức hoạt động chăm lo đời sống đoàn viên",
     str(40 + i), str(38 + i), str(i), str(30 + i), ""] for i in range(1, 31)]


@pytest.fixture(scope="module")
def long_table_pdf(work) -> Path:
    """Rows of several lines in narrow columns: LibreOffice cuts rows at the page breaks and
    breaks the one word too long for its column (`CBCCVCLĐ`) inside it."""
    doc = Document()
    table = doc.add_table(rows=len(LONG_TABLE), cols=len(LONG_TABLE[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, LONG_TABLE):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(work / "bang-dai.docx")
    pdf = soffice_pdf(work / "bang-dai.docx", work / "bang-dai", work / "profile")
    with pdfplumber.open(pdf) as opened:
        assert len(opened.pages) > 1
        assert "CBCCVCLĐ" not in opened.pages[0].extract_text()  # really broken inside the word
    return pdf


def test_wrapped_lines_come_back_as_their_paragraphs(wrapped_pdf):
    read = read_pdf(wrapped_pdf)
    assert read.pages == 2
    assert [b.text for b in read.blocks] == [text.strip() for text in WRAPPED]


def test_a_table_over_a_page_break_is_one_table_with_whole_cells(long_table_pdf):
    tables = [b for b in read_pdf(long_table_pdf).blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [[c.text for c in row] for row in tables[0].rows] == LONG_TABLE


# ---------------------------------------------------------------------------------------------
# Scanned PDFs and OCR.

def test_scanned_pdf_is_recognised_with_its_words(scanned_pdf, scanned_read):
    with pdfplumber.open(scanned_pdf) as pdf:
        assert all(not page.chars and page.images for page in pdf.pages)
    assert scanned_read.ocr_pages == (1, 2)
    assert all(b.ocr for b in scanned_read.blocks)
    found = recall(scanned_read.blocks)
    print(f"\nOCR word recall (scanned at 200 dpi): {found:.1%}")
    assert found >= 0.85
    assert "Đã nhận dạng chữ (OCR) 2 trang" in scanned_read.notes[0]


def test_scanned_tables_come_back_as_tables(scanned_read):
    tables = [b for b in scanned_read.blocks if isinstance(b, Table)]
    assert [(t.page, len(t.rows), len(t.rows[0])) for t in tables] == [(1, 6, 4), (2, 4, 4)]
    right = sum(cell.text == value for row, values in zip(tables[0].rows, TABLE)
                for cell, value in zip(row, values))
    print(f"\nOCR table cells right: {right}/24")
    assert right >= 20
    merged = [[c.text for c in row] for row in tables[1].rows]
    assert merged[0][3] == merged[1][0] == merged[1][1] == ""  # covered by merged cells
    assert merged[0][2] == "Kết quả" and merged[1][2:] == ["Đăng ký", "Thực hiện"]
    cell_words = words(c.text for t in tables for row in t.rows for c in row)
    line_words = words(b.text for b in scanned_read.blocks if isinstance(b, Line))
    assert "Nguyễn" in cell_words and "Nguyễn" not in line_words  # not repeated as lines


def test_scanned_paragraphs_are_joined_as_in_the_text_pdf(work, wrapped_pdf):
    (work / "scan-doan-van").mkdir()
    read = read_pdf(scan(wrapped_pdf, work / "scan-doan-van" / "doan-van.pdf"), jobs=2)
    assert len(read.blocks) == len(WRAPPED)
    # tesseract may miss a diacritic (`THỊ` for `THI`), not where a paragraph starts
    assert [fold(b.text).split()[:3] for b in read.blocks] == [fold(t).split()[:3] for t in WRAPPED]


def test_scanned_table_over_page_breaks_is_one_table(work, long_table_pdf):
    (work / "scan-bang-dai").mkdir()
    read = read_pdf(scan(long_table_pdf, work / "scan-bang-dai" / "bang-dai.pdf"), jobs=4)
    tables = [b for b in read.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows) == len(LONG_TABLE)
    rows = [[c.text for c in row] for row in tables[0].rows]
    # word spaces in header cells kept, the broken CBCCVCLĐ whole (its letters as tesseract reads them)
    assert rows[0][:2] + [rows[0][3]] == ["STT", "Nội dung", "Số đoàn viên"]
    assert rows[0][2].startswith("Tổng số CBCCVCL")
    right = sum(got == want for row, values in zip(rows, LONG_TABLE) for got, want in zip(row, values))
    assert right >= 0.9 * len(LONG_TABLE) * len(LONG_TABLE[0])


def test_ocr_confidence_is_reported_per_block(scanned_pdf, tmp_path):
    page = ocr_engine.ocr_page(scanned_pdf, 1, workdir=tmp_path)
    assert len(page.confidences) == len(page.blocks) > 0
    assert all(0 <= c <= 1 for c in page.confidences) and page.confidence > 0.8
    assert list(tmp_path.iterdir()) == []  # page images are removed


def test_ocr_reads_alike_through_tesserocr_and_the_tesseract_program(scanned_pdf, tmp_path, monkeypatch):
    """One engine per thread (tesserocr) where it is installed, else the program: the same
    engine and model, so the same page."""
    assert tesseract_engine.library() is not None  # scripts/setup.sh builds it
    through_library = ocr_engine.ocr_page(scanned_pdf, 1, workdir=tmp_path)
    monkeypatch.setattr(tesseract_engine, "_library", False)
    through_program = ocr_engine.ocr_page(scanned_pdf, 1, workdir=tmp_path)
    assert through_program.blocks == through_library.blocks
    assert through_program.confidence == pytest.approx(through_library.confidence, abs=0.01)
    assert list(tmp_path.iterdir()) == []


def turned_scan(scanned_pdf: Path, out: Path, degrees: int) -> Path:
    """The scan with its pages fed on their side (90, 270: turned counter-clockwise) or upside down."""
    with pdfium.PdfDocument(scanned_pdf) as pdf:
        pages = [pdf[i].render(scale=200 / 72).to_pil().convert("L").rotate(degrees, expand=True)
                 for i in range(len(pdf))]
    pages[0].save(out, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return out


@pytest.mark.parametrize("degrees, said", [(90, "quay sang trái"), (180, "lộn ngược")])
def test_a_page_scanned_on_its_side_or_upside_down_is_turned_upright(scanned_pdf, scanned_read, tmp_path, degrees,
                                                                     said):
    read = read_pdf(turned_scan(scanned_pdf, tmp_path / f"xoay-{degrees}.pdf", degrees), jobs=2)
    assert recall(read.blocks) >= 0.85
    assert [(t.page, len(t.rows), len(t.rows[0])) for t in read.blocks if isinstance(t, Table)] == [(1, 6, 4), (2, 4, 4)]
    assert [n for n in read.notes if "bị xoay" in n] == [
        f"Trang {n}: bản quét bị xoay ({'nằm ngang, đầu trang ' if degrees != 180 else ''}{said}), "
        "đã xoay lại cho đúng chiều để đọc." for n in (1, 2)]


def test_an_upright_page_is_not_turned_and_the_program_finds_the_same_orientation(scanned_pdf, tmp_path,
                                                                                  monkeypatch):
    upright = ocr_engine.ocr_page(scanned_pdf, 1, workdir=tmp_path)
    assert upright.turned == 0
    sideways = render_gray(turned_scan(scanned_pdf, tmp_path / "xoay.pdf", 270), 1, 300)
    deadline = time.monotonic() + 60
    by_library = ocr_engine.quarter_turns(sideways, tmp_path / "osd.png", deadline, 60)
    monkeypatch.setattr(tesseract_engine, "_library", False)
    assert ocr_engine.quarter_turns(sideways, tmp_path / "osd.png", deadline, 60) == by_library == 1
    assert not (tmp_path / "osd.png").exists()


def test_cid_garbage_text_layer_falls_back_to_ocr(garbage_pdf):
    with pdfplumber.open(garbage_pdf) as pdf:
        assert "(cid:" in pdf.pages[0].extract_text()
    read = read_pdf(garbage_pdf, jobs=2)
    assert read.ocr_pages == (1, 2)
    assert "lớp chữ bị hỏng" in read.notes[0]
    found = recall(read.blocks)
    print(f"\nOCR word recall (text layer without ToUnicode, 300 dpi render): {found:.1%}")
    assert found >= 0.85


@pytest.mark.parametrize("texts, unreadable", [
    (["(cid:12)", "(cid:34)", "(cid:56)", "a"], True),
    (list("Báo cáo tổng kết"), False),
    (["\ue001", "\ue002", "\ufffd", "x"], True),
    (list("Thi đua yêu nước " * 10) + ["\uf0b7"], False),  # one Symbol-font bullet
    (list("Vi") + ["(cid:3)"] + list("t Nam") + ["(cid:7)"], True),  # letters with marks lost
    ([], False),
])
def test_unreadable_text_layers(texts, unreadable):
    assert unreadable_text(texts) is unreadable


def test_ocr_never_skips_scanned_pages_with_a_note(scanned_pdf):
    read = read_pdf(scanned_pdf, ocr="never")
    assert read.blocks == [] and read.ocr_pages == ()
    assert len(read.notes) == 2 and all("ảnh quét" in n and "never" in n for n in read.notes)


def test_ocr_always_reads_text_pages_by_ocr(hand_made):
    read = read_pdf(hand_made, ocr="always")
    assert read.ocr_pages == (1,) and all(b.ocr for b in read.blocks)
    assert "tong ket thi dua" in fold(" ".join(b.text for b in read.blocks))


def test_page_over_the_time_limit_is_skipped_and_the_rest_is_read(work, text_pdf, scanned_pdf):
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(text_pdf), [0])
    mixed.import_pages(pdfium.PdfDocument(scanned_pdf), [0])
    path = work / "mixed.pdf"
    mixed.save(path)
    read = read_pdf(path, timeout=0.01)
    assert read.pages == 2 and read.ocr_pages == ()
    assert {b.page for b in read.blocks} == {1} and read.blocks[0].text == HEADER
    assert any(n.startswith("Trang 2:") and "quá thời gian" in n for n in read.notes)


def test_missing_ocr_tools_say_how_to_install(scanned_pdf, text_pdf, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    ocr_engine._tools.cache_clear()
    try:
        assert read_pdf(text_pdf).blocks  # a text PDF does not need them
        with pytest.raises(ThiduaError) as error:
            read_pdf(scanned_pdf)
    finally:
        ocr_engine._tools.cache_clear()
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-vie" in str(error.value)
    assert error.value.location.file == str(scanned_pdf) and error.value.location.page == 1


# ---------------------------------------------------------------------------------------------
# Files that cannot be read.

def test_password_protected_pdf(work, report_docx):
    options = (':writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"x"}}')
    locked = soffice_pdf(report_docx, work / "locked", work / "profile", options)
    with pytest.raises(ThiduaError) as error:
        read_pdf(locked)
    assert "mật khẩu" in str(error.value) and locked.name in str(error.value)


def test_not_a_pdf(tmp_path, report_docx):
    text = tmp_path / "ghi-chu.pdf"
    text.write_text("Báo cáo tổng kết", encoding="utf-8")
    renamed = tmp_path / "bao-cao.pdf"
    renamed.write_bytes(report_docx.read_bytes())
    for path, hint in ((text, "%PDF-"), (renamed, ".docx")):
        with pytest.raises(ThiduaError) as error:
            read_pdf(path)
        assert "không phải tệp PDF" in str(error.value) and hint in str(error.value)
        assert error.value.location.file == str(path)


def test_pdf_with_nothing_to_read(tmp_path):
    blank = hand_pdf(tmp_path / "trang-trang.pdf", [b"", b"0 0 m 100 0 l S"], {})
    with pytest.raises(ThiduaError) as error:
        read_pdf(blank)
    assert "tệp PDF không có chữ và không có hình để đọc" in str(error.value)
    assert "trang-trang.pdf" in str(error.value)


def test_damaged_cross_references_are_recovered_or_explained(tmp_path, text_pdf, text_read):
    data = text_pdf.read_bytes()
    wrong_offset = tmp_path / "sai-xref.pdf"
    wrong_offset.write_bytes(data[:data.rindex(b"startxref")] + b"startxref\n123\n%%EOF\n")
    assert block_texts(read_pdf(wrong_offset).blocks) == block_texts(text_read.blocks)

    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(data[:1500])
    with pytest.raises(ThiduaError) as error:
        read_pdf(truncated)
    assert "bị hỏng" in str(error.value) and "cut.pdf" in str(error.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=8)),
                      min_size=1, max_size=4))
def test_a_damaged_pdf_gives_a_thidua_error_or_blocks_never_a_crash(tmp_path, text_pdf, edits):
    data = bytearray(text_pdf.read_bytes())
    for where, junk in edits:
        at = int(where * len(data))
        data[at:at + len(junk)] = junk
    damaged = tmp_path / "hong.pdf"
    damaged.write_bytes(bytes(data))
    try:
        read = read_pdf(damaged, ocr="never")
    except ThiduaError as error:
        assert "hong.pdf" in str(error)
    else:
        assert read.pages is not None and all(b.page for b in read.blocks)


def test_unknown_ocr_mode(text_pdf):
    with pytest.raises(ThiduaError, match="auto, always hoặc never"):
        read_pdf(text_pdf, ocr="sometimes")


def test_a_page_too_big_to_render_is_refused_before_it_takes_the_memory(work):
    # A crafted page 5 m wide would be a 3-gigapixel image at 300 dpi.
    huge = pdfium.PdfDocument.new()
    huge.new_page(5000 / 2.54 * 72, 5000 / 2.54 * 72)
    huge.save(work / "kho-lon.pdf")
    with pytest.raises(ThiduaError, match=r"trang 1 quá khổ \(5000 × 5000 cm\)"):
        render_gray(work / "kho-lon.pdf", 1, 300)
    assert render_gray(work / "kho-lon.pdf", 1, 1).shape == (1969, 1969)  # at 1 dpi it is fine

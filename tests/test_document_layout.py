"""What a văn thư sees on paper: the built-in documents rendered by LibreOffice and read back
line by line from the PDF (docs/formats.md, *Header block*, *Signature blocks*, *Tables*)."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import SAMPLES
from toolkit.generate import generate, plan
from toolkit.generate.templates import load
from toolkit.office.libreoffice import convert_to_pdf
from toolkit.office.lines import break_lines


def rendered(tmp: Path, template: str, sample: str, **options) -> list[tuple[Path, Path]]:
    compiled, spec = load(template)
    docs = generate(plan(compiled, spec, SAMPLES / sample, **options), tmp / "docx").written
    pdfs = convert_to_pdf(docs, tmp / "pdf")
    assert all(r.pdf for r in pdfs), [r.error for r in pdfs]
    return [(doc, r.pdf) for doc, r in zip(docs, pdfs)]


def pages(pdf: Path) -> list[list[str]]:
    """The text lines of each page, as a reader sees them."""
    with pdfplumber.open(pdf) as doc:
        return [[" ".join(line.split()) for line in (page.extract_text() or "").splitlines()] for page in doc.pages]


@pytest.fixture(scope="module")
def cluster_pledge(tmp_path_factory):
    return rendered(tmp_path_factory.mktemp("khoi"), "giao-uoc-khoi", "giao-uoc-khoi.xlsx")[0]


def test_a_name_breaks_between_its_word_groups():
    assert break_lines("LIÊN ĐOÀN LAO ĐỘNG TỈNH AN GIANG", 65, 12) == "LIÊN ĐOÀN LAO ĐỘNG\nTỈNH AN GIANG"
    assert break_lines("CÔNG ĐOÀN CƠ SỞ SỞ TÀI CHÍNH", 65, 12, bold=True) == "CÔNG ĐOÀN CƠ SỞ\nSỞ TÀI CHÍNH"
    assert break_lines("CÔNG ĐOÀN CƠ SỞ BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG TỈNH", 65, 12, bold=True) == (
        "CÔNG ĐOÀN CƠ SỞ\nBAN QUẢN LÝ DỰ ÁN\nĐẦU TƯ XÂY DỰNG TỈNH")  # QUẢN is not quận
    assert break_lines("TM. BCH CĐCS KHO BẠC NHÀ NƯỚC AN GIANG", 53, 13, bold=True).splitlines()[:2] == [
        "TM. BCH CĐCS", "KHO BẠC"]
    assert break_lines("- Công đoàn Viên chức tỉnh An Giang (để báo cáo);", 80, 11).endswith("(để báo cáo);")
    assert break_lines("SỞ TÀI CHÍNH", 65, 12) == "SỞ TÀI CHÍNH"  # what fits stays on one line


def test_the_cluster_pledge_keeps_every_unit_name_whole_on_paper(cluster_pledge):
    _, pdf = cluster_pledge
    with pdfplumber.open(pdf) as doc:  # the header's left column: 30 + 65 mm from the page's edge
        header = doc.pages[0].crop((0, 0, 95 / 25.4 * 72, 130)).extract_text().splitlines()
    assert header[:2] == ["LIÊN ĐOÀN LAO ĐỘNG", "TỈNH AN GIANG"]
    lines = [line for page in pages(pdf) for line in page]
    # The signature grid: each union's name on lines of its own, never cut inside a word.
    for whole in ("SỞ NỘI VỤ", "SỞ TƯ PHÁP", "THANH TRA TỈNH", "SỞ TÀI CHÍNH", "CỤC THUẾ TỈNH"):
        assert any(whole in line for line in lines), whole
    for half in ("VỤ", "PHÁP", "TRA TỈNH", "CHÍNH", "GIANG", "HOẠCH VÀ ĐẦU TƯ"):
        assert half not in lines, half


def test_signers_of_one_row_start_on_one_line_and_their_names_line_up(cluster_pledge):
    _, pdf = cluster_pledge
    with pdfplumber.open(pdf) as doc:
        words = [w for page in doc.pages for w in page.extract_words()]
    titles = [w for w in words if w["text"] == "TM."]
    names = {"Trần", "Nguyễn", "Lê", "Huỳnh", "Phạm", "Võ", "Đặng", "Trương", "Bùi", "Châu", "Lâm", "Hồ"}
    assert len(titles) == 14
    for page_words in _by_page(words):
        tops = sorted({round(w["top"]) for w in page_words if w["text"] == "TM."})
        rows = [[w for w in page_words if w["text"] == "TM." and abs(round(w["top"]) - top) < 2] for top in tops]
        assert all(len(row) <= 3 for row in rows)  # three signers a row, each row's titles level
    name_tops = {round(w["top"]) for w in words if w["text"] in names and w["x0"] > 60}
    assert len(name_tops) <= 6  # one line of names per row of signers (on two pages)


def _by_page(words):
    pages, current, last = [], [], None
    for w in words:
        if last is not None and w["top"] < last - 200:
            pages.append(current)
            current = []
        current.append(w)
        last = w["top"]
    return [*pages, current]


def test_signatures_keep_with_the_list_before_them(tmp_path):
    """Each department's list: the page with the signatures also holds rows of the list."""
    for _, pdf in rendered(tmp_path, "dang-ky-thi-dua", "dang-ky-thi-dua.xlsx", group_by="ca_nhan.don_vi"):
        signed = next(page for page in pages(pdf) if "NGƯỜI LẬP BIỂU" in " ".join(page))
        rows = [line for line in signed if line[:1].isdigit() and not line.startswith("20")]
        assert rows, f"{pdf.name}: the signatures stand alone on their page"


def test_table_text_is_left_aligned_and_headings_leave_room_after_a_table(cluster_pledge):
    docx, pdf = cluster_pledge
    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[1].text == "Nội dung chỉ tiêu")
    content = [row.cells[1].paragraphs[0] for row in table.rows[1:] if row.cells[0].text.isdigit()]
    assert content and all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in content)
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            heading = next((w for w in page.extract_words() if w["text"] == "IV."), None)
            if heading is None:
                continue
            rules = [e["top"] for e in page.edges if e["orientation"] == "h" and e["top"] < heading["top"]]
            assert heading["top"] - max(rules) >= 10  # points; 5.4 when it had a body line's 6 pt
            return
    pytest.fail("no section IV heading found")


def test_a_recipient_wraps_before_its_parenthesis_not_inside_it(tmp_path):
    (_, pdf), = rendered(tmp_path, "giao-uoc", "giao-uoc.xlsx")
    lines = [line for page in pages(pdf) for line in page]
    assert any(line.endswith("(để báo cáo);") for line in lines)
    assert not any(line.startswith("cáo);") or line.endswith("(để báo") for line in lines)

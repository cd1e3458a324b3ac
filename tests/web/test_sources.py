"""The review screen's picture of a record's source page."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
from docx import Document
from PIL import Image

from toolkit.office.libreoffice import find_soffice
from toolkit.web.sources import page_image


def scanned(doc: Document, tmp_path: Path, turn: int = 0) -> Path:
    """The one-page document printed by LibreOffice and scanned at 200 dpi (fed turned by
    `turn` degrees counter-clockwise)."""
    doc.save(tmp_path / "vb.docx")
    subprocess.run([find_soffice(), "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "vb.docx")], check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(tmp_path / "vb.pdf"),
                    str(tmp_path / "trang")], check=True, timeout=120)
    Image.open(tmp_path / "trang.png").rotate(turn, expand=True).save(tmp_path / "quet.pdf", "PDF", resolution=200)
    return tmp_path / "quet.pdf"


def sideways_scan(tmp_path: Path) -> Path:
    """A one-page decision, scanned and fed on its side."""
    doc = Document()
    for text in ["ỦY BAN NHÂN DÂN HUYỆN CẨM GIÀNG", "QUYẾT ĐỊNH", "Về việc tặng Giấy khen",
                 "Điều 1. Tặng Giấy khen của Chủ tịch UBND huyện cho ông Phạm Văn Thành, Trưởng phòng Kinh tế, "
                 "đã có thành tích xuất sắc trong công tác năm 2025.",
                 "Điều 2. Chánh Văn phòng và ông Phạm Văn Thành chịu trách nhiệm thi hành Quyết định này./."]:
        doc.add_paragraph(text)
    return scanned(doc, tmp_path, turn=90)


def test_a_scan_fed_on_its_side_is_shown_upright_with_the_record_marked(tmp_path):
    png = page_image(sideways_scan(tmp_path), 1, "Điều 1. Tặng Giấy khen của Chủ tịch UBND huyện cho ông Phạm Văn "
                                                 "Thành, Trưởng phòng Kinh tế", tmp_path / "anh")

    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.height > image.width  # an A4 page standing, as it was read
    pixels = np.asarray(image)
    marked = (pixels[..., 0] > 150) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)  # the red frame
    rows = np.flatnonzero(marked.any(axis=1))
    assert rows.size and rows[0] < image.height / 2  # Điều 1 is in the upper half of the page


def frame_top(png: bytes) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    marked = (pixels[..., 0] > 150) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
    return int(np.flatnonzero(marked.any(axis=1))[0])


def test_a_row_of_a_scanned_table_is_marked_where_it_stands(tmp_path):
    doc = Document()
    doc.add_paragraph("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN")
    rows = [("TT", "Họ và tên", "Chức vụ, đơn vị"), ("1", "Nguyễn Văn An", "Giáo viên Trường THCS Lê Lợi"),
            ("2", "Trần Thị Bình", "Kế toán Trường TH Kim Đồng"), ("3", "Lê Hoàng Cường", "Nhân viên Trường THCS Lê Lợi"),
            ("4", "Phạm Thị Dung", "Giáo viên Trường TH Kim Đồng")]
    table = doc.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    pdf = scanned(doc, tmp_path)

    tops = [frame_top(page_image(pdf, 1, " | ".join(values), tmp_path / "anh"))
            for values in rows[1:]]

    assert tops == sorted(tops) and len(set(tops)) == 4  # each record on its own row, in order

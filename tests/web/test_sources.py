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


def sideways_scan(tmp_path: Path) -> Path:
    """A one-page decision printed by LibreOffice, scanned at 200 dpi and fed on its side."""
    doc = Document()
    for text in ["ỦY BAN NHÂN DÂN HUYỆN CẨM GIÀNG", "QUYẾT ĐỊNH", "Về việc tặng Giấy khen",
                 "Điều 1. Tặng Giấy khen của Chủ tịch UBND huyện cho ông Phạm Văn Thành, Trưởng phòng Kinh tế, "
                 "đã có thành tích xuất sắc trong công tác năm 2025.",
                 "Điều 2. Chánh Văn phòng và ông Phạm Văn Thành chịu trách nhiệm thi hành Quyết định này./."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "qd.docx")
    subprocess.run([find_soffice(), "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "qd.docx")], check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(tmp_path / "qd.pdf"),
                    str(tmp_path / "trang")], check=True, timeout=120)
    page = Image.open(tmp_path / "trang.png").rotate(90, expand=True)
    page.save(tmp_path / "quet-xoay.pdf", "PDF", resolution=200)
    return tmp_path / "quet-xoay.pdf"


def test_a_scan_fed_on_its_side_is_shown_upright_with_the_record_marked(tmp_path):
    png = page_image(sideways_scan(tmp_path), 1, "Điều 1. Tặng Giấy khen của Chủ tịch UBND huyện cho ông Phạm Văn "
                                                 "Thành, Trưởng phòng Kinh tế", tmp_path / "anh")

    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.height > image.width  # an A4 page standing, as it was read
    pixels = np.asarray(image)
    marked = (pixels[..., 0] > 150) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)  # the red frame
    rows = np.flatnonzero(marked.any(axis=1))
    assert rows.size and rows[0] < image.height / 2  # Điều 1 is in the upper half of the page

"""PDF speed: thidua's batch (one LibreOffice for all files) against one soffice per file.

    python bench/pdf.py [--n 20]

Builds N documents of several pages of Vietnamese text and a table each, then converts
them with `PdfConverter` and with the obvious loop, `soffice --convert-to pdf FILE` once per
file. Both use a profile that has already started once (the baseline shares one profile
for all its runs), so the difference is the cost of starting LibreOffice, not of creating
profiles. Checks both produced every PDF with the same page count and prints seconds and
files/second for both. The last line is `ratio_vs_soffice_per_file: X` (per-file time
divided by batch time).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from toolkit.office.libreoffice import PdfConverter, find_soffice  # noqa: E402

PARAGRAPH = ("Thực hiện Nghị quyết Đại hội Công đoàn các cấp, Ban Chấp hành Công đoàn cơ sở đã "
             "phối hợp với thủ trưởng cơ quan tổ chức phong trào thi đua yêu nước, động viên "
             "đoàn viên, người lao động hoàn thành xuất sắc nhiệm vụ chính trị được giao; chăm lo "
             "đời sống, bảo vệ quyền và lợi ích hợp pháp, chính đáng của đoàn viên. ")


def make_document(path: Path, n: int) -> Path:
    """Several A4 pages: a heading, long paragraphs and a 20-row results table."""
    doc = Document()
    doc.add_heading(f"Báo cáo tổng kết phong trào thi đua năm 2024 — đơn vị số {n}", level=1)
    for i in range(24):
        doc.add_paragraph(f"{i + 1}. " + PARAGRAPH * 2)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["STT", "Chỉ tiêu", "Đăng ký", "Thực hiện", "Đánh giá"]):
        cell.text = title
    for i in range(1, 21):
        row = table.add_row().cells
        values = [str(i), f"Tỷ lệ đoàn viên đạt danh hiệu Lao động tiên tiến ({i})", "trên 95%", "96,5%", "Đạt"]
        for cell, value in zip(row, values):
            cell.text = value
    doc.save(path)
    return path


def soffice_command(soffice: str, profile: Path, out: Path, *files: Path) -> list[str]:
    return [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf", "--outdir", str(out),
            *map(str, files)]


def pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="documents to convert")
    args = parser.parse_args()
    soffice = find_soffice()

    with tempfile.TemporaryDirectory() as tmp, PdfConverter(soffice) as converter:
        tmp = Path(tmp)
        (tmp / "src").mkdir()
        docs = [make_document(tmp / "src" / f"bao-cao-{i:02d}.docx", i) for i in range(1, args.n + 1)]
        warm = make_document(tmp / "warm.docx", 0)
        profile = tmp / "profile"  # the baseline's one shared profile
        subprocess.run(soffice_command(soffice, profile, tmp / "warm", warm), check=True, capture_output=True)
        converter.convert([warm], tmp / "warm-thidua")
        starts = converter.starts

        start = time.perf_counter()
        results = converter.convert(docs, tmp / "thidua")
        batch_s = time.perf_counter() - start
        assert all(r.error is None for r in results), [r.error for r in results if r.error]
        batch_starts = converter.starts - starts

        start = time.perf_counter()
        for doc in docs:
            subprocess.run(soffice_command(soffice, profile, tmp / "per-file", doc), check=True, capture_output=True)
        per_file_s = time.perf_counter() - start

        counts = [pages(r.pdf) for r in results]
        assert counts == [pages(tmp / "per-file" / f"{doc.stem}.pdf") for doc in docs]
        n = len(docs)
        print(f"documents: {n} ({min(counts)}-{max(counts)} pages, one table each), same page counts: yes")
        print(f"thidua batch:     {batch_s:6.2f} s  {n / batch_s:6.2f} files/s  ({batch_starts} LibreOffice start)")
        print(f"soffice per file: {per_file_s:6.2f} s  {n / per_file_s:6.2f} files/s  ({n} LibreOffice starts)")
        print(f"ratio_vs_soffice_per_file: {per_file_s / batch_s:.1f}")


if __name__ == "__main__":
    main()

"""PDF reading speed: `read_pdf` against pdfplumber's extract_text + extract_tables.

    python bench/parse.py [--pages 40] [--scanned 3] [--repeat 3]

Builds a report of PAGES pages (a heading, two paragraphs of Vietnamese text and a ruled
table of results on each page) with LibreOffice, then reads it once with thidua's reader
and once with the obvious pdfplumber loop, `page.extract_text()` and `page.extract_tables()`
on every page. thidua does more (removes fake-bold doubles, splits text from tables, keeps
bold, NFC, legacy-font checks, per-page OCR decisions) but parses each page once and finds
its tables once. Both must find the same number of tables. The two readings alternate
REPEAT times and each keeps its best time (as `timeit` does), so a burst of other work on a
shared machine does not decide the ratio. Then SCANNED pages are
rasterized at 200 dpi into an image-only PDF and read by OCR, with one job and with one
job per CPU; besides the wall-clock time, the CPU seconds a page (this process and the
programs it ran: tesseract), which other work on a shared machine changes less.
The last line is `ratio_vs_pdfplumber: X` (thidua pages/s ÷ pdfplumber pages/s).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
from docx import Document
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from toolkit.readers.blocks import Table  # noqa: E402
from toolkit.readers.pdf import read_pdf  # noqa: E402
from toolkit.office.libreoffice import convert_to_pdf  # noqa: E402

PARAGRAPH = ("Thực hiện Nghị quyết Đại hội Công đoàn các cấp, Ban Chấp hành Công đoàn cơ sở đã "
             "phối hợp với thủ trưởng cơ quan tổ chức phong trào thi đua yêu nước, động viên "
             "đoàn viên, người lao động hoàn thành xuất sắc nhiệm vụ chính trị được giao. ")


def make_report(path: Path, pages: int) -> Path:
    doc = Document()
    for n in range(1, pages + 1):
        if n > 1:
            doc.add_page_break()
        doc.add_heading(f"Phần {n}. Kết quả phong trào thi đua năm 2024", level=2)
        for _ in range(2):
            doc.add_paragraph(PARAGRAPH)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, ["STT", "Chỉ tiêu", "Đăng ký", "Thực hiện", "Đánh giá"]):
            cell.text = title
        for i in range(1, 11):
            values = [str(i), f"Đoàn viên đạt LĐTT ({n}.{i})", "trên 95%", "96,5%", "Đạt"]
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
    doc.save(path)
    return path


def baseline(path: Path) -> tuple[int, int]:
    """The obvious loop: text and tables of every page with pdfplumber."""
    tables = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            tables += len(page.extract_tables())
            page.close()
        return len(pdf.pages), tables


def scan(pdf: Path, pages: int, out: Path) -> Path:
    """The first `pages` pages as a scanner gives them: 200 dpi pictures, no text layer."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", str(pages),
                    str(pdf), str(out.with_suffix(""))], check=True)
    images = [Image.open(p).convert("L") for p in sorted(out.parent.glob(out.stem + "-*.png"))]
    images[0].save(out, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return out


def _cpu() -> float:
    """CPU seconds used so far by this process and the programs it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="pages of the text PDF")
    parser.add_argument("--scanned", type=int, default=3, help="scanned pages to recognise")
    parser.add_argument("--repeat", type=int, default=3, help="text PDF readings of each reader, best kept")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docx = make_report(tmp / "bao-cao.docx", args.pages)
        [result] = convert_to_pdf([docx], tmp)
        assert result.error is None, result.error
        pdf = result.pdf

        ours_s = base_s = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            read = read_pdf(pdf)
            ours_s = min(ours_s, time.perf_counter() - start)
            start = time.perf_counter()
            pages, base_tables = baseline(pdf)
            base_s = min(base_s, time.perf_counter() - start)
        ours_tables = sum(isinstance(b, Table) for b in read.blocks)
        assert pages == args.pages, f"{pages} pages for {args.pages} sections: shorten them"
        assert read.pages == pages and ours_tables == base_tables, (read.pages, pages, ours_tables, base_tables)

        scanned = scan(pdf, args.scanned, tmp / "scan" / "quet.pdf") if args.scanned else None
        ocr_times = []
        for jobs in sorted({1, os.cpu_count() or 1}) if scanned else ():
            start, cpu = time.perf_counter(), _cpu()
            recognised = read_pdf(scanned, jobs=jobs)
            ocr_times.append((jobs, time.perf_counter() - start, _cpu() - cpu))
            assert len(recognised.ocr_pages) == args.scanned, recognised.notes

    print(f"text PDF: {pages} pages, {base_tables} ruled tables found by both readers")
    print(f"thidua read_pdf (best of {args.repeat}):  {ours_s:6.2f} s  {pages / ours_s:7.1f} pages/s")
    print(f"pdfplumber text + tables (best of {args.repeat}): {base_s:6.2f} s  {pages / base_s:7.1f} pages/s")
    for jobs, seconds, cpu in ocr_times:
        print(f"OCR 300 dpi, {args.scanned} scanned pages, {jobs} job(s): {seconds:6.2f} s  "
              f"{seconds / args.scanned:5.2f} s/page  {cpu / args.scanned:5.2f} CPU s/page")
    print(f"ratio_vs_pdfplumber: {base_s / ours_s:.2f}")


if __name__ == "__main__":
    main()

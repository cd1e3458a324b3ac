"""A PDF page as pixels, through PDFium (pypdfium2): for OCR and for the review screen.

PDFium renders a scanned A4 page at 300 dpi in about 20 ms in this process, where running
`pdftoppm` took about 100 ms (a process, the file parsed again, a PGM written and read back).
PDFium is one library per process and not safe to call from two threads at once, so every
call here holds `LOCK`; OCR pages are recognised in threads, and the web server answers in
threads. A page is refused before rendering when its pixels would exceed `MAX_PIXELS`: a
crafted page size must not exhaust memory.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from ..errors import ThiduaError

__all__ = ["LOCK", "MAX_PIXELS", "render_gray", "render_rgb"]

LOCK = threading.Lock()
MAX_PIXELS = 40_000_000  # an A2 sheet at 300 dpi is 35 million; A4 is 8.7 million


def render_gray(pdf: Path, number: int, dpi: float) -> np.ndarray:
    """Page `number` (1-based) in grey levels (uint8, 0 = black) at `dpi`."""
    return _render(pdf, number, dpi, True, lambda bitmap: np.array(bitmap.to_numpy(), copy=True))


def render_rgb(pdf: Path, number: int, dpi: float) -> Image.Image:
    """Page `number` (1-based) as an RGB picture at `dpi`."""
    return _render(pdf, number, dpi, False, lambda bitmap: bitmap.to_pil().convert("RGB"))


def _render(pdf: Path, number: int, dpi: float, grayscale: bool, copy_out):
    """Render under the lock; `copy_out` turns the bitmap into our own memory before PDFium's
    is freed with the document."""
    with LOCK:
        try:
            document = pdfium.PdfDocument(str(pdf))
        except pdfium.PdfiumError as exc:
            raise ThiduaError(f"không mở được tệp PDF để chuyển trang thành ảnh ({exc})") from None
        try:
            if not 1 <= number <= len(document):
                raise ThiduaError(f"tệp PDF không có trang {number}")
            page = document[number - 1]
            try:
                width, height = page.get_size()  # points
                if (width * dpi / 72) * (height * dpi / 72) > MAX_PIXELS:
                    raise ThiduaError(
                        f"trang {number} quá khổ ({width / 72 * 2.54:.0f} × {height / 72 * 2.54:.0f} cm) "
                        "để chuyển thành ảnh; hãy quét lại trang này ở khổ giấy A4 hoặc A3")
                return copy_out(page.render(scale=dpi / 72, grayscale=grayscale))
            finally:
                page.close()
        finally:
            document.close()

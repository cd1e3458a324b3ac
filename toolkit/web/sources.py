"""A record's source on screen: its PDF page as an image, the place it was read marked.

Records carry the page and the text read (`Source`), not coordinates, so the place is found
again on the page: the page's words (pdfplumber for a text PDF, tesseract's word boxes for a
scan) are grouped into lines, and the lines sharing the most words with the record's text —
compared without diacritics or case, as OCR often loses them — are marked. Rendering is
PDFium's (`toolkit.readers.raster`); images are cached under `--data` by file, page and text.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ..readers.raster import render_rgb
from ..vn import fold

SCALE = 1.5  # 108 dpi: a page fits a screen and its text is readable
MAX_LINES = 3  # a record's text is a row or a sentence: at most a few lines of a page


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def page_image(pdf: Path, page: int, text: str, cache: Path) -> bytes:
    """PNG of `page` (1-based) of `pdf`, with the lines that hold `text` marked."""
    key = hashlib.sha256(f"{pdf.stat().st_size}:{pdf}:{page}:{text}".encode()).hexdigest()[:24]
    cached = cache / f"{key}.png"
    if cached.is_file():
        return cached.read_bytes()
    image = render(pdf, page)
    words = text_words(pdf, page)
    if not words:
        image, words = ocr_words(pdf, page, image)
    box = locate(words, text)
    if box:
        image = mark(image, box)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(out.getvalue())
    return out.getvalue()


def render(pdf: Path, page: int) -> Image.Image:
    return render_rgb(pdf, page, SCALE * 72)


def text_words(pdf: Path, page: int) -> list[Word]:
    """The words of a text PDF page, in image pixels."""
    import pdfplumber  # the PDF reader's library; only needed when a text page is shown

    with pdfplumber.open(str(pdf)) as doc:
        words = doc.pages[page - 1].extract_words(keep_blank_chars=False)
    return [Word(w["text"], w["x0"] * SCALE, w["top"] * SCALE, w["x1"] * SCALE, w["bottom"] * SCALE)
            for w in words]


def ocr_words(pdf: Path, page: int, image: Image.Image) -> tuple[Image.Image, list[Word]]:
    """A scanned page's image turned upright (as it was read), and the words tesseract finds
    on the page read as the parser reads it (300 dpi, rulings painted over), with their boxes
    in the image's pixels."""
    from ..readers.ocr import DPI, word_boxes
    from ..readers.raster import render_gray

    turns, words = word_boxes(render_gray(pdf, page, DPI))
    if turns:
        image = image.rotate(90 * turns, expand=True)  # PIL turns counter-clockwise, as np.rot90
    k = SCALE * 72 / DPI
    return image, [Word(text, x0 * k, top * k, x1 * k, bottom * k) for text, x0, top, x1, bottom in words]


def _tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"\w+", fold(text).lower()) if len(t) > 1 or t.isdigit()]


def locate(words: list[Word], text: str) -> tuple[float, float, float, float] | None:
    """The box around the run of at most `MAX_LINES` lines sharing most words with `text`."""
    wanted = set(_tokens(text))
    if not wanted or not words:
        return None
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - word.top) < (word.bottom - word.top) * 0.6:
            lines[-1].append(word)
        else:
            lines.append([word])
    hits = [{t for w in line for t in _tokens(w.text)} & wanted for line in lines]
    best, best_score = None, 0.0
    for start in range(len(lines)):
        seen: set[str] = set()
        for end in range(start, min(start + MAX_LINES, len(lines))):
            if not hits[end]:
                break
            seen |= hits[end]
            score = len(seen) / len(wanted) - 0.01 * (end - start)
            if score > best_score:
                best, best_score = (start, end), score
    if best is None or best_score < 0.34:
        return None
    chosen = [w for line in lines[best[0]:best[1] + 1] for w in line]
    return (min(w.x0 for w in chosen), min(w.top for w in chosen),
            max(w.x1 for w in chosen), max(w.bottom for w in chosen))


def mark(image: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    """A yellow band behind the box and a red frame around it."""
    pad = 4
    x0, y0, x1, y1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle((x0, y0, x1, y1), fill=(255, 221, 0, 70), outline=(200, 0, 0, 255), width=3)
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")

"""Scanned pages → blocks: rasterize, find the table rulings, recognise with tesseract.

A scanned page is a picture. Each one goes through:

1. PDFium renders the page at 300 dpi in grey (`toolkit.readers.raster`; tesseract's models
   are trained on text about that size; 200 dpi loses Vietnamese diacritics, more only costs
   time).
2. A slight Gaussian blur (1 px) merges scanner noise into the paper without losing
   one-pixel rulings (a median filter erases them); Otsu's threshold then separates ink from
   paper. Ruling lines are long straight runs of ink: horizontal runs of at least an inch,
   vertical runs of at least 0.3 inch (longer than any letter's stroke), with gaps of a few
   pixels bridged because scans break thin lines. Neighbouring runs are one line. Lines
   that cross each other form a table: their positions are the grid, and a missing piece of
   border between two grid cells means the cells are merged.
3. The rulings are painted over in the paper's grey before recognition: tesseract reads a
   table border as `|`, `_` or `I` and loses the words touching it. Tesseract gets the grey
   image, not our black and white: on noisy scans its own binarization and its recogniser,
   which reads grey levels, keep more of the small diacritics. `--psm 6` (one uniform block
   of text) read generated reports best: `--psm 3`/`4` split table rows into scattered
   blocks. Each thread keeps one tesseract engine (`toolkit.readers.tesseract`: tesserocr,
   else the program), limited to one thread because pages already run in parallel.
4. Words whose centre falls in a table cell fill that cell (the merged cell's first one),
   the others are grouped into lines by tesseract's (block, paragraph, line) numbers. A wide
   gap between words is kept as a tab, as for text PDFs. Lines that were wrapped are joined
   into their paragraph (`toolkit.readers.paragraphs`), as for text PDFs, and the page's
   first and last blocks are described (`OcrPage.first`, `.last`, in points) so that a
   paragraph or table going on over the page break is joined too.
5. Every table cell is read a second time, alone (`_reread_cells`): in a table row
   tesseract drops the word spaces inside cells. The Icelandic `Ð` it gives for `Đ` is
   put right.

Each block's confidence is the mean of its words' confidences (0–1), in
`OcrPage.confidences` beside `OcrPage.blocks`; the page's mean is `OcrPage.confidence`.
"""
from __future__ import annotations

import csv
import functools
import re
import shutil
import subprocess
import tempfile
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np
from PIL import Image, ImageFilter

from ..errors import ThiduaError
from ..vn.text import nfc
from .blocks import Block, Cell, Frame, Line, Table
from .paragraphs import PageEdge, TextLine, join_wrapped, joined_text
from .pdf_words import UnruledTable, cell_text, find_tables as find_unruled
from .raster import render_gray
from .tesseract import orientation, recognise

__all__ = ["DPI", "OcrPage", "check_tools", "find_rulings", "ocr_image", "ocr_page"]

DPI = 300
LANGUAGE = "vie"
PSM = 6

# Lengths in inches (× DPI for pixels).
MIN_HORIZONTAL = 1.0  # a table border is at least this wide; a letter never is
MIN_VERTICAL = 0.3  # taller than any letter stroke or bracket in body text
MIN_CELL_BORDER = 0.12  # a vertical this short is a ruling only between two horizontal ones
BRIDGE = 0.015  # gaps a scan leaves in a thin line (≈ 4 px at 300 dpi)
SAME_LINE = 0.05  # rulings this close are one (double borders, thick lines)
ERASE_MARGIN = 2  # pixels around a ruling also painted over (anti-aliased edges)
BLUR = 1.0  # Gaussian radius in pixels at 300 dpi
TAB_GAP = 2.5  # a gap wider than this many word heights is a tab
# Second reading of table cells.
CELL_PAD = 4  # pixels kept off a cell's borders
INK_CONTRAST = 60  # grey levels darker than the paper that count as ink
MIN_INK = 30  # ink pixels that make an empty-read cell worth a second look
STRIP_GAP = 60  # paper between cells in the strip (more than a line gap at 300 dpi)
SURE_NUMBER = 0.9  # confidence above which a cell read as one number is not read again
MAX_RETRIES = 300  # cells per page: bounds the strip on a page of tiny cells

INSTALL_HINT = ("Cách cài trên Debian/Ubuntu: sudo apt-get install tesseract-ocr "
                "tesseract-ocr-vie; trên Windows cài Tesseract (UB Mannheim, có gói tiếng Việt) "
                "rồi thêm vào biến PATH.")


@dataclass
class OcrPage:
    """One page as recognised: blocks top to bottom and how sure tesseract was of them."""

    page: int
    blocks: list[Block] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)  # per block, 0–1
    confidence: float | None = None  # mean word confidence of the page, 0–1
    turned: int = 0  # degrees the scan was turned (counter-clockwise) to stand upright
    first: PageEdge | None = None  # the first block, to join with the page before (points)
    last: PageEdge | None = None  # the last block, to join with the next page (points)


@functools.lru_cache(maxsize=1)
def _tools() -> tuple[str, str | None]:
    """The tesseract program and the folder of its language data."""
    tesseract = shutil.which("tesseract")
    if not tesseract:
        raise ThiduaError("cần chương trình tesseract để đọc PDF quét (OCR). " + INSTALL_HINT)
    langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True,
                           timeout=60)
    if LANGUAGE not in langs.stdout.split():
        raise ThiduaError("tesseract chưa có dữ liệu tiếng Việt (vie) để đọc PDF quét. "
                          + INSTALL_HINT)
    folder = re.search(r'"([^"]+)"', langs.stdout + langs.stderr)  # List of … in "/usr/share/…/tessdata/"
    return tesseract, folder.group(1) if folder else None


def check_tools() -> None:
    """Raise `ThiduaError` with install instructions unless tesseract (vie) works."""
    _tools()


def ocr_page(pdf: Path, number: int, *, workdir: Path, timeout: float = 120) -> OcrPage:
    """Recognise page `number` (1-based) of `pdf`; `ThiduaError` if it takes over `timeout` s."""
    check_tools()
    deadline = time.monotonic() + timeout
    gray = render_gray(pdf, number, DPI)
    return ocr_image(gray, number, workdir=workdir, deadline=deadline, timeout=timeout)


def ocr_image(gray: np.ndarray, number: int, *, workdir: Path, deadline: float | None = None,
              timeout: float = 120) -> OcrPage:
    """Recognise a grey page image (uint8, 0 = black) at `DPI`, turned upright first when it
    was scanned on its side or upside down."""
    deadline = deadline if deadline is not None else time.monotonic() + timeout
    turns, page = _upright(gray, lambda g: _recognise_page(g, number, workdir, deadline, timeout),
                           lambda p: p.confidence, workdir / f"osd-{number}.png", deadline, timeout)
    page.turned = 90 * turns
    return page


# A page fed on its side or upside down reads as noise with low confidence; only then is
# tesseract's orientation model asked which way is up (an upright page costs nothing more),
# and the turned page is kept when it reads better.
UPRIGHT_CONFIDENCE = 0.75
MIN_ORIENTATION_CONFIDENCE = 2.0  # tesseract's orientation confidence (≈14 on a clear page)

_Reading = TypeVar("_Reading")


def _upright(gray: np.ndarray, read: Callable[[np.ndarray], _Reading],
             confidence: Callable[[_Reading], float | None], scratch: Path, deadline: float,
             timeout: float) -> tuple[int, _Reading]:
    """The page's reading, and the quarter turns (`np.rot90`) it was read at: as it lies, or
    turned upright when it read badly and the turned page reads better."""
    first = read(gray)
    sure = confidence(first)
    if sure is None or sure >= UPRIGHT_CONFIDENCE:
        return 0, first
    turns = quarter_turns(gray, scratch, deadline, timeout)
    if not turns:
        return 0, first
    turned = read(np.ascontiguousarray(np.rot90(gray, turns)))
    if (confidence(turned) or 0) <= sure:
        return 0, first
    return turns, turned


def quarter_turns(gray: np.ndarray, scratch: Path, deadline: float, timeout: float) -> int:
    """How many quarter turns counter-clockwise (`np.rot90`) set the page upright: 0–3."""
    tesseract, tessdata = _tools()
    found = orientation(gray, program=tesseract, tessdata=tessdata, scratch=scratch, deadline=deadline,
                        timeout=timeout)
    if found is None or found[1] < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return (found[0] // 90) % 4


def _recognise_page(gray: np.ndarray, number: int, workdir: Path, deadline: float, timeout: float) -> OcrPage:
    gray = deskew(gray)
    smooth, paper, horizontal, vertical = _without_rulings(gray)
    words = _tesseract(smooth, workdir / f"page-{number}.png", deadline, timeout)
    grids = _tables(horizontal, vertical)
    cells, loose = _assign(words, grids)
    _reread_cells(smooth, paper, grids, cells, workdir / f"cells-{number}.png", deadline, timeout)
    return _page_blocks(number, loose, grids, cells, size=(gray.shape[1], gray.shape[0]))


def _without_rulings(gray: np.ndarray) -> tuple[np.ndarray, int, list[Segment], list[Segment]]:
    """The page a little blurred with its ruling lines painted over in the paper's grey (read
    as letters they would join the words beside them), the paper's grey, and the rulings."""
    smooth = np.array(Image.fromarray(gray).filter(ImageFilter.GaussianBlur(BLUR)))
    histogram = _histogram(smooth)
    threshold = _otsu(histogram)
    horizontal, vertical = find_rulings(smooth <= threshold)
    paper = _median(histogram, above=threshold)
    for seg in horizontal + vertical:
        smooth[max(0, seg.y0 - ERASE_MARGIN):seg.y1 + 1 + ERASE_MARGIN,
               max(0, seg.x0 - ERASE_MARGIN):seg.x1 + 1 + ERASE_MARGIN] = paper
    return smooth, paper, horizontal, vertical


# A page fed a little askew (up to a few degrees) is turned straight before its rulings are
# looked for: a ruling 1° off level climbs 40 pixels over an A4 width at 300 dpi, so it
# breaks into short runs and the table is lost, and tesseract reads the rows crossed.
MAX_SKEW = 4.0  # degrees
MIN_SKEW = 0.6  # degrees: less is left as it is (tesseract reads it; turning blurs the letters)
_SKEW_SCALE = 4  # the angle is measured on the page shrunk this many times


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned straight: the angle whose rows of ink are sharpest (text lines and
    rulings level give rows of all ink and rows of all paper)."""
    angle = skew_angle(gray)
    if abs(angle) < MIN_SKEW:
        return gray
    paper = int(np.percentile(gray, 90))
    return np.asarray(Image.fromarray(gray).rotate(angle, resample=Image.BICUBIC, fillcolor=paper))


def skew_angle(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) that turns the page's lines level."""
    small = Image.fromarray(gray).reduce(_SKEW_SCALE)
    ink = np.asarray(small) <= _otsu(_histogram(np.asarray(small)))
    if ink.mean() < 0.002:
        return 0.0
    picture = Image.fromarray((ink * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(picture.rotate(angle, resample=Image.NEAREST)).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    fine = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1), key=sharpness)
    return round(float(fine), 2)


def _tesseract(image: np.ndarray, path: Path, deadline: float, timeout: float) -> list[_Word]:
    tesseract, tessdata = _tools()
    return _words(recognise(image, program=tesseract, tessdata=tessdata, language=LANGUAGE, psm=PSM,
                            dpi=DPI, scratch=path, deadline=deadline, timeout=timeout))


# ---------------------------------------------------------------------------------------------
# Ink and rulings.

def _histogram(gray: np.ndarray) -> np.ndarray:
    """How many pixels have each grey level (PIL counts in C, without numpy's int64 copy)."""
    return np.asarray(Image.fromarray(gray).histogram(), dtype=np.float64)


def _median(hist: np.ndarray, above: int) -> int:
    """The median grey level of the pixels lighter than `above` (the paper); white if none."""
    paper = hist[above + 1:]
    if not paper.sum():
        return 255
    return above + 1 + int(np.searchsorted(np.cumsum(paper), paper.sum() / 2))


def _otsu(hist: np.ndarray) -> int:
    """Otsu's threshold: the grey level that best separates ink from paper."""
    weight = np.cumsum(hist)
    total = weight[-1]
    mass = np.cumsum(hist * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mass[-1] * weight / total - mass) ** 2 / (weight * (total - weight))
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


@dataclass
class Segment:
    """A ruling line in pixels: x0..x1 × y0..y1 inclusive."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y(self) -> float:
        return (self.y0 + self.y1) / 2


def _runs(ink: np.ndarray, min_length: int, bridge: int) -> np.ndarray:
    """Runs of ink along each row, gaps up to `bridge` pixels bridged: rows of (row, start, end)."""
    height, width = ink.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    step = np.diff(padded, axis=1)
    # One pass over the page: each run's start and then its end, row after row.
    changes = np.flatnonzero(step)
    rows, starts = np.divmod(changes[0::2], width + 1)
    ends = changes[1::2] % (width + 1)  # exclusive
    if not len(rows):
        return np.empty((0, 3), dtype=np.int64)
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (rows[1:] != rows[:-1]) | (starts[1:] - ends[:-1] > bridge)
    first = np.flatnonzero(new)
    last = np.append(first[1:] - 1, len(rows) - 1)
    runs = np.stack([rows[first], starts[first], ends[last] - 1], axis=1)
    return runs[runs[:, 2] - runs[:, 1] + 1 >= min_length]


def _segments(runs: np.ndarray, same: int) -> list[tuple[int, int, int, int]]:
    """Runs in neighbouring rows that overlap are one line: (row0, row1, start, end)."""
    segments: list[list[int]] = []
    for row, start, end in sorted(map(tuple, runs.tolist())):
        for seg in reversed(segments):
            if seg[1] < row - same:
                continue
            overlap = min(seg[3], end) - max(seg[2], start)
            if overlap >= 0.5 * min(seg[3] - seg[2], end - start):
                seg[1] = row
                seg[2], seg[3] = min(seg[2], start), max(seg[3], end)
                break
        else:
            segments.append([row, row, start, end])
    return [tuple(seg) for seg in segments]


def find_rulings(ink: np.ndarray, dpi: int = DPI) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical ruling lines in a binarized page (True = ink).

    A vertical shorter than `MIN_VERTICAL` is a ruling too when it runs from one horizontal
    ruling to another: the borders between the cells of a one-line row (a header above a
    full-width `I. TẬP THỂ` row, which breaks the long verticals) are that short. A letter's
    stroke never joins two table borders.
    """
    bridge = max(1, round(BRIDGE * dpi))
    same = max(2, round(SAME_LINE * dpi) // 3)
    horizontal = [Segment(x0=s, y0=r0, x1=e, y1=r1) for r0, r1, s, e in
                  _segments(_runs(ink, round(MIN_HORIZONTAL * dpi), bridge), same)]
    runs = _runs(np.ascontiguousarray(ink.T), round(MIN_CELL_BORDER * dpi), bridge)
    long = runs[:, 2] - runs[:, 1] + 1 >= round(MIN_VERTICAL * dpi)
    runs = np.concatenate([runs[long], _joining(runs[~long], horizontal, bridge)])
    vertical = [Segment(x0=r0, y0=s, x1=r1, y1=e) for r0, r1, s, e in
                _segments(runs, same)]
    return horizontal, vertical


def _joining(runs: np.ndarray, horizontal: list[Segment], reach: int) -> np.ndarray:
    """The vertical runs (x, top, bottom) whose two ends touch horizontal rulings (within
    `reach` pixels: the gap a scan leaves in a thin line)."""
    if not len(runs) or len(horizontal) < 2:
        return runs[:0]
    y0s = np.array([h.y0 for h in horizontal]) - reach
    y1s = np.array([h.y1 for h in horizontal]) + reach
    x0s = np.array([h.x0 for h in horizontal]) - reach
    x1s = np.array([h.x1 for h in horizontal]) + reach

    def on_a_ruling(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        touching = (y0s[None, :] <= y[:, None]) & (y[:, None] <= y1s[None, :])  # runs × rulings
        across = (x0s[None, :] <= x[:, None]) & (x[:, None] <= x1s[None, :])
        return (touching & across).any(axis=1)

    x = runs[:, 0]
    return runs[on_a_ruling(x, runs[:, 1]) & on_a_ruling(x, runs[:, 2])]


# ---------------------------------------------------------------------------------------------
# Tables from rulings.

@dataclass
class _Grid:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    owner: dict[tuple[int, int], tuple[int, int]]  # grid cell → the merged cell's first cell

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x < self.xs[-1] and self.ys[0] <= y < self.ys[-1]):
            return None
        return self.owner[(bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1)]

    def regions(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        """Each (merged) cell's box in pixels: x0, y0, x1, y1."""
        boxes: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for (r, c), cell in self.owner.items():
            x0, y0 = int(self.xs[c]), int(self.ys[r])
            x1, y1 = int(self.xs[c + 1]), int(self.ys[r + 1])
            if cell in boxes:
                a, b, e, f = boxes[cell]
                x0, y0, x1, y1 = min(a, x0), min(b, y0), max(e, x1), max(f, y1)
            boxes[cell] = (x0, y0, x1, y1)
        return boxes


def _cluster(values: list[float], tolerance: float) -> list[float]:
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] <= tolerance:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(group) / len(group) for group in out]


def _tables(horizontal: list[Segment], vertical: list[Segment], dpi: int = DPI) -> list[_Grid]:
    """Crossing rulings → grids; a table needs two rulings each way and two cells."""
    tol = SAME_LINE * dpi
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.x0 - tol <= v.x <= h.x1 + tol and v.y0 - tol <= h.y <= v.y1 + tol:
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(v)
    grids = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        grid = _grid(hs, vs, tol)
        if len(set(grid.owner.values())) >= 2:
            grids.append(grid)
    return grids


def _grid(hs: list[Segment], vs: list[Segment], tol: float) -> _Grid:
    ys = _cluster([h.y for h in hs] + [min(v.y0 for v in vs), max(v.y1 for v in vs)], tol)
    xs = _cluster([v.x for v in vs] + [min(h.x0 for h in hs), max(h.x1 for h in hs)], tol)

    # A border between two cells runs along most of them: a ruling that only reaches into
    # a cell (bridged to a letter touching its end) does not split it.
    def vertical_border(x: float, top: float, bottom: float) -> bool:
        return _covered([(v.y0, v.y1) for v in vs if abs(v.x - x) <= tol], top, bottom)

    def horizontal_border(y: float, left: float, right: float) -> bool:
        return _covered([(h.x0, h.x1) for h in hs if abs(h.y - y) <= tol], left, right)

    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while parent[cell] != cell:
            cell = parent[cell]
        return cell

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the first cell (top-left) owns the region

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not vertical_border(xs[c + 1], ys[r], ys[r + 1]):
                union((r, c), (r, c + 1))
            if r + 1 < rows and not horizontal_border(ys[r + 1], xs[c], xs[c + 1]):
                union((r, c), (r + 1, c))
    return _Grid(xs, ys, {cell: find(cell) for cell in parent})


BORDER_COVER = 0.6  # share of a cell's side a ruling runs along to be its border


def _covered(spans: list[tuple[int, int]], start: float, end: float) -> bool:
    """Whether the spans (a line's pieces; a scan breaks thin lines) run along at least
    `BORDER_COVER` of start..end."""
    covered = sum(max(0, min(b, end) - max(a, start)) for a, b in spans)
    return covered >= BORDER_COVER * (end - start)


# ---------------------------------------------------------------------------------------------
# Words → blocks.

# Tesseract gives the Icelandic eth for the Vietnamese Đ, which it draws alike.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


@dataclass
class _Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float  # 0–1
    line: tuple[int, int, int]  # tesseract's (block, paragraph, line)

    @property
    def centre(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2


def _words(tsv: str) -> list[_Word]:
    """Tesseract's TSV rows of level 5 (words), in its reading order."""
    words = []
    reader = csv.reader(tsv.splitlines(), delimiter="\t",
                        quoting=csv.QUOTE_NONE)
    for row in reader:
        if len(row) < 12 or row[0] != "5":
            continue
        text = nfc(row[11].strip()).translate(_ETH)
        conf = float(row[10])
        if not text or conf < 0:
            continue
        if not any(ch.isalnum() for ch in text) and conf < 40:
            continue  # specks and leftovers of rulings read as `|` `_` `—`
        words.append(_Word(text, int(row[6]), int(row[7]), int(row[8]), int(row[9]),
                           conf / 100, (int(row[2]), int(row[3]), int(row[4]))))
    return words


def _join(words: list[_Word]) -> str:
    """Words of one line, left to right, a tab where the gap is a column's."""
    words = sorted(words, key=lambda w: w.left)
    height = sorted(w.height for w in words)[len(words) // 2]
    out = [words[0].text]
    for prev, word in zip(words, words[1:]):
        gap = word.left - (prev.left + prev.width)
        out.append("\t" if gap > TAB_GAP * height else " ")
        out.append(word.text)
    return "".join(out)


def _lines(words: list[_Word]) -> list[list[_Word]]:
    by_line: dict[tuple[int, int, int], list[_Word]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    return sorted(by_line.values(), key=lambda ws: min(w.top for w in ws))


def _paragraphs(loose: list[_Word], grids: list[_Grid], width: int) -> tuple[list[list[TextLine]], float]:
    """The loose words' lines, those a word processor wrapped joined into their paragraph.

    Word boxes are the ink: a letter's em is estimated from the page's typical word height
    (ascender to descender is about four fifths of the font size)."""
    lines = _lines(loose)
    if not lines:
        return [], float(width)
    em = _em(loose)
    boxes = []
    for line in lines:
        ordered = sorted(line, key=lambda w: w.left)
        boxes.append(TextLine(_join(line), x0=ordered[0].left, x1=max(w.left + w.width for w in line),
                              top=min(w.top for w in line), bottom=max(w.top + w.height for w in line),
                              em=em, first_word=ordered[0].width, extra=line))
    right = max(max(b.x1 for b in boxes), width - min(b.x0 for b in boxes))
    return join_wrapped(boxes, right, breaks=tuple(grid.ys[0] for grid in grids)), right


def _cell_text(words: list[_Word], room: float = float("inf")) -> str:
    """A cell's lines joined; `room` is the width its text can take (a word longer than that
    was broken by the word processor and is joined without a space: `CBCCV` / `CLĐ`)."""
    out = ""
    previous: list[_Word] | None = None
    for line in _lines(words):
        text = _join(line)
        if previous is not None:
            out += "" if _broken_word(previous, line, room) else " "
        out += text
        previous = line
    # Rulings are erased before recognition, so a bar left in a cell is a letter: the Roman
    # one of a section number (`I`), which a serif font draws as a plain stroke.
    return " ".join("I" if word == "|" else word for word in out.split())


def _broken_word(previous: list[_Word], line: list[_Word], room: float) -> bool:
    if len(previous) != 1:
        return False
    first = min(line, key=lambda w: w.left)
    return previous[0].width + first.width / max(len(first.text), 1) > room


def _mean(words: list[_Word]) -> float:
    return sum(w.conf for w in words) / len(words)


_Cells = dict[tuple[int, int], list[_Word]]  # a table's words by (merged) cell


def _assign(words: list[_Word], grids: list[_Grid]) -> tuple[list[_Cells], list[_Word]]:
    """Words whose centre is in a table cell go to that cell; the others are loose."""
    cells: list[_Cells] = [{} for _ in grids]
    loose: list[_Word] = []
    for word in words:
        for grid, content in zip(grids, cells):
            cell = grid.cell_at(*word.centre)
            if cell is not None:
                content.setdefault(cell, []).append(word)
                break
        else:
            loose.append(word)
    return cells, loose


def _reread_cells(image: np.ndarray, paper: int, grids: list[_Grid], cells: list[_Cells],
                  path: Path, deadline: float, timeout: float) -> None:
    """Read every cell again, alone, and keep the better reading.

    On a whole page tesseract misreads short lone cell values (a `3` in the STT column came
    back as `KỘ` with confidence 0) and sometimes drops them; and on a table row, where the
    gaps between cells are wide, it takes the word spaces inside a cell for no space at all
    (`Họ vàtên`, `Hìnhthức`, `SốLĐTT`), with good confidence. Cut out, without the words
    around them, they read right. The cells of a page are stacked into one strip with paper
    between them, so the second pass is one more tesseract run, not one per cell.
    """
    doubtful: list[tuple[_Cells, tuple[int, int], tuple[int, int, int, int]]] = []
    for grid, content in zip(grids, cells):
        for cell, (x0, y0, x1, y1) in grid.regions().items():
            words = content.get(cell, [])
            inner = image[y0 + CELL_PAD:y1 - CELL_PAD, x0 + CELL_PAD:x1 - CELL_PAD]
            if inner.size == 0:
                continue
            if _sure_number(words):
                continue
            has_ink = int((inner < paper - INK_CONTRAST).sum()) >= MIN_INK
            if words or has_ink:
                doubtful.append((content, cell, (x0 + CELL_PAD, y0 + CELL_PAD,
                                                 x1 - CELL_PAD, y1 - CELL_PAD)))
    if not doubtful:
        return
    doubtful = doubtful[:MAX_RETRIES]
    width = max(x1 - x0 for _, _, (x0, _, x1, _) in doubtful) + 2 * STRIP_GAP
    height = sum(y1 - y0 + STRIP_GAP for _, _, (_, y0, _, y1) in doubtful) + STRIP_GAP
    strip = np.full((height, width), paper, dtype=np.uint8)
    places = []  # (strip top, strip bottom, page x0 - strip x, page y0 - strip top)
    top = STRIP_GAP
    for _, _, (x0, y0, x1, y1) in doubtful:
        strip[top:top + y1 - y0, STRIP_GAP:STRIP_GAP + x1 - x0] = image[y0:y1, x0:x1]
        places.append((top, top + y1 - y0, x0 - STRIP_GAP, y0 - top))
        top += y1 - y0 + STRIP_GAP
    again: list[list[_Word]] = [[] for _ in doubtful]
    for word in _tesseract(strip, path, deadline, timeout):
        cy = word.top + word.height / 2
        for i, (start, end, dx, dy) in enumerate(places):
            if start <= cy < end:
                word.left += dx
                word.top += dy
                again[i].append(word)
                break
    for (content, cell, _), words in zip(doubtful, again):
        before = content.get(cell, [])
        if words and (not before or _mean(words) > _mean(before)):
            content[cell] = words


_NUMBER = re.compile(r"[\d.,/%-]+")


def _sure_number(words: list[_Word]) -> bool:
    """A cell read on the page as one number, surely: it has no word spaces to lose, and
    alone it would read the same (most cells of a scoring table or a list's STT column)."""
    return len(words) == 1 and words[0].conf >= SURE_NUMBER and bool(_NUMBER.fullmatch(words[0].text))


def _padding(boxes: dict[tuple[int, int], tuple[int, int, int, int]], content: _Cells) -> float:
    """The space cells keep between their left border and their text: the least seen in the
    table, at most half an em (a centred cell says nothing of it); a typical word's ink is
    about four fifths of an em high."""
    gaps = [min(w.left for w in words) - boxes[cell][0] for cell, words in content.items()
            if words and cell in boxes]
    if not gaps:
        return 0.0
    return max(0.0, min(min(gaps), 0.5 * _em([w for words in content.values() for w in words])))


def _em(words: list[_Word]) -> float:
    """A letter's em from the words' typical height (their ink, ascender to descender, is
    about four fifths of the font size)."""
    heights = sorted(w.height for w in words)
    return heights[len(heights) // 2] / 0.8


def _unruled(loose: list[_Word]) -> tuple[list[UnruledTable], list[_Word]]:
    """Tables printed without borders among the loose words (`pdf_words`, the text PDF's way:
    columns from where the words of many lines start), and the words left outside them.

    Each word is handed over as glyphs in points, its box shared evenly among its letters,
    a space between words, all of a line's as high as the line; a glyph keeps its word (`"word"`) for the cell's text. As on a text
    page, only a page where three lines have a wide gap in them is looked at."""
    lines = _lines(loose)
    if sum("\t" in _join(line) for line in lines) < 3:
        return [], loose
    size = _em(loose) * 72 / DPI
    visual = [_glyphs(sorted(line, key=lambda w: w.left), size) for line in lines]
    tables = [t for t in find_unruled(visual)
              if _columns_used(t) and (_headed(t) or not any(_wordy(line) for line in lines[:t.first]))]
    taken = {id(w) for t in tables for line in lines[t.first:t.last + 1] for w in line}
    return tables, [w for w in loose if id(w) not in taken]


def _cell_texts(row) -> list[str]:
    return [" ".join(w.text for line in cell for w in _words_of(line)) for cell in row]


def _headed(table: UnruledTable) -> bool:
    """A scan's table without borders is taken under its column headings, all filled and
    short (`STT | Họ và tên | Chức vụ`), or at the top of a page (going on from the page
    before, where it had them)."""
    head = _cell_texts(table.rows[0])
    return all(head) and all(len(t.split()) <= 8 and any(ch.isalpha() for ch in t) for t in head)


def _columns_used(table: UnruledTable) -> bool:
    """Every column holds text in most rows: specks and a watermark in the margin do not make
    a numbered paragraph list (`2. Trường …`) a table."""
    body = [cells for cells in map(_cell_texts, table.rows[1:]) if sum(map(bool, cells)) >= 2]
    return bool(body) and all(2 * sum(bool(cells[k]) for cells in body) >= len(body)
                              for k in range(len(table.rows[0])))


def _wordy(line: list[_Word]) -> bool:
    """A line with a word in it (not a page number, a speck)."""
    return any(sum(ch.isalpha() for ch in w.text) >= 3 for w in line)


def _glyphs(line: list[_Word], size: float) -> list[dict]:
    k = 72 / DPI
    out: list[dict] = []
    # A line's glyphs share its height, as a font's do on a text page (ink boxes differ with
    # the letters: `Xuân` stands higher than `viên`).
    top, bottom = min(w.top for w in line) * k, max(w.top + w.height for w in line) * k
    for word in line:
        if out:
            out.append({"text": " ", "x0": out[-1]["x1"], "x1": word.left * k, "top": top, "bottom": bottom,
                        "size": size, "upright": True, "word": None})
        n = max(len(word.text), 1)
        for i, letter in enumerate(word.text or " "):
            out.append({"text": letter, "x0": (word.left + word.width * i / n) * k,
                        "x1": (word.left + word.width * (i + 1) / n) * k, "top": top, "bottom": bottom,
                        "size": size, "upright": True, "word": word})
    return out


def _words_of(chars: list[dict]) -> list[_Word]:
    return list({id(c["word"]): c["word"] for c in chars if c["word"] is not None}.values())


def _page_blocks(number: int, loose: list[_Word], grids: list[_Grid],
                 cells: list[_Cells], size: tuple[int, int]) -> OcrPage:
    width, height = size
    points = 72 / DPI
    unruled, loose = _unruled(loose)
    groups, right = _paragraphs(loose, grids, width)
    # Where the text area ends at the bottom: as far from the bottom as it starts from the top.
    floor = height - min([g[0].top for g in groups] + [grid.ys[0] for grid in grids], default=0)
    placed: list[tuple[float, Block, float, PageEdge, PageEdge]] = []
    for group in groups:
        words = [w for line in group for w in line.extra]
        text = joined_text([line.text for line in group])
        placed.append((group[0].top, Line(text=text, page=number, ocr=True, confidence=_mean(words)),
                       _mean(words), PageEdge(line=_in_points(group[0]), right=right * points),
                       PageEdge(line=_in_points(group[-1]), right=right * points,
                                room=(floor - group[-1].bottom) * points)))
    inside: list[_Word] = []
    for grid, content in zip(grids, cells):
        rows = []
        boxes = grid.regions()
        pad = _padding(boxes, content)
        for r in range(len(grid.ys) - 1):
            rows.append([Cell(text=_cell_text(content.get((r, c), []),
                                              boxes[(r, c)][2] - boxes[(r, c)][0] - 2 * pad
                                              if (r, c) in boxes else float("inf")),
                              above=grid.owner[(r, c)][0] < r and grid.owner[(r, c)][1] == c)
                         for c in range(len(grid.xs) - 1)])
        words = [w for ws in content.values() for w in ws]
        inside += words
        conf = _mean(words) if words else 0.0
        columns = tuple(x * points for x in grid.xs)
        frame = Frame(rows=tuple((a * points, b * points) for a, b in zip(grid.ys, grid.ys[1:])),
                      columns=columns, scanned=True)
        placed.append((grid.ys[0], Table(rows=rows, page=number, ocr=True, confidence=conf, frame=frame), conf,
                       PageEdge(columns=columns, first_row=(grid.ys[1] - grid.ys[0]) * points),
                       PageEdge(columns=columns, room=(floor - grid.ys[-1]) * points)))
    for t in unruled:
        rows = [[Cell(text=cell_text(cell, lambda chars: " ".join(w.text for w in _words_of(chars))))
                 for cell in row] for row in t.rows]
        words = [w for row in t.rows for cell in row for line in cell for w in _words_of(line)]
        inside += words
        conf = _mean(words) if words else 0.0
        inner = t.edges[:-1]  # the right edge moves with the longest text: not compared
        placed.append((t.top / points, Table(rows=rows, page=number, ocr=True, confidence=conf), conf,
                       PageEdge(columns=inner, first_row=t.first_row, unruled=True),
                       PageEdge(columns=inner, room=floor * points - t.bottom, unruled=True)))
    placed.sort(key=lambda item: item[0])
    every = loose + inside
    return OcrPage(page=number, blocks=[item[1] for item in placed],
                   confidences=[item[2] for item in placed],
                   confidence=_mean(every) if every else None,
                   first=placed[0][3] if placed else None, last=placed[-1][4] if placed else None)


def _in_points(line: TextLine) -> TextLine:
    k = 72 / DPI
    return TextLine(line.text, x0=line.x0 * k, x1=line.x1 * k, top=line.top * k, bottom=line.bottom * k,
                    em=line.em * k, first_word=line.first_word * k, bold=line.bold)


def word_boxes(gray: np.ndarray, *, timeout: float = 120) -> tuple[int, list[tuple[str, float, float, float, float]]]:
    """The words tesseract reads on a grey page at `DPI`, rulings painted over as for reading,
    as `(text, x0, top, x1, bottom)` in the pixels of the page turned upright, and the quarter
    turns (`np.rot90`) that did it (the review page shows a scan fed on its side upright, and
    marks where a record was read on it)."""
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="thidua-ocr-") as tmp:
        turns, words = _upright(gray, lambda g: _tesseract(_without_rulings(g)[0], Path(tmp) / "page.png", deadline,
                                                            timeout),
                                lambda ws: _mean(ws) if ws else None, Path(tmp) / "osd.png", deadline, timeout)
    return turns, [(w.text, w.left, w.top, w.left + w.width, w.top + w.height) for w in words]

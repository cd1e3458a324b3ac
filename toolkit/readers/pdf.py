"""PDF → blocks: text pages through their text layer, scanned pages through OCR.

A PDF page holds no paragraphs or tables, only glyphs drawn at positions, ruling lines and
images. Reading one is therefore rebuilding what a person sees:

- Characters come from pdfminer as `(text, font, size, box)` (`pdf_glyphs`) and
  become visual lines in `pdf_chars` (fake bold, word spaces, tab stops); fonts without a
  Unicode map or in the pre-Unicode encodings are `pdf_fonts`' business.
- Tables are found from their ruling lines (`find_tables` with the "lines" strategy, each
  one a `pdf_grid.Grid` that collects the characters of its cells). One
  search serves both the table cells and leaving the table's text out of the lines. A
  merged cell's text is in its first (top-left) cell, `""` in the others. A single framed
  box is a bordered paragraph, not a table, and is read as lines.
- Text outside tables becomes visual lines, top to bottom, and the lines a word processor
  wrapped are joined back into their paragraph (`toolkit.readers.paragraphs`), also across
  a page break, so one `Line` is one paragraph as in a .docx. A wide gap on a line (a tab
  stop, or the two halves of an official header, `CÔNG ĐOÀN …` on the left and `CỘNG HÒA …`
  on the right) is kept as a tab, so the halves stay apart and the row stays together. A
  line is `style="bold"` when every character is in a bold font or fake bold.
- A table that runs on over a page break is one table: the part on the next page, with the
  same columns, is appended, and a row the break cut in two is joined again. Inside a cell,
  a word too long for the column that the word processor broke (`CBCCV` / `CLĐ`) is joined
  without a space.
- Text is NFC (PDFs often hold decomposed letters or loose combining marks). Text typed in
  the pre-Unicode Vietnamese encodings is decoded: from the font name where it survives
  (`.VnTime` → TCVN3, `VNI-Times` → VNI), else by `toolkit.vn.legacy.detect` on the page.

A page is sent to OCR (`toolkit.readers.ocr`) when its text layer is unusable: no
characters at all (a scan), mostly glyphs without Unicode meaning (pdfminer's `(cid:NN)`,
U+FFFD, private-use code points: fonts embedded without a ToUnicode map), or a handful of
characters over a big image (a scan with a stamp or a "scanned by" line on top).

A file pdfminer finds broken or empty (a cross-reference table with wrong offsets, no
table at all) is saved again by PDFium, which rebuilds the table from the objects it finds,
and read once more; only when that fails too is the file reported as damaged.

Memory stays bounded on long files: pages are parsed one at a time and dropped, and only
the small blocks are kept.
"""
from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Callable, Iterator

import pypdfium2 as pdfium
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page as _PlumberPage
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import ThiduaError
from . import ocr as ocr_engine
from .blocks import Block, Cell, Frame, Line, ReadFile, Table
from .ocr import OcrPage
from .raster import LOCK as pdfium_lock
from .pdf_chars import cell_pieces, clean, dedupe_chars, is_bold, line_pieces, right_edge, text_line, visual_lines
from .pdf_glyphs import GlyphDevice, char_dict
from .pdf_fonts import FontDecoder, decode_detected, unreadable_text
from .pdf_grid import Grid
from .paragraphs import PageEdge, TextLine, join_pages, join_sheet_pages, join_wrapped, joined_text
from .pdf_words import cell_text, find_tables as find_unruled

__all__ = ["OCR_MODES", "NotSplittable", "PageRange", "dedupe_chars", "join_pages_read", "read_pages", "read_pdf",
           "scanned_pages", "unreadable_text"]  # the last two from pdf_chars, pdf_fonts

# pdfminer logs a warning, in English, for every oddity of a damaged file ("Cannot render
# horizontal string …"); with no logging set up Python prints them on the terminal. What
# matters reaches the user as a note or an error in Vietnamese.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

OCR_MODES = ("auto", "always", "never")

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

# When a text layer is not worth reading.
FEW_CHARS = 40  # fewer visible characters than this over a big image: a scan with a stamp
BIG_IMAGE = 0.30  # share of the page an image must cover to be a scan
OUTLINED_TEXT_CURVES = 200  # text converted to outlines is drawn as many curves

def read_pdf(path: Path, *, ocr: str = "auto", jobs: int = 1, timeout: float = 120,
             on_page: Callable[[int], None] | None = None) -> ReadFile:
    """Read a PDF, text or scanned, into `Line` and `Table` blocks in reading order.

    `ocr`: `auto` reads a page by OCR only when its text layer is unusable, `always` reads
    every page by OCR, `never` reads text layers only (pages without one are skipped with a
    note). `jobs` pages are recognised at once; `timeout` seconds is the limit for one page's
    OCR, after which that page is skipped with a note and the rest goes on. `on_page` is
    called with a page's number when it is read (an OCR page when recognised). Problems with the
    file itself (not a PDF, password-protected, damaged beyond repair, nothing to read) raise
    `ThiduaError` naming the file.
    """
    path = Path(path)
    if ocr not in OCR_MODES:
        raise ThiduaError(f"chế độ OCR '{ocr}' không hợp lệ: chọn auto, always hoặc never",
                          file=str(path))
    _check_is_pdf(path)
    try:
        return _read_pdf(path, ocr, jobs, timeout, on_page)
    except ThiduaError as exc:
        if exc.message not in (_BROKEN, NOTHING_TO_READ):
            raise
        repaired = _read_repaired(path, ocr, jobs, timeout, on_page)
        if repaired is None:
            raise
        return repaired


def _read_repaired(path: Path, ocr: str, jobs: int, timeout: float,
                   on_page: Callable[[int], None] | None) -> ReadFile | None:
    """The file read again after PDFium rebuilt its structure, or None when that does not help.

    A cross-reference table with wrong offsets (a file edited by a careless tool, or cut
    and patched) leaves pdfminer with no objects or empty pages; PDFium scans the file for
    its objects when the table is wrong, and saving its copy writes a correct table.
    """
    with TemporaryDirectory(prefix="thidua-pdf-") as work:
        copy = Path(work) / "sua.pdf"
        with pdfium_lock:
            try:
                document = pdfium.PdfDocument(str(path))
            except pdfium.PdfiumError:
                return None
            try:
                document.save(str(copy))
            except (pdfium.PdfiumError, OSError):
                return None
            finally:
                document.close()
        try:
            result = _read_pdf(copy, ocr, jobs, timeout, on_page)
        except ThiduaError:
            return None
    result.path = path
    result.notes.insert(0, "tệp PDF có bảng tham chiếu chéo bị hỏng; đã dựng lại để đọc. Nên xuất lại "
                           "tệp PDF (In ra PDF) cho lần sau.")
    return result


def _read_pdf(path: Path, ocr: str, jobs: int, timeout: float,
              on_page: Callable[[int], None] | None) -> ReadFile:
    return join_pages_read(path, [read_pages(path, ocr=ocr, jobs=jobs, timeout=timeout, on_page=on_page)])


@dataclass
class PageRange:
    """Pages `first`..`last` of a PDF as read, not yet joined: a whole file is one range, and a
    long scan on a cluster is several, read by several workers and joined in page order by
    `join_pages_read` (docs/design.md, *Architecture*)."""

    first: int
    last: int = 0  # the last page read (0: none)
    pages: list[list[Block]] = field(default_factory=list)  # each text page's blocks; [] for OCR pages
    edges: list[tuple[PageEdge | None, PageEdge | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # from reading the pages, in page order
    ocr: dict[int, tuple[str, OcrPage | str]] = field(default_factory=dict)  # number → (why, page or error)
    has_content: bool = False
    failed: list[ThiduaError] = field(default_factory=list)
    legacy: str | None = None
    end_of_file: bool = False  # no page after `last`
    broken_tree: bool = False  # the page tree ended in an error (a note says from which page)


class NotSplittable(Exception):
    """A range cannot be read alone: the page before it is a text page, whose last block the
    first page of the range may continue. The file is read whole instead."""


def read_pages(path: Path, first: int = 1, last: int | None = None, *, ocr: str = "auto", jobs: int = 1,
               timeout: float = 120, on_page: Callable[[int], None] | None = None) -> PageRange:
    """Read pages `first`..`last` (all to the end by default) of a PDF, OCR pages recognised
    `jobs` at a time; `join_pages_read` makes the file of them."""
    result = PageRange(first)
    tree: list[str] = []  # where the page tree broke, if it did
    with open(path, "rb") as stream, _OcrQueue(path, jobs, timeout) as queue:
        pdf = _open_pdf(stream, path)
        result.end_of_file = True
        for number, page_obj in _pages(pdf, path, tree, on_page if first == 1 else None):
            if number < first - 1:
                continue
            if number == first - 1:  # only to know it is not a text page the range goes on from
                content = _read_objects_safe(pdf, page_obj, number, path)
                if content is not None and content.blocks and not _to_ocr(ocr, content):
                    raise NotSplittable(number)
                continue
            if last is not None and number > last:
                result.end_of_file = False
                break
            _read_one(pdf, page_obj, number, path, ocr, result, queue)
            if on_page and first > 1:
                on_page(number)
        result.notes += tree
        result.broken_tree = bool(tree)
        for number, future in queue.pending.items():
            try:
                result.ocr[number] = (queue.reasons[number], future.result())
            except ThiduaError as exc:  # this page's tool failed or ran out of time
                result.ocr[number] = (queue.reasons[number], exc.message)
            finally:
                if on_page:
                    on_page(number)
    return result


def _read_objects_safe(pdf: PDF, page_obj: PDFPage, number: int, path: Path) -> _PageContent | None:
    try:
        return _read_page(pdf, page_obj, number, path)
    except ThiduaError:
        return None


def _to_ocr(ocr: str, content: _PageContent) -> bool:
    return bool((ocr == "auto" and content.ocr_reason) or (ocr == "always" and content.has_content))


def _read_one(pdf: PDF, page_obj: PDFPage, number: int, path: Path, ocr: str, result: PageRange,
              queue: "_OcrQueue") -> None:
    """One page into `result`: its blocks, or a place kept for its OCR."""
    result.last = number
    try:
        # An unruled table ending the page before may go on here, even for a few lines.
        last = result.edges[-1][1] if result.edges else None
        content = _read_page(pdf, page_obj, number, path, last.columns if last and last.unruled else None)
    except ThiduaError as exc:  # one damaged page: say so and read the others
        result.notes.append(f"Trang {number}: {exc.message}; đã bỏ qua trang này.")
        result.failed.append(exc)
        result.pages.append([])
        result.edges.append((None, None))
        return
    result.has_content |= content.has_content
    if content.ocr_reason and ocr == "never":
        result.notes.append(_never_note(number, content.ocr_reason))
    if _to_ocr(ocr, content):
        queue.submit(number, content.ocr_reason or "theo yêu cầu OCR = always")
        result.pages.append([])
        result.edges.append((None, None))
        return
    result.legacy = result.legacy or content.legacy
    result.pages.append(content.blocks)
    result.edges.append((content.first, content.last))


def join_pages_read(path: Path, ranges: list[PageRange]) -> ReadFile:
    """The file of its page ranges (in page order): OCR pages put in their place, paragraphs
    and tables going on over a page break joined, notes in page order."""
    result = ReadFile(path=path, kind="pdf")
    pages: list[list[Block]] = []
    edges: list[tuple[PageEdge | None, PageEdge | None]] = []
    recognised: dict[int, tuple[str, OcrPage | str]] = {}
    for part in ranges:
        pages += part.pages
        edges += part.edges
        result.notes += part.notes
        recognised.update(part.ocr)
        result.legacy_encoding = result.legacy_encoding or part.legacy
    result.pages = len(pages)
    if not any(part.has_content for part in ranges):
        failed = [exc for part in ranges for exc in part.failed]
        if failed:
            raise failed[0]
        raise ThiduaError(NOTHING_TO_READ, file=str(path))
    _collect_ocr(result, pages, edges, recognised)
    result.blocks = join_sheet_pages(pages, edges)
    return result


def scanned_pages(path: Path) -> int:
    """How many pages the PDF has when none has a text layer worth the name (fewer than
    `FEW_CHARS` characters: a scan, perhaps stamped "scanned by"), else 0. PDFium answers in
    milliseconds a page; the readers still decide each page, this only says whether the file
    is worth reading in page ranges."""
    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError):
            return 0
        try:
            for page in document:
                try:
                    if page.get_textpage().count_chars() >= FEW_CHARS:
                        return 0
                finally:
                    page.close()
            return len(document)
        finally:
            document.close()


class _OcrQueue:
    """Pages waiting for OCR, recognised `jobs` at a time while the text pages are read.

    The tools are checked, and the thread pool and scratch folder made, at the first page
    that needs them, so a text PDF never depends on tesseract.
    """

    def __init__(self, path: Path, jobs: int, timeout: float):
        self.path, self.jobs, self.timeout = path, max(1, jobs), timeout
        self.pending: dict[int, Future] = {}  # page number → its OcrPage
        self.reasons: dict[int, str] = {}  # page number → why it is read by OCR
        self._stack = ExitStack()
        self._executor: ThreadPoolExecutor | None = None
        self._workdir: Path | None = None

    def submit(self, number: int, reason: str) -> None:
        self.reasons[number] = reason
        if self._executor is None:
            try:
                ocr_engine.check_tools()
            except ThiduaError as exc:
                raise exc.at(file=str(self.path), page=number) from None
            self._workdir = Path(self._stack.enter_context(TemporaryDirectory(prefix="thidua-ocr-")))
            self._executor = ThreadPoolExecutor(max_workers=self.jobs)
            self._stack.callback(self._executor.shutdown, cancel_futures=True)
        self.pending[number] = self._executor.submit(
            ocr_engine.ocr_page, self.path, number, workdir=self._workdir, timeout=self.timeout)

    def __enter__(self) -> "_OcrQueue":
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()  # waits for running pages, drops queued ones, removes the images


# ---------------------------------------------------------------------------------------------
# Opening the file.

def _check_is_pdf(path: Path) -> None:
    """A clear message for the usual wrong files, before pdfminer tries to parse them."""
    if not path.is_file():
        raise ThiduaError("không tìm thấy tệp PDF", file=str(path))
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        raise ThiduaError("tệp rỗng (0 byte), không phải PDF", file=str(path))
    if b"%PDF-" in head:
        return
    if head.startswith(b"PK\x03\x04"):
        hint = "tệp này là tệp nén (thường là .docx hoặc .xlsx) bị đặt đuôi .pdf: đổi lại đuôi tệp"
    elif head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*")):
        hint = "tệp này là ảnh (JPEG/PNG/TIFF), không phải PDF: chuyển ảnh sang PDF rồi đọc lại"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        hint = "tệp này là tệp Word/Excel đời cũ (.doc/.xls) bị đặt đuôi .pdf"
    else:
        hint = "không có phần đầu %PDF-; hãy xuất lại tệp dưới dạng PDF"
    raise ThiduaError(f"không phải tệp PDF: {hint}", file=str(path))


NOTHING_TO_READ = ("tệp PDF không có chữ và không có hình để đọc (mọi trang đều trống); hãy kiểm tra có gửi "
                   "nhầm tệp không, rồi gửi lại tệp có nội dung (bản xuất từ Word/Excel hoặc bản scan)")
_PASSWORD = ("tệp PDF đang đặt mật khẩu nên không đọc được: mở tệp bằng mật khẩu rồi lưu lại "
             "(hoặc In ra PDF) không đặt mật khẩu, sau đó đọc lại")
_BROKEN = ("tệp PDF bị hỏng (bảng tham chiếu chéo hoặc cấu trúc tệp không đọc được): mở tệp "
           "bằng trình xem PDF, In ra PDF thành tệp mới rồi đọc lại")


def _open_pdf(stream, path: Path) -> PDF:
    try:
        return PDF(stream, path=path)
    except PdfminerException as exc:
        raise _file_error(exc, path) from None
    except Exception as exc:  # pdfminer on a damaged file may fail in any of its parts
        raise _file_error(exc, path) from None


def _file_error(exc: BaseException, path: Path, page: int | None = None) -> ThiduaError:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFEncryptionError):
        return ThiduaError(_PASSWORD, file=str(path))
    return ThiduaError(_BROKEN, file=str(path), page=page)  # pdfminer's own words are English


def _pages(pdf: PDF, path: Path, notes: list[str],
           on_page: Callable[[int], None] | None = None) -> Iterator[tuple[int, PDFPage]]:
    """pdfminer's pages one at a time (pdfplumber's `pdf.pages` keeps every parsed page);
    `on_page` hears of a page when the caller, done with it, asks for the next one."""
    number = 0
    try:
        iterator = PDFPage.create_pages(pdf.doc)
    except Exception as exc:
        raise _file_error(exc, path) from None
    while True:
        try:
            page_obj = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # a broken page tree: keep the pages read so far
            if number == 0:
                raise _file_error(exc, path) from None
            notes.append(f"Từ trang {number + 1} trở đi: {_file_error(exc, path).message}.")
            return
        number += 1
        yield number, page_obj
        if on_page:
            on_page(number)


class _Page(_PlumberPage):
    """A pdfplumber page whose characters are small dicts, made while pdfminer interprets
    the page (`pdf_glyphs.GlyphDevice`).

    pdfplumber builds an `LTChar` for every glyph and then copies and resolves its every
    attribute, which together cost a quarter of reading the page; tables need only the
    ruling lines from pdfplumber, and the text needs only a glyph's text, font, size and box.
    """

    def _frame(self) -> tuple[float, float, float]:
        return (self.mediabox[0], self.mediabox[1], self.height)

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        device = GlyphDevice(self.pdf.rsrcmgr, self.page_number, self._frame())
        try:
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        except Exception as exc:
            raise PdfminerException(exc)
        self._layout = device.get_result()
        objects: dict[str, list[dict[str, Any]]] = {"char": device.chars}
        for obj in self.iter_layout_objects(self._layout._objs):
            if obj["object_type"] != "anno":
                objects.setdefault(obj["object_type"], []).append(obj)
        return objects

    def process_object(self, obj: Any) -> dict[str, Any]:
        if not isinstance(obj, LTChar):
            return super().process_object(obj)
        return char_dict(obj, self._frame())


# ---------------------------------------------------------------------------------------------
# One text page.

@dataclass
class _PageContent:
    blocks: list[Block]
    has_content: bool  # characters, images or drawn text: not a blank page
    ocr_reason: str | None  # why the text layer cannot be used, in Vietnamese
    legacy: str | None  # the legacy encoding decoded on this page
    first: PageEdge | None = None  # the page's first block, to join with the page before
    last: PageEdge | None = None  # the page's last block, to join with the next page


def _read_page(pdf: PDF, page_obj: PDFPage, number: int, path: Path,
               unruled_before: tuple[float, ...] | None = None) -> _PageContent:
    """One page's blocks; the page and its parsed objects are dropped on return, so only one
    page's objects are ever in memory."""
    try:
        page = _Page(pdf, page_obj, page_number=number, initial_doctop=0)
    except Exception as exc:  # a page dictionary with a broken MediaBox, Rotate …
        raise _file_error(exc, path, page=number) from None
    try:
        return _read_objects(page, number, path, unruled_before)
    finally:
        page.close()


def _read_objects(page: _Page, number: int, path: Path,
                  unruled_before: tuple[float, ...] | None = None) -> _PageContent:
    try:
        objects = page.objects
    except Exception as exc:
        raise _file_error(exc, path, page=number) from None
    chars = objects.get("char", [])
    visible = [c for c in chars if c["text"].strip()]
    area = max(page.width * page.height, 1.0)
    cover = min(1.0, sum(_image_area(image, page) for image in objects.get("image", [])) / area)
    outlined = len(objects.get("curve", [])) >= OUTLINED_TEXT_CURVES
    has_content = bool(visible) or cover > 0 or outlined
    reason = _ocr_reason(visible, cover, outlined)
    if reason:
        return _PageContent([], has_content, reason, None)

    kept, fake_bold = dedupe_chars(chars)
    try:
        tables = [t for t in page.find_tables(TABLE_SETTINGS) if len(t.cells) > 1]
    except Exception as exc:  # malformed drawing operators in the page
        raise _file_error(exc, path, page=number) from None
    grids = [Grid(t) for t in tables]
    loose = []
    for char in kept:
        for grid in grids:
            if grid.take(char):
                break
        else:
            loose.append(char)

    decode = FontDecoder(kept)
    lines: list[TextLine] = []
    visual = visual_lines(loose)
    texts = [clean(decode(line_pieces(chars))) for chars in visual]
    # Lists printed without borders; a page where no three lines have a wide gap has none.
    unruled = (find_unruled(visual, unruled_before)
               if unruled_before is not None or sum("\t" in t for t in texts) >= 3 else [])
    in_unruled = {j for t in unruled for j in range(t.first, t.last + 1)}
    for j, (chars, text) in enumerate(zip(visual, texts)):
        if j in in_unruled:
            continue
        if text.strip():
            bold = all(is_bold(c, fake_bold) for c in chars if c["text"].strip())
            lines.append(text_line(chars, text, bold))
    right = right_edge(lines, page.width)
    # Where the text area ends at the bottom: as far from the bottom as it starts from the top.
    floor = page.height - min([line.top for line in lines] + [grid.top for grid in grids]
                              + [t.top for t in unruled], default=0.0)
    blocks: list[tuple[float, Block, PageEdge, PageEdge]] = []
    breaks = tuple(grid.top for grid in grids) + tuple(t.top for t in unruled)
    for group in join_wrapped(lines, right, breaks=breaks):
        line = Line(text=joined_text([l.text for l in group]), page=number,
                    style="bold" if group[0].bold else None)
        blocks.append((group[0].top, line, PageEdge(line=group[0], right=right),
                       PageEdge(line=group[-1], right=right, room=floor - group[-1].bottom)))
    for grid in grids:
        pad = grid.padding()
        rows = [[Cell(text=" ".join(clean(decode(cell_pieces(chars, width - 2 * pad))).split()),
                      above=grid.above(r, c))
                 for c, (chars, width) in enumerate(row)] for r, row in enumerate(grid.cell_chars())]
        columns = tuple(grid.xs) + (grid.right,)
        ys = [*grid.ys, grid.bottom]
        heights = tuple(b - a for a, b in zip(ys, ys[1:]))
        frame = Frame(rows=tuple(zip(ys, ys[1:])), columns=columns)
        blocks.append((grid.top, Table(rows=rows, page=number, row_heights=list(heights), frame=frame),
                       PageEdge(columns=columns, first_row=(grid.ys + [grid.bottom])[1] - grid.ys[0]),
                       PageEdge(columns=columns, room=floor - grid.bottom)))
    for t in unruled:
        rows = [[Cell(text=cell_text(cell, lambda chars: clean(decode(line_pieces(chars))))) for cell in row]
                for row in t.rows]
        inner = t.edges[:-1]  # the right edge moves with the longest text: not compared
        frame = Frame(rows=tuple(_text_span(row) for row in t.rows), columns=inner, ruled=False)
        blocks.append((t.top, Table(rows=rows, page=number, frame=frame),
                       PageEdge(columns=inner, first_row=t.first_row, unruled=True),
                       PageEdge(columns=inner, room=floor - t.bottom, unruled=True)))
    blocks.sort(key=lambda item: item[0])
    result = [block for _, block, _, _ in blocks]
    encoding = decode.encoding or decode_detected(result)
    first, last = (blocks[0][2], blocks[-1][3]) if blocks else (None, None)
    return _PageContent(result, has_content, None, encoding, first, last)


def _text_span(row: list[list[list[dict[str, Any]]]]) -> tuple[float, float]:
    """Where an unruled row's text stands: from its highest glyph to its lowest."""
    chars = [c for cell in row for line in cell for c in line]
    return (min(c["top"] for c in chars), max(c["bottom"] for c in chars)) if chars else (0.0, 0.0)


def _image_area(image: dict[str, Any], page: _Page) -> float:
    x0, top = max(image["x0"], page.bbox[0]), max(image["top"], page.bbox[1])
    x1, bottom = min(image["x1"], page.bbox[2]), min(image["bottom"], page.bbox[3])
    return max(0.0, x1 - x0) * max(0.0, bottom - top)


def _ocr_reason(visible: list[dict[str, Any]], cover: float, outlined: bool) -> str | None:
    if not visible:
        if cover > 0:
            return "trang là ảnh quét, không có lớp chữ"
        if outlined:
            return "chữ trên trang đã bị chuyển thành hình vẽ"
        return None
    if unreadable_text(c["text"] for c in visible):
        return "lớp chữ bị hỏng, phông chữ nhúng không có bảng mã Unicode"
    if len(visible) < FEW_CHARS and cover >= BIG_IMAGE:
        return "trang là ảnh quét, lớp chữ chỉ có vài ký tự"
    return None


def _never_note(number: int, reason: str) -> str:
    return f"Trang {number}: {reason}; không đọc được vì đã tắt nhận dạng chữ (OCR = never)."


# ---------------------------------------------------------------------------------------------
# OCR results.

LOW_CONFIDENCE = 0.70
# How a page stood in the scan, by the turn (counter-clockwise) that set it upright.
_TURNED = {90: "nằm ngang, đầu trang quay sang phải", 180: "lộn ngược", 270: "nằm ngang, đầu trang quay sang trái"}


def _collect_ocr(result: ReadFile, pages: list[list[Block]],
                 edges: list[tuple[PageEdge | None, PageEdge | None]],
                 recognised: dict[int, tuple[str, OcrPage | str]]) -> None:
    """Put each recognised page in its place; notes say which pages, why and how sure."""
    done: dict[str, list[int]] = {}  # reason → pages
    confidences: list[float] = []
    for number in sorted(recognised):
        reason, page = recognised[number]
        if isinstance(page, str):  # this page's tool failed or ran out of time
            result.notes.append(f"Trang {number}: {page}; đã bỏ qua trang này.")
            continue
        pages[number - 1] = page.blocks
        edges[number - 1] = (page.first, page.last)
        done.setdefault(reason, []).append(number)
        if page.turned:
            result.notes.append(f"Trang {number}: bản quét bị xoay ({_TURNED[page.turned]}), "
                                "đã xoay lại cho đúng chiều để đọc.")
        if not page.blocks:
            result.notes.append(f"Trang {number}: nhận dạng chữ (OCR) không thấy chữ nào.")
        elif page.confidence is not None:
            confidences.append(page.confidence)
            if page.confidence < LOW_CONFIDENCE:
                result.notes.append(
                    f"Trang {number}: độ tin cậy nhận dạng chữ thấp ({page.confidence:.0%}), "
                    "nên kiểm tra lại hoặc quét lại rõ hơn (300 dpi).")
    result.ocr_pages = tuple(sorted(n for numbers in done.values() for n in numbers))
    summary = [f"trang {_page_ranges(numbers)} ({reason})" for reason, numbers in done.items()]
    if summary:
        mean = (f"; độ tin cậy trung bình {sum(confidences) / len(confidences):.0%}"
                if confidences else "")
        result.notes.insert(0, f"Đã nhận dạng chữ (OCR) {len(result.ocr_pages)} trang: "
                               f"{'; '.join(summary)}{mean}.")


def _page_ranges(numbers: list[int]) -> str:
    ranges: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        ranges.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(ranges)

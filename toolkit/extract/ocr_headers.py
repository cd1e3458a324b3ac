"""Column headers, row numbers and total rows of a scanned table, read through OCR's slips.

Tesseract loses or swaps a letter at a cell's edge (`1ọ và tên`, `hức vụ`, `3TT`): the
header words then match no role and the whole table is missed. Folding already forgives
lost or wrong diacritics (`Tố chuyên môn`); this forgives a letter or two. A short cell of
the first rows of an OCR table that is close to a known header (difflib ratio) is read as
that header. Only OCR tables are touched, and only cells that name no role as they are.

Below the header, the first column numbers the rows: a serif Roman numeral's strokes read
as `H` (`II`), `IH` (`III`), `l` or `|` (`I`) are the numeral; and a cell of the first columns
close to `TỔNG CỘNG` (`TỔỐNG CỘNG`) is the total row's.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import replace

from ..readers.blocks import Cell, ReadFile, Table
from ..vn import fold
from .phrases import header_role

# Headers of the lists and reports units send back (docs/formats.md).
KNOWN = (
    "Họ và tên", "Họ tên", "Chức vụ", "Chức danh", "Đơn vị", "Đơn vị công tác", "Tên đơn vị",
    "Tên tập thể", "Tên tập thể, cá nhân", "Tập thể, cá nhân", "Danh hiệu thi đua", "Danh hiệu đăng ký",
    "Danh hiệu thi đua đăng ký", "Hình thức khen thưởng", "Ghi chú", "Số lượng", "Nội dung",
    "Điểm chuẩn", "Điểm tự chấm", "Điểm khối chấm", "Xếp loại", "Tên đội", "Giải thưởng",
    "Năm sinh", "Ngày sinh", "Giới tính", "Tổng số", "Thực hiện", "Đăng ký", "Kết quả",
    "Địa chỉ, đơn vị", "Thành tích",
)
_KNOWN = {fold(k): k for k in KNOWN}
_STT = re.compile(r"^\W?[s5$3§]?[t7]t\W?$")
_MIN_RATIO = 0.84
_HEAD_ROWS = 4
_MAX_WORDS = 6


def repair_ocr_headers(read: ReadFile) -> ReadFile:
    """The file with the header cells of its OCR tables read as the headers they are close to."""
    if not any(isinstance(b, Table) and b.ocr for b in read.blocks):
        return read
    return replace(read, blocks=[_repaired(b) if isinstance(b, Table) and b.ocr else b for b in read.blocks])


def _repaired(table: Table) -> Table:
    head = table.rows[:_HEAD_ROWS]
    fixed = [[_cell(c) for c in row] for row in head]
    body = [[_numbering_cell(c) if k == 0 else c for k, c in enumerate(row)] for row in table.rows]
    body = [[_total_cell(c) if k < 2 else c for k, c in enumerate(row)] for row in body]
    rows = [[f if f != c else b for f, c, b in zip(fr, cr, br)] for fr, cr, br in zip(fixed, head, body)] \
        + body[len(head):]
    if rows == table.rows:
        return table
    return replace(table, rows=rows)


_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X)$")
_STROKES = re.compile(r"^[IlH|]{1,3}[.)]?$")


def _numbering_cell(cell: Cell) -> Cell:
    """`H` → `II`, `IH` → `III`: the Roman numeral a row-number cell's strokes stand for."""
    text = cell.text.strip()
    if not _STROKES.match(text) or _ROMAN.match(text.rstrip(".)")):
        return cell
    numeral = text.rstrip(".)").replace("H", "II").replace("l", "I").replace("|", "I")
    if not _ROMAN.match(numeral):
        return cell
    return replace(cell, text=numeral + text[len(text.rstrip(".)")):])


def _total_cell(cell: Cell) -> Cell:
    text = cell.text.strip()
    f = fold(text)
    if not text or len(f.split()) != 2 or f == "tong cong" or \
            difflib.SequenceMatcher(None, f, "tong cong").ratio() < _MIN_RATIO:
        return cell
    return replace(cell, text="TỔNG CỘNG" if text.isupper() else "Tổng cộng")


def _cell(cell: Cell) -> Cell:
    text = cell.text.strip()
    if not text or len(text.split()) > _MAX_WORDS or any(ch.isdigit() for ch in text[1:]):
        return cell
    header = closest_header(text)
    return Cell(header, cell.value, cell.ref) if header and header != text else cell


def closest_header(text: str) -> str | None:
    """The known header `text` is an OCR reading of, or None (also when it reads as it is)."""
    f = fold(text).strip(" .:*'\"`‘’“”")
    if _STT.match(f):
        return "STT"
    role, metric = header_role(text)
    if role or metric:
        return None
    best = max(_KNOWN, key=lambda k: difflib.SequenceMatcher(None, f, k).ratio())
    ratio = difflib.SequenceMatcher(None, f, best).ratio()
    return _KNOWN[best] if ratio >= _MIN_RATIO else None

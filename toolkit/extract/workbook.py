"""Workbooks as offices make them: code lists, instruction sheets, instruction lines.

Reward software hands out import templates whose lists hold **codes** (`1650360491`) that a
catalog sheet of the same workbook names (`DANHMUC`: `Mã số | Hình thức khen thưởng`, or a
hidden dropdown sheet `tenhinhthuckt | mahinhthuckt`). A sheet called `Hướng dẫn` explains
how to fill the form, with example rows; a line above a header tells the clerk what to
type (`CCCD bắt buộc đúng 12 chữ số`). None of these is data. `prepare_workbook` gives the
workbook as a reader of the data sees it: catalogs and instructions left out, every coded
cell showing the name its code stands for.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..readers.blocks import Cell, Line, ReadFile, Table
from ..vn import fold

# Sheets that explain the form (folded names).
_INSTRUCTION_SHEET = re.compile(r"^(?:huong dan|hd\b|vi du|mau vi du|instruction|readme|doc truoc|cach nhap)")
# A line that tells the clerk what to type.
_INSTRUCTION_LINE = re.compile(
    r"\b(?:bat buoc|chon tu danh sach|chon trong danh sach|dinh dang|khong duoc|luu y|huong dan|"
    r"moi dong la|vui long|hay nhap|nhap theo|nhap dung|giu dang)\b")
# A cell marking its row as an example of how to fill the form.
_EXAMPLE = re.compile(r"^\(?(?:vi du|dong minh hoa|minh hoa|dong mau|mau vi du|du lieu mau)\)?\W*$")
_CODE_HEADER = re.compile(r"^ma(?:\s|[a-z]*$)")
_CODE_VALUE = re.compile(r"^(?:[0-9]{3,}|[A-Z][A-Z0-9_]{1,15})$")
_STT = re.compile(r"^(?:stt|tt|so tt)$")
# Columns of a catalog that say more of each code (`Cấp quyết định`, `Ghi chú`): still a catalog.
_ABOUT_THE_CODE = re.compile(r"^(?:cap (?:quyet dinh|khen|ban hanh)|ghi chu|mo ta|dien giai|ap dung)\b")
_MIN_CODES = 3


def prepare_workbook(read: ReadFile) -> ReadFile:
    """The workbook without its catalogs and instructions, its coded cells named."""
    if read.kind != "xlsx":
        return read
    codes: dict[str, str] = {}
    kept = []
    skipped_sheets: list[str] = []
    for block in read.blocks:
        sheet = block.sheet or ""
        if _INSTRUCTION_SHEET.match(fold(sheet)):
            if sheet not in skipped_sheets:
                skipped_sheets.append(sheet)
            continue
        if isinstance(block, Table):
            catalog = code_catalog(block)
            if catalog:
                codes.update(catalog)
                continue
            block = _without_instructions(block)
        elif isinstance(block, Line) and _is_instruction(block.text):
            continue
        kept.append(block)
    if codes:
        kept = [_named(b, codes) if isinstance(b, Table) else b for b in kept]
    notes = list(read.notes) + [f"trang tính '{s}' là hướng dẫn cách nhập, không phải số liệu: không đọc."
                                for s in skipped_sheets]
    return replace(read, blocks=kept, notes=notes)


def code_catalog(table: Table) -> dict[str, str]:
    """code → name when `table` is a code list (every column an STT, a code, a name or a column
    saying more of the code, codes beside their names); empty otherwise."""
    header_at = next((i for i, row in enumerate(table.rows[:5])
                      if any(_CODE_HEADER.match(fold(c.text)) for c in row)), None)
    if header_at is None:
        return {}
    header = [fold(c.text) for c in table.rows[header_at]]
    body = table.rows[header_at + 1:]
    code_cols = [j for j, h in enumerate(header) if _CODE_HEADER.match(h)
                 and sum(bool(_CODE_VALUE.match(_text(r, j))) for r in body) >= _MIN_CODES]
    if not code_cols:
        return {}
    name_cols: dict[int, int] = {}
    for j in code_cols:
        for k in (j + 1, j - 1):
            if 0 <= k < len(header) and k not in code_cols and header[k] and not _STT.match(header[k]) \
                    and sum(any(ch.isalpha() for ch in _text(r, k)) and not _CODE_VALUE.match(_text(r, k))
                            for r in body) >= _MIN_CODES:
                name_cols[j] = k
                break
    used = set(code_cols) | set(name_cols.values())
    others = [j for j, h in enumerate(header) if j not in used and (h and not _STT.match(h))
              and not _ABOUT_THE_CODE.match(h)]
    if not name_cols or others:
        return {}
    out = {}
    for j, k in name_cols.items():
        for r in body:
            code, name = _text(r, j), _text(r, k)
            if code and name and _CODE_VALUE.match(code):
                out[code] = name
    return out


def _without_instructions(table: Table) -> Table:
    """A sentence telling the clerk what to type (a title row of the sheet) is emptied, and so
    is a row marked as an example (`Ví dụ`, `Dòng minh họa`); rows keep their sheet numbers."""
    examples = {i for i, row in enumerate(table.rows) if any(_EXAMPLE.match(fold(c.text)) for c in row)}
    if not examples and not any(_is_instruction(c.text) for row in table.rows[:10] for c in row):
        return table
    rows = [[Cell("", None, c.ref) if i in examples or _is_instruction(c.text) else c for c in row]
            for i, row in enumerate(table.rows)]
    return replace(table, rows=rows)


def _is_instruction(text: str) -> bool:
    return len(text.split()) >= 6 and bool(_INSTRUCTION_LINE.search(fold(text)))


def _text(row: list[Cell], j: int) -> str:
    return row[j].text.strip() if j < len(row) else ""


def _named(table: Table, codes: dict[str, str]) -> Table:
    rows = [[Cell(codes[c.text.strip()], c.value, c.ref) if c.text.strip() in codes else c for c in row]
            for row in table.rows]
    return replace(table, rows=rows)

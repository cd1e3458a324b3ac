"""Excel workbooks (.xlsx, .xlsm) as tables: one `Table` per sheet, every cell with its ref.

How a workbook is read
- openpyxl in read-only mode with cached formula values (`data_only`), after
  `reset_dimensions()`: the `<dimension>` a program declares (often `A1:Z1048576` for a
  formatted column) is ignored and only the rows present in the XML are visited.
- Read-only worksheets do not give merged ranges, hidden rows, or whether a formula was
  ever calculated, so each sheet's XML is also streamed once by `scan_sheet` (lxml,
  entities off, one `<row>` in memory at a time): `<mergeCells>` comes after `<sheetData>`,
  `<row hidden="1">`, and `<c><f>…</f></c>` without a `<v>` (written by a program that does
  not calculate, such as openpyxl). Two streaming passes whatever the file's size, rather
  than a full load for small files and read-only for big ones: one code path, memory in
  proportion to the cells that hold something.

What a Table holds
- `first_row` is the first row with a value; every row from there to the last row with a
  value is kept, so `rows[i]` is sheet row `first_row + i` (a blank row in between is a row
  of empty cells). `rows[i][j]` is sheet column `j + 1` (A is 0), and every row is padded
  to the sheet's last column with a value (trailing empty columns are trimmed).
  A run of more than `MAX_GAP` blank rows ends the table and later data starts another
  Table on the same sheet, so a stray value at row 1 048 576 costs two small tables rather
  than a million blank rows.
- Cells: `value` is the typed value (int, float, bool, datetime, text), `text` what it is
  as stored, not as Excel formats it, except a percentage, whose format changes what the
  number means (`0.987` in a `0.0%` cell is `98,7%`): `2025` not `2025.0`, floats to 15
  significant digits (Excel's precision), dates `dd/mm/yyyy` (with `hh:mm` when there is a
  time), booleans `TRUE`/`FALSE`, error values as written (`#DIV/0!`). Text is NFC, runs of
  spaces collapsed, lines of a cell kept apart by `\\n`. A formula without a cached value
  is `""`, and `ReadFile.notes` names its cells.
- Merged cells: the value in the top-left cell and `""` in the cells it covers (Excel keeps
  no value there; LibreOffice sometimes keeps a hidden one, which is dropped), with one
  exception, the group header of a two-level header: a merge spanning several columns in
  the header rows, with a heading under each of its columns (`Danh hiệu thi đua` over
  `LĐTT | CSTĐCS`), has its text repeated across its top row, so that every sub-column sees
  its group above it. Header rows are those before the first row holding a number or a date
  (at most `HEADER_ROWS`); a merge as wide as the whole table is a title, not a group, and
  is never repeated.
- Hidden sheets (`hidden`, `veryHidden`) are read and named in `ReadFile.hidden_sheets`,
  except `_thidua`, the identity sheet of our own forms; hidden rows are in
  `Table.hidden_rows`.
- A text cell whose font is a pre-Unicode one (`.VnTime`, `.VnTimeH`, `VNI-Times`) is
  converted with `toolkit.vn.legacy.to_unicode`; only the cell's font counts (the runs of a
  rich-text cell are not looked at).
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import get_column_letter

from ..vn.legacy import font_encoding, to_unicode
from ..vn.numbers import format_percent
from ..office.identity import HIDDEN_SHEET as IDENTITY_SHEET, read_identity
from ..office.kinds import open_package
from ..office.parts import ZIP_DAMAGE
from ..office.sheets import SheetLayout, damaged as _damaged, load as _load, rows as _rows, scan_sheet, sheet_parts
from .blocks import Cell, ReadFile, Table, clean_text


MAX_GAP = 1000  # blank rows after which a sheet's data starts a new table
HEADER_ROWS = 10  # rows at the top of a table that may hold a two-level header
_MERGE_BUDGET = 4  # merges may blank at most this many times the table's cells (overlaps are invalid)
_UNCACHED_SHOWN = 10  # cells named in the note about formulas without a value


def read_xlsx(path: Path) -> ReadFile:
    """Every sheet of an .xlsx/.xlsm workbook as a `Table`, in sheet order."""
    path = Path(path)
    result = ReadFile(path=path, kind="xlsx")
    legacy = _Legacy()
    hidden: list[str] = []
    try:
        with open_package(path, "xlsx") as zf, open(path, "rb") as stream:
            parts = sheet_parts(zf)
            wb = _load(stream, path)
            try:
                for ws in wb.worksheets:
                    if ws.title == IDENTITY_SHEET:
                        continue
                    if ws.sheet_state != "visible":
                        hidden.append(ws.title)
                    layout = scan_sheet(zf, parts.get(ws.title), path, ws.title)
                    ws.reset_dimensions()
                    result.blocks += _sheet_tables(ws, layout, legacy, path)
                    if layout.uncached:
                        result.notes.append(_uncached_note(ws.title, layout.uncached))
            finally:
                wb.close()
    except ZIP_DAMAGE as exc:  # a small part (relationships, workbook) that does not inflate
        raise _damaged(path) from exc
    result.hidden_sheets = tuple(hidden)
    result.legacy_encoding = legacy.encoding
    result.identity = read_identity(path)
    return result


# --- rows and cells ---------------------------------------------------------------------------


class _Legacy:
    """Converts text in pre-Unicode fonts and remembers which encoding it met."""

    def __init__(self) -> None:
        self.encoding: str | None = None
        self._by_font: dict[str | None, tuple[str, bool] | None] = {}

    def text(self, value: str, cell) -> str:
        try:
            font = cell.font.name
        except (IndexError, AttributeError):  # a style id the styles part does not have
            return value
        if font not in self._by_font:
            self._by_font[font] = font_encoding(font)
        found = self._by_font[font]
        if found is None:
            return value
        converted = to_unicode(value, font=font)
        if converted != value and self.encoding is None:
            self.encoding = found[0]
        return converted


def _sheet_tables(ws, layout: SheetLayout, legacy: _Legacy, path: Path) -> list[Table]:
    tables: list[Table] = []
    rows: list[list[Cell | None]] = []
    first: int | None = None
    gap = 0
    number = 0
    for cells in _rows(ws, path):
        number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
        row = _row_cells(cells, number, legacy)
        if not row:
            if first is not None:
                gap += 1
            continue
        if first is not None and gap > MAX_GAP:
            tables.append(_table(rows, first, ws.title, layout))
            rows, first = [], None
        if first is None:
            first, gap = number, 0
        rows.extend([] for _ in range(gap))
        gap = 0
        rows.append(row)
    if first is not None:
        tables.append(_table(rows, first, ws.title, layout))
    return tables


def _row_cells(cells, number: int, legacy: _Legacy) -> list[Cell | None]:
    """The cells of one row up to its last value; None where a cell is empty."""
    out: list[Cell | None] = []
    for cell in cells:
        value = cell.value
        if value is None:
            continue
        if isinstance(value, str):
            value = clean_text(legacy.text(value, cell))
            if not value:
                continue
            text = value
        else:
            text = _percent_text(value, cell) or value_text(value)
        column = cell.column
        out.extend(None for _ in range(column - 1 - len(out)))
        out.append(Cell(text, value, f"{get_column_letter(column)}{number}"))
    return out


def _percent_text(value: Any, cell) -> str | None:
    """A number in a percentage format as Excel shows it (`0.987` in `0.0%` is `98,7%`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        shown = (cell.number_format or "").split(";")[0]
    except (IndexError, AttributeError):  # a style id the styles part does not have
        return None
    if "%" not in shown.replace('\\%', "").replace('"%"', ""):
        return None
    decimals = re.search(r"\.(0+)", shown)
    return format_percent(value * 100, len(decimals.group(1)) if decimals else 0)


def value_text(value: Any) -> str:
    """A cell value as the text it stands for (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        day = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        if value.time() == time(0):
            return day
        return f"{day} {_clock(value.time())}"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, time):
        return _clock(value)
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return clean_text(str(value))


def _clock(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}" + (f":{t.second:02d}" if t.second else "")


# --- the table --------------------------------------------------------------------------------


def _table(rows: list[list[Cell | None]], first: int, sheet: str, layout: SheetLayout) -> Table:
    width = max(len(row) for row in rows)
    letters = [get_column_letter(j + 1) for j in range(width)]
    grid = []
    for i, row in enumerate(rows):
        number = first + i
        padded = [cell or Cell("", None, f"{letters[j]}{number}") for j, cell in enumerate(row)]
        padded += [Cell("", None, f"{letters[j]}{number}") for j in range(len(row), width)]
        grid.append(padded)
    last = first + len(grid) - 1
    merges = [m for m in layout.merges if m[0] <= last and m[2] >= first and m[1] <= width]
    _blank_covered(grid, first, width, merges)
    _repeat_group_headers(grid, first, width, merges)
    hidden = frozenset(n for n in layout.hidden_rows if first <= n <= last)
    return Table(rows=grid, sheet=sheet, first_row=first, hidden_rows=hidden)


def _blank_covered(grid: list[list[Cell]], first: int, width: int, merges) -> None:
    """Cells covered by a merge show nothing in Excel: make them "" (the top-left keeps its value)."""
    budget = _MERGE_BUDGET * len(grid) * width
    for min_row, min_col, max_row, max_col in merges:
        for number in range(max(min_row, first), min(max_row, first + len(grid) - 1) + 1):
            row = grid[number - first]
            for column in range(min_col, min(max_col, width) + 1):
                budget -= 1
                if (number, column) == (min_row, min_col):
                    continue
                cell = row[column - 1]
                above = column == min_col and number > min_row  # merged down from the row above
                if cell.value is not None or cell.text or above:
                    row[column - 1] = Cell("", None, cell.ref, above=above)
        if budget < 0:
            return


def _repeat_group_headers(grid: list[list[Cell]], first: int, width: int, merges) -> None:
    """Repeat a group header's text across its top row (see the module docstring)."""
    header_end = first + min(HEADER_ROWS, len(grid))  # the first row that is not a header row
    for i, row in enumerate(grid[:HEADER_ROWS]):
        if any(isinstance(c.value, (int, float, date, time, timedelta)) and not isinstance(c.value, bool)
               for c in row):
            header_end = first + i
            break
    starts = {(m[0], m[1]): m for m in merges}
    used = [j + 1 for row in grid for j, cell in enumerate(row) if cell.text]
    leftmost = min(used) if used else 1
    for min_row, min_col, max_row, max_col in merges:
        if max_col == min_col or min_row < first or max_row + 1 >= header_end:
            continue
        if min_col <= leftmost and max_col >= width:
            continue  # as wide as the table: a title
        origin = grid[min_row - first][min_col - 1]
        if not origin.text or not _headings_below(grid[max_row + 1 - first], max_row + 1, min_col, max_col, starts):
            continue
        row = grid[min_row - first]
        for column in range(min_col + 1, min(max_col, width) + 1):
            row[column - 1] = Cell(origin.text, origin.value, row[column - 1].ref)


def _headings_below(row: list[Cell], number: int, min_col: int, max_col: int, starts) -> bool:
    """Whether every column from min_col to max_col has a heading in `row`, at least two of
    them, none reaching outside (a heading may itself be merged across columns)."""
    headings, column = 0, min_col
    while column <= max_col:
        if column > len(row) or not row[column - 1].text:
            return False
        merge = starts.get((number, column))
        end = merge[3] if merge else column
        if end > max_col:
            return False
        headings += 1
        column = end + 1
    return headings >= 2


# --- messages ---------------------------------------------------------------------------------


def _uncached_note(sheet: str, refs: list[str]) -> str:
    shown = ", ".join(refs[:_UNCACHED_SHOWN]) + (f" … ({len(refs)} ô)" if len(refs) > _UNCACHED_SHOWN else "")
    return (f"trang tính '{sheet}', ô {shown}: có công thức nhưng chưa có giá trị đã tính (tệp được "
            "lưu bởi chương trình không tính công thức), nên được đọc là ô trống. Hãy mở tệp bằng "
            "Excel hoặc LibreOffice, lưu lại rồi gửi lại.")

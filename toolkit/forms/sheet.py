"""One Excel form sheet written top to bottom the way the forms of `forms/xlsx.py` need it:
an official document's header block in cells, input cells unlocked and tinted, dropdowns
from the hidden list sheet, number checks in Vietnamese, protection and print setup
(docs/formats.md, *Templates*).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from .. import vn
from ..safety import looks_like_formula
from ..office.identity import FormLayout, write_xlsx_identity
from .inputs import FormInput

FONT = "Times New Roman"
SIZE = 12  # cells; the header block 12–13 pt, the title 14 pt (NĐ 30, Phụ lục I)
TITLE_SIZE = 14
NOTE_SIZE = 11
LIST_SHEET = "_danh_sach"

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"  # typed `03` or `96,5%` stays exactly as typed

# NĐ 30, Phụ lục I: margins top/bottom 20 mm, left 30 mm, right 15 mm (openpyxl wants inches).
MARGINS = PageMargins(left=30 / 25.4, right=15 / 25.4, top=20 / 25.4, bottom=20 / 25.4,
                      header=10 / 25.4, footer=10 / 25.4)
A4 = 9  # paperSize code of A4 (ECMA-376 Part 1, 18.3.1.63)

# The four levels of HD 1294/HD-TLĐ (2019), best first.
@dataclass(frozen=True)
class Column:
    label: str  # the header text, kept stable: the parser matches it
    width: float
    field: str  # the field it holds, recorded in `_thidua`


class FormSheet:
    """One form sheet written top to bottom; `row` is the next free row."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column], *, left_span: int,
                 landscape: bool):
        self.wb = wb
        self.ws = wb.active
        self.ws.title = title
        self.columns = columns
        self.width = len(columns)
        self.left_span = left_span
        self.landscape = landscape
        self.row = 1
        self.lists: dict[str, str] = {}  # list title → its range on the list sheet
        for i, col in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width

    # cells

    def put(self, row: int, col: int, value: Any = None, *, bold: bool = False, italic: bool = False,
            size: float = SIZE, align: str = "left", valign: str = "center", wrap: bool = True,
            border: bool = False, fill: PatternFill | None = None, editable: bool = False,
            tint: bool = True, text: bool = False, color: str | None = None, shrink: bool = False):
        """Write one cell. Text from DATA is stored as text even when it starts with `=`.

        `editable` unlocks the cell and, unless `tint` is off, tints it as an input cell.
        """
        cell = self.ws.cell(row, col)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", vn.nfc(value))
        cell.value = value
        if looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.font = Font(name=FONT, size=size, bold=bold, italic=italic, color=color)
        cell.alignment = Alignment(horizontal=align, vertical=valign, wrap_text=wrap and not shrink,
                                   shrink_to_fit=shrink)
        if border:
            cell.border = BOX
        if editable:
            cell.protection = UNLOCKED
        if editable and tint:
            cell.fill = fill or INPUT_FILL
        elif fill is not None:
            cell.fill = fill
        if text:
            cell.number_format = TEXT_FORMAT
        return cell

    def formula(self, row: int, col: int, formula: str, **style):
        cell = self.put(row, col, None, **style)
        cell.value = formula  # our own formula: the one place a cell may start with `=`
        return cell

    def merge(self, row: int, first: int, last: int) -> None:
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def span(self, first: int, last: int) -> float:
        return sum(c.width for c in self.columns[first - 1:last])

    def height(self, row: int, texts: Sequence[tuple[str, float, float, bool]]) -> None:
        """Row height for merged text cells, which no program auto-fits.

        `texts` are (text, width in characters, font size, caps).
        """
        lines = max(_lines(text, width, size, caps) * size * 1.25 for text, width, size, caps in texts)
        self.ws.row_dimensions[row].height = max(lines + 4, SIZE * 1.5)

    # blocks

    def line(self, text: str, *, first: int = 1, last: int | None = None, **style) -> int:
        """A full-width (or `first`..`last`) merged line of text; returns its row."""
        last = last or self.width
        row = self.row
        self.put(row, first, text, **style)
        self.merge(row, first, last)
        self.height(row, [(text, self.span(first, last), style.get("size", SIZE), False)])
        self.row += 1
        return row

    def gap(self, points: float = 8) -> None:
        self.ws.row_dimensions[self.row].height = points
        self.row += 1

    def header_block(self, form: FormInput) -> None:
        """Rows 1–3: left `CƠ QUAN CHỦ QUẢN` / **CƠ QUAN BAN HÀNH**; right the national motto
        and the dateline, a draft (`ngày    tháng    năm 2025`) the unit may complete."""
        left, right = (1, self.left_span), (self.left_span + 1, self.width)
        lw, rw = self.span(*left), self.span(*right)
        parent, issuer = vn.upper(form.text("co_quan_chu_quan")), vn.upper(form.text("co_quan_ban_hanh"))
        dateline = vn.format_place_date(form.text("dia_danh"), None, form.year)
        # (left text, left bold, right text, right bold, right is the editable dateline)
        rows = [
            (parent, False, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
            (issuer, True, "Độc lập - Tự do - Hạnh phúc", True, False),
            ("", False, dateline, False, True),
        ]
        for left_text, left_bold, right_text, right_bold, dated in rows:
            r = self.row
            self.put(r, left[0], left_text or None, bold=left_bold, align="center")
            self.merge(r, *left)
            self.put(r, right[0], right_text, bold=right_bold, italic=dated, align="center",
                     editable=dated, tint=False, text=dated)
            self.merge(r, *right)
            self.height(r, [(left_text, lw, SIZE, True), (right_text, rw, SIZE, right_bold)])
            self.row += 1
        self.gap()

    def title(self, text: str, *lines: str) -> None:
        r = self.line(vn.upper(text), bold=True, size=TITLE_SIZE, align="center")
        self.height(r, [(vn.upper(text), self.span(1, self.width), TITLE_SIZE, True)])
        for text_line in lines:
            self.line(text_line, bold=True, align="center")
        self.gap()

    def instructions(self, items: Sequence[str]) -> None:
        self.line("Hướng dẫn điền mẫu:", bold=True, italic=True, size=NOTE_SIZE)
        for i, item in enumerate(items, start=1):
            self.line(f"{i}. {item}", italic=True, size=NOTE_SIZE, valign="top")
        self.gap()

    def section_title(self, text: str) -> int:
        return self.line(text, bold=True)

    def table_header(self, labels: Sequence[str | None] | None = None,
                     merges: Sequence[tuple[int, int]] = ()) -> int:
        r = self.row
        labels = labels or [c.label for c in self.columns]
        for i, label in enumerate(labels, start=1):
            self.put(r, i, label, bold=True, align="center", border=True, fill=HEADER_FILL)
        for first, last in merges:
            self.merge(r, first, last)
        self.row += 1
        return r

    def signatures(self, blocks: Sequence[tuple[int, int, Sequence[str], str]]) -> None:
        """Signers side by side: (first column, last column, CAPS bold titles, name)."""
        self.gap()
        top = self.row
        depth = max(len(titles) for _, _, titles, _ in blocks)
        for first, last, titles, name in blocks:
            for i, title_line in enumerate(titles):
                self.put(top + i, first, title_line, bold=True, align="center")
                self.merge(top + i, first, last)
            name_row = top + depth + 4  # 3–4 empty lines for signature and seal (NĐ 30)
            self.put(name_row, first, name or None, bold=True, align="center", editable=True, tint=False,
                     text=True)
            self.merge(name_row, first, last)
        self.row = top + depth + 5

    def list_range(self, title: str, values: Sequence[str]) -> str:
        """The range of a dropdown's allowed values on the hidden list sheet."""
        if title in self.lists:
            return self.lists[title]
        ws = self.wb[LIST_SHEET] if LIST_SHEET in self.wb.sheetnames else self._list_sheet()
        col = len(self.lists) + 1
        ws.cell(1, col, title).font = Font(name=FONT, bold=True)
        for i, value in enumerate(values, start=2):
            ws.cell(i, col, value).font = Font(name=FONT)
        ws.column_dimensions[get_column_letter(col)].width = max(len(v) for v in values) + 2
        letter = get_column_letter(col)
        self.lists[title] = f"{LIST_SHEET}!${letter}$2:${letter}${len(values) + 1}"
        return self.lists[title]

    def _list_sheet(self):
        ws = self.wb.create_sheet(LIST_SHEET)
        ws.sheet_state = "hidden"
        ws.protection.sheet = True
        return ws

    def dropdown(self, title: str, values: Sequence[str], cells: str, *, what: str) -> DataValidation:
        dv = DataValidation(
            type="list", formula1=self.list_range(title, values), allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle="Giá trị không hợp lệ",
            error=f"Hãy chọn {what} trong danh sách thả xuống (bấm vào mũi tên bên phải ô).",
            showInputMessage=True, promptTitle=short(what.capitalize()),
            prompt=f"Chọn {what} trong danh sách.")
        self.ws.add_data_validation(dv)
        for cell_range in cells.split():
            dv.add(cell_range)
        return dv

    def fit_rows(self) -> None:
        """Heights for the rows not sized yet, from their texts.

        Neither Excel nor LibreOffice grows a row for wrapped text on opening a file written by
        a program, and never for merged cells, so each row gets the height its longest text
        needs (a generous estimate).
        """
        spans = {(r.min_row, r.min_col): self.span(r.min_col, r.max_col) for r in self.ws.merged_cells.ranges}
        for r in range(1, self.row):
            if self.ws.row_dimensions[r].height is not None:
                continue
            needed = [SIZE * 1.5]
            for c in range(1, self.width + 1):
                cell = self.ws.cell(r, c)
                if cell.value is None or cell.data_type == "f":
                    continue
                size = cell.font.sz or SIZE
                width = spans.get((r, c), self.columns[c - 1].width)
                lines = 1 if cell.alignment.shrink_to_fit else _lines(str(cell.value), width, size,
                                                                       bold=bool(cell.font.b))
                needed.append(lines * size * 1.3 + 5)
            self.ws.row_dimensions[r].height = max(needed)

    def finish(self, header_row: int, layout: FormLayout) -> Workbook:
        ws = self.ws
        self.fit_rows()
        # Page setup: A4, fit to the page width, the table header repeated on every page.
        ws.page_setup.paperSize = A4
        ws.page_setup.orientation = "landscape" if self.landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = MARGINS
        ws.print_options.horizontalCentered = True
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.print_area = f"A1:{get_column_letter(self.width)}{self.row - 1}"
        # Page numbers centred at the top, not on page 1 (NĐ 30, Phụ lục I: số trang).
        ws.HeaderFooter.differentFirst = True
        ws.oddHeader.center.text = "&P"
        ws.oddHeader.center.font = f"{FONT},Regular"
        ws.oddHeader.center.size = 13
        ws.sheet_view.showGridLines = False
        # Protection without a password: fixed parts locked; widths and heights may change.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.selectLockedCells = False
        ws.protection.selectUnlockedCells = False
        self.wb.security = WorkbookProtection(lockStructure=True)
        self.wb.calculation.fullCalcOnLoad = True
        props = self.wb.properties
        props.title = ws.title
        props.creator = props.lastModifiedBy = "thidua"
        props.language = "vi-VN"
        write_xlsx_identity(self.wb, layout)
        self.wb.active = 0
        return self.wb


def _lines(text: str, width: float, size: float, caps: bool = False, bold: bool = False) -> int:
    """How many lines `text` takes in a cell `width` characters wide (a generous estimate:
    Times New Roman 12 pt fits about one character per unit of column width, capitals fewer)."""
    per_line = max(1.0, (width - 1) * (0.85 if caps else 1.1 if bold else 1.2) * SIZE / size)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in (text or "").split("\n"))


def short(text: str, limit: int = 32) -> str:
    """Validation titles are limited to 32 characters."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def cell_text(value: Any) -> str | None:
    """A DATA value as the text a form shows (`2` → `2`, `2.5` → `2,5`, a date as dd/mm/yyyy)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return vn.format_number(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)

"""Workbook → template context.

A workbook (.xlsx, or .csv as one sheet) holds a `thong_tin` sheet of single values
(`truong | gia_tri`: field, value) and table sheets whose first non-empty row is the header.
Sheet and column names match by slug, so `Họ và tên`, `HỌ VÀ TÊN` and `ho_va_ten` are one
column. Values are converted by the column's type (from the template's spec, or by name:
`ngay_*` is a date): a bad date or a word in a number column is a `ThiduaError` naming the
file, sheet, row and column.

Workbooks people make are untidy, and a wrong guess would put wrong data into an official
document, so what cannot be read exactly is an error that says where, never a silent blank:
- A title above the header (one cell, merged across the table or followed by a row of
  headings) is skipped. A two-level header (headings merged down over a row of sub-headings,
  `Đăng ký` over `Danh hiệu | Hình thức`) names each column by its lowest heading. A heading
  merged across several columns leaves the others without a name: data under them is an error.
- A formula saved without its calculated value (written by a program that does not
  calculate, such as openpyxl) is an error when its value is used, not an empty cell.
- A hidden sheet is read, but a visible sheet of the same name wins.

Rows are streamed with openpyxl's read-only mode, so `--each` over 100,000 rows keeps memory
flat; every other table is small and read whole.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any, Callable, Iterator

from openpyxl.utils import get_column_letter

from .. import vn
from ..errors import ThiduaError
from ..office.kinds import sniff, wrong_kind
from ..office.sheets import iter_values, open_readonly, sheet_layouts
from .catalog import DATE, NUMBER, TARGET, TEXT, TemplateSpec
from .csv_text import decode, dialect as sniff_dialect
from .headers import Sheet, read_header

INFO_SHEET = "thong_tin"
_NUMBER_NAMES = ("so_luong", "so_tien", "tien", "diem", "stt")
_UNCACHED = ("ô {ref} có công thức nhưng chưa có giá trị đã tính (tệp được lưu bởi chương trình không tính "
             "công thức). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi chạy lại.")


@dataclass
class Row:
    number: int  # row number in the sheet (1-based, as Excel shows it)
    values: dict[str, Any]
    error: ThiduaError | None = None  # the first value that could not be read (with `keep_errors`)


@dataclass
class Workbook:
    path: Path
    info: dict[str, Any] = field(default_factory=dict)
    info_rows: dict[str, int] = field(default_factory=dict)
    sheets: dict[str, Sheet] = field(default_factory=dict)
    spec: TemplateSpec | None = None
    _rows: Callable[[Sheet], Iterator[tuple[int, tuple]]] | None = None

    def rows(self, sheet_name: str, keep_errors: bool = False) -> Iterator[Row]:
        """Stream the data rows of a table sheet, values converted to their types.

        A value that cannot be read raises `ThiduaError`; with `keep_errors` the row comes
        with its first error instead (the value kept as written), so one bad row of an
        `--each` batch fails one document, not the batch.
        """
        sheet = self.sheets[sheet_name]
        for number, raw in self._rows(sheet):
            if number <= sheet.header_row:
                continue
            values = {}
            empty = True
            error = None
            for index, (col, value) in enumerate(zip(sheet.columns, raw)):
                if col is None:
                    if sheet.covered and index in sheet.covered and value not in (None, ""):
                        error = error or self._covered_error(sheet, index, number, value)
                    continue
                try:
                    if value is None and sheet.uncached:
                        self._check_cached(sheet, index, number, col)
                    value = self._convert(value, sheet, col, number)
                except ThiduaError as exc:
                    if not keep_errors:
                        raise
                    error = error or exc
                values[col] = value
                empty = empty and (value is None or value == "")
            if empty and error is None:
                continue
            if error is not None and not keep_errors:
                raise error
            for col in sheet.columns:
                if col is not None:
                    values.setdefault(col, None)
            yield Row(number, values, error)

    def table(self, sheet_name: str) -> list[dict[str, Any]]:
        """All rows of a table sheet, with the template's computed columns and checks applied."""
        rows = list(self.rows(sheet_name))
        spec = self.spec.table(sheet_name) if self.spec else None
        values = [row.values for row in rows]
        if spec and spec.prepare:
            sheet = self.sheets[sheet_name]
            return spec.prepare(values, [row.number for row in rows], file=self.path.name, sheet=sheet.title)
        return values

    def spec_field(self, sheet: str, column: str):
        if not self.spec:
            return None
        if sheet == INFO_SHEET:
            return self.spec.info_field(column)
        table = self.spec.table(sheet)
        return table.column(column) if table else None

    def column_type(self, sheet: str, column: str) -> str:
        spec_field = None
        if self.spec:
            if sheet == INFO_SHEET:
                spec_field = self.spec.info_field(column)
            elif self.spec.table(sheet):
                spec_field = self.spec.table(sheet).column(column)
        if spec_field:
            return spec_field.type
        if column.startswith("ngay"):
            return DATE
        if column in _NUMBER_NAMES or column.startswith("diem_") or column.startswith("so_luong"):
            return NUMBER
        return TEXT

    def _check_cached(self, sheet: Sheet, index: int, row: int, column: str) -> None:
        """An empty value that is really a formula nobody calculated is an error, not a blank."""
        ref = f"{get_column_letter(index + 1)}{row}"
        if ref in sheet.uncached:
            raise ThiduaError(_UNCACHED.format(ref=ref), file=self.path.name, sheet=sheet.title, row=row,
                              column=f"{get_column_letter(index + 1)} {sheet.labels.get(column, column)}")

    def _covered_error(self, sheet: Sheet, index: int, row: int, value: Any) -> ThiduaError:
        letter = get_column_letter(index + 1)
        return ThiduaError(
            f"cột {letter} có dữ liệu ('{value}') nhưng không có tiêu đề riêng: ô tiêu đề {sheet.covered[index]} "
            f"được gộp qua cột này. Hãy bỏ gộp ô tiêu đề và đặt tên cho cột {letter}, hoặc xóa dữ liệu ở cột {letter}.",
            file=self.path.name, sheet=sheet.title, row=row, column=letter)

    def _convert(self, value: Any, sheet: Sheet, column: str, row: int) -> Any:
        try:
            value = convert(value, self.column_type(sheet.name, column))
            spec_field = self.spec_field(sheet.name, column)
            return choose(value, spec_field.choices) if spec_field and spec_field.choices else value
        except ValueError as exc:
            raise ThiduaError(f"{exc}", file=self.path.name, sheet=sheet.title, row=row,
                              column=f"{sheet.letters.get(column, '')} {sheet.labels.get(column, column)}".strip()) from None


def convert(value: Any, kind: str) -> Any:
    """A cell value as the template sees it; `ValueError` (Vietnamese) when it cannot be."""
    if isinstance(value, str):
        value = vn.nfc(value).strip()
        if value == "":
            return None
    if value is None:
        return None
    if kind == DATE:
        return vn.parse_date(value)
    if kind == NUMBER:
        return vn.parse_number(value)
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == TARGET and isinstance(value, float):
        return vn.format_number(value)
    return value


def choose(value: Any, choices: tuple[str, ...]) -> Any:
    """The allowed value a cell means (`kinh te` → `Kinh tế`); `ValueError` if none."""
    if value is None:
        return None
    folded = vn.fold(str(value)).replace(" - ", "-").replace("-", " ")
    for choice in choices:
        if vn.fold(choice).replace(" - ", "-").replace("-", " ") == folded:
            return choice
    raise ValueError(f"'{value}' không thuộc các giá trị cho phép: " + "; ".join(choices) + ".")


def open_workbook(path: str | Path, spec: TemplateSpec | None = None) -> Workbook:
    """Read the header of every sheet and the `thong_tin` values; table rows stream later."""
    path = Path(path)
    if not path.is_file():
        raise ThiduaError("không tìm thấy tệp dữ liệu.", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        wb = _open_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        wb = _open_xlsx(path)  # says what the file is when it is not a workbook
    elif suffix == ".xls":
        raise ThiduaError("tệp Excel 97-2003 (.xls) chưa đọc được trực tiếp; hãy mở bằng Excel "
                          "hoặc LibreOffice và lưu lại dạng .xlsx.", file=path.name)
    else:
        raise ThiduaError("dữ liệu phải là tệp Excel .xlsx hoặc .csv.", file=path.name)
    wb.spec = spec
    if spec:
        for sheet in wb.sheets.values():
            table = spec.table(sheet.name)
            if table:
                _rename_columns(sheet, table.canonical)
    if INFO_SHEET in wb.sheets:
        _read_info(wb)
    return wb


def _rename_columns(sheet: Sheet, canonical) -> None:
    """Headers people write differently (`Điểm tự chấm`) take the template's column names."""
    renamed = [canonical(c) if c else c for c in sheet.columns]
    if len(set(filter(None, renamed))) != len(list(filter(None, renamed))):
        return  # two headers would become one column: keep them as written
    for old, new in zip(sheet.columns, renamed):
        if old and new != old:
            sheet.labels[new], sheet.letters[new] = sheet.labels.pop(old), sheet.letters.pop(old)
    sheet.columns = renamed


def _read_info(wb: Workbook) -> None:
    sheet = wb.sheets.pop(INFO_SHEET)
    key_col = "truong" if "truong" in sheet.columns else sheet.columns[0]
    value_col = "gia_tri" if "gia_tri" in sheet.columns else (sheet.columns + [None, None])[1]
    if value_col is None:
        raise ThiduaError("trang 'thong_tin' cần hai cột: truong | gia_tri.", file=wb.path.name, sheet=sheet.title)
    keys = sheet.columns
    for number, raw in wb._rows(sheet):
        if number <= sheet.header_row:
            continue
        cells = dict(zip(keys, raw))
        name = cells.get(key_col)
        if name is None or str(name).strip() == "":
            continue
        name = vn.slug(str(name))
        try:
            if cells.get(value_col) is None and sheet.uncached:
                wb._check_cached(sheet, keys.index(value_col), number, value_col)
            wb.info[name] = convert(cells.get(value_col), wb.column_type(INFO_SHEET, name))
        except ValueError as exc:
            raise ThiduaError(f"trường '{name}': {exc}", file=wb.path.name, sheet=sheet.title, row=number,
                              column=sheet.letters.get(value_col)) from None
        wb.info_rows[name] = number


def _open_xlsx(path: Path) -> Workbook:
    book = open_readonly(path)
    layouts = sheet_layouts(path)

    def rows_of(sheet: Sheet) -> Iterator[tuple[int, tuple]]:
        ws = book[sheet.title]
        ws.reset_dimensions()  # a declared million-row dimension must not cost a million rows
        # openpyxl still fills a gap before a stray cell far below with empty rows (one shared
        # empty tuple each); they are dropped here, before any work is done on them.
        return ((number, values) for number, values in enumerate(iter_values(ws, path), start=1) if values)

    wb = Workbook(path, _rows=rows_of)
    # Visible sheets first: a hidden sheet never shadows a visible one of the same name.
    for ws in sorted(book.worksheets, key=lambda ws: ws.sheet_state != "visible"):
        ws.reset_dimensions()
        merges, uncached = layouts.get(ws.title, ([], frozenset()))
        sheet = read_header(ws.title, enumerate(iter_values(ws, path), start=1), merges)
        if sheet is not None:
            sheet.uncached = uncached
            wb.sheets.setdefault(sheet.name, sheet)
    return wb


def _open_csv(path: Path) -> Workbook:
    kind = sniff(path)
    if kind == "xlsx":  # a workbook saved with a .csv name: read what it is
        return _open_xlsx(path)
    if kind != "unknown":  # a PDF, a Word file, a locked or empty file …
        raise wrong_kind(path, kind, "xlsx")
    raw = path.read_bytes()
    if b"\0" in raw[:65536]:
        raise wrong_kind(path, "unknown", "xlsx")
    text = decode(raw, path)
    dialect = sniff_dialect(text[:4096])

    def rows_of(sheet: Sheet) -> Iterator[tuple[int, tuple]]:
        number = 0
        try:
            for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
                yield number, tuple(values)
        except csv.Error as exc:  # a stray NUL or an unbalanced quote far down the file
            raise ThiduaError("dòng này không đọc được theo dạng CSV (có thể thiếu dấu nháy đóng hoặc có ký tự lạ); "
                              "hãy mở bằng Excel, sửa rồi lưu lại.", file=path.name, row=number + 1) from exc

    wb = Workbook(path, _rows=rows_of)
    title = vn.slug(path.stem) or "bang"
    sheet = read_header(title, rows_of(None))
    if sheet is not None:
        wb.sheets[sheet.name] = sheet
    return wb

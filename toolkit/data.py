"""Workbook → template context.

A workbook (.xlsx, or .csv as one sheet) holds a `thong_tin` sheet of single values
(`truong | gia_tri`: field, value) and table sheets whose first non-empty row is the header.
Sheet and column names match by slug, so `Họ và tên`, `HỌ VÀ TÊN` and `ho_va_ten` are one
column. Values are converted by the column's type (from the template's spec, or by name:
`ngay_*` is a date): a bad date or a word in a number column is a `ThiduaError` naming the
file, sheet, row and column.

Rows are streamed with openpyxl's read-only mode, so `--each` over 100,000 rows keeps memory
flat; every other table is small and read whole.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable, Iterator

from . import vn
from .catalog import DATE, LINES, NUMBER, TARGET, TEXT, TemplateSpec
from .errors import ThiduaError
from .safety import check_zip

INFO_SHEET = "thong_tin"
_NUMBER_NAMES = ("so_luong", "so_tien", "tien", "diem", "stt")


@dataclass
class Sheet:
    """A table sheet: where it is and what its header says."""

    name: str  # slug, the name templates use
    title: str  # the sheet's own title, for messages
    columns: list[str]  # slugs, in sheet order
    labels: dict[str, str]  # slug → header text as written
    letters: dict[str, str]  # slug → column letter, for messages
    header_row: int


@dataclass
class Row:
    number: int  # row number in the sheet (1-based, as Excel shows it)
    values: dict[str, Any]


@dataclass
class Workbook:
    path: Path
    info: dict[str, Any] = field(default_factory=dict)
    info_rows: dict[str, int] = field(default_factory=dict)
    sheets: dict[str, Sheet] = field(default_factory=dict)
    spec: TemplateSpec | None = None
    _rows: Callable[[Sheet], Iterator[tuple[int, tuple]]] | None = None

    def rows(self, sheet_name: str) -> Iterator[Row]:
        """Stream the data rows of a table sheet, values converted to their types."""
        sheet = self.sheets[sheet_name]
        for number, raw in self._rows(sheet):
            if number <= sheet.header_row:
                continue
            values = {}
            empty = True
            for col, value in zip(sheet.columns, raw):
                if col is None:
                    continue
                value = self._convert(value, sheet, col, number)
                values[col] = value
                empty = empty and (value is None or value == "")
            if empty:
                continue
            for col in sheet.columns:
                if col is not None:
                    values.setdefault(col, None)
            yield Row(number, values)

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
        wb = _open_xlsx(path)
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
            wb.info[name] = convert(cells.get(value_col), wb.column_type(INFO_SHEET, name))
        except ValueError as exc:
            raise ThiduaError(f"trường '{name}': {exc}", file=wb.path.name, sheet=sheet.title, row=number,
                              column=sheet.letters.get(value_col)) from None
        wb.info_rows[name] = number


def _header(title: str, rows: Iterator[tuple[int, tuple]]) -> Sheet | None:
    from openpyxl.utils import get_column_letter

    for number, raw in rows:
        if not any(v is not None and str(v).strip() for v in raw):
            continue
        columns, labels, letters, seen = [], {}, {}, set()
        for i, value in enumerate(raw, start=1):
            label = vn.nfc(str(value)).strip() if value is not None else ""
            name = vn.slug(label) if label else None
            if name in seen:
                name = f"{name}_{i}"
            if name:
                seen.add(name)
                labels[name], letters[name] = label, get_column_letter(i)
            columns.append(name)
        return Sheet(vn.slug(title) or title, title, columns, labels, letters, number)
    return None


def _open_xlsx(path: Path) -> Workbook:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(zf.infolist(), path.name)
        book = load_workbook(path, read_only=True, data_only=True)
    except ThiduaError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        hint = "tệp có thể đang đặt mật khẩu, bị hỏng hoặc không phải .xlsx"
        raise ThiduaError(f"không mở được tệp Excel ({hint}): {exc}", file=path.name) from None

    def rows_of(sheet: Sheet) -> Iterator[tuple[int, tuple]]:
        ws = book[sheet.title]
        ws.reset_dimensions()  # a declared million-row dimension must not cost a million rows
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, values

    wb = Workbook(path, _rows=rows_of)
    for ws in book.worksheets:
        ws.reset_dimensions()
        sheet = _header(ws.title, enumerate(ws.iter_rows(values_only=True), start=1))
        if sheet is not None:
            wb.sheets.setdefault(sheet.name, sheet)
    return wb


def _open_csv(path: Path) -> Workbook:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel

    def rows_of(sheet: Sheet) -> Iterator[tuple[int, tuple]]:
        for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            yield number, tuple(values)

    wb = Workbook(path, _rows=rows_of)
    title = vn.slug(path.stem) or "bang"
    sheet = _header(title, rows_of(None))
    if sheet is not None:
        wb.sheets[sheet.name] = sheet
    return wb

"""`thidua convert table`: one table between .xlsx, .csv and .json / .jsonl.

A table is a header (column names, in order) and rows (dicts keyed by those names). Values
keep their types where the format has them: text (always NFC), int, float, bool, None, and
dates (`datetime.date`, or `datetime.datetime` when there is a time of day).

Reading
- .xlsx: the first sheet, or `sheet`; the header is the first non-empty row; empty rows are
  skipped; formulas give their last computed value. Excel dates at midnight become dates.
- .csv / .tsv: bytes sniffed (BOM, UTF-8, UTF-16, legacy TCVN3/VNI bytes, else Windows-1258)
  unless `encoding` is given; delimiter `,` `;` or tab from the first rows, or Excel's
  `sep=;` first line. CSV has no types, so only unambiguous machine forms are typed: integers
  without leading zeros (`10141`, not `0912…`), decimals with a point that cannot be a
  Vietnamese thousands separator (`95.5`, not `10.141`), `TRUE`/`FALSE`, ISO dates
  (`2025-01-15`, `2025-01-15T08:30:00`); and a column whose every value is a number written
  the Vietnamese way, one of them with a decimal comma (`8,5`, `10.141`). Everything else
  stays text. An apostrophe that
  `csv_safe` put before a formula-looking value is removed (and the value stays text).
- .json: an array of objects, or `{"records": [...]}`; .jsonl: one object a line. The
  header is the union of keys in first-seen order; nested objects are flattened with `_`
  (`{"source": {"file": …}}` → `source_file`, so a records file reads as `Record.to_row`
  columns); lists become JSON text; ISO date strings become dates.

Writing
- .xlsx: one sheet named after the file, a bold frozen header, dates as `dd/mm/yyyy`;
  formula-looking text is stored as text (`append_data_row`), never as a formula.
- .csv / .tsv: UTF-8 with BOM by default so Excel shows Vietnamese (`encoding` e.g.
  `utf-8`, `utf-16`, `cp1258`); formula-looking text gets an apostrophe (`csv_safe`); dates
  and numbers in the machine forms above (a date-time as `2025-01-15 08:30:00`).
- .json / .jsonl: UTF-8, dates as ISO strings, every header key in every object.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from ..errors import ThiduaError
from ..files import atomic_path
from ..office.sheets import iter_values, open_readonly
from ..safety import FORMULA_START, append_data_row, csv_safe
from ..vn.text import nfc
from .decoding import Decoder
from .paths import check_output
from .text_file import read_text

__all__ = ["convert_table", "read_table", "write_table"]

_EXCEL = (".xlsx", ".xlsm")
_CSV = (".csv", ".tsv")
_JSON = (".json", ".jsonl")
_MAX_XLSX_ROWS = 1_048_576
_MAX_XLSX_TEXT = 32_767  # Excel's limit for one cell

_INT = re.compile(r"-?(?:0|[1-9]\d{0,14})")
_FLOAT = re.compile(r"-?(?:0|[1-9]\d*)\.\d+(?:e[+-]\d{2,})?|-?[1-9]e[+-]\d{2,}")  # as repr() writes
_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")  # `10.141`: ten thousand in Vietnamese
# A number as Vietnamese write it: `8,5`, `10.141`, `1.250,75`; no leading zero (`0912…`, `01`).
_VIETNAMESE = re.compile(r"-?(?:0|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d*)(?:,\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?")


def _suffix(path: Path, allowed: tuple[str, ...]) -> str:
    suffix = path.suffix.lower()
    if suffix in allowed:
        return suffix
    if suffix == ".xls":
        raise ThiduaError("tệp .xls là định dạng cũ: hãy mở bằng Excel và lưu lại dạng .xlsx.", file=path.name)
    raise ThiduaError(f"không nhận tệp {suffix or 'không có phần mở rộng'}: chỉ nhận "
                      f"{', '.join(allowed)}.", file=path.name)


# ---------------------------------------------------------------------------------------------
# Reading

def read_table(path: Path, *, sheet: str | None = None,
               encoding: str | None = None) -> tuple[list[str], list[dict]]:
    """(header, rows) of a .xlsx sheet, a .csv/.tsv file or a .json/.jsonl file."""
    path = Path(path)
    suffix = _suffix(path, _EXCEL + _CSV + _JSON)
    if not path.is_file():
        raise ThiduaError("không tìm thấy tệp.", file=str(path))
    if sheet is not None and suffix not in _EXCEL:
        raise ThiduaError("--sheet chỉ dùng cho tệp Excel (.xlsx).", file=path.name)
    if suffix in _EXCEL:
        header, rows = _read_xlsx(path, sheet)
    elif suffix in _CSV:
        header, rows = _read_csv(path, encoding, tab=suffix == ".tsv")
    else:
        return _read_json(path, encoding, lines=suffix == ".jsonl")
    return _keyed(header, rows)


class _Header:
    """Column names from a header row: NFC, blanks named `Cột C`, repeats numbered `Tên (2)`."""

    def __init__(self, values) -> None:
        self.names: list[str] = []
        for value in values:
            self.add(value)

    def add(self, value: Any = None) -> None:
        name = nfc(str(value)).strip() if value is not None else ""
        if not name:
            name = f"Cột {get_column_letter(len(self.names) + 1)}"
        base, n = name, 2
        while name in self.names:
            name, n = f"{base} ({n})", n + 1
        self.names.append(name)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _keyed(header_values: list, rows: list[list]) -> tuple[list[str], list[dict]]:
    """Rows of values → dicts; a row longer than the header adds `Cột …` columns."""
    width = max([len(header_values)] + [len(row) for row in rows]) if header_values else 0
    while width and all(len(row) < width or _is_empty(row[width - 1]) for row in rows) \
            and (len(header_values) < width or _is_empty(header_values[width - 1])):
        width -= 1
    header = _Header(list(header_values[:width]) + [None] * (width - len(header_values)))
    keyed = [{name: (row[i] if i < len(row) else None) for i, name in enumerate(header.names)} for row in rows]
    return header.names, keyed


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list, list[list]]:
    book = open_readonly(path)  # says what the file is when it is not a safe .xlsx
    try:
        ws = _choose_sheet(book, sheet, path)
        ws.reset_dimensions()  # a declared million-row dimension must not cost a million rows
        header, rows = None, []
        for values in iter_values(ws, path):
            if all(_is_empty(v) for v in values):
                continue
            values = [_from_excel(v) for v in values]
            if header is None:
                header = values
            else:
                rows.append(values)
        return header or [], rows
    finally:
        book.close()


def _choose_sheet(book, sheet: str | None, path: Path):
    worksheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
    if not worksheets:
        raise ThiduaError("tệp Excel không có trang tính nào.", file=path.name)
    if sheet is None:
        return worksheets[0]
    for wanted in (lambda t: t == sheet, lambda t: nfc(t).casefold() == nfc(sheet).strip().casefold()):
        for ws in worksheets:
            if wanted(ws.title):
                return ws
    names = ", ".join(f"'{ws.title}'" for ws in worksheets)
    raise ThiduaError(f"không có trang tính '{sheet}'; tệp có: {names}.", file=path.name)


def _from_excel(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _read_csv(path: Path, encoding: str | None, tab: bool) -> tuple[list, list[list]]:
    data = path.read_bytes()
    if encoding:
        codec = _codec(encoding)
        try:
            text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError as exc:
            raise ThiduaError(f"tệp không đọc được bằng bảng mã {encoding} ({exc.reason} ở byte "
                              f"{exc.start}); bỏ --encoding để tự nhận bảng mã.", file=path.name) from None
    else:
        text = read_text(data, Decoder("auto"), path.name).text
    text = nfc(text)
    delimiter = "\t" if tab else None
    first_line = text.split("\n", 1)[0].strip()
    if re.fullmatch(r"sep=.", first_line):  # Excel's hint line
        delimiter, text = first_line[-1], text.split("\n", 1)[1] if "\n" in text else ""
    header, rows = None, []
    reader = None
    try:
        delimiter = delimiter or _sniff_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for values in reader:
            if all(_is_empty(v) for v in values):
                continue
            if header is None:
                header = [_unescape(v)[0] for v in values]
            else:
                rows.append([_typed(v) for v in values])
    except csv.Error as exc:
        raise ThiduaError(f"tệp CSV hỏng: {exc}.", file=path.name,
                          row=reader.line_num if reader else None) from None
    _vietnamese_numbers(rows)
    return header or [], rows


def _vietnamese_numbers(rows: list[list]) -> None:
    """Columns of numbers written the Vietnamese way (`8,5`, `10.141`) become numbers, as a
    spreadsheet's own numbers do: a column is typed when every text in it is such a number
    and at least one has a decimal comma or a thousands dot (so `10.141` alone, which could
    be a decimal point, is not guessed at; it is when `8,5` stands in the same column)."""
    width = max((len(r) for r in rows), default=0)
    for j in range(width):
        texts = [r[j] for r in rows if j < len(r) and isinstance(r[j], str)]
        numbers = [r[j] for r in rows if j < len(r) and isinstance(r[j], (int, float)) and not isinstance(r[j], bool)]
        if not texts or not all(_VIETNAMESE.fullmatch(t) for t in texts):
            continue
        if not any("," in t for t in texts) or any(isinstance(x, float) for x in numbers):
            continue  # only thousands dots, or machine decimals beside: ambiguous, left as written
        for r in rows:
            if j < len(r) and isinstance(r[j], str):
                value = float(r[j].replace(".", "").replace(",", "."))
                r[j] = int(value) if value.is_integer() and "," not in r[j] else value


def _sniff_delimiter(text: str) -> str:
    """`,` `;` or tab: the one splitting the first rows into the most equal-width columns."""
    sample = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        widths = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _unescape(field: str) -> tuple[str, bool]:
    """Undo `csv_safe`: (`'=SUM(1)` → `=SUM(1)`, True)."""
    if field.startswith("'") and field[1:].startswith(FORMULA_START):
        return field[1:], True
    return field, False


def _typed(field: str) -> Any:
    field, escaped = _unescape(field)
    if escaped:
        return field
    if field == "":
        return None
    if _INT.fullmatch(field):
        return int(field)
    if _FLOAT.fullmatch(field.lower()) and not _THOUSANDS.fullmatch(field):
        return float(field)
    if field in ("TRUE", "FALSE"):
        return field == "TRUE"
    return _dated(field)


def _dated(text: str) -> Any:
    """An ISO date or date-time string as a date; any other text unchanged."""
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _DATETIME.fullmatch(text):
            return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    return text


def _read_json(path: Path, encoding: str | None, lines: bool) -> tuple[list[str], list[dict]]:
    try:
        text = path.read_bytes().decode(_codec(encoding) if encoding else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ThiduaError(f"tệp JSON phải là UTF-8 ({exc.reason} ở byte {exc.start}).", file=path.name) from None
    try:
        if lines:
            records = [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        else:
            data = json.loads(text)
            if isinstance(data, dict) and isinstance(data.get("records"), list):
                data = data["records"]
            if not isinstance(data, list):
                raise ThiduaError('tệp JSON phải là một mảng đối tượng [{…}, …] hoặc {"records": [{…}, …]}.',
                                  file=path.name)
            records = list(enumerate(data, 1))
    except json.JSONDecodeError as exc:
        raise ThiduaError(f"tệp JSON hỏng: {exc.msg}.", file=path.name, row=exc.lineno) from None
    header: dict[str, None] = {}
    rows = []
    for number, record in records:
        if not isinstance(record, dict):
            what = "dòng" if lines else "phần tử"
            raise ThiduaError(f"{what} {number} không phải một đối tượng {{…}}.", file=path.name)
        row = _flatten(record)
        header.update(dict.fromkeys(row))
        rows.append(row)
    names = list(header)
    return names, [{name: row.get(name) for name in names} for row in rows]


def _flatten(record: dict, prefix: str = "") -> dict:
    row = {}
    for key, value in record.items():
        name = prefix + nfc(str(key))
        if isinstance(value, dict):
            row.update(_flatten(value, name + "_"))
        elif isinstance(value, list):
            row[name] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, str):
            row[name] = _dated(nfc(value))
        else:
            row[name] = value
    return row


# ---------------------------------------------------------------------------------------------
# Writing

def write_table(path: Path, header: list[str], rows: list[dict], *, encoding: str = "utf-8-sig",
                force: bool = False) -> Path:
    """Write the table to `path` (.xlsx, .csv/.tsv, .json/.jsonl) atomically; returns `path`."""
    path = Path(path)
    suffix = _suffix(path, _EXCEL[:1] + _CSV + _JSON)
    if path.is_dir():
        raise ThiduaError("đây là một thư mục; hãy cho tên tệp kết quả.", file=str(path))
    if path.exists() and not force:
        raise ThiduaError("tệp đã có; không ghi đè. Dùng --force để ghi đè.", file=str(path))
    header = [nfc(str(name)) for name in header]
    if suffix in _EXCEL:
        _write_xlsx(path, header, rows)
    elif suffix in _CSV:
        data = _csv_bytes(path, header, rows, encoding, "\t" if suffix == ".tsv" else ",")
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
    else:
        records = [{name: _json_value(row.get(name)) for name in header} for row in rows]
        if suffix == ".jsonl":
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        else:
            text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        with atomic_path(path) as tmp:
            tmp.write_bytes(text.encode("utf-8"))
    return path


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return nfc(value)
    return value


def _csv_field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")  # the form Excel reads as a date and time
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return csv_safe(nfc(value))
    return str(value)


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ThiduaError(f"không biết bảng mã '{encoding}' (--encoding): dùng ví dụ utf-8-sig, utf-8, "
                          "utf-16, cp1258.") from None


def _csv_bytes(path: Path, header: list[str], rows: list[dict], encoding: str, delimiter: str) -> bytes:
    codec = _codec(encoding)
    # Incremental, so that utf-8-sig / utf-16 / utf-32 write their BOM once, at the start.
    encode = _encode_cp1258 if codec == "cp1258" else codecs.getincrementalencoder(codec)().encode
    out = io.BytesIO()
    for number, values in enumerate([header] + [[row.get(name) for name in header] for row in rows], 1):
        line = io.StringIO()
        csv.writer(line, delimiter=delimiter, lineterminator="\r\n").writerow(
            [csv_safe(nfc(v)) if number == 1 else _csv_field(v) for v in values])
        try:
            out.write(encode(line.getvalue()))
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start]
            raise ThiduaError(f"ký tự '{char}' không ghi được bằng bảng mã {encoding}; hãy dùng utf-8-sig.",
                              file=path.name, row=number) from None
    return out.getvalue()


_CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the combining tone marks Windows-1258 has


def _encode_cp1258(text: str) -> bytes:
    """Windows-1258 has the bare and modified Vietnamese letters (`ê ơ ă`) but writes tones as
    combining marks after them (`ệ` = `ê` + dot below), so a toned letter is split that way."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in _CP1258_TONES)
            letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _CP1258_TONES))
            out += letter.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def _write_xlsx(path: Path, header: list[str], rows: list[dict]) -> None:

    if len(rows) >= _MAX_XLSX_ROWS:
        raise ThiduaError(f"bảng có {len(rows)} dòng, quá giới hạn của Excel ({_MAX_XLSX_ROWS - 1}); "
                          "hãy ghi ra .csv.", file=path.name)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(path.stem)
    widths = [len(name) for name in header]
    for number, values in enumerate([header] + [[row.get(name) for name in header] for row in rows], 1):
        values = [_xlsx_value(v) for v in values]
        for value, name in zip(values, header):
            if isinstance(value, str) and len(value) > _MAX_XLSX_TEXT:
                raise ThiduaError(f"ô dài {len(value)} ký tự, quá giới hạn {_MAX_XLSX_TEXT} của Excel.",
                                  file=path.name, row=number, column=name)
        try:
            append_data_row(ws, values)
        except IllegalCharacterError:
            raise ThiduaError("có ký tự điều khiển không ghi được vào Excel; hãy xoá ký tự đó hoặc ghi ra .csv.",
                              file=path.name, row=number) from None
        for i, (cell, value) in enumerate(zip(ws[ws.max_row], values)):
            if isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            if number <= 200 and value is not None:
                widths[i] = max(widths[i], len(str(value)))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _sheet_title(stem: str) -> str:
    """A legal sheet name: no `[]:*?/\\`, at most 31 characters, diacritics kept."""
    title = re.sub(r"[\[\]:*?/\\]", " ", nfc(stem)).strip(" '")[:31].strip()
    return title or "Bảng"


# ---------------------------------------------------------------------------------------------

def convert_table(src: Path, dst: Path, *, sheet: str | None = None, encoding: str | None = None,
                  force: bool = False) -> int:
    """Convert a table file to another format; returns the number of rows written.

    `encoding` is for the CSV side: the output's if `dst` is .csv/.tsv (default UTF-8 with
    BOM), else the input's (default: sniffed).
    """
    src, dst = Path(src), Path(dst)
    _suffix(src, _EXCEL + _CSV + _JSON)
    out_suffix = _suffix(dst, _EXCEL[:1] + _CSV + _JSON)
    check_output(src, dst, force)
    writes_csv = out_suffix in _CSV
    if encoding and writes_csv:
        _codec(encoding)  # refuse a bad name before reading
    header, rows = read_table(src, sheet=sheet, encoding=None if writes_csv else encoding)
    write_table(dst, header, rows, encoding=(encoding if writes_csv and encoding else "utf-8-sig"), force=force)
    return len(rows)

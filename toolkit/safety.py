"""Guards for values we write into spreadsheets.

A cell that starts with `=`, `+`, `-`, `@`, tab or CR is run as a formula by Excel and
LibreOffice (CSV/formula injection, OWASP). In .xlsx we store such text as a string cell with
Excel's quote prefix, so the value stays exact; in .csv we prefix an apostrophe.
"""
from __future__ import annotations

from typing import Any, Iterable

from openpyxl.cell.cell import Cell

from .errors import ThiduaError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_safe(value: Any) -> Any:
    """A CSV field that a spreadsheet program will not run as a formula."""
    return "'" + value if looks_like_formula(value) else value


def append_data_row(ws, values: Iterable[Any]) -> None:
    """Append user data to an openpyxl sheet (write-only too); text is always text, never a formula.

    A row with formula-looking text goes in as ready-made cells, rather than being fixed
    after the append: finding the row just appended (`ws.max_row`) looks at every cell of the
    sheet, which made writing 100,000 rows take hours. Every value of such a row gets its own
    cell because a write-only sheet reuses the last cell it was given for the next values.
    """
    values = list(values)
    if any(looks_like_formula(value) for value in values):
        values = [None if value is None else _cell(ws, value) for value in values]
    ws.append(values)


def _cell(ws, value: Any):
    cell = Cell(ws, row=1, column=1, value=value)  # append moves it to its place
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


# Limits for zip-based files (.docx, .xlsx) from outside: a real document of ours is a few MB
# uncompressed; a zip bomb is gigabytes from kilobytes.
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000


def check_zip(infos, file: str) -> None:
    """Refuse a zip whose declared sizes could exhaust memory, before inflating anything."""
    if len(infos) > MAX_ENTRIES:
        raise ThiduaError(f"tệp có quá nhiều thành phần ({len(infos)}), có thể là tệp độc hại; không xử lý.", file=file)
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise ThiduaError(
            f"tệp giải nén ra {total // (1024 * 1024)} MB (tỷ lệ nén {total // packed}:1), "
            "có thể là tệp độc hại (zip bomb); không xử lý.", file=file)


# Office programs never write a DTD into a package part; a part that declares entities is
# built to expand into gigabytes (billion laughs) or to pull in another file (XXE). Our XML
# parsers refuse it (lxml with entities off, openpyxl through defusedxml); this names it.
HOSTILE_XML = ("tệp chứa khai báo thực thể XML (DTD/ENTITY), thứ Excel và Word không bao giờ ghi: "
               "có thể là tệp độc hại nên không xử lý. Hãy mở bằng Excel, Word hoặc LibreOffice, lưu lại rồi gửi lại.")


def is_hostile_xml(exc: BaseException | None) -> bool:
    """Whether an exception (or one it came from) is defusedxml refusing a DTD or an entity."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False

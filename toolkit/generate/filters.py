"""Template filters that write Vietnamese the official way.

Each filter is a thin wrapper over `toolkit.vn`, tolerant of the values a spreadsheet gives
(None, numbers, text, dates): a filter never invents a value, and empty in is empty out.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from .. import vn
from ..office.lines import break_lines
from . import images, objects


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def ngay_thang(value: Any, nam: Any = None) -> str:
    """`ngày 05 tháng 02 năm 2025` (NĐ 30 zero rule); blanks for a draft without a date."""
    d = value if isinstance(value, date) else vn.parse_date(value)
    year = vn.parse_number(nam) if not _empty(nam) else None
    return vn.format_date_nd30(d, int(year) if year is not None else None)


def so(value: Any, decimals: int | None = None) -> str:
    """`10.141`, `2,5`: thousands with a dot, decimals with a comma."""
    if _empty(value):
        return ""
    number = vn.parse_number(value)
    return vn.format_number(number, decimals)


def phan_tram(value: Any, decimals: int = 1) -> str:
    """`95,5%`."""
    if _empty(value):
        return ""
    return vn.format_percent(vn.parse_number(value), decimals)


def bang_chu(value: Any) -> str:
    """A number in words: `Một trăm lẻ năm`."""
    if _empty(value):
        return ""
    return vn.number_to_words(vn.parse_number(value))


def tien_bang_chu(value: Any) -> str:
    """An amount in words ending in `đồng`."""
    if _empty(value):
        return ""
    return vn.money_to_words(vn.parse_number(value))


def hoa(value: Any) -> str:
    """Vietnamese upper case (`Công đoàn` → `CÔNG ĐOÀN`)."""
    return "" if value is None else vn.upper(str(value))


def viet_tat(value: Any, mode: str = "rut_gon") -> str:
    """Abbreviate known phrases (`Công đoàn cơ sở` → `CĐCS`); `mode='day_du'` expands them."""
    if value is None:
        return ""
    text = str(value)
    return vn.expand_abbreviations(text) if mode in ("day_du", "expand") else vn.abbreviate(text)


def dong(value: Any) -> list[str]:
    """The non-empty lines of a multi-line cell, without list dashes or end punctuation."""
    if _empty(value):
        return []
    lines = []
    for line in str(value).splitlines():
        line = line.strip().lstrip("-–•+").strip().rstrip(";.").strip()
        if line:
            lines.append(line)
    return lines


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def la_ma(value: Any) -> str:
    """Roman numerals for section headings (`I.`, `II.`)."""
    n = int(vn.parse_number(value) or 0)
    out = []
    for number, letters in _ROMAN:
        count, n = divmod(n, number)
        out.append(letters * count)
    return "".join(out)


def theo_nhom(rows: Iterable[Any], attribute: str) -> list[tuple[Any, list[Any]]]:
    """Rows grouped by a column, groups in first-appearance order (Jinja's groupby sorts)."""
    groups: dict[Any, list[Any]] = {}
    for row in rows or ():
        key = row.get(attribute) if isinstance(row, dict) else getattr(row, attribute, None)
        groups.setdefault(key if not _empty(key) else None, []).append(row)
    return list(groups.items())


_ROLE_ORDER = {"khoi truong": 0, "cum truong": 0, "khoi pho": 1, "cum pho": 1}


def khoi_truong_truoc(rows: Iterable[Any]) -> list[Any]:
    """Cluster members with the leader (Khối trưởng) first, then deputies, order otherwise kept."""
    def rank(row):
        return _ROLE_ORDER.get(vn.fold(str(row.get("vai_tro") or "")), 2)
    return sorted(rows or (), key=rank)


def hinh_anh(value: Any, rong: Any = None, cao: Any = None, cot: str | None = None) -> Any:
    """A picture from a column of image paths: `{{ r.anh|hinh_anh(30) }}` is 30 mm wide, the
    aspect kept; `hinh_anh(30, 40)` fixes both, none gives the file's own size. Paths are
    relative to the workbook's folder (images.from_workbook); an empty cell prints nothing.
    `cot` (the column, filled in by the engine) goes into the message about a bad file."""
    if _empty(value):
        return ""
    if objects.kind(value):  # a picture built in Python (docxtpl's InlineImage)
        return value
    try:
        return images.from_workbook(value, objects.current().images_from, rong, cao)
    except images.PictureError as exc:
        if cot:
            raise images.PictureError(f"cột «{cot}»: {exc}") from None
        raise


def ngat_dong(value: Any, rong_mm: float, co_chu: float = 12, dam: bool = False) -> str:
    """The text broken into lines of at most `rong_mm` at `co_chu` pt (bold with `dam`), between
    word groups of a name, never inside a word (`LIÊN ĐOÀN LAO ĐỘNG / TỈNH AN GIANG`)."""
    if _empty(value):
        return ""
    return break_lines(str(value), float(rong_mm), float(co_chu), bool(dam))


FILTERS = {
    f.__name__: f
    for f in (ngay_thang, so, phan_tram, bang_chu, tien_bang_chu, hoa, viet_tat, dong, la_ma,
              theo_nhom, khoi_truong_truoc, ngat_dong, hinh_anh)
}

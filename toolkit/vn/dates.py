"""Dates as cells hold them (`05/02/2025`) and as NĐ 30 writes them in a document.

NĐ 30/2020, Phụ lục I: the day below 10 and the months 1 and 2 get a leading zero, the months
3–12 do not (`ngày 05 tháng 02 năm 2025`, `ngày 01 tháng 3 năm 2019`), so that nobody can add
a digit in front of them later.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from .text import fold

_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
_DMY = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})" + _TIME)
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + _TIME)
# What `format_date_nd30` writes, so that a generated document reads back as the same date.
_ND30 = re.compile(r"ngay ([0-9]{1,2}) thang ([0-9]{1,2}) nam ([0-9]{4})")

_BLANK = "    "  # a draft leaves room to write the day and month by hand


def parse_date(value: object) -> date | None:
    """A cell as a date: a date/datetime, `05/02/2025`, `5-2-2025`, `2025-02-05`; blank → None.

    Raises `ValueError` with a Vietnamese message when the text is not a real date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if m := _DMY.fullmatch(text):
        day, month, year = m[1], m[3], m[4]
    elif m := _ISO.fullmatch(text):
        year, month, day = m[1], m[2], m[3]
    elif m := _ND30.search(fold(text)):
        day, month, year = m[1], m[2], m[3]
    else:
        raise _not_a_date(text)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _not_a_date(text) from None


def _not_a_date(text: str) -> ValueError:
    return ValueError(f"'{text}' không phải là ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 05/02/2025")


def format_date_nd30(d: object, year: int | None = None) -> str:
    """`ngày 05 tháng 02 năm 2025`; with no date, a draft `ngày    tháng    năm 2025`."""
    d = parse_date(d)
    if d is None:
        return f"ngày{_BLANK}tháng{_BLANK}năm {year if year is not None else _BLANK}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def format_place_date(place: str, d: object, year: int | None = None) -> str:
    """The dateline under the national motto: `An Giang, ngày 01 tháng 3 năm 2019`."""
    when = format_date_nd30(d, year)
    place = (place or "").strip()
    return f"{place}, {when}" if place else when

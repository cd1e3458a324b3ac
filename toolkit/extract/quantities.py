"""Quantities in a sentence: which numbers count something, with their operator and range.

`10.141`, `95,5%`, `85-90%`, `từ 03 … trở lên`, `1,5 triệu`, `36/41` (a fraction: the
numerator counts) are read with `vn.parse_target`. Which numbers are no figures at all is
said in one place, `not_a_figure`; dates and document numbers are told apart by their
form first (`_chunk_kind`). A ratio to a plan (`đạt 107% kế hoạch`) is marked `to_plan`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..vn import Target, fold, parse_number, parse_target

_CHUNK = re.compile(r"(?<![\w.,\-])(?<![0-9]/)([0-9]+(?:[.,][0-9]+)*)((?:/[\w.\-]+)*)")
_RANGE = re.compile(r"\s*%?\s*(?:-|–|—|~|đến|tới|den|toi)\s*([0-9]+(?:[.,][0-9]+)*)(?![/\w])\s*%?")
_PERCENT = re.compile(r"\s*%")
_AFTER_OP = re.compile(r"\s*tr[ởo]\s*(?:l[êe]n|xu[ốo]ng)", re.IGNORECASE)
_DOTTED_DATE = re.compile(r"^[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4}$")
_YEAR = re.compile(r"^(?:19[4-9][0-9]|20[0-9]{2})$")
# A number right after these words names something (a day, an article, a page …).
_NOT_BEFORE = re.compile(
    r"(?:^|\s)(?:ngay|thang|nam|quy|tuan|gio|luc|dieu|khoan|chuong|muc|trang|khoa|thu|"
    r"nhiem ky|dot|lan|phu luc|nghi dinh|quyet dinh|thong tu|chi thi|nghi quyet|ke hoach|"
    r"huong dan|cong van|luat|to|doi|khu|ap|phuong|quan|lop|phong|giai|bai|iso|covid|"
    r"ql|km|tuyen|hop dong|ma|mau|bieu|phieu|so hieu|dien thoai|dt|tel|fax|mst|stk|"
    r"dai hoi|lan thu|hoi nghi lan|tieu chi|tieu chuan|nhom|khoi|xa|thon|so)\s*[:.]?\s*$"
)
_COUNT_BEFORE_SO = re.compile(r"(?:tong|co|voi|la)\s+so\s*[:.]?\s*$")
# …or right before these (durations, ages, money, measures; `0,8 lần mức lương cơ sở` is money).
_NOT_AFTER = re.compile(
    r"^\s*(?:nam|thang|ngay|gio|phut|giay|tuoi|dong(?!\s*chi)|d(?!/)|vnd|usd|trieu|ty(?!\s*le)|ti(?!\s*le)|"
    r"nghin dong|ngan dong|km|m2|m|kg|tan|ha|lit|tiet|h[0-9]*|g)\b|^\s*lan\s*(?:/|muc luong)"
)
# `VNPT 4.0`, `Trung tâm Viễn thông 3,`: a number closing a name is part of the name.
_NAME_NUMBER = re.compile(r"(?:^|\s)[A-ZĐÀ-Ỹ][\w.&-]*\s+$")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:)]|$)")
# `Tổ công đoàn Dây chuyền In phun 2;`, `Trường Tiểu học số 2,`: a clause that names a unit
# and ends with a number — the number is the unit's, whatever the case of the word before it.
_UNIT_CLAUSE = re.compile(
    r"(?:^|[,;:(]\s*|\s[-–]\s)(?:Tổ|Đội|Phân xưởng|Xưởng|Dây chuyền|Trung tâm|Phòng|Khoa|Chi nhánh|Xí nghiệp|"
    r"Nhà máy|Trường|Công ty|Khu|Lớp|Chi đoàn|Chi bộ|Bộ phận|Trạm|Kho|Cửa hàng|Ca|Kíp)\s[^,;:()0-9]*$")
_COUNT_VERB = re.compile(r"\b(?:co|dat|gom|ket nap|tang|giam|la|duoc|tong so|so luong)\b")
# `1,5 triệu đoàn viên`: a scale word before anything but money multiplies the number.
_SCALE = re.compile(r"\s*(triệu|nghìn|ngàn)(?![\w])(?!\s*(?:đồng|đ\b|VNĐ|VND|USD|tỷ|tỉ)(?!\w))", re.IGNORECASE)
_SCALES = {"triệu": 1_000_000, "nghìn": 1000, "ngàn": 1000}
# `đạt 107% kế hoạch`, `132% so với chỉ tiêu`: a ratio to a plan, not a figure of a metric
# (kept as `khac`, with the plan in its label).
_RATIO_TO_PLAN = re.compile(
    r"^\s*(?:so voi |cua |tren )?(?:ke hoach|kh\b|chi tieu|muc tieu|cung ky|nam truoc|du toan|so voi)")
# `cứ 10 đoàn viên có một sáng kiến`: the base of a rate.
_RATE_BASE = re.compile(r"(?:^|\s)cứ\s*$", re.IGNORECASE)
_DATE_WORDS = re.compile(r"(?:ngay|le|quoc khanh|ky niem|chao mung|dip|nhan dip|thang|tu|den)\s*$")


@dataclass
class Quantity:
    """A number in a sentence that counts something, with where it stands."""

    start: int
    end: int
    target: Target
    joined_by_slash: bool = False  # `10.141 đoàn viên/10.159 CBCCVCLĐ`: this is the second
    fraction: bool = False  # `312/315 người lao động`: the numerator of a fraction
    to_plan: bool = False  # `đạt 107% kế hoạch`: a ratio to a plan, no figure of a metric



def find_quantities(text: str) -> list[Quantity]:
    """The quantities of a sentence, in order; numbers that are no figures left out."""
    out: list[Quantity] = []
    prev_end, prev_date = 0, False
    for m in _CHUNK.finditer(text):
        if m.start() < prev_end:
            continue
        number, slashes = m[1], m[2]
        before = fold(text[max(0, m.start() - 40):m.start()])
        kind = _chunk_kind(number, slashes, before, text[m.end():],
                           prev_date and _joined_date(text[prev_end:m.start()]))
        prev_date = kind == "date"
        if kind in ("date", "reference"):
            prev_end = m.end()
            continue
        try:
            if parse_number(number) is None:
                continue
        except ValueError:
            continue
        numerator_end = m.start() + len(number)
        end = m.end()
        rng = _RANGE.match(text, numerator_end) if kind == "number" else None
        if rng and _YEAR.match(number) and _YEAR.match(rng[1]):
            prev_end = rng.end()
            continue  # `2023 - 2028`
        if kind == "number":
            if rng and not _NOT_AFTER.match(fold(text[rng.end():rng.end() + 12])):
                end = rng.end()
            else:
                p = _PERCENT.match(text, end)
                end = p.end() if p else end
            if (a := _AFTER_OP.match(text, end)):
                end = a.end()
        has_percent = "%" in text[m.start():end]
        scale = _SCALE.match(text, end) if not has_percent and kind == "number" else None
        if not scale and not_a_figure(text, m.start(), end, number, kind, has_percent):
            prev_end = end
            continue
        if scale:
            end = scale.end()
        look = max(prev_end, m.start() - 30)
        value_end = numerator_end if kind == "fraction" else end
        target = parse_target(text[look:value_end])
        if target is None:
            continue
        if scale:
            factor = _SCALES[scale[1].lower()]
            target = replace(target, value=_scaled(target.value, factor),
                             value_max=None if target.value_max is None else _scaled(target.value_max, factor))
        slash = bool(out) and _joined_by_slash(text[out[-1].end:m.start()])
        ratio = has_percent and bool(_RATIO_TO_PLAN.match(fold(text[end:end + 24])))
        out.append(Quantity(m.start(), end, target, slash, kind == "fraction", ratio))
        prev_end = end
    return out


def not_a_figure(text: str, start: int, end: int, number: str, kind: str, has_percent: bool) -> str | None:
    """Why the number at `text[start:end]` counts nothing (or None when it may): the one
    place that says which numbers are no figures, whatever the phrase around them.

    Dates and document numbers are told apart before (`_chunk_kind`); here: a digit glued to
    letters (an OCR token, `3š`), the base of a rate (`cứ 10 …`), a year, a measure, duration
    or money after it (`2 triệu đồng`, `80 năm`, `6,53 ha`), a label before it (`Điều 5`,
    `lần thứ 3`, `số điện thoại`), a number closing a name (`VNPT 4.0`, `Viễn thông 3,`).
    """
    before = fold(text[max(0, start - 40):start])
    if end < len(text) and text[end].isalpha() and not text[end - 1].isspace() \
            and not _NOT_AFTER.match(fold(text[end:end + 6])):
        return "token"
    if _RATE_BASE.search(text[max(0, start - 6):start]):
        return "rate base"
    if not has_percent:
        if _YEAR.match(number) and kind == "number":
            return "year"
        if _NOT_AFTER.match(fold(text[end:end + 14])):
            return "measure"
    if _NOT_BEFORE.search(before) and not _COUNT_BEFORE_SO.search(before):
        return "label"
    if not has_percent and _NAME_NUMBER.search(text[max(0, start - 30):start]) and _CLAUSE_END.match(text, end):
        return "name"
    if not has_percent and _CLAUSE_END.match(text, end) and (m := _UNIT_CLAUSE.search(text[max(0, start - 80):start])) \
            and not _COUNT_VERB.search(fold(m.group(0))):
        return "name"
    return None


def _scaled(value: float | int, factor: int) -> float | int:
    x = round(value * factor, 6)
    return int(x) if float(x).is_integer() else x


def _chunk_kind(number: str, slashes: str, before: str, after: str, after_date: bool) -> str:
    """`number`, `fraction` (36/41), `date` or `reference` (05/BC-CĐCS, Điều 5)."""
    if _DOTTED_DATE.match(number):
        return "date"
    if not slashes:
        return "date" if after_date else "number"
    parts = slashes.strip("/").split("/")
    if any(not p.replace(".", "").replace(",", "").isdigit() for p in parts):
        return "reference"
    if len(parts) >= 2:
        return "date"
    denominator = parts[0]
    if _YEAR.match(denominator) and not _YEAR.match(number):
        return "date"  # 12/2024
    try:
        a, b = parse_number(number), parse_number(denominator)
    except ValueError:
        return "reference"
    noun_follows = bool(re.match(r"\s*[^\W\d_]", after))
    if after_date or _DATE_WORDS.search(before) or a > b or not noun_follows and a <= 31 and b <= 12 and "%" not in after[:3]:
        return "date"
    return "fraction"


def _joined_date(between: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:-|–|—|đến|tới)\s*", between))


def _joined_by_slash(between: str) -> bool:
    return bool(re.fullmatch(r"[^0-9,;.]*/\s*", between))

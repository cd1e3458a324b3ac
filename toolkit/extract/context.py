"""What a file says about itself before its figures: who sent it, for which year, and
whether it is a plan (*kế hoạch*, *giao ước*, *đăng ký*) or a report of results.

A document in NĐ 30 layout opens with a header block (docs/formats.md, *Header block*):
the parent body (*cơ quan chủ quản*) in caps, the issuing body under it, `Số: 05/BC-CĐCS`,
the national motto on the right and the place-date line under it; then the type name
(`BÁO CÁO`, `BẢN GIAO ƯỚC THI ĐUA`) and the summary line (*trích yếu*, `Tổng kết … năm
2024`). Readers give this as lines, or as the cells of a borderless table (a cell may hold
several lines), or — in a spreadsheet — as the first rows of a sheet. `file_context` reads
all three the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..readers.blocks import Line, ReadFile, Table
from ..vn import fold
from .phrases import header_roles

# How far into a file the header and title are looked for.
_MAX_LEADING = 60

_QUOC_HIEU = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
# Words that open the name of an organisation in a header (folded).
_ORG_START = re.compile(
    r"^(?:tong lien doan|lien doan|ldld|cong doan|cd |cdcs|cdvc|ban chap hanh|bch |"
    r"dang uy|dang bo|chi bo|uy ban|ubnd|so |phong |truong |benh vien|tong cong ty|cong ty|"
    r"khoi |hoi dong|ban |trung tam|chi cuc|cuc |bo |hoi |doan |vien |tap doan|ngan hang|"
    r"kho bac|tong cuc|van phong|thanh uy|tinh uy|huyen uy|to cong doan)"
)
# Inside one header cell the parent and issuing bodies may arrive joined in one string:
# the issuing body starts at the next of these words (`… AN GIANG CÔNG ĐOÀN CƠ SỞ …`).
_ISSUER_START = re.compile(r"(?<=\s)(?:ban chap hanh|bch|cong doan|cdcs|cd)\s")
# …unless the words before it are the start of the same name (`BAN CHẤP HÀNH CÔNG ĐOÀN …`).
_NOT_A_PARENT = ("ban chap hanh", "bch", "ban thuong vu", "btv", "tm.", "tm")
# Document type names (NĐ 30, Phụ lục III, plus the union's own papers), folded. A launch
# (`PHÁT ĐỘNG phong trào thi đua năm 2022`) sets targets: it is a plan.
_TITLE = re.compile(
    r"^(?:bao cao|ban giao uoc|giao uoc|danh sach|ke hoach|chuong trinh|bien ban|to trinh|"
    r"quyet dinh|bang cham diem|bang tu cham diem|bang dang ky|ban dang ky|dang ky|thong bao|"
    r"huong dan|phieu|bang tong hop|tong hop|ban cam ket|cam ket|phuong huong|nghi quyet|"
    r"cong van|bang diem|ket qua|phat dong|bao cao cham diem|bao cao tu cham diem)\b"
)
_PLAN_TITLE = re.compile(
    r"^(?:ban giao uoc|giao uoc|ke hoach|chuong trinh|bang dang ky|ban dang ky|dang ky|"
    r"ban cam ket|cam ket|phuong huong|phat dong)\b|^danh sach (?:\w+ ){0,3}dang ky"
)
# Type codes in `Số: 05/KH-CĐCS` that mark a plan or a pledge (NĐ 30 Phụ lục III; GƯTĐ and
# ĐKTĐ are the usual local codes, docs/formats.md).
_PLAN_CODES = {"kh", "ctr", "gutd", "dktd", "gu", "dk", "pa"}
_NUMBER_LINE = re.compile(r"^so\s*:?\s*[0-9 ]*/(?:[0-9]{4}/)?([a-z]+)")
_PLACE_DATE = re.compile(r"ngay\s*[0-9 ]*thang\s*[0-9 ]*nam\s*((?:19|20)[0-9]{2})")
_YEAR = re.compile(r"(?<![0-9])nam\s+((?:19|20)[0-9]{2})(?![0-9])")
_UNIT_LINE = re.compile(r"^(?:ten )?(?:don vi|cong doan co so|cdcs)(?: duoc cham| tu cham| bao cao)?\s*:\s*")
_CAPS = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# Where the next header line starts inside a joined cell: `Số:`, the motto, the place-date.
_JOINED_HEADER = re.compile(
    rf"\s+(?=Số\s*:|CỘNG HÒA XÃ HỘI|Độc lập\s*-|(?:[{_CAPS}][^\s,]*\s?){{1,4}},\s*ngày\b)")
_BODY_START = re.compile(r"^(?:kinh gui|can cu|thuc hien|[ivx]+\s*[.)]|[0-9]+\s*[.)]|phan )")


@dataclass
class FileContext:
    """The unit that sent a file, the year it is about, and whether it pledges or reports.

    `plan_year` is the later year a report looks ahead to (`… năm 2024 và phương hướng năm
    2025`): targets in its *phương hướng* part belong to that year.
    """

    unit: str | None = None
    year: int | None = None
    is_plan: bool = False
    title: str | None = None
    plan_year: int | None = None


def file_context(read: ReadFile) -> FileContext:
    """The header, title and year of a file, read from its first lines, cells or rows."""
    texts = leading_texts(read)
    title_at = next((i for i, t in enumerate(texts) if is_title(t)), None)
    head = texts[:title_at] if title_at is not None else texts[:12]
    unit = named_unit(texts) or issuing_body(head)
    title = _title_lines(texts, title_at) if title_at is not None else None

    folded_head = [fold(t) for t in head]
    years = [int(y) for y in _YEAR.findall(fold(title))] if title else []
    date_year = next((int(m[1]) for t in folded_head if (m := _PLACE_DATE.search(t))), None)
    if date_year is None:
        date_year = next((int(m[1]) for t in map(fold, texts[:20]) if (m := _PLACE_DATE.search(t))), None)
    year = years[0] if years else date_year

    is_plan = bool(title and _PLAN_TITLE.search(fold(title)))
    for t in folded_head:
        if (m := _NUMBER_LINE.search(t)) and m[1] in _PLAN_CODES:
            is_plan = True
    later = [y for y in years if year is not None and y > year]
    plan_year = later[0] if later and not is_plan else None
    return FileContext(unit=unit, year=year, is_plan=is_plan, title=title, plan_year=plan_year)


def leading_texts(read: ReadFile) -> list[str]:
    """The first texts of a file in reading order: lines, and the cells of its top rows.

    A table contributes the rows before its column headers start (title rows, a header block
    drawn as a table); a cell holding several lines gives each line.
    """
    out: list[str] = []
    for block in read.blocks:
        if isinstance(block, Line):
            out.extend(_split_lines(block.text))
        elif isinstance(block, Table):
            for row in block.rows[:12]:
                seen: list[str] = []
                for cell in row:
                    if cell.text and cell.text not in seen:
                        seen.append(cell.text)
                if _looks_like_header_row(seen):
                    break
                for text in seen:
                    out.extend(_split_lines(text))
        if len(out) >= _MAX_LEADING:
            break
    return out[:_MAX_LEADING]


def is_title(text: str) -> bool:
    """Whether a line is a document type name (`BÁO CÁO`, `DANH SÁCH ĐĂNG KÝ THI ĐUA`)."""
    letters = [c for c in text if c.isalpha()]
    if not letters or len(text) > 160:
        return False
    caps = sum(c.isupper() for c in letters) / len(letters) > 0.8
    return caps and bool(_TITLE.search(fold(text)))


def is_header_noise(text: str) -> bool:
    """The motto, the `Số:` line, the place-date line and rules: part of every header."""
    f = fold(text)
    words = " ".join(re.findall(r"[a-z0-9]+", f))
    return (any(words.startswith(q) for q in _QUOC_HIEU) or bool(_NUMBER_LINE.search(f))
            or f.startswith(("so:", "so :", "v/v", "ve viec")) or bool(_PLACE_DATE.search(f))
            or not any(c.isalnum() for c in f))


def issuing_body(head: list[str]) -> str | None:
    """The issuing body among the header texts: the organisation under the parent body.

    Organisation names are the lines in capitals; a line that does not open with an
    organisation word continues the one above (`CÔNG ĐOÀN CƠ SỞ SỞ THÔNG TIN` / `VÀ TRUYỀN
    THÔNG`). With two or more names the last is the issuing body; with one, it is that one.
    """
    orgs: list[str] = []
    for text in head:
        if is_header_noise(text) or is_title(text):
            continue
        letters = [c for c in text if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.8:
            continue
        f = fold(text)
        if _ORG_START.search(f) or not orgs:
            orgs.extend(_split_joined(text))
        else:
            orgs[-1] = f"{orgs[-1]} {text.strip()}"
    if not orgs:
        return None
    return " ".join(orgs[-1].split())


def named_unit(texts: list[str]) -> str | None:
    """A unit named on a line of its own (`Đơn vị: Công đoàn cơ sở Sở Tài chính`), as on
    scoring sheets and forms where the header is the cluster's, not the unit's."""
    for text in texts:
        m = _UNIT_LINE.match(fold(text))
        if m and len(fold(text)) == len(text):
            name = text[m.end():].strip(" .:")
            if name and not set(name) <= set("._… "):
                return " ".join(name.split())
    return None


def _split_joined(text: str) -> list[str]:
    """`CĐ VIÊN CHỨC TỈNH X CÔNG ĐOÀN CƠ SỞ Y` (one cell, lines joined) → parent, issuer."""
    f = fold(text)
    if len(f) != len(text):  # folding changed the length: positions would not line up
        return [text.strip()]
    for m in _ISSUER_START.finditer(f, 1):
        if not f[:m.start()].rstrip().endswith(_NOT_A_PARENT):
            return [text[:m.start()].strip(), text[m.start():].strip()]
    return [text.strip()]


def _title_lines(texts: list[str], at: int) -> str:
    """The type name and the summary line(s) under it."""
    parts = [texts[at]]
    for text in texts[at + 1:at + 4]:
        f = fold(text)
        if (_BODY_START.search(f) or len(text) > 200 or is_header_noise(text)
                or f.startswith(("(kem theo", "kem theo"))):
            break
        parts.append(text)
    return " ".join(" ".join(parts).split())


def _split_lines(text: str) -> list[str]:
    """The lines of a text; header lines a reader joined into one cell are cut apart again."""
    out = []
    for line in text.splitlines():
        out.extend(t.strip() for t in _JOINED_HEADER.split(line) if t.strip())
    return out


def _looks_like_header_row(texts: list[str]) -> bool:
    """A row of column headers ends the header area of a sheet (two short known words)."""
    return len(texts) >= 2 and len(header_roles(texts)) >= 2

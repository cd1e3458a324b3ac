"""Our own forms and documents, read back by their layout: exact fields, confidence 1.

A form we wrote (`toolkit.forms`) says where its sections are (header row, data rows, the field
in each column); the reader found that layout in the file. A document generated from a
built-in template says which template it came from and the metric code of each pledged row
(`office.identity`); its tables are then found by their own, known headers. Each row
becomes records by field name, never by guessing: a registration row gives one record per
title and one for the reward; a pledge row gives its target; a results row the target it was
pledged and the achievement reported; a criteria row the self score and the cluster score.
"""
from __future__ import annotations

import json
import re
from typing import Iterator

from .. import vn
from ..office.identity import KIND_PREFIX, FormLayout, Section
from ..readers.blocks import Cell, Line, ReadFile, Table
from ..records import Record, Source
from ..scoring import TOTAL_LABEL, compute

FLAG = dict(value=1, op="=", measure="flag")


# Headers of the tables our built-in templates print (slugged) → the field each column holds.
GENERATED_HEADERS = {
    "stt": "stt", "ho_va_ten": "ho_va_ten", "chuc_vu": "chuc_vu", "don_vi": "don_vi",
    "danh_hieu_thi_dua": "danh_hieu", "hinh_thuc_khen_thuong": "hinh_thuc_khen_thuong", "ghi_chu": "ghi_chu",
    "ten_tap_the": "ten_tap_the", "noi_dung_chi_tieu": "noi_dung", "chi_tieu": "gia_tri",
    "ben_thuc_hien": "ben", "dvt": "don_vi_tinh", "dang_ky": "dang_ky", "thuc_hien": "thuc_hien",
    "danh_gia": "danh_gia", "cap": "cap", "so_luong": "so_luong", "noi_dung_tieu_chi": "noi_dung",
    "diem_chuan": "diem_chuan", "diem_tu_cham": "tu_cham", "diem_khoi_cham": "khoi_cham",
    "giai_trinh": "giai_trinh", "ten_mo_hinh": "ten_mo_hinh", "linh_vuc": "linh_vuc", "thoi_gian": "thoi_gian",
}
# The field that tells which section a table is, first match wins.
SECTION_BY_FIELD = (("ho_va_ten", "ca_nhan"), ("ten_tap_the", "tap_the"), ("tu_cham", "tieu_chi"),
                    ("dang_ky", "ket_qua"), ("gia_tri", "chi_tieu"), ("so_luong", "khen_thuong"),
                    ("ten_mo_hinh", "mo_hinh"))


def extract_own(read: ReadFile) -> list[Record]:
    layout = read.layout or generated_layout(read)
    if layout is None:
        return []
    codes = _codes(read)
    out: list[Record] = []
    for section in layout.sections:
        rows = dict(_section_rows(read, layout, section))
        if section.name == "tieu_chi":
            out += _scores(read, layout, section, rows)
            continue
        pledged = iter(codes.get(section.name, ()))
        for number in range(section.first_row, section.last_row + 1):
            if number in section.group_rows or number not in rows:
                continue
            values = {f: rows[number][i] for i, f in enumerate(section.columns) if f and i < len(rows[number])}
            if not any(c.text for c in values.values()):
                continue
            source = _source(read, layout, number, values)
            if "ma_chi_tieu" not in values and section.name in codes:
                values["ma_chi_tieu"] = Cell(next(pledged, ""))
            out += list(_records(layout.identity, section.name, values, source))
    out += _grade_lines(read, layout)
    for field, ref in (layout.cells or {}).items():
        cell = _cell_at(read, layout, ref)
        if field == "tu_xep_loai" and cell is not None and cell.text:
            metric = vn.find_metric(cell.text, "collective")
            out.append(Record("achievement", metric.code if metric else "khac",
                              Source(read.path.name, sheet=layout.sheet, cell=ref, text=cell.text),
                              subject=layout.identity.unit, subject_type="unit", unit=layout.identity.unit,
                              year=layout.identity.year, label=cell.text, **FLAG))
    return out


def _records(identity, section: str, values: dict[str, Cell], source: Source) -> Iterator[Record]:
    unit, year = identity.unit, identity.year
    text = {k: c.text for k, c in values.items()}
    if section in ("ca_nhan", "tap_the"):
        who, subject_type = (text.get("ho_va_ten"), "individual") if section == "ca_nhan" else (
            text.get("ten_tap_the"), "collective")
        if not who:
            return
        for column in ("danh_hieu", "hinh_thuc_khen_thuong"):
            for title in _titles(text.get(column)):
                metric = vn.find_metric(title, subject_type)
                yield Record("registration", metric.code if metric else "khac", source, subject=who,
                             subject_type=subject_type, unit=unit, position=text.get("chuc_vu") or None,
                             year=year, label=title, **FLAG)
    elif section == "chi_tieu":
        target = vn.parse_target(text.get("gia_tri"))
        if target is not None:
            yield Record("target", text.get("ma_chi_tieu") or "khac", source, subject=unit, subject_type="unit",
                         unit=unit, year=year, value=target.value, value_max=target.value_max, op=target.op,
                         measure=target.measure, label=text.get("noi_dung") or None)
    elif section == "khen_thuong":
        metric = vn.find_metric(text.get("hinh_thuc_khen_thuong") or "")
        count = _number(values.get("so_luong"))
        yield Record("achievement", metric.code if metric else "khac", source, subject=unit, subject_type="unit",
                     unit=unit, year=year, value=count, op="=", measure="count",
                     label=text.get("hinh_thuc_khen_thuong") or None)
    elif section == "mo_hinh":
        if text.get("ten_mo_hinh"):
            yield Record("registration", "mo_hinh_dan_van_kheo", source, subject=text["ten_mo_hinh"],
                         subject_type="unit", unit=unit, year=year, label=text.get("linh_vuc") or None, **FLAG)
    elif section in ("ket_qua", "so_lieu"):
        code = text.get("ma_chi_tieu") or None
        label = text.get("noi_dung") or None
        for kind, column in (("target", "dang_ky"), ("achievement", "thuc_hien")):
            cell = values.get(column)
            target = vn.parse_target(cell.value if cell is not None and isinstance(cell.value, (int, float))
                                     else (cell.text if cell is not None else None))
            if target is None:
                done = worded_result(cell.text) if cell is not None and kind == "achievement" else None
                if done is not None:
                    yield Record(kind, code or "khac", source, subject=unit, subject_type="unit", unit=unit,
                                 year=year, label=cell.text, **{**FLAG, "value": done})
                continue
            yield Record(kind, code or "khac", source, subject=unit, subject_type="unit", unit=unit, year=year,
                         value=target.value, value_max=target.value_max, op=target.op, measure=target.measure,
                         label=label)


# A result in words: said not done (`Không đạt`, `Chưa hoàn thành`), or not known yet
# (`Chờ cấp trên xếp loại`, `Đang thực hiện`); anything else (`Đạt`, `Hoàn thành`) is done.
_NOT_DONE = re.compile(r"^(?:khong|chua)\b")
_PENDING = re.compile(r"^(?:cho|dang|se|chua co|chua xep loai|chua danh gia)\b")


def worded_result(text: str | None) -> int | None:
    """A flag's value for a result written in words: 1 done, 0 not done, None not known yet
    (no record: a pending grade is no result)."""
    folded = vn.fold(text or "").strip(" .;:-")
    if not folded:
        return None
    if _PENDING.match(folded):
        return None
    return 0 if _NOT_DONE.match(folded) else 1


def _scores(read: ReadFile, layout, section, rows: dict[int, list[Cell]]) -> list[Record]:
    """Criteria rows as score records; subtotals and the total are recomputed from the items,
    so a form saved by a program that does not calculate formulas still reads right."""
    identity = layout.identity
    criteria, numbers = [], []
    for number in range(section.first_row, section.last_row + 1):
        if number == section.total_row or number not in rows:
            continue
        cells = {f: rows[number][i] for i, f in enumerate(section.columns) if f and i < len(rows[number])}
        if not (cells.get("noi_dung") and cells["noi_dung"].text):
            continue
        row = {"stt": cells["stt"].text if "stt" in cells else "", "noi_dung": cells["noi_dung"].text}
        for key in ("diem_chuan", "tu_cham", "khoi_cham"):
            row[key] = None if number in section.group_rows else _number(cells.get(key))
        criteria.append(row)
        numbers.append(number)
    out = []
    computed = compute(criteria, numbers, file=read.path.name, sheet=layout.sheet)
    for row, number in zip(computed, numbers + [section.total_row]):
        label = TOTAL_LABEL if row["la_tong"] else " ".join(filter(None, (row["stt"], row["noi_dung"])))
        source = Source(read.path.name, sheet=layout.sheet, row=number, text=label)
        for metric, key in (("diem_tu_cham", "tu_cham"), ("diem_khoi_cham", "khoi_cham")):
            if row.get(key) is not None:
                out.append(Record("score", metric, source, subject=identity.unit, subject_type="unit",
                                  unit=identity.unit, year=identity.year, value=row[key],
                                  value_max=row.get("diem_chuan"), op="=", measure="points", label=label))
    return out


def _titles(text: str | None) -> list[str]:
    """`Lao động tiên tiến, Chiến sĩ thi đua cơ sở` names two titles."""
    if not text:
        return []
    parts = [p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",")]
    return [p for p in parts if p]


def _number(cell: Cell | None):
    if cell is None:
        return None
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    try:
        return vn.parse_number(cell.text)
    except ValueError:
        return None


def _section_rows(read: ReadFile, layout, section) -> Iterator[tuple[int, list[Cell]]]:
    """A section's rows numbered as the layout numbers them: sheet rows, or rows of a Word table."""
    if read.kind == "docx":
        tables = [b for b in read.blocks if isinstance(b, Table)]
        if section.table is not None and section.table < len(tables):
            yield from enumerate(tables[section.table].rows)
        return
    for block in read.blocks:
        if isinstance(block, Table) and block.sheet == layout.sheet and block.first_row is not None:
            for i, row in enumerate(block.rows):
                yield block.first_row + i, row


def _source(read: ReadFile, layout, number, values: dict[str, Cell]) -> Source:
    text = " | ".join(c.text for c in values.values() if c.text)
    if read.kind == "docx":
        return Source(read.path.name, row=number + 1, text=text)
    return Source(read.path.name, sheet=layout.sheet, row=number, text=text)


def _cell_at(read: ReadFile, layout, ref: str) -> Cell | None:
    for block in read.blocks:
        if isinstance(block, Table) and block.sheet == layout.sheet:
            for row in block.rows:
                for cell in row:
                    if cell.ref == ref:
                        return cell
    return None


def generated_layout(read: ReadFile):
    """The sections of a document made from a built-in template, found by their headers."""
    if read.identity is None or not str(read.identity.kind).startswith(KIND_PREFIX):
        return None
    sections = []
    tables = [b for b in read.blocks if isinstance(b, Table)]
    for index, table in enumerate(tables):
        if not table.rows:
            continue
        fields = tuple(GENERATED_HEADERS.get(vn.slug(c.text), "") for c in table.rows[0])
        name = next((section for field, section in SECTION_BY_FIELD if field in fields), None)
        if name is None or "stt" not in fields:
            continue
        stt = fields.index("stt")
        groups = tuple(i for i, row in enumerate(table.rows[1:], start=1)
                       if name != "tieu_chi" and not _is_number(row[stt].text))
        total = next((i for i, row in enumerate(table.rows) if any(c.text == TOTAL_LABEL for c in row)), None)
        sections.append(Section(name, 0, 1, len(table.rows) - 1, fields, groups, total, table=index))
    return FormLayout(read.identity, None, tuple(sections))


def _is_number(text: str) -> bool:
    return text.strip().rstrip(".").isdigit()


def _codes(read: ReadFile) -> dict[str, list[str]]:
    try:
        codes = json.loads(read.properties.get("thidua_codes") or "{}")
    except ValueError:
        return {}
    return codes if isinstance(codes, dict) else {}


def _grade_lines(read: ReadFile, layout) -> list[Record]:
    """`Tự xếp loại: Hoàn thành xuất sắc nhiệm vụ.` in a generated report."""
    out = []
    for block in read.blocks:
        if isinstance(block, Line) and vn.fold(block.text).startswith("tu xep loai"):
            grade = block.text.split(":", 1)[-1].strip().rstrip(".")
            metric = vn.find_metric(grade, "collective")
            out.append(Record("achievement", metric.code if metric else "khac",
                              Source(read.path.name, text=block.text), subject=layout.identity.unit,
                              subject_type="unit", unit=layout.identity.unit, year=layout.identity.year,
                              label=grade, **FLAG))
    return out

"""Our own forms, read back by their layout: exact fields, confidence 1.

A form we wrote (`toolkit.forms`) says where its sections are (header row, data rows, the field
in each column); the reader found that layout in the file. Each filled row becomes records by
field name, never by guessing: a registration row gives one record per title and one for the
reward; a results row gives the target it was pledged and the achievement reported; a
criteria row gives the self score and the cluster score.
"""
from __future__ import annotations

from typing import Any, Iterator

from .. import vn
from ..readers.blocks import Cell, ReadFile, Table
from ..records import Record, Source
from ..scoring import TOTAL_LABEL, compute

FLAG = dict(value=1, op="=", measure="flag")


def extract_own(read: ReadFile) -> list[Record]:
    layout = read.layout
    if layout is None:
        return []
    out: list[Record] = []
    for section in layout.sections:
        rows = dict(_section_rows(read, layout, section))
        if section.name == "tieu_chi":
            out += _scores(read, layout, section, rows)
            continue
        for number in range(section.first_row, section.last_row + 1):
            if number in section.group_rows or number not in rows:
                continue
            values = {f: rows[number][i] for i, f in enumerate(section.columns) if f and i < len(rows[number])}
            if not any(c.text for c in values.values()):
                continue
            source = _source(read, layout, number, values)
            out += list(_records(layout.identity, section.name, values, source))
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
    elif section in ("ket_qua", "so_lieu"):
        code = text.get("ma_chi_tieu") or None
        label = text.get("noi_dung") or None
        for kind, column in (("target", "dang_ky"), ("achievement", "thuc_hien")):
            cell = values.get(column)
            target = vn.parse_target(cell.value if cell is not None and isinstance(cell.value, (int, float))
                                     else (cell.text if cell is not None else None))
            if target is None:
                if cell is not None and cell.text and kind == "achievement":
                    yield Record(kind, code or "khac", source, subject=unit, subject_type="unit", unit=unit,
                                 year=year, label=cell.text, **FLAG)
                continue
            yield Record(kind, code or "khac", source, subject=unit, subject_type="unit", unit=unit, year=year,
                         value=target.value, value_max=target.value_max, op=target.op, measure=target.measure,
                         label=label)


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

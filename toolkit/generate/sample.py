"""Input workbooks laid out the way `load` reads them.

`template sample` writes an empty one for a template; the bundled samples are written by the
same function, filled. Layout: a `thong_tin` sheet (`Trường | Giá trị | Ghi chú`) and one sheet
per table, headed by the Vietnamese labels, which slug back to the column names.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..files import atomic_path
from ..safety import append_data_row
from .catalog import TemplateSpec

HEADER_FONT = Font(name="Times New Roman", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BODY_FONT = Font(name="Times New Roman")


def write_input_workbook(
    spec: TemplateSpec,
    path: str | Path,
    info: Mapping[str, Any] | None = None,
    tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Path:
    """Write an input workbook for `spec`, empty or filled with `info` and `tables` rows."""
    info, tables = info or {}, tables or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "thong_tin"
    _header(ws, ["Trường", "Giá trị", "Ghi chú"], [24, 60, 70])
    for f in spec.thong_tin:
        note = f.label + (" (bắt buộc)" if f.required else "") + (f". {f.help}" if f.help else "")
        append_data_row(ws, [f.name, info.get(f.name), note])
    for r in ws.iter_rows(min_row=2):
        for c in r:
            c.font = BODY_FONT
            c.alignment = Alignment(wrap_text=True, vertical="top")
    for t in spec.tables:
        ts = wb.create_sheet(t.name)
        extra = [k for row in tables.get(t.name, ()) for k in row if t.column(k) is None]
        names = [c.name for c in t.columns] + list(dict.fromkeys(extra))
        labels = [c.label for c in t.columns] + list(dict.fromkeys(extra))
        _header(ts, labels, [max(14, min(60, len(l) * 2)) for l in labels])
        for row in tables.get(t.name, ()):
            append_data_row(ts, [row.get(n) for n in names])
        for r in ts.iter_rows(min_row=2):
            for c in r:
                c.font = BODY_FONT
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


def _header(ws, labels: Sequence[str], widths: Sequence[int]) -> None:
    ws.append(list(labels))
    for i, (cell, width) in enumerate(zip(ws[1], widths), start=1):
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"

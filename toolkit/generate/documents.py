"""Which documents a workbook makes, and the context of each.

Without options: one document from the whole workbook. `--each SHEET`: one per row of SHEET,
the row's fields over `thong_tin`. `--group-by SHEET.COLUMN`: one per distinct value of
COLUMN (master–detail from one flat sheet): the group's rows become SHEET, COLUMN becomes a
single value, and every other table with a column of that name is filtered to it too.
`--where COLUMN=VALUE` keeps the rows that match (case- and diacritic-insensitive).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from .. import vn
from ..errors import ThiduaError
from .catalog import TemplateSpec
from .workbook import INFO_SHEET, Workbook


@dataclass
class Document:
    index: int  # 1-based position in the batch
    key: str  # what tells this document apart (the row's first value, the group's value)
    base: dict[str, Any]  # shared by every document of the batch (`thong_tin` and whole tables)
    own: dict[str, Any]  # this document's row or group, over `base`
    origin: str  # for messages: where the document's data came from
    error: ThiduaError | None = None  # a value of its own row or group that could not be read

    @property
    def context(self) -> dict[str, Any]:
        return {**self.base, **self.own}


@dataclass(frozen=True)
class Condition:
    column: str
    value: str
    negate: bool = False

    def matches(self, row: dict[str, Any]) -> bool:
        cell = row.get(self.column)
        equal = vn.fold("" if cell is None else _text(cell)) == self.value
        return equal != self.negate


def parse_where(expressions: Sequence[str]) -> list[Condition]:
    conditions = []
    for expr in expressions:
        m = re.fullmatch(r"\s*([^=!]+?)\s*(!?=)\s*(.*?)\s*", expr)
        if not m:
            raise ThiduaError(f"điều kiện --where '{expr}' không đúng dạng COT=GIA_TRI (ví dụ don_vi=Phòng Kế toán).")
        conditions.append(Condition(vn.slug(m.group(1)), vn.fold(m.group(3)), m.group(2) == "!="))
    return conditions


def parse_group_by(expr: str) -> tuple[str, str]:
    sheet, dot, column = expr.partition(".")
    if not dot or not sheet or not column:
        raise ThiduaError(f"--group-by '{expr}' phải có dạng TRANG.COT, ví dụ ca_nhan.don_vi.")
    return vn.slug(sheet), vn.slug(column)


def check_workbook(wb: Workbook, spec: TemplateSpec | None, each: str | None = None,
                   group_by: tuple[str, str] | None = None) -> list[ThiduaError]:
    """Everything the workbook lacks for this template and these options, each named."""
    problems = []
    iterated = each or (group_by[0] if group_by else None)
    if iterated and iterated not in wb.sheets:
        problems.append(_missing_sheet(wb, iterated))
    if group_by and group_by[0] in wb.sheets and group_by[1] not in wb.sheets[group_by[0]].columns:
        problems.append(_missing_column(wb, group_by[0], group_by[1], None))
    if spec is None:
        return problems
    row_fields = set(wb.sheets[iterated].columns) if iterated in wb.sheets else set()
    if group_by:
        row_fields.add(group_by[1])
    for f in spec.thong_tin:
        if f.required and wb.info.get(f.name) in (None, "") and f.name not in row_fields:
            where = wb.info_rows.get(f.name)
            problems.append(ThiduaError(
                f"thiếu '{f.name}' ({f.label}): hãy điền vào cột gia_tri"
                + (f" ở dòng {where}." if where else " (thêm một dòng mới cho trường này)."),
                file=wb.path.name, sheet=INFO_SHEET))
    for table in spec.tables:
        if table.name not in wb.sheets:
            if table.required:
                problems.append(_missing_sheet(wb, table.name))
            continue
        missing = [col for col in table.columns if col.required and col.name not in wb.sheets[table.name].columns]
        problems += [_missing_column(wb, table.name, col.name, col.label) for col in missing]
        if table.name != iterated and not missing:
            problems += _empty_required_cells(wb, table)
    return problems


def _empty_required_cells(wb: Workbook, table) -> list[ThiduaError]:
    """A row that leaves a required cell empty (a member without its chủ tịch would sign with
    no name): each such cell, named. The iterated sheet is checked row by row as it renders."""
    sheet = wb.sheets[table.name]
    required = [col for col in table.columns if col.required]
    problems = []
    for row in wb.rows(table.name, keep_errors=True):
        for col in required:
            if row.values.get(col.name) in (None, ""):
                problems.append(ThiduaError(
                    f"ô {sheet.letters[col.name]}{row.number} ({col.label}) đang trống; hãy điền vào, "
                    "hoặc xóa cả dòng nếu dòng này không dùng.", file=wb.path.name, sheet=sheet.title,
                    row=row.number))
    return problems


def shared_context(wb: Workbook, each: str | None = None, group_by: tuple[str, str] | None = None,
                   where: Sequence[Condition] = ()) -> dict[str, Any]:
    """`thong_tin` and every table not iterated over: what all documents of a batch share.

    Reading it checks every value (dates, numbers, scores), so a bad workbook fails here,
    before anything is written.
    """
    iterated = each or (group_by[0] if group_by else None)
    for cond in where:
        sheets = [iterated] if iterated else [s for s in wb.sheets if cond.column in wb.sheets[s].columns]
        if not sheets or cond.column not in wb.sheets[sheets[0]].columns:
            raise _missing_column(wb, sheets[0] if sheets else (iterated or "?"), cond.column, None,
                                  "(dùng trong --where)")
    base = dict(wb.info)
    for name in wb.sheets:
        if name != iterated:
            rows = wb.table(name)
            if not iterated:
                rows = [r for r in rows if all(c.matches(r) for c in where if c.column in wb.sheets[name].columns)]
            base[name] = rows
    return base


def iter_documents(wb: Workbook, each: str | None = None, group_by: tuple[str, str] | None = None,
                   where: Sequence[Condition] = (), base: dict[str, Any] | None = None) -> Iterator[Document]:
    """The documents to render, streamed in sheet order."""
    if base is None:
        base = shared_context(wb, each, group_by, where)
    if each:
        yield from _each(wb, base, each, where)
    elif group_by:
        yield from _groups(wb, base, group_by, where)
    else:
        yield Document(1, "", base, {}, wb.path.name)


def _each(wb: Workbook, base: dict, sheet: str, where: Sequence[Condition]) -> Iterator[Document]:
    title = wb.sheets[sheet].title
    index = 0
    for row in wb.rows(sheet, keep_errors=True):
        if not all(c.matches(row.values) for c in where):
            continue
        index += 1
        own = {k: v for k, v in row.values.items() if v is not None or k not in base}
        key = next((_text(v) for v in row.values.values() if v not in (None, "")), str(index))
        yield Document(index, key, base, own, f"trang '{title}', dòng {row.number}", row.error)


def _groups(wb: Workbook, base: dict, group_by: tuple[str, str], where: Sequence[Condition]) -> Iterator[Document]:
    sheet, column = group_by
    groups: dict[str, tuple[Any, list[dict]]] = {}
    errors: dict[str, ThiduaError] = {}  # a group with a row that could not be read fails alone
    for row in wb.rows(sheet, keep_errors=True):
        if all(c.matches(row.values) for c in where):
            value = row.values.get(column)
            folded = vn.fold(_text(value)) if value is not None else ""
            groups.setdefault(folded, (value, []))[1].append(row.values)
            if row.error is not None:
                errors.setdefault(folded, row.error)
    title = wb.sheets[sheet].title
    for index, (folded, (value, rows)) in enumerate(groups.items(), start=1):
        own = {sheet: rows, column: value}
        for other, sheet_info in wb.sheets.items():
            if other != sheet and column in sheet_info.columns:
                own[other] = [r for r in base[other] if vn.fold(_text(r.get(column))) == folded]
        key = _text(value) if value is not None else "khong-co"
        yield Document(index, key, base, own, f"trang '{title}', nhóm '{key}'", errors.get(folded))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _missing_sheet(wb: Workbook, name: str) -> ThiduaError:
    have = ", ".join(s.title for s in wb.sheets.values()) or "không có trang bảng nào"
    guess = vn.closest(name, [s.title for s in wb.sheets.values()])
    hint = f" Có phải là trang '{guess}'? Hãy đổi tên trang thành '{name}'." if guess else f" Hãy thêm trang '{name}'."
    return ThiduaError(f"thiếu trang tính '{name}' (các trang hiện có: {have}).{hint}", file=wb.path.name)


def _missing_column(wb: Workbook, sheet: str, column: str, label: str | None, why: str = "") -> ThiduaError:
    info = wb.sheets.get(sheet)
    if info is None:
        return _missing_sheet(wb, sheet)
    guess = vn.closest(column, info.labels.values())
    shown = f"'{column}'" + (f" ({label})" if label else "")
    hint = (f" Cột '{guess}' ở ô {info.letters[vn.slug(guess)]}{info.header_row} có phải viết nhầm? Hãy sửa tiêu đề cột."
            if guess else f" Hãy thêm cột này vào dòng tiêu đề (dòng {info.header_row}).")
    return ThiduaError(f"thiếu cột {shown} {why}".rstrip() + "." + hint, file=wb.path.name, sheet=info.title)

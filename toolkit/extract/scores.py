"""Scores from other people's scoring documents: criteria tables and self-scoring reports.

A scoring sheet (*bảng điểm chuẩn*, *bảng chấm điểm*, docs/formats.md *Scoring sheets*)
is a table of criteria with their maximum points, whatever its header calls the columns:
`Điểm chuẩn`, `Điểm tối đa`, `Thang điểm`, or a merged `ĐIỂM` over `Chuẩn | Thưởng | Trừ`;
`Tự chấm` and `Khối chấm` columns hold the scores given. Criteria are numbered in any style
(`I`, `1`, `1.1`, `a`, `a1.1`, `C3.1`); bonus (`Thưởng`, `Cộng`) and penalty (`Trừ`) columns
hold what a row adds or takes away, which is no maximum of its own.

A self-scoring report (*báo cáo chấm điểm*) says it in prose: `Tiêu chuẩn 1 … Tự chấm
100,4/80 điểm`, `Phần a1. Tự chấm 03/3 điểm`, and the total with the grade (`Tổng số điểm …
tự chấm … là 124,4/100 điểm, hoàn thành xuất sắc nhiệm vụ`, `xếp loại …`). `X/Y` there is a
score X out of Y, never two counts.

Every criterion with a score or a maximum becomes a `score` record: `value` the score (None
when nobody has scored yet, metric `diem_chuan`), `value_max` the maximum, `label` the
criterion as numbered; the total is labelled `TỔNG CỘNG`; the grade is an achievement of
its `xep_loai` metric. The rest of such a report is the evidence for its scores.
"""
from __future__ import annotations

import re

from ..readers.blocks import Cell, Line, ReadFile, Table
from ..records import Record, Source
from ..scoring import TOTAL_LABEL
from ..vn import find_metric, fold, nfc, parse_number
from .context import FileContext
from .layouts import table_layout

SELF_SCORE, CLUSTER_SCORE, MAXIMUM = "diem_tu_cham", "diem_khoi_cham", "diem_chuan"
CONFIDENCE, CONFIDENCE_OCR = 0.9, 0.8
# A report with this many self-scoring lines is a scoring report.
_MIN_SCORE_LINES = 3

_NUM = r"[0-9]+(?:[.,][0-9]+)?"
# `Tự chấm 03/3 điểm`, `tự chấm tạm tính 12,5/10 điểm`, `Tự chấm: 02/02 điểm`.
_SELF = re.compile(rf"\btu (?:cham|danh gia)(?: diem)?(?: tam tinh)?\s*(?:la|dat|duoc|:)?\s*(?P<v>{_NUM})\s*(?:diem\s*)?/\s*"
                   rf"(?P<m>{_NUM})(?:\s*diem\b|(?![0-9.,]))")
# `Tự chấm 1,5 điểm` (no maximum written); not `Tự chấm +06 điểm`, `Tự chấm cộng 0,7`.
_SELF_ALONE = re.compile(rf"\btu (?:cham|danh gia)(?: diem)?(?: tam tinh)?\s*(?:la|dat|duoc|:)?\s*(?P<v>{_NUM})\s*diem\b")
# `Tiêu chí 1: Công tác tổ chức (10 điểm)`, `(tối đa 10 điểm)`: a maximum in the criterion.
_MAX_IN_LABEL = re.compile(rf"\((?:toi da|diem chuan|thang diem)?\s*:?\s*(?P<m>{_NUM})\s*diem\)")
# `Tổng số điểm … là 124,4/100 điểm`, `Tổng cộng: 95/100 điểm`.
_TOTAL = re.compile(rf"^\W*(?:tong (?:so )?diem|tong cong|tong diem)\b.*?(?P<v>{_NUM})\s*(?:diem\s*)?/\s*(?P<m>{_NUM})"
                    rf"(?:\s*diem\b|(?![0-9.,]))")
# `Xếp loại:`, `Tự xếp loại:`, `Tự đánh giá, xếp loại:`, `Kết quả xếp loại thi đua:` before the grade.
_GRADE_LEAD = re.compile(r"(?:(?:tu|de nghi|de xuat|ket qua) )?(?:danh gia\s*,?\s*(?:va\s+)?)?xep loai(?: thi dua)?\s*:?\s*")
_LIST_MARK = re.compile(r"^\s*(?:[-+*•–]+\s*)?(?:phần\s+)?", re.IGNORECASE)

# Column headers of a criteria table (folded, both header levels joined).
_COLUMNS: tuple[tuple[str, re.Pattern], ...] = tuple((role, re.compile(p)) for role, p in (
    ("stt", r"^(?:stt|tt|so tt|so thu tu|ma|ma so|muc)$"),
    ("self", r"\b(?:tu cham|tu danh gia|don vi cham)\b"),
    ("cluster", r"\b(?:khoi cham|khoi tham dinh|tham dinh|cap tren cham|hoi dong cham|diem cham cua khoi|"
                r"diem hoi dong|cum cham|diem dat)\b"),
    ("bonus", r"(?:^|\b(?:diem) )(?:thuong|cong)\b|\bdiem (?:thuong|cong)\b"),
    ("penalty", r"(?:^|\b(?:diem) )tru\b|\bdiem tru\b"),
    ("max", r"\bdiem chuan\b|^chuan$|\bdiem toi da\b|\bthang diem\b|\bkhung diem\b|\bdiem quy dinh\b|"
            r"\bmuc diem\b|\bso diem toi da\b|^diem$"),
    ("content", r"^(?:noi dung|tieu chuan|tieu chi|chi tieu|cac tieu chi|ten tieu chi|cac noi dung|"
                r"noi dung tieu chi|noi dung cham diem|noi dung thi dua)"),
))
_TOTAL_ROW = re.compile(r"^(?:tong cong|tong so diem|tong diem|tong so|tong|cong)\s*(?:$|[:(])")


def extract_scores(read: ReadFile, ctx: FileContext) -> tuple[list[Record], set[int], bool]:
    """The score records of a file, the blocks they came from (by `id`, not read again),
    and whether the file is a scoring document (its other figures are evidence)."""
    records: list[Record] = []
    used: set[int] = set()
    for block in read.blocks:
        if isinstance(block, Table) and table_layout(block) is None:  # `tables` reads the usual sheets
            columns = criteria_columns(block)
            if columns is not None:
                records.extend(_table_scores(block, columns, ctx, read.path.name))
                records.extend(grade_rows(block, ctx, read.path.name))
                used.add(id(block))
    prose = _prose_scores([b for b in read.blocks if isinstance(b, Line)], ctx, read.path.name, used)
    scoring = bool(records) or sum(1 for r in prose if r.kind == "score") >= _MIN_SCORE_LINES
    return records + prose, used, scoring


# --- criteria tables ----------------------------------------------------------------------------

def criteria_columns(table: Table) -> tuple[int, dict[str, int]] | None:
    """(first body row, role → column) when the table is a criteria table, else None.

    The header is one row or two (a merged `ĐIỂM` over `Chuẩn | Thưởng | Trừ`); it needs a
    criterion column and a maximum or a score column."""
    rows = [[nfc(c.text).strip() for c in row] for row in table.rows]
    for r in range(min(len(rows), 10)):
        top = rows[r]
        sub = rows[r + 1] if r + 1 < len(rows) else []
        for levels in ((top, sub), (top, [])) if _is_subheader(sub) else ((top, []),):
            headers = _joined(*levels)
            roles = _roles(headers)
            if "content" in roles and ({"max", "self", "cluster"} & roles.keys()):
                body = r + (2 if levels[1] else 1)
                if body < len(rows) and _is_numbering(rows[body]):
                    body += 1
                return body, roles
    return None


def _is_subheader(row: list[str]) -> bool:
    """A second header row (`| | Chuẩn | Thưởng | Trừ`): short words, no number, and its
    first column (the numbering) empty."""
    cells = [t for t in row if t]
    return bool(cells) and not (row and row[0]) and all(
        len(t.split()) <= 4 and not re.match(rf"^[+-]?{_NUM}$", t) for t in cells)


def _joined(top: list[str], sub: list[str]) -> list[str]:
    """Per column, the top header (repeated over the columns it spans) and the one under it."""
    out, last = [], ""
    for i, t in enumerate(top):
        s = sub[i] if i < len(sub) else ""
        if t:
            last = t
        elif s:
            t = last  # a merged top header spans the empty cells after it
        out.append(f"{t} {s}".strip() if s and s != t else t)
    return out


def _roles(headers: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, header in enumerate(headers):
        f = fold(header).strip(" .:*")
        if not f or len(f) > 80:
            continue
        for role, pattern in _COLUMNS:
            if pattern.search(f):
                roles.setdefault(role, i)
                break
    return roles


def _is_numbering(row: list[str]) -> bool:
    """`(1) (2) (3)` or `1 2 3` under a header."""
    texts = [t.strip("() ") for t in row if t.strip()]
    return len(texts) >= 3 and all(t.isdigit() and len(t) <= 2 for t in texts)


def _table_scores(table: Table, layout: tuple[int, dict[str, int]], ctx: FileContext, file: str) -> list[Record]:
    body, roles = layout
    # A sheet nobody has scored yet (no score in any row) gives its maxima.
    scored = any(_points(_cell(row, roles.get(role))) is not None
                 for row in table.rows[body:] for role in ("self", "cluster"))
    out = []
    for i in range(body, len(table.rows)):
        row = table.rows[i]
        stt = _cell_text(row, roles.get("stt"))
        content = _cell_text(row, roles.get("content"))
        if not content and not stt:
            continue
        if _TOTAL_ROW.match(fold(content)) or (not content and _TOTAL_ROW.match(fold(stt))):
            label = TOTAL_LABEL
        else:
            label = " ".join(x for x in (stt, content) if x)
        maximum = _points(_cell(row, roles.get("max")))
        found = False
        for role, metric in (("self", SELF_SCORE), ("cluster", CLUSTER_SCORE)):
            value = _points(_cell(row, roles.get(role)))
            if value is not None:
                out.append(_record(ctx, file, table, i, row, metric, value, maximum, label))
                found = True
        if not found and maximum is not None and maximum > 0 and not scored:
            out.append(_record(ctx, file, table, i, row, MAXIMUM, None, maximum, label))
    return out


def _cell(row: list[Cell], index: int | None) -> Cell | None:
    return row[index] if index is not None and index < len(row) else None


def _cell_text(row: list[Cell], index: int | None) -> str:
    cell = _cell(row, index)
    return " ".join(nfc(cell.text).split()) if cell is not None else ""


def _points(cell: Cell | None) -> float | int | None:
    """The points a cell holds: its number (`3`, `3,5`, `3.5`), or the first of `3 (+0,5)`."""
    if cell is None:
        return None
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return cell.value
    m = re.match(rf"\s*({_NUM})(?!\s*/)", cell.text or "")
    if m is None:
        return None
    return _number(m[1])


def _number(text: str) -> float | int | None:
    try:
        return parse_number(text)
    except ValueError:
        try:
            return parse_number(text.replace(".", ","))  # `3.5` written with a dot
        except ValueError:
            return None


def _record(ctx: FileContext, file: str, table: Table, i: int, row: list[Cell], metric: str,
            value, maximum, label: str) -> Record:
    row_no = table.first_row + i if table.first_row is not None else i + 1
    texts = []
    for c in row:
        if c.text and (not texts or texts[-1] != c.text):
            texts.append(c.text)
    return Record(kind="score", metric=metric,
                  source=Source(file=file, page=table.page, sheet=table.sheet, row=row_no, text=" | ".join(texts)),
                  subject=ctx.unit, subject_type="unit", unit=ctx.unit, year=ctx.year,
                  value=value, value_max=maximum, op="=", measure="points", label=label,
                  confidence=CONFIDENCE_OCR if table.ocr else CONFIDENCE)


# --- self-scoring prose --------------------------------------------------------------------------

def _prose_scores(lines: list[Line], ctx: FileContext, file: str, used: set[int]) -> list[Record]:
    out: list[Record] = []
    previous = ""
    for line in lines:
        text = " ".join(nfc(line.text).split())
        f = fold(text)
        if len(f) != len(text):
            previous = text
            continue
        records = _line_scores(text, f, previous, line, ctx, file)
        if records:
            out.extend(records)
            used.add(id(line))
        elif text:
            previous = text
    return out


def grade_rows(table: Table, ctx: FileContext, file: str) -> list[Record]:
    """`Xếp loại: Hoàn thành xuất sắc nhiệm vụ` written in a row of its own under a sheet's
    criteria (a worksheet has no lines): the grade, as on a line."""
    out: list[Record] = []
    for i, row in enumerate(table.rows):
        texts = list(dict.fromkeys(c.text.strip() for c in row if c.text.strip()))
        if len(texts) != 1:
            continue
        text = nfc(texts[0])
        if len(fold(text)) != len(text):
            continue
        line = Line(text, page=table.page_of(i), sheet=table.sheet,
                    row=table.first_row + i if table.first_row is not None else None, ocr=table.ocr)
        out.extend(_grade_line(text, fold(text), line, ctx, file))
    return out


def _grade_line(text: str, f: str, line: Line, ctx: FileContext, file: str) -> list[Record]:
    """`Xếp loại: Hoàn thành tốt nhiệm vụ`: the grade after the label, or nothing."""
    lead = _GRADE_LEAD.match(f.lstrip(" -+"))
    grade = _grade(f.lstrip(" -+")[lead.end():] and text.lstrip(" -+")[lead.end():]) if lead else None
    if grade is None:
        return []
    return [_prose_record(ctx, file, line, grade[0], 1, None, grade[1], "achievement", "flag")]


def _line_scores(text: str, f: str, previous: str, line: Line, ctx: FileContext, file: str) -> list[Record]:
    scored = "diem" in f  # `Tổng cộng: 5/10 đơn vị` is a share, not a score
    if scored and (m := _TOTAL.search(f)) is not None:
        value, maximum = _number(m["v"]), _number(m["m"])
        out = [_prose_record(ctx, file, line, SELF_SCORE, value, maximum, TOTAL_LABEL, "score")]
        grade = _grade(text[m.end():])
        if grade is not None:
            out.append(_prose_record(ctx, file, line, grade[0], 1, None, grade[1], "achievement", "flag"))
        return out
    m = (_SELF.search(f) or _SELF_ALONE.search(f)) if scored else None
    if m is None:
        return _grade_line(text, f, line, ctx, file)
    value = _number(m["v"])
    maximum = _number(m["m"]) if "m" in m.groupdict() and m["m"] else None
    label = _criterion(text[:m.start()]) or _criterion(previous)
    if maximum is None and (written := _MAX_IN_LABEL.search(fold(label))):
        maximum = _number(written["m"])
    return [_prose_record(ctx, file, line, SELF_SCORE, value, maximum, label, "score")]


def _criterion(text: str) -> str:
    """`- TIÊU CHUẨN 1: THỰC HIỆN … .` → `TIÊU CHUẨN 1: THỰC HIỆN …`; `Phần a1.` → `a1`."""
    label = _LIST_MARK.sub("", text, count=1)
    label = re.sub(r"(?:[\s,.:;(]+(?:điểm|đơn vị|công đoàn|kết quả))?[\s,.:;(]+$", "", label, flags=re.IGNORECASE)
    return " ".join(label.split()[:16])


def _grade(text: str) -> tuple[str, str] | None:
    """The grade a text opens with (`, hoàn thành xuất sắc nhiệm vụ.`) as (metric, words)."""
    phrase = re.split(r"[.;(]", text.strip(" ,:-"), maxsplit=1)[0].strip()
    if not phrase or len(phrase.split()) > 10:
        return None
    metric = find_metric(phrase, "collective")
    if metric is None or metric.group != "xep_loai":
        return None
    return metric.code, phrase


def _prose_record(ctx: FileContext, file: str, line: Line, metric: str, value, maximum, label: str,
                  kind: str, measure: str = "points") -> Record:
    return Record(kind=kind, metric=metric,
                  source=Source(file=file, page=line.page, sheet=line.sheet, row=line.row, text=line.text),
                  subject=ctx.unit, subject_type="unit", unit=ctx.unit, year=ctx.year,
                  value=value, value_max=maximum, op="=", measure=measure, label=label,
                  confidence=CONFIDENCE_OCR if line.ocr else CONFIDENCE)

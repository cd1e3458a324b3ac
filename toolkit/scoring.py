"""Scoring sheets (*bảng chấm điểm*): the criteria tree, subtotals and the total.

Rows are numbered `I, II …` (groups) → `1, 2 …` (criteria) → `1.1 …` (sub-criteria). A parent
row's points are the sum of its children's, whatever the sheet says; `Điểm trừ` (penalty)
groups count negative in the total. A score above its row's maximum (*điểm chuẩn*) is an
error that names the row. HD 1294/HD-TLĐ: 100 points = 40 + 40 + 15 + 5 bonus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from . import vn
from .errors import ThiduaError

SCORES = ("tu_cham", "khoi_cham")  # self score, cluster score
_ROMAN = re.compile(r"^(?=[IVXLC]+$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_ARABIC = re.compile(r"^\d+(\.\d+)*$")
TOTAL_LABEL = "TỔNG CỘNG"


def level(stt: Any) -> int | None:
    """0 for a group (`I`), 1 for `1`, 2 for `1.1` …; None when the STT is not a number."""
    text = str(stt or "").strip().rstrip(".").upper()
    if _ROMAN.match(text):
        return 0
    if _ARABIC.match(text):
        return text.count(".") + 1
    return None


def is_penalty(text: Any) -> bool:
    folded = vn.fold(str(text or ""))
    return folded.startswith("diem tru") or folded.startswith("tru diem")


@dataclass
class Criterion:
    row: dict[str, Any]
    number: int | None  # sheet row, for messages
    level: int
    children: list["Criterion"] = field(default_factory=list)

    @property
    def is_parent(self) -> bool:
        return bool(self.children)


def build_tree(rows: Sequence[dict[str, Any]], numbers: Sequence[int | None]) -> list[Criterion]:
    """Nest the rows by their STT; rows without a number attach to the row above."""
    roots: list[Criterion] = []
    stack: list[Criterion] = []
    for row, number in zip(rows, numbers):
        lv = level(row.get("stt"))
        if lv is None:
            lv = (stack[-1].level + 1) if stack else 0
        node = Criterion(row, number, lv)
        while stack and stack[-1].level >= lv:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _points(value: Any) -> float | int | None:
    return vn.parse_number(value)


def compute(rows: Sequence[dict[str, Any]], numbers: Sequence[int | None], *, file: str | None = None,
            sheet: str | None = None) -> list[dict[str, Any]]:
    """The rows with parents' subtotals filled in, flags for layout, and a final total row.

    Each returned row has `cap` (level), `la_nhom` (a group or parent row) and `la_tong` (the
    TỔNG CỘNG row). Raises `ThiduaError` naming the row when a score exceeds its maximum.
    """
    roots = build_tree(rows, numbers)

    def check(node: Criterion, key: str, value) -> None:
        maximum = node.row.get("diem_chuan")
        if value is None or maximum is None:
            return
        if value < 0 and not is_penalty(node.row.get("noi_dung")):
            raise ThiduaError(f"điểm {_label(key)} {vn.format_number(value)} âm; điểm phải từ 0 trở lên.",
                              file=file, sheet=sheet, row=node.number)
        if abs(value) > maximum + 1e-9:
            raise ThiduaError(
                f"điểm {_label(key)} {vn.format_number(value)} vượt điểm chuẩn {vn.format_number(maximum)} "
                f"của tiêu chí «{node.row.get('stt') or ''} {node.row.get('noi_dung') or ''}».".replace("« ", "«"),
                file=file, sheet=sheet, row=node.number)

    def settle(node: Criterion) -> None:
        for child in node.children:
            settle(child)
        for key in ("diem_chuan",) + SCORES:
            if node.children:
                values = [c.row.get(key) for c in node.children]
                if any(v is not None for v in values):
                    node.row[key] = _round(sum(v for v in values if v is not None))
            else:
                node.row[key] = _points(node.row.get(key))
        for key in SCORES:
            check(node, key, node.row.get(key))

    out: list[dict[str, Any]] = []

    def flatten(node: Criterion) -> None:
        out.append({**node.row, "cap": node.level, "la_nhom": node.is_parent or node.level == 0, "la_tong": False})
        for child in node.children:
            flatten(child)

    for root in roots:
        settle(root)
        flatten(root)
    total = {"stt": "", "noi_dung": TOTAL_LABEL, "giai_trinh": None, "cap": 0, "la_nhom": True, "la_tong": True}
    for key in ("diem_chuan",) + SCORES:
        values = [(r.row.get(key), is_penalty(r.row.get("noi_dung"))) for r in roots]
        present = [(-v if penalty and key != "diem_chuan" else v) for v, penalty in values if v is not None
                   and not (penalty and key == "diem_chuan")]
        total[key] = _round(sum(present)) if present else None
    out.append(total)
    return out


def _round(x: float) -> float | int:
    x = round(x, 2)
    return int(x) if float(x).is_integer() else x


def _label(key: str) -> str:
    return {"tu_cham": "tự chấm", "khoi_cham": "khối chấm"}.get(key, key)

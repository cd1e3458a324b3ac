"""A unit's scoring sheet rebuilt from its score records: the criteria tree and the total.

Score records (`kind: score`) carry one criterion each: `label` starts with the criterion's
STT (`I …` group, `1 …` criterion, `1.1 …` sub-criterion; see `toolkit.scoring`), `value` the
points given, `value_max` the criterion's maximum (*điểm chuẩn*). The sheet's total is its
`TỔNG CỘNG` row when present; otherwise the sum of the top-level groups (`I`, `II` …, a
*điểm trừ* group counting negative), or, on a sheet without groups, the sum of the leaf
criteria — never parents and children both. Rows without an STT attach to the row above,
as `toolkit.scoring` reads them, except *điểm thưởng* / *điểm trừ* rows, which are groups.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import vn
from ..scoring import TOTAL_LABEL, is_penalty, level
from .collect import Item

_TOTAL_KEYS = (vn.fold(TOTAL_LABEL), "tong diem", "tong so diem")
_GROUP_WORDS = ("diem thuong", "diem cong", "diem tru", "tru diem")


@dataclass
class Row:
    label: str
    text: str  # the label without its STT
    level: int
    value: float | None
    maximum: float | None
    item: Item
    children: list["Row"] = field(default_factory=list)

    @property
    def penalty(self) -> bool:
        return is_penalty(self.text)

    def points(self) -> float | None:
        """The row's own points, or its children's sum when the row has none."""
        if self.value is not None:
            return self.value
        return _sum([c.points() for c in self.children])

    def children_points(self) -> float | None:
        return _sum([c.points() for c in self.children])


@dataclass
class Sheet:
    """One file's scores of one unit, one year and one score kind (self or cluster)."""

    file: str
    roots: list[Row]
    total_row: Row | None

    @property
    def rows(self) -> list[Row]:
        out: list[Row] = []

        def walk(row: Row) -> None:
            out.append(row)
            for child in row.children:
                walk(child)
        for root in self.roots:
            walk(root)
        return out

    @property
    def has_groups(self) -> bool:
        return any(r.level == 0 for r in self.roots)

    def computed_total(self) -> float | None:
        """The total from the rows: the groups' sum, or the leaves' sum without groups."""
        if self.has_groups:
            return _sum([_signed(r, r.points()) for r in self.roots])
        return _sum([_signed(r, r.value) for r in self.rows if not r.children])

    def computed_maximum(self) -> float | None:
        if self.has_groups:
            return _sum([_max_of(r) for r in self.roots if not r.penalty])
        return _sum([r.maximum for r in self.rows if not r.children and not r.penalty])

    @property
    def total(self) -> float | None:
        if self.total_row is not None and self.total_row.value is not None:
            return self.total_row.value
        return self.computed_total()

    @property
    def maximum(self) -> float | None:
        if self.total_row is not None and self.total_row.maximum is not None:
            return self.total_row.maximum
        return self.computed_maximum()


def build_sheet(file: str, items: list[Item]) -> Sheet:
    roots: list[Row] = []
    stack: list[Row] = []
    total_row = None
    for item in items:
        r = item.record
        label = " ".join(str(r.label or "").split())
        if vn.fold(label) in _TOTAL_KEYS:
            total_row = Row(label, label, 0, _number(r.value), _number(r.value_max), item)
            continue
        token, _, rest = label.partition(" ")
        lv = level(token)
        text = rest if lv is not None else label
        if lv is None:
            folded = vn.fold(label)
            lv = 0 if folded.startswith(_GROUP_WORDS) or not stack else stack[-1].level + 1
        row = Row(label, text, lv, _number(r.value), _number(r.value_max), item)
        while stack and stack[-1].level >= lv:
            stack.pop()
        (stack[-1].children if stack else roots).append(row)
        stack.append(row)
    return Sheet(file, roots, total_row)


def _signed(row: Row, value: float | None) -> float | None:
    return -abs(value) if value is not None and row.penalty else value


def _max_of(row: Row) -> float | None:
    return row.maximum if row.maximum is not None else _sum([_max_of(c) for c in row.children])


def _sum(values) -> float | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    x = round(sum(present), 6)
    return int(x) if float(x).is_integer() else x


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, (int, float)) else vn.parse_number(value)

"""Which kind of table a foreign table is, where its header ends and what each column holds.

The header may start anywhere in the table (title rows above it) and may have two levels;
readers repeat a merged top header in each column it covers, so the levels are joined per
column; a numbering row (`(1) (2) (3)`) under the header belongs to it. `tables` reads the
rows of a recognised table, and `awards` leaves such tables to it (docs/design.md, *Reading*).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..readers.blocks import Cell, Table
from ..vn import METRICS, Metric, fold, parse_number
from ..vn.awards import find_award
from .phrases import STRONG_ROLES, header_role, header_roles

_TARGET_WORDS = re.compile(r"\b(?:dang ky|chi tieu|ke hoach|phan dau|giao uoc)\b")
_PERCENT_WORDS = re.compile(r"%|\bty le\b|\bphan tram\b")
_COLUMN_NUMBER = re.compile(r"^\(?(?:[0-9]{1,2}|[a-z])\)?$")
COUNT_OF = re.compile(r"\b(?:sl|so luong|so|tong so)\b(?:\s+la)?\s+(?:tap the|ca nhan)\b")


@dataclass
class Column:
    index: int
    header: str  # both levels joined, as written
    role: str | None
    metric: Metric | None = None
    percent: bool = False
    target: bool = False  # the header says it is pledged (`Số LĐTT đăng ký`)


@dataclass
class Layout:
    """Where a recognised table's header is and what each column holds."""

    kind: str  # registration · units · results · counts · scoring
    header_rows: tuple[int, ...]  # indexes of the header rows (one or two, + a numbering row)
    columns: list[Column]
    year: int | None = None  # from a title row above the header (`… NĂM 2025`)
    roles: dict[str, int] = field(default_factory=dict)  # role → first column with it

    @property
    def body_start(self) -> int:
        return max(self.header_rows) + 1


def table_layout(table: Table) -> Layout | None:
    """The layout of a table, or None when its header is not recognised."""
    rows = [[c.text for c in row] for row in table.rows]
    for r, texts in enumerate(rows[:25]):
        distinct = distinct_texts(texts)
        roles = header_roles(distinct)
        anchors = [x for x in roles if x != "metric"]
        if len(roles) < 2 or not anchors or roles == ["stt", "metric"] and len(distinct) > 3:
            continue
        layout = _layout_from(rows, r)
        if layout is not None:
            layout.year = _title_year(rows[:r])
            return layout
    return None


def _layout_from(rows: list[list[str]], r: int) -> Layout | None:
    width = max(len(row) for row in rows)
    top = _filled(rows[r], width)
    header_rows = [r]
    sub = _filled(rows[r + 1], width) if r + 1 < len(rows) else None
    if sub is not None and _is_subheader(top, sub):
        header_rows.append(r + 1)
        top = _forward_fill(top, sub)
        headers = [_join_levels(a, b) for a, b in zip(top, sub)]
    else:
        headers = top
    nxt = max(header_rows) + 1
    if nxt < len(rows) and _is_numbering_row(rows[nxt]):
        header_rows.append(nxt)

    columns = []
    for i, header in enumerate(headers):
        role, metric = _column_role(header) if header else (None, None)
        f = fold(header)
        columns.append(Column(i, header, role, metric, bool(_PERCENT_WORDS.search(f)),
                              bool(_TARGET_WORDS.search(f))))
    roles: dict[str, int] = {}
    for c in columns:
        if c.role and c.role not in roles and not (c.metric and c.role not in STRONG_ROLES):
            roles[c.role] = c.index
    kind = _kind(roles, columns)
    if kind is None:
        return None
    return Layout(kind, tuple(header_rows), columns, roles=roles)


# `Mã hình thức khen thưởng`: the column holds the codes of a catalog (named by
# `workbook.prepare_workbook`), so it is read as the column it names.
_CODED = re.compile(r"^ma\s+(?=hinh thuc|danh hieu|phan loai|doi tuong)")
# `Phân loại khen thưởng` (TAPTHE / CANHAN), `Phân loại đối tượng`, `Lĩnh vực hoạt động`:
# they classify the row, they are not results. A lone `Phân loại` stays a grade.
_CLASS = re.compile(r"^(?:phan loai|loai) (?:khen thuong|doi tuong|can bo|don vi|tap the|ca nhan)|"
                    r"^linh vuc\b|^ten goi\b|^danh xung\b")


# A column of money: `Số tiền (đồng)`, `Tiền thưởng`, `Mức thưởng`, `Thành tiền`.
_MONEY = re.compile(r"\b(?:so tien|tien thuong|muc thuong|thanh tien|muc tien)\b|\((?:dong|vnd|trieu dong)\)")


def _column_role(header: str) -> tuple[str | None, Metric | None]:
    f = _CODED.sub("", fold(header))
    if _CLASS.match(f):
        return "class", None
    if _MONEY.search(f):
        return "other", None  # `Khen thưởng` over `Số tiền (đồng)`: the reward's money, not an award
    role, metric = header_role(f if f != fold(header) else header)
    if role in (None, "reward", "title") and metric is None and len(f.split()) <= 12:
        # `Bằng khen`, `Giải Nhất`, or `Khen thưởng` over `Bằng khen`: a bare award form heads
        # a column of marks or counts.
        award = find_award(header)
        if award is not None and award.metric in METRICS:
            metric = METRICS[award.metric]
    return role, metric


def _kind(roles: dict[str, int], columns: list[Column]) -> str | None:
    has_metric = any(c.metric for c in columns)
    if "content" in roles and ("self" in roles or "cluster" in roles):
        return "scoring"
    if "name" in roles and ({"title", "reward"} & roles.keys() or has_metric):
        return "registration"
    subject = "unit" in roles or "dept" in roles
    if subject and ({"title", "reward"} & roles.keys() or has_metric or "grade" in roles):
        return "registration" if {"title", "reward"} & roles.keys() and not has_metric else "units"
    if "content" in roles and ({"registered", "done"} & roles.keys()):
        return "results"
    if ({"content", "reward", "title"} & roles.keys()) and "quantity" in roles:
        return "counts"
    if {"reward", "title"} & roles.keys() and any(COUNT_OF.search(fold(c.header)) for c in columns):
        return "award_counts"
    return None


# `SL tập thể`, `Số cá nhân`: a column of an award statistics table (Biểu mẫu tổng hợp khen
# thưởng, docs/formats.md) counting collectives or individuals.


def merged_down(table: Table, start: int) -> Table:
    """The table with the words of a body cell merged down over several rows said in each row.

    An office writes `Giấy khen của Chủ tịch UBND huyện` or a unit's name once, in a cell
    merged over the rows of everyone it concerns: each of those rows is a record with it.
    A number merged down is counted once (it stays in its first row), and header rows, from
    which the layout was read, are left as they are.
    """
    if not any(c.above for row in table.rows[start + 1:] for c in row):
        return table
    rows = [list(row) for row in table.rows]
    for r in range(start + 1, len(rows)):
        for c, cell in enumerate(rows[r]):
            if cell.above and not cell.text and c < len(rows[r - 1]):
                source = rows[r - 1][c].text
                if any(ch.isalpha() for ch in source):
                    rows[r][c] = replace(cell, text=source)
    return replace(table, rows=rows)


def distinct_texts(texts: list[str]) -> list[str]:
    """Non-empty texts of a row, a merged cell repeated by the reader counted once."""
    out: list[str] = []
    for t in texts:
        t = t.strip()
        if t and (not out or out[-1] != t):
            out.append(t)
    return out


def _filled(row: list[Cell] | list[str], width: int) -> list[str]:
    texts = [c if isinstance(c, str) else c.text for c in row]
    return [t.strip() for t in texts] + [""] * (width - len(texts))


def _is_subheader(top: list[str], sub: list[str]) -> bool:
    """Whether `sub` is the lower level of a two-level header under `top`."""
    cells = [(i, t) for i, t in enumerate(sub) if t]
    if not cells:
        return False
    for i, t in cells:
        f = fold(t)
        if _is_number_text(t) or _COLUMN_NUMBER.match(f):
            return False
    # Under a top header that spans columns (repeated, or blank after a filled one) …
    spans = 0
    for i, t in cells:
        left = top[i - 1] if i > 0 else ""
        right = top[i + 1] if i + 1 < len(top) else ""
        if top[i] and (top[i] == left or top[i] == right):
            spans += 1
        elif not top[i] and left:
            spans += 1
    # … or made of header words and leaving the first column empty.
    words = len(header_roles([t for _, t in cells]))
    anchors = [i for i, t in enumerate(top) if t and header_role(t)[0] in ("stt", "name", "unit")]
    first_empty = all(not sub[i] for i in anchors)
    return first_empty and (spans > 0 or words == len(cells))


def _forward_fill(top: list[str], sub: list[str]) -> list[str]:
    """A merged top header given once (value in the first cell) → repeated over its span."""
    out = list(top)
    for i in range(1, len(out)):
        if not out[i] and sub[i] and out[i - 1] and sub[i - 1]:
            out[i] = out[i - 1]
    return out


def _join_levels(top: str, sub: str) -> str:
    if not sub or sub == top:
        return top
    if not top:
        return sub
    return f"{top} {sub}"


def _is_numbering_row(row: list[str]) -> bool:
    """`(1) (2) (3)`, `1 2 3` or `A B C` under the headers: consecutive column numbers."""
    texts = [fold(t).strip("() ") for t in row if t.strip()]
    if len(texts) < 3:
        return False
    if all(t.isdigit() for t in texts):
        numbers = [int(t) for t in texts]
    elif all(len(t) == 1 and t.isalpha() for t in texts):
        numbers = [ord(t) for t in texts]
    else:
        # `7 (6:3)`: a column number with the formula of its column; one number mistyped.
        leading = [re.match(r"\(?([0-9]{1,2})\)?(?:\s|$)", t) for t in texts]
        if len(texts) < 6 or not all(leading):
            return False
        numbers = [int(m[1]) for m in leading]
        steps = sum(b == a + 1 for a, b in zip(numbers, numbers[1:]))
        return steps >= 0.8 * (len(numbers) - 1)
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_number_text(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


def _title_year(rows: list[list[str]]) -> int | None:
    for texts in rows:
        for t in distinct_texts(texts):
            m = re.search(r"\bnam\s+((?:19|20)[0-9]{2})\b", fold(t))
            if m:
                return int(m[1])
    return None

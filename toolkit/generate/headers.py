"""Where a sheet's header is, in workbooks people make: a title above it skipped, a two-level
header (headings merged down over a row of sub-headings) read as one, headings merged across
several columns remembered so that data under them can be refused (docs/design.md,
*Workbooks as data*)."""
from __future__ import annotations

import itertools
from typing import Iterator

from openpyxl.utils import get_column_letter

from dataclasses import dataclass, field

from .. import vn

HEADER_BAND = 3  # rows a two-level header may take


@dataclass
class Sheet:
    """A table sheet: where it is and what its header says."""

    name: str  # slug, the name templates use
    title: str  # the sheet's own title, for messages
    columns: list[str]  # slugs, in sheet order
    labels: dict[str, str]  # slug → header text as written
    letters: dict[str, str]  # slug → column letter, for messages
    header_row: int  # the last row of the header
    covered: dict[int, str] = field(default_factory=dict)  # column index → merged heading over it (no name)
    uncached: frozenset[str] = frozenset()  # refs of formulas without a calculated value

Merge = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col (1-based)


def _filled(raw: tuple) -> int:
    return sum(1 for v in raw if v is not None and str(v).strip())


def read_header(title: str, rows: Iterator[tuple[int, tuple]], merges: list[Merge] = ()) -> Sheet | None:
    """The sheet's header (see the module docstring): a title above it skipped, a two-level
    header read as one, headings merged over several columns remembered."""
    first = next(((n, raw) for n, raw in rows if _filled(raw)), None)
    if first is None:
        return None
    ahead = list(itertools.islice(rows, HEADER_BAND + 1))
    if _is_title(first, ahead, merges):
        first = next(((n, raw) for n, raw in ahead if _filled(raw)), first)
        ahead = [(n, raw) for n, raw in ahead if n > first[0]]
    number, raw = first
    last = min(_header_end(number, ahead, merges), number + HEADER_BAND - 1)
    band = [raw] + [r for n, r in ahead if number < n <= last]
    return _sheet(title, band, last, merges, number)


def _header_end(number: int, ahead: list[tuple[int, tuple]], merges: list[Merge]) -> int:
    """The last row of a header starting at `number`: lower when a heading is merged down
    over the next row, or when the next row has a sub-heading under every column of the
    headings merged across columns and nothing anywhere else (a data row fills other
    columns too)."""
    end = max((m[2] for m in merges if m[0] == number and m[2] > number), default=number)
    below = next((r for n, r in ahead if n == number + 1), ())
    groups = {c for m in merges if m[0] == m[2] == number and m[3] > m[1] for c in range(m[1], m[3] + 1)}
    filled = {c for c, v in enumerate(below, start=1) if v is not None and str(v).strip()}
    if groups and filled == groups:
        end = max(end, number + 1)
    return end


def _is_title(first: tuple[int, tuple], ahead: list[tuple[int, tuple]], merges: list[Merge]) -> bool:
    """One cell above the header: merged across columns, or over a row of several headings."""
    number, raw = first
    if _filled(raw) != 1:
        return False
    column = next(i for i, v in enumerate(raw, start=1) if v is not None and str(v).strip())
    if any(m[0] == number and m[1] == column and m[3] > m[1] and m[2] == number for m in merges):
        return True
    following = next((r for _, r in ahead if _filled(r)), ())
    return _filled(following) >= 3


def _sheet(title: str, band: list[tuple], last: int, merges: list[Merge], first: int) -> Sheet:
    width = max(len(r) for r in band)
    columns, labels, letters, seen, covered = [], {}, {}, set(), {}
    for i in range(1, width + 1):
        heading = next((r[i - 1] for r in reversed(band) if i <= len(r) and r[i - 1] is not None
                        and str(r[i - 1]).strip()), None)
        label = vn.nfc(str(heading)).strip() if heading is not None else ""
        name = vn.slug(label) if label else None
        if name in seen:
            name = f"{name}_{i}"
        if name:
            seen.add(name)
            labels[name], letters[name] = label, get_column_letter(i)
        else:
            over = next((m for m in merges if m[0] <= last and m[2] >= first and m[1] < i <= m[3]), None)
            if over:
                covered[i - 1] = f"{get_column_letter(over[1])}{over[0]}:{get_column_letter(over[3])}{over[2]}"
        columns.append(name)
    return Sheet(vn.slug(title) or title, title, columns, labels, letters, last, covered)

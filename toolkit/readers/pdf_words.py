"""Tables without ruling lines on a text PDF page: columns from where the words stand.

A list printed without borders (an annex `Stt | Họ và tên | Chức danh, đơn vị công tác`, a
sheet printed to PDF) has no lines for `pdf_grid` to find; its text would come out as lines
mixing the columns (`1. Ông Nguyễn Văn A Trưởng phòng …`). What marks its columns is
whitespace: at the left edge of a column words of many lines start, and no word of any
line of the table runs across it. A run of at least `MIN_LINES` lines sharing at least two
such edges (three columns) is read as a table. Its rows follow the lines: a line goes on
with the row above when the text it adds to a column would not have fitted at the end of
that column's text on the line before (the cell wrapped), else it starts a row; a line with
text in the first column always starts one.

Works on visual lines as `pdf_chars.visual_lines` gives them; only upright text is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

MIN_LINES = 4  # lines of a table
MIN_STARTS = 3  # lines with a word starting at an inner column edge
MIN_COLUMNS = 3
ALIGN = 2.0  # points: words starting this close start at the same edge
WORD_GAP = 0.2  # of the font size: a wider gap between two glyphs separates words
COLUMN_GAP = 0.8  # of the font size: words of two columns stand at least this far apart
ROW_GAP = 0.9  # of the font size: more space than this above a line starts a new row

Char = dict[str, Any]


@dataclass
class Word:
    x0: float
    x1: float
    chars: list[Char]


@dataclass
class UnruledTable:
    """A table found among a page's lines: which lines, its column edges, its rows of cells
    (each cell the characters of its lines, to be decoded by the reader)."""

    first: int  # index of its first visual line
    last: int  # index of its last visual line (inclusive)
    edges: tuple[float, ...]  # left edge of each column, then the table's right edge
    rows: list[list[list[list[Char]]]]  # row → column → lines → chars
    top: float
    bottom: float


def words_of(chars: Sequence[Char]) -> list[Word]:
    """The words of a visual line, left to right: glyphs closer than a word gap, no space between."""
    words: list[Word] = []
    spaced = True
    for char in chars:
        if not char["text"].strip():
            spaced = True
            continue
        em = max(char["size"], 1.0)
        if words and not spaced and char["x0"] - words[-1].x1 <= WORD_GAP * em:
            words[-1].x1 = max(words[-1].x1, char["x1"])
            words[-1].chars.append(char)
        else:
            words.append(Word(char["x0"], char["x1"], [char]))
        spaced = False
    return words


def find_tables(lines: Sequence[Sequence[Char]], before: tuple[float, ...] | None = None) -> list[UnruledTable]:
    """The unruled tables among a page's visual lines (top to bottom), in order. `before`:
    the column edges of an unruled table ending the page before, which the page may go on
    with even for fewer than `MIN_LINES` lines."""
    words = [words_of([c for c in line if c["upright"]]) for line in lines]
    tables: list[UnruledTable] = []
    if before is not None and words and words[0]:
        going_on = _table_at(lines, words, [], 0, (*before, 0.0), min_lines=1)
        if going_on is not None:
            tables.append(going_on)
    if sum(1 for w in words if w) < MIN_LINES:
        return tables
    candidates = _edge_candidates(words)
    i = tables[-1].last + 1 if tables else 0
    while i < len(words):
        found = _table_at(lines, words, candidates, i)
        if found is None:
            i += 1
            continue
        if not tables and 0 < found.first and all(_fits(words[j], found.edges) for j in range(found.first)):
            # The page opens with the end of a row the page break cut: it belongs to the table.
            found = _table_at(lines, words, candidates, 0, found.edges[:-1]) or found
        tables.append(found)
        i = found.last + 1
    return tables


def _fits(line: list[Word], edges: tuple[float, ...]) -> bool:
    """A line with text only in the table's later columns, across none of its edges."""
    return bool(line) and min(w.x0 for w in line) >= edges[1] - ALIGN \
        and not any(_crosses(line, x) for x in edges[1:-1])


def _edge_candidates(words: list[list[Word]]) -> list[float]:
    """x positions where words of several lines start."""
    starts = sorted(w.x0 for line in words for w in line)
    clusters: list[list[float]] = []
    for x in starts:  # windows of ALIGN from their first start, not chained
        if clusters and x - clusters[-1][0] <= ALIGN:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [c[len(c) // 2] for c in clusters if len(c) >= MIN_STARTS]


def _crosses(line: list[Word], x: float) -> bool:
    return any(w.x0 < x - ALIGN and w.x1 > x + ALIGN for w in line)


def _starts(line: list[Word], x: float) -> bool:
    return any(abs(w.x0 - x) <= ALIGN for w in line)


def _table_at(lines, words: list[list[Word]], candidates: list[float], i: int,
              known: tuple[float, ...] | None = None, min_lines: int = MIN_LINES) -> UnruledTable | None:
    """The table whose first line is `i`, if one starts there (with the column edges
    `known` when its first lines are the rest of a row cut by the page break)."""
    if not words[i]:
        return None
    left = known[0] if known else min(w.x0 for w in words[i])
    # Inner edges no word of line i runs across, with text on both sides somewhere below.
    edges = [x for x in (known[1:] if known else candidates)
             if x > left + ALIGN and not _crosses(words[i], x)]
    end = i
    while edges and end + 1 < len(words) and words[end + 1]:
        nxt = [x for x in edges if not _crosses(words[end + 1], x)]
        if len(nxt) < MIN_COLUMNS - 1 or min(w.x0 for w in words[end + 1]) < left - ALIGN:
            break
        if nxt != edges:
            # Keep the edges only if the run so far still makes a table with them.
            edges = nxt
        end += 1
    if end - i + 1 < min_lines:
        return None
    run = words[i:end + 1]
    if known is None:
        edges = [x for x in edges if sum(_starts(line, x) for line in run) >= MIN_STARTS and _apart(run, x)]
    if len(edges) < MIN_COLUMNS - 1:
        return None
    columns = [left, *edges]
    if known is None:  # every column holds text on several lines
        filled = [sum(any(_column(w.x0, columns) == k for w in line) for line in run) for k in range(len(columns))]
        if min(filled) < 2:
            return None
    right = max(w.x1 for line in run for w in line)
    rows = _rows(lines[i:end + 1], run, columns, right)
    if len(rows) < (1 if known else 2):
        return None
    top = min(c["top"] for line in lines[i:end + 1] for c in line)
    bottom = max(c["bottom"] for line in lines[i:end + 1] for c in line)
    return UnruledTable(i, end, (*columns, right), rows, top, bottom)


def _apart(run: list[list[Word]], x: float) -> bool:
    """Whether the words starting at `x` stand apart from the words before them on most
    lines (a column's edge), not one space after them (`Ông` | `Nguyễn` in every row)."""
    gaps = []
    for line in run:
        start = next((w for w in line if abs(w.x0 - x) <= ALIGN), None)
        if start is None:
            continue
        before = [w for w in line if w.x1 <= start.x0 + 0.01 and w is not start]
        em = max(start.chars[0]["size"], 1.0)
        gaps.append(not before or start.x0 - before[-1].x1 >= COLUMN_GAP * em)
    return sum(gaps) * 2 > len(gaps)


def _column(x: float, columns: list[float]) -> int:
    k = 0
    for j, edge in enumerate(columns):
        if x >= edge - ALIGN:
            k = j
    return k


def _rows(lines, run: list[list[Word]], columns: list[float], right: float) -> list[list[list[list[Char]]]]:
    n = len(columns)
    bounds = [*columns[1:], right]
    rows: list[list[list[list[Char]]]] = []
    previous: list[list[Word]] | None = None  # the words of the line before, per column
    previous_bottom = None
    for chars, line in zip(lines, run):
        per_col: list[list[Word]] = [[] for _ in range(n)]
        for w in line:
            per_col[_column(w.x0, columns)].append(w)
        em = max((c["size"] for c in chars if c["text"].strip()), default=10.0)
        top = min(c["top"] for c in chars)
        new_row = previous is None or (previous_bottom is not None and top - previous_bottom > ROW_GAP * em)
        filled = [k for k, ws in enumerate(per_col) if ws]
        heading_goes_on = (rows and previous is not None and filled
                           and [k for k, ws in enumerate(previous) if ws] == filled == [filled[0]] and filled[0] > 0
                           and sum(bool(cell) for cell in rows[-1]) == 1)
        if not new_row and not heading_goes_on:
            for k, ws in enumerate(per_col):
                if not ws:
                    continue
                before = previous[k]
                first_width = ws[0].x1 - ws[0].x0
                wrapped = bool(before) and before[-1].x1 + 0.3 * em + first_width > bounds[k] - COLUMN_GAP * em
                if not wrapped:
                    new_row = True
                    break
        if new_row:
            rows.append([[] for _ in range(n)])
        cells: list[list[Char]] = [[] for _ in range(n)]
        for c in chars:
            cells[_column(c["x0"], columns)].append(c)
        for k in range(n):
            if per_col[k]:
                rows[-1][k].append(cells[k])
        previous = per_col
        previous_bottom = max(c["bottom"] for c in chars)
    return rows


def cell_text(lines_of_cell: list[list[Char]], text_of: Callable[[list[Char]], str]) -> str:
    """A cell's text: its lines joined (a word broken with `-` at a line end joined back)."""
    out = ""
    for chars in lines_of_cell:
        text = " ".join(text_of(chars).split())
        if not text:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out += text
        else:
            out = f"{out} {text}" if out else text
    return out

"""Tables without ruling lines on a text PDF page: columns from where the words stand.

A list printed without borders (an annex `Stt | Họ và tên | Chức danh, đơn vị công tác`, a
sheet printed to PDF) has no lines for `pdf_grid` to find; its text would come out as lines
mixing the columns (`1. Ông Nguyễn Văn A Trưởng phòng …`). What marks its columns is
whitespace: at the left edge of a column words of many lines start, and no word of any
line of the table runs across it. A run of at least `MIN_LINES` lines sharing at least two
such edges (three columns) is read as a table; a line running across an edge that several
rows above already stand on ends it. Its rows follow the lines: a line goes on with the row
above when the text it adds to a column would not have fitted at the end of that column's
text on the line before (the cell wrapped), else it starts a row. When the first column
numbers the rows (`STT`), a number starts a row and a line without one, with text in
several columns, goes on with the row above.

A heading between groups of rows (`Phòng Giáo dục và Đào tạo` above its people, in a cell
merged across the row) is one phrase running over a column edge. It does not end the table
when it stands directly below a row (about a line's height, or no further than the rows
stand apart) and a row of the same columns follows directly below it; it is kept as a row
of one cell, in the column where it starts, as a ruled table's merged row is.

Works on visual lines as `pdf_chars.visual_lines` gives them; only upright text is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

MIN_LINES = 4  # lines of a table
MIN_STARTS = 3  # lines with a word starting at an inner column edge
MIN_COLUMNS = 3
ALIGN = 2.0  # points: words starting this close start at the same edge
WORD_GAP = 0.2  # of the font size: a wider gap between two glyphs separates words
COLUMN_GAP = 0.8  # of the font size: words of two columns stand at least this far apart
ROW_GAP = 0.9  # of the font size: more space than this above a line starts a new row
WORD_SPACE = 0.6  # of the font size: words closer than this run on as one phrase
MAX_HEADING_LINES = 2  # a heading between rows may wrap once
HEADING_GAP = 1.5  # of the font size: a heading between rows stands at most this far from them

Char = dict[str, Any]

_NUMBER = re.compile(r"^[(\[]?[0-9]{1,4}[.)\]]?$")  # a row number: `1`, `12.`, `(3)`


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

    @property
    def first_row(self) -> float:
        """The height its first row takes on the page, down to where the next row starts:
        a page before that ends with less room than this could not hold the row."""
        tops = [c["top"] for cell in self.rows[1] for line in cell for c in line] if len(self.rows) > 1 else []
        bottoms = [c["bottom"] for cell in self.rows[0] for line in cell for c in line]
        return (min(tops) if tops else max(bottoms, default=self.bottom)) - self.top


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
    if known is None and _heading(lines[i], words[i], edges):
        return None  # a title or a sentence over the table is no row of it
    end, edges, headings = _run(lines, words, i, left, edges)
    run = [words[k] for k in range(i, end + 1) if k not in headings]
    if known is None:
        edges = [x for x in edges if sum(_starts(line, x) for line in run) >= MIN_STARTS and _apart(run, x)]
    if len(edges) < MIN_COLUMNS - 1:
        return None
    # With the columns known, a line that runs as one phrase over one of them is a heading too
    # (on a page going on with a table, its first line may be one).
    headings |= {k for k in range(i if known else i + 1, end + 1) if _heading(lines[k], words[k], edges)}
    while end in headings:  # a table ends on a row
        end -= 1
    body = [k for k in range(i, end + 1) if k not in headings]
    if len(body) < min_lines:
        return None
    run = [words[k] for k in body]
    columns = [left, *edges]
    if known is None:  # every column holds text on several lines
        filled = [sum(any(_column(w.x0, columns) == k for w in line) for line in run) for k in range(len(columns))]
        if min(filled) < 2:
            return None
    right = max(w.x1 for line in run for w in line)
    rows = _rows(lines[i:end + 1], words[i:end + 1], columns, right,
                 [k in headings for k in range(i, end + 1)], _numbered(run, columns))
    if len(rows) < (1 if known else 2):
        return None
    top = min(c["top"] for line in lines[i:end + 1] for c in line)
    bottom = max(c["bottom"] for line in lines[i:end + 1] for c in line)
    return UnruledTable(i, end, (*columns, right), rows, top, bottom)


def _run(lines, words: list[list[Word]], i: int, left: float,
         edges: list[float]) -> tuple[int, list[float], set[int]]:
    """How far the table starting at line `i` goes: its last line, the edges none of its
    rows runs across, and the heading lines between its rows. A line goes on with the table
    when it keeps at least two edges, crosses none that the rows so far already stand on and
    does not start left of the table; a heading (`_headings_between`) does not end it."""
    end, headings = i, set()
    while edges and end + 1 < len(words) and words[end + 1]:
        j = end + 1
        nxt = [x for x in edges if not _crosses(words[j], x)]
        body = [words[k] for k in range(i, j) if k not in headings]
        if _fits_row(words[j], left, edges, nxt, body):
            edges, end = nxt, j
            continue
        k = _headings_between(lines, words, i, j, left, edges, body)
        if not k:
            break
        headings.update(range(j, j + k))
        end = j + k - 1
    return end, edges, headings


def _fits_row(line: list[Word], left: float, edges: list[float], nxt: list[float],
              body: list[list[Word]]) -> bool:
    """Whether a line can be a line of the table's rows: it keeps enough edges, leaves
    the columns the rows above stand on whole and starts inside the table."""
    if len(nxt) < MIN_COLUMNS - 1 or not _inside(line, left, nxt):
        return False
    return not any(x not in nxt and _established(body, x) for x in edges)


def _inside(line: list[Word], left: float, edges: list[float]) -> bool:
    """A line starts inside the table, or a little left of it with its first word alone in
    the first column: a number centred in the `STT` column (`10` stands left of `9`)."""
    first = line[0]
    if first.x0 >= left - ALIGN:
        return True
    inner = min(edges)
    em = max(first.chars[0]["size"], 1.0)
    alone = len(line) == 1 or line[1].x0 - first.x1 >= COLUMN_GAP * em
    return alone and first.x1 <= inner - COLUMN_GAP * em and first.x0 >= left - (inner - left)


def _established(body: list[list[Word]], x: float) -> bool:
    """An edge the table's rows so far stand on: words of several of them start at it."""
    return sum(_starts(line, x) for line in body) >= MIN_STARTS and _apart(body, x)


def _headings_between(lines, words: list[list[Word]], i: int, j: int, left: float, edges: list[float],
                      body: list[list[Word]]) -> int:
    """How many lines from `j` are a heading between rows (a unit above its group, one
    phrase across the columns, wrapped at most once), directly below the table and with a
    row of the same columns directly below them; 0 when they are not."""
    limit = _line_gap_limit(lines, i, j)
    for k in range(1, MAX_HEADING_LINES + 1):
        h = j + k - 1
        if h >= len(words) or not words[h] or not _phrase(lines[h], words[h]) or _gap(lines, h) > limit:
            return 0
        row = j + k
        if row < len(words) and words[row] and _gap(lines, row) <= limit \
                and _opens_row(lines[row], words[row], left, edges, body):
            return k
    return 0


def _line_gap_limit(lines, i: int, j: int) -> float:
    """The most space a heading at line `j` may have above or below it: about a line's
    height (a paragraph's space after included), or the widest gap between the lines of the
    table from line `i` if its rows stand further apart. A title further down is no heading."""
    em = max((c["size"] for c in lines[j] if c["text"].strip()), default=10.0)
    gaps = [_gap(lines, k) for k in range(i + 1, j)]
    return max([HEADING_GAP * em, *gaps]) + ALIGN


def _gap(lines, k: int) -> float:
    """The space between line `k` and the line above it."""
    return min(c["top"] for c in lines[k]) - max(c["bottom"] for c in lines[k - 1])


def _opens_row(chars: list[Char], line: list[Word], left: float, edges: list[float],
               body: list[list[Word]]) -> bool:
    """A line that starts a row of the table: it fits the columns, with text in the first
    column and in another one."""
    nxt = [x for x in edges if not _crosses(line, x)]
    if not _fits_row(line, left, edges, nxt, body) or _heading(chars, line, nxt):
        return False
    columns = [left, *nxt]
    filled = {_column(w.x0, columns) for w in line}
    return 0 in filled and len(filled) >= 2


def _phrase(chars: list[Char], line: list[Word]) -> bool:
    """Whether a line's words run on one space apart, as one text, with no column gap."""
    em = max((c["size"] for c in chars if c["text"].strip()), default=10.0)
    return all(b.x0 - a.x1 < WORD_SPACE * em for a, b in zip(line, line[1:]))


def _heading(chars: list[Char], line: list[Word], edges: list[float]) -> bool:
    """A heading among the rows: one phrase running over a column edge, as a cell merged
    across the row holds it (`Phòng Giáo dục và Đào tạo` from the `STT` column into the
    name column). A cell's text stays within its column."""
    if not line or not _phrase(chars, line):
        return False
    x0, x1 = line[0].x0, line[-1].x1
    return any(x0 < x - ALIGN and x1 > x + ALIGN for x in edges)


def _is_number(words: list[Word]) -> bool:
    return bool(_NUMBER.match("".join(c["text"] for w in words for c in w.chars)))


def _numbered(run: list[list[Word]], columns: list[float]) -> bool:
    """Whether the first column numbers the rows (`STT`): most of its texts are numbers."""
    firsts = [[w for w in line if _column(w.x0, columns) == 0] for line in run]
    firsts = [ws for ws in firsts if ws]
    numbers = sum(_is_number(ws) for ws in firsts)
    return numbers >= 2 and numbers * 2 > len(firsts)


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


def _rows(lines, run: list[list[Word]], columns: list[float], right: float, headings: list[bool],
          numbered: bool) -> list[list[list[list[Char]]]]:
    n = len(columns)
    rows: list[list[list[list[Char]]]] = []
    previous: list[list[Word]] | None = None  # the words of the line before, per column
    previous_bottom = None
    for chars, line, heading in zip(lines, run, headings):
        if heading:
            # One cell, where the heading starts; its second line goes on in the same cell.
            if previous is not None or not rows:
                rows.append([[] for _ in range(n)])
            rows[-1][_column(line[0].x0, columns)].append(list(chars))
            previous, previous_bottom = None, max(c["bottom"] for c in chars)
            continue
        per_col: list[list[Word]] = [[] for _ in range(n)]
        for w in line:
            per_col[_column(w.x0, columns)].append(w)
        if _new_row(chars, per_col, previous, previous_bottom, rows, columns, right, numbered):
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


def _new_row(chars: list[Char], per_col: list[list[Word]], previous: list[list[Word]] | None,
             previous_bottom: float | None, rows, columns: list[float], right: float, numbered: bool) -> bool:
    """Whether a line starts a row rather than going on with the row above. After a heading,
    or with more space than a line's above it, it starts one. In a list whose first column
    numbers the rows, a number starts one and a line without a number but with text in
    several columns goes on with the row above. Else the line goes on only where the text
    it adds would not have fitted on the line before (the cell wrapped): a heading alone in
    the name column (`Viễn thông Bắc Giang` under the last person of the group before) would
    have, a wrapped name's second line (`Huyền` under `Nguyễn Thị Thanh`) would not."""
    em = max((c["size"] for c in chars if c["text"].strip()), default=10.0)
    top = min(c["top"] for c in chars)
    if previous is None or (previous_bottom is not None and top - previous_bottom > ROW_GAP * em):
        return True
    filled = [k for k, ws in enumerate(per_col) if ws]
    if numbered and per_col[0]:
        if _is_number(per_col[0]):
            return True
    elif numbered and len(filled) >= 2:
        return False  # no number, text in several columns: the cells of the row above wrapped
    heading_goes_on = (filled and [k for k, ws in enumerate(previous) if ws] == filled == [filled[0]]
                       and filled[0] > 0 and sum(bool(cell) for cell in rows[-1]) == 1)
    if heading_goes_on:
        return False
    bounds = [*columns[1:], right]
    for k, ws in enumerate(per_col):
        if not ws:
            continue
        before = previous[k]
        first_width = ws[0].x1 - ws[0].x0
        if not (before and before[-1].x1 + 0.3 * em + first_width > bounds[k] - COLUMN_GAP * em):
            return True
    return False


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

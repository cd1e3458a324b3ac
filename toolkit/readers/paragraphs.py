"""Visual lines → paragraphs: the lines a word processor wrapped, joined again.

A PDF page (and a scan of one) holds visual lines, not paragraphs: a sentence the writer
typed in one paragraph comes back cut wherever the line was full (`… 01 cá nhân` / `được
tặng Bằng khen …`). Word and Excel readers give whole paragraphs, and so must the PDF and
OCR readers, or a figure and the words naming it land on different lines.

A line `a` was wrapped into the next line `b`, rather than ended by the writer, when

- `b`'s first word would not have fitted in the room left at the end of `a` (that is why
  the word processor moved it down): the room is measured to the text's right edge;
- `b` follows `a` at the paragraph's line spacing (less than an em of paper between them;
  the space after a paragraph is usually more) and starts at `a`'s left edge or to its left
  (a first-line indent), within a couple of ems (a hanging indent);
- both are the same size and weight, neither is laid out with tab stops (an official
  header's two halves, a signature block), and `b` does not open a list item (`- `, `+ `,
  `2.`, `a)`): items are paragraphs of their own even when the line above is full.

Vietnamese is not hyphenated, so wrapped lines are joined with a space; a line ending in a
hyphen glued to its word (`COVID-` / `19`) is joined without one.

A page break cuts paragraphs and tables too. `join_pages` joins the last block of a page
and the first of the next when the former reached the end of its page (not a page break
the writer typed): a paragraph whose line goes on as above, or a table with the same
columns (its header row repeated on the new page is dropped, and a row the break cut in
two is joined again). Before that, `join_sheet_pages` puts back together a sheet too wide
for the paper, printed on a grid of pages: a page holding the next columns of an earlier
page's rows has its table put to the right of that one, row by row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block, Cell, Frame, Line, Table

__all__ = ["PageEdge", "TextLine", "continues", "join_pages", "join_sheet_pages", "join_wrapped", "joined_text"]

SPACE = 0.6  # a word space plus slack for measuring (ink boxes, kerning), in ems
MAX_LEADING = 1.0  # paper between two lines of one paragraph, at most, in ems
HANGING = 2.5  # how far right of the line above a wrapped line may start, in ems
SAME_SIZE = 0.12  # relative difference of sizes that are one size

# A paragraph or table goes on over a page break when it ends this close to the bottom of the
# text area (guessed as the top margin: margins are about even): within a few lines (widow
# and orphan control moves up to two), or a table row plus a little (points).
PAGE_END_LINES = 3.5
PAGE_END_SLACK = 20.0

_LIST_ITEM = re.compile(r"^(?:[-+*•–—]\s|\(?[0-9]+(?:\.[0-9]+)*[.)]\s|\(?[a-zđ]\)\s|[IVXLC]+[.)]\s)")


@dataclass
class TextLine:
    """One visual line with its box, in any unit (points for text PDFs, pixels for scans)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    em: float  # the font size (or its estimate) in the same unit
    first_word: float  # width of the line's first word
    bold: bool = False
    fixed: bool = False  # never joined (vertical text)
    extra: Any = field(default=None, compare=False)  # the reader's own data for the line


def continues(a: TextLine, b: TextLine, right: float, *, leading: bool = True) -> bool:
    """Whether `b` is the wrapped continuation of `a`, the text's right edge being `right`.

    `leading=False` skips the spacing test (the two lines are on different pages)."""
    em = max(a.em, b.em, 1e-6)
    if "\t" in a.text or "\t" in b.text or a.bold != b.bold:
        return False
    if abs(a.em - b.em) > SAME_SIZE * em:
        return False
    if _LIST_ITEM.match(b.text):
        return False
    if leading and not (-0.2 * em <= b.top - a.bottom <= MAX_LEADING * em):
        return False
    if b.x0 - a.x0 > HANGING * em:
        return False
    return right - a.x1 < b.first_word + SPACE * em


def join_wrapped(lines: list[TextLine], right: float, breaks: tuple[float, ...] = ()) -> list[list[TextLine]]:
    """Consecutive lines (top to bottom) grouped into paragraphs, in order.

    `breaks` are heights where something else stands between lines (a table): no paragraph
    runs across them."""
    groups: list[list[TextLine]] = []
    for line in lines:
        last = groups[-1][-1] if groups else None
        if (last is not None and not last.fixed and not line.fixed
                and not any(last.bottom <= y <= line.top for y in breaks)
                and continues(last, line, right)):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def joined_text(texts: list[str]) -> str:
    """The text of a paragraph from its lines' texts."""
    out = ""
    for text in texts:
        text = text.strip()
        if not out:
            out = text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out += text
        else:
            out += " " + text
    return out


@dataclass
class PageEdge:
    """The first or last block of a page, as far as joining it across the break needs; in
    points (a reader of pixels converts)."""

    line: TextLine | None = None  # a paragraph's first or last visual line
    right: float = 0.0  # the right edge of the text on its page
    columns: tuple[float, ...] | None = None  # a table's column edges
    room: float = 0.0  # a last block: the paper left below it, down to the text area's end
    first_row: float = 0.0  # a table starting a page: the height of its first row
    unruled: bool = False  # a table without ruling lines (`pdf_words`)


def join_pages(pages: list[list[Block]], edges: list[tuple[PageEdge | None, PageEdge | None]]) -> None:
    """A paragraph or a table that a page break cut in two, joined again (over several pages
    when a page holds nothing but its middle part)."""
    before, ending = pages[0] if pages else [], edges[0][1] if edges else None
    for after, (starting, page_end) in zip(pages[1:], edges[1:]):
        if before and after and ending is not None and starting is not None \
                and _join_blocks(before[-1], after[0], ending, starting):
            after.pop(0)
            if not after:  # the whole page went on with the block: it ends where the page does
                ending = page_end
                continue
        before, ending = after, page_end


def _join_blocks(a: Block, b: Block, ending: PageEdge, starting: PageEdge) -> bool:
    """Join `b`, first on its page, to `a`, last on the page before, if it goes on with it.

    Only a block that reached the end of its page goes on, not one before a page break."""
    if isinstance(a, Line) and isinstance(b, Line):
        if not (ending.line and starting.line and ending.room <= PAGE_END_LINES * ending.line.em
                and continues(ending.line, starting.line, ending.right, leading=False)):
            return False
        a.text = joined_text([a.text, b.text])
        return True
    if isinstance(a, Table) and isinstance(b, Table):
        # A table without borders starts where its leftmost text does, which moves with what
        # the page holds (the header's `STT`, numbers centred under it): its inner edges tell.
        inner = slice(1, None) if ending.unruled and starting.unruled else slice(None)
        ends, starts = ending.columns, starting.columns
        if not (ends is not None and starts is not None and len(ends) == len(starts)
                and _same_columns(ends[inner], starts[inner])
                and ending.room <= starting.first_row + PAGE_END_SLACK):
            return False
        _append_rows(a, b)
        return True
    return False


def join_sheet_pages(pages: list[list[Block]], edges: list[tuple[PageEdge | None, PageEdge | None]]) -> list[Block]:
    """The blocks of a file's pages in reading order, the pages of a sheet printed in a grid of
    pages put back together first, then blocks cut by a page break joined (`join_pages`).

    A sheet too wide for the paper is printed in a grid of pages: down, then over (the first
    columns of every range of rows, then the next columns of each range) or over, then down
    (the column pages of one range of rows after each other). A page holding the next columns
    has a table with the same rows at the same heights as the table of an earlier page, other
    columns and no row numbers (STT and names are in the first columns): its rows go on to the
    right of that table's. Its page then leaves the reading order, so the first columns' pages
    join over their breaks as one table; what else it holds (a title run over from the first
    columns, a header cut by the page) follows the file, less lines read already.

    Where several earlier tables fit (full pages of rows of one height), the one with the
    fewest column pages so far, then the earliest, takes it: both page orders fill the grid so."""
    bases: list[_RowRange] = []
    moved: set[int] = set()  # pages whose every table went on to the right of another
    for index, blocks in enumerate(pages):
        tables = [block for block in blocks if isinstance(block, Table)]
        taken: list[Table] = []
        for table in tables:
            base = _range_of(table, index, bases)
            if base is not None:
                base.right.append(table)
                taken.append(table)
            elif table.frame is not None:
                bases.append(_RowRange(table, index, _numbering(table)))
        if taken:
            _take_out(index, taken, pages, edges)
            if len(taken) == len(tables):
                moved.add(index)
    for base in bases:
        if base.right:
            _put_right(base.table, base.right)
    order = [i for i in range(len(pages)) if i not in moved]
    join_pages([pages[i] for i in order], [edges[i] for i in order])
    out = [block for i in order for block in pages[i]]
    seen = {block.text for block in out if isinstance(block, Line)}
    out += [block for i in sorted(moved) for block in pages[i]
            if not (isinstance(block, Line) and block.text in seen)]
    return out


# The same sheet row printed on two pages stands this close (points).
ROW_SLACK = 2.0


@dataclass
class _RowRange:
    """A table holding the first columns of a range of a sheet's rows, and the tables of the
    pages holding its next columns, left to right."""

    table: Table
    page: int  # index of its page
    numbering: int | None  # `_numbering` of the table
    right: list[Table] = field(default_factory=list)


def _range_of(table: Table, page: int, bases: list[_RowRange]) -> _RowRange | None:
    """The range of rows whose next columns `table` holds, if any."""
    if table.frame is None:
        return None
    numbering = _numbering(table)
    fits = [base for base in bases if base.page < page and _goes_right(base, table, numbering)]
    return min(fits, key=lambda base: len(base.right), default=None)  # ties: the earliest


def _goes_right(base: _RowRange, part: Table, numbering: int | None) -> bool:
    """Whether `part` (its rows numbered from `numbering`) holds other columns of `base`'s rows:
    the same rows at the same heights, and not a table of its own (rows numbered from 1) nor
    the same table again (a header repeated; the same columns, unless only `base` numbers its
    rows: columns of one width). The cheap tests first: a long file has many tables."""
    a, b = base.table.frame, part.frame
    if a is None or b is None or not a.rows or not b.rows:
        return False
    ruled = a.ruled and b.ruled
    # Scanned pages lie shifted on the scanner: their rows are compared from the table's top.
    shift = b.rows[0][0] - a.rows[0][0] if a.scanned and b.scanned else 0.0
    if ruled and (abs(a.rows[0][0] - b.rows[0][0] + shift) > ROW_SLACK
                  or abs(a.rows[-1][1] - b.rows[-1][1] + shift) > ROW_SLACK):
        return False
    if not ruled and len(a.rows) != len(b.rows):
        return False
    if _same_columns(a.columns, b.columns):
        if base.numbering is None or numbering is not None:
            return False
    elif numbering == 1:
        return False
    if [c.text for c in base.table.rows[0]] == [c.text for c in part.rows[0]]:
        return False
    if ruled:
        return _same_row_lines(a, b, shift)
    # Text stands where its row is, its height set by its font and lines.
    return len(a.rows) >= 3 and all(max(x[0], y[0]) < min(x[1], y[1]) for x, y in zip(a.rows, b.rows))


# Row lines one of two ruled tables may lack where the other has them: cells merged down
# (a two-row header whose group heading is on one page only).
MERGED_ROW_LINES = 2


def _same_row_lines(a: Frame, b: Frame, shift: float = 0.0) -> bool:
    """Whether two ruled tables have the same rows: the same row lines (`b`'s moved up by
    `shift`), but for a few that cells merged down hide on one of them (both lists sorted:
    one walk)."""
    lines_a, lines_b = _row_lines(a), [y - shift for y in _row_lines(b)]
    i = j = common = 0
    while i < len(lines_a) and j < len(lines_b):
        if abs(lines_a[i] - lines_b[j]) <= ROW_SLACK:
            common, i, j = common + 1, i + 1, j + 1
        elif lines_a[i] < lines_b[j]:
            i += 1
        else:
            j += 1
    alone = len(lines_a) + len(lines_b) - 2 * common
    return alone <= MERGED_ROW_LINES and common >= 3  # two rows at least


def _row_lines(frame: Frame) -> list[float]:
    return [top for top, _ in frame.rows] + [frame.rows[-1][1]] if frame.rows else [0.0]


def _put_right(base: Table, parts: list[Table]) -> None:
    """`parts`' rows to the right of `base`'s. Ruled tables whose row lines differ (cells merged
    down on one) first get the rows of both: a merged cell keeps its text in its first row and
    is empty in the others, as merged cells are in every table."""
    tables = [base, *parts]
    frames = [table.frame for table in tables]
    if all(frame is not None and frame.ruled for frame in frames):
        lines: list[float] = []
        for frame in frames:
            lines += [y for y in _row_lines(frame) if not any(abs(y - line) <= ROW_SLACK for line in lines)]
        lines.sort()
        spans = tuple(zip(lines, lines[1:]))
        if any(len(frame.rows) != len(spans) for frame in frames):
            for table in tables:
                table.rows = _split_rows(table, spans)
            if base.row_heights:
                base.row_heights = [bottom - top for top, bottom in spans]
            base.frame = Frame(rows=spans, columns=base.frame.columns)
    for part in parts:
        _side_by_side(base, part)


def _split_rows(table: Table, spans: tuple[tuple[float, float], ...]) -> list[list[Cell]]:
    """The table's rows over finer row lines: a row standing over several spans is its cells
    in the first span, empty cells in the others."""
    rows: list[list[Cell]] = []
    taken: set[int] = set()
    for top, bottom in spans:
        middle = (top + bottom) / 2
        index = next((i for i, (a, b) in enumerate(table.frame.rows) if a <= middle <= b), None)
        if index is None or index in taken:
            rows.append([Cell(text="") for _ in (table.rows[0] if table.rows else [])])
        else:
            rows.append(table.rows[index])
            taken.add(index)
    return rows


def _numbering(table: Table) -> int | None:
    """The first number of the table's first column when that column counts its rows (STT 1,
    2, 3 …), else None."""
    numbers = [int(text) for text in (row[0].text.rstrip(".") for row in table.rows if row) if text.isdigit()]
    steps = sum(b == a + 1 for a, b in zip(numbers, numbers[1:]))
    return numbers[0] if steps >= 2 and 2 * steps >= len(numbers) - 1 else None


def _take_out(index: int, taken: list[Table], pages: list[list[Block]],
              edges: list[tuple[PageEdge | None, PageEdge | None]]) -> None:
    """Tables gone to the right of others leave their page; the page's edges no longer
    describe a block that left it."""
    blocks = pages[index]
    gone = {id(table) for table in taken}
    if index < len(edges):
        starting, ending = edges[index]
        edges[index] = (None if id(blocks[0]) in gone else starting, None if id(blocks[-1]) in gone else ending)
    blocks[:] = [block for block in blocks if id(block) not in gone]


def _side_by_side(a: Table, b: Table) -> None:
    for left, right in zip(a.rows, b.rows):
        left.extend(right)


def _same_columns(a: tuple[float, ...] | None, b: tuple[float, ...] | None, tolerance: float = 2.0) -> bool:
    return (a is not None and b is not None and len(a) == len(b)
            and all(abs(x - y) <= tolerance for x, y in zip(a, b)))


def _append_rows(table: Table, part: Table) -> None:
    """The rows of a table's part on the next page: a repeated header row dropped, a row cut
    by the break (its first cell empty, its other text under text of the row above) joined.
    Each row keeps the page it is printed on (`Table.row_pages`)."""
    rows = part.rows
    if not table.row_pages:
        table.row_pages = [table.page] * len(table.rows)
    heights = list(part.row_heights)
    if rows and [c.text for c in rows[0]] == [c.text for c in table.rows[0]]:
        rows = rows[1:]
        heights = heights[1:]
    if rows and table.rows:
        last, first = table.rows[-1], rows[0]
        if (not first[0].text and last[0].text and any(c.text for c in first)
                and all(upper.text or not lower.text for upper, lower in zip(last, first))):
            for upper, lower in zip(last, first):
                if lower.text:
                    upper.text = joined_text([upper.text, lower.text])
            rows = rows[1:]
            if heights and table.row_heights:
                table.row_heights[-1] += heights.pop(0)
    table.rows.extend(rows)
    if table.row_heights and len(heights) == len(rows):
        table.row_heights.extend(heights)
    else:
        table.row_heights = []  # no longer known row by row
    table.row_pages.extend([part.page_of(i) for i in range(len(part.rows) - len(rows), len(part.rows))])

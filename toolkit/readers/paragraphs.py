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
two is joined again).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block, Line, Table

__all__ = ["PageEdge", "TextLine", "continues", "join_pages", "join_wrapped", "joined_text"]

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
    heights: tuple[float, ...] | None = None  # a ruled table: the height of each of its rows


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
        if _same_rows(ending.heights, starting.heights) and not _same_columns(ending.columns, starting.columns) \
                and len(a.rows) == len(b.rows) and [c.text for c in a.rows[0]] != [c.text for c in b.rows[0]]:
            # A sheet too wide for the paper, printed in column bands page after page: the
            # same rows at the same heights go on to the right (two tables with the same
            # header are two tables).
            _side_by_side(a, b)
            return True
        if not (_same_columns(ending.columns, starting.columns)
                and ending.room <= starting.first_row + PAGE_END_SLACK):
            return False
        _append_rows(a, b)
        return True
    return False


def join_bands(blocks: list[Block]) -> list[Block]:
    """A long sheet too wide for the paper is printed down, then over: its left columns on
    pages 1–2, its next columns on pages 3–4 … Once each band is one table, a table right
    after another with the same rows at the same heights goes on to its right."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if (isinstance(block, Table) and isinstance(last, Table) and len(block.rows) == len(last.rows)
                and _same_rows(tuple(last.row_heights), tuple(block.row_heights))
                and [c.text for c in last.rows[0]] != [c.text for c in block.rows[0]]):
            _side_by_side(last, block)
            continue
        out.append(block)
    return out


def _side_by_side(a: Table, b: Table) -> None:
    for left, right in zip(a.rows, b.rows):
        left.extend(right)


def _same_rows(a: tuple[float, ...] | None, b: tuple[float, ...] | None, tolerance: float = 1.5) -> bool:
    return (a is not None and b is not None and len(a) == len(b) >= 3
            and all(abs(x - y) <= tolerance for x, y in zip(a, b)))


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

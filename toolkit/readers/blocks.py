"""What a reader gives: a file as blocks of lines and tables, in reading order.

A reader never interprets: it turns a .xlsx, .docx or .pdf (text or scanned) into `Line` and
`Table` blocks that know where they came from (page, sheet, row, cell), with Unicode NFC
text. Extraction works on blocks only and never opens files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from ..vn.text import nfc


@dataclass
class Cell:
    text: str  # as a person reads it, NFC, whitespace collapsed ("" when empty)
    value: Any = None  # the typed value where the format has one (.xlsx numbers, dates)
    ref: str | None = None  # "C7" in a sheet; None elsewhere
    # Part of a cell merged down from the row above (Word's vMerge, an Excel merge, a PDF
    # cell with no border above): empty here, but what the merged cell says holds for this
    # row too (a `Hình thức khen thưởng` written once for a group of people).
    above: bool = False


@dataclass
class Line:
    """A paragraph (.docx), a text line (.pdf) or a text cell standing alone."""

    text: str
    page: int | None = None
    sheet: str | None = None
    row: int | None = None
    ocr: bool = False
    style: str | None = None  # e.g. "bold", "heading", "title" when the reader knows it
    confidence: float | None = None  # OCR: mean word confidence 0–1; None for real text


@dataclass
class Frame:
    """Where a PDF table stands on the page it was read from (points): what tells the pages of
    a sheet printed in a grid of pages apart (`paragraphs.join_sheet_pages`): the same rows at
    the same heights, other columns."""

    rows: tuple[tuple[float, float], ...]  # each row's top and bottom
    columns: tuple[float, ...]  # the column edges, left to right
    ruled: bool = True  # rows from ruling lines (exact), else from where the text stands
    scanned: bool = False  # read from a scan: each page lies a little shifted on the scanner


@dataclass
class Table:
    rows: list[list[Cell]]  # merged cells: the value in the first cell, "" in the others
    page: int | None = None
    sheet: str | None = None
    first_row: int | None = None  # sheet row number of rows[0] (1-based)
    hidden_rows: frozenset[int] = frozenset()  # sheet row numbers hidden in Excel
    ocr: bool = False
    confidence: float | None = None  # OCR: mean word confidence 0–1; None for real text
    row_pages: list[int] = field(default_factory=list)  # a PDF table over several pages: each row's page
    row_heights: list[float] = field(default_factory=list)  # a ruled PDF table: each row's height (points)
    frame: Frame | None = field(default=None, compare=False, repr=False)  # a PDF table as read from its page

    def page_of(self, index: int) -> int | None:
        """The page row `index` is printed on (a table joined over a page break spans several)."""
        return self.row_pages[index] if index < len(self.row_pages) else self.page


Block = Union[Line, Table]


@dataclass
class ReadFile:
    """A file as read: its blocks plus what the file says about itself."""

    path: Path
    kind: str  # xlsx · docx · pdf
    blocks: list[Block] = field(default_factory=list)
    identity: Any = None  # toolkit.forms.FormIdentity for our own forms
    layout: Any = None  # toolkit.forms.FormLayout: where the fields of our own form are
    properties: dict[str, str] = field(default_factory=dict)  # our `thidua_*` document properties
    hidden_sheets: tuple[str, ...] = ()
    pages: int | None = None
    ocr_pages: tuple[int, ...] = ()
    legacy_encoding: str | None = None  # "tcvn3"/"vni" when text was converted
    notes: list[str] = field(default_factory=list)  # Vietnamese remarks for the user


def clean_text(text: str) -> str:
    """Text as blocks hold it: NFC, runs of whitespace as one space, lines kept apart by one
    `\\n`, no blank lines and no spaces at either end."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return nfc("\n".join(line for line in lines if line))

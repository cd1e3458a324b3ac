"""Blocks → records: the extraction step of `parse` (docs/design.md, *Records*).

Our own forms carry their identity and are read field by field (`own`, confidence 1).
Anything else is read by recognition: the header of the file gives the sending unit, the
year and whether it is a plan (`context`); scoring documents give their scores (`scores`);
tables are recognised by their header words (`tables`); the remaining text is read
sentence by sentence (`text`). An extractor never
opens files: it works on a `ReadFile` that a reader made.
"""
from __future__ import annotations

from dataclasses import replace

from ..readers.blocks import Line, ReadFile, Table
from ..records import Record
from ..vn import KHAC
from ..vn.awards import find_award
from .awards import decided, extract_awards, is_decision, with_award_fields
from .context import FileContext, file_context
from .layouts import table_layout
from .named import extract_named
from .ocr_headers import repair_ocr_headers
from .own import extract_own, generated_layout
from .scores import extract_scores
from .tables import extract_tables
from .text import extract_text
from .workbook import prepare_workbook

__all__ = ["FileContext", "extract", "extract_tables", "extract_text", "file_context"]

# A cell of an unrecognised table is read as text when it is a real sentence.
_MIN_WORDS_AS_TEXT = 6


def extract(read: ReadFile, context: FileContext | None = None) -> list[Record]:
    """The records of a file: its own form's fields, or its recognised tables and text.

    `context` replaces what the file's header says (for callers who know better).
    """
    if read.identity is not None:
        if read.layout is not None or generated_layout(read) is not None:
            return extract_own(read)
    read = repair_ocr_headers(prepare_workbook(read))
    ctx = context if context is not None else file_context(read)
    scores, read_scores, scoring = extract_scores(read, ctx)
    if read_scores:  # criteria tables and scoring lines are not read again
        read = replace(read, blocks=[b for b in read.blocks if id(b) not in read_scores])
    awards, used = extract_awards(read, ctx)
    awards.extend(extract_named(read, ctx, used))
    if used:  # the blocks of recipient lists are not read again as tables or text
        read = replace(read, blocks=[b for b in read.blocks if id(b) not in used])
    records = decided(extract_tables(read, ctx), read, ctx)
    records.extend(awards)
    records.extend(scores)
    scoring = scoring or any(r.kind == "score" for r in records)  # a criteria sheet `tables` read
    text = extract_text(free_lines(read), ctx, read.path.name)
    # In a scoring document the prose is the evidence for its scores: only figures of the
    # vocabulary are kept from it (docs/formats.md, *Scoring sheets*); a decision's sentences
    # give awards, and the merits they cite (`bắt giữ 03 đối tượng`) are no figures of a unit.
    if scoring:
        text = [r for r in text if r.metric != KHAC]
    elif is_decision(read):
        text = [r for r in text if r.metric != KHAC or r.award or find_award(r.label or "")]
    records.extend(text)
    return with_award_fields(records)


def free_lines(read: ReadFile) -> list[Line]:
    """The lines that are not part of a recognised table, in reading order.

    Lines a spreadsheet reader placed inside a recognised table's rows are left out; the
    cells of an unrecognised table that hold sentences become lines (narrative tables in
    Word reports). A line without a word (a page number, `- 2 -`) says nothing of what it
    counts, so it is left out too.
    """
    covered: dict[str | None, list[tuple[int, int]]] = {}
    out: list[Line] = []
    for block in read.blocks:
        if isinstance(block, Table):
            if table_layout(block) is not None:
                if block.sheet is not None and block.first_row is not None:
                    covered.setdefault(block.sheet, []).append(
                        (block.first_row, block.first_row + len(block.rows) - 1))
                continue
            out.extend(_table_lines(block))
        elif any(ch.isalpha() for ch in block.text):
            out.append(block)
    if not covered:
        return out
    return [line for line in out
            if not (line.sheet in covered and line.row is not None
                    and any(a <= line.row <= b for a, b in covered[line.sheet]))]


def _table_lines(table: Table) -> list[Line]:
    lines = []
    for i, row in enumerate(table.rows):
        seen = []
        for cell in row:
            if cell.text and cell.text not in seen:
                seen.append(cell.text)
        for text in seen:
            for part in text.splitlines():
                if len(part.split()) >= _MIN_WORDS_AS_TEXT:
                    row_no = table.first_row + i if table.first_row is not None else None
                    lines.append(Line(part, page=table.page, sheet=table.sheet, row=row_no, ocr=table.ocr))
    return lines

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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TextLine", "continues", "join_wrapped", "joined_text"]

SPACE = 0.35  # a word space plus slack, in ems
MAX_LEADING = 1.0  # paper between two lines of one paragraph, at most, in ems
HANGING = 2.5  # how far right of the line above a wrapped line may start, in ems
SAME_SIZE = 0.12  # relative difference of sizes that are one size

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

"""PDF glyphs → text lines: what a person sees as one line, word spaces, tab stops and bold.

pdfminer gives each glyph as `(text, font, size, box)`. Many PDFs made from Word with a font
lacking a bold face fake it by drawing each glyph twice a fraction of a point apart;
`dedupe_chars` keeps one copy and remembers that it was bold. Glyphs whose middles are close
share a visual line; the gap to the previous glyph, in ems, is a word space or a tab stop.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Sequence

from ..vn.text import nfc
from .paragraphs import TextLine


# Gaps between neighbouring glyphs, in ems of the glyph size. A word space is about a
# quarter of an em and kerning a few hundredths; a gap of several ems is a tab stop or the
# next column of a two-column header.
SPACE_GAP = 0.15
TAB_GAP = 2.5
# Characters whose middles are this close (in their own height) share a visual line.
LINE_TOLERANCE = 0.45
# Glyphs drawn again within this distance (points, at most a fifth of the glyph size) are
# one glyph drawn twice: fake bold, or a shadow.
DEDUPE_TOLERANCE = 1.0

_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}


def clean(text: str) -> str:
    """NFC, ligatures spelled out, glyphs without meaning as U+FFFD."""
    if "(cid:" in text:
        text = _CID.sub("\ufffd", text)
    if not text.isascii():
        text = nfc(text.translate(_LIGATURES))
    return text


def is_bold(char: dict[str, Any], fake_bold: set[int]) -> bool:
    return "bold" in char["fontname"].lower() or id(char) in fake_bold


def dedupe_chars(chars: Sequence[dict[str, Any]],
                 tolerance: float = DEDUPE_TOLERANCE) -> tuple[list[dict[str, Any]], set[int]]:
    """Glyphs drawn twice at (almost) the same place, kept once.

    Returns the kept characters, in their order, and the `id`s of those that had a double:
    fake bold. Same text, font and size within `tolerance` points (and a fifth of the glyph
    size, so `ll` in a tiny font stays two letters). Bucketing by position makes this linear,
    where comparing every pair of glyphs would be quadratic.
    """
    # Buckets twice the tolerance wide: a double lies in the glyph's bucket or in the
    # neighbouring one on the side the glyph is nearer to, so four buckets are looked at.
    size = 2 * max(tolerance, 1e-6)
    floor = math.floor
    glyphs: dict[tuple, dict[tuple[int, int], list[dict[str, Any]]]] = {}
    kept: list[dict[str, Any]] = []
    doubled: set[int] = set()
    for char in chars:
        text = char["text"]
        if text.isspace():
            kept.append(char)
            continue
        x0, top, glyph_size = char["x0"], char["top"], char["size"]
        limit = min(tolerance, 0.2 * glyph_size)
        glyph = (text, char["fontname"], round(glyph_size, 1))
        buckets = glyphs.get(glyph)
        if buckets is None:
            buckets = glyphs[glyph] = {}
        fx, fy = x0 / size, top / size
        gx, gy = floor(fx), floor(fy)
        own = (gx, gy)
        if buckets:  # a glyph seen before: its doubles are in these four buckets
            nx = gx - 1 if fx - gx < 0.5 else gx + 1
            ny = gy - 1 if fy - gy < 0.5 else gy + 1
            original = None
            for key in (own, (nx, gy), (gx, ny), (nx, ny)):
                for other in buckets.get(key, ()):
                    if abs(other["x0"] - x0) <= limit and abs(other["top"] - top) <= limit:
                        original = other
                        break
                if original is not None:
                    break
            if original is not None:
                doubled.add(id(original))
                continue
        bucket = buckets.get(own)
        if bucket is None:
            buckets[own] = [char]
        else:
            bucket.append(char)
        kept.append(char)
    return kept, doubled


def visual_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into visual lines, each in reading order, lines top to bottom."""
    upright = [c for c in chars if c["upright"]]
    lines = _group_by_band(upright, lambda c: (c["top"] + c["bottom"]) / 2,
                           lambda c: c["bottom"] - c["top"], lambda c: c["x0"])
    rotated = [c for c in chars if not c["upright"]]
    if rotated:  # vertical text (margin notes, rotated table headers): columns, read downwards
        lines += _group_by_band(rotated, lambda c: (c["x0"] + c["x1"]) / 2,
                                lambda c: c["x1"] - c["x0"], lambda c: c["top"])
        lines.sort(key=lambda line: min(c["top"] for c in line))
    return lines


def _group_by_band(chars, middle, thickness, along) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    anchor = reach = 0.0
    for char in sorted(chars, key=middle):
        mid = middle(char)
        if current and mid - anchor <= reach:
            current.append(char)
            continue
        if current:
            lines.append(sorted(current, key=along))
        current = [char]
        anchor, reach = mid, max(thickness(char), 1.0) * LINE_TOLERANCE
    if current:
        lines.append(sorted(current, key=along))
    return lines


def line_pieces(chars: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(text, font) pieces of a visual line, with the spaces and tabs its gaps stand for."""
    pieces: list[tuple[str, str]] = []
    previous = None
    spaced = False
    for char in chars:
        text = char["text"]
        if not text.strip():
            spaced = previous is not None
            continue
        if previous is not None:
            if char["upright"]:
                gap = char["x0"] - previous["x1"]
            else:
                gap = char["top"] - previous["bottom"]
            em = max(previous["size"], char["size"], 1.0)
            if gap > TAB_GAP * em:
                pieces.append(("\t", ""))
            elif (spaced or gap > SPACE_GAP * em) and not unicodedata.combining(text[0]):
                pieces.append((" ", ""))
        pieces.append((text, char["fontname"]))
        previous, spaced = char, False
    return pieces


def cell_pieces(chars: list[dict[str, Any]], room: float = math.inf) -> list[tuple[str, str]]:
    """The pieces of a cell's lines; `room` is the width text can take in the cell."""
    pieces: list[tuple[str, str]] = []
    previous = None
    for line in visual_lines(chars):
        own = line_pieces(line)
        if pieces and not _broken_word(previous, line, room):
            pieces.append((" ", ""))
        pieces.extend(own)
        previous = own, line
    return pieces


def _broken_word(previous, line: list[dict[str, Any]], room: float) -> bool:
    """Whether `line` goes on with a word the line before had to break: that line is one
    word filling the cell, and not even the next glyph would have fitted after it."""
    if previous is None:
        return False
    pieces, chars = previous
    if any(text in (" ", "\t") for text, _ in pieces):
        return False
    visible = [c for c in chars if c["text"].strip()]
    following = next((c for c in line if c["text"].strip()), None)
    if not visible or following is None or not (visible[0]["upright"] and following["upright"]):
        return False
    width = visible[-1]["x1"] - visible[0]["x0"]
    return width + (following["x1"] - following["x0"]) > room


def text_line(chars: list[dict[str, Any]], text: str, bold: bool) -> TextLine:
    """A visual line with the geometry `toolkit.readers.paragraphs` joins lines by."""
    visible = [c for c in chars if c["text"].strip()]
    sizes = sorted(c["size"] for c in visible)
    em = sizes[len(sizes) // 2]
    box = dict(x0=min(c["x0"] for c in visible), x1=max(c["x1"] for c in visible),
               top=min(c["top"] for c in visible), bottom=max(c["bottom"] for c in visible))
    if not visible[0]["upright"]:
        return TextLine(text, em=em, first_word=0.0, bold=bold, fixed=True, **box)
    start = end = visible[0]
    for char in chars[chars.index(start) + 1:]:
        if not char["text"].strip() or char["x0"] - end["x1"] > SPACE_GAP * em:
            break
        end = char
    return TextLine(text, em=em, first_word=end["x1"] - start["x0"], bold=bold, **box)


def right_edge(lines: list[TextLine], page_width: float) -> float:
    """Where the page's text lines end on the right: the longest line, or as far from the
    right side as the text starts from the left one (a page whose lines are all short)."""
    upright = [line for line in lines if not line.fixed]
    if not upright:
        return page_width
    return max(max(line.x1 for line in upright), page_width - min(line.x0 for line in upright))

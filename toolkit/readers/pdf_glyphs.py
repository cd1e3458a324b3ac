"""pdfminer's interpreter with glyphs written straight into the dicts the reader uses.

Reading a text page is mostly pdfminer interpreting its content stream in Python. Of that,
a quarter went into building an `LTChar` for every glyph (its box through a general matrix
product, its text through two method calls, colour spaces and graphic state kept) that
pdfplumber then copied into a dict and our reader cut down to `(text, font, size, box)`.
`GlyphDevice` computes that dict once, as `LTChar` would (same box, same size, same
`upright`), with only the keys the reader uses, and remembers each font's glyphs (text, width) by code, so a glyph seen before
costs a dictionary lookup. Paths and images still go through pdfminer's layout objects:
ruling lines are few.
"""
from __future__ import annotations

import logging
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.utils import apply_matrix_rect

__all__ = ["GlyphDevice", "char_dict"]

logger = logging.getLogger(__name__)


class _Font:
    """What the glyph dicts need of one font: its name, descent, and its glyphs by code."""

    __slots__ = ("font", "name", "descent", "glyphs")

    def __init__(self, font: PDFFont):
        self.font = font
        name = font.fontname
        self.name = name.decode("latin-1") if isinstance(name, bytes) else name
        self.descent = font.get_descent()
        self.glyphs: dict[int, tuple[str, float]] = {}

    def glyph(self, cid: int) -> tuple[str, float]:
        try:
            text = self.font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"
        found = self.glyphs[cid] = (text, self.font.char_width(cid))
        return found


class GlyphDevice(PDFPageAggregator):
    """A page aggregator whose glyphs are small dicts (`char_dict`) in `chars` (page order),
    not `LTChar`s; `frame` is pdfplumber's `(mediabox x0, mediabox top, page height)`."""

    def __init__(self, rsrcmgr, pageno: int, frame: tuple[float, float, float]):
        super().__init__(rsrcmgr, pageno=pageno)
        self.chars: list[dict[str, Any]] = []
        self.frame = frame
        self._fonts: dict[int, _Font] = {}

    def _font(self, font: PDFFont) -> _Font:
        known = self._fonts.get(id(font))
        if known is None or known.font is not font:
            known = self._fonts[id(font)] = _Font(font)
        return known

    def render_string_horizontal(self, seq, matrix, pos, font, fontsize, scaling, charspace,
                                 wordspace, rise, dxscale, ncs, graphicstate):
        """pdfminer's loop over a string's glyphs (same advances, same spacing), each glyph
        appended as a dict."""
        x, y = pos
        a, b, c, d, e, f = matrix
        known = self._font(font)
        glyphs = known.glyphs
        low = known.descent * fontsize + rise
        high = low + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        straight = b == 0 and c == 0
        mb_x0, mb_top, height = self.frame
        chars = self.chars
        name = known.name
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid)
                    if glyph is None:
                        glyph = known.glyph(cid)
                    adv = glyph[1] * fontsize * scaling
                    ex, fy = x * a + y * c + e, x * b + y * d + f
                    if straight:
                        x0, x1 = ex, a * adv + ex
                        y0, y1 = d * low + fy, d * high + fy
                    else:
                        x0, y0, x1, y1 = apply_matrix_rect((a, b, c, d, ex, fy), (0, low, adv, high))
                    if x1 < x0:
                        x0, x1 = x1, x0
                    if y1 < y0:
                        y0, y1 = y1, y0
                    chars.append({
                        "text": glyph[0], "fontname": name, "size": y1 - y0, "upright": upright,
                        "x0": x0 + mb_x0, "x1": x1 + mb_x0,
                        "top": height - y1 + mb_top, "bottom": height - y0 + mb_top,
                    })
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                logger.debug("not a string in a text array: %r", obj)
        return (x, y)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        """Vertical writing only (horizontal strings never come here): pdfminer's `LTChar`."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"
        char = LTChar(matrix, font, fontsize, scaling, rise, text, font.char_width(cid),
                      font.char_disp(cid), ncs, graphicstate)
        self.chars.append(char_dict(char, self.frame))
        return char.adv


def char_dict(obj: LTChar, frame: tuple[float, float, float]) -> dict[str, Any]:
    """An `LTChar` as the reader's glyph dict: text, font, size, `upright` and the box
    (`x0`, `x1`, `top`, `bottom`) in pdfplumber's frame; nothing the reader does not use."""
    mb_x0, mb_top, height = frame
    fontname = obj.fontname
    if isinstance(fontname, bytes):
        fontname = fontname.decode("latin-1")
    return {
        "text": obj.get_text(), "fontname": fontname, "size": obj.size, "upright": obj.upright,
        "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
        "top": height - obj.y1 + mb_top, "bottom": height - obj.y0 + mb_top,
    }

"""A ruled table found on a PDF page as a grid of cells that collect their characters."""
from __future__ import annotations

from bisect import bisect_right
from typing import Any


class Grid:
    """A pdfplumber table as a grid of cells, each collecting the characters centred in it.

    pdfplumber's `Table.cells` are boxes; their distinct left edges are the columns and their
    distinct tops the rows (as in `Table.rows`). A merged cell spans several grid positions
    and owns all of them, so its text lands in its first cell and the others stay empty.
    """

    def __init__(self, table: Any):
        cells = table.cells
        self.xs = sorted({c[0] for c in cells})
        self.ys = sorted({c[1] for c in cells})
        self.right = max(c[2] for c in cells)
        self.bottom = max(c[3] for c in cells)
        self.top = table.bbox[1]
        self.owner: dict[tuple[int, int], tuple[int, int]] = {}
        for x0, top, x1, bottom in cells:
            r, c = self.ys.index(top), self.xs.index(x0)
            for i in range(r, len(self.ys)):
                if self.ys[i] >= bottom:
                    break
                for j in range(c, len(self.xs)):
                    if self.xs[j] >= x1:
                        break
                    self.owner.setdefault((i, j), (r, c))
        self.chars: dict[tuple[int, int], list[dict[str, Any]]] = {}

    def take(self, char: dict[str, Any]) -> bool:
        """Keep the character if its centre is inside one of the cells."""
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        if not (self.xs[0] <= x < self.right and self.ys[0] <= y < self.bottom):
            return False
        cell = self.owner.get((bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1))
        if cell is None:
            return False
        self.chars.setdefault(cell, []).append(char)
        return True

    def cell_chars(self) -> list[list[tuple[list[dict[str, Any]], float]]]:
        """Each grid position's characters and the width of the (merged) cell holding it."""
        edges = self.xs + [self.right]
        widths: dict[tuple[int, int], float] = {}
        for (r, c), cell in self.owner.items():
            widths[cell] = max(widths.get(cell, 0.0), edges[c + 1] - edges[cell[1]])
        return [[(self.chars.get((r, c), []), widths.get((r, c), edges[c + 1] - edges[c]))
                 for c in range(len(self.xs))] for r in range(len(self.ys))]

    def above(self, r: int, c: int) -> bool:
        """Whether grid position (r, c) is part of a cell merged down from the row above."""
        owner = self.owner.get((r, c))
        return owner is not None and owner[0] < r and owner[1] == c

    def padding(self) -> float:
        """The space a cell keeps between its left border and its text (the least seen in
        the table, at most half an em: a centred cell says nothing of it)."""
        edges = self.xs + [self.right]
        gaps, sizes = [], []
        for (r, c), chars in self.chars.items():
            visible = [ch for ch in chars if ch["text"].strip() and ch["upright"]]
            if visible:
                gaps.append(min(ch["x0"] for ch in visible) - edges[c])
                sizes.extend(ch["size"] for ch in visible)
        if not gaps:
            return 0.0
        sizes.sort()
        return max(0.0, min(min(gaps), 0.5 * sizes[len(sizes) // 2]))

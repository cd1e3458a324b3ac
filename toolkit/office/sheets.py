"""Workbooks opened safely, and what read-only openpyxl does not tell about a sheet.

`open_readonly` gives openpyxl's read-only workbook (cached formula values) of a file that
really is an .xlsx and is safe to inflate. Read-only worksheets do not give merged ranges,
hidden rows, or whether a formula was ever calculated, so `scan_sheet` streams a sheet's XML
once (one `<row>` in memory at a time) for them. Used by the data workbooks of `generate`
and by the .xlsx reader of `parse` alike; a damaged part is always the user's problem,
named in Vietnamese (`damaged`).
"""
from __future__ import annotations

import re
import warnings
import weakref
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries

from ..errors import ThiduaError
from ..safety import HOSTILE_XML, is_hostile_xml
from . import xml
from .kinds import open_package
from .parts import ZIP_DAMAGE, main_part, part_rels, read_xml

# openpyxl warns, in English and on the terminal, about what it meets in a sheet (a date
# serial out of range, an extension it does not know); the cell still reads, and what the
# user must know is said in Vietnamese.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")


@dataclass
class SheetLayout:
    """What read-only openpyxl does not tell about a sheet, from its XML."""

    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    hidden_rows: set[int] = field(default_factory=set)
    uncached: list[str] = field(default_factory=list)  # refs of formulas without a cached value


def open_readonly(path: Path):
    """openpyxl's read-only workbook (cached formula values) of a file that really is an
    .xlsx and is safe to inflate; otherwise a `ThiduaError` saying what the file is (empty,
    password-protected, a renamed PDF, damaged, hostile). The caller closes it."""
    path = Path(path)
    with open_package(path, "xlsx"):
        pass
    # A stream, not the name: openpyxl refuses a workbook whose name does not end in .xlsx.
    stream = open(path, "rb")
    try:
        book = load(stream, path)
    except BaseException:
        stream.close()
        raise
    weakref.finalize(book, stream.close)  # read-only sheets read from it until the book is dropped
    return book


def iter_values(ws, path: Path) -> Iterator[tuple]:
    """A read-only sheet's rows as values, a damaged sheet reported as the user's problem."""
    return rows(ws, path, values_only=True)


def load(source, path: Path):
    try:
        with warnings.catch_warnings():  # "extension not supported" and the like
            warnings.simplefilter("ignore")
            return load_workbook(source, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl's own code only: whatever it trips on is the file's damage
        raise damaged(path, _broken_sheet(path), exc) from exc


def _broken_sheet(path: Path) -> str | None:
    """The first sheet whose XML does not parse, to name it when openpyxl gives up on the file."""
    try:
        with zipfile.ZipFile(path) as zf:
            for title, part in sheet_parts(zf).items():
                try:
                    with zf.open(part) as f:
                        for _, el in xml.iterparse(f, events=("end",)):
                            el.clear()
                except (KeyError, etree.XMLSyntaxError, ValueError, *ZIP_DAMAGE):
                    return title
    except (OSError, *ZIP_DAMAGE):
        pass
    return None


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the package, as the workbook's relationships say."""
    workbook = main_part(zf, "xl/workbook.xml")
    targets = {rid: name for rid, _, name in part_rels(zf, workbook)}
    root = read_xml(zf, workbook)
    parts = {}
    for el in root.iter() if root is not None else ():
        if xml.local(el.tag) == "sheet" and xml.attr(el, "id") in targets:
            parts[el.get("name")] = targets[xml.attr(el, "id")]
    return parts


def scan_sheet(zf: zipfile.ZipFile, part: str | None, path: Path, sheet: str) -> SheetLayout:
    """Merged ranges, hidden rows and uncalculated formulas of one sheet, streamed."""
    layout = SheetLayout()
    if part is None:
        return layout
    row_number = 0
    try:
        with zf.open(part) as f:
            for _, el in xml.iterparse(f, events=("end",), tag=("{*}row", "{*}mergeCell")):
                if xml.local(el.tag) == "mergeCell":
                    try:
                        min_col, min_row, max_col, max_row = range_boundaries(el.get("ref") or "")
                    except (ValueError, TypeError):
                        continue
                    if min_row and min_col and (max_row > min_row or max_col > min_col):
                        layout.merges.append((min_row, min_col, max_row, max_col))
                    continue
                r = el.get("r")
                row_number = int(r) if r and r.isdigit() else row_number + 1
                if el.get("hidden") in ("1", "true"):
                    layout.hidden_rows.add(row_number)
                column = 0
                for c in el:
                    if xml.local(c.tag) != "c":
                        continue
                    ref = c.get("r")
                    column = _column_of(ref) if ref else column + 1
                    if _uncached(c):
                        layout.uncached.append(ref or f"{get_column_letter(column)}{row_number}")
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
    except KeyError as exc:
        raise damaged(path, sheet) from exc
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise damaged(path, sheet, exc, xml.declares_dtd(zf, part)) from exc
    return layout


def _uncached(c) -> bool:
    """A formula cell with no calculated value: no `<v>`, or an empty one that is not the
    empty-text result of a text formula (`t="str"`)."""
    formula = value = None
    for child in c:
        name = xml.local(child.tag)
        if name == "f":
            formula = child
        elif name == "v":
            value = child
    if formula is None or c.get("t") == "inlineStr":
        return False
    return value is None or (not value.text and c.get("t") != "str")


def _column_of(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def rows(ws, path: Path, values_only: bool = False) -> Iterator[tuple]:
    """openpyxl's rows, with a damaged part reported as the user's problem."""
    rows = ws.iter_rows(values_only=values_only)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # inside openpyxl, as for load_workbook
            raise damaged(path, ws.title, exc) from exc
        yield row


def damaged(path: Path, sheet: str | None = None, cause: BaseException | None = None,
             dtd: bool = False) -> ThiduaError:
    """The error for a workbook openpyxl or lxml cannot parse; a refused DTD is named as such."""
    if dtd or is_hostile_xml(cause):
        return ThiduaError(HOSTILE_XML, file=path.name, sheet=sheet)
    return ThiduaError("tệp Excel bị hỏng, không đọc được; hãy mở bằng Excel hoặc LibreOffice, "
                       "lưu lại dạng .xlsx rồi gửi lại.", file=path.name, sheet=sheet)


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def sheet_layouts(path: Path) -> dict[str, tuple[list[tuple[int, int, int, int]], frozenset[str]]]:
    """Each sheet's merged ranges and uncalculated formulas.

    A byte scan finds the merges (listed after the cells) and whether the sheet has any
    formula at all; only a sheet with formulas is parsed as XML (`scan_sheet`, several
    times slower) to find those without a value.
    """
    out = {}
    with zipfile.ZipFile(path) as zf:
        try:
            parts = sheet_parts(zf)
        except ZIP_DAMAGE:
            return out  # openpyxl read the workbook part; it reports a sheet it cannot read
        for title, part in parts.items():
            refs, formulas = set(), False
            try:
                with zf.open(part) as f:
                    tail = b""
                    while chunk := f.read(1 << 20):
                        data = tail + chunk
                        refs.update(_MERGE_REF.findall(data))
                        formulas = formulas or _FORMULA.search(data) is not None
                        tail = data[-256:]
            except (KeyError, OSError, *ZIP_DAMAGE):
                continue  # openpyxl reports the damage when the sheet is read
            merges = []
            for ref in refs:
                min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
                merges.append((min_row, min_col, max_row, max_col))
            uncached = frozenset(scan_sheet(zf, part, path, title).uncached) if formulas else frozenset()
            out[title] = (sorted(merges), uncached)
    return out

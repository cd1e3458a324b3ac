"""Readers: a returned file (.xlsx .docx .pdf, and the old .xls .doc) → blocks with provenance.

`read(path)` looks at what the file really is, not only at its name, and hands it to the
reader for that format: `read_xlsx` (`xlsx`), `read_docx` (`docx`), `read_pdf` (`pdf`, text
or scanned), `read_converted` (.doc/.xls and other old formats through LibreOffice). A file whose content
does not match its extension is read by its content, with a note saying so. Blocks are
described in `blocks`; a reader never interprets them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..office.identity import read_layout, read_properties
from ..office.kinds import EXPECTED, KIND_NAMES, sniff, wrong_kind
from ..office.libreoffice import CONVERTED_TO
from .blocks import Block, Cell, Line, ReadFile, Table, clean_text
from . import docx, pdf, xlsx
from .converted import read_converted

SUPPORTED = (".xlsx", ".xlsm", ".docx", ".pdf", ".doc", ".xls")

__all__ = ["SUPPORTED", "Block", "Cell", "Line", "ReadFile", "Table", "clean_text", "read", "sniff"]


def read(path: Path, *, ocr: str = "auto", jobs: int = 1,
         on_page: Callable[[int], None] | None = None) -> ReadFile:
    """A file as blocks, whatever its extension claims.

    `ocr` (`auto`, `always`, `never`), `jobs` and `on_page` are for PDF: whether and how
    scanned pages are recognised, and what to call with each page's number once it is read.
    Raises `ThiduaError` for a file no reader can read, saying what it is.
    """
    path = Path(path)
    kind = sniff(path)
    if kind == "xlsx":
        result = xlsx.read_xlsx(path)  # looked up at call time, so a test can stand in for a reader
    elif kind == "docx":
        result = docx.read_docx(path)
    elif kind == "pdf":
        result = pdf.read_pdf(path, ocr=ocr, jobs=jobs, on_page=on_page)
    elif kind in CONVERTED_TO or (kind == "html" and path.suffix.lower() in (".doc", ".xls")):
        result = read_converted(path, kind)
    else:
        raise wrong_kind(path, kind, None)
    if result.identity is not None and result.layout is None:
        result.layout = read_layout(path)
        result.properties = read_properties(path)
    expected = EXPECTED.get(path.suffix.lower())
    if expected is not None and expected != kind:
        result.notes.insert(0, f"tệp có đuôi {path.suffix} nhưng thực ra là {KIND_NAMES[kind]}; "
                               "đã đọc theo nội dung thật. Nên đổi lại đuôi tệp cho đúng.")
    return result

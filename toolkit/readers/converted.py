"""Word 97 / Excel 97 (and RTF, OpenDocument, .xlsb, HTML saved as .doc/.xls) read through a
LibreOffice conversion to .docx/.xlsx (`office.libreoffice`), then by the ordinary readers."""
from __future__ import annotations

import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from ..errors import ThiduaError
from ..office.kinds import KIND_NAMES, sniff, wrong_kind
from ..office.libreoffice import CONVERTED_TO, convert_with_libreoffice
from ..safety import check_zip
from .blocks import ReadFile
from .docx import read_docx
from .xlsx import read_xlsx


def read_converted(path: Path, kind: str | None = None) -> ReadFile:
    """A .doc/.xls (or RTF, OpenDocument, .xlsb, HTML-as-.doc/.xls) file read through a
    LibreOffice conversion to .docx/.xlsx; `ReadFile.path` stays the original file."""
    path = Path(path)
    kind = kind or sniff(path)
    target = CONVERTED_TO.get(kind)
    if kind == "html" and path.suffix.lower() in (".doc", ".xls"):
        target = "xlsx" if path.suffix.lower() == ".xls" else "docx"
    if target is None:
        raise wrong_kind(path, kind, None)
    if kind in ("odt", "ods", "xlsb"):  # zips too: LibreOffice would inflate a bomb whole
        with zipfile.ZipFile(path) as zf:
            check_zip(zf.infolist(), path.name)
    with tempfile.TemporaryDirectory(prefix="thidua-convert-") as work:
        converted = convert_with_libreoffice(path, kind, target, Path(work))
        reader = read_docx if target == "docx" else read_xlsx
        try:
            result = reader(converted)
        except ThiduaError as exc:  # name the file the user sent, not our converted copy
            raise ThiduaError(exc.message, replace(exc.location, file=path.name)) from None
    result.path = path
    result.notes.insert(0, f"{KIND_NAMES[kind]} đã được LibreOffice chuyển sang .{target} để đọc.")
    return result

"""Office files as they really are: what a file holds, opened safely, old formats converted.

People rename files (`bao-cao.docx` that is really a workbook, a PDF saved as `.doc`), set
passwords, and still send Word 97-2003 `.doc` and Excel 97-2003 `.xls` files. Before any
reader parses a byte, `sniff` looks at the content:

- ZIP (`PK\\x03\\x04`): an OOXML package, told apart by the content type of its main part in
  `[Content_Types].xml` (`…wordprocessingml.document.main+xml` is Word,
  `…spreadsheetml.sheet.main+xml` Excel; a workbook embedded in a document only shows up as
  a `Default` extension type, never as a `.main+xml` one), or OpenDocument (its `mimetype`).
- OLE2 compound file (`D0 CF 11 E0 A1 B1 1A E1`, [MS-CFB]): Word 97 (a `WordDocument`
  stream), Excel 97 (`Workbook`, or `Book` for Excel 5), PowerPoint 97, or an .xlsx/.docx
  with a password, which Office encrypts into a compound file holding `EncryptionInfo` and
  `EncryptedPackage` streams ([MS-OFFCRYPTO] 2.3.4). Stream names are read from directory
  entries, which start on 128-byte boundaries ([MS-CFB] 2.6), so text that merely mentions
  such a name is not mistaken for one.
- `%PDF-` within the first 1024 bytes (where readers accept the header), `{\\rtf`, HTML.

`wrong_kind` is the one message for a file that is not what its reader reads, and
`open_package` opens an .xlsx/.docx only once the content says it is one and it is safe to
inflate. The old formats are converted by `office.libreoffice`.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import ThiduaError
from ..safety import check_zip
from .parts import ZIP_DAMAGE, read_part

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Main-part content types ([ECMA-376] Part 1, 11.3.10, 12.3.23; MS-OE376 for the macro ones).
_DOCX_TYPES = (b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml",
               b"ms-word.document.macroEnabled.main+xml", b"ms-word.template.macroEnabledTemplate.main+xml")
_XLSX_TYPES = (b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml",
               b"ms-excel.sheet.macroEnabled.main+xml", b"ms-excel.template.macroEnabled.main+xml")
_XLSB_TYPES = (b"ms-excel.sheet.binary.macroEnabled.main",)
_PPTX_TYPES = (b"presentationml.presentation.main+xml", b"presentationml.slideshow.main+xml",
               b"ms-powerpoint.presentation.macroEnabled.main+xml")

# Compound-file streams that say what the file is, most telling first.
_OLE_STREAMS = (("encrypted", "EncryptedPackage"), ("doc", "WordDocument"), ("xls", "Workbook"),
                ("ppt", "PowerPoint Document"), ("xls", "Book"))

KIND_NAMES = {
    "xlsx": "bảng tính Excel (.xlsx)",
    "docx": "văn bản Word (.docx)",
    "pdf": "tệp PDF",
    "doc": "văn bản Word 97-2003 (.doc)",
    "xls": "bảng tính Excel 97-2003 (.xls)",
    "xlsb": "bảng tính Excel dạng nhị phân (.xlsb)",
    "odt": "văn bản OpenDocument (.odt)",
    "ods": "bảng tính OpenDocument (.ods)",
    "rtf": "văn bản RTF",
    "html": "trang web (HTML)",
    "pptx": "bản trình chiếu PowerPoint (.pptx)",
    "ppt": "bản trình chiếu PowerPoint 97-2003 (.ppt)",
    "zip": "tệp nén ZIP",
    "ole": "tệp Office 97-2003 không rõ loại",
    "encrypted": "tệp Office đang đặt mật khẩu",
    "damaged": "tệp bị hỏng",
    "empty": "tệp rỗng",
    "unknown": "tệp không rõ định dạng",
}

# What each extension promises; `read` notes a file whose content says otherwise.
EXPECTED = {".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx", ".pdf": "pdf", ".doc": "doc", ".xls": "xls"}

_PROGRAM = {"xlsx": "Excel", "docx": "Word", "xls": "Excel", "doc": "Word"}


# --- what a file is -----------------------------------------------------------------------


def sniff(path: Path) -> str:
    """What the file really holds, by content: a key of `KIND_NAMES`."""
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except FileNotFoundError:
        raise ThiduaError("không tìm thấy tệp.", file=str(path)) from None
    except OSError as exc:
        raise ThiduaError(f"không đọc được tệp: {exc.strerror or exc}.", file=str(path)) from None
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                return zip_kind(zf)
        except (*ZIP_DAMAGE, OSError, ValueError):
            return "damaged"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and (b"<html" in text or b"<!doctype html" in text):
        return "html"
    return "unknown"


def zip_kind(zf: zipfile.ZipFile) -> str:
    """`docx`, `xlsx`, `xlsb`, `pptx`, `odt`, `ods` or plain `zip`, from the package's own
    declarations (not from the file name)."""
    types = read_part(zf, "[Content_Types].xml") or b""
    for kind, markers in (("docx", _DOCX_TYPES), ("xlsx", _XLSX_TYPES), ("xlsb", _XLSB_TYPES),
                          ("pptx", _PPTX_TYPES)):
        if any(marker in types for marker in markers):
            return kind
    mimetype = read_part(zf, "mimetype") or b""
    if b"opendocument.text" in mimetype:
        return "odt"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _ole_kind(path: Path) -> str:
    """The kind of a compound file, from the names of its streams."""
    pattern = re.compile(b"|".join(re.escape(name.encode("utf-16-le") + b"\0\0") for _, name in _OLE_STREAMS))
    kinds = {name.encode("utf-16-le") + b"\0\0": kind for kind, name in _OLE_STREAMS}
    overlap = 128
    with open(path, "rb") as f:
        base, data = 0, b""
        while chunk := f.read(1 << 20):
            data += chunk
            found = [m for m in pattern.finditer(data) if (base + m.start()) % 128 == 0]
            if found:
                order = [kind for kind, _ in _OLE_STREAMS]
                return min((kinds[m.group()] for m in found), key=order.index)
            keep = min(len(data), overlap)
            base += len(data) - keep
            data = data[-keep:]
    return "ole"


def wrong_kind(path: Path, kind: str, want: str | None) -> ThiduaError:
    """The error for a file that is not what its reader reads (`want`), or that no reader
    reads (`want=None`), saying what it really is and what to do."""
    program = _PROGRAM.get(want or "", None) or _PROGRAM.get(EXPECTED.get(path.suffix.lower(), ""), None)
    if kind == "encrypted":
        what = f"tệp {program}" if program else "tệp Office"
        message = f"{what} đang đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại."
    elif kind == "damaged":
        message = ("tệp bị hỏng, không mở được"
                   + (f"; hãy mở bằng {program} hoặc LibreOffice, lưu lại rồi gửi lại." if program
                      else "; hãy mở bằng chương trình đã tạo ra tệp, lưu lại rồi gửi lại."))
    elif kind == "empty":
        message = "tệp rỗng (0 byte); hãy gửi lại tệp."
    elif kind == "unknown":
        message = ("không nhận ra định dạng tệp: không phải Excel, Word hay PDF (tệp có thể bị hỏng "
                   "hoặc chỉ bị đổi đuôi). Hãy mở bằng chương trình đã tạo ra tệp và lưu lại dạng "
                   ".xlsx, .docx hoặc .pdf.")
    elif kind == "zip":
        message = "đây là tệp nén ZIP, không phải văn bản; hãy giải nén rồi đọc các tệp bên trong."
    elif kind in ("pptx", "ppt"):
        message = f"đây là {KIND_NAMES[kind]}, không đọc được; hãy xuất sang PDF (Tệp → Xuất → PDF) rồi gửi lại."
    elif want is not None:
        message = (f"tệp không phải {KIND_NAMES[want]} mà là {KIND_NAMES.get(kind, kind)} "
                   "(có thể chỉ bị đổi đuôi); hãy đổi lại đuôi tệp cho đúng.")
    else:
        message = (f"không đọc được {KIND_NAMES.get(kind, kind)}; chỉ đọc được Excel (.xlsx, .xlsm, .xls), "
                   "Word (.docx, .doc) và PDF.")
    return ThiduaError(message, file=path.name)


def open_package(path: Path, want: str) -> zipfile.ZipFile:
    """The zip of an .xlsx (`want="xlsx"`) or .docx (`"docx"`) file, once it is known to be
    one and to be safe to inflate; otherwise a `ThiduaError` saying what the file really is."""
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ThiduaError("không tìm thấy tệp.", file=path.name) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise wrong_kind(path, sniff(path), want) from None
    try:
        check_zip(zf.infolist(), path.name)
        try:
            kind = zip_kind(zf)
        except ZIP_DAMAGE:
            kind = "damaged"
        if kind != want:
            raise wrong_kind(path, kind, want)
    except BaseException:
        zf.close()
        raise
    return zf

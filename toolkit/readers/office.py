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

The old formats (and RTF, OpenDocument, .xlsb, and HTML saved as .doc/.xls by web systems)
are converted to .docx/.xlsx by LibreOffice running headless in a private profile locked down
for untrusted documents (macros off, links never updated: `toolkit.render.pdf`), then read
by the ordinary readers; the result keeps the original path.

`clean_text` is the whitespace rule every reader applies to the text it gives.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

from lxml import etree

from ..errors import ThiduaError
from ..safety import check_zip
from ..vn.text import nfc
from .blocks import ReadFile

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

# Formats LibreOffice turns into one we read, and into which.
CONVERTED_TO = {"doc": "docx", "rtf": "docx", "odt": "docx", "xls": "xlsx", "xlsb": "xlsx", "ods": "xlsx"}
_EXPORT_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
_HTML_FILTERS = {"docx": "HTML (StarWriter)", "xlsx": "HTML (StarCalc)"}

CONVERT_TIMEOUT = 120  # seconds for one LibreOffice conversion

# What zipfile and zlib raise for a part that is cut, fails its checksum or uses an
# unknown compression: damage to the file, never a bug of ours.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)

_SMALL_PART = 4 * 1024 * 1024  # [Content_Types].xml, rels, workbook.xml, styles.xml: kB in practice
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

_PROGRAM = {"xlsx": "Excel", "docx": "Word", "xls": "Excel", "doc": "Word"}


def clean_text(text: str) -> str:
    """Text as blocks hold it: NFC, runs of whitespace as one space, lines kept apart by one
    `\\n`, no blank lines and no spaces at either end."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return nfc("\n".join(line for line in lines if line))


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


# --- opening an OOXML package ----------------------------------------------------------------


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


def read_part(zf: zipfile.ZipFile, name: str, limit: int = _SMALL_PART) -> bytes | None:
    """A part's bytes, or None when it is missing or larger than `limit`."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    with zf.open(info) as f:
        data = f.read(limit + 1)
    return data if len(data) <= limit else None


def read_xml(zf: zipfile.ZipFile, name: str | None):
    """A small part parsed without entities or network, or None when missing or not XML."""
    data = read_part(zf, name) if name else None
    if data is None:
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None


def declares_dtd(zf: zipfile.ZipFile, name: str | None) -> bool:
    """Whether a part opens with a DTD or entity declarations (see `safety.HOSTILE_XML`)."""
    if not name:
        return False
    try:
        with zf.open(name) as f:
            head = f.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return False
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def local(tag) -> str:
    """An element's name without its namespace (`w:p` → `p`); "" for comments."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attr(el, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (`w:val`, `r:id`, strict OOXML)."""
    value = el.get(name)
    if value is not None:
        return value
    for key, value in el.attrib.items():
        if key.endswith("}" + name):
            return value
    return None


def part_rels(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's internal relationships; `""` is the package."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    root = read_xml(zf, rels)
    out = []
    for rel in root.iter() if root is not None else ():
        if local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        if target.startswith("/"):
            name = target.lstrip("/")
        else:
            name = posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id") or "", rel.get("Type") or "", name))
    return out


def main_part(zf: zipfile.ZipFile, fallback: str) -> str:
    """The package's main document part (`word/document.xml`, `xl/workbook.xml` …)."""
    names = set(zf.namelist())
    return next((name for _, rtype, name in part_rels(zf, "")
                 if rtype.endswith("/officeDocument") and name in names), fallback)


def form_identity(path: Path):
    """The identity of one of our own forms, or None (also while `toolkit.forms` is absent)."""
    try:
        from ..forms import read_identity
    except ImportError:
        return None
    return read_identity(path)


# --- Word 97 / Excel 97 through LibreOffice --------------------------------------------------


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
        if target == "docx":
            from .docx import read_docx as reader
        else:
            from .xlsx import read_xlsx as reader
        try:
            result = reader(converted)
        except ThiduaError as exc:  # name the file the user sent, not our converted copy
            raise ThiduaError(exc.message, replace(exc.location, file=path.name)) from None
    result.path = path
    result.notes.insert(0, f"{KIND_NAMES[kind]} đã được LibreOffice chuyển sang .{target} để đọc.")
    return result


def convert_with_libreoffice(path: Path, kind: str, target: str, work: Path,
                             timeout: float = CONVERT_TIMEOUT) -> Path:
    """Convert `path` to `work/<name>.<target>` with a headless LibreOffice; the converted path."""
    from ..render.pdf import PdfConverter, find_soffice

    try:
        soffice = find_soffice()
    except ThiduaError as exc:
        program = "Word" if target == "docx" else "Excel"
        raise ThiduaError(
            f"tệp là {KIND_NAMES.get(kind, kind)}, định dạng cũ, cần LibreOffice để đọc "
            f"({exc.message.splitlines()[0]}). "
            "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui "
            "libreoffice-calc-nogui; Windows, macOS: https://www.libreoffice.org/download/), "
            f"hoặc mở tệp bằng {program} và lưu lại dạng .{target} rồi gửi lại.", file=path.name) from None

    staged = work / f"input{path.suffix.lower() or '.bin'}"  # an ASCII name, away from the user's folder
    shutil.copyfile(path, staged)
    out = work / "out"
    # PdfConverter only lends its private, locked-down profile here; nothing is exported to PDF.
    with PdfConverter(soffice) as office:
        command = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={office.profile.as_uri()}"]
        if kind == "html":
            command.append(f"--infilter={_HTML_FILTERS[target]}")
        command += ["--convert-to", _EXPORT_FILTERS[target], "--outdir", str(out), str(staged)]
        status, output = _run(command, timeout)
    if status is None:
        raise ThiduaError(f"LibreOffice chuyển tệp quá {timeout:g} giây nên đã bị dừng; tệp có thể quá lớn "
                          f"hoặc bị hỏng. Hãy mở tệp và lưu lại dạng .{target} rồi gửi lại.", file=path.name)
    converted = out / f"{staged.stem}.{target}"
    if not converted.is_file() or converted.stat().st_size == 0:
        said = " ".join(line for line in output.splitlines() if line.strip() and "javaldx" not in line)[-300:]
        raise ThiduaError(f"LibreOffice không chuyển được {KIND_NAMES.get(kind, kind)} này sang .{target} "
                          "(tệp có thể bị hỏng hoặc đặt mật khẩu)" + (f": {said}" if said else "")
                          + f". Hãy mở tệp và lưu lại dạng .{target} rồi gửi lại.", file=path.name)
    return converted


def _run(command: list[str], timeout: float) -> tuple[int | None, str]:
    """Run LibreOffice in its own process group; (exit status, output), status None when it
    ran out of time and was killed with everything it started."""
    if os.name == "nt":
        group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    else:
        group = {"start_new_session": True}
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, **group)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True)
        else:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.communicate()
        return None, ""
    return process.returncode, output.decode("utf-8", "replace")

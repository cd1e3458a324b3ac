"""Bad inputs, each built in the test: nothing binary lives in the repository."""
from __future__ import annotations

import io
import struct
import subprocess
import zipfile
from pathlib import Path

from openpyxl import Workbook

from conftest import SAMPLES


def good_docx(folder: Path) -> Path:
    """A returned file that parses: a generated pledge."""
    from toolkit.render.batch import generate, plan
    from toolkit.templates import load

    template, spec = load("giao-uoc")
    return generate(plan(template, spec, SAMPLES / "giao-uoc.xlsx"), folder).written[0]


def good_xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Chức vụ", "Danh hiệu"])
    ws.append(["Nguyễn Văn An", "Chuyên viên", "Lao động tiên tiến"])
    wb.save(path)
    return path


def minimal_pdf(text: str = "Bao cao tong ket nam 2024") -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def replace_part(path: Path, name: str, edit) -> Path:
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, edit(data) if info.filename == name else data)
    return path


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file, the container of a password-protected .xlsx/.docx
    (same construction as tests/test_readers_office.py)."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    blobs = [data.ljust(4096, b"\0") for data in streams.values()]
    fat, starts = [fat_sector, end], []
    for blob in blobs:
        count = len(blob) // 512
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = none, right: int = none) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, none, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, end, 0, child=1)
    for i, name in enumerate(names):
        directory += entry(name, 2, starts[i], len(streams[name]), right=i + 2 if i + 1 < len(names) else none)
    directory = directory.ljust(512, b"\0")
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<109I", 0, *[free] * 108)
    return header + struct.pack("<128I", *fat) + directory + b"".join(blobs)


def password_protected() -> bytes:
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                          "EncryptedPackage": bytes(range(256)) * 8})


def encrypted_pdf(source_docx: Path, work: Path) -> Path:
    """A PDF with an open password, exported by LibreOffice (as tests/test_readers_pdf.py does)."""
    from toolkit.render.pdf import find_soffice

    options = (':writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"x"}}')
    out = work / "locked"
    subprocess.run([find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "pdf" + options, "--outdir", str(out), str(source_docx)],
                   check=True, capture_output=True, timeout=180)
    return out / (source_docx.stem + ".pdf")

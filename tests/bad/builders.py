"""Bad inputs, each built in the test: nothing binary lives in the repository."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

from conftest import SAMPLES
from test_readers_office import compound_file, replace_part  # noqa: F401  (shared with the reader tests)
from test_readers_pdf import hand_pdf


def good_docx(folder: Path) -> Path:
    """A returned file that parses: a generated pledge."""
    from toolkit.generate.batch import generate, plan
    from toolkit.generate.templates import load

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
    """A one-page PDF with one line of Helvetica text, written by hand."""
    with tempfile.TemporaryDirectory() as tmp:
        path = hand_pdf(Path(tmp) / "a.pdf", [b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")],
                        {"F1": "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"})
        return path.read_bytes()


def password_protected() -> bytes:
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                          "EncryptedPackage": bytes(range(256)) * 8})


def encrypted_pdf(source_docx: Path, work: Path) -> Path:
    """A PDF with an open password, exported by LibreOffice (as tests/test_readers_pdf.py does)."""
    from toolkit.office.libreoffice import find_soffice

    options = (':writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"x"}}')
    out = work / "locked"
    subprocess.run([find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "pdf" + options, "--outdir", str(out), str(source_docx)],
                   check=True, capture_output=True, timeout=180)
    return out / (source_docx.stem + ".pdf")

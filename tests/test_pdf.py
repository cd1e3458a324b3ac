"""PDF conversion with the real LibreOffice: documents built here, PDFs read with pdfplumber."""
from __future__ import annotations

import io
import os
import random
import struct
import sys
import threading
import unicodedata
import zipfile
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from openpyxl import Workbook

from toolkit.errors import ThiduaError
from toolkit.office.libreoffice import PdfConverter, convert_to_pdf, find_soffice

MOTTO = "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc"
LETTERS = "ỹ ỵ ữ ự ằ ẳ ẵ ặ đ Đ"
UPPER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def make_docx(path: Path, *pages: list[str]) -> Path:
    """A .docx with one explicit page break between the given pages of paragraphs."""
    doc = Document()
    for n, paragraphs in enumerate(pages):
        if n:
            doc.add_page_break()
        for text in paragraphs:
            doc.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def make_corrupt(path: Path) -> Path:
    """Random bytes under a .docx name, as a damaged download looks."""
    path.write_bytes(b"\x13\x37" + random.Random(7).randbytes(4000))
    return path


def make_hollow_docx(path: Path) -> Path:
    """A real ZIP that looks like a .docx but has no document in it: only LibreOffice can tell."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml",
                   "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>")
        z.writestr("ghi-chu.txt", "không có word/document.xml")
    return path


def tiny_png() -> bytes:
    """A 1×1 PNG, written by hand so the test needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
            + chunk(b"IEND", b""))


def make_docx_with_linked_image(path: Path, url: str) -> Path:
    """A .docx whose picture is not stored inside but linked to `url` (Word's "Link to File")."""
    doc = Document()
    doc.add_paragraph("Ảnh liên kết ngoài")
    doc.add_picture(io.BytesIO(tiny_png()))
    blip = doc.element.body.find(".//" + qn("a:blip"))
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), doc.part.relate_to(url, RELATIONSHIP_TYPE.IMAGE, is_external=True))
    doc.save(path)
    return path


def pdf_text(path: Path) -> str:
    """The PDF's text in NFC with runs of white space made single, as a reader sees it."""
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_count(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


@pytest.fixture(scope="module")
def converter():
    """One private LibreOffice profile for the module, so only the first start is slow."""
    with PdfConverter() as c:
        yield c


@pytest.fixture(scope="module")
def batch(converter, tmp_path_factory):
    """One batch with good files, a same-stem pair and two broken files in the middle."""
    src = tmp_path_factory.mktemp("src")
    wb = Workbook()
    wb.active.append(["Đơn vị", "Ghi chú"])
    wb.active.append(["Công đoàn Sở Y tế", LETTERS])
    wb.active.column_dimensions["A"].width = 30  # Calc clips text at the next filled cell
    wb.save(src / "bang-diem.xlsx")
    inputs = [
        make_docx(src / "to-trinh.docx", [UPPER, MOTTO, LETTERS]),
        make_docx(src / "ba-trang.docx", ["Trang một"], ["Trang hai"], ["Trang ba"]),
        make_corrupt(src / "hong.docx"),
        make_hollow_docx(src / "rong.docx"),
        make_docx(src / "bao-cao.docx", ["Báo cáo tổng kết năm 2024", MOTTO]),
        src / "bang-diem.xlsx",
        make_docx(src / "khoi-2" / "to-trinh.docx", ["Tờ trình của khối 2"]),
    ]
    out = tmp_path_factory.mktemp("pdf")
    progress = []
    starts = converter.starts
    results = converter.convert(inputs, out, on_progress=progress.append)
    settings = (converter.profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    return {"inputs": inputs, "results": results, "out": out, "starts": converter.starts - starts,
            "progress": progress, "settings": settings}


def result_for(batch, name: str, n: int = 0):
    return [r for r in batch["results"] if r.source.name == name][n]


def test_a_batch_starts_libreoffice_once_and_reports_every_file(batch):
    assert batch["starts"] == 1
    assert [r.source for r in batch["results"]] == batch["inputs"]
    assert sum(batch["progress"]) == len(batch["inputs"])
    assert sorted(p.name for p in batch["out"].iterdir()) == [
        "ba-trang.pdf", "bang-diem.pdf", "bao-cao.pdf", "to-trinh-2.pdf", "to-trinh.pdf"]


def test_every_vietnamese_diacritic_survives(batch):
    text = pdf_text(result_for(batch, "to-trinh.docx").pdf)
    assert UPPER in text
    assert MOTTO in text
    assert LETTERS in text


def test_explicit_page_breaks_give_three_pages(batch):
    pdf = result_for(batch, "ba-trang.docx").pdf
    assert page_count(pdf) == 3
    assert pdf_text(pdf) == "Trang một Trang hai Trang ba"


def test_spreadsheet_becomes_pdf(batch):
    text = pdf_text(result_for(batch, "bang-diem.xlsx").pdf)
    assert "Công đoàn Sở Y tế" in text and LETTERS in text


def test_a_corrupt_file_fails_and_the_files_after_it_are_converted(batch):
    corrupt = result_for(batch, "hong.docx")
    assert corrupt.pdf is None and "hỏng" in corrupt.error
    hollow = result_for(batch, "rong.docx")  # passes the quick check; LibreOffice refuses it
    assert hollow.pdf is None and "LibreOffice không mở được tệp này" in hollow.error
    assert not (batch["out"] / "hong.pdf").exists() and not (batch["out"] / "rong.pdf").exists()
    assert "Báo cáo tổng kết năm 2024" in pdf_text(result_for(batch, "bao-cao.docx").pdf)


def test_the_same_stem_twice_gets_a_suffix(batch):
    first, second = result_for(batch, "to-trinh.docx", 0), result_for(batch, "to-trinh.docx", 1)
    assert first.pdf.name == "to-trinh.pdf" and second.pdf.name == "to-trinh-2.pdf"
    assert pdf_text(second.pdf) == "Tờ trình của khối 2"


def test_the_private_profile_keeps_macros_and_links_off(batch):
    # LibreOffice rewrites this file when it exits and drops settings it does not know,
    # so finding them afterwards shows it read them.
    settings = batch["settings"]
    assert '"MacroSecurityLevel" oor:op="fuse"><value>3<' in settings
    assert '"DisableMacrosExecution" oor:op="fuse"><value>true<' in settings
    assert '"BlockUntrustedRefererLinks" oor:op="fuse"><value>true<' in settings


def test_linked_images_are_not_fetched(converter, tmp_path):
    # A fresh default profile requests this URL; the converter's profile must not.
    requests = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            requests.append(self.path)
            self.send_error(404)

        do_OPTIONS = do_HEAD = do_GET

        def log_message(self, *args):
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Recorder) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/anh.png"
        source = make_docx_with_linked_image(tmp_path / "anh-ngoai.docx", url)
        [result] = converter.convert([source], tmp_path / "pdf")
        server.shutdown()

    assert result.error is None and "Ảnh liên kết ngoài" in pdf_text(result.pdf)
    assert requests == []


def test_an_existing_pdf_is_kept_unless_forced(converter, tmp_path):
    source = make_docx(tmp_path / "quyet-dinh.docx", ["Quyết định khen thưởng"])
    out = tmp_path / "pdf"
    out.mkdir()
    (out / "quyet-dinh.pdf").write_bytes(b"ban cu")
    starts = converter.starts

    [kept] = converter.convert([source], out)
    assert kept.pdf is None and "--force" in kept.error
    assert (out / "quyet-dinh.pdf").read_bytes() == b"ban cu"
    assert converter.starts == starts  # nothing to convert, nothing started

    [forced] = converter.convert([source], out, force=True)
    assert forced.error is None and pdf_text(forced.pdf) == "Quyết định khen thưởng"
    assert not [p for p in out.iterdir() if p.name.startswith(".~")]  # no temporary left behind


FAKE_SOFFICE = '''#!{python}
"""LibreOffice that hangs on a file named treo*.docx and crashes on vo*.docx.

The files before the bad one are converted by the real soffice first, as LibreOffice
itself would do; any other call runs the real soffice unchanged.
"""
import os, subprocess, sys, time

real, args = {real!r}, sys.argv[1:]
split = args.index("--outdir") + 2
options, files = args[:split], args[split:]
for n, name in enumerate(files):
    original = os.path.basename(os.path.realpath(name))
    if original.startswith(("treo", "vo")):
        if n:
            subprocess.run([real, *options, *files[:n]])
        if original.startswith("treo"):
            time.sleep(3600)
        os.abort()
os.execv(real, [real, *args])
'''


def test_a_hanging_or_crashing_document_is_reported_and_the_rest_continue(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, real=find_soffice()), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("THIDUA_SOFFICE", str(fake))
    names = ["mot", "treo", "hai", "vo", "ba"]
    inputs = [make_docx(tmp_path / f"{name}.docx", [f"Tệp {name}"]) for name in names]

    with PdfConverter(timeout=6) as converter:
        results = converter.convert(inputs, tmp_path / "pdf")
        assert converter.starts == 3  # the first start, then one after each bad file

    by_name = {r.source.stem: r for r in results}
    assert "quá thời gian" in by_name["treo"].error and by_name["treo"].pdf is None
    assert "dừng đột ngột" in by_name["vo"].error and by_name["vo"].pdf is None
    for name in ("mot", "hai", "ba"):
        assert by_name[name].error is None and pdf_text(by_name[name].pdf) == f"Tệp {name}"


def test_missing_libreoffice_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_SOFFICE", str(tmp_path / "khong-co" / "soffice"))
    with pytest.raises(ThiduaError) as err:
        convert_to_pdf([make_docx(tmp_path / "a.docx", ["a"])], tmp_path)
    message = str(err.value)
    assert "THIDUA_SOFFICE" in message
    assert "sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2" in message
    assert "libreoffice.org" in message


def test_libreoffice_is_found_without_configuration(monkeypatch):
    monkeypatch.delenv("THIDUA_SOFFICE", raising=False)
    found = find_soffice()
    assert os.access(found, os.X_OK) and "office" in Path(found).name

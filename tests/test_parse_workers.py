"""Parsing with worker processes: a file that hangs or crashes its worker is reported and the
batch goes on. The stuck and crashing readers are stand-ins patched in before the workers
are forked; the workers, pipes, time limits and kills are real."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from toolkit import parse
from toolkit.readers import pdf as pdf_reader
from toolkit.readers import xlsx as xlsx_reader

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched readers reach workers by fork")


def registration_list(path: Path, name: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"])
    ws.append([1, name, "Chuyên viên", "Lao động tiên tiến"])
    wb.save(path)
    return path


def text_pdf(path: Path, pages: int) -> Path:
    """A PDF of `pages` pages with one line of text each, written by hand."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        content = f"BT /F1 14 Tf 72 760 Td (Bao cao trang {i + 1}) Tj ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>")
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    path.write_bytes(out.encode("latin-1"))
    return path


@pytest.fixture
def stand_in_reader(monkeypatch):
    """Make the xlsx reader misbehave for files whose name says so: `treo` (hangs), `sap` (the
    process dies, as when the system kills it for memory)."""
    real = xlsx_reader.read_xlsx

    def read_xlsx(path):
        if "treo" in path.name:
            threading.Event().wait()
        if "sap" in path.name:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path)

    monkeypatch.setattr(xlsx_reader, "read_xlsx", read_xlsx)


def by_name(result: parse.ParseResult) -> dict:
    return {Path(f.path).name: f for f in result.files}


def test_a_file_that_hangs_is_stopped_and_the_others_are_parsed(tmp_path, stand_in_reader):
    files = [registration_list(tmp_path / "a.xlsx", "Nguyễn Văn An"),
             registration_list(tmp_path / "b-treo.xlsx", "Trần Thị Bình"),
             registration_list(tmp_path / "c.xlsx", "Lê Văn Cường")]
    start = time.monotonic()
    result = parse.parse_paths(files, jobs=2, timeout=1)
    assert time.monotonic() - start < 30
    status = by_name(result)
    assert [Path(f.path).name for f in result.files] == ["a.xlsx", "b-treo.xlsx", "c.xlsx"]
    assert status["b-treo.xlsx"].status == "error"
    assert "quá 1 giây không có tiến triển" in status["b-treo.xlsx"].error
    assert status["a.xlsx"].status == status["c.xlsx"].status == "ok"
    assert {r.subject for r in result.records} == {"Nguyễn Văn An", "Lê Văn Cường"}


def test_a_file_that_kills_its_worker_is_reported_and_the_others_are_parsed(tmp_path, stand_in_reader):
    files = [registration_list(tmp_path / "a-sap.xlsx", "Nguyễn Văn An"),
             registration_list(tmp_path / "b.xlsx", "Trần Thị Bình")]
    result = parse.parse_paths(files, jobs=2)
    status = by_name(result)
    assert status["a-sap.xlsx"].status == "error"
    assert "dừng bất thường" in status["a-sap.xlsx"].error
    assert status["b.xlsx"].status == "ok"
    assert [r.subject for r in result.records] == ["Trần Thị Bình"]


def test_a_long_pdf_that_keeps_reading_pages_is_not_stopped(tmp_path, monkeypatch):
    """Each page takes 0.3 s, the file 1.8 s, the limit is 1 s without a page read."""
    real = pdf_reader._read_page

    def slow_page(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_reader, "_read_page", slow_page)
    files = [text_pdf(tmp_path / "dai.pdf", 6), registration_list(tmp_path / "b.xlsx", "Trần Thị Bình")]
    result = parse.parse_paths(files, jobs=2, timeout=1)
    assert [f.status for f in result.files] == ["ok", "ok"], [f.error for f in result.files]
    assert not result.failures


def test_pdf_reader_reports_every_page_it_reads(tmp_path):
    pages = []
    pdf_reader.read_pdf(text_pdf(tmp_path / "ba-trang.pdf", 3), on_page=pages.append)
    assert pages == [1, 2, 3]

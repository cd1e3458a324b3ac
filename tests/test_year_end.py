"""The year-end as the cluster leader runs it: the files members sent back (`samples/returned/`:
filled forms, a Word report, a PDF and a scanned PDF) parsed, summarized against the cluster
pledge, and the summary workbook and report written — by `thidua demo` and by hand with
`thidua parse` + `thidua summarize`. Real files, real LibreOffice and tesseract."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import SAMPLES

RETURNED = SAMPLES / "returned"
TAI_CHINH, NOI_VU = "Công đoàn cơ sở Sở Tài chính", "Công đoàn cơ sở Sở Nội vụ"
KE_HOACH, TU_PHAP = "Công đoàn cơ sở Sở Kế hoạch và Đầu tư", "Công đoàn cơ sở Sở Tư pháp"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from click.testing import CliRunner

    from toolkit.cli import main

    out = tmp_path_factory.mktemp("demo") / "ra"
    result = CliRunner().invoke(main, ["demo", "-o", str(out)], catch_exceptions=False)
    return out, result


def test_returned_samples_cover_every_kind_of_file_units_send():
    names = sorted(p.name for p in RETURNED.iterdir())
    assert [n.rsplit(".", 1)[1] for n in names] == ["xlsx", "xlsx", "xlsx", "xlsx", "docx", "pdf", "pdf"]
    import pdfplumber

    with pdfplumber.open(RETURNED / names[-1]) as scan:  # the scan has pictures and no text
        assert all(not page.extract_text().strip() and page.images for page in scan.pages)
    with pdfplumber.open(RETURNED / names[-2]) as printed:
        assert "BẢNG CHẤM ĐIỂM" in printed.pages[0].extract_text()


def test_demo_parses_summarizes_and_reports_the_year(demo):
    out, result = demo
    assert result.exit_code == 0, result.output
    folder = out / "8-tong-hop"
    assert sorted(p.name for p in folder.iterdir()) == ["ban-ghi.jsonl", "bao-cao-tong-hop.docx", "tong-hop.xlsx"]
    assert "Đọc 7 tệp đơn vị gửi về" in result.output
    # The short summary: the ranking with its tie, the targets, the checks.
    assert f"1. {TAI_CHINH}: 96 điểm" in result.output and "Đề nghị Cờ thi đua" in result.output
    assert f"3. {KE_HOACH}: 92,5 điểm (đồng hạng)" in result.output
    assert f"3. {NOI_VU}: 92,5 điểm (đồng hạng)" in result.output
    assert "Chỉ tiêu: " in result.output and "Kiểm tra: " in result.output
    assert (out / "pdf" / "bao-cao-tong-hop.pdf").is_file()

    records = [json.loads(line) for line in (folder / "ban-ghi.jsonl").read_text(encoding="utf-8").splitlines()]
    files = {Path(r["source"]["file"]).name for r in records}
    assert files == {p.name for p in RETURNED.iterdir()}  # every returned file gave records


def test_demo_workbook_has_the_figures_targets_checks_and_ranking(demo):
    out, _ = demo
    wb = load_workbook(out / "8-tong-hop" / "tong-hop.xlsx")
    assert wb.sheetnames[:4] == ["Tổng hợp", "Đối chiếu chỉ tiêu", "Kiểm tra", "Xếp hạng"]
    values = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None}
    # Sở Nội vụ: LĐTT 88% misses `trên 90%`; CSTĐCS 8 of 42 LĐTT is over 15%.
    verdicts = [[c.value for c in row] for row in wb["Đối chiếu chỉ tiêu"].iter_rows()]
    assert any(NOI_VU in row and "Không đạt" in row for row in verdicts)
    assert any("CSTĐCS" in v and "42" in v for v in values)
    ranking = [[c.value for c in row] for row in wb["Xếp hạng"].iter_rows()]
    ranks = {row[1]: row[0] for row in ranking if row and isinstance(row[0], int)}
    assert ranks[TAI_CHINH] == 1 and ranks[TU_PHAP] == 2 and ranks[KE_HOACH] == ranks[NOI_VU] == 3
    assert wb["Xếp hạng"]._charts  # the native bar chart


def test_demo_report_is_an_official_document_with_the_chart(demo):
    out, _ = demo
    doc = Document(out / "8-tong-hop" / "bao-cao-tong-hop.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Khối thi đua các Sở, ban, ngành tổng hợp".upper() in "\n".join(  # broken between word groups
        c.text.upper().replace("\n", " ") for t in doc.tables for row in t.rows for c in row.cells)
    assert "TM. KHỐI THI ĐUA" in text or any("TM. KHỐI THI ĐUA" in c.text for t in doc.tables
                                             for row in t.rows for c in row.cells)
    assert f"đơn vị dẫn đầu Khối là {TAI_CHINH} với 96 điểm" in text
    assert doc.inline_shapes  # the chart picture
    assert {r.font.name for p in doc.paragraphs for r in p.runs if r.font.name} <= {"Times New Roman"}


def test_parse_then_summarize_by_hand(cli, tmp_path):
    from toolkit.generate.batch import generate, plan
    from toolkit.generate.templates import load

    pledge = generate(plan(*load("giao-uoc-khoi"), SAMPLES / "giao-uoc-khoi.xlsx"), tmp_path / "gu").written[0]
    assert cli("parse", pledge, "-o", "chi-tieu.jsonl").exit_code == 0
    parsed = cli("parse", RETURNED, "-o", "ket-qua.sqlite", "--jobs", "2")
    assert parsed.exit_code == 0 and "Đã đọc 7/7 tệp" in parsed.output
    assert "Ghi chú:" in parsed.output and "bang-cham-diem-scan.pdf: Đã nhận dạng chữ (OCR)" in parsed.output
    result = cli("summarize", "ket-qua.sqlite", "--targets", "chi-tieu.jsonl", "-o", "tong-hop.xlsx",
                 "--report", "bao-cao.docx")
    assert result.exit_code == 0, result.output
    assert "Năm 2025: 4 đơn vị có số liệu, 4 đơn vị có bảng chấm điểm." in result.output
    # The cluster's name comes from its pledge when --khoi is not given.
    doc = Document("bao-cao.docx")
    assert any("Khối thi đua các Sở, ban, ngành tổng hợp" in p.text for p in doc.paragraphs)

    again = cli("summarize", "ket-qua.sqlite", "-o", "tong-hop.xlsx", "--report", "khac.docx")
    assert again.exit_code == 1 and "tong-hop.xlsx" in again.output and "--force" in again.output
    assert not Path("khac.docx").exists()  # refused before writing anything


def test_summarize_names_a_missing_or_broken_records_file(cli, tmp_path):
    result = cli("summarize", "khong-co.jsonl", "-o", "tong-hop.xlsx")
    assert result.exit_code == 1 and "khong-co.jsonl" in result.output
    Path("hong.jsonl").write_text('{"kind": "achievement"\n', encoding="utf-8")
    result = cli("summarize", "hong.jsonl", "-o", "tong-hop.xlsx")
    assert result.exit_code == 1 and "hong.jsonl" in result.output and "dòng 1" in result.output
    assert not Path("tong-hop.xlsx").exists()


def test_summarize_report_header_from_a_thong_tin_sheet(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "thong_tin"
    ws.append(["truong", "gia_tri"])
    ws.append(["khoi", "Khối thi đua số 3"])
    ws.append(["dia_danh", "Cần Thơ"])
    ws.append(["khoi_truong_ho_ten", "Nguyễn Văn Bảy"])
    wb.save("thong-tin.xlsx")
    assert cli("parse", RETURNED / "02-cdcs-so-tai-chinh-bang-cham-diem.xlsx", "-o", "kq.jsonl").exit_code == 0
    result = cli("summarize", "kq.jsonl", "-o", "th.xlsx", "--report", "bc.docx", "--thong-tin", "thong-tin.xlsx")
    assert result.exit_code == 0, result.output
    doc = Document("bc.docx")
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Cần Thơ" in cells and "Nguyễn Văn Bảy" in cells and "KHỐI THI ĐUA SỐ 3" in cells.upper()

    ws.append(["ten_sai", "x"])
    wb.save("thong-tin.xlsx")
    result = cli("summarize", "kq.jsonl", "-o", "th2.xlsx", "--report", "bc2.docx", "--thong-tin", "thong-tin.xlsx")
    assert result.exit_code == 1 and "ten_sai" in result.output and "thong_tin" in result.output


def test_the_demo_summary_tells_the_truth(demo):
    """No warning the paper would not show, every unit accounted for, proposals that respect the
    rules, file names as the office knows them."""
    out, result = demo
    assert "Kiểm tra: 1 lỗi, 1 cảnh báo." in result.output  # the scan's misreads: one grouped warning
    assert f"{NOI_VU}: 92,5 điểm (đồng hạng), Hoàn thành xuất sắc nhiệm vụ — Không đề nghị (còn lỗi: " in result.output
    wb = load_workbook(out / "8-tong-hop" / "tong-hop.xlsx")
    sources = [r[-1] for r in wb["Đối chiếu chỉ tiêu"].iter_rows(min_row=2, values_only=True)]
    assert sources and all("/" not in s for s in sources)
    assert {r[2] for r in wb["Tổng hợp"].iter_rows(min_row=2, values_only=True)} == {2025}
    text = "\n".join(p.text for p in Document(out / "8-tong-hop" / "bao-cao-tong-hop.docx").paragraphs)
    assert f"chưa có số liệu: {TU_PHAP}" in text and "tổng hợp tổng hợp" not in text

"""A registration list typed in TCVN3 (.VnTime) parses to the same records as its Unicode twin."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font

from toolkit.extract import extract
from toolkit.readers import read
from toolkit.vn.legacy import encode_tcvn3, encode_vni

HEADER = ["CÔNG ĐOÀN CƠ SỞ SỞ TÀI CHÍNH", "DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025"]
TABLE = [
    ["STT", "Họ và tên", "Chức vụ", "Danh hiệu thi đua đăng ký"],
    ["1", "Nguyễn Thị Hương", "Trưởng phòng", "Chiến sĩ thi đua cơ sở"],
    ["2", "Trần Văn Đức", "Chuyên viên", "Lao động tiên tiến"],
    ["3", "Lê Thị Ngọc Lan", "Kế toán", "Lao động tiên tiến"],
]
ENCODERS = {".VnTime": encode_tcvn3, "VNI-Times": encode_vni}


def facts(records):
    return [(r.kind, r.metric, r.subject, r.subject_type, r.position, r.year, r.value) for r in records]


def docx_list(path: Path, font: str | None) -> Path:
    encode = ENCODERS.get(font, lambda text: text)
    doc = Document()
    for text in HEADER:
        # TCVN3 has no toned capitals: headers in caps were typed in the .VnTimeH font
        run = doc.add_paragraph().add_run(encode(text.lower()) if font == ".VnTime" else encode(text))
        run.font.name = font + "H" if font == ".VnTime" else font
    table = doc.add_table(rows=0, cols=len(TABLE[0]))
    for row in TABLE:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            run = cell.paragraphs[0].add_run(encode(text))
            run.font.name = font
    doc.save(path)
    return path


def xlsx_list(path: Path, font: str | None) -> Path:
    encode = ENCODERS.get(font, lambda text: text)
    wb = Workbook()
    ws = wb.active
    for text in HEADER:
        ws.append([encode(text.lower()) if font == ".VnTime" else encode(text)])
        ws.cell(ws.max_row, 1).font = Font(name=font + "H" if font == ".VnTime" else font)
    for row in TABLE:
        ws.append([encode(t) for t in row])
        for cell in ws[ws.max_row]:
            cell.font = Font(name=font)
    wb.save(path)
    return path


@pytest.mark.parametrize("make", [docx_list, xlsx_list])
@pytest.mark.parametrize("font", [".VnTime", "VNI-Times"])
def test_legacy_list_gives_the_unicode_records(tmp_path, make, font):
    suffix = ".docx" if make is docx_list else ".xlsx"
    unicode_records = extract(read(make(tmp_path / f"unicode{suffix}", None)))
    legacy_file = read(make(tmp_path / f"legacy{suffix}", font))
    assert legacy_file.legacy_encoding in ("tcvn3", "vni")
    legacy_records = extract(legacy_file)
    assert len(unicode_records) == 3
    assert facts(legacy_records) == facts(unicode_records)
    assert legacy_records[0].unit == unicode_records[0].unit == "CÔNG ĐOÀN CƠ SỞ SỞ TÀI CHÍNH"

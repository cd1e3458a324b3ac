"""Our own forms, filled in by a unit, read back exactly with confidence 1."""
from __future__ import annotations

import pytest

from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from toolkit.extract.own import extract_own
from toolkit.forms import read_layout, write_form
from toolkit.readers import read

from conftest import SAMPLES


def filled_xlsx(tmp_path, kind, sample, fill) -> Path:
    """Write a form, then fill it as a unit would (openpyxl stands in for Excel)."""
    path = write_form(kind, SAMPLES / sample, tmp_path / f"{kind}.xlsx")
    layout = read_layout(path)
    wb = load_workbook(path)
    ws = wb[layout.sheet]
    for section_name, row, field, value in fill:
        section = layout.section(section_name)
        if isinstance(row, str):  # the row of a metric code
            code_column = section.columns.index("ma_chi_tieu") + 1
            row = next(r for r in range(section.first_row, section.last_row + 1)
                       if ws.cell(r, code_column).value == row) - section.first_row
        ws.cell(section.first_row + row, section.columns.index(field) + 1).value = value
    wb.save(path)
    return path


def test_registration_form_reads_back_exactly(tmp_path):
    path = filled_xlsx(tmp_path, "dang-ky-thi-dua", "dang-ky-thi-dua.xlsx", [
        ("ca_nhan", 0, "danh_hieu", "Lao động tiên tiến"),
        ("ca_nhan", 1, "danh_hieu", "Chiến sĩ thi đua cơ sở"),
        ("ca_nhan", 1, "hinh_thuc_khen_thuong", "Giấy khen"),
        ("tap_the", 0, "danh_hieu", "Tập thể lao động xuất sắc"),
    ])
    read_file = read(path)
    records = extract_own(read_file)
    got = [(r.kind, r.metric, r.subject_type, r.label, r.confidence) for r in records]
    assert got == [
        ("registration", "lao_dong_tien_tien", "individual", "Lao động tiên tiến", 1.0),
        ("registration", "chien_si_thi_dua_co_so", "individual", "Chiến sĩ thi đua cơ sở", 1.0),
        ("registration", "giay_khen", "individual", "Giấy khen", 1.0),
        ("registration", "tap_the_lao_dong_xuat_sac", "collective", "Tập thể lao động xuất sắc", 1.0),
    ]
    assert all(r.year == 2025 and r.unit and r.source.sheet for r in records)
    assert records[1].subject == records[2].subject and records[1].position


def test_results_form_gives_targets_and_achievements(tmp_path):
    path = filled_xlsx(tmp_path, "bao-cao-ket-qua", "giao-uoc.xlsx", [
        ("ket_qua", "lao_dong_tien_tien", "thuc_hien", "96,5%"),
        ("so_lieu", 0, "thuc_hien", 120),
    ])
    records = extract_own(read(path))
    by_row = {}
    for r in records:
        by_row.setdefault(r.source.row, []).append(r)
    layout = read_layout(path)
    lđtt = next(rows for rows in by_row.values() if rows[0].metric == "lao_dong_tien_tien")
    assert [(r.kind, r.metric, r.op, r.value, r.measure) for r in lđtt] == [
        ("target", "lao_dong_tien_tien", ">", 95, "percent"),
        ("achievement", "lao_dong_tien_tien", "=", 96.5, "percent")]
    count = by_row[layout.section("so_lieu").first_row]
    assert [(r.kind, r.metric, r.value, r.measure) for r in count] == [("achievement", "so_nguoi_lao_dong", 120, "count")]


def test_scoring_form_recomputes_subtotals_and_total(tmp_path):
    path = filled_xlsx(tmp_path, "bang-cham-diem", "bang-cham-diem.xlsx", [])
    records = extract_own(read(path))
    totals = {r.metric: (r.value, r.value_max) for r in records if r.label == "TỔNG CỘNG"}
    assert totals == {"diem_tu_cham": (99, 100), "diem_khoi_cham": (95, 100)}
    assert all(r.kind == "score" and r.measure == "points" and r.confidence == 1 for r in records)


def test_word_registration_form_reads_back(tmp_path):
    path = write_form("dang-ky-thi-dua", SAMPLES / "dang-ky-thi-dua.xlsx", tmp_path / "dk.docx")
    layout = read_layout(path)
    section = layout.section("ca_nhan")
    doc = Document(str(path))
    table = doc.tables[section.table]
    column = section.columns.index("danh_hieu")
    table.rows[section.first_row].cells[column].text = "Lao động tiên tiến"
    doc.save(path)
    records = extract_own(read(path))
    assert [(r.kind, r.metric, r.subject_type) for r in records] == [
        ("registration", "lao_dong_tien_tien", "individual")]
    assert records[0].subject == table.rows[section.first_row].cells[section.columns.index("ho_va_ten")].text


@pytest.mark.parametrize("text, value", [("Đạt", 1), ("Hoàn thành", 1), ("Không đạt", 0), ("Chưa hoàn thành", 0),
                                         ("Chờ cấp trên xếp loại", None), ("Đang thực hiện", None),
                                         ("Chưa có kết quả", None), ("", None)])
def test_a_result_in_words_is_done_not_done_or_not_known_yet(text, value):
    from toolkit.extract.own import worded_result

    assert worded_result(text) == value

"""The year-end report, the scoring sheet and the Dân vận khéo registration: computed content."""
from __future__ import annotations

import pytest
from docx import Document

from toolkit.generate.catalog import BUILTIN
from toolkit.generate.workbook import open_workbook
from toolkit.errors import ThiduaError
from toolkit.generate.batch import generate, plan
from toolkit.generate.sample import write_input_workbook
from toolkit.generate.templates import load

from conftest import SAMPLES, all_text


def render(tmp_path, name, data=None):
    template, spec = load(name)
    result = generate(plan(template, spec, data or SAMPLES / f"{name}.xlsx"), tmp_path / "out")
    assert result.ok, result.failures
    return result.written[0]


def table_with(path, first_header: str, header: str):
    doc = Document(str(path))
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header
                and any(c.text == header for c in t.rows[0].cells))


def sample(name):
    wb = open_workbook(SAMPLES / f"{name}.xlsx", BUILTIN[name])
    return wb.info, {t.name: wb.table(t.name) for t in BUILTIN[name].tables if t.name in wb.sheets}


def test_report_results_table_computes_danh_gia_strictly(tmp_path):
    info, tables = sample("bao-cao-tong-ket")
    rows = [
        {"noi_dung": "Tỷ lệ đạt Lao động tiên tiến", "don_vi_tinh": "%", "dang_ky": "trên 95%", "thuc_hien": "95%"},
        {"noi_dung": "Tỷ lệ nữ đạt Giỏi việc nước, đảm việc nhà", "don_vi_tinh": "%", "dang_ky": "85-90%",
         "thuc_hien": "87,5%"},
        {"noi_dung": "Sáng kiến", "don_vi_tinh": "sáng kiến", "dang_ky": "ít nhất 05", "thuc_hien": "06"},
        {"noi_dung": "Tin, bài", "don_vi_tinh": "tin, bài", "dang_ky": "02", "thuc_hien": "01"},
        {"noi_dung": "Xếp loại công đoàn", "don_vi_tinh": None, "dang_ky": "Hoàn thành xuất sắc",
         "thuc_hien": "Chờ xếp loại"},
    ]
    data = write_input_workbook(BUILTIN["bao-cao-tong-ket"], tmp_path / "bc.xlsx", info, {"ket_qua": rows})
    path = render(tmp_path, "bao-cao-tong-ket", data)
    table = table_with(path, "STT", "Đánh giá")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội dung chỉ tiêu", "ĐVT", "Đăng ký", "Thực hiện",
                                                   "Đánh giá"]
    assert [row.cells[-1].text for row in table.rows[1:]] == ["Không đạt", "Đạt", "Đạt", "Không đạt", "—"]
    assert [row.cells[4].text for row in table.rows[1:]] == ["95%", "87,5%", "06", "01", "Chờ xếp loại"]
    text = all_text(path)
    assert "BÁO CÁO" in text and info["tieu_de"] in text
    for heading in ("I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "III. TỒN TẠI, HẠN CHẾ"):
        assert heading in text


def test_report_without_optional_sections_keeps_numbering_consecutive(tmp_path):
    info, tables = sample("bao-cao-tong-ket")
    info = {**info, "dac_diem": None, "ton_tai": None, "de_xuat": None, "so_ky_hieu": None}
    data = write_input_workbook(BUILTIN["bao-cao-tong-ket"], tmp_path / "bc.xlsx", info,
                                {"ket_qua": tables["ket_qua"]})
    text = all_text(render(tmp_path, "bao-cao-tong-ket", data))
    assert "Số:      /BC-CĐCS" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text and "II. PHƯƠNG HƯỚNG" in text
    assert "ĐẶC ĐIỂM" not in text and "TỒN TẠI" not in text and "Khen thưởng đã nhận" not in text


def test_scoring_sheet_subtotals_total_and_decimal_commas(tmp_path):
    info, _ = sample("bang-cham-diem")
    rows = [
        {"stt": "I", "noi_dung": "Đại diện, chăm lo"},
        {"stt": "1", "noi_dung": "Thương lượng, ký thỏa ước", "diem_chuan": 20, "tu_cham": 18.5, "khoi_cham": 18},
        {"stt": "2", "noi_dung": "Chăm lo đời sống", "diem_chuan": 20, "tu_cham": 19, "khoi_cham": 19.5},
        {"stt": "II", "noi_dung": "Xây dựng tổ chức"},
        {"stt": "1", "noi_dung": "Phát triển đoàn viên", "diem_chuan": 40, "tu_cham": 36, "khoi_cham": 35.25},
    ]
    data = write_input_workbook(BUILTIN["bang-cham-diem"], tmp_path / "cd.xlsx", info, {"tieu_chi": rows})
    path = render(tmp_path, "bang-cham-diem", data)
    table = table_with(path, "STT", "Điểm tự chấm")
    cells = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert cells[0][:5] == ["I", "Đại diện, chăm lo", "40", "37,5", "37,5"]
    assert cells[3][:5] == ["II", "Xây dựng tổ chức", "40", "36", "35,25"]
    assert "TỔNG CỘNG" in cells[-1][0] + cells[-1][1]
    assert cells[-1][2:5] == ["80", "73,5", "72,75"]
    group_runs = table.rows[1].cells[1].paragraphs[0].runs
    assert all(r.bold for r in group_runs if r.text.strip())
    text = all_text(path)
    assert "TM. KHỐI THI ĐUA" in text and "KHỐI TRƯỞNG" in text
    assert Document(str(path)).sections[0].orientation == 1  # landscape for the wide table


def test_scoring_sheet_refuses_a_score_above_its_maximum(tmp_path):
    info, _ = sample("bang-cham-diem")
    rows = [{"stt": "I", "noi_dung": "Nhóm"}, {"stt": "1", "noi_dung": "Tiêu chí", "diem_chuan": 10, "tu_cham": 12}]
    data = write_input_workbook(BUILTIN["bang-cham-diem"], tmp_path / "cd.xlsx", info, {"tieu_chi": rows})
    template, spec = load("bang-cham-diem")
    with pytest.raises(ThiduaError) as err:
        plan(template, spec, data)
    assert "cd.xlsx" in str(err.value) and "dòng 3" in str(err.value) and "vượt điểm chuẩn 10" in str(err.value)


def test_dan_van_kheo_fields_are_normalized_and_checked(tmp_path):
    info, tables = sample("dang-ky-dan-van-kheo")
    models = [dict(tables["mo_hinh"][0], linh_vuc="văn hóa-XÃ HỘI"), dict(tables["mo_hinh"][1], linh_vuc="kinh te")]
    data = write_input_workbook(BUILTIN["dang-ky-dan-van-kheo"], tmp_path / "dv.xlsx", info, {"mo_hinh": models})
    text = all_text(render(tmp_path, "dang-ky-dan-van-kheo", data))
    assert "Văn hóa - xã hội" in text and "Kinh tế" in text
    assert models[0]["ten_mo_hinh"] in text and models[1]["ten_mo_hinh"] in text
    bad = write_input_workbook(BUILTIN["dang-ky-dan-van-kheo"], tmp_path / "sai.xlsx", info,
                               {"mo_hinh": [dict(models[0], linh_vuc="Thể thao")]})
    template, spec = load("dang-ky-dan-van-kheo")
    with pytest.raises(ThiduaError) as err:
        plan(template, spec, bad)
    assert "Thể thao" in str(err.value) and "Xây dựng hệ thống chính trị" in str(err.value)

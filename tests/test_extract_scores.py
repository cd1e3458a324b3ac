"""Scores from other offices' scoring documents: criteria tables whatever their header, and
self-scoring reports written as prose (`Tự chấm 8/10 điểm`).

Each test builds a small .docx (python-docx) and reads it through the real reader and
extraction, as `thidua parse` does.
"""
from __future__ import annotations

from docx import Document

from toolkit.extract import extract
from toolkit.readers import read


def scores(records) -> list[tuple]:
    return [(r.metric, r.value, r.value_max, r.label) for r in records if r.kind == "score"]


def test_a_criteria_sheet_with_points_split_into_standard_bonus_and_penalty(tmp_path):
    doc = Document()
    doc.add_paragraph("BẢNG ĐIỂM CHUẨN THI ĐUA NĂM 2022")
    rows = [
        ["STT", "TIÊU CHUẨN THI ĐUA", "ĐIỂM", "", ""],
        ["", "", "Chuẩn", "Thưởng", "Trừ"],
        ["", "Tổng cộng", "100", "", ""],
        ["I", "Thực hiện tốt nhiệm vụ chuyên môn", "80", "", ""],
        ["1", "Quản lý đất đai", "30", "", ""],
        ["1.1", "Triển khai kịp thời Luật Đất đai 2013", "3", "0,5", ""],
        ["1.1.1", "Mỗi trường hợp chậm triển khai: trừ 0,5 điểm", "", "", "-0,5"],
        ["", "Ghi chú: Tổng điểm trừ của mục 1.1 không quá 1,5 điểm", "", "", ""],
        ["a)", "Công tác báo cáo", "3.5", "", ""],
    ]
    table = doc.add_table(rows=len(rows), cols=5)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    table.cell(0, 2).merge(table.cell(0, 4))
    table.cell(0, 2).text = "ĐIỂM"
    doc.save(tmp_path / "bang-diem.docx")

    records = extract(read(tmp_path / "bang-diem.docx"))
    assert scores(records) == [
        ("diem_chuan", None, 100, "TỔNG CỘNG"),
        ("diem_chuan", None, 80, "I Thực hiện tốt nhiệm vụ chuyên môn"),
        ("diem_chuan", None, 30, "1 Quản lý đất đai"),
        ("diem_chuan", None, 3, "1.1 Triển khai kịp thời Luật Đất đai 2013"),
        ("diem_chuan", None, 3.5, "a) Công tác báo cáo"),
    ]
    assert [r for r in records if r.kind != "score"] == []  # `2013`, `0,5 điểm` are no figures
    assert {r.subject for r in records} == {None}  # the header row is no unit


def test_a_sheet_scored_by_the_unit_and_the_cluster(tmp_path):
    doc = Document()
    doc.add_paragraph("BẢNG CHẤM ĐIỂM THI ĐUA")
    rows = [
        ["Mục", "Tiêu chuẩn", "Điểm tối đa", "Đơn vị tự chấm", "Khối chấm"],
        ["A", "Công tác tổ chức", "40", "38", "36"],
        ["C3.1", "Tuyên truyền", "2", "2", ""],
    ]
    table = doc.add_table(rows=len(rows), cols=5)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    doc.save(tmp_path / "cham-diem.docx")

    assert scores(extract(read(tmp_path / "cham-diem.docx"))) == [
        ("diem_tu_cham", 38, 40, "A Công tác tổ chức"),
        ("diem_khoi_cham", 36, 40, "A Công tác tổ chức"),
        ("diem_tu_cham", 2, 2, "C3.1 Tuyên truyền"),
    ]


def test_a_self_scoring_report_gives_each_score_of_its_maximum_the_total_and_grade(tmp_path):
    doc = Document()
    for text in [
        "PHÒNG TN&MT",
        "Số: 403/BC-PTNMT\tThị xã Cai Lậy, ngày 21 tháng 4 năm 2022",
        "BÁO CÁO",
        "Thực hiện các chỉ tiêu thi đua năm 2022",
        "Tổng số điểm đơn vị tự chấm điểm theo bảng chấm điểm thi đua là 124,4/100 điểm, "
        "hoàn thành xuất sắc nhiệm vụ. Trong đó:",
        "- TIÊU CHUẨN 1: THỰC HIỆN TỐT NHIỆM VỤ CHUYÊN MÔN. Tự chấm 100,4/80 điểm, cụ thể:",
        "+ Mục a. Thực hiện công tác quản lý đất đai, tự chấm 40/30 điểm.",
        "Phần a1. Tự chấm 03/3 điểm:",
        "Kết quả thực hiện đăng ký được 93/93 thửa với tổng diện tích 6,53 ha, đạt 100%.",
        "C3.1 Thu gom bao gói thuốc bảo vệ thực vật",
        "Tự chấm: 02/02 điểm",
        "4.3.1: Có tham gia viết bài bản tin. Tự chấm 1,5 điểm.",
        "d2.3: Có vận động rút 06 đơn khiếu nại. (Tự chấm +06 điểm)",
        "- TIÊU CHUẨN 3: Thực hiện công tác cải cách hành chính. Tự chấm tạm tính 12,5/10 điểm.",
    ]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "bao-cao-cham-diem.docx")

    records = extract(read(tmp_path / "bao-cao-cham-diem.docx"))
    assert scores(records) == [
        ("diem_tu_cham", 124.4, 100, "TỔNG CỘNG"),
        ("diem_tu_cham", 100.4, 80, "TIÊU CHUẨN 1: THỰC HIỆN TỐT NHIỆM VỤ CHUYÊN MÔN"),
        ("diem_tu_cham", 40, 30, "Mục a. Thực hiện công tác quản lý đất đai"),
        ("diem_tu_cham", 3, 3, "a1"),
        ("diem_tu_cham", 2, 2, "C3.1 Thu gom bao gói thuốc bảo vệ thực vật"),
        ("diem_tu_cham", 1.5, None, "4.3.1: Có tham gia viết bài bản tin"),
        ("diem_tu_cham", 12.5, 10, "TIÊU CHUẨN 3: Thực hiện công tác cải cách hành chính"),
    ]
    grades = [(r.kind, r.metric, r.label) for r in records if r.measure == "flag"]
    assert grades == [("achievement", "cdcs_hoan_thanh_xuat_sac", "hoàn thành xuất sắc nhiệm vụ")]
    # `93/93 thửa`, `6,53 ha`, `100%` are the evidence, not figures of the report
    assert [r for r in records if r.kind not in ("score",) and r.measure != "flag"] == []
    assert {r.year for r in records} == {2022}


def test_a_grade_line_of_a_scoring_report(tmp_path):
    doc = Document()
    for text in ["BÁO CÁO TỰ CHẤM ĐIỂM", "Năm 2024",
                 "1. Công tác tổ chức: Tự chấm 8/10 điểm.", "2. Công tác tuyên truyền: Tự chấm 9/10 điểm.",
                 "3. Công tác nữ công: Tự chấm 10/10 điểm.", "Xếp loại: Hoàn thành tốt nhiệm vụ."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "tu-cham.docx")

    records = extract(read(tmp_path / "tu-cham.docx"))
    assert scores(records) == [
        ("diem_tu_cham", 8, 10, "1. Công tác tổ chức"),
        ("diem_tu_cham", 9, 10, "2. Công tác tuyên truyền"),
        ("diem_tu_cham", 10, 10, "3. Công tác nữ công"),
    ]
    assert [(r.metric, r.label) for r in records if r.measure == "flag"] == [
        ("cdcs_hoan_thanh_tot", "Hoàn thành tốt nhiệm vụ")]


def test_one_self_score_in_a_report_is_a_score_not_two_counts(tmp_path):
    doc = Document()
    for text in ["BÁO CÁO", "Tổng kết công tác năm 2024",
                 "Năm 2024, công đoàn cơ sở kết nạp 12 đoàn viên mới.",
                 "Đối chiếu bảng chấm điểm của Khối, Công đoàn tự chấm 92/100 điểm."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "bao-cao.docx")

    records = extract(read(tmp_path / "bao-cao.docx"))
    assert [(r.kind, r.metric, r.value, r.value_max) for r in records] == [
        ("score", "diem_tu_cham", 92, 100), ("achievement", "ket_nap_doan_vien", 12, None)]


def test_self_scores_written_other_ways(tmp_path):
    doc = Document()
    for text in ["BÁO CÁO", "Kết quả tự chấm điểm thi đua năm 2024",
                 "Tiêu chí 1: Công tác tổ chức (10 điểm): tự chấm 9 điểm.",
                 "Tiêu chí 2: Công tác tuyên truyền. Điểm tự chấm: 8/10",
                 "Tiêu chí 3: Công tác nữ công. Tự đánh giá đạt 4,5 điểm/5 điểm.",
                 "Tổng cộng: 21,5/25 điểm."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "tu-cham.docx")

    assert scores(extract(read(tmp_path / "tu-cham.docx"))) == [
        ("diem_tu_cham", 9, 10, "Tiêu chí 1: Công tác tổ chức (10 điểm)"),
        ("diem_tu_cham", 8, 10, "Tiêu chí 2: Công tác tuyên truyền"),
        ("diem_tu_cham", 4.5, 5, "Tiêu chí 3: Công tác nữ công"),
        ("diem_tu_cham", 21.5, 25, "TỔNG CỘNG"),
    ]


def test_a_sheet_left_to_score_gives_its_maxima(tmp_path):
    doc = Document()
    doc.add_paragraph("BẢNG CHẤM ĐIỂM THI ĐUA")
    rows = [["STT", "Tiêu chuẩn", "Điểm tối đa", "Tự chấm", "Khối chấm"],
            ["I", "Công tác tổ chức", "40", "", ""],
            ["1", "Phát triển đoàn viên", "10", "", ""]]
    table = doc.add_table(rows=len(rows), cols=5)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    doc.save(tmp_path / "mau.docx")

    assert scores(extract(read(tmp_path / "mau.docx"))) == [
        ("diem_chuan", None, 40, "I Công tác tổ chức"), ("diem_chuan", None, 10, "1 Phát triển đoàn viên")]


def test_the_grade_after_any_xep_loai_label_in_a_document_or_a_worksheet(tmp_path):
    from openpyxl import Workbook

    doc = Document()
    for text in ["BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025", "Tổng số điểm tự chấm: 92/100 điểm.",
                 "Tự đánh giá, xếp loại: Hoàn thành xuất sắc nhiệm vụ."]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "tu-cham.docx")
    wb = Workbook()
    ws = wb.active
    for row in [["BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2025"], ["TT", "Nội dung chấm điểm", "Điểm chuẩn", "Điểm tự chấm"],
                [1, "Ủy ban kiểm tra hoạt động thường xuyên", 50, 48], [2, "Quyết toán tài chính đúng hạn", 50, 44],
                [None, "TỔNG CỘNG", 100, 92], [None, "Xếp loại: Hoàn thành xuất sắc nhiệm vụ (từ 90 điểm trở lên)"]]:
        ws.append(row)
    wb.save(tmp_path / "cham-diem.xlsx")

    for path in (tmp_path / "tu-cham.docx", tmp_path / "cham-diem.xlsx"):
        grades = [r for r in extract(read(path)) if r.measure == "flag"]
        assert [(r.metric, r.kind) for r in grades] == [("cdcs_hoan_thanh_xuat_sac", "achievement")], path.name


def test_a_scoring_sheet_s_prose_restating_its_total_is_no_count(tmp_path):
    doc = Document()
    doc.add_paragraph("BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2025")
    rows = [("TT", "Nội dung chấm điểm", "Điểm chuẩn", "Điểm tự chấm"), ("1", "Thực hiện nhiệm vụ chuyên môn", "60", "58"),
            ("2", "Hoạt động công đoàn", "45", "38,5"), ("", "TỔNG CỘNG", "105", "96,5")]
    table = doc.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.add_paragraph("Kết quả chấm điểm: đơn vị đạt 96,5/105 điểm, xếp thứ 2/9 đơn vị trong Khối.")
    doc.save(tmp_path / "cham-diem.docx")

    records = extract(read(tmp_path / "cham-diem.docx"))

    assert {r.kind for r in records} == {"score"}

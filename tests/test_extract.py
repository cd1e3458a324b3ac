"""Extraction: blocks → records, on the labelled corpus and on the pieces it is made of."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.corpus.evaluate import evaluate, load_cases, match, report, run_case
from toolkit.extract import extract, file_context, free_lines
from toolkit.extract.tables import extract_tables, split_titles, table_layout
from toolkit.extract.text import extract_text, find_quantities, split_sentences
from toolkit.readers.blocks import Cell, Line, ReadFile, Table

TABLE_CASES = load_cases("table")
TEXT_CASES = [c for c in load_cases("text") if c.get("set") != "blind"]


def table(rows, **kw) -> Table:
    return Table([[c if isinstance(c, Cell) else Cell(c) for c in row] for row in rows], **kw)


def read(*blocks, name="van-ban.docx", identity=None) -> ReadFile:
    return ReadFile(path=Path(name), kind=Path(name).suffix[1:], blocks=list(blocks), identity=identity)


def describe(records) -> list[tuple]:
    return [(r.kind, r.metric, r.subject, r.subject_type, r.value, r.op, r.measure) for r in records]


# --- the corpus ----------------------------------------------------------------------------

@pytest.mark.parametrize("case", TABLE_CASES, ids=[c["name"] for c in TABLE_CASES])
def test_table_case_finds_exactly_the_expected_records(case):
    score, missed, extra = match(case["expected"], run_case(case))
    assert not missed, f"missed: {missed}"
    assert not extra, f"not expected: {describe(extra)}"


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c["name"] for c in TEXT_CASES])
def test_text_case_finds_the_expected_records(case):
    got = run_case(case)
    score, missed, extra = match(case["expected"], got)
    assert not missed, f"missed: {missed}; got {describe(got)}"
    if not case["expected"]:
        assert not got, f"no quantity here, got {describe(got)}"


def test_corpus_scores_meet_the_targets(capsys):
    totals = evaluate()
    with capsys.disabled():
        print("\n" + report(totals))
    assert len(TABLE_CASES) >= 12 and len(load_cases("text")) >= 25
    assert totals["table"].precision >= 0.98 and totals["table"].recall >= 0.98
    assert totals["text"].recall >= 0.90


# --- tables --------------------------------------------------------------------------------

def test_header_is_found_below_title_rows_and_two_levels_are_joined():
    t = table([
        ["DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025", "", "", ""],
        ["STT", "Họ và tên", "Danh hiệu thi đua", "Danh hiệu thi đua"],
        ["", "", "LĐTT", "CSTĐCS"],
        ["1", "Nguyễn Văn An", "x", ""],
    ])
    layout = table_layout(t)
    assert layout is not None and layout.kind == "registration"
    assert layout.header_rows == (1, 2) and layout.year == 2025
    assert [c.header for c in layout.columns][2:] == ["Danh hiệu thi đua LĐTT", "Danh hiệu thi đua CSTĐCS"]
    assert [c.metric.code for c in layout.columns[2:]] == ["lao_dong_tien_tien", "chien_si_thi_dua_co_so"]


def test_merged_top_header_given_once_is_spread_over_its_columns():
    t = table([
        ["STT", "Tên CĐCS", "Danh hiệu thi đua", ""],
        ["", "", "Số LĐTT", "Số CSTĐCS"],
        ["1", "CĐCS Sở Y tế", "40", "5"],
    ])
    records = extract_tables(read(t), file_context(read(t)))
    assert describe(records) == [
        ("achievement", "lao_dong_tien_tien", "CĐCS Sở Y tế", "unit", 40, "=", "count"),
        ("achievement", "chien_si_thi_dua_co_so", "CĐCS Sở Y tế", "unit", 5, "=", "count"),
    ]


def test_a_table_without_known_headers_is_not_recognised():
    assert table_layout(table([["Nội dung công việc đã làm trong quý", "Ghi chú thêm"],
                               ["Họp Ban Chấp hành", "Đủ thành viên"]])) is None


def test_section_rows_switch_between_individuals_and_collectives():
    t = table([
        ["STT", "Họ và tên", "Danh hiệu đăng ký"],
        ["II. TẬP THỂ", "", ""],
        ["1", "Phòng Hành chính", "Tập thể lao động tiên tiến"],
        ["2", "Phòng Kế toán", "Lao động tiên tiến"],
        ["I. CÁ NHÂN", "", ""],
        ["1", "Trần Văn Ba", "Lao động tiên tiến"],
    ])
    records = extract_tables(read(t), file_context(read(t)))
    assert [(r.subject, r.subject_type, r.metric) for r in records] == [
        ("Phòng Hành chính", "collective", "tap_the_lao_dong_tien_tien"),
        # an individual title under the collectives is never read as the individual title
        ("Phòng Kế toán", "collective", "khac"),
        ("Trần Văn Ba", "individual", "lao_dong_tien_tien"),
    ]


def test_a_collective_title_in_a_list_of_people_is_never_the_individual_title():
    t = table([["STT", "Họ và tên", "Danh hiệu đăng ký"],
               ["1", "Tổ Văn phòng", "Tập thể lao động tiến tiến"]])
    (record,) = extract_tables(read(t), file_context(read(t)))
    assert (record.metric, record.subject_type) == ("tap_the_lao_dong_tien_tien", "collective")


def test_totals_are_skipped_and_the_footer_ends_the_table():
    t = table([
        ["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"],
        ["1", "Lê Thị Hai", "Kế toán", "LĐTT"],
        ["Tổng cộng", "", "", "01"],
        ["", "", "", "Cần Thơ, ngày 05 tháng 02 năm 2025"],
        ["", "Người lập biểu", "", "TM. BAN CHẤP HÀNH"],
        ["", "Nguyễn Văn Lập", "", "Lao động tiên tiến"],
    ])
    records = extract_tables(read(t), file_context(read(t)))
    assert [(r.subject, r.position, r.metric) for r in records] == [("Lê Thị Hai", "Kế toán", "lao_dong_tien_tien")]


def test_one_registration_per_title_listed_in_a_cell():
    assert split_titles("Lao động tiên tiến, Chiến sĩ thi đua cơ sở", "individual") == [
        "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]
    assert split_titles("Giỏi việc nước, đảm việc nhà; LĐTT") == ["Giỏi việc nước, đảm việc nhà", "LĐTT"]
    assert split_titles("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh") == ["Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh"]


def test_provenance_of_sheet_rows_and_table_rows():
    xlsx = table([
        [Cell("STT", ref="A5"), Cell("Tên đơn vị", ref="B5"), Cell("Số đoàn viên", ref="C5")],
        [Cell("1", 1, "A6"), Cell("CĐCS Sở Nội vụ", ref="B6"), Cell("54", 54, "C6")],
    ], sheet="TongHop", first_row=5)
    (record,) = extract(read(xlsx, name="tong-hop.xlsx"))
    assert (record.source.file, record.source.sheet, record.source.row, record.source.cell) == (
        "tong-hop.xlsx", "TongHop", 6, "C6")
    assert record.source.text == "1 | CĐCS Sở Nội vụ | 54" and record.confidence == 0.9

    docx = table([["STT", "Tên đơn vị", "Số đoàn viên"], ["1", "CĐCS Sở Nội vụ", "54"]], page=2, ocr=True)
    (record,) = extract(read(docx, name="scan.pdf"))
    assert (record.source.page, record.source.row, record.confidence) == (2, 2, 0.8)


def test_hidden_sheet_rows_are_not_read():
    t = table([["STT", "Tên đơn vị", "Số đoàn viên"], ["1", "A", "10"], ["2", "B", "20"]],
              sheet="S", first_row=1)
    t.hidden_rows = frozenset({3})
    assert [r.subject for r in extract(read(t, name="x.xlsx"))] == ["A"]


# --- free text -----------------------------------------------------------------------------

def test_sentences_are_not_cut_inside_numbers_or_abbreviations():
    parts = split_sentences("Có 10.141 đoàn viên, đạt 95,5%. TM. BCH ký; 1. Mục sau")
    assert parts == [["Có 10.141 đoàn viên, đạt 95,5%"], ["TM. BCH ký", "Mục sau"]]


@pytest.mark.parametrize("text", [
    "Số: 05/BC-CĐCS", "ngày 15 tháng 12 năm 2024", "ngày 20/3/2023", "Nghị định 30/2020/NĐ-CP",
    "Điều 5, khoản 2", "trang 3", "nhiệm kỳ 2023 - 2028", "kỷ niệm 95 năm", "18.900.000 đồng",
    "lần thứ 2", "năm 2024", "Quốc khánh 2/9", "tháng 12/2024",
])
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_quantities_keep_operators_ranges_and_percentages():
    found = [(q.target.op, q.target.value, q.target.value_max, q.target.measure)
             for q in find_quantities("trên 95%, từ 85% đến 90%, ít nhất 01 và 36/41 người")]
    assert found == [(">", 95, None, "percent"), ("between", 85, 90, "percent"),
                     (">=", 1, None, "count"), ("=", 36, None, "count")]


def test_text_records_carry_unit_year_source_and_confidence():
    lines = [Line("CÔNG ĐOÀN CƠ SỞ SỞ Y TẾ"), Line("BÁO CÁO"), Line("Tổng kết năm 2024"),
             Line("Kết nạp mới 125 đoàn viên.", page=3, ocr=True)]
    (record,) = extract(read(*lines, name="bc.pdf"))
    assert (record.kind, record.metric, record.value) == ("achievement", "ket_nap_doan_vien", 125)
    assert (record.unit, record.subject, record.year) == ("CÔNG ĐOÀN CƠ SỞ SỞ Y TẾ", "CÔNG ĐOÀN CƠ SỞ SỞ Y TẾ", 2024)
    assert (record.source.file, record.source.page, record.source.text) == ("bc.pdf", 3, "Kết nạp mới 125 đoàn viên")
    assert record.confidence == 0.6


def test_lines_inside_a_recognised_sheet_table_are_not_read_again():
    t = table([["STT", "Tên đơn vị", "Số đoàn viên"], ["1", "CĐCS A", "12"]], sheet="S", first_row=3)
    inside = Line("CĐCS A có 12 đoàn viên", sheet="S", row=4)
    outside = Line("Kết nạp mới 5 đoàn viên", sheet="S", row=9)
    assert free_lines(read(t, inside, outside, name="x.xlsx")) == [outside]


# --- context -------------------------------------------------------------------------------

def test_context_from_header_lines():
    ctx = file_context(read(
        Line("LIÊN ĐOÀN LAO ĐỘNG TỈNH AN GIANG"), Line("CÔNG ĐOÀN CƠ SỞ SỞ THÔNG TIN"),
        Line("VÀ TRUYỀN THÔNG"), Line("Số: 05/BC-CĐCS"), Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Line("Độc lập - Tự do - Hạnh phúc"), Line("An Giang, ngày 20 tháng 11 năm 2018"),
        Line("BÁO CÁO"), Line("Tổng kết phong trào thi đua năm 2017 và phương hướng năm 2018"),
        Line("I. ĐẶC ĐIỂM TÌNH HÌNH")))
    assert ctx.unit == "CÔNG ĐOÀN CƠ SỞ SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert (ctx.year, ctx.is_plan, ctx.plan_year) == (2017, False, 2018)
    assert ctx.title.startswith("BÁO CÁO Tổng kết")


def test_context_from_a_header_table_with_joined_lines():
    header = table([["CÔNG ĐOÀN VIÊN CHỨC TỈNH AN GIANG CÔNG ĐOÀN CƠ SỞ SỞ TÀI CHÍNH Số: 12/KH-CĐCS",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc An Giang, ngày 05 tháng 02 năm 2025"]])
    ctx = file_context(read(header, Line("KẾ HOẠCH"), Line("Tổ chức phong trào thi đua")))
    assert ctx.unit == "CÔNG ĐOÀN CƠ SỞ SỞ TÀI CHÍNH"
    assert (ctx.year, ctx.is_plan) == (2025, True)


@pytest.mark.parametrize("title, is_plan", [
    ("BẢN GIAO ƯỚC THI ĐUA NĂM 2025", True),
    ("DANH SÁCH CÁ NHÂN ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2025", True),
    ("BẢN ĐĂNG KÝ THI ĐUA NĂM 2025", True),
    ("KẾ HOẠCH TỔ CHỨC PHONG TRÀO THI ĐUA NĂM 2025", True),
    ("BÁO CÁO KẾT QUẢ THỰC HIỆN GIAO ƯỚC THI ĐUA NĂM 2025", False),
    ("BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2025", False),
])
def test_plan_documents_are_told_from_reports(title, is_plan):
    ctx = file_context(read(Line("CÔNG ĐOÀN CƠ SỞ TRƯỜNG THCS AN HÒA"), Line(title)))
    assert (ctx.is_plan, ctx.year, ctx.unit) == (is_plan, 2025, "CÔNG ĐOÀN CƠ SỞ TRƯỜNG THCS AN HÒA")


def test_issuing_body_under_ban_chap_hanh_is_not_split():
    ctx = file_context(read(Line("BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ BỆNH VIỆN ĐA KHOA"), Line("BÁO CÁO")))
    assert ctx.unit == "BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ BỆNH VIỆN ĐA KHOA"


# --- dispatch ------------------------------------------------------------------------------

def test_our_documents_are_read_by_their_layout_others_by_recognition():
    from toolkit.forms import FormIdentity

    table = Table([[Cell("STT"), Cell("Họ và tên"), Cell("Chức vụ"), Cell("Đơn vị"), Cell("Danh hiệu thi đua"),
                    Cell("Hình thức khen thưởng"), Cell("Ghi chú")],
                   [Cell("1"), Cell("Nguyễn Văn An"), Cell("Chuyên viên"), Cell("Phòng A"),
                    Cell("Lao động tiên tiến"), Cell(""), Cell("")]])
    ours = read(table, identity=FormIdentity("van-ban:dang-ky-thi-dua", "1", "CĐCS Sở Tài chính", 2025))
    assert [(r.metric, r.subject, r.confidence) for r in extract(ours)] == [
        ("lao_dong_tien_tien", "Nguyễn Văn An", 1.0)]
    unknown = read(table, identity=FormIdentity("mau-khac", "1", "", None))  # an identity we cannot map
    assert [(r.metric, r.subject, r.confidence) for r in extract(unknown)] == [
        ("lao_dong_tien_tien", "Nguyễn Văn An", 0.9)]


# --- never crash ---------------------------------------------------------------------------

_WORDS = st.sampled_from(["Kết nạp", "125", "đoàn viên", "10.141", "95,5%", "trên", "/", ",", ";", ".",
                          "Số:", "05/BC-CĐCS", "ngày", "năm 2024", "LĐTT", "trong đó", "(", ")", "85-90%",
                          "Bằng khen", "tặng", "phấn đấu", "1/5", "x", "", "Tổng cộng", "I. CÁ NHÂN"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=12).map(" ".join), max_size=6))
def test_free_text_never_crashes(texts):
    extract_text([Line(t) for t in texts], file_context(read()), "f.docx")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(_WORDS, st.sampled_from(["STT", "Họ và tên", "Tên CĐCS", "Số đoàn viên",
                                                             "Danh hiệu thi đua", "Xếp loại", "Đăng ký",
                                                             "Thực hiện", "Nội dung", "Điểm tự chấm"])),
                         min_size=1, max_size=6), max_size=8))
def test_table_extraction_never_crashes(rows):
    t = table(rows)
    extract(read(t))


def test_a_results_column_headed_by_its_year_is_the_result():
    layout = table_layout(table([["STT", "Nội dung", "ĐVT", "Kết quả năm 2025"], ["1", "Số đoàn viên", "Người", "71"]]))
    assert layout is not None and layout.kind == "results" and layout.roles["done"] == 3


def test_a_page_number_is_not_a_line_of_text():
    lines = free_lines(read(Line("2", page=2), Line("- 3 -", page=3), Line("Có 71 đoàn viên", page=3)))
    assert [line.text for line in lines] == ["Có 71 đoàn viên"]

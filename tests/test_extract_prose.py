"""Free text as unions write it: plan or result by scope, one record per clause, awards by
issuer, numbers as written, and numbers that are no figures.

Each test writes a small report (.docx, python-docx) and reads it through the real reader
and extraction, as `thidua parse` does.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document

from toolkit.extract import extract
from toolkit.readers import read


def report(tmp_path: Path, *paragraphs: str, title: str = "BÁO CÁO") -> list:
    doc = Document()
    doc.add_paragraph(title)
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "bao-cao.docx"
    doc.save(path)
    return [r for r in extract(read(path)) if r.metric != "khac" or r.award]


def facts(records) -> list[tuple]:
    return [(r.kind, r.metric, r.op, r.value, r.value_max) for r in records]


# --- plan or result by scope ---------------------------------------------------------------

def test_a_pledge_lead_in_governs_every_item_of_its_list(tmp_path):
    records = report(
        tmp_path, "Tổng kết công tác Công đoàn năm 2017",
        "Năm 2017, toàn ngành kết nạp 1.250 đoàn viên, 45 công đoàn cơ sở đạt vững mạnh.",
        "Năm 2018, các cấp Công đoàn phấn đấu:",
        "- Kết nạp 1.500 đoàn viên mới.",
        "- 90% công đoàn cơ sở đạt vững mạnh.",
        "- Giới thiệu ít nhất 50 đoàn viên ưu tú cho Đảng.",
    )
    assert facts(records) == [
        ("achievement", "ket_nap_doan_vien", "=", 1250, None),
        ("achievement", "cdcs_vung_manh", "=", 45, None),
        ("target", "ket_nap_doan_vien", "=", 1500, None),
        ("target", "cdcs_vung_manh", "=", 90, None),
        ("target", "gioi_thieu_dang", ">=", 50, None),
    ]
    assert [r.year for r in records] == [2017, 2017, 2018, 2018, 2018]


def test_a_plan_word_governs_the_rest_of_its_sentence(tmp_path):
    records = report(tmp_path, "Năm 2025, Công đoàn ngành phấn đấu có 85-90% đoàn viên đạt Lao động "
                               "tiên tiến; 15-20% đạt Chiến sĩ thi đua cơ sở; 95% nữ đoàn viên đạt danh hiệu "
                               "\"Giỏi việc nước, đảm việc nhà\".")
    assert facts(records) == [
        ("target", "lao_dong_tien_tien", "between", 85, 90),
        ("target", "chien_si_thi_dua_co_so", "between", 15, 20),
        ("target", "gioi_viec_nuoc_dam_viec_nha", "=", 95, None),
    ]


def test_a_results_lead_in_is_not_a_plan_because_it_names_tasks(tmp_path):
    records = report(tmp_path, "Kết quả thực hiện nhiệm vụ năm học 2023 - 2024:",
                     "+ Có 16 giáo viên được công nhận Chiến sĩ thi đua cơ sở.",
                     "+ Có 39 giáo viên được công nhận Lao động tiên tiến.")
    assert facts(records) == [("achievement", "chien_si_thi_dua_co_so", "=", 16, None),
                              ("achievement", "lao_dong_tien_tien", "=", 39, None)]


def test_registered_works_of_a_past_year_are_results(tmp_path):
    records = report(tmp_path, "Năm 2023, các công đoàn cơ sở đã đăng ký thực hiện 29 công trình, "
                               "41 sáng kiến cải tiến kỹ thuật.")
    assert facts(records) == [("achievement", "cong_trinh_thi_dua", "=", 29, None),
                              ("achievement", "sang_kien", "=", 41, None)]


def test_a_bound_without_tense_is_a_norm(tmp_path):
    records = report(tmp_path, "Năm 2024", "Mỗi công đoàn cơ sở đề xuất ít nhất 20 sáng kiến.")
    assert facts(records) == [("target", "sang_kien", ">=", 20, None)]


def test_a_launch_document_sets_targets_against_last_year(tmp_path):
    report(tmp_path, "Phong trào thi đua năm 2022", "- Chênh lệch thu chi tăng trên 5% so với thực hiện năm 2021;",
           "- Data tăng trên 12%;", title="PHÁT ĐỘNG")
    assert [(r.kind, r.op, r.value, r.year) for r in extract(read(tmp_path / "bao-cao.docx"))] == [
        ("target", ">", 5, 2022), ("target", ">", 12, 2022)]


# --- clauses ---------------------------------------------------------------------------------

def test_each_clause_has_its_own_award_and_issuer(tmp_path):
    records = report(tmp_path, "Năm 2023, 9 tập thể, cá nhân được Công đoàn Viên chức Việt Nam tặng Bằng "
                               "khen; 13 tập thể, cá nhân được Liên đoàn Lao động thành phố tặng Bằng khen; "
                               "291 đoàn viên ưu tú được kết nạp vào Đảng.")
    assert facts(records) == [
        ("achievement", "bang_khen_cd_nganh", "=", 9, None),
        ("achievement", "bang_khen_ldld", "=", 13, None),
        ("achievement", "ket_nap_dang", "=", 291, None),
    ]


def test_a_giver_before_its_award_covers_the_counts_after_cho(tmp_path):
    records = report(tmp_path, "Dịp này, Công đoàn Giáo dục Việt Nam tặng Bằng khen cho 02 tập thể và 05 "
                               "cá nhân, LĐLĐ TP tặng Bằng khen cho 4 tập thể, 9 cá nhân có thành tích xuất "
                               "sắc trong phong trào \"Dân vận khéo\"; Tổng LĐLĐVN tặng Cờ thi đua cho 1 đơn vị.")
    assert facts(records) == [
        ("achievement", "bang_khen_cd_nganh", "=", 2, None),
        ("achievement", "bang_khen_cd_nganh", "=", 5, None),
        ("achievement", "bang_khen_ldld", "=", 4, None),
        ("achievement", "bang_khen_ldld", "=", 9, None),
        ("achievement", "co_thi_dua_tld", "=", 1, None),
    ]


def test_givers_listed_before_the_verb_give_one_award(tmp_path):
    records = report(tmp_path, "Năm 2023, 21 tập thể được UBND tỉnh, bộ, ngành tặng Cờ thi đua.")
    assert facts(records) == [("achievement", "co_thi_dua_cap_tinh", "=", 21, None)]


def test_a_giver_named_once_carries_to_later_awards_of_the_sentence(tmp_path):
    records = report(tmp_path, "Năm 2023 có 4 tập thể được LĐLĐ Thành phố tặng Cờ thi đua, 25 tập thể và "
                               "31 cá nhân được tặng Bằng khen.")
    assert facts(records) == [
        ("achievement", "co_thi_dua_ldld", "=", 4, None),
        ("achievement", "bang_khen_ldld", "=", 25, None),
        ("achievement", "bang_khen_ldld", "=", 31, None),
    ]


def test_an_award_without_a_named_giver_has_no_code_but_its_form(tmp_path):
    [record] = report(tmp_path, "Năm 2023, đơn vị được công đoàn cấp trên tặng 19 Bằng khen.")
    assert (record.metric, record.award, record.issuer, record.value) == ("khac", "bang_khen", None, 19)


def test_a_count_after_a_unit_named_with_cho_shares_its_award(tmp_path):
    records = report(tmp_path, "Đề nghị Công đoàn Khu công nghiệp tặng Bằng khen cho Công đoàn cơ sở Công ty "
                               "TNHH Canon Việt Nam và 02 cá nhân.")
    assert [(r.kind, r.award, r.value) for r in records if r.kind == "achievement"] == [("achievement", "bang_khen", 2)]
    # The unit named after `cho` is a recipient of its own (tests/test_award_lists.py).
    assert [r.subject for r in records if r.kind == "award"] == ["Công đoàn cơ sở Công ty TNHH Canon Việt Nam"]


def test_a_number_closing_a_unit_s_name_is_no_count(tmp_path):
    records = report(tmp_path, "Đề nghị tặng Giấy khen cho 03 tổ công đoàn: Tổ công đoàn Dây chuyền In phun 2; "
                               "Tổ công đoàn Kho vận; Tổ công đoàn Bảo trì thiết bị.")
    assert [(r.award, r.value) for r in records if r.kind == "achievement"] == [("giay_khen", 3)]
    assert [r.subject for r in records if r.kind == "award"][0] == "Tổ công đoàn Dây chuyền In phun 2"


def test_a_list_shares_what_follows_its_last_count(tmp_path):
    records = report(tmp_path, "Năm 2025 phấn đấu 90% công đoàn cơ sở khu vực nhà nước, 55% công đoàn cơ sở "
                               "khu vực ngoài nhà nước đạt hoàn thành tốt nhiệm vụ trở lên.")
    assert facts(records) == [("target", "cdcs_hoan_thanh_tot", "=", 90, None),
                              ("target", "cdcs_hoan_thanh_tot", "=", 55, None)]


def test_a_rate_is_named_before_its_number_and_the_base_after_it(tmp_path):
    records = report(tmp_path, "Năm 2025, phấn đấu tỷ lệ công đoàn cơ sở xếp loại hoàn thành nhiệm vụ dưới "
                               "10%, không có công đoàn cơ sở yếu; tỷ lệ Chiến sĩ thi đua cơ sở không quá 15% "
                               "tổng số cá nhân đạt Lao động tiên tiến.")
    assert facts(records) == [("target", "cdcs_hoan_thanh", "<", 10, None),
                              ("target", "chien_si_thi_dua_co_so", "<=", 15, None)]


def test_a_fraction_is_one_count_of_a_whole(tmp_path):
    records = report(tmp_path, "Năm 2023, có 46/51 công đoàn cơ sở đạt vững mạnh.")
    assert facts(records) == [("achievement", "cdcs_vung_manh", "=", 46, None)]


# --- numbers as written ------------------------------------------------------------------------

def test_numbers_keep_their_form_and_operator(tmp_path):
    records = report(
        tmp_path, "Năm 2025, phấn đấu có ít nhất 8 công trình thi đua, trong đó tối thiểu có 2 công trình "
                  "cấp huyện; kết nạp 1,5 triệu đoàn viên; mỗi công đoàn cơ sở có từ hai đến ba sáng kiến; "
                  "5.320 đoàn viên mới.")
    assert facts(records) == [
        ("target", "cong_trinh_thi_dua", ">=", 8, None),
        ("target", "cong_trinh_thi_dua", ">=", 2, None),
        ("target", "ket_nap_doan_vien", "=", 1_500_000, None),
        ("target", "sang_kien", "between", 2, 3, ),
        ("target", "ket_nap_doan_vien", "=", 5320, None),
    ]


# --- numbers that are no figures -----------------------------------------------------------------

def test_ratios_to_plan_money_rules_names_and_attendance_are_no_figures(tmp_path):
    records = report(
        tmp_path,
        "Năm 2024, LĐLĐ huyện kết nạp 642 đoàn viên, đạt 107% kế hoạch; làm lợi 9,8 tỉ đồng.",
        "Tiêu chuẩn xét danh hiệu: công đoàn cơ sở phải có tỷ lệ đoàn viên đạt Lao động tiên tiến từ 80% "
        "trở lên. Số cá nhân được khen không vượt quá 10% tổng số đoàn viên.",
        "Cứ 10 đoàn viên có một sáng kiến; từng bước thực hiện thành công chiến lược VNPT 4.0.",
        "Có mặt: 09/09; Vắng: 0. Hội đồng biểu quyết 09/09 thành viên có mặt (100%).",
        "Nơi nhận:",
        "- Công đoàn 2 đơn vị;",
    )
    assert facts(records) == [("achievement", "ket_nap_doan_vien", "=", 642, None)]


def test_toi_da_is_a_bound_not_the_past_marker(tmp_path):
    records = report(tmp_path, "Năm 2024", "Tỷ lệ Chiến sĩ thi đua cơ sở tối đa 15% số cá nhân đạt Lao động tiên tiến.")
    assert facts(records) == [("target", "chien_si_thi_dua_co_so", "<=", 15, None)]


def test_a_result_measured_against_a_pledge_is_a_result(tmp_path):
    records = report(tmp_path, "Kết quả năm 2024: Khối có 96,5% đoàn viên đạt Lao động tiên tiến (vượt 1,5% so "
                               "với giao ước), 17% đạt Chiến sĩ thi đua cơ sở. Năm 2025, Khối đặt mục tiêu kết nạp "
                               "500 đoàn viên.")
    assert facts(records) == [("achievement", "lao_dong_tien_tien", "=", 96.5, None),
                              ("achievement", "chien_si_thi_dua_co_so", "=", 17, None),
                              ("target", "ket_nap_doan_vien", "=", 500, None)]


def test_the_numbers_of_a_lead_in_are_not_governed_by_it(tmp_path):
    records = report(tmp_path, "Năm 2024, 12 đơn vị đã ký kết giao ước thi đua với các chỉ tiêu: 95% đoàn viên "
                               "đạt Lao động tiên tiến; mỗi đơn vị có ít nhất 1 sáng kiến.")
    assert facts(records) == [("target", "lao_dong_tien_tien", "=", 95, None),
                              ("target", "sang_kien", ">=", 1, None)]


def test_pdf_lines_of_one_sentence_are_read_as_one(tmp_path):
    from toolkit.extract.context import FileContext
    from toolkit.extract.text import extract_text
    from toolkit.readers.blocks import Line

    lines = [Line("Tập trung mọi nguồn lực nhằm thực", page=1), Line("hiện:", page=1),
             Line("- Doanh thu tăng trên 4% so với thực hiện năm 2021;", page=1),
             Line("- Data tăng trên 12%;", page=1)]
    records = extract_text(lines, FileContext(year=2022, is_plan=True, title="PHÁT ĐỘNG"), "pd.pdf")
    assert [(r.kind, r.op, r.value, r.year) for r in records] == [("target", ">", 4, 2022), ("target", ">", 12, 2022)]


def test_a_decision_gives_its_own_awards_when_no_other_giver_is_named(tmp_path):
    doc = Document()
    for text in ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Số: 3820/QĐ-UBND\tHà Nội, ngày 04 tháng 8 năm 2021",
                 "QUYẾT ĐỊNH", "Về việc khen thưởng các tập thể, cá nhân ngành Giáo dục",
                 "Điều 1. Khen thưởng cho các tập thể, cá nhân như sau:",
                 "2. Tặng Bằng khen hoàn thành xuất sắc nhiệm vụ từ năm học 2019-2020 đến năm học "
                 "2020-2021: 15 tập thể, 22 cá nhân"]:
        doc.add_paragraph(text)
    doc.save(tmp_path / "qd.docx")
    records = [r for r in extract(read(tmp_path / "qd.docx")) if r.kind != "award"]
    assert facts(records) == [("achievement", "bang_khen_ubnd", "=", 15, None),
                              ("achievement", "bang_khen_ubnd", "=", 22, None)]


def test_each_count_takes_its_own_year_and_a_deed_in_a_count_phrase_governs_nothing(tmp_path):
    records = report(tmp_path, "Năm 2024 đạt 92% Lao động tiên tiến và phấn đấu năm 2025 đạt 95% Lao động tiên tiến.",
                     "Qua 5 năm, có 12.500 lượt nữ đoàn viên đăng ký, 11.870 lượt đạt danh hiệu \"Giỏi việc nước, "
                     "đảm việc nhà\".")
    assert [(r.kind, r.metric, r.value, r.year) for r in records] == [
        ("achievement", "lao_dong_tien_tien", 92, 2024), ("target", "lao_dong_tien_tien", 95, 2025),
        ("achievement", "gioi_viec_nuoc_dam_viec_nha", 12500, 2024),
        ("achievement", "gioi_viec_nuoc_dam_viec_nha", 11870, 2024)]


def test_grades_below_vung_manh_have_no_code(tmp_path):
    records = report(tmp_path, "Năm 2023 có 42 CĐCS vững mạnh, 3 CĐCS khá, 1 CĐCS trung bình.")
    assert facts(records) == [("achievement", "cdcs_vung_manh", "=", 42, None)]


def test_a_number_restated_in_words_keeps_its_phrase(tmp_path):
    records = report(tmp_path, "Năm 2024, có 05 (năm) đồng chí đạt Chiến sĩ thi đua cơ sở; 12 (mười hai) sáng "
                               "kiến được công nhận.")
    assert facts(records) == [("achievement", "chien_si_thi_dua_co_so", "=", 5, None),
                              ("achievement", "sang_kien", "=", 12, None)]


def test_a_count_keeps_the_title_before_it_when_the_next_title_follows(tmp_path):
    records = report(tmp_path, "Điều 1. Công nhận danh hiệu “Tập thể lao động xuất sắc” năm 2025 cho 03 tập thể và "
                               "danh hiệu “Tập thể lao động tiên tiến” năm 2025 cho 04 tập thể thuộc Sở.")
    assert [(r.metric, r.value) for r in records] == [
        ("tap_the_lao_dong_xuat_sac", 3), ("tap_the_lao_dong_tien_tien", 4)]


def test_a_flag_named_by_its_title_is_a_co_thi_dua(tmp_path):
    records = report(tmp_path, "1. Tặng danh hiệu thi đua cho các tập thể có thành tích xuất sắc:",
                     "- Cờ “Đơn vị thi đua xuất sắc”: 04 tập thể;",
                     "- Danh hiệu “Tập thể lao động xuất sắc”: 14 tập thể;",
                     "Trường có đơn vị thi đua xuất sắc là 3 tổ chuyên môn.")
    assert [(r.award, r.value) for r in records] == [("co_thi_dua", 4), ("tap_the_lao_dong_xuat_sac", 14)]


def test_the_filing_line_of_the_recipients_block_gives_no_count(tmp_path):
    # (a scan lost the `Nơi nhận:` line above it)
    report(tmp_path, "Năm 2024, đơn vị có 12 sáng kiến được công nhận.", "- Như trên;", "- Lưu: VT, BTĐ, 4 bản.")
    records = extract(read(tmp_path / "bao-cao.docx"))  # `khac` records too
    assert [(r.metric, r.value) for r in records] == [("sang_kien", 12)]


def test_a_total_row_standing_alone_says_not_what_it_counts(tmp_path):
    report(tmp_path, "Năm 2024, đơn vị có 12 sáng kiến được công nhận.", "Tổng cộng\t12\t2", "Cộng: 14")
    records = extract(read(tmp_path / "bao-cao.docx"))
    assert [(r.metric, r.value) for r in records] == [("sang_kien", 12)]


def test_each_count_takes_the_award_given_just_before_it(tmp_path):
    records = report(tmp_path, "Điều 1. Công nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2025 cho 05 cá nhân và tặng "
                               "Giấy khen của Tổng giám đốc cho 04 cá nhân đã có thành tích xuất sắc.")
    assert [(r.award, r.value) for r in records] == [("chien_si_thi_dua", 5), ("giay_khen", 4)]


def test_the_merits_a_decision_cites_are_no_figures(tmp_path):
    report(tmp_path, "Điều 1. Tặng Giấy khen cho Thiếu tá Hà Văn Pắn, Đội trưởng Đội Cảnh sát điều tra, đã có thành "
                     "tích xuất sắc trong đấu tranh, triệt phá chuyên án, bắt giữ 03 đối tượng.",
           "Điều 2. Kèm theo Giấy khen được thưởng 0,3 lần mức lương cơ sở (702.000 đồng).", title="QUYẾT ĐỊNH")
    records = extract(read(tmp_path / "bao-cao.docx"))
    assert [(r.kind, r.subject, r.award) for r in records] == [("award", "Hà Văn Pắn", "giay_khen")]

"""Import templates as reward software hands them out: codes named by the workbook's own
catalog, instruction sheets and lines left out, classification columns read as markers."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from toolkit.extract import extract
from toolkit.readers import read

CATALOG = [("1650360491", "Bằng khen"), ("1650360499", "Giấy khen"), ("1650360184", "Huân chương Lao động"),
           ("1647933380", "Chiến sĩ thi đua cơ sở"), ("1647933042", "Lao động tiên tiến")]


def coded_workbook(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "DANHSACH"
    ws.append(["DANH SÁCH ĐỐI TƯỢNG ĐỀ NGHỊ KHEN THƯỞNG"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Chức vụ", "Tên đơn vị công tác", "Mã phân loại cán bộ",
               "Mã hình thức khen thưởng", "Mã danh hiệu thi đua (nếu có)"])
    for row in rows:
        ws.append(row)
    cat = wb.create_sheet("DANHMUC")
    cat.append(["STT", "Mã số", "Hình thức khen thưởng", None, "STT", "Mã phân loại cán bộ", "Phân loại cán bộ"])
    kinds = [("1660638930", "Các cấp lãnh đạo từ phó phòng trở lên"), ("1660638976", "Người trực tiếp công tác"),
             ("1660638843", "Lãnh đạo cấp vụ, sở, ngành")]
    for i, (code, name) in enumerate(CATALOG, start=1):
        kind = kinds[i - 1] if i <= len(kinds) else (None, None)
        cat.append([i, code, name, None, i if kind[0] else None, *kind])
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["STT", "Họ và tên", "Chức vụ", "Hình thức khen thưởng"])
    guide.append([1, "Nguyễn Anh Đại", "Giám đốc", "Bằng khen"])
    guide.append([2, "Nguyễn Anh Ba", "Phó Giám đốc", "Bằng khen"])
    wb.save(path)
    return path


def test_codes_are_read_through_the_catalog_sheet_of_the_same_workbook(tmp_path):
    path = coded_workbook(tmp_path / "canhan.xlsx", [
        [1, "Nguyễn Văn An", "NAM", "Trưởng phòng", "Sở Nội vụ", "1660638930", None, "1647933380"],
        [2, "Phạm Thị Dung", "NU", "Phó Trưởng phòng", "Sở Nội vụ", "1660638930", "1650360491", "1647933380"],
        [3, "Đặng Quốc Giang", "NAM", "Giám đốc", "Sở Nội vụ", "1660638843", "1650360184", None],
    ])

    records = extract(read(path))

    assert [(r.subject, r.subject_type, r.metric, r.award, r.label) for r in records] == [
        ("Nguyễn Văn An", "individual", "chien_si_thi_dua_co_so", "chien_si_thi_dua", "Chiến sĩ thi đua cơ sở"),
        ("Phạm Thị Dung", "individual", "bang_khen", "bang_khen", "Bằng khen"),
        ("Phạm Thị Dung", "individual", "chien_si_thi_dua_co_so", "chien_si_thi_dua", "Chiến sĩ thi đua cơ sở"),
        ("Đặng Quốc Giang", "individual", "huan_chuong_lao_dong", "huan_chuong_lao_dong", "Huân chương Lao động"),
    ]
    assert all(r.source.sheet == "DANHSACH" for r in records)  # not the catalog, not the examples


def test_an_empty_template_gives_nothing_and_says_its_guide_is_not_data(tmp_path):
    path = coded_workbook(tmp_path / "mau.xlsx", [])
    contents = read(path)
    assert extract(contents) == []
    from toolkit.extract.workbook import prepare_workbook
    assert any("Hướng dẫn" in note for note in prepare_workbook(contents).notes)


def test_classification_columns_mark_each_row_and_give_no_records(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "DANHSACH"
    ws.append(["STT", "Phân loại khen thưởng", "Tên tập thể/cá nhân/hộ gia đình", "Chức vụ", "Đơn vị công tác",
               "Danh hiệu thi đua/Hình thức khen thưởng", "Phân loại đối tượng", "Lĩnh vực hoạt động"])
    ws.append([1, "TAPTHE", "Công an tỉnh Quảng Bình", None, None, "Bằng khen", "Cơ quan hành chính", "An ninh"])
    ws.append([2, "CANHAN", "Ông Trương Quang Sáng", "Phó Giám đốc", "Sở Tư pháp", "Bằng khen", "Lãnh đạo", "Tư pháp"])
    ws.append([3, "Khen thưởng hộ gia đình", "Gia đình ông Hoàng Văn Sơn", None, None,
               "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", "Hộ gia đình", "Nông nghiệp"])
    wb.save(tmp_path / "de-nghi.xlsx")

    records = extract(read(tmp_path / "de-nghi.xlsx"))

    assert [(r.subject, r.subject_type, r.position, r.award, r.issuer) for r in records] == [
        ("Công an tỉnh Quảng Bình", "collective", None, "bang_khen", None),
        ("Trương Quang Sáng", "individual", "Phó Giám đốc", "bang_khen", None),
        ("Gia đình ông Hoàng Văn Sơn", "collective", None, "giay_khen", "ubnd_huyen"),
    ]


def test_an_instruction_above_the_header_gives_no_count(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Thành tích"
    ws.append(["MẪU NHẬP THÀNH TÍCH"])
    ws.append(["Mỗi dòng là một thành tích. CCCD bắt buộc đúng 12 chữ số và được giữ dạng text."])
    ws.append([])
    ws.append(["CCCD", "Loại thành tích", "Cấp / hạng", "Tên thành tích", "Số quyết định"])
    wb.save(tmp_path / "mau.xlsx")
    assert extract(read(tmp_path / "mau.xlsx")) == []


def test_a_file_with_tables_but_no_records_is_never_silent(tmp_path):
    from toolkit.parse import parse_file

    path = coded_workbook(tmp_path / "mau-trong.xlsx", [])
    records, status = parse_file(path)
    assert records == [] and status.status == "ok"
    assert any("không đọc được bản ghi nào" in note and "'DANHSACH'" in note for note in status.notes)


def test_a_proposal_list_of_people_or_collectives_tells_each_row_by_its_name(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    ws.append(["TT", "Họ và tên (hoặc tên tập thể)", "Chức vụ, đơn vị công tác", "Hình thức đề nghị khen thưởng"])
    ws.append([1, "Phòng Kế toán - Tài vụ", None, "Giấy khen"])
    ws.append([2, "Nguyễn Thị Hoa", "Kế toán trưởng", "Giấy khen"])
    ws.append([3, "Bà Lê Thị Mai", "Chuyên viên", "Giấy khen"])
    wb.save(tmp_path / "de-nghi.xlsx")
    records = extract(read(tmp_path / "de-nghi.xlsx"))
    assert [(r.subject, r.subject_type, r.award) for r in records] == [
        ("Phòng Kế toán - Tài vụ", "collective", "giay_khen"),
        ("Nguyễn Thị Hoa", "individual", "giay_khen"),
        ("Lê Thị Mai", "individual", "giay_khen")]


def test_a_column_per_award_form_marked_x_gives_each_marked_award(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Chức vụ", "Lao động tiên tiến", "Bằng khen", "Giấy khen"])
    ws.append([1, "Nguyễn Văn An", "Giáo viên", "x", "x", None])
    ws.append([2, "Trần Thị Bình", "Giáo viên", "x", None, "x"])
    wb.save(tmp_path / "dk.xlsx")
    records = extract(read(tmp_path / "dk.xlsx"))
    assert [(r.subject, r.metric, r.award) for r in records] == [
        ("Nguyễn Văn An", "lao_dong_tien_tien", "lao_dong_tien_tien"), ("Nguyễn Văn An", "bang_khen", "bang_khen"),
        ("Trần Thị Bình", "lao_dong_tien_tien", "lao_dong_tien_tien"), ("Trần Thị Bình", "giay_khen", "giay_khen")]


def test_award_columns_under_a_merged_khen_thuong_header(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Khen thưởng", None])
    ws.append([None, None, "Bằng khen", "Giấy khen"])
    ws.merge_cells("C1:D1")
    ws.append([1, "Nguyễn Văn An", None, "x"])
    ws.append([2, "Trần Thị Bình", "x", None])
    wb.save(tmp_path / "kt.xlsx")
    records = extract(read(tmp_path / "kt.xlsx"))
    assert [(r.subject, r.metric, r.award) for r in records] == [
        ("Nguyễn Văn An", "giay_khen", "giay_khen"), ("Trần Thị Bình", "bang_khen", "bang_khen")]


def test_rows_marked_as_examples_are_not_data(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký", "Ghi chú"])
    ws.append([1, "Nguyễn Văn Mẫu", "Giáo viên", "Lao động tiên tiến", "Ví dụ"])
    ws.append([2, "Trần Thị Bình", "Giáo viên", "Lao động tiên tiến", None])
    wb.save(tmp_path / "dk.xlsx")
    assert [r.subject for r in extract(read(tmp_path / "dk.xlsx"))] == ["Trần Thị Bình"]


def test_an_award_written_once_in_a_cell_merged_over_its_rows_holds_for_each(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC 2025 - 2026"])
    ws.append(["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Hình thức đề nghị", "Số tiền"])
    ws.append([1, "Bà Lê Thị Thu Hiền", "Giáo viên Trường Mầm non Hoa Hồng", "Giấy khen của Chủ tịch UBND huyện", 500000])
    ws.append([2, "Ông Nguyễn Tiến Lợi", "Giáo viên Trường THCS Phan Bội Châu", None, None])
    ws.append([3, "Bà Đinh Thị Hồng Gấm", "Hiệu trưởng Trường Tiểu học Lê Văn Tám",
               "Bằng khen của Chủ tịch UBND tỉnh", None])
    ws.merge_cells("D3:D4")
    ws.merge_cells("E3:E4")  # a sum of money for the two: counted once
    wb.save(tmp_path / "de-nghi.xlsx")

    records = extract(read(tmp_path / "de-nghi.xlsx"))

    assert [(r.subject, r.award, r.issuer) for r in records] == [
        ("Lê Thị Thu Hiền", "giay_khen", "ubnd_huyen"), ("Nguyễn Tiến Lợi", "giay_khen", "ubnd_huyen"),
        ("Đinh Thị Hồng Gấm", "bang_khen", "ubnd")]


def test_the_award_named_only_in_the_title_of_each_sheet(tmp_path):
    wb = Workbook()
    for title, header, rows in [
            ("DANH SÁCH TẬP THỂ ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC CÔNG TY NĂM 2025",
             ["STT", "Tên tập thể", "Thuộc đơn vị", "Ghi chú"],
             [[1, "Tổ Kế toán - Tài vụ", "Phòng Tài chính", None], [2, "Đội Sửa chữa điện", "Phân xưởng", None]]),
            ("DANH SÁCH CÁ NHÂN ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC CÔNG TY NĂM 2025",
             ["STT", "Họ và tên", "Chức vụ", "Bộ phận", "Ghi chú"],
             [[1, "Lò Văn Páo", "Công nhân vận hành", "Phân xưởng", None]])]:
        ws = wb.create_sheet(title.split()[2].title())
        ws.append(["CÔNG TY CỔ PHẦN THỦY ĐIỆN NẬM MU"])
        ws.append([])
        ws.append([title])
        ws.append([])
        ws.append(header)
        for row in rows:
            ws.append(row)
    del wb["Sheet"]
    wb.save(tmp_path / "de-nghi.xlsx")

    records = extract(read(tmp_path / "de-nghi.xlsx"))

    assert [(r.subject, r.subject_type, r.award) for r in records] == [
        ("Tổ Kế toán - Tài vụ", "collective", "giay_khen"), ("Đội Sửa chữa điện", "collective", "giay_khen"),
        ("Lò Văn Páo", "individual", "giay_khen")]


def test_a_collective_listed_under_ho_ten_is_still_a_collective(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN"])
    ws.append(["STT", "Họ tên", "Chức vụ", "Đơn vị", "Hình thức đề nghị"])
    ws.append([1, "Đoàn Văn Minh", "Công nhân", "Phân xưởng Lò nung", "Giấy khen"])
    ws.append([2, "Tổ Công đoàn Phân xưởng Lò nung", None, "Công ty Gạch ngói Đồng Nai", "Giấy khen"])
    wb.save(tmp_path / "de-nghi.xlsx")

    records = extract(read(tmp_path / "de-nghi.xlsx"))

    assert [(r.subject, r.subject_type) for r in records] == [
        ("Đoàn Văn Minh", "individual"), ("Tổ Công đoàn Phân xưởng Lò nung", "collective")]


def test_the_total_row_of_a_registration_plan_is_what_the_unit_registers(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row in [["TRƯỜNG TIỂU HỌC HÒA LỢI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2026"],
                ["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký", None],
                [None, None, None, "LĐTT", "CSTĐCS"],
                [1, "Thạch Thị Sa Rươne", "Hiệu trưởng", "x", "x"],
                [2, "Lê Văn Út", "Giáo viên", "x", None],
                [3, "Kiên Thị Mỹ", "Kế toán", "x", None],
                [None, "Tổng cộng", None, 3, 1]]:
        ws.append(row)
    ws.merge_cells("D3:E3")
    wb.save(tmp_path / "dang-ky.xlsx")

    records = extract(read(tmp_path / "dang-ky.xlsx"))

    assert len([r for r in records if r.kind == "registration"]) == 4  # each person still, once a title
    assert [(r.kind, r.metric, r.value, r.subject) for r in records if r.kind != "registration"] == [
        ("target", "lao_dong_tien_tien", 3, "TRƯỜNG TIỂU HỌC HÒA LỢI"),
        ("target", "chien_si_thi_dua_co_so", 1, "TRƯỜNG TIỂU HỌC HÒA LỢI")]


def test_award_columns_are_known_by_the_words_offices_head_them_with(tmp_path):
    for header in ["Đề nghị hình thức khen thưởng", "Loại hình khen thưởng", "Mức độ khen thưởng"]:
        wb = Workbook()
        ws = wb.active
        for row in [["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"], ["STT", "Họ và tên", "Chức vụ, đơn vị", header],
                    [1, "Bà Nguyễn Thị Hoa", "Giáo viên Trường THCS Lê Lợi", "Bằng khen của Chủ tịch UBND tỉnh"],
                    [2, "Ông Trần Văn Nam", "Hiệu trưởng Trường TH Kim Đồng", "Giấy khen"]]:
            ws.append(row)
        wb.save(tmp_path / "de-nghi.xlsx")

        records = extract(read(tmp_path / "de-nghi.xlsx"))

        assert [(r.subject, r.award) for r in records] == [
            ("Nguyễn Thị Hoa", "bang_khen"), ("Trần Văn Nam", "giay_khen")], header


def test_a_catalog_that_says_more_of_each_code_is_still_a_catalog(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "CaNhan"
    for row in [["DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"], ["STT", "Họ và tên", "Chức vụ", "Mã hình thức"],
                [1, "Nguyễn Thị Kim Chi", "Tổ trưởng", "BK01"], [2, "Trần Văn Bé Tư", "Ủy viên BCH", "GK02"]]:
        ws.append(row)
    cat = wb.create_sheet("DM_HinhThuc")
    for row in [["Mã", "Tên hình thức khen thưởng", "Cấp quyết định"],
                ["BK01", "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh"],
                ["GK02", "Giấy khen của Ban Chấp hành Công đoàn các Khu công nghiệp", "Công đoàn các KCN"],
                ["GK03", "Giấy khen của Tổng Giám đốc Công ty", "Tổng Giám đốc Công ty"]]:
        cat.append(row)
    wb.save(tmp_path / "de-nghi.xlsx")

    records = extract(read(tmp_path / "de-nghi.xlsx"))

    assert [(r.subject, r.award) for r in records] == [("Nguyễn Thị Kim Chi", "bang_khen"), ("Trần Văn Bé Tư", "giay_khen")]


def test_the_money_under_a_two_level_khen_thuong_header_is_no_award(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row in [["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"], ["TT", "Tên tập thể, cá nhân", "Khen thưởng", None],
                [None, None, "Hình thức", "Số tiền (đồng)"],
                [1, "Công đoàn Công ty TNHH Hyundai Thành Công", "Cờ thi đua", "3.000.000"],
                [2, "Ông Đinh Văn Thắng, Chủ tịch Công đoàn xã Gia Sinh", "Bằng khen", "1.000.000"]]:
        ws.append(row)
    ws.merge_cells("C2:D2")
    wb.save(tmp_path / "ds.xlsx")

    records = extract(read(tmp_path / "ds.xlsx"))

    assert [(r.subject, r.award) for r in records] == [("Công đoàn Công ty TNHH Hyundai Thành Công", "co_thi_dua"),
                                                      ("Đinh Văn Thắng", "bang_khen")]


def test_a_list_of_collectives_and_persons_says_on_each_row_which_it_is(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row in [["BẢNG TỔNG HỢP DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CẤP NHÀ NƯỚC NĂM 2025"],
                ["TT", "Tên tập thể / Họ và tên cá nhân", "Chức vụ", "HCLĐ hạng Ba", "CSTĐ toàn quốc"],
                [1, "Công ty Lương thực Sông Hậu", None, "x", None],
                [2, "Võ Thị Kim Phượng", "Kế toán trưởng", "x", None],  # Phượng folds like phường
                [3, "Danh Út", "Tổ trưởng sản xuất", None, "x"]]:  # a Khmer family name
        ws.append(row)
    wb.save(tmp_path / "de-nghi.xlsx")

    records = extract(read(tmp_path / "de-nghi.xlsx"))

    assert [(r.subject, r.subject_type, r.metric) for r in records] == [
        ("Công ty Lương thực Sông Hậu", "collective", "huan_chuong_lao_dong"),
        ("Võ Thị Kim Phượng", "individual", "huan_chuong_lao_dong"),
        ("Danh Út", "individual", "chien_si_thi_dua_toan_quoc")]

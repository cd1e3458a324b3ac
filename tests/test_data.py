"""Loading workbooks: headers by slug, typed values, and errors that say where."""
from datetime import date

import pytest

from toolkit.generate.catalog import BUILTIN
from toolkit.generate.documents import check_workbook, iter_documents, parse_group_by, parse_where
from toolkit.generate.workbook import open_workbook
from toolkit.errors import ThiduaError

from conftest import make_workbook


def test_headers_match_by_slug_and_values_are_typed(tmp_path):
    path = make_workbook(tmp_path / "d.xlsx", {"Ngày ký": "05/02/2025", "nam": 2025.0, "Đơn vị": "Sở  Tài chính"},
                         {"Cá nhân": [["STT", "HỌ VÀ TÊN", "Chức vụ", "Ngày sinh"],
                                      [1, "Nguyễn Văn An", "Chuyên viên", date(1990, 3, 1)],
                                      [None, None, None, None],
                                      [2, "Lê Thị Hoa", None, "29/06/1985"]]})
    wb = open_workbook(path)
    assert wb.info == {"ngay_ky": date(2025, 2, 5), "nam": 2025, "don_vi": "Sở  Tài chính"}
    assert list(wb.sheets) == ["ca_nhan"]
    assert wb.table("ca_nhan") == [
        {"stt": 1, "ho_va_ten": "Nguyễn Văn An", "chuc_vu": "Chuyên viên", "ngay_sinh": date(1990, 3, 1)},
        {"stt": 2, "ho_va_ten": "Lê Thị Hoa", "chuc_vu": None, "ngay_sinh": date(1985, 6, 29)},
    ]


def test_csv_is_one_sheet_named_after_the_file(tmp_path):
    path = tmp_path / "Danh sách.csv"
    path.write_text("Họ và tên;Số lượng\nNguyễn Văn An;1.250\n", encoding="utf-8-sig")
    wb = open_workbook(path)
    assert wb.table("danh_sach") == [{"ho_va_ten": "Nguyễn Văn An", "so_luong": 1250}]


def test_nfd_text_is_normalized(tmp_path):
    import unicodedata
    nfd = unicodedata.normalize("NFD", "Công đoàn cơ sở")
    wb = open_workbook(make_workbook(tmp_path / "d.xlsx", {"cong_doan": nfd}))
    assert wb.info["cong_doan"] == unicodedata.normalize("NFC", nfd)


@pytest.mark.parametrize("value, expected", [
    ("32/13/2019", "32/13/2019"),
    ("mai", "mai"),
])
def test_bad_date_names_file_sheet_row_and_column(tmp_path, value, expected):
    path = make_workbook(tmp_path / "d.xlsx", {}, {"ca_nhan": [["Họ và tên", "Ngày vào"], ["An", value]]})
    wb = open_workbook(path)
    with pytest.raises(ThiduaError) as err:
        wb.table("ca_nhan")
    message = str(err.value)
    assert "d.xlsx" in message and "ca_nhan" in message and "dòng 2" in message and "Ngày vào" in message
    assert expected in message


def test_text_in_a_number_column_is_named(tmp_path):
    path = make_workbook(tmp_path / "d.xlsx", {}, {"khen_thuong": [["Hình thức", "Số lượng"], ["Giấy khen", "mười"]]})
    with pytest.raises(ThiduaError) as err:
        open_workbook(path).table("khen_thuong")
    assert "mười" in str(err.value) and "dòng 2" in str(err.value) and "Số lượng" in str(err.value)


def test_bad_date_in_thong_tin_is_named(tmp_path):
    with pytest.raises(ThiduaError) as err:
        open_workbook(make_workbook(tmp_path / "d.xlsx", {"ngay_ky": "31/02/2025"}))
    assert "thong_tin" in str(err.value) and "dòng 2" in str(err.value)


def test_missing_sheet_suggests_the_closest(tmp_path):
    path = make_workbook(tmp_path / "khoi.xlsx", {"co_quan_ban_hanh": "X", "dia_danh": "An Giang", "nam": 2025,
                                                   "khoi": "Khối 1"},
                         {"thanh_vien": [["Tên CĐCS", "Chủ tịch"], ["A", "B"]],
                          "Noi dung thi dua": [["Nội dung"], ["x"]],
                          "chi tieuu": [["Nội dung"], ["y"]]})
    problems = check_workbook(open_workbook(path, BUILTIN["giao-uoc-khoi"]), BUILTIN["giao-uoc-khoi"])
    assert len(problems) == 1
    message = str(problems[0])
    assert "khoi.xlsx" in message and "'chi_tieu'" in message and "chi tieuu" in message


def test_header_typo_is_named_with_its_cell(tmp_path):
    path = make_workbook(tmp_path / "dk.xlsx", {"co_quan_ban_hanh": "X", "dia_danh": "Y", "nam": 2025,
                                                 "cong_doan": "Z", "chu_tich_ho_ten": "W"},
                         {"ca_nhan": [["STT", "Họ và tê", "Chức vụ"], [1, "An", "CV"]]})
    problems = check_workbook(open_workbook(path), BUILTIN["dang-ky-thi-dua"])
    assert [str(p) for p in problems] == [
        "tệp dk.xlsx, trang tính 'ca_nhan': thiếu cột 'ho_va_ten' (Họ và tên). "
        "Cột 'Họ và tê' ở ô B1 có phải viết nhầm? Hãy sửa tiêu đề cột."]


def test_missing_required_field_is_named(tmp_path):
    path = make_workbook(tmp_path / "dk.xlsx", {"co_quan_ban_hanh": "X", "nam": 2025, "cong_doan": "Z",
                                                 "chu_tich_ho_ten": "W"},
                         {"ca_nhan": [["Họ và tên"], ["An"]]})
    problems = check_workbook(open_workbook(path), BUILTIN["dang-ky-thi-dua"])
    assert any("dia_danh" in str(p) and "thong_tin" in str(p) for p in problems)


def test_group_by_filters_other_sheets_with_the_same_column(tmp_path):
    path = make_workbook(tmp_path / "d.xlsx", {"nam": 2025},
                         {"ca_nhan": [["Họ và tên", "Đơn vị"], ["An", "Phòng A"], ["Bình", "Phòng B"], ["Chi", "phòng a"]],
                          "tap_the": [["Tên tập thể", "Đơn vị"], ["Phòng A", "Phòng A"], ["Phòng B", "Phòng B"]]})
    docs = list(iter_documents(open_workbook(path), group_by=parse_group_by("ca_nhan.don_vi")))
    assert [d.key for d in docs] == ["Phòng A", "Phòng B"]
    assert [r["ho_va_ten"] for r in docs[0].context["ca_nhan"]] == ["An", "Chi"]
    assert [r["ten_tap_the"] for r in docs[0].context["tap_the"]] == ["Phòng A"]
    assert docs[1].context["don_vi"] == "Phòng B"


def test_each_row_overrides_thong_tin_and_where_filters(tmp_path):
    path = make_workbook(tmp_path / "d.xlsx", {"nam": 2025, "don_vi": "chung"},
                         {"don_vi": [["Đơn vị", "Chủ tịch"], ["Sở Tài chính", "An"], ["Sở Y tế", "Bình"]]})
    docs = list(iter_documents(open_workbook(path), each="don_vi", where=parse_where(["chu_tich=binh"])))
    assert [(d.key, d.context["don_vi"], d.context["nam"]) for d in docs] == [("Sở Y tế", "Sở Y tế", 2025)]


def test_an_empty_required_cell_is_named_before_anything_is_signed(tmp_path):
    path = make_workbook(tmp_path / "khoi.xlsx",
                         {"co_quan_ban_hanh": "Khối thi đua số 3", "dia_danh": "An Giang", "nam": 2025,
                          "khoi": "Khối thi đua số 3"},
                         {"thanh_vien": [["Tên CĐCS", "Vai trò", "Chủ tịch"],
                                         ["CĐCS Sở Tài chính", "Khối trưởng", "Lê Thị Mỹ Hạnh"],
                                         ["CĐCS Sở Nội vụ", "", None]],
                          "noi_dung_thi_dua": [["Nội dung"], ["Thi đua hoàn thành nhiệm vụ"]],
                          "chi_tieu": [["Nội dung"], ["Không có cán bộ vi phạm kỷ luật"]]})
    spec = BUILTIN["giao-uoc-khoi"]
    [problem] = check_workbook(open_workbook(path, spec), spec)
    assert (problem.location.sheet, problem.location.row) == ("thanh_vien", 3)
    assert "ô C3 (Chủ tịch) đang trống" in problem.message


def test_template_check_reads_loops_by_scope_and_knows_computed_columns(tmp_path):
    from toolkit.generate import templates
    from conftest import SAMPLES

    for name in ("dang-ky-thi-dua", "bao-cao-tong-ket", "bang-cham-diem"):
        compiled, spec = templates.load(name)
        # `r` of the people's loop is not the `r` of the collectives' loop; `{% if don_vi %}`
        # is optional; the report's Đánh giá and the sheet's subtotals are computed.
        assert templates.check(compiled, spec, open_workbook(SAMPLES / f"{name}.xlsx", spec)) == [], name

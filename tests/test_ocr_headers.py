"""Headers of scanned tables read through OCR's slips: a lost or swapped letter at a cell's
edge still names the column."""
import pytest

from toolkit.extract import extract
from toolkit.extract.ocr_headers import closest_header
from toolkit.readers.blocks import Cell, ReadFile, Table


@pytest.mark.parametrize("read_as, header", [
    ("1ọ và tên", "Họ và tên"), ("hức vụ", "Chức vụ"), ("3TT", "STT"), (")anh hiệu đăng ký", "Danh hiệu đăng ký"),
    ("Ho và tẻn", None),  # folding reads it already: left as it is
    ("Nguyễn Văn An", None), ("Giáo viên", None), ("Tổ Toán", None),
])
def test_a_header_with_a_letter_lost_is_read_as_the_header(read_as, header):
    assert closest_header(read_as) == header


def test_a_scanned_list_whose_headers_lost_letters_still_gives_its_rows(tmp_path):
    rows = [["3TT", "1ọ và tên", "hức vụ", ")anh hiệu đăng ký"],
            ["1", "Nguyễn Văn An", "Giáo viên", "Lao động tiên tiến"],
            ["2", "Trần Thị Bình", "Giáo viên", "Chiến sĩ thi đua cơ sở"]]
    table = Table([[Cell(t) for t in row] for row in rows], page=1, ocr=True)
    records = extract(ReadFile(tmp_path / "quet.pdf", "pdf", blocks=[table]))
    assert [(r.subject, r.position, r.metric) for r in records] == [
        ("Nguyễn Văn An", "Giáo viên", "lao_dong_tien_tien"), ("Trần Thị Bình", "Giáo viên", "chien_si_thi_dua_co_so")]


def test_a_table_that_is_not_scanned_is_read_as_written(tmp_path):
    rows = [["3TT", "1ọ và tên", "hức vụ", ")anh hiệu đăng ký"], ["1", "Nguyễn Văn An", "Giáo viên", "Lao động tiên tiến"]]
    table = Table([[Cell(t) for t in row] for row in rows], page=1, ocr=False)
    assert [r for r in extract(ReadFile(tmp_path / "a.pdf", "pdf", blocks=[table])) if r.kind == "registration"] == []


def test_roman_numerals_and_the_total_row_of_a_scanned_scoring_sheet_read_as_printed(tmp_path):
    rows = [["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm"],
            ["I", "Công tác đại diện, chăm lo", "40", "37"],
            ["H", "Xây dựng tổ chức công đoàn", "40", "38,5"],  # II: its two strokes read as H
            ["IH", "Điểm thưởng", "5", "5"],
            ["TỔỐNG CỘNG", "", "85", "80,5"]]
    table = Table([[Cell(t) for t in row] for row in rows], page=1, ocr=True)

    records = extract(ReadFile(tmp_path / "cham-diem-quet.pdf", "pdf", blocks=[table]))

    assert [(r.label, r.value) for r in records if r.kind == "score"] == [
        ("I Công tác đại diện, chăm lo", 37), ("II Xây dựng tổ chức công đoàn", 38.5), ("III Điểm thưởng", 5),
        ("TỔNG CỘNG", 80.5)]

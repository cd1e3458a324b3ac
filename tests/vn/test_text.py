import unicodedata

import pytest
from hypothesis import given, strategies as st

from toolkit.vn import closest, fold, nfc, slug, upper


@pytest.mark.parametrize("text, expected", [
    ("Lao Động  Tiên Tiến", "lao dong tien tien"),
    ("  ĐOÀN VIÊN\tCÔNG ĐOÀN\n", "doan vien cong doan"),
    ("Đắk Lắk", "dak lak"),
    ("Chiến sỹ thi đua", "chien sy thi dua"),
    ("ho va ten", "ho va ten"),
    ("", ""),
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_reads_decomposed_text_like_composed():
    assert fold(unicodedata.normalize("NFD", "Người lao động Ưu tú")) == "nguoi lao dong uu tu"


@pytest.mark.parametrize("heading, expected", [
    ("Họ và tên", "ho_va_ten"),
    ("HỌ VÀ TÊN", "ho_va_ten"),
    ("ho_va_ten", "ho_va_ten"),
    ("Tên CĐCS", "ten_cdcs"),
    ("Mã chỉ tiêu", "ma_chi_tieu"),
    ("Điểm tự chấm (*)", "diem_tu_cham"),
    ("  Số đoàn viên / NLĐ ", "so_doan_vien_nld"),
])
def test_slug(heading, expected):
    assert slug(heading) == expected


@pytest.mark.parametrize("text, expected", [
    ("Công đoàn cơ sở", "CÔNG ĐOÀN CƠ SỞ"),
    ("liên đoàn lao động tỉnh an giang", "LIÊN ĐOÀN LAO ĐỘNG TỈNH AN GIANG"),
    ("độc lập - tự do - hạnh phúc", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),
])
def test_upper(text, expected):
    assert upper(text) == expected
    assert upper(unicodedata.normalize("NFD", text)) == expected


def test_nfc_composes_text_pasted_from_pdf():
    assert nfc(unicodedata.normalize("NFD", "Lao động tiên tiến")) == "Lao động tiên tiến"


@pytest.mark.parametrize("name, candidates, expected", [
    ("ho va ten", ["Chức vụ", "Họ và tên"], "Họ và tên"),
    ("Ho ten", ["Họ và tên", "Đơn vị"], "Họ và tên"),
    ("ca nhan", ["ca_nhan", "tap_the"], "ca_nhan"),
    ("danh hieu", ["Họ và tên", "Đơn vị"], None),
    ("x", [], None),
])
def test_closest(name, candidates, expected):
    assert closest(name, candidates) == expected


@given(st.text())
def test_slug_is_a_plain_identifier(text):
    key = slug(text)
    assert key == slug(key)
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789_" for c in key)
    assert not key.startswith("_") and not key.endswith("_")

import pytest

from toolkit.vn import ABBREVIATIONS, abbreviate, expand_abbreviations, nfc


@pytest.mark.parametrize("text, expected", [
    ("BCH CĐCS", "ban chấp hành công đoàn cơ sở"),
    ("Giấy khen của BCH CĐCS", "Giấy khen của ban chấp hành công đoàn cơ sở"),
    ("Các CĐCSTV và CĐBP", "Các công đoàn cơ sở thành viên và công đoàn bộ phận"),
    ("100% CBCCVCLĐ đạt LĐTT", "100% cán bộ, công chức, viên chức, lao động đạt lao động tiên tiến"),
    ("Đã họp. CĐCS thống nhất.", "Đã họp. Công đoàn cơ sở thống nhất."),
    ("TM. BCH", "thay mặt ban chấp hành"),   # the dot of TM. ends no sentence
    ("Bằng khen của TLĐ", "Bằng khen của Tổng Liên đoàn"),
    ("V/v đăng ký thi đua", "về việc đăng ký thi đua"),
    ("Đ/c Lan", "Đồng chí Lan"),
    ("cđcs", "cđcs"),                        # case-sensitive on the abbreviation
    ("UBKTCĐ", "UBKTCĐ"),                    # whole words only
])
def test_expand_abbreviations(text, expected):
    assert expand_abbreviations(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ban Chấp hành Công đoàn cơ sở", "BCH CĐCS"),
    ("BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ", "BCH CĐCS"),
    ("Liên đoàn Lao động tỉnh An Giang", "LĐLĐ tỉnh An Giang"),
    ("Tổng Liên đoàn Lao động Việt Nam", "TLĐ"),
    ("cán bộ, công chức, viên chức, lao động", "CBCCVCLĐ"),
    ("Công đoàn cơ sở thành viên", "CĐCSTV"),
    ("Công đoàn Viên chức Việt Nam", "CĐVC Việt Nam"),
    ("công đoànviên", "công đoànviên"),  # whole words only
])
def test_abbreviate(text, expected):
    assert abbreviate(text) == expected


@pytest.mark.parametrize("short", sorted(ABBREVIATIONS))
def test_every_abbreviation_round_trips(short):
    assert abbreviate(expand_abbreviations(f"của {short}")) == f"của {short}"


def test_the_table_is_nfc():
    assert all(nfc(k) == k and nfc(v) == v for k, v in ABBREVIATIONS.items())

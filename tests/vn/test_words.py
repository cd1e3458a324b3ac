import pytest
from hypothesis import given, strategies as st

from toolkit.vn import money_to_words, number_to_words


@pytest.mark.parametrize("n, expected", [
    (0, "Không"),
    (1, "Một"),
    (4, "Bốn"),
    (5, "Năm"),
    (10, "Mười"),
    (11, "Mười một"),
    (14, "Mười bốn"),
    (15, "Mười lăm"),
    (20, "Hai mươi"),
    (21, "Hai mươi mốt"),
    (24, "Hai mươi tư"),
    (25, "Hai mươi lăm"),
    (31, "Ba mươi mốt"),
    (44, "Bốn mươi tư"),
    (55, "Năm mươi lăm"),
    (99, "Chín mươi chín"),
    (100, "Một trăm"),
    (101, "Một trăm lẻ một"),
    (104, "Một trăm lẻ bốn"),
    (105, "Một trăm lẻ năm"),
    (110, "Một trăm mười"),
    (111, "Một trăm mười một"),
    (114, "Một trăm mười bốn"),
    (115, "Một trăm mười lăm"),
    (121, "Một trăm hai mươi mốt"),
    (999, "Chín trăm chín mươi chín"),
    (1000, "Một nghìn"),
    (1001, "Một nghìn không trăm lẻ một"),
    (1005, "Một nghìn không trăm lẻ năm"),
    (1010, "Một nghìn không trăm mười"),
    (1015, "Một nghìn không trăm mười lăm"),
    (1050, "Một nghìn không trăm năm mươi"),
    (1100, "Một nghìn một trăm"),
    (2024, "Hai nghìn không trăm hai mươi tư"),
    (10141, "Mười nghìn một trăm bốn mươi mốt"),
    (15000, "Mười lăm nghìn"),
    (21000, "Hai mươi mốt nghìn"),
    (100000, "Một trăm nghìn"),
    (105000, "Một trăm lẻ năm nghìn"),
    (1000000, "Một triệu"),
    (1000005, "Một triệu không trăm lẻ năm"),
    (1005000, "Một triệu không trăm lẻ năm nghìn"),
    (1500000, "Một triệu năm trăm nghìn"),
    (2000500, "Hai triệu năm trăm"),
    (1000000000, "Một tỷ"),
    (1000000005, "Một tỷ không trăm lẻ năm"),
    (1000000000000, "Một nghìn tỷ"),
    (1000000000000000, "Một triệu tỷ"),
    (1234567891011, "Một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu "
                    "tám trăm chín mươi mốt nghìn không trăm mười một"),
    (-21, "Âm hai mươi mốt"),
])
def test_number_to_words(n, expected):
    assert number_to_words(n) == expected


@pytest.mark.parametrize("number, expected", [
    (2.5, "Hai phẩy năm"),
    (2.05, "Hai phẩy không năm"),
    (95.25, "Chín mươi lăm phẩy hai mươi lăm"),
    (0.1 + 0.2, "Không phẩy ba"),
    (-0.5, "Âm không phẩy năm"),
    ("10.141", "Mười nghìn một trăm bốn mươi mốt"),
    ("2,5", "Hai phẩy năm"),
])
def test_decimals_and_text(number, expected):
    assert number_to_words(number) == expected


def test_lower_case_for_use_inside_a_sentence():
    assert number_to_words(21, capitalize=False) == "hai mươi mốt"


@pytest.mark.parametrize("amount, expected", [
    (1500000, "Một triệu năm trăm nghìn đồng chẵn"),
    (1250, "Một nghìn hai trăm năm mươi đồng"),
    (1000, "Một nghìn đồng chẵn"),
    (0, "Không đồng"),
    ("2.000.000", "Hai triệu đồng chẵn"),
    (1250.5, "Một nghìn hai trăm năm mươi mốt đồng"),
])
def test_money_to_words(amount, expected):
    assert money_to_words(amount) == expected


def test_money_without_the_round_suffix():
    assert money_to_words(1500000, round_suffix=False) == "Một triệu năm trăm nghìn đồng"


@given(st.integers(min_value=0, max_value=10**15))
def test_number_to_words_reads_every_amount(n):
    words = number_to_words(n)
    assert words and "  " not in words and words == words.strip()
    assert words[0].isupper()

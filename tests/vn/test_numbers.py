import pytest
from hypothesis import given, strategies as st

from toolkit.vn import Target, format_count, format_number, format_percent, meets, parse_number, parse_target


@pytest.mark.parametrize("cell, expected", [
    ("10.141", 10141),
    ("1.250.000", 1250000),
    ("1.250.000,5", 1250000.5),
    ("95,5", 95.5),
    ("95,5%", 95.5),
    ("95,5 %", 95.5),
    ("01", 1),
    (" 2 ", 2),
    ("-3", -3),
    ("2.5", 2.5),        # a dot without thousands groups is a decimal point
    ("0.500", 0.5),      # a grouped number never starts with 0
    ("1,234", 1.234),    # the comma is always the decimal mark
    ("95,0", 95),
    (10141, 10141),
    (2.5, 2.5),
    (8.0, 8),
    ("", None),
    ("   ", None),
    (None, None),
    (float("nan"), None),
])
def test_parse_number(cell, expected):
    result = parse_number(cell)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("cell", ["mười", "abc", "12a", "1,2,3", "1.2.3", "1,234.5", "%", "-", True])
def test_parse_number_rejects_words_in_vietnamese(cell):
    with pytest.raises(ValueError) as error:
        parse_number(cell)
    assert f"'{cell}' không phải là số" in str(error.value)
    assert "ví dụ 10.141 hoặc 95,5" in str(error.value)


@pytest.mark.parametrize("number, decimals, expected", [
    (10141, None, "10.141"),
    (2.5, None, "2,5"),
    (1250000, None, "1.250.000"),
    (8.0, None, "8"),
    (88.7234, None, "88,72"),
    (88.7234, 2, "88,72"),
    (2.675, 2, "2,68"),      # half up, like Excel
    (5, 2, "5,00"),
    (0.1 + 0.2, None, "0,3"),
    (-1234.5, None, "-1.234,5"),
    (-0.001, 2, "0,00"),
    (999, None, "999"),
    ("10.141", None, "10.141"),
    (None, None, ""),
])
def test_format_number(number, decimals, expected):
    assert format_number(number, decimals) == expected


@pytest.mark.parametrize("number, expected", [
    (95.5, "95,5%"), (75.83, "75,8%"), (100, "100%"), (100.0, "100%"), (99.96, "100%"), (0, "0%"),
])
def test_format_percent(number, expected):
    assert format_percent(number) == expected


def test_format_percent_with_more_decimals():
    assert format_percent(88.7234, 2) == "88,72%"


@pytest.mark.parametrize("number, expected", [(1, "01"), (9, "09"), (0, "00"), (12, "12"), (10141, "10.141")])
def test_format_count(number, expected):
    assert format_count(number) == expected


@pytest.mark.parametrize("cell, op, value, value_max, measure", [
    ("trên 95%", ">", 95, None, "percent"),
    ("hơn 90%", ">", 90, None, "percent"),
    ("> 95%", ">", 95, None, "percent"),
    ("ít nhất 01", ">=", 1, None, "count"),
    ("ít nhất là 5", ">=", 5, None, "count"),
    ("tối thiểu 2", ">=", 2, None, "count"),
    ("từ 3 trở lên", ">=", 3, None, "count"),
    ("3 trở lên", ">=", 3, None, "count"),
    ("không dưới 80%", ">=", 80, None, "percent"),
    ("≥ 90%", ">=", 90, None, "percent"),
    ("dưới 5%", "<", 5, None, "percent"),
    ("không quá 15%", "<=", 15, None, "percent"),
    ("tối đa 15%", "<=", 15, None, "percent"),
    ("từ 85% đến 90%", "between", 85, 90, "percent"),
    ("85-90%", "between", 85, 90, "percent"),
    ("85 - 90%", "between", 85, 90, "percent"),
    ("85% - 90%", "between", 85, 90, "percent"),
    ("90-85%", "between", 85, 90, "percent"),
    ("Từ 3 đến 5 sáng kiến", "between", 3, 5, "count"),
    ("02", "=", 2, None, "count"),
    ("100%", "=", 100, None, "percent"),
    ("95,5%", "=", 95.5, None, "percent"),
    ("trên 95% CBCCVC đạt LĐTT", ">", 95, None, "percent"),
    ("Đạt 100%", "=", 100, None, "percent"),
    ("tối thiểu 1.000 đoàn viên", ">=", 1000, None, "count"),
    ("từ 90 điểm trở lên", ">=", 90, None, "points"),
    ("Năm 2025 có trên 90% đoàn viên", ">", 90, None, "percent"),
    (2, "=", 2, None, "count"),
    (95.5, "=", 95.5, None, "count"),
])
def test_parse_target(cell, op, value, value_max, measure):
    target = parse_target(cell)
    assert (target.op, target.value, target.value_max, target.measure) == (op, value, value_max, measure)


def test_parse_target_keeps_the_text_as_written():
    assert parse_target(" trên 95% ") == Target(">", 95, None, "percent", "trên 95%")


@pytest.mark.parametrize("cell", [None, "", "Hoàn thành", "Vững mạnh", "Đạt"])
def test_parse_target_without_a_quantity(cell):
    assert parse_target(cell) is None


@pytest.mark.parametrize("cell, result, expected", [
    ("trên 95%", 95, False),         # "trên" is strict
    ("trên 95%", "95,5%", True),
    ("ít nhất 01", 1, True),
    ("ít nhất 01", "0", False),
    ("dưới 5%", 5, False),
    ("không quá 15%", 15, True),
    ("85-90%", 85, True),
    ("85-90%", "90", True),
    ("85-90%", "90,1", False),
    ("02", "02", True),
    ("trên 95%", "chưa có", None),
    ("trên 95%", None, None),
])
def test_meets(cell, result, expected):
    assert meets(parse_target(cell), result) is expected


def test_meets_has_no_answer_for_flags():
    assert meets(Target("=", 1, None, "flag", "Hoàn thành"), 1) is None


@given(st.text())
def test_parse_number_raises_only_value_error(text):
    try:
        parse_number(text)
    except ValueError:
        pass


@given(st.integers(min_value=-10**18, max_value=10**18))
def test_integers_round_trip(n):
    assert parse_number(format_number(n)) == n


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_two_decimal_numbers_round_trip(cents):
    x = cents / 100
    assert parse_number(format_number(x)) == x


@given(st.one_of(st.text(), st.floats(), st.integers()))
def test_parse_target_never_raises(value):
    target = parse_target(value)
    assert target is None or target.op in ("=", ">", ">=", "<", "<=", "between")


def test_small_counts_in_words_become_digits_where_they_count():
    from toolkit.vn.numbers import digits_for_words

    assert digits_for_words("mỗi tổ có ít nhất một công trình") == "mỗi tổ có ít nhất 1 công trình"
    assert digits_for_words("có từ hai đến ba công trình") == "có từ 2 đến 3 công trình"
    # `năm` after `từ` is the year, and a number word before digits is no count
    assert digits_for_words("từ năm học 2019 - 2020; từ năm 2021") == "từ năm học 2019 - 2020; từ năm 2021"

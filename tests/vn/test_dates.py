from datetime import date, datetime

import pytest
from hypothesis import given, strategies as st

from toolkit.vn import format_date_nd30, format_place_date, parse_date


@pytest.mark.parametrize("cell, expected", [
    ("05/02/2025", date(2025, 2, 5)),
    ("5/2/2025", date(2025, 2, 5)),
    ("05-02-2025", date(2025, 2, 5)),
    ("05.02.2025", date(2025, 2, 5)),
    (" 2025-02-05 ", date(2025, 2, 5)),
    ("2025-02-05 00:00:00", date(2025, 2, 5)),
    ("ngày 05 tháng 02 năm 2025", date(2025, 2, 5)),
    ("An Giang, ngày 01 tháng 3 năm 2019", date(2019, 3, 1)),
    (date(2025, 2, 5), date(2025, 2, 5)),
    (datetime(2025, 2, 5, 14, 30), date(2025, 2, 5)),
    ("", None),
    (None, None),
])
def test_parse_date(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["32/13/2019", "abc", "29/02/2023", "05/02/25", "05/02-2025", "2025/02/05"])
def test_parse_date_explains_the_expected_form(cell):
    with pytest.raises(ValueError) as error:
        parse_date(cell)
    assert f"'{cell}'" in str(error.value)
    assert "dd/mm/yyyy, ví dụ 05/02/2025" in str(error.value)


@pytest.mark.parametrize("day, expected", [
    (date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
    (date(2025, 1, 15), "ngày 15 tháng 01 năm 2025"),
    (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
    (date(2019, 3, 1), "ngày 01 tháng 3 năm 2019"),
    (date(2024, 12, 15), "ngày 15 tháng 12 năm 2024"),
    ("05/02/2025", "ngày 05 tháng 02 năm 2025"),
])
def test_format_date_nd30(day, expected):
    assert format_date_nd30(day) == expected


def test_a_draft_leaves_day_and_month_blank():
    assert format_date_nd30(None, 2025) == "ngày    tháng    năm 2025"
    assert format_date_nd30(None) == "ngày    tháng    năm     "


def test_format_place_date():
    assert format_place_date("An Giang", date(2019, 3, 1)) == "An Giang, ngày 01 tháng 3 năm 2019"
    assert format_place_date("Hà Nội", None, 2025) == "Hà Nội, ngày    tháng    năm 2025"


@given(st.dates())
def test_any_date_written_dd_mm_yyyy_reads_back(day):
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}") == day


@given(st.dates(min_value=date(1000, 1, 1)))
def test_nd30_dates_read_back(day):
    assert parse_date(format_date_nd30(day)) == day

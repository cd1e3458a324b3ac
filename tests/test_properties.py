"""Properties that must hold for any input, checked with hypothesis: the Vietnamese number,
target and date parsers read back what the formatters write and fail only with a Vietnamese
`ValueError`; cell conversion fails only that way too; output names are always one safe,
bounded, unique file name inside the output folder.

(`tests/vn/` has the table-driven cases and round trips of integers, two-decimal numbers and
dd/mm/yyyy dates; these are the properties not covered there.)"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path, PurePosixPath, PureWindowsPath

from hypothesis import given, settings, strategies as st

from toolkit.generate.catalog import DATE, LINES, NUMBER, TARGET, TEXT
from toolkit.generate.workbook import convert
from toolkit.naming import MAX_STEM, NameAllocator, fill_pattern, sanitize
from toolkit.vn import (format_count, format_date_nd30, format_number, format_percent, parse_date, parse_number,
                        parse_target)

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
cell_text = st.one_of(st.text(), st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789 .,%-+/:"))


# --- numbers, percents, targets ----------------------------------------------------------------


def half_up(x: float, places: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_a_percent_reads_back_as_its_rounded_value(x):
    text = format_percent(x)
    assert text.endswith("%")
    assert parse_number(text) == half_up(x, 1)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_a_number_with_fixed_decimals_reads_back_rounded(x, places):
    assert parse_number(format_number(x, places)) == half_up(x, places)


@given(st.integers(min_value=0, max_value=10 ** 12))
def test_a_count_reads_back(n):
    text = format_count(n)
    assert parse_number(text) == n
    assert len(text) >= 2


OPERATORS = {"trên": ">", "hơn": ">", "ít nhất": ">=", "tối thiểu": ">=", "không dưới": ">=", "dưới": "<",
             "không quá": "<=", "tối đa": "<=", "": "="}


@given(st.sampled_from(sorted(OPERATORS)), st.integers(min_value=0, max_value=10 ** 9) | st.floats(0, 1e6).map(
    lambda x: half_up(x, 2)), st.booleans(), st.sampled_from(["", "Tỷ lệ đoàn viên ", "Kết nạp "]))
def test_a_written_target_reads_back(phrase, value, percent, before):
    text = f"{before}{phrase} {format_number(value)}{'%' if percent else ''}".strip()
    target = parse_target(text)
    assert target is not None
    assert (target.op, target.value, target.measure) == (OPERATORS[phrase], value, "percent" if percent else "count")


@given(st.integers(min_value=0, max_value=10 ** 6), st.integers(min_value=0, max_value=10 ** 6), st.booleans())
def test_a_written_range_reads_back_in_order(a, b, percent):
    mark = "%" if percent else ""
    target = parse_target(f"{format_number(a)}{mark} - {format_number(b)}{mark}")
    if a == b:
        assert target.value == a
    else:
        assert (target.op, target.value, target.value_max) == ("between", min(a, b), max(a, b))


@given(cell_text)
def test_parsers_fail_only_with_a_vietnamese_value_error(text):
    for parse in (parse_number, parse_date):
        try:
            parse(text)
        except ValueError as exc:
            assert "không phải là" in str(exc) and "hãy ghi" in str(exc)
    target = parse_target(text)
    assert target is None or target.op in ("=", ">", ">=", "<", "<=", "between")


@given(st.one_of(cell_text, st.integers(), st.floats(), st.booleans(), st.none(), st.datetimes(), st.dates()),
       st.sampled_from([TEXT, DATE, NUMBER, TARGET, LINES]))
def test_any_cell_converts_or_fails_with_a_vietnamese_value_error(value, kind):
    try:
        convert(value, kind)
    except ValueError as exc:
        assert "không phải là" in str(exc) and "hãy ghi" in str(exc)


# --- dates -------------------------------------------------------------------------------------


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(["{d}/{m}/{y}", "{d}-{m}-{y}", "{d}.{m}.{y}",
                                                              "{y}-{m:02d}-{d:02d}", "{d:02d}/{m:02d}/{y} 08:30"]))
def test_a_date_in_any_accepted_spelling_reads_back(day, spelling):
    assert parse_date(spelling.format(d=day.day, m=day.month, y=day.year)) == day


@given(st.datetimes(min_value=datetime(1000, 1, 1)))
def test_an_excel_date_is_its_day(moment):
    assert parse_date(moment) == moment.date()
    assert parse_date(format_date_nd30(moment)) == moment.date()


@given(st.integers(1, 40), st.integers(1, 15), st.integers(1900, 2100))
def test_an_impossible_day_is_refused_not_rolled_over(d, m, y):
    try:
        expected = date(y, m, d)
    except ValueError:
        expected = None
    try:
        assert parse_date(f"{d:02d}/{m:02d}/{y}") == expected
    except ValueError:
        assert expected is None


# --- output names ------------------------------------------------------------------------------

names = st.one_of(st.text(st.characters(exclude_categories=())),  # lone surrogates too
                  st.text(alphabet=st.sampled_from(list("./\\:*?\"<>| \t\n\x00\x1f\u202e\u200bĐđAa~-"))),
                  st.text(alphabet=VIETNAMESE + " ./", min_size=100, max_size=400))


@given(names)
def test_a_sanitized_name_is_one_safe_bounded_file_name(name):
    stem = sanitize(name)
    assert stem and stem not in (".", "..")
    assert stem == unicodedata.normalize("NFC", stem)
    assert len(stem.encode("utf-8")) <= MAX_STEM
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") for c in stem)
    assert not set(stem) & set('/\\:*?"<>|')
    assert stem == stem.strip(" .")
    assert PurePosixPath(stem).name == stem and PureWindowsPath(stem).name == stem
    assert sanitize(stem) == stem  # nothing left to clean


@settings(max_examples=60)
@given(st.lists(names, max_size=30), st.sampled_from([".docx", ".pdf"]))
def test_allocated_names_are_unique_and_inside_the_folder(stems, suffix):
    folder = Path("/ra")
    allocator = NameAllocator(folder, suffix)
    paths = [allocator.allocate(stem) for stem in stems]
    assert all(p.parent == folder and p.suffix == suffix for p in paths)
    assert len({p.name.casefold() for p in paths}) == len(paths)
    assert all(len(p.name.encode("utf-8")) < 255 for p in paths)


@given(st.dictionaries(st.sampled_from(["ho_va_ten", "don_vi", "nam"]),
                       st.one_of(names, st.integers(), st.dates(), st.none())),
       st.sampled_from(["{ho_va_ten}", "{don_vi}/{ho_va_ten}", "../{ho_va_ten}", "{ten} - {khoa}", "{Họ và tên}"]))
def test_a_pattern_filled_from_any_row_names_one_file_in_the_folder(row, pattern):
    path = NameAllocator(Path("/ra"), ".docx").allocate(fill_pattern(pattern, row))
    assert path.parent == Path("/ra") and len(path.name.encode("utf-8")) < 255

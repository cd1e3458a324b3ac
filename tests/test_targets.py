"""Targets against results, as the report's Đánh giá column shows them."""
import pytest

from toolkit.targets import verdict


@pytest.mark.parametrize("target, result, expected", [
    ("trên 95%", "95%", "Không đạt"),  # trên is strict
    ("trên 95%", "95,5%", "Đạt"),
    ("trên 95%", 96, "Đạt"),
    ("ít nhất 05", "05", "Đạt"),
    ("ít nhất 05", "4", "Không đạt"),
    ("02", 3, "Đạt"),  # a plain number is a quantity to reach
    ("02", "01", "Không đạt"),
    ("100%", "100%", "Đạt"),
    ("100%", "98,5%", "Không đạt"),
    ("85-90%", "87%", "Đạt"),
    ("từ 85% đến 90%", "90%", "Đạt"),
    ("85-90%", "91%", "Không đạt"),
    ("không quá 15%", "12%", "Đạt"),
    ("không quá 15%", "15,5%", "Không đạt"),
    ("Hoàn thành", "Hoàn thành", "—"),  # no number: nothing to compare
    ("trên 95%", None, "—"),
    ("trên 95%", "12", "—"),  # a count is not a percentage
    (None, "12", "—"),
])
def test_verdict(target, result, expected):
    assert verdict(target, result) == expected

"""Scoring sheets: subtotals from items, the total, and scores above their maximum."""
import pytest

from toolkit.errors import ThiduaError
from toolkit.scoring import compute, level


def row(stt, noi_dung, chuan=None, tu=None, khoi=None):
    return {"stt": stt, "noi_dung": noi_dung, "diem_chuan": chuan, "tu_cham": tu, "khoi_cham": khoi}


@pytest.mark.parametrize("stt, expected", [("I", 0), ("IV.", 0), ("1", 1), ("2.", 1), ("1.1", 2), ("1.2.3", 3),
                                           ("", None), ("a", None)])
def test_level_from_stt(stt, expected):
    assert level(stt) == expected


def test_groups_sum_their_items_and_sub_items():
    rows = [row("I", "Đại diện, chăm lo", 40), row("1", "Thương lượng", 20),
            row("1.1", "Ký thỏa ước", 10, 10, 9.5), row("1.2", "Đối thoại", 10, 8.5, 8),
            row("2", "Chăm lo", 20, 18, 17), row("II", "Điểm trừ"), row("1", "Vi phạm", 5, 1, 2)]
    out = compute(rows, range(2, 9))
    by_stt = [(r["stt"], r["diem_chuan"], r["tu_cham"], r["khoi_cham"], r["la_nhom"]) for r in out]
    assert by_stt == [
        ("I", 40, 36.5, 34.5, True), ("1", 20, 18.5, 17.5, True), ("1.1", 10, 10, 9.5, False),
        ("1.2", 10, 8.5, 8, False), ("2", 20, 18, 17, False), ("II", 5, 1, 2, True), ("1", 5, 1, 2, False),
        ("", 40, 35.5, 32.5, True),  # TỔNG CỘNG: the penalty group counts negative, not in the maximum
    ]
    assert out[-1]["noi_dung"] == "TỔNG CỘNG" and out[-1]["la_tong"]


def test_a_score_above_its_maximum_names_the_row():
    rows = [row("I", "Nhóm"), row("1", "Tiêu chí a", 10, 10.5)]
    with pytest.raises(ThiduaError) as err:
        compute(rows, [5, 6], file="cham.xlsx", sheet="tieu_chi")
    assert str(err.value) == ("tệp cham.xlsx, trang tính 'tieu_chi', dòng 6: điểm tự chấm 10,5 vượt điểm chuẩn 10 "
                              "của tiêu chí «1 Tiêu chí a».")


def test_a_negative_score_is_refused():
    with pytest.raises(ThiduaError, match="âm"):
        compute([row("1", "a", 10, None, -1)], [3])

"""bench/real.py scores records against a clerk's facts: names without honorifics, award
forms, totals, optional facts neutral, judged pages only."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import real  # noqa: E402


def recipient(subject, award="bang_khen", **kw):
    return {"type": "recipient", "subject": subject, "award": award, "optional": False, **kw}


def test_a_recipient_matches_on_name_without_honorific_and_award_form():
    entry = {"file": "qd.pdf", "facts": [recipient("Đặng Đại Bàng"), recipient("Công an tỉnh", subject_alt=["Công an tỉnh Quảng Bình"])]}
    records = [{"kind": "award", "subject": "Ông Đặn g Đại Bàng", "award": "bang_khen", "source": {}},
               {"kind": "award", "subject": "Công an tỉnh Quảng Bình", "metric": "bang_khen_ubnd", "source": {}},
               {"kind": "award", "subject": "Sở Y tế", "award": "giay_khen", "source": {}}]
    s = real.score_file(entry, records)
    assert (s.found, s.required, s.right, s.counted) == (2, 2, 2, 3)
    assert [r["subject"] for r in s.extras] == ["Sở Y tế"]


def test_a_total_matches_on_value_and_form_and_optional_facts_are_neutral():
    entry = {"file": "qd.pdf", "facts": [
        {"type": "total", "award": "co_thi_dua", "value": 16, "optional": False},
        {"type": "total", "award": "co_thi_dua", "value": 16, "optional": True}]}
    records = [{"kind": "achievement", "metric": "co_thi_dua_cap_tinh", "value": 16, "source": {}},
               {"kind": "achievement", "metric": "co_thi_dua_cap_tinh", "value": 16, "source": {}},
               {"kind": "achievement", "metric": "khac", "value": 3, "label": "ngày", "source": {}}]
    s = real.score_file(entry, records)
    assert (s.found, s.required, s.right, s.counted) == (1, 1, 1, 2)


def test_only_judged_pages_count():
    entry = {"file": "qd.pdf", "pages": [1, 2], "facts": [recipient("Hoàng Tùng Lâm", page=2),
                                                          recipient("Lê Văn Z", page=9)]}
    records = [{"kind": "award", "subject": "Hoàng Tùng Lâm", "award": "bang_khen", "source": {"page": 2}},
               {"kind": "award", "subject": "Người Khác", "award": "bang_khen", "source": {"page": 9}}]
    s = real.score_file(entry, records)
    assert (s.found, s.required, s.right, s.counted) == (1, 1, 1, 1)

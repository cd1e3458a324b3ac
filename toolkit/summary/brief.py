"""A few lines a person reads in the terminal after `thidua summarize` or `thidua demo`:
how many units, the ranking's head, targets met and missed, what the checks found."""
from __future__ import annotations

from collections import Counter

from .. import vn
from .model import CHUA_CO_SO_LIEU, DAT, KHONG_DAT, Summary
from .rules import SEVERITIES


def brief(summary: Summary, top: int = 5) -> list[str]:
    """The summary of the year summarized, in Vietnamese lines."""
    year = summary.year
    ranking = [r for r in summary.ranking_of(year) if r.score is not None]
    units = summary.units_of(year)
    lines = [f"Năm {year}: {len(units)} đơn vị có số liệu, {len(ranking)} đơn vị có bảng chấm điểm."
             if year else f"{len(units)} đơn vị có số liệu, {len(ranking)} đơn vị có bảng chấm điểm."]
    for row in ranking[:top]:
        tie = " (đồng hạng)" if row.tied else ""
        lines.append(f"  {row.rank}. {row.unit}: {row.score_text} điểm{tie}, {row.grade}"
                     + (f" — {row.proposal_text}" if row.proposal_text else ""))
    if len(ranking) > top:
        lines.append(f"  … và {len(ranking) - top} đơn vị khác")
    verdicts = Counter(c.verdict for c in summary.comparisons_of(year))
    if verdicts:
        lines.append(f"Chỉ tiêu: {verdicts[DAT]} đạt, {verdicts[KHONG_DAT]} không đạt, "
                     f"{verdicts[CHUA_CO_SO_LIEU]} chưa có số liệu.")
    severities = Counter(f.severity for f in summary.findings_of(year))
    if severities:
        lines.append("Kiểm tra: " + ", ".join(f"{severities[s]} {s}" for s in SEVERITIES if severities[s]) + ".")
    else:
        lines.append("Kiểm tra: không phát hiện vấn đề.")
    if summary.awards:
        people = sum(a.subject_type == "individual" for a in summary.awards)
        files = len({a.file for a in summary.awards})
        lines.append(f"Khen thưởng: {len(summary.awards) - people} tập thể, {people} cá nhân được khen "
                     f"trong {files} tệp (xem trang Khen thưởng).")
    if summary.conflicts:
        lines.append(f"Số liệu không thống nhất giữa các tệp: {len(summary.conflicts)} chỗ (xem trang Kiểm tra).")
    return [vn.nfc(line) for line in lines]

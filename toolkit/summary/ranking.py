"""The cluster's ranking: each unit's total score, grade, place and suggested proposal.

A unit is ranked on the cluster's score (*điểm khối chấm*) when a sheet gives one, else on
its self score (*điểm tự chấm*). Places are competition ranks: equal scores (to 0,01 point)
share a place and the next place is skipped (1, 2, 2, 4). Grades follow the cut-offs of the
rules (HD 1294/HD-TLĐ: ≥ 90, ≥ 70, ≥ 50).

Proposals (decided for `thidua summarize`, configurable in [de_nghi]): the first
`co_thi_dua` places are proposed for a Cờ thi đua, the next `bang_khen` places for a Bằng
khen, and only units graded at least `xep_loai_toi_thieu`. Tied units share their place, so
they share its proposal: when several units tie for first, all are proposed for the Cờ — the
scores cannot tell them apart — and the `dong_hang_nhat` check asks the cluster to vote for
its leading unit, as the cluster's council does in practice.
"""
from __future__ import annotations

from .. import vn
from .collect import Collected, is_cluster
from .model import Conflict, Finding, RankRow
from .rules import GRADE_LEVELS, LOI, Rules
from .scores import build_sheet

NO_SCORE = "Chưa có điểm"
SCORE_KINDS = {"diem_khoi_cham": "khối chấm", "diem_tu_cham": "tự chấm"}


def unit_scores(collected: Collected) -> dict[tuple[str, int | None], tuple[float, float | None, str]]:
    """(unit key, year) → (total score, maximum, score metric), and conflicts between files."""
    out: dict[tuple[str, int | None], tuple[float, float | None, str]] = {}
    for metric in ("diem_tu_cham", "diem_khoi_cham"):  # the cluster's score overrides the self score
        for (key, year, m), by_file in collected.sheets.items():
            if m != metric:
                continue
            per_file = [(file, build_sheet(file, items)) for file, items in by_file.items()]
            per_file = [(f, s) for f, s in per_file if s.total is not None]
            if not per_file:
                continue
            # Files agree or conflict on the total, like any other figure; the best
            # confidence, then the first file, wins.
            confidences = [max(i.record.confidence for i in by_file[f]) for f, _ in per_file]
            best = max(range(len(per_file)), key=lambda i: (confidences[i], -i))
            totals = {round(s.total, 6) for _, s in per_file}
            if len(totals) > 1:
                collected.conflicts.append(Conflict(collected.name(key), year, metric, "points",
                                                    [(f, s.total) for f, s in per_file], per_file[best][1].total))
            sheet = per_file[best][1]
            out[(key, year)] = (sheet.total, sheet.maximum, metric)
    return out


def rank(collected: Collected, rules: Rules) -> list[RankRow]:
    """The ranking of every year with scores, latest first; without any scores, the latest
    year's units, unranked (`Chưa có điểm`)."""
    scores = {k: v for k, v in unit_scores(collected).items() if not is_cluster(k[0])}
    newest_first = lambda y: (y is None, -(y or 0))  # noqa: E731
    years = sorted({year for _, year in scores}, key=newest_first)
    if not years:
        years = sorted({year for _, year in collected.totals}, key=newest_first)[:1]
    rows: list[RankRow] = []
    for year in years:
        keys = sorted({k for k, y in collected.totals if y == year and not is_cluster(k)}
                      | {k for k, y in scores if y == year}, key=lambda k: unit_sort_key(collected.name(k)))
        scored = sorted(((k, scores[(k, year)]) for k in keys if (k, year) in scores),
                        key=lambda kv: (-round(kv[1][0], 2), unit_sort_key(collected.name(kv[0]))))
        places = [round(s[0], 2) for _, s in scored]
        for key, (score, maximum, metric) in scored:
            place = 1 + sum(p > round(score, 2) for p in places)
            tied = places.count(round(score, 2)) > 1
            grade = rules.grades.code(score)
            rows.append(RankRow(collected.name(key), year, score, maximum, SCORE_KINDS[metric], place,
                                vn.METRICS[grade].name, proposal(place, grade, rules), tied))
        for key in keys:
            if (key, year) not in scores:
                rows.append(RankRow(collected.name(key), year, None, None, "", None, NO_SCORE, ""))
    return rows


def bar_proposals(rows: list[RankRow], findings: list[Finding], rules: Rules) -> None:
    """A unit with a finding of severity `lỗi` in the year is not proposed (`chan_khi_co_loi`):
    its row keeps the rules it broke as the reason. Its place is not given to the next unit."""
    if not rules.proposals.barred_by_errors:
        return
    for row in rows:
        errors = [f.rule_name for f in findings if f.severity == LOI and f.unit == row.unit and f.year == row.year]
        if row.proposal and errors:
            row.proposal, row.barred = "", "; ".join(dict.fromkeys(errors))


def proposal(place: int, grade: str, rules: Rules) -> str:
    """`Đề nghị Cờ thi đua`, `Đề nghị Bằng khen` or empty, for a place and a grade."""
    order = [code for _, code in GRADE_LEVELS]
    offer = rules.proposals
    if order.index(grade) > order.index(offer.min_grade):
        return ""
    if place <= offer.flags:
        return f"Đề nghị {offer.flag_name}"
    if place <= offer.flags + offer.merits:
        return f"Đề nghị {offer.merit_name}"
    return ""


def unit_sort_key(name: str) -> tuple[str, str]:
    """Units in alphabetical order of their folded names (Vietnamese letters by base letter)."""
    return (vn.fold(name), name)

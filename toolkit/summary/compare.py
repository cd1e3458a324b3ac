"""Pledged targets against results: every target of every unit, with `Đạt`, `Không đạt` or
`Chưa có số liệu`.

A target's result is the achievement of the same unit (names compared folded), year and
metric. A percent target takes the unit's reported percentage, else the share derived from
its counts (`lao_dong_tien_tien > 95%` against LĐTT / người lao động); a count target takes
the count; a points target the unit's total score; a grade target (`Hoàn thành xuất sắc
nhiệm vụ`, `CĐCS vững mạnh`) the grade from the scores, else the grade the unit gave itself.
A phrase outside the vocabulary (`khac`) is matched by its words with the unit's result of
the same words (a year-end report's row gives both).

A target pledged by the cluster itself (its subject is the `Khối …`) binds every member —
the cluster pledge reads "Mỗi công đoàn cơ sở thành viên phấn đấu đạt các chỉ tiêu sau" — so
it is compared with each member's result, one row per member, marked as the cluster's.

Operators are strict as written (`trên 95%` is not met by 95%); a plain number is a quantity
to reach, so `=` is read as `≥`, as `toolkit.targets` does for a single report.
"""
from __future__ import annotations

from .. import vn
from .collect import GRADE_METRICS, Collected, Item, is_cluster
from .model import (CHUA_CO_SO_LIEU, DAT, KHONG_DAT, SHARES, Comparison, RankRow, UnitTotals,
                    metric_name)
from .ranking import unit_sort_key
from .rules import GRADE_LEVELS

_GRADE_ORDER = [code for _, code in GRADE_LEVELS]
# The older `vững mạnh` grade reads as at least `hoàn thành tốt nhiệm vụ` (docs/design.md, vocabulary).
_GRADE_RANK = {**{code: i for i, code in enumerate(_GRADE_ORDER)}, "cdcs_vung_manh": 1}


def compare(collected: Collected, ranking: list[RankRow]) -> list[Comparison]:
    members: dict[int | None, list[str]] = {}
    for key, year in collected.totals:
        if not is_cluster(key):
            members.setdefault(year, []).append(key)

    # (unit key, year, metric, op, value, value_max, measure, phrase) → the target records
    targets: dict[tuple, list[Item]] = {}
    for item in collected.items:
        r = item.record
        if r.kind != "target":
            continue
        # A target without a number (`Hoàn thành`) can only be met as a grade, like a flag.
        measure = "flag" if r.value is None else (r.measure or "count")
        phrase = vn.fold(str(r.label or "")) if r.metric == vn.KHAC or measure == "flag" else ""
        bound = members.get(item.year, []) if is_cluster(item.key) else [item.key]
        for key in bound or [item.key]:
            targets.setdefault((key, item.year, r.metric, r.op or "=", r.value, r.value_max, measure, phrase),
                               []).append(item)

    ranks = {(row.unit, row.year): row for row in ranking}
    out = []
    for (key, year, metric, op, value, value_max, measure, phrase), items in targets.items():
        first = items[0].record
        unit = collected.name(key)
        target = vn.Target(op, value, value_max, measure, first.label or first.source.text or "")
        totals = collected.totals.get((key, year))
        if metric in GRADE_METRICS and measure != "points":
            result, result_text, basis = _grade(ranks.get((unit, year)), totals)
            met = _grade_meets(metric, result_text)
        else:
            if metric == vn.KHAC:
                result, result_text, basis = _phrase(collected, key, year, phrase, measure)
            else:
                result, result_text, basis = _result(metric, target, totals, ranks.get((unit, year)))
            met = _meets(target, result) if result is not None and measure != "flag" else None
        verdict = CHUA_CO_SO_LIEU if met is None else DAT if met else KHONG_DAT
        label = metric_name(metric) if metric != vn.KHAC else (first.label or vn.KHAC)
        pledgers = list(dict.fromkeys(collected.name(i.key) for i in items if is_cluster(i.key)))
        out.append(Comparison(unit, year, metric, label, measure, target_text(target, metric),
                              result, result_text, basis, verdict, list(dict.fromkeys(i.file for i in items)),
                              pledged_by=", ".join(pledgers)))
    out.sort(key=lambda c: (c.year is None, -(c.year or 0), unit_sort_key(c.unit), _order(c.metric)))
    return out


def _grade(rank: RankRow | None, totals: UnitTotals | None) -> tuple[None, str, str]:
    """The unit's grade: from its total score, else as it graded itself."""
    if rank is not None and rank.score is not None:
        return None, rank.grade, f"xếp loại theo tổng điểm {rank.score_kind}"
    if totals is not None and totals.grade_reported:
        return None, totals.grade_reported, "đơn vị tự xếp loại"
    return None, "", ""


def _phrase(collected: Collected, key: str, year: int | None, phrase: str,
            measure: str) -> tuple[float | None, str, str]:
    found = collected.phrases.get((key, year, phrase, measure))
    if found is None:
        return None, "", ""
    text = vn.format_percent(found) if measure == "percent" else vn.format_number(found)
    return found, text, "số liệu báo cáo"


def _result(metric: str, target: vn.Target, totals: UnitTotals | None,
            rank: RankRow | None) -> tuple[float | None, str, str]:
    """(value, text, basis) of the result a target is compared with; value None if none."""
    if target.measure == "points":
        if rank is not None and rank.score is not None:
            return rank.score, vn.format_number(rank.score), f"tổng điểm {rank.score_kind}"
        return None, "", ""
    if totals is None or target.measure == "flag":
        return None, "", ""
    if target.measure == "percent":
        if metric in totals.percents:
            value = totals.percents[metric]
            return value, vn.format_percent(value), "số liệu báo cáo"
        for share in SHARES:
            if share.metric == metric and share.code in totals.shares:
                part, whole = totals.share_counts[share.code]
                value = totals.shares[share.code]
                return (value, vn.format_percent(value),
                        f"tính từ số liệu: {_short(share.part)} {vn.format_number(part)}/"
                        f"{vn.format_number(whole)} {_short(share.whole)}")
        return None, "", ""
    if metric in totals.counts:
        value = totals.counts[metric]
        return value, vn.format_number(value), "số liệu báo cáo"
    return None, "", ""


def _grade_meets(target_metric: str, grade: str) -> bool | None:
    """Whether a grade, as written, reaches a target grade (a metric code); None if unknown."""
    found = vn.find_metric(grade, "collective") if grade else None
    if found is None or found.code not in _GRADE_RANK or target_metric not in _GRADE_RANK:
        return None
    return _GRADE_RANK[found.code] <= _GRADE_RANK[target_metric]


def _meets(target: vn.Target, value: float) -> bool | None:
    if target.op == "=":
        target = vn.Target(">=", target.value, target.value_max, target.measure, target.text)
    return vn.meets(target, value)


def target_text(target: vn.Target, metric: str = "") -> str:
    """A target as documents write it: `trên 95%`, `ít nhất 02`, `85-90%`, `90 điểm`."""
    def number(x) -> str:
        if target.measure == "percent":
            return vn.format_percent(x, 2)
        if target.measure == "points":
            return f"{vn.format_number(x)} điểm"
        return vn.format_count(x)

    if target.measure == "flag":
        return metric_name(metric) if metric in vn.METRICS else target.text
    if target.op == "between":
        high = target.value_max if target.value_max is not None else target.value
        if target.measure == "percent":
            return f"{vn.format_number(target.value)}-{vn.format_percent(high, 2)}"
        return f"{number(target.value)} - {number(high)}"
    words = {"=": "", ">": "trên ", ">=": "ít nhất ", "<": "dưới ", "<=": "không quá "}[target.op]
    return words + number(target.value)


def _short(metric: str) -> str:
    metric_ = vn.METRICS.get(metric)
    if metric_ is None:
        return metric
    return metric_.short or {"so_nguoi_lao_dong": "người lao động", "so_doan_vien": "đoàn viên"}.get(
        metric, metric_.name.lower())


def _order(metric: str) -> int:
    return list(vn.METRICS).index(metric) if metric in vn.METRICS else len(vn.METRICS)

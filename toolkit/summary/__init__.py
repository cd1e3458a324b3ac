"""Cluster summaries (`thidua summarize`): records → totals, targets vs results, rule checks,
scores and ranking → a workbook for people and an official report.

    from toolkit.store import read_records
    from toolkit.summary import load_rules, summarize, write_report, write_workbook

    summary = summarize(read_records(Path("ket-qua.jsonl")), targets=read_records(Path("giao-uoc.jsonl")),
                        rules=load_rules(Path("quy-tac-tinh.toml")))
    write_workbook(summary, Path("tong-hop.xlsx"))
    write_report(summary, Path("bao-cao-tong-hop.docx"), info={"khoi": "Khối thi đua số 3"})

Steps, each in its own module: `collect` (records → each unit's figures, duplicates and
conflicts), `scores` (score records → a sheet's criteria tree and total), `ranking`, `compare`
(targets vs results), `checks` (the rules of `rules.toml`, loaded by `rules`); then `workbook`
and `report` write the outputs. `model` holds the dataclasses they share.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .. import vn
from ..errors import ThiduaError
from ..generate.workbook import open_workbook
from ..records import Record
from ..store import read_records
from ..vn.awards import ISSUER_NAMES, Award
from .brief import brief
from .checks import RULE_NAMES, run_checks
from .collect import cluster_totals, collect, is_cluster, unit_key, unit_name
from .compare import compare
from .model import (AwardRow, CHUA_CO_SO_LIEU, CLUSTER, DAT, KHONG_DAT, SHARES, Comparison, Conflict, Finding,
                    RankRow, Share, Summary, UnitTotals)
from .ranking import bar_proposals, rank, unit_sort_key
from .report import REPORT_INFO, write_report
from .rules import Rules, load_rules
from .workbook import write_workbook

__all__ = [
    "CHUA_CO_SO_LIEU", "CLUSTER", "DAT", "KHONG_DAT", "RULE_NAMES", "SHARES",
    "Comparison", "Conflict", "Finding", "RankRow", "Rules", "Share", "Summary", "UnitTotals",
    "brief", "cluster_name", "load_records", "load_rules", "summarize", "write_report", "write_workbook",
    "REPORT_INFO",
]

# Display order of metric columns: head counts first, then titles, grades, rewards, activities.
_GROUP_ORDER = ("to_chuc", "ca_nhan", "tap_the", "xep_loai", "khen_thuong", "hoat_dong")
_FIRST = ("so_nguoi_lao_dong", "so_doan_vien")  # the wholes before their parts


def summarize(records: Sequence[Record], targets: Sequence[Record] = (), rules: Rules | None = None) -> Summary:
    """Summarize a cluster's records; `targets` are further records holding pledged targets
    (any target record in `records` counts too). `rules` default to `load_rules(None)`."""
    rules = rules or load_rules(None)
    collected = collect(list(records) + list(targets))
    totals = sorted(collected.totals.values(), key=lambda t: (unit_sort_key(t.unit), t.year or 0))
    members = [t for t in totals if not is_cluster(unit_key(t.unit))]
    years = sorted({t.year for t in totals} | {i.year for i in collected.items},
                   key=lambda y: (y is None, y or 0))
    cluster = {year: cluster_totals([t for t in members if t.year == year], year) for year in years}
    ranking = rank(collected, rules)  # adds score conflicts, so before the checks
    comparisons = compare(collected, ranking)
    findings = run_checks(collected, ranking, rules)
    bar_proposals(ranking, findings, rules)
    units = sorted({name for key, name in collected.names.items() if not is_cluster(key)}, key=unit_sort_key)
    present = {m for t in totals for m in (*t.counts, *t.percents, *t.registrations)}
    metrics = sorted(present, key=_metric_order)
    return Summary(units, years, metrics, totals, [cluster[y] for y in years], collected.conflicts,
                   comparisons, findings, ranking, rules, award_rows(collected))


def award_rows(collected) -> list[AwardRow]:
    """The recipients of awards, by unit (units in the summary's order), then as read."""
    rows = []
    for item in collected.awards:
        r = item.record
        metric = vn.METRICS.get(r.metric)
        award = Award(r.award or r.metric, r.award_hang, r.issuer)
        rows.append(AwardRow(
            unit=" ".join(str(r.unit or (r.subject if r.subject_type != "individual" else "") or "").split()),
            subject=str(r.subject or ""), subject_type=r.subject_type, position=r.position,
            award=metric.name if metric else (r.label or r.metric), hang=award.hang_name,
            issuer=ISSUER_NAMES.get(r.issuer or ""), decision_number=r.decision_number,
            decision_date=r.decision_date, year=item.year, file=item.file))
    return sorted(rows, key=lambda row: unit_sort_key(row.unit) if row.unit else ("\uffff", ""))


def summarize_files(records: Sequence[str | Path], output: str | Path, *, targets: Sequence[str | Path] = (),
                    report: str | Path | None = None, rules: str | Path | None = None, khoi: str | None = None,
                    info_file: str | Path | None = None, force: bool = False) -> Summary:
    """`thidua summarize`: records files → the summary workbook (and report), the summary returned.

    Refuses to overwrite an output before anything is written. The cluster's name on the
    report is `khoi`, else the `thong_tin` sheet of `info_file`, else the pledge's own name.
    """
    for out in filter(None, (output, report)):
        if Path(out).exists() and not force:
            raise ThiduaError("tệp đã có; không ghi đè. Dùng --force để ghi đè.", file=str(out))
    found, pledged = load_records(records), load_records(targets)
    info = read_report_info(info_file) if info_file else {}
    if khoi:
        info["khoi"] = khoi
    info.setdefault("khoi", cluster_name([*pledged, *found]))
    result = summarize(found, targets=pledged, rules=load_rules(Path(rules) if rules else None))
    write_workbook(result, Path(output), force=force)
    if report:
        write_report(result, Path(report), info=info, force=force)
    return result


def read_report_info(path: str | Path) -> dict:
    """The report's header fields from the `thong_tin` sheet of a workbook (`--thong-tin`)."""
    info = open_workbook(path).info
    unknown = sorted(set(info) - set(REPORT_INFO))
    if unknown:
        raise ThiduaError(f"trang thong_tin có trường không dùng cho báo cáo: {', '.join(unknown)}; "
                          f"các trường dùng được: {', '.join(REPORT_INFO)}.", file=str(path), sheet="thong_tin")
    return {k: v for k, v in info.items() if v not in (None, "")}


def load_records(paths: Sequence[str | Path]) -> list[Record]:
    """The records of every file (.jsonl, .csv, .xlsx, .sqlite as `thidua parse` writes them)."""
    records: list[Record] = []
    for path in paths:
        records += read_records(Path(path))
    return records


def cluster_name(records: Sequence[Record]) -> str | None:
    """The cluster's own name as the records write it (its pledge's targets), if any."""
    for record in records:
        name = unit_name(record)
        if name and is_cluster(unit_key(name)):
            return name
    return None


def _metric_order(code: str) -> tuple[int, int, int]:
    metric = vn.METRICS.get(code)
    if metric is None:
        return (len(_GROUP_ORDER), 0, 0)
    first = _FIRST.index(code) if code in _FIRST else len(_FIRST)
    return (_GROUP_ORDER.index(metric.group), first, list(vn.METRICS).index(code))

"""What a cluster summary holds: plain dataclasses the workbook, the report and tests read.

Percentages are kept as records keep them, in percent (`75.8` is 75,8%); `text` helpers give
the Vietnamese form. Glossary: *khối* a cluster of unions that emulate together, *đơn vị*
unit (a member union), *chỉ tiêu* pledged target, *xếp hạng* ranking, *xếp loại* grade,
*đề nghị* proposal for a reward.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import vn
from .rules import Rules

DAT, KHONG_DAT, CHUA_CO_SO_LIEU = "Đạt", "Không đạt", "Chưa có số liệu"
CLUSTER = "Toàn khối"  # the unit name of the cluster's total row


@dataclass(frozen=True)
class Share:
    """A share derived from two counts of a unit, e.g. LĐTT / người lao động."""

    code: str
    name: str
    part: str  # metric code of the numerator
    whole: str  # metric code of the denominator
    metric: str  # the metric a percent target of this share is written with


SHARES = (
    Share("ty_le_lao_dong_tien_tien", "Tỷ lệ LĐTT/người lao động", "lao_dong_tien_tien",
          "so_nguoi_lao_dong", "lao_dong_tien_tien"),
    Share("ty_le_doan_vien", "Tỷ lệ đoàn viên/người lao động", "so_doan_vien", "so_nguoi_lao_dong",
          "so_doan_vien"),
    Share("ty_le_cstdcs", "Tỷ lệ CSTĐCS/LĐTT", "chien_si_thi_dua_co_so", "lao_dong_tien_tien",
          "chien_si_thi_dua_co_so"),
)


@dataclass
class UnitTotals:
    """One unit's figures for one year (or the cluster's, `unit == CLUSTER`).

    `counts` are achievement counts, `percents` percentages the unit reported, `registrations`
    the people (or collectives) registered for each title, each name counted once, `shares`
    the percentages derived from `counts` (codes of `SHARES`) with `share_counts` the (part,
    whole) each was computed from (for the cluster, the sums over the units that have both
    counts, which may be fewer than all), `conflicted` the (metric,
    measure) pairs whose files disagree (the value kept is the one `Conflict.chosen` names).
    """

    unit: str
    year: int | None
    counts: dict[str, int | float] = field(default_factory=dict)
    percents: dict[str, float] = field(default_factory=dict)
    registrations: dict[str, int] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    share_counts: dict[str, tuple[int | float, int | float]] = field(default_factory=dict)
    grade_reported: str | None = None  # the grade the unit gave itself, as written
    conflicted: set[tuple[str, str]] = field(default_factory=set)

    def share_text(self, code: str) -> str:
        """`75,8%`, or empty when the share cannot be computed."""
        value = self.shares.get(code)
        return vn.format_percent(value) if value is not None else ""

    def share_is_partial(self, code: str) -> bool:
        """Whether a cluster share leaves out units that lack one of its two counts."""
        share = next(s for s in SHARES if s.code == code)
        used = self.share_counts.get(code)
        return used is not None and used != (self.counts.get(share.part), self.counts.get(share.whole))


@dataclass
class Conflict:
    """The same unit, year and metric given different values by different source files."""

    unit: str
    year: int | None
    metric: str
    measure: str  # count · percent · points
    values: list[tuple[str, int | float]]  # (file, value), one per file, in input order
    chosen: int | float  # the value the totals use

    @property
    def name(self) -> str:
        return metric_name(self.metric)


@dataclass
class Comparison:
    """A pledged target beside its result: `Đạt`, `Không đạt` or `Chưa có số liệu`."""

    unit: str
    year: int | None
    metric: str
    label: str  # what was pledged, for people: the metric's name or the target's own words
    measure: str
    target: str  # the target as documents write it: `trên 95%`, `ít nhất 02`
    result: int | float | None  # percent or count, None when no result was found
    result_text: str  # `95,5%`, `12`, or empty
    basis: str  # where the result comes from, e.g. `tính từ số liệu: LĐTT 191/200 người lao động`
    verdict: str
    sources: list[str] = field(default_factory=list)
    pledged_by: str = ""  # the cluster's name when the cluster pledged it for every member


@dataclass
class Finding:
    """A rule check that did not pass, or that the records cannot settle (severity `thông tin`)."""

    unit: str | None  # None for the cluster as a whole
    year: int | None
    rule: str  # the rule's key in rules.toml
    rule_name: str
    figures: str  # the numbers the rule looked at, e.g. `CSTĐCS 8; LĐTT 40; 8/40 = 20% > 15%`
    severity: str  # lỗi · cảnh báo · thông tin
    message: str
    source: str = ""  # the file(s) the figures come from
    from_scan: bool = False  # found on a sheet read by OCR: the paper may well be right


@dataclass
class RankRow:
    """A unit's place in the cluster: total score, grade, rank (ties share it) and proposal."""

    unit: str
    year: int | None
    score: float | None  # None: no scoring sheet for this unit
    score_max: float | None
    score_kind: str  # `khối chấm`, `tự chấm`, or empty without a score
    rank: int | None
    grade: str  # the grade's name, or `Chưa có điểm`
    proposal: str  # `Đề nghị Cờ thi đua`, `Đề nghị Bằng khen`, or empty
    tied: bool = False  # shares its place with another unit
    barred: str = ""  # why a unit its place would propose is not proposed (its errors)

    @property
    def proposal_text(self) -> str:
        """The Đề nghị column: the proposal, or why there is none although the place has one."""
        return self.proposal or (f"Không đề nghị (còn lỗi: {self.barred})" if self.barred else "")

    @property
    def score_text(self) -> str:
        return vn.format_number(self.score) if self.score is not None else ""


@dataclass
class AwardRow:
    """One recipient of an award a decision or proposal names (a record of kind `award`)."""

    unit: str  # the unit it belongs to: its unit heading, or the collective itself
    subject: str
    subject_type: str | None
    position: str | None
    award: str  # the award's name (`Bằng khen của Tổng Liên đoàn Lao động Việt Nam`)
    hang: str | None  # `hạng Ba`, `cơ sở`
    issuer: str | None  # `Tổng Liên đoàn Lao động Việt Nam`
    decision_number: str | None
    decision_date: str | None
    year: int | None
    file: str


@dataclass
class Summary:
    """Everything `summarize` found, in the order people read it."""

    units: list[str]  # display names, sorted
    years: list[int | None]
    metrics: list[str]  # metric codes with a count, percent or registration, in display order
    totals: list[UnitTotals]  # one per unit and year, sorted like `units`
    cluster: list[UnitTotals]  # one per year: counts summed, shares from the summed counts
    conflicts: list[Conflict]
    comparisons: list[Comparison]
    findings: list[Finding]
    ranking: list[RankRow]  # latest year first, then by rank; units without a score last
    rules: Rules
    awards: list[AwardRow] = field(default_factory=list)  # recipients of decisions, by unit

    @property
    def year(self) -> int | None:
        """The year the summary is about: the latest one with results (figures or scores),
        else the latest one present. A report's sentence about next year's plan (`năm 2026
        phấn đấu …`) brings that year in with a target only; it is not the year summarized."""
        with_results = [t.year for t in self.totals if t.year is not None
                        and (t.counts or t.percents or t.registrations)]
        with_results += [r.year for r in self.ranking if r.year is not None and r.score is not None]
        known = with_results or [y for y in self.years if y is not None]
        return max(known) if known else None

    def totals_of(self, unit: str, year: int | None) -> UnitTotals | None:
        return next((t for t in self.totals if t.unit == unit and t.year == year), None)

    def ranking_of(self, year: int | None) -> list[RankRow]:
        return [r for r in self.ranking if r.year == year]

    def units_of(self, year: int | None) -> set[str]:
        """The member units with figures or a score that year (not the cluster itself)."""
        return ({t.unit for t in self.totals if t.year == year and t.unit in self.units}
                | {r.unit for r in self.ranking_of(year)})

    def comparisons_of(self, year: int | None) -> list[Comparison]:
        """That year's targets beside their results, with those that name no year."""
        return [c for c in self.comparisons if c.year in (year, None)]

    def findings_of(self, year: int | None) -> list[Finding]:
        """That year's rule-check findings, with those that name no year."""
        return [f for f in self.findings if f.year in (year, None)]


def metric_name(code: str) -> str:
    """The Vietnamese name of a metric code, or the code itself when unknown."""
    metric = vn.METRICS.get(code)
    return metric.name if metric else code

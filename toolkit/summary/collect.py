"""Records → each unit's figures: who a record is about, duplicates, sums and conflicts.

A record belongs to the unit it is about: an achievement, target or score to its `subject`
(the unit the figure belongs to), a registration to its `unit` (the union that sent the
list; its `subject` is the person or collective). Unit names are compared folded, with
abbreviations expanded, so `CĐCS Sở Tài chính` and `Công đoàn cơ sở Sở Tài chính` are one.

How figures from several records combine (decided for `thidua summarize`):
- the same record twice (the same file read twice, or given twice) counts once;
- registrations are counted per unit and title across all files, each person (or
  collective) once, by folded name: departments' lists of one unit add up;
- within one file, achievement counts at different places (two reward rows that are the
  same metric) are distinct parts and are summed — those read with the file's best
  confidence for that metric: a report that gives a figure in its table and again in a
  sentence (read with less confidence) counts the table's;
- across files, the same unit/year/metric is one figure: equal values are that value,
  different values are a `Conflict`. The totals then keep the value of the file with the
  highest confidence, and of those the one given first (list the file you trust first);
- reported percentages are never summed: two different ones are a conflict.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .. import vn
from ..records import Record
from .model import CLUSTER, SHARES, Conflict, UnitTotals

# The metrics of a grade the unit gives itself (`Tự xếp loại: Hoàn thành tốt nhiệm vụ`).
GRADE_METRICS = frozenset(code for code, m in vn.METRICS.items() if m.group == "xep_loai")
SCORE_METRICS = ("diem_khoi_cham", "diem_tu_cham")  # cluster score first: it is the one ranked


def unit_key(name: str) -> str:
    """The matching key of a unit's name: folded, abbreviations expanded."""
    return vn.fold(vn.expand_abbreviations(vn.nfc(name)))


def is_cluster(key: str) -> bool:
    """Whether a unit key names the cluster itself (`Khối thi đua …`), not a member union."""
    return key == "khoi" or key.startswith("khoi ")


def unit_name(record: Record) -> str | None:
    """The name of the unit a record is about, as written; None when the record does not say."""
    if record.kind == "registration" or record.subject_type in ("individual", "collective"):
        name = record.unit or (record.subject if record.subject_type == "unit" else None)
    else:
        name = record.subject or record.unit
    name = " ".join(str(name).split()) if name is not None else ""
    return name or None


@dataclass
class Item:
    """A record with the unit it belongs to (its key) and its year resolved."""

    record: Record
    key: str
    year: int | None

    @property
    def file(self) -> str:
        return self.record.source.file or "(không rõ tệp)"


@dataclass
class Collected:
    """The records sorted out by unit, ready for totals, checks, comparisons and ranking."""

    names: dict[str, str]  # unit key → display name (the first spelling seen)
    items: list[Item]
    unplaced: list[Record]  # records that name no unit
    totals: dict[tuple[str, int | None], UnitTotals] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    # (unit key, year, metric) → folded name → name as written; registrations only
    registered: dict[tuple[str, int | None, str], dict[str, str]] = field(default_factory=dict)
    # (unit key, metric) → year → folded names with that title, registered or achieved
    titled: dict[tuple[str, str], dict[int | None, set[str]]] = field(default_factory=dict)
    # (unit key, year, metric) → file → the score items of that sheet, in input order
    sheets: dict[tuple[str, int | None, str], dict[str, list[Item]]] = field(default_factory=dict)
    # (unit key, year, metric) → the files a count or percent came from
    figure_sources: dict[tuple[str, int | None, str], list[str]] = field(default_factory=dict)
    # (unit key, year, folded phrase, measure) → value of an achievement outside the vocabulary
    # (`khac`), for the target written with the same words; never totalled
    phrases: dict[tuple[str, int | None, str, str], int | float] = field(default_factory=dict)
    # recipients of awards (records of kind `award`): listed by unit, not figures of a unit
    awards: list[Item] = field(default_factory=list)

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def collect(records: list[Record]) -> Collected:
    names: dict[str, str] = {}
    items: list[Item] = []
    unplaced: list[Record] = []
    awarded: list[Record] = []
    seen: set[tuple] = set()
    # A record without a year belongs to the year of all the others, when there is one.
    years = {_year(r.year) for r in records if r.year is not None} - {None}
    only_year = next(iter(years)) if len(years) == 1 else None
    for record in records:
        identity = _identity(record)
        if identity in seen:
            continue
        seen.add(identity)
        if record.kind == "award":
            awarded.append(record)
            continue
        name = unit_name(record)
        if name is None:
            unplaced.append(record)
            continue
        key = unit_key(name)
        names[key] = _display_name(names.get(key), vn.nfc(name))
        items.append(Item(record, key, _year(record.year) if record.year is not None else only_year))

    out = Collected(names, items, unplaced)
    for record in awarded:
        # A recipient belongs to the unit printed above its group, else a collective to itself.
        name = " ".join(str(record.unit or (record.subject if record.subject_type != "individual" else "")
                            or "").split())
        key = unit_key(name) if name else ""
        out.awards.append(Item(record, key, _year(record.year) if record.year is not None else only_year))
    for item in items:  # every member has its row, even with only a target or a score
        if not is_cluster(item.key):
            _totals(out, item.key, item.year)
    _registrations(out)
    _achievements(out)
    _score_sheets(out)
    for totals in out.totals.values():
        for share in SHARES:
            part, whole = totals.counts.get(share.part), totals.counts.get(share.whole)
            if part is not None and whole:
                totals.shares[share.code] = part * 100 / whole
                totals.share_counts[share.code] = (part, whole)
    return out


def _display_name(seen: str | None, name: str) -> str:
    """The spelling a unit is shown by: the first seen, unless a later one reads better —
    written in normal case rather than in capitals (a letterhead), then spelled out rather
    than abbreviated (`Công đoàn cơ sở …` over `CĐCS …`)."""
    if seen is None:
        return name

    def quality(text: str) -> tuple[bool, int]:
        return (not text.isupper(), len(text))

    return name if quality(name) > quality(seen) else seen


def _identity(record: Record) -> tuple:
    """Two records with this equal are the same fact read twice."""
    s = record.source
    return (record.kind, record.metric, vn.fold(str(record.subject or "")), vn.fold(str(record.unit or "")),
            record.year, record.value, record.value_max, record.op, record.measure,
            vn.fold(str(record.label or "")), s.file, s.sheet, s.page, s.row, s.cell)


def _totals(out: Collected, key: str, year: int | None) -> UnitTotals:
    if (key, year) not in out.totals:
        out.totals[(key, year)] = UnitTotals(out.name(key), year)
    return out.totals[(key, year)]


def _registrations(out: Collected) -> None:
    for item in out.items:
        r = item.record
        person = " ".join(str(r.subject or "").split())
        if r.metric == vn.KHAC or not person:
            continue
        folded = vn.fold(person)
        if r.kind == "registration":
            out.registered.setdefault((item.key, item.year, r.metric), {}).setdefault(folded, person)
        if r.kind in ("registration", "achievement") and r.subject_type == "individual":
            out.titled.setdefault((item.key, r.metric), {}).setdefault(item.year, set()).add(folded)
    for (key, year, metric), people in out.registered.items():
        _totals(out, key, year).registrations[metric] = len(people)


def _achievements(out: Collected) -> None:
    """Counts and percentages per unit/year/metric: summed within a file, compared across files.

    A file listing people with a title (achievements of individuals) counts each name once.
    """
    # (unit key, year, metric, measure) → file → [(value, confidence)]
    groups: dict[tuple, dict[str, list[tuple[int | float, float]]]] = defaultdict(dict)
    people: dict[tuple, set[str]] = {}
    for item in out.items:
        r = item.record
        if r.kind != "achievement":
            continue
        if r.metric == vn.KHAC:
            if r.label and isinstance(r.value, (int, float)) and not isinstance(r.value, bool):
                measure = "percent" if r.measure == "percent" else "count"
                out.phrases.setdefault((item.key, item.year, vn.fold(r.label), measure), r.value)
            continue
        if r.subject_type == "individual":
            folded = vn.fold(str(r.subject or ""))
            named = people.setdefault((item.key, item.year, r.metric, item.file), set())
            if folded and folded not in named:
                named.add(folded)
                groups[(item.key, item.year, r.metric, "count")].setdefault(item.file, []).append(
                    (1, r.confidence))
            continue
        if r.metric in GRADE_METRICS and r.measure == "flag":
            totals = _totals(out, item.key, item.year)
            totals.grade_reported = totals.grade_reported or (r.label or vn.METRICS[r.metric].name)
            continue
        if r.measure == "flag" or not isinstance(r.value, (int, float)) or isinstance(r.value, bool):
            continue
        measure = "percent" if r.measure == "percent" else "count"
        groups[(item.key, item.year, r.metric, measure)].setdefault(item.file, []).append(
            (r.value, r.confidence))

    for (key, year, metric, measure), by_file in groups.items():
        per_file = []  # (file, value, confidence)
        for file, found in by_file.items():
            confidence = max(c for _, c in found)
            if measure == "count":
                # Parts of a figure are read the same way (rows of one table, sentences of one
                # text); a figure restated in the other way — the sentence beside the table,
                # read with less confidence — is not another part.
                parts = [v for v, c in found if c == confidence]
                per_file.append((file, _clean(sum(parts)), confidence))
            else:
                for value in dict.fromkeys(_clean(v) for v, _ in found):  # a file's distinct percentages
                    per_file.append((file, value, confidence))
        value = _settle(out, key, year, metric, measure, per_file)
        totals = _totals(out, key, year)
        (totals.percents if measure == "percent" else totals.counts)[metric] = value
        if len({round(v, 6) for _, v, _ in per_file}) > 1:
            totals.conflicted.add((metric, measure))
        out.figure_sources.setdefault((key, year, metric), []).extend(by_file)


def _settle(out: Collected, key: str, year: int | None, metric: str, measure: str,
            per_file: list[tuple[str, int | float, float]]) -> int | float:
    """The one value of several files' values; different values are recorded as a conflict."""
    distinct = {round(v, 6) for _, v, _ in per_file}
    best = max(range(len(per_file)), key=lambda i: (per_file[i][2], -i))
    chosen = per_file[best][1]
    if len(distinct) > 1:
        out.conflicts.append(Conflict(out.name(key), year, metric, measure,
                                      [(f, v) for f, v, _ in per_file], chosen))
    return chosen


def _score_sheets(out: Collected) -> None:
    for item in out.items:
        r = item.record
        if r.kind == "score" and r.metric in SCORE_METRICS and isinstance(r.value, (int, float)):
            out.sheets.setdefault((item.key, item.year, r.metric), {}).setdefault(item.file, []).append(item)


def cluster_totals(totals: list[UnitTotals], year: int | None) -> UnitTotals:
    """The cluster's row: counts and registrations summed over its units, shares computed
    only over the units that have both counts of the share (so a unit without a head count
    does not lower the cluster's rate)."""
    row = UnitTotals(CLUSTER, year)
    for t in totals:
        for table, into in ((t.counts, row.counts), (t.registrations, row.registrations)):
            for metric, value in table.items():
                into[metric] = _clean(into.get(metric, 0) + value)
    for share in SHARES:
        both = [t for t in totals if t.counts.get(share.part) is not None and t.counts.get(share.whole) is not None]
        part, whole = (_clean(sum(t.counts[m] for t in both)) for m in (share.part, share.whole))
        if both and whole:
            row.shares[share.code] = part * 100 / whole
            row.share_counts[share.code] = (part, whole)
    return row


def _year(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clean(x: int | float) -> int | float:
    """Sums of decimals without float noise; whole numbers as int."""
    x = round(x, 6)
    return int(x) if float(x).is_integer() else x

"""Records: what parsing produces and summaries consume (docs/design.md, *Records*).

One record is one fact with its provenance: a registration (a person registers a title), an
achievement (a unit's figure), a target (a pledged figure), a score, or an award (a person or
collective a decision or proposal names, with the award's form, class and issuer and the
decision's number and date). `Record.to_json` is the JSONL form (with a nested `source`);
`Record.to_row` the flat form for .csv/.xlsx/SQLite.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

KINDS = ("registration", "achievement", "target", "score", "award")
SUBJECT_TYPES = ("individual", "collective", "unit")
OPS = ("=", ">", ">=", "<", "<=", "between")
MEASURES = ("count", "percent", "points", "flag")


@dataclass
class Source:
    """Where a record was read: the file and the page or sheet/row/cell, and the text seen."""

    file: str
    page: int | None = None
    sheet: str | None = None
    row: int | None = None
    cell: str | None = None
    text: str = ""


@dataclass
class Record:
    kind: str  # registration · achievement · target · score · award
    metric: str  # a vocabulary code, or `khac` with the phrase in `label`
    source: Source
    subject: str | None = None  # a person, a collective, or the unit the figure belongs to
    subject_type: str | None = None  # individual · collective · unit
    unit: str | None = None  # the organisation that sent the file
    position: str | None = None  # chức vụ, for registrations
    year: int | None = None
    value: float | int | None = None
    value_max: float | int | None = None  # only for ranges
    op: str | None = None  # = > >= < <= between
    measure: str | None = None  # count · percent · points · flag
    label: str | None = None  # the title or phrase as written, or a grade
    confidence: float = 1.0
    # Awards (toolkit/vn/awards.py): the form (`bang_khen`), its class or CSTĐ level
    # (`ba`, `co_so`), the issuer code (`ubnd`, `tld`), and the decision that gives it.
    award: str | None = None
    award_hang: str | None = None
    issuer: str | None = None
    decision_number: str | None = None  # `640/QĐ-VNPT-CLG`
    decision_date: str | None = None  # ISO `2021-06-25`

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "source"}
        data["source"] = {k: v for k, v in asdict(self.source).items() if v not in (None, "")}
        return data

    def to_row(self) -> dict[str, Any]:
        row = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "source"}
        row.update({f"source_{k}": v for k, v in asdict(self.source).items()})
        return row

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Record":
        source = Source(**(data.get("source") or {"file": ""}))
        known = {f.name for f in fields(cls)} - {"source"}
        return cls(source=source, **{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Record":
        source = Source(**{f.name: row.get(f"source_{f.name}") for f in fields(Source)})
        source.text = source.text or ""
        source.file = source.file or ""
        known = {f.name for f in fields(cls)} - {"source"}
        return cls(source=source, **{k: row.get(k) for k in known if k in row})


COLUMNS = [f.name for f in fields(Record) if f.name != "source"] + [f"source_{f.name}" for f in fields(Source)]

"""Load the labelled extraction cases, run them, and score the records found.

A case (`cases/*.json`) is

    {"name": "...", "kind": "table" | "text", "note": "...",
     "blocks": [{"type": "line", "text": "...", "style"?, "page"?, "ocr"?},
                {"type": "table", "rows": [["STT", {"text": "95,5%", "value": 0.955}, ...]],
                 "sheet"?, "first_row"?, "page"?, "ocr"?}],
     "context": {"unit"?, "year"?, "is_plan"?, "plan_year"?},   # optional overrides
     "expected": [{"kind": ..., "metric": ..., "value": ..., ...}]}

`"set"` is optional: `holdout` cases were written before the extractor was tuned on them,
`blind` cases were labelled before it was ever run on them (the tests score `blind` cases
in the totals only, so a new blind batch can be added without failing case by case).

An expected record names only the fields it cares about; a found record matches it when
every named field is equal (numbers within 1e-6). In table cases every found record must be
expected; text cases are scored the same way, and the counts are summed per kind.

    python -m tests.corpus.evaluate      # prints precision and recall per kind
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolkit.extract import extract, file_context
from toolkit.readers.blocks import Block, Cell, Line, ReadFile, Table
from toolkit.records import Record

CASES = Path(__file__).resolve().parent / "cases"


def load_cases(kind: str | None = None) -> list[dict[str, Any]]:
    """Every case, sorted by file name; only tables or only text with `kind`."""
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CASES.glob("*.json"))]
    return [c for c in cases if kind is None or c["kind"] == kind]


def blocks_from_case(case: dict[str, Any]) -> list[Block]:
    """The `Line` and `Table` blocks a reader would have produced for the case."""
    blocks: list[Block] = []
    for b in case["blocks"]:
        if b["type"] == "line":
            blocks.append(Line(b["text"], page=b.get("page"), sheet=b.get("sheet"), row=b.get("row"),
                               ocr=b.get("ocr", False), style=b.get("style")))
        elif b["type"] == "table":
            rows = [[_cell(c) for c in row] for row in b["rows"]]
            blocks.append(Table(rows, page=b.get("page"), sheet=b.get("sheet"),
                                first_row=b.get("first_row"), ocr=b.get("ocr", False)))
        else:
            raise ValueError(f"{case['name']}: unknown block type {b['type']!r}")
    return blocks


def read_from_case(case: dict[str, Any]) -> ReadFile:
    blocks = blocks_from_case(case)
    kind = "xlsx" if any(isinstance(b, Table) and b.sheet for b in blocks) else "docx"
    return ReadFile(path=Path(f"{case['name']}.{kind}"), kind=kind, blocks=blocks)


def run_case(case: dict[str, Any]) -> list[Record]:
    """The records `extract` finds in a case (its context overrides applied)."""
    read = read_from_case(case)
    ctx = file_context(read)
    if case.get("context"):
        ctx = replace(ctx, **case["context"])
    return extract(read, context=ctx)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


def matches(expected: dict[str, Any], record: Record) -> bool:
    """Whether a record has every field the expected one names."""
    for name, want in expected.items():
        got = getattr(record, name)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, (int, float)):
            if abs(got - want) > 1e-6:
                return False
        elif got != want:
            return False
    return True


def match(expected: list[dict[str, Any]], got: list[Record]) -> tuple[Score, list[dict], list[Record]]:
    """Pair expected with found records one to one: the score, what was missed, what is extra.

    The most specific expectations are placed first so that a loose one cannot take the
    record a specific one needs.
    """
    free = list(got)
    missed = []
    for want in sorted(expected, key=len, reverse=True):
        hit = next((r for r in free if matches(want, r)), None)
        if hit is None:
            missed.append(want)
        else:
            free.remove(hit)
    score = Score(tp=len(expected) - len(missed), fp=len(free), fn=len(missed))
    return score, missed, free


def evaluate(cases: list[dict[str, Any]] | None = None) -> dict[str, Score]:
    """Summed scores per case kind (`table`, `text`) over the corpus."""
    totals: dict[str, Score] = {}
    for case in cases if cases is not None else load_cases():
        score, _, _ = match(case["expected"], run_case(case))
        totals.setdefault(case["kind"], Score()).add(score)
    return totals


def report(totals: dict[str, Score]) -> str:
    lines = []
    for kind, s in sorted(totals.items()):
        lines.append(f"{kind:6} precision {s.precision:6.1%}  recall {s.recall:6.1%}  "
                     f"(tp {s.tp}, fp {s.fp}, fn {s.fn})")
    return "\n".join(lines)


def _cell(c: Any) -> Cell:
    if isinstance(c, dict):
        return Cell(c.get("text", ""), c.get("value"), c.get("ref"))
    return Cell("" if c is None else str(c))


def main(argv: list[str] | None = None) -> int:
    cases = load_cases()
    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    if verbose:
        for case in cases:
            score, missed, extra = match(case["expected"], run_case(case))
            if missed or extra:
                print(f"== {case['name']}")
                for m in missed:
                    print("   missed", m)
                for r in extra:
                    print("   extra ", r.kind, r.metric, r.subject, r.value, r.op, r.measure, r.label)
    print(report(evaluate(cases)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

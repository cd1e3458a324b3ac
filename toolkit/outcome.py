"""What a batch command did, in one shape for every command: `Failure` and `Outcome`.

A batch never dies on one bad input: `generate`, `parse`, `convert pdf` and the demo each say
what they wrote, what they skipped (`--resume`) and what failed, one `Failure` per input with
its Vietnamese message and, when known, where in it (sheet, row, cell or page). The CLI prints
an `Outcome` and exits 1 when it holds failures; `write_failures` leaves the failure table for
the office (`--report-errors FILE.csv`): UTF-8 with BOM so Excel shows the diacritics, written
atomically, and even when nothing failed, so a script or a person can always open it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from .errors import ThiduaError
from .files import atomic_path
from .safety import csv_safe

HEADER = ("Tệp/văn bản", "Lỗi", "Vị trí")


@dataclass
class Failure:
    """One input that failed: the document or file, the message, and where in it."""

    what: str
    message: str
    where: str | None = None


@dataclass
class Outcome:
    """What a batch wrote, skipped as already done (`--resume`), and could not do."""

    written: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def merge(self, other: "Outcome") -> "Outcome":
        """Add another batch's results to this one (the demo's steps, a batch's PDF copies)."""
        self.written += other.written
        self.failures += other.failures
        self.skipped += other.skipped
        return self


def failures_from_error(exc: ThiduaError, what: str | Path) -> list[Failure]:
    """A run that stopped before any input (bad template, bad data workbook): each of its
    problems as a failure, named by the file the problem is in, else by `what`."""
    problems = getattr(exc, "problems", None) or [exc]
    out = []
    for problem in problems:
        location = getattr(problem, "location", None)
        where = str(replace(location, file=None)) if location else ""
        out.append(Failure(location.file if location and location.file else str(what),
                           getattr(problem, "message", str(problem)), where or None))
    return out


def write_failures(path: str | Path, failures: Iterable[Failure]) -> Path:
    """Write the failure table; replaces an older table."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ThiduaError("bảng lỗi phải là tệp .csv.", file=str(path))
    try:
        with atomic_path(path) as tmp:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADER)
                for f in failures:
                    writer.writerow([csv_safe(str(f.what)), csv_safe(str(f.message)), csv_safe(f.where or "")])
    except OSError as exc:
        raise ThiduaError(f"không ghi được bảng lỗi: {exc.strerror}.", file=str(path)) from None
    return path

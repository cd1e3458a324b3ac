"""The failure table a batch leaves behind for the office (`--report-errors FILE.csv`).

One row per input that failed: the file or document, the Vietnamese message, and where in it
(sheet, row, cell or page) when known. Written as UTF-8 with BOM so Excel shows the diacritics,
atomically, and even when nothing failed, so a script or a person can always open it.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable

from .errors import ThiduaError
from .safety import csv_safe
from .write import atomic_path

HEADER = ("Tệp/văn bản", "Lỗi", "Vị trí")


def write_failures(path: str | Path, rows: Iterable[tuple[str, str, str | None]]) -> Path:
    """Write (what, message, where) rows as the failure table; replaces an older table."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ThiduaError("bảng lỗi phải là tệp .csv.", file=str(path))
    try:
        with atomic_path(path) as tmp:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADER)
                for what, message, where in rows:
                    writer.writerow([csv_safe(str(what)), csv_safe(str(message)), csv_safe(where or "")])
    except OSError as exc:
        raise ThiduaError(f"không ghi được bảng lỗi: {exc.strerror}.", file=str(path)) from None
    return path

"""Records to files and back: .jsonl, .csv, .xlsx and the SQLite store.

SQLite is the embedded store: records are keyed by the content hash of the file they came
from and their position in it, so parsing the same file again replaces its records instead
of adding them twice; a `files` table keeps each input's status and error. A record a person
reviewed (`toolkit/review.py`: accepted, corrected or deleted) is never replaced by parsing
its file again, and a deleted one is not read back (docs/design.md, *Review*). Spreadsheet
outputs never let a value run as a formula (see `safety`).
"""
from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .errors import ThiduaError
from .files import atomic_path
from .records import COLUMNS, Record
from .safety import append_data_row, csv_safe
from .vn import METRICS

FORMATS = (".jsonl", ".csv", ".xlsx", ".sqlite")


@dataclass
class FileStatus:
    """One input of a parse run, as the `files` table records it."""

    path: str
    hash: str
    status: str  # "ok" or "error"
    error: str | None = None
    records: int = 0
    where: str | None = None  # sheet, row, cell or page of the error, when known (not stored)
    notes: tuple[str, ...] = ()  # the reader's remarks (renamed, repaired, pages read by OCR; not stored)


def write_records(out: Path, records: Sequence[Record], files: Sequence[FileStatus] = (), *,
                  force: bool = False) -> Path:
    """Write records in the format the suffix names; SQLite is updated in place."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ThiduaError(f"định dạng kết quả phải là một trong {', '.join(FORMATS)}.", file=str(out))
    if suffix == ".sqlite":
        return _write_sqlite(out, records, files)
    if out.exists() and not force:
        raise ThiduaError("tệp đã có; không ghi đè. Dùng --force để ghi đè hoặc ghi vào .sqlite để cập nhật.",
                          file=str(out))
    with atomic_path(out) as tmp:
        {".jsonl": _write_jsonl, ".csv": _write_csv, ".xlsx": _write_xlsx}[suffix](tmp, records)
    return out


def _write_jsonl(path: Path, records: Iterable[Record]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")


def _write_csv(path: Path, records: Iterable[Record]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for record in records:
            row = record.to_row()
            writer.writerow([csv_safe(row[c]) if row[c] is not None else "" for c in COLUMNS])


# The .xlsx of records is for the office: Vietnamese column names and values, the metric's
# name beside its code. Reading it back maps them to the record's fields again (files written
# with the field names, as before, read too).
SHEET_HEADERS = {
    "kind": "Loại", "metric": "Mã chỉ tiêu", "subject": "Đối tượng", "subject_type": "Loại đối tượng",
    "unit": "Đơn vị", "position": "Chức vụ", "year": "Năm", "value": "Giá trị", "value_max": "Giá trị đến",
    "op": "So sánh", "measure": "Đơn vị đo", "label": "Nội dung như văn bản ghi", "confidence": "Độ tin cậy",
    "award": "Hình thức khen thưởng", "award_hang": "Hạng, cấp", "issuer": "Cấp khen",
    "decision_number": "Số quyết định", "decision_date": "Ngày quyết định", "source_file": "Tệp nguồn",
    "source_page": "Trang", "source_sheet": "Trang tính", "source_row": "Dòng", "source_cell": "Ô",
    "source_text": "Văn bản đọc được",
}
METRIC_NAME = "Tên chỉ tiêu"  # shown after the code; not read back
SHEET_VALUES = {
    "kind": {"registration": "đăng ký", "achievement": "thành tích", "target": "chỉ tiêu", "score": "điểm",
             "award": "khen thưởng"},
    "subject_type": {"individual": "cá nhân", "collective": "tập thể", "unit": "đơn vị"},
    "measure": {"count": "số lượng", "percent": "tỷ lệ %", "points": "điểm", "flag": "có/không"},
}
_FIELDS = {label: name for name, label in SHEET_HEADERS.items()}
_CODES = {name: {v: k for k, v in values.items()} for name, values in SHEET_VALUES.items()}


def _write_xlsx(path: Path, records: Iterable[Record]) -> None:
    """Streamed (write-only): each cell goes straight to the file as XML instead of staying in
    memory as a Python object until the end (two million of them for 100,000 records)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("ban_ghi")
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        for label in (SHEET_HEADERS.get(name, name), *((METRIC_NAME,) if name == "metric" else ())):
            cell = WriteOnlyCell(ws, value=label)
            cell.font = bold
            header.append(cell)
    ws.append(header)
    for record in records:
        row = record.to_row()
        values = []
        for name in COLUMNS:
            values.append(SHEET_VALUES.get(name, {}).get(row[name], row[name]))
            if name == "metric":
                values.append(METRICS[row[name]].name if row[name] in METRICS else row["label"])
        append_data_row(ws, values)
    wb.save(path)


def _from_sheet(row: dict) -> dict:
    """A row of our records .xlsx with the record's field names and codes again."""
    out = {}
    for key, value in row.items():
        name = _FIELDS.get(key, key)
        if name == METRIC_NAME:
            continue
        out[name] = _CODES.get(name, {}).get(value, value)
    return out


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS files (
    hash TEXT PRIMARY KEY, path TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
    records INTEGER NOT NULL DEFAULT 0, parsed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    file_hash TEXT NOT NULL, seq INTEGER NOT NULL, {", ".join(f'"{c}"' for c in COLUMNS)},
    PRIMARY KEY (file_hash, seq));
CREATE INDEX IF NOT EXISTS records_metric ON records(metric, unit, year);
CREATE TABLE IF NOT EXISTS corrections (
    file_hash TEXT NOT NULL, seq INTEGER NOT NULL, field TEXT NOT NULL, old TEXT, new TEXT,
    who TEXT NOT NULL, at TEXT NOT NULL);
"""

# A person's review of a record (toolkit/review.py): NULL while nobody looked at it, else
# `accepted`, `corrected` or `deleted`, with who and when.
REVIEW_COLUMNS = ("review", "reviewed_by", "reviewed_at")
DELETED = "deleted"


def _write_sqlite(path: Path, records: Sequence[Record], files: Sequence[FileStatus]) -> Path:
    with _opened(path) as db:  # one transaction: an interrupted write leaves the store as it was
        store_into(db, records, files)
    return path


@contextmanager
def _opened(path: Path) -> Iterator[sqlite3.Connection]:
    """The store at `path`, its tables made sure of (an older one gains the new columns), in
    one transaction; a file that is no SQLite database is a `ThiduaError` naming it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as exc:
        raise ThiduaError(f"không mở được cơ sở dữ liệu SQLite: {exc}", file=str(path)) from None
    try:
        with db:
            db.executescript(_SCHEMA)
            _add_new_columns(db)
            yield db
    except sqlite3.DatabaseError as exc:
        raise ThiduaError(f"tệp không phải cơ sở dữ liệu SQLite hợp lệ ({exc}).", file=str(path)) from None
    finally:
        db.close()


def store_into(db: sqlite3.Connection, records: Sequence[Record], files: Sequence[FileStatus]) -> None:
    """Put files' statuses and records into an open store, inside the caller's transaction
    (the web server marks the upload read in the same one)."""
    by_file = {f.path: f for f in files}
    placeholders = ", ".join("?" for _ in range(len(COLUMNS) + 2))
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for status in files:  # a reviewed record stays; the parser's new reading fills the rest
        db.execute("DELETE FROM records WHERE file_hash = ? AND review IS NULL", (status.hash,))
        db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                   (status.hash, status.path, status.status, status.error, status.records, now))
    seq: dict[str, int] = {}
    for record in records:
        status = by_file.get(record.source.file)
        key = status.hash if status else hashlib.sha256(record.source.file.encode()).hexdigest()
        seq[key] = seq.get(key, 0) + 1
        row = record.to_row()
        db.execute(f"INSERT OR IGNORE INTO records ({_NAMES}) VALUES ({placeholders})",
                   [key, seq[key]] + [row[c] for c in COLUMNS])


_NAMES = ", ".join(f'"{c}"' for c in ["file_hash", "seq", *COLUMNS])


def _columns(db: sqlite3.Connection) -> list[str]:
    return [row[1] for row in db.execute("PRAGMA table_info(records)")]


def _add_new_columns(db: sqlite3.Connection) -> None:
    """A store written by an older version gains the record fields added since (awards,
    review): its records keep their values and read back with the new fields empty."""
    have = set(_columns(db))
    for name in (*COLUMNS, *REVIEW_COLUMNS):
        if name not in have:
            db.execute(f'ALTER TABLE records ADD COLUMN "{name}"')


def ensure_store(path: Path) -> None:
    """Create the store's tables (or add the columns an older version lacks) before use."""
    with _opened(path):
        pass


def parsed_hashes(path: Path) -> set[str]:
    """Content hashes of the files a SQLite store holds as parsed without error."""
    if path.suffix.lower() != ".sqlite":
        raise ThiduaError("chỉ đọc tiếp được từ kết quả .sqlite.", file=str(path))
    if not path.exists():
        return set()
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {h for (h,) in db.execute("SELECT hash FROM files WHERE status = 'ok'")}
        finally:
            db.close()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return set()
        raise ThiduaError(f"tệp không phải cơ sở dữ liệu SQLite hợp lệ ({exc}).", file=str(path)) from None
    except sqlite3.DatabaseError as exc:
        raise ThiduaError(f"tệp không phải cơ sở dữ liệu SQLite hợp lệ ({exc}).", file=str(path)) from None


def read_records(path: Path) -> list[Record]:
    """Records from any of the formats `write_records` writes."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ThiduaError("không tìm thấy tệp bản ghi.", file=str(path))
    # Line by line: the text of a big file is not held next to its records.
    if suffix == ".jsonl" or suffix == ".json":
        out = []
        with open(path, encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    try:
                        out.append(Record.from_json(json.loads(line)))
                    except (ValueError, TypeError) as exc:
                        raise ThiduaError(f"dòng không phải bản ghi JSON hợp lệ: {exc}", file=path.name,
                                          row=number) from None
        return out
    if suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [Record.from_row(_typed(row)) for row in csv.DictReader(fh)]
    if suffix == ".xlsx":
        wb = load_workbook(path, read_only=True, data_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h) for h in next(rows, ())]
        return [Record.from_row(_typed(_from_sheet(dict(zip(header, row)))))
                for row in rows if any(v is not None for v in row)]
    if suffix == ".sqlite":
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            have = set(_columns(db))
            names = [c for c in COLUMNS if c in have]  # an older store lacks the newest fields
            kept = f"WHERE review IS NOT '{DELETED}' " if "review" in have else ""
            cursor = db.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in names)} FROM records "
                                f"{kept}ORDER BY file_hash, seq")
            return [Record.from_row(dict(zip(names, row))) for row in cursor]
        finally:
            db.close()
    raise ThiduaError(f"không đọc được bản ghi từ định dạng {suffix}; dùng {', '.join(FORMATS)}.", file=path.name)


_NUMERIC = ("year", "value", "value_max", "confidence", "source_page", "source_row")


def _typed(row: dict) -> dict:
    """CSV and spreadsheet cells back to the record's types (numbers, None for empty)."""
    out = {}
    for key, value in row.items():
        if value == "" or value is None:
            out[key] = None
            continue
        if isinstance(value, str) and value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
            value = value[1:]
        if key in _NUMERIC and isinstance(value, str):
            number = float(value)
            value = int(number) if number.is_integer() and key != "confidence" else number
        out[key] = value
    return out

"""A person's review of parsed records: list them, accept, correct or delete one, with who and when.

No reader of real documents is always right, so a clerk confirms records beside their source
(docs/design.md, *Review*). The review lives in the SQLite store itself (`store.py`): the
record's row holds the corrected values and its review state, the `corrections` table every
change with the value before it. So `thidua summarize STORE.sqlite`, the exports and the web
page all see the corrected records, deleted ones are never read back, and parsing the file
again leaves reviewed records as they are.

A record's id is its place in the store, `HASH16-SEQ` (the first 16 hex digits of its file's
content hash and its position in the file): it does not change when the file is read again.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from . import vn
from .errors import ThiduaError
from .extract.scores import CLUSTER_SCORE, SELF_SCORE
from .records import COLUMNS, KINDS, Record
from .store import DELETED, REVIEW_COLUMNS, ensure_store

ACCEPTED, CORRECTED = "accepted", "corrected"
EDITABLE = ("value", "metric", "subject", "unit", "kind")
FIELD_NAMES = {"value": "giá trị", "metric": "chỉ tiêu", "subject": "đối tượng", "unit": "đơn vị",
               "kind": "loại", "review": "rà soát"}
KIND_NAMES = {"registration": "đăng ký", "achievement": "kết quả", "target": "chỉ tiêu",
              "score": "điểm", "award": "khen thưởng"}
REVIEW_NAMES = {None: "chưa rà soát", ACCEPTED: "đã chấp nhận", CORRECTED: "đã sửa", DELETED: "đã xóa"}


@dataclass
class Reviewed:
    """A record of the store with its id and review state."""

    id: str
    record: Record
    file_hash: str
    review: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None

    @property
    def needs_review(self) -> bool:
        """Not yet looked at, and not read with full confidence."""
        return self.review is None and (self.record.confidence or 0) < 1

    def to_json(self) -> dict:
        return {"id": self.id, **self.record.to_json(), "review": self.review,
                "reviewed_by": self.reviewed_by, "reviewed_at": self.reviewed_at}


@dataclass
class Filters:
    """What the review table shows; empty means any."""

    file: str | None = None  # a file's content hash (or its first characters)
    unit: str | None = None
    kind: str | None = None
    needs_review: bool = False
    flagged: frozenset[str] = frozenset()  # units a rule finds a problem with: their records need review too
    deleted: bool = False  # show deleted records too
    limit: int = 200
    offset: int = 0


def record_id(file_hash: str, seq: int) -> str:
    return f"{file_hash[:16]}-{seq}"


_ready: set[Path] = set()  # stores whose tables this process has made sure of


@contextmanager
def _open(path: Path) -> Iterator[sqlite3.Connection]:
    if path not in _ready or not path.exists():
        ensure_store(path)
        _ready.add(path)
    db = sqlite3.connect(path, timeout=30)
    try:
        yield db
    finally:
        db.close()


_SELECT = ", ".join(f'"{c}"' for c in ("file_hash", "seq", *COLUMNS, *REVIEW_COLUMNS))


def _reviewed(row: tuple) -> Reviewed:
    names = ("file_hash", "seq", *COLUMNS, *REVIEW_COLUMNS)
    data = dict(zip(names, row))
    record = Record.from_row({c: data[c] for c in COLUMNS})
    return Reviewed(record_id(data["file_hash"], data["seq"]), record, data["file_hash"],
                    data["review"], data["reviewed_by"], data["reviewed_at"])


def list_records(path: Path, filters: Filters = Filters()) -> tuple[list[Reviewed], int]:
    """The records the filters let through, in file order, and how many there are in all."""
    where, params = _where(filters)
    with _open(path) as db:
        total = db.execute(f"SELECT COUNT(*) FROM records {where}", params).fetchone()[0]
        rows = db.execute(f"SELECT {_SELECT} FROM records {where} ORDER BY file_hash, seq LIMIT ? OFFSET ?",
                          [*params, filters.limit, filters.offset]).fetchall()
    return [_reviewed(r) for r in rows], total


def _where(filters: Filters) -> tuple[str, list]:
    clauses, params = [], []
    if not filters.deleted:
        clauses.append(f"review IS NOT '{DELETED}'")
    if filters.file:
        clauses.append("file_hash LIKE ?")
        params.append(filters.file.lower() + "%")
    if filters.unit:
        clauses.append("(unit = ? OR subject = ?)")
        params += [filters.unit, filters.unit]
    if filters.kind:
        clauses.append("kind = ?")
        params.append(filters.kind)
    if filters.needs_review:
        flagged = sorted(filters.flagged)
        units = f" OR unit IN ({', '.join('?' for _ in flagged)})" if flagged else ""
        clauses.append(f"review IS NULL AND (COALESCE(confidence, 0) < 1{units})")
        params += flagged
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def get(path: Path, rid: str) -> Reviewed:
    """One record by its id; a clear error when there is none."""
    prefix, seq = _split(rid)
    with _open(path) as db:
        row = db.execute(f"SELECT {_SELECT} FROM records WHERE file_hash LIKE ? AND seq = ?",
                         (prefix + "%", seq)).fetchone()
    if row is None:
        raise ThiduaError(f"không có bản ghi mã '{rid}'.")
    return _reviewed(row)


def _split(rid: str) -> tuple[str, int]:
    prefix, _, seq = str(rid).partition("-")
    if len(prefix) != 16 or not all(c in "0123456789abcdef" for c in prefix) or not seq.isdigit():
        raise ThiduaError(f"mã bản ghi '{rid}' không đúng dạng (16 chữ số hex, dấu '-', số thứ tự).")
    return prefix, int(seq)


def correct(path: Path, rid: str, changes: dict, who: str) -> Reviewed:
    """Change some of a record's fields (`EDITABLE`), noting each change with who and when."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ThiduaError(f"không sửa được trường {', '.join(unknown)}; chỉ sửa được: "
                          + ", ".join(f"{k} ({FIELD_NAMES[k]})" for k in EDITABLE) + ".")
    current = get(path, rid).record.to_row()
    clean = {}
    for name, value in changes.items():  # a field sent as it is (a whole form) is no correction
        if str(current.get(name) or "") == str(value if value is not None else "").strip():
            continue
        checked = _checked(name, value)
        if checked != current.get(name):
            clean[name] = checked
    return _change(path, rid, clean, CORRECTED if clean else ACCEPTED, who)


def accept(path: Path, rid: str, who: str) -> Reviewed:
    """The record is right as read."""
    return _change(path, rid, {}, ACCEPTED, who)


def delete(path: Path, rid: str, who: str) -> Reviewed:
    """The record is not a fact of the document (read by mistake): kept, but never used."""
    return _change(path, rid, {}, DELETED, who)


def _change(path: Path, rid: str, changes: dict, state: str, who: str) -> Reviewed:
    current = get(path, rid)
    _, seq = _split(rid)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    old = current.record.to_row()
    if current.review == CORRECTED and state == ACCEPTED:
        state = CORRECTED  # accepting a corrected record keeps it marked as corrected
    with _open(path) as db, db:
        for name, value in changes.items():
            db.execute(f'UPDATE records SET "{name}" = ? WHERE file_hash = ? AND seq = ?',
                       (value, current.file_hash, seq))
            db.execute("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (current.file_hash, seq, name, _text(old.get(name)), _text(value), who, now))
        if state != current.review:
            db.execute("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (current.file_hash, seq, "review", current.review, state, who, now))
        if changes or state != current.review:
            db.execute("UPDATE records SET review = ?, reviewed_by = ?, reviewed_at = ? WHERE file_hash = ? AND seq = ?",
                       (state, who, now, current.file_hash, seq))
    return get(path, rid)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _checked(name: str, value):
    """A corrected value in the record's own type, or a message saying what to write."""
    if name == "value":
        if value in (None, ""):
            return None
        try:
            return vn.parse_number(str(value).rstrip("%").strip() if isinstance(value, str) else value)
        except ValueError:
            raise ThiduaError(f"giá trị '{value}' không phải số; hãy viết số như 45, 95,5 hoặc 10.141.") from None
    if name == "metric":
        text = str(value or "").strip()
        if text in vn.METRICS or text in (vn.KHAC, SELF_SCORE, CLUSTER_SCORE):
            return text
        found = next((m.code for m in vn.METRICS.values() if vn.slug(m.name) == vn.slug(text)), None)
        if found is None:
            metric = vn.find_metric(text)
            found = metric.code if metric else None
        if found is None:
            raise ThiduaError(f"chỉ tiêu '{text}' không có trong danh mục; chọn một chỉ tiêu trong danh sách "
                              "(ví dụ lao_dong_tien_tien hoặc 'Lao động tiên tiến').")
        return found
    if name == "kind":
        text = str(value or "").strip()
        code = text if text in KINDS else next((k for k, v in KIND_NAMES.items() if v == text.lower()), None)
        if code is None:
            raise ThiduaError(f"loại '{text}' không đúng; dùng một trong: "
                              + ", ".join(f"{k} ({v})" for k, v in KIND_NAMES.items()) + ".")
        return code
    text = " ".join(str(value or "").split())
    return vn.nfc(text) or None


def history(path: Path, rid: str) -> list[dict]:
    """Every change to a record, oldest first: field, before, after, who, when."""
    prefix, seq = _split(rid)
    with _open(path) as db:
        rows = db.execute("SELECT field, old, new, who, at FROM corrections WHERE file_hash LIKE ? AND seq = ? "
                          "ORDER BY rowid", (prefix + "%", seq)).fetchall()
    return [dict(zip(("field", "old", "new", "who", "at"), r)) for r in rows]


def counts(path: Path) -> dict[str, int]:
    """How many records the store holds, how many wait for review, how many were reviewed."""
    with _open(path) as db:
        row = db.execute(f"SELECT COUNT(*), SUM(review IS NULL AND COALESCE(confidence, 0) < 1), "
                         f"SUM(review IS NOT NULL) FROM records WHERE review IS NOT '{DELETED}'").fetchone()
    return {"records": row[0] or 0, "needs_review": row[1] or 0, "reviewed": row[2] or 0}


def units(path: Path) -> list[str]:
    """The units the records name, for the review page's filter."""
    with _open(path) as db:
        return [u for (u,) in db.execute(f"SELECT DISTINCT unit FROM records WHERE unit IS NOT NULL "
                                         f"AND review IS NOT '{DELETED}' ORDER BY unit")]


def stamp(path: Path) -> tuple:
    """What changes whenever records do: a file read (its time), a review (a correction row),
    the number of records. Cheap, so a cache of what is computed from all records can ask it
    on every request (file times cannot: SQLite removes its WAL file and writes in place)."""
    with _open(path) as db:
        return db.execute("SELECT (SELECT COUNT(*) FROM records), (SELECT MAX(parsed_at) FROM files), "
                          "(SELECT COUNT(*) FROM files), (SELECT COUNT(*) FROM corrections)").fetchone()


def years(path: Path) -> list[int]:
    """The years the records are about, latest first, for the summary page's choice."""
    with _open(path) as db:
        return [y for (y,) in db.execute(f"SELECT DISTINCT year FROM records WHERE year IS NOT NULL "
                                         f"AND review IS NOT '{DELETED}' ORDER BY year DESC")]

"""Jobs in the store: a batch of uploaded files to read, or documents to make, and their progress.

Jobs live in the same SQLite file as the records (WAL, so pages read while a job writes), in
two tables: `jobs` and `job_files`. A file's row turns from `queued` to `ok`, `reused` (the
same content was read before) or `error` in the same moment its records are stored, so a
server killed mid-batch restarts with every finished file and resumes at the first queued
one (docs/design.md, *Web*).
"""
from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..store import ensure_store

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUS_NAMES = {QUEUED: "đang chờ", RUNNING: "đang chạy", DONE: "xong", FAILED: "lỗi",
                "ok": "đã đọc", "reused": "đã đọc trước đó", "error": "lỗi"}

_SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, who TEXT,
    created TEXT NOT NULL, finished TEXT, total INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0, params TEXT NOT NULL DEFAULT '{}', result TEXT);
CREATE TABLE IF NOT EXISTS job_files (
    job TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL,
    hash TEXT, status TEXT NOT NULL, error TEXT, place TEXT, notes TEXT, records INTEGER,
    PRIMARY KEY (job, seq));
CREATE INDEX IF NOT EXISTS job_files_hash ON job_files(hash);
"""


@dataclass
class JobFile:
    seq: int
    name: str  # as the person uploaded it (inside a ZIP: with its folder)
    path: str  # where it is under --data
    hash: str | None
    status: str  # queued · ok · reused · error
    error: str | None = None
    place: str | None = None  # sheet, row or page of the error
    notes: list[str] = field(default_factory=list)
    records: int | None = None

    def to_json(self) -> dict:
        return {"name": self.name, "status": self.status, "status_text": STATUS_NAMES.get(self.status, self.status),
                "error": self.error, "where": self.place, "notes": self.notes, "records": self.records,
                "hash": self.hash}


@dataclass
class Job:
    id: str
    kind: str  # parse · generate
    status: str
    who: str | None
    created: str
    finished: str | None
    total: int
    done: int
    params: dict
    result: dict | None
    files: list[JobFile] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "status": self.status,
                "status_text": STATUS_NAMES.get(self.status, self.status), "created": self.created,
                "finished": self.finished, "total": self.total, "done": self.done,
                "progress": round(self.done / self.total, 3) if self.total else (1.0 if self.status == DONE else 0.0),
                "result": self.result, "files": [f.to_json() for f in self.files]}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Jobs:
    """The jobs tables of one store; every write goes through one lock (one writer)."""

    def __init__(self, store: Path):
        self.store = store
        self.lock = threading.Lock()
        ensure_store(store)
        with self.connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.store, timeout=30)
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction, one writer at a time."""
        with self.lock, self.connect() as db, db:
            yield db

    def create(self, kind: str, who: str | None, params: dict, files: list[tuple[str, Path]] = (),
               result: dict | None = None) -> str:
        job = secrets.token_hex(8)
        with self.writing() as db:
            db.execute("INSERT INTO jobs (id, kind, status, who, created, total, params, result) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (job, kind, QUEUED, who, now(), len(files), json.dumps(params, ensure_ascii=False),
                        json.dumps(result, ensure_ascii=False) if result else None))
            db.executemany("INSERT INTO job_files (job, seq, name, path, status) VALUES (?, ?, ?, ?, ?)",
                           [(job, i, name, str(path), QUEUED) for i, (name, path) in enumerate(files, 1)])
        return job

    def get(self, job: str) -> Job | None:
        with self.connect() as db:
            row = db.execute("SELECT id, kind, status, who, created, finished, total, done, params, result "
                             "FROM jobs WHERE id = ?", (job,)).fetchone()
            if row is None:
                return None
            files = db.execute("SELECT seq, name, path, hash, status, error, place, notes, records FROM job_files "
                               "WHERE job = ? ORDER BY seq", (job,)).fetchall()
        found = Job(*row[:8], json.loads(row[8] or "{}"), json.loads(row[9]) if row[9] else None)
        found.files = [JobFile(*f[:7], json.loads(f[7]) if f[7] else [], f[8]) for f in files]
        return found

    def recent(self, kind: str | None = None, limit: int = 20) -> list[Job]:
        with self.connect() as db:
            ids = [r[0] for r in db.execute(
                "SELECT id FROM jobs " + ("WHERE kind = ? " if kind else "") + "ORDER BY created DESC, rowid DESC LIMIT ?",
                ((kind, limit) if kind else (limit,)))]
        return [j for j in map(self.get, ids) if j]

    def unfinished(self, kind: str) -> list[str]:
        """Jobs to run: queued ones, and those a stopped server left running, oldest first."""
        with self.connect() as db:
            return [r[0] for r in db.execute("SELECT id FROM jobs WHERE kind = ? AND status IN (?, ?) ORDER BY rowid",
                                             (kind, QUEUED, RUNNING))]

    def set_status(self, job: str, status: str, result: dict | None = None, total: int | None = None) -> None:
        with self.writing() as db:
            finished = now() if status in (DONE, FAILED) else None
            db.execute("UPDATE jobs SET status = ?, finished = ?, result = COALESCE(?, result), "
                       "total = COALESCE(?, total) WHERE id = ?",
                       (status, finished, json.dumps(result, ensure_ascii=False) if result is not None else None,
                        total, job))

    def set_done(self, job: str, done: int) -> None:
        with self.writing() as db:
            db.execute("UPDATE jobs SET done = ? WHERE id = ?", (done, job))

    def file_done(self, db: sqlite3.Connection, job: str, seq: int, *, hash: str, status: str,
                  error: str | None = None, place: str | None = None, notes=(), records: int = 0) -> None:
        """Mark one file read, inside the caller's transaction (the one storing its records)."""
        db.execute("UPDATE job_files SET hash = ?, status = ?, error = ?, place = ?, notes = ?, records = ? "
                   "WHERE job = ? AND seq = ?",
                   (hash, status, error, place, json.dumps(list(notes), ensure_ascii=False) if notes else None,
                    records, job, seq))
        db.execute("UPDATE jobs SET done = (SELECT COUNT(*) FROM job_files WHERE job = ? AND status != ?) "
                   "WHERE id = ?", (job, QUEUED, job))

    def path_of(self, file_hash: str) -> tuple[str, Path] | None:
        """An uploaded file with this content (its shown name and where it is), to show a record's source."""
        with self.connect() as db:
            for name, path in db.execute("SELECT name, path FROM job_files WHERE hash = ? ORDER BY rowid DESC",
                                         (file_hash,)):
                if Path(path).is_file():
                    return name, Path(path)
        return None

    def files(self) -> list[dict]:
        """Every file read into the store, newest first: for the review and summary pages' choices."""
        with self.connect() as db:
            rows = db.execute("SELECT f.hash, f.path, f.status, f.records, f.parsed_at, "
                              "(SELECT COUNT(*) FROM records r WHERE r.file_hash = f.hash AND r.kind = 'target' "
                              "AND r.review IS NOT 'deleted') FROM files f ORDER BY f.parsed_at DESC, f.path").fetchall()
        return [dict(zip(("hash", "name", "status", "records", "parsed_at", "targets"), r)) for r in rows]

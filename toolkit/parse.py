"""Parse returned files into records: find → read → extract, one file at a time.

Every supported file under the given paths is read into blocks and extracted into records;
a file that cannot be read is recorded with its reason and the batch goes on. With several
jobs, files are parsed in parallel processes (and each OCRs its pages one at a time); a
single scanned file instead gets all the jobs for its pages.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

from .errors import ThiduaError
from .readers import SUPPORTED
from .records import Record
from .store import FileStatus, file_hash



@dataclass
class ParseResult:
    records: list[Record] = field(default_factory=list)
    files: list[FileStatus] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # already parsed, by content (resume)

    @property
    def failures(self) -> list[FileStatus]:
        return [f for f in self.files if f.status != "ok"]


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """The supported files named or under the named folders, in a stable order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith((".~", "~$")))
        elif path.exists():
            found.append(path)
        else:
            raise ThiduaError("không tìm thấy tệp hoặc thư mục.", file=str(path))
    return list(dict.fromkeys(found))


def parse_file(path: Path, *, ocr: str = "auto", jobs: int = 1) -> tuple[list[Record], FileStatus]:
    """Read and extract one file; a user-fixable problem becomes an error status, not an exception."""
    from .extract import extract
    from .readers import read

    digest = file_hash(path)
    try:
        records = extract(read(path, ocr=ocr, jobs=jobs))
    except ThiduaError as exc:
        return [], FileStatus(str(path), digest, "error", exc.message,
                              where=str(replace(exc.location, file=None)) or None)
    except Exception as exc:  # a bug must not cost the rest of the batch; it is reported, not hidden
        return [], FileStatus(str(path), digest, "error",
                              f"lỗi chương trình khi đọc tệp ({type(exc).__name__}: {exc}); xin báo cho nhóm phát triển.")
    for record in records:
        record.source.file = str(path)
    return records, FileStatus(str(path), digest, "ok", records=len(records))


def _parse_one(args: tuple[Path, str]) -> tuple[list[Record], FileStatus]:
    path, ocr = args
    return parse_file(path, ocr=ocr, jobs=1)


def parse_paths(paths: Iterable[str | Path], *, ocr: str = "auto", jobs: int = 1,
                skip: Collection[str] = frozenset(),
                on_progress: Callable[[int], None] | None = None) -> ParseResult:
    """Parse every file; a file whose content hash is in `skip` (already parsed) is not read."""
    files = find_files(paths)
    result = ParseResult()
    if skip:
        todo = []
        for path in files:
            if file_hash(path) in skip:
                result.skipped.append(path)
                if on_progress:
                    on_progress(1)
            else:
                todo.append(path)
        files = todo
    for records, status in _run(files, ocr, jobs):
        result.records += records
        result.files.append(status)
        if on_progress:
            on_progress(1)
    return result


def _run(files: list[Path], ocr: str, jobs: int) -> Iterator[tuple[list[Record], FileStatus]]:
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield parse_file(path, ocr=ocr, jobs=jobs)
        return
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
        yield from pool.map(_parse_one, [(path, ocr) for path in files])

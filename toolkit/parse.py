"""Parse returned files into records: find → read → extract, one file at a time.

Every supported file under the given paths is read into blocks and extracted into records;
a file that cannot be read is recorded with its reason and the batch goes on. With several
jobs, files are parsed in parallel processes (and each OCRs its pages one at a time); a
single scanned file instead gets all the jobs for its pages.

Worker processes parse one file at a time and tell the parent after every PDF page they
read. A file that makes no progress for `FILE_TIMEOUT` seconds (a pathological PDF page, a
library stuck in a loop) has its worker stopped and is reported, as is a file that makes
its worker crash; a new worker takes the next file and the batch goes on.
"""
from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator

from .errors import ThiduaError
from .extract import extract
from .files import file_hash
from .outcome import Failure
from .readers import SUPPORTED, ReadFile, Table, read
from .records import Record
from .store import FileStatus

# Seconds a worker may go without progress (a page read, the file done). A text PDF page
# takes a fraction of a second and an OCR page has its own limit (two minutes), so only a
# file that is stuck comes near it; a whole .xlsx or .docx must be read within it.
FILE_TIMEOUT = 300


@dataclass
class ParseResult:
    records: list[Record] = field(default_factory=list)
    files: list[FileStatus] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # already parsed, by content (resume)

    @property
    def failures(self) -> list[Failure]:
        return [Failure(f.path, f.error or "", f.where) for f in self.files if f.status != "ok"]

    def collect(self, done: Iterable[tuple[list[Record], FileStatus]],
                on_file: Callable[[list[Record], FileStatus], None] | None = None,
                on_progress: Callable[[int], None] | None = None) -> "ParseResult":
        """Add each file's records and status as it is read (a local batch or a cluster's),
        handing them on at once to `on_file` (the store) and `on_progress`."""
        for records, status in done:
            self.records += records
            self.files.append(status)
            if on_file:
                on_file(records, status)
            if on_progress:
                on_progress(1)
        return self


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


def parse_file(path: Path, *, ocr: str = "auto", jobs: int = 1,
               on_page: Callable[[int], None] | None = None) -> tuple[list[Record], FileStatus]:
    """Read and extract one file; a user-fixable problem becomes an error status, not an exception.

    `on_page` is called with each PDF page's number once that page is read."""
    return parse_read(path, lambda: read(path, ocr=ocr, jobs=jobs, on_page=on_page))


def parse_read(path: Path, reading: Callable[[], ReadFile]) -> tuple[list[Record], FileStatus]:
    """`parse_file` with the reading given: `reading()` is the file as read (here, or joined
    from the page ranges a cluster's workers read)."""
    digest = file_hash(path)
    try:
        contents = reading()
        records = extract(contents)
    except ThiduaError as exc:
        return [], FileStatus(str(path), digest, "error", exc.message,
                              where=str(replace(exc.location, file=None)) or None)
    except Exception as exc:  # a bug must not cost the rest of the batch; it is reported, not hidden
        return [], FileStatus(str(path), digest, "error",
                              f"lỗi chương trình khi đọc tệp ({type(exc).__name__}: {exc}); xin báo cho nhóm phát triển.")
    for record in records:
        record.source.file = str(path)
    notes = list(contents.notes)
    tables = [b for b in contents.blocks if isinstance(b, Table) and len(b.rows) > 1]
    if tables and not records and contents.identity is None:
        where = _table_places(tables)
        notes.append(f"tệp có {len(tables)} bảng ({where}) nhưng không đọc được bản ghi nào (bảng chưa có "
                     "số liệu, hoặc tiêu đề cột không khớp mẫu nào đã biết). Hãy kiểm tra tệp hoặc nhập tay.")
    return records, FileStatus(str(path), digest, "ok", records=len(records), notes=tuple(notes))


def _table_places(tables) -> str:
    """`trang 2, 3` or `trang tính DANHSACH`: where the unread tables are."""
    sheets = list(dict.fromkeys(t.sheet for t in tables if t.sheet))
    pages = list(dict.fromkeys(str(t.page) for t in tables if t.page))
    if sheets:
        return "trang tính " + ", ".join(f"'{s}'" for s in sheets)
    return ("trang " + ", ".join(pages)) if pages else "trong văn bản"


def parse_paths(paths: Iterable[str | Path], *, ocr: str = "auto", jobs: int = 1,
                skip: Collection[str] = frozenset(), timeout: float = FILE_TIMEOUT,
                on_progress: Callable[[int], None] | None = None,
                on_file: Callable[[list[Record], FileStatus], None] | None = None,
                isolate: bool = False) -> ParseResult:
    """Parse every file; a file whose content hash is in `skip` (already parsed) is not read.

    With several files, a file is given up after `timeout` seconds without progress. `on_file`
    gets each file's records and status as soon as it is its turn (the files' order), so a
    caller can store them before the batch ends. `isolate` is for a caller with threads (the
    web server): even a single file is read in a worker process, so it cannot hang or crash
    the caller, and workers are forked from a clean fork server — forking copies only the
    calling thread, and a lock another thread held would stay locked in the worker.
    """
    result = ParseResult()
    files = still_to_parse(find_files(paths), skip, result, on_progress)
    return result.collect(_run(files, ocr, jobs, timeout, isolate), on_file, on_progress)


def still_to_parse(files: list[Path], skip: Collection[str], result: ParseResult,
                   on_progress: Callable[[int], None] | None = None) -> list[Path]:
    """The files whose content hash is not in `skip`; the others go to `result.skipped`."""
    if not skip:
        return files
    todo = []
    for path in files:
        if file_hash(path) in skip:
            result.skipped.append(path)
            if on_progress:
                on_progress(1)
        else:
            todo.append(path)
    return todo


def _run(files: list[Path], ocr: str, jobs: int, timeout: float,
         isolate: bool = False) -> Iterator[tuple[list[Record], FileStatus]]:
    # Several files always go through worker processes, one at least: so a file that hangs
    # or crashes its reader is stopped and reported, and the batch goes on.
    if len(files) <= 1 and not isolate:
        for path in files:
            yield parse_file(path, ocr=ocr, jobs=jobs)
        return
    yield from _Workers(files, ocr, jobs, timeout, "forkserver" if isolate else "fork")


# --- worker processes ---------------------------------------------------------------------------

_PAGE = "page"  # a worker's message: one more page read (its number follows)


def _work(conn: Connection, ocr: str) -> None:
    """A worker: parse the files the parent sends, one at a time, telling it about every page."""
    def on_page(number: int) -> None:
        conn.send((_PAGE, number))

    if hasattr(os, "setsid"):
        # A group of its own: Ctrl+C is the parent's to handle, and stopping the worker also
        # stops the programs it started (tesseract, LibreOffice).
        os.setsid()
    try:
        while (path := conn.recv()) is not None:
            conn.send(parse_file(path, ocr=ocr, on_page=on_page))
    except EOFError:  # the parent has gone
        pass
    finally:
        conn.close()


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process
    conn: Connection
    index: int = -1  # the file it is parsing, by its position in the batch; -1: idle
    path: Path | None = None
    deadline: float = 0.0
    pages: int = 0  # pages of this file it has said it read


class _Workers:
    """Results of the files in their order, parsed by `jobs` worker processes.

    Workers stay up from file to file (they keep what they compiled and cached). A worker
    that stops making progress or dies is replaced by a new one.
    """

    def __init__(self, files: list[Path], ocr: str, jobs: int, timeout: float, start: str = "fork"):
        self.ocr, self.jobs, self.timeout = ocr, jobs, timeout
        self.todo = iter(enumerate(files))
        self.count = len(files)
        self.context = get_context(start) if hasattr(os, "fork") else get_context()

    def __iter__(self) -> Iterator[tuple[list[Record], FileStatus]]:
        workers: dict[Connection, _Worker] = {}
        finished: dict[int, tuple[list[Record], FileStatus]] = {}
        following = 0  # the next result to hand out, so the order does not depend on timing
        try:
            for _ in range(min(self.jobs, self.count)):
                worker = self._start()
                workers[worker.conn] = worker
            while True:
                busy = [w for w in workers.values() if w.index >= 0]
                if not busy:
                    break
                now = time.monotonic()
                ready = wait([w.conn for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - now))
                for conn in ready:
                    worker = workers[conn]
                    try:
                        message = conn.recv()
                    except (EOFError, OSError):  # the process ended without a result: it crashed
                        finished[worker.index] = ([], self._crashed(worker))
                        self._replace(worker, workers)
                        continue
                    if isinstance(message, tuple) and message[:1] == (_PAGE,):
                        worker.pages, worker.deadline = worker.pages + 1, time.monotonic() + self.timeout
                        continue
                    finished[worker.index] = message
                    self._give(worker)
                now = time.monotonic()
                for worker in list(workers.values()):
                    if worker.index >= 0 and worker.deadline <= now and worker.conn not in ready:
                        finished[worker.index] = ([], self._timed_out(worker))
                        self._replace(worker, workers)
                while following in finished:
                    yield finished.pop(following)
                    following += 1
        finally:
            for worker in workers.values():
                self._stop(worker)

    def _start(self) -> _Worker:
        conn, theirs = self.context.Pipe()
        process = self.context.Process(target=_work, args=(theirs, self.ocr), daemon=True)
        process.start()
        theirs.close()  # only the worker holds its end: once it exits, reading gives EOFError
        worker = _Worker(process, conn)
        self._give(worker)
        return worker

    def _give(self, worker: _Worker) -> None:
        """The next file to `worker`, or nothing to do (it stays idle)."""
        worker.index, worker.path = next(self.todo, (-1, None))
        worker.pages, worker.deadline = 0, time.monotonic() + self.timeout
        if worker.path is not None:
            worker.conn.send(worker.path)

    def _replace(self, worker: _Worker, workers: dict[Connection, _Worker]) -> None:
        """Stop a stuck or dead worker and start a new one."""
        self._stop(worker)
        del workers[worker.conn]
        fresh = self._start()
        workers[fresh.conn] = fresh

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive() and (worker.index >= 0 or not _send(worker.conn, None)):
            _kill(worker.process)  # busy (stuck) or not listening
        worker.process.join()
        worker.conn.close()

    def _timed_out(self, worker: _Worker) -> FileStatus:
        return timed_out(worker.path, self.timeout, worker.pages)

    @staticmethod
    def _crashed(worker: _Worker) -> FileStatus:
        worker.process.join()
        return FileStatus(str(worker.path), file_hash(worker.path), "error",
                          f"tiến trình đọc tệp dừng bất thường (mã {worker.process.exitcode}){_read_so_far(worker)}; "
                          "tệp có thể bị hỏng hoặc quá lớn. Hãy mở tệp, lưu lại rồi đọc lại; nếu vẫn lỗi, "
                          "xin báo cho nhóm phát triển.")


def _send(conn: Connection, message: Any) -> bool:
    try:
        conn.send(message)
        return True
    except OSError:
        return False


def _kill(process) -> None:
    """Kill a worker and whatever it started in its process group."""
    if hasattr(os, "killpg"):
        try:
            os.killpg(process.pid, signal.SIGKILL)
            return
        except ProcessLookupError:  # not yet in a group of its own
            pass
    process.kill()


def timed_out(path: Path, timeout: float, pages: int = 0) -> FileStatus:
    """The status of a file given up after `timeout` seconds without progress (here or on a cluster)."""
    read_so_far = f" (đã đọc được {pages} trang)" if pages else ""
    return FileStatus(str(path), file_hash(path), "error",
                      f"đọc tệp quá {timeout:g} giây không có tiến triển nên đã dừng{read_so_far}; "
                      "tệp có thể bị hỏng hoặc quá phức tạp (ví dụ trang có rất nhiều nét vẽ). Hãy mở tệp, "
                      "lưu lại (với PDF: In ra PDF thành tệp mới) rồi đọc lại.")


def _read_so_far(worker: _Worker) -> str:
    return f" (đã đọc được {worker.pages} trang)" if worker.pages else ""

"""Parse on a Dask distributed cluster: one task per file (a long scan: per page range),
records back to the client.

`parse_on_cluster` is `parse.parse_paths` with the reading done by the workers of a running
`dask scheduler` (see README, *Reading on several machines*). Each file is one task. Its bytes go
with the task (no shared folder needed): the worker writes them under the same file name in
its scratch folder (`worker_folder`), reads them with `parse.parse_file` — the one place a file
is read and extracted — and returns the records; with `shared_fs` every machine sees the same
folder and the task carries only the path. The client puts back the path it was given in every
record and status, so the results are those of a local run, in the same order, and it alone
writes the store.

A scan of more than `PAGES_PER_TASK` pages is one task a range of pages instead, so several
workers OCR it at once: each returns its pages as read (`readers.pdf.read_pages`), and the
client joins them in page order (`readers.pdf.join_pages_read`) and extracts, as
`parse.parse_file` does with the whole file. When the ranges cannot give exactly that (a
range starts after a text page, pages are not as counted, a range fails otherwise than by
killing workers), the file is read whole in one task.

Failures, as Dask sees them:
- a worker killed while reading (machine lost, out of memory): the scheduler reruns the task
  elsewhere; a file (or one of its ranges) that kills every worker it meets is given up by the
  scheduler after its `allowed-failures` (`KilledWorker`) and the file reported here as failed,
  and the batch goes on;
- a task that was only queued on a worker that died is not to blame: when the scheduler gives
  it up all the same, the client submits it again (`retries` times) — the client knows which
  tasks were being read, because each tells it when it starts and after every page;
- a task that makes no progress for `timeout` seconds fails its file, its task cancelled and
  its worker restarted (the thread stuck in a reader cannot be stopped otherwise).

`distributed` is an optional dependency (`pip install thidua[cluster]`): it is imported only
inside functions here and in `cluster_groups`, and only when a cluster is used, so the rest of
the toolkit never needs it.
"""
from __future__ import annotations

import atexit
import hashlib
import itertools
import os
import shutil
import tempfile
import threading
import time
import uuid
import warnings
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator

from .errors import ThiduaError
from .files import file_hash
from .parse import FILE_TIMEOUT, ParseResult, find_files, parse_file, parse_read, still_to_parse, timed_out
from .readers.pdf import PageRange, join_pages_read, read_pages, scanned_pages
from .records import Record
from .store import FileStatus

TOPIC = "thidua-parse"  # the event topic tasks tell the client about their progress on
CONNECT_TIMEOUT = 10  # seconds to reach the scheduler, and for a worker to be there
# A scan of more pages is read in ranges of at most this many, by several workers at once: a
# range is 10–20 s of OCR (1.5–2.5 s a page), so the cost of a task (sending it, opening the
# PDF: well under 0.1 s) stays under 1 %, a 100-page scan spreads over 13 workers, and a worker
# lost mid-range costs at most a range's work again.
PAGES_PER_TASK = 8
MIN_PAGES_PER_TASK = 4  # fewer ranges than the cluster's threads are cut smaller, not below this


def parse_on_cluster(paths: Iterable[str | Path], scheduler: str, *, ocr: str = "auto", jobs: int = 1,
                     shared_fs: bool = False, timeout: float = FILE_TIMEOUT, retries: int = 2,
                     skip: Collection[str] = frozenset(),
                     on_progress: Callable[[int], None] | None = None,
                     on_file: Callable[[list[Record], FileStatus], None] | None = None) -> ParseResult:
    """Parse every file on the cluster whose scheduler is at `scheduler` (`tcp://HOST:PORT`).

    The same result as `parse.parse_paths`: records and statuses in the order of the files, a
    file whose content hash is in `skip` not read, `on_file` told of each file in its turn. `jobs` is the pages of one scan read at once
    on its worker. `retries`: how many times a file is submitted again when the scheduler gave
    it up only because workers it was queued on died while reading other files.
    """
    result = ParseResult()
    files = still_to_parse(find_files(paths), skip, result, on_progress)
    if not files:
        return result
    client = connect(scheduler)
    try:
        batch = _Batch(client, scheduler, files, ocr=ocr, jobs=jobs, shared_fs=shared_fs, timeout=timeout,
                       retries=retries)
        result.collect(batch.run(), on_file, on_progress)
    finally:
        client.close()
    return result


def connect(address: str):
    try:
        # Optional dependency, imported only when a cluster is used (see the module's docstring).
        from distributed import Client
    except ImportError:
        raise ThiduaError("chưa cài phần chạy trên cụm máy (Dask distributed). "
                          "Hãy cài: pip install thidua[cluster]") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, ValueError) as exc:  # refused, timed out, bad address
        raise ThiduaError(f"không kết nối được tới bộ lập lịch Dask tại {address} ({exc}). Hãy kiểm tra địa chỉ "
                          "(dạng tcp://MÁY:CỔNG), rằng `dask scheduler` đang chạy ở đó và tường lửa cho phép "
                          "kết nối tới cổng này.") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ThiduaError(f"bộ lập lịch Dask tại {address} chưa có máy đọc (worker) nào sau {CONNECT_TIMEOUT} giây "
                          f"({exc}). Hãy chạy `dask worker {address}` trên các máy đọc.") from None
    return client


def tries_given_up(exc: BaseException | None) -> int | None:
    """How many workers died running a task the scheduler then gave up (`KilledWorker`: its
    `allowed-failures` and one); None for any other outcome."""
    from distributed import KilledWorker  # optional dependency (see the module's docstring)

    return exc.allowed_failures + 1 if isinstance(exc, KilledWorker) else None


# --- on the worker ----------------------------------------------------------------------------

WORKER_FOLDER = "thidua-worker-"  # + the process id: a worker process's scratch folder
_folder: Path | None = None
_root: Path | None = None  # the system's temporary folder
_folder_lock = threading.Lock()


def worker_folder() -> Path:
    """This worker process's scratch folder, `<tmp>/thidua-worker-<pid>`: the files sent to its
    tasks, LibreOffice's profile, and — made the process's temporary folder — whatever the
    readers put in one (OCR page images, conversions). A worker killed mid-task cannot clean
    up, so every task first removes the folders of processes no longer running (a glob and a
    signal 0 each: well under a millisecond next to any task); a worker that stops normally
    removes its own."""
    global _folder, _root
    with _folder_lock:
        if _root is None:
            _root = Path(tempfile.gettempdir())
        for stale in _root.glob(f"{WORKER_FOLDER}*"):
            pid = stale.name[len(WORKER_FOLDER):]
            if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        if _folder is None:
            _folder = _root / f"{WORKER_FOLDER}{os.getpid()}"
            atexit.register(shutil.rmtree, _folder, True)
        _folder.mkdir(exist_ok=True)  # again, should a cleaner of the temporary folder have removed it
        tempfile.tempdir = str(_folder)  # this process is a Dask worker's: its temporary files go here
        return _folder


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def read_on_worker(run: str, index: int, part: int, attempt: int, name: str, data: bytes | None,
                   path: str | None, pages: tuple[int, int] | None, ocr: str, jobs: int):
    """A task: read one file (its bytes, or its path on a shared folder) — or only its pages
    `pages` (first, last) as a `PageRange` — telling the client when it starts and after every page."""
    from distributed import get_worker  # optional dependency: present wherever a task runs

    worker = get_worker()

    def tell(event: str) -> None:
        worker.log_event(TOPIC, {"run": run, "index": index, "part": part, "attempt": attempt, "event": event,
                                 "worker": worker.address})

    def reading(local: Path):
        if pages is None:
            return parse_file(local, ocr=ocr, jobs=jobs, on_page=lambda number: tell("page"))
        done = read_pages(local, *pages, ocr=ocr, jobs=jobs, on_page=lambda number: tell("page"))
        done.failed = []  # they name this worker's copy; a file of no content is read whole anyway
        return done

    tell("start")
    scratch = worker_folder()
    if data is None:
        return reading(Path(path))
    # The file keeps its name, so the readers' messages and notes name it as the sender did.
    with tempfile.TemporaryDirectory(prefix="thidua-", dir=scratch) as folder:
        local = Path(folder) / (name if name not in ("", ".", "..") else "tep")
        local.write_bytes(data)
        return reading(local)


# --- on the client ----------------------------------------------------------------------------

@dataclass
class _Task:
    """One task of a file: the whole file, or one range of its pages."""
    index: int
    part: int
    pages: tuple[int, int] | None = None  # (first, last); None: the whole file
    attempt: int = 0
    future: Any = None
    worker: str | None = None  # where it is being read, once it said it started
    progress: float | None = None  # monotonic time of its last start or page; None: not started
    pages_read: int = 0
    starts: int = 0  # times a worker began it (over every attempt)
    resubmitted: int = 0


@dataclass
class _File:
    path: Path
    tasks: list[_Task] = field(default_factory=list)
    ranges: dict[int, PageRange] = field(default_factory=dict)  # part → its pages, as read


def page_ranges(pages: int, per_task: int, threads: int = 1) -> list[tuple[int, int]]:
    """(first, last) of each task's pages: ranges of at most `per_task` pages, their lengths at
    most a page apart, as many as
    a multiple of the cluster's `threads` where ranges of `MIN_PAGES_PER_TASK` pages allow it
    (24 pages on 2 threads: 4 ranges of 6, not 3 of 8 that leave one thread idle a third of
    the time)."""
    count = -(-pages // per_task)
    if threads > 1 and count % threads:
        count = max(count, min(-(-count // threads) * threads, pages // MIN_PAGES_PER_TASK))
    size, longer = divmod(pages, count)  # the first `longer` ranges have a page more
    spans, first = [], 1
    for n in range(count):
        last = first + size + (n < longer) - 1
        spans.append((first, last))
        first = last + 1
    return spans


@dataclass
class _Batch:
    client: Any
    address: str
    files: list[Path]
    ocr: str
    jobs: int
    shared_fs: bool
    timeout: float
    retries: int
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    threads: int = 1  # of the cluster's workers, all told
    keys: Iterator[int] = field(default_factory=itertools.count)

    def run(self):
        """(records, status) of each file, in the order of the files."""
        self.state = [_File(path) for path in self.files]
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.client.subscribe_topic(TOPIC, self._event)
        window, sized = self._window(), time.monotonic()
        self.finished: dict[int, tuple[list[Record], FileStatus]] = {}
        self.queue: deque[_Task] = deque()  # tasks to submit, in order
        self.pending: dict[Any, _Task] = {}
        following = planned = 0
        try:
            while following < len(self.files):
                if self.client.status in ("closing", "closed"):  # the scheduler is gone for good
                    for index in range(following, len(self.files)):
                        self.finished.setdefault(index, ([], self._lost(index)))
                    self.pending.clear()
                    self.queue.clear()
                    planned = len(self.files)
                if time.monotonic() - sized > 10 and self.client.status == "running":  # workers come and go
                    window, sized = self._window(), time.monotonic()
                while len(self.pending) < window and (self.queue or planned < len(self.files)):
                    if not self.queue:
                        self.queue.extend(self._plan(planned))
                        planned += 1
                        continue
                    task = self.queue.popleft()
                    if task.index in self.finished:
                        continue
                    try:
                        self._submit(task)
                    except OSError as exc:  # gone or not readable since it was found
                        self._finish(task.index, ([], self._failed(task.index, f"không đọc được tệp: {exc.strerror}.")))
                self.wake.wait(0.5)  # a task finished, or time to look for stuck ones
                self.wake.clear()
                for future in [f for f in self.pending if f.done()]:
                    task = self.pending.pop(future, None)
                    if task is None or task.index in self.finished:
                        continue
                    try:
                        self._settle(task, future)
                    except OSError as exc:  # could not be sent again
                        self._finish(task.index, ([], self._failed(task.index, f"không đọc được tệp: {exc.strerror}.")))
                for task in self._stuck():
                    if task.index in self.finished:
                        continue
                    pages = sum(t.pages_read for t in self.state[task.index].tasks)
                    self._finish(task.index, ([], timed_out(self.state[task.index].path, self.timeout, pages)))
                    if task.worker:  # the thread stuck in a reader only stops with its process
                        self.client.restart_workers([task.worker], raise_for_error=False)
                while following in self.finished:
                    yield self.finished.pop(following)
                    following += 1
        finally:
            if self.client.status == "running":
                for future in self.pending:
                    future.cancel()
                self.client.unsubscribe_topic(TOPIC)

    def _window(self) -> int:
        """Tasks in flight: two per worker thread, so workers never wait for the next task and
        the bytes of a whole batch never sit in memory."""
        self.threads = sum(self.client.nthreads().values())
        return max(2, 2 * self.threads)

    def _plan(self, index: int) -> list[_Task]:
        """A file's tasks: its page ranges for a long scan, else the whole file."""
        file = self.state[index]
        pages = scanned_pages(file.path) if self.ocr != "never" and file.path.suffix.lower() == ".pdf" else 0
        if pages > PAGES_PER_TASK:
            spans = page_ranges(pages, PAGES_PER_TASK, self.threads)
            file.tasks = [_Task(index, part, pages=span) for part, span in enumerate(spans)]
        else:
            file.tasks = [_Task(index, 0)]
        return list(file.tasks)

    def _whole(self, index: int) -> None:
        """Read the file in one task after all (its ranges could not be joined as they were)."""
        file = self.state[index]
        for task in file.tasks:
            if task.future is not None and not task.future.done():
                task.future.cancel()
        self.queue = deque(t for t in self.queue if t.index != index)
        self.pending = {f: t for f, t in self.pending.items() if t.index != index}
        file.ranges.clear()
        file.tasks = [_Task(index, len(file.tasks))]  # a part number of its own: late words of a range are not its
        self.queue.appendleft(file.tasks[0])

    def _finish(self, index: int, outcome: tuple[list[Record], FileStatus]) -> None:
        self.finished[index] = outcome
        for task in self.state[index].tasks:
            if task.future is not None and not task.future.done():
                task.future.cancel()
        self.pending = {f: t for f, t in self.pending.items() if t.index != index}

    def _failed(self, index: int, message: str) -> FileStatus:
        path = self.state[index].path
        try:
            digest = file_hash(path)
        except OSError:  # keyed by its path instead, as the store keys records of an unknown file
            digest = hashlib.sha256(str(path).encode()).hexdigest()
        return FileStatus(str(path), digest, "error", message)

    def _lost(self, index: int) -> FileStatus:
        return self._failed(index, f"mất kết nối tới bộ lập lịch Dask ({self.address}) trước khi đọc xong tệp "
                                   "này. Hãy kiểm tra `dask scheduler` rồi chạy lại (với kết quả .sqlite: thêm "
                                   "--resume để chỉ đọc các tệp còn lại).")

    def _submit(self, task: _Task) -> None:
        path = self.state[task.index].path
        task.attempt += 1
        task.worker, task.progress, task.pages_read = None, None, 0
        data, shared = (None, str(path.resolve())) if self.shared_fs else (path.read_bytes(), None)
        with warnings.catch_warnings():  # the file's bytes are the task's input, meant to travel with it
            warnings.filterwarnings("ignore", message="Sending large graph")
            task.future = self.client.submit(
                read_on_worker, self.run_id, task.index, task.part, task.attempt, path.name, data, shared,
                task.pages, self.ocr, self.jobs, pure=False,
                key=f"thidua-parse-{self.run_id[:8]}-{next(self.keys)}")  # never a key used before
        task.future.add_done_callback(lambda _: self.wake.set())
        self.pending[task.future] = task

    def _event(self, event) -> None:
        """A task's word (on the client's event loop): it started reading, or read a page."""
        _, msg = event
        if not isinstance(msg, dict) or msg.get("run") != self.run_id:
            return
        with self.lock:
            tasks = self.state[msg["index"]].tasks
            task = next((t for t in tasks if t.part == msg["part"]), None)
            if task is None or msg["attempt"] != task.attempt:
                return  # from a task given up already
            if msg["event"] == "start":
                task.starts += 1
                task.pages_read = 0
            else:
                task.pages_read += 1
            task.worker, task.progress = msg["worker"], time.monotonic()

    def _stuck(self) -> list[_Task]:
        now = time.monotonic()
        with self.lock:
            return [t for t in self.pending.values()
                    if t.progress is not None and now - t.progress > self.timeout]

    def _settle(self, task: _Task, future) -> None:
        """A task is done: keep what it read, send it again, or settle its file."""
        file = self.state[task.index]
        if future.status == "finished":
            if task.pages is None:
                records, status = future.result()
                for record in records:
                    record.source.file = str(file.path)  # the path as given, not the worker's copy
                self._finish(task.index, (records, replace(status, path=str(file.path))))
                return
            file.ranges[task.part] = future.result()
            if len(file.ranges) == len(file.tasks):
                self._join(task.index)
            return
        exc = future.exception() if future.status == "error" else None
        tries = tries_given_up(exc)
        if tries:
            with self.lock:
                starts = task.starts
            if starts < tries and task.resubmitted < self.retries:
                # Given up for workers that died while reading other files: not this one's fault.
                task.resubmitted += 1
                self._submit(task)
                return
            self._finish(task.index, ([], self._failed(
                task.index, f"tệp làm dừng tiến trình đọc trên cụm máy: đã thử đọc {max(starts, tries)} lần, lần "
                            "nào máy đọc (worker) cũng dừng bất thường, nên đã bỏ qua tệp này. Tệp có thể bị hỏng "
                            "hoặc quá lớn. Hãy mở tệp, lưu lại rồi đọc lại; nếu vẫn lỗi, xin báo cho nhóm phát triển.")))
            return
        if exc is None:  # cancelled or lost: the scheduler went away
            self._finish(task.index, ([], self._lost(task.index)))
            return
        if task.pages is not None:  # a range that cannot be read alone, or an odd file: read it whole
            self._whole(task.index)
            return
        reason = f"{type(exc).__name__}: {exc}"
        self._finish(task.index, ([], self._failed(
            task.index, f"máy đọc (worker) không đọc được tệp ({reason}). Với --shared-fs, hãy kiểm tra mọi máy "
                        "đọc đều thấy thư mục chung ở cùng đường dẫn; nếu vẫn lỗi, xin báo cho nhóm phát triển.")))

    def _join(self, index: int) -> None:
        """A long scan's ranges joined in page order, as one reading of the whole file gives."""
        file = self.state[index]
        ranges = [file.ranges[task.part] for task in file.tasks]
        whole = all(r.last == t.pages[1] and not r.broken_tree for r, t in zip(ranges, file.tasks))
        if not (whole and ranges[-1].end_of_file and any(r.has_content for r in ranges)):
            self._whole(index)  # pages not as counted here, or nothing to read: the reader decides
            return
        self._finish(index, parse_read(file.path, lambda: join_pages_read(file.path, ranges)))

"""Parse on a Dask distributed cluster: one task per file, records back to the client.

`parse_on_cluster` is `parse.parse_paths` with the reading done by the workers of a running
`dask scheduler` (see README, *Reading on several machines*). Each file is one task. Its bytes go
with the task (no shared folder needed): the worker writes them under the same file name in
a private temporary folder, reads them with `parse.parse_file` — the one place a file is read
and extracted — and returns the records; with `shared_fs` every machine sees the same folder
and the task carries only the path. The client puts back the path it was given in every
record and status, so the results are those of a local run, in the same order, and it alone
writes the store.

Failures, as Dask sees them:
- a worker killed while reading (machine lost, out of memory): the scheduler reruns the task
  elsewhere; a file that kills every worker it meets is given up by the scheduler after its
  `allowed-failures` (`KilledWorker`) and reported here as failed, and the batch goes on;
- a file that was only queued on a worker that died is not to blame: when the scheduler gives
  it up all the same, the client submits it again (`retries` times) — the client knows which
  files were being read, because each task tells it when it starts and after every page;
- a file that makes no progress for `timeout` seconds is reported failed, its task cancelled
  and its worker restarted (the thread stuck in a reader cannot be stopped otherwise).

`distributed` is an optional dependency (`pip install thidua[cluster]`): it is imported only
here, and only when a cluster is used, so the rest of the toolkit never needs it.
"""
from __future__ import annotations

import hashlib
import tempfile
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, Iterable

from .errors import ThiduaError
from .files import file_hash
from .parse import FILE_TIMEOUT, ParseResult, find_files, parse_file, still_to_parse, timed_out
from .records import Record
from .store import FileStatus

TOPIC = "thidua-parse"  # the event topic tasks tell the client about their progress on
CONNECT_TIMEOUT = 10  # seconds to reach the scheduler, and for a worker to be there


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

def read_on_worker(run: str, index: int, attempt: int, name: str, data: bytes | None, path: str | None,
                   ocr: str, jobs: int) -> tuple[list[Record], FileStatus]:
    """A task: read one file (its bytes, or its path on a shared folder), telling the client
    when it starts and after every page."""
    from distributed import get_worker  # optional dependency: present wherever a task runs

    worker = get_worker()

    def tell(event: str) -> None:
        worker.log_event(TOPIC, {"run": run, "index": index, "attempt": attempt, "event": event,
                                 "worker": worker.address})

    tell("start")
    if data is None:
        return parse_file(Path(path), ocr=ocr, jobs=jobs, on_page=lambda number: tell("page"))
    # The file keeps its name, so the readers' messages and notes name it as the sender did.
    with tempfile.TemporaryDirectory(prefix="thidua-") as folder:
        local = Path(folder) / (name if name not in ("", ".", "..") else "tep")
        local.write_bytes(data)
        return parse_file(local, ocr=ocr, jobs=jobs, on_page=lambda number: tell("page"))


# --- on the client ----------------------------------------------------------------------------

@dataclass
class _File:
    path: Path
    attempt: int = 0
    future: Any = None
    worker: str | None = None  # where it is being read, once its task said it started
    progress: float | None = None  # monotonic time of its last start or page; None: not started
    pages: int = 0
    starts: int = 0  # times a worker began reading it (over every attempt)
    resubmitted: int = 0


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

    def run(self):
        """(records, status) of each file, in the order of the files."""
        self.state = [_File(path) for path in self.files]
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.client.subscribe_topic(TOPIC, self._event)
        window, sized = self._window(), time.monotonic()
        finished: dict[int, tuple[list[Record], FileStatus]] = {}
        following = submitted = 0
        pending: dict[Any, int] = {}
        try:
            while following < len(self.files):
                if self.client.status in ("closing", "closed"):  # the scheduler is gone for good
                    for index in range(following, len(self.files)):
                        finished.setdefault(index, ([], self._lost(index)))
                    pending.clear()
                    submitted = len(self.files)
                if time.monotonic() - sized > 10 and self.client.status == "running":  # workers come and go
                    window, sized = self._window(), time.monotonic()
                while len(pending) < window and submitted < len(self.files):
                    try:
                        pending[self._submit(submitted)] = submitted
                    except OSError as exc:  # gone or not readable since it was found
                        finished[submitted] = ([], self._failed(submitted, f"không đọc được tệp: {exc.strerror}."))
                    submitted += 1
                self.wake.wait(0.5)  # a task finished, or time to look for stuck ones
                self.wake.clear()
                for future in [f for f in pending if f.done()]:
                    index = pending.pop(future)
                    try:
                        outcome = self._outcome(index, future)
                    except OSError as exc:  # could not be sent again
                        outcome = [], self._failed(index, f"không đọc được tệp: {exc.strerror}.")
                    if outcome is None:  # submitted again
                        pending[self.state[index].future] = index
                    else:
                        finished[index] = outcome
                for index in self._stuck(pending):
                    file = self.state[index]
                    pending.pop(file.future)
                    file.future.cancel()
                    finished[index] = ([], timed_out(file.path, self.timeout, file.pages))
                    if file.worker:  # the thread stuck in a reader only stops with its process
                        self.client.restart_workers([file.worker], raise_for_error=False)
                while following in finished:
                    yield finished.pop(following)
                    following += 1
        finally:
            if self.client.status == "running":
                for future in pending:
                    future.cancel()
                self.client.unsubscribe_topic(TOPIC)

    def _window(self) -> int:
        """Files in flight: two per worker thread, so workers never wait for the next file and
        the bytes of a whole batch never sit in memory."""
        return max(2, 2 * sum(self.client.nthreads().values()))

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

    def _submit(self, index: int):
        file = self.state[index]
        file.attempt += 1
        file.worker, file.progress, file.pages = None, None, 0
        data, path = (None, str(file.path.resolve())) if self.shared_fs else (file.path.read_bytes(), None)
        with warnings.catch_warnings():  # the file's bytes are the task's input, meant to travel with it
            warnings.filterwarnings("ignore", message="Sending large graph")
            file.future = self.client.submit(read_on_worker, self.run_id, index, file.attempt, file.path.name, data,
                                             path, self.ocr, self.jobs, pure=False,
                                             key=f"thidua-parse-{self.run_id[:8]}-{index}-{file.attempt}")
        file.future.add_done_callback(lambda _: self.wake.set())
        return file.future

    def _event(self, event) -> None:
        """A task's word (on the client's event loop): it started reading, or read a page."""
        _, msg = event
        if not isinstance(msg, dict) or msg.get("run") != self.run_id:
            return
        with self.lock:
            file = self.state[msg["index"]]
            if msg["attempt"] != file.attempt:
                return  # from a task given up already
            if msg["event"] == "start":
                file.starts += 1
                file.pages = 0
            else:
                file.pages += 1
            file.worker, file.progress = msg["worker"], time.monotonic()

    def _stuck(self, pending: dict[Any, int]) -> list[int]:
        now = time.monotonic()
        with self.lock:
            return [i for i in pending.values()
                    if self.state[i].progress is not None and now - self.state[i].progress > self.timeout]

    def _outcome(self, index: int, future) -> tuple[list[Record], FileStatus] | None:
        """The file's records and status; None when it has been submitted again."""
        file = self.state[index]
        if future.status == "finished":
            records, status = future.result()
            for record in records:
                record.source.file = str(file.path)  # the path as given, not the worker's copy
            return records, replace(status, path=str(file.path))
        exc = future.exception() if future.status == "error" else None
        tries = tries_given_up(exc)
        if tries:
            with self.lock:
                starts = file.starts
            if starts < tries and file.resubmitted < self.retries:
                # Given up for workers that died while reading other files: not this one's fault.
                file.resubmitted += 1
                self._submit(index)
                return None
            return [], self._failed(index, f"tệp làm dừng tiến trình đọc trên cụm máy: đã thử đọc "
                                           f"{max(starts, tries)} lần, lần nào máy đọc (worker) cũng dừng bất thường, "
                                           "nên đã bỏ qua tệp này. Tệp có thể bị hỏng hoặc quá lớn. Hãy mở tệp, lưu "
                                           "lại rồi đọc lại; nếu vẫn lỗi, xin báo cho nhóm phát triển.")
        if exc is None:  # cancelled or lost: the scheduler went away
            return [], self._lost(index)
        reason = f"{type(exc).__name__}: {exc}"
        return [], self._failed(index, f"máy đọc (worker) không đọc được tệp ({reason}). Với --shared-fs, hãy "
                                       "kiểm tra mọi máy đọc đều thấy thư mục chung ở cùng đường dẫn; nếu vẫn lỗi, "
                                       "xin báo cho nhóm phát triển.")

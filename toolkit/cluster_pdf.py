"""Convert to PDF on a Dask distributed cluster: `thidua convert pdf --scheduler`.

The client names every PDF as a local run would (`<out_dir>/<stem>.pdf`, `-2` for a stem met
again) and refuses an existing one without `force` before anything travels. Files go to the
workers in groups of `PER_TASK` (their bytes, under their own names); each Dask worker process
keeps one `PdfConverter` — one private LibreOffice profile, whose first start is the slow one —
for every group it gets, and sends back the PDFs' bytes or each file's Vietnamese error. The
client alone writes the PDFs, atomically. A bad document is handled on the worker as locally
(LibreOffice restarted past it, `timeout` seconds without progress); a group whose worker dies
again and again (`KilledWorker`) is sent again one file a task, so that only the file that
kills workers is reported, and the batch goes on.

`distributed` is optional and imported only by `cluster.py` (`connect`, `tries_given_up`).
"""
from __future__ import annotations

import atexit
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Sequence

from .cluster import connect, tries_given_up
from .files import atomic_path
from .naming import NameAllocator
from .office.libreoffice import PdfConverter
from .outcome import Failure, Outcome

PER_TASK = 8  # files a task converts with one LibreOffice start


def convert_on_cluster(paths: Sequence[Path], out_dir: Path, *, scheduler: str, force: bool = False,
                       timeout: float = 120, on_progress: Callable[[int], None] | None = None,
                       what: Callable[[Path], str] = str) -> Outcome:
    """Every file to `<out_dir>/<stem>.pdf`, converted by the workers of the cluster at `scheduler`;
    `office.libreoffice.convert_files` with the same arguments (so `generate --pdf` can take
    either), `what` naming a failed input."""
    paths = [Path(p) for p in paths]
    names = NameAllocator(Path(out_dir), ".pdf")
    targets = [names.allocate(p.stem) for p in paths]
    written: dict[int, Path] = {}
    failed: dict[int, str] = {}

    def settle(index: int, error: str | None) -> None:
        if error:
            failed[index] = error
        else:
            written[index] = targets[index]
        if on_progress:
            on_progress(1)

    todo = []
    for index, target in enumerate(targets):
        problem = _target_problem(target, force)
        if problem:
            settle(index, problem)
        else:
            todo.append(index)
    if todo:
        client = connect(scheduler)
        try:
            _run(client, paths, todo, timeout, lambda index, pdf, error: settle(index, error or _write(
                pdf, targets[index], force)))
        finally:
            client.close()
    outcome = Outcome()
    for index, path in enumerate(paths):
        if index in written:
            outcome.written.append(written[index])
        else:
            outcome.failures.append(Failure(what(path), failed[index]))
    return outcome


def _run(client, paths: list[Path], todo: list[int], timeout: float,
         done: Callable[[int, bytes | None, str | None], None]) -> None:
    groups = [todo[i:i + PER_TASK] for i in range(0, len(todo), PER_TASK)]
    window = max(2, 2 * sum(client.nthreads().values()))
    pending: dict[Any, list[int]] = {}
    wake = threading.Event()
    try:
        while groups or pending:
            while groups and len(pending) < window:
                group = groups.pop(0)
                items = []
                for index in group:
                    try:
                        items.append((paths[index].name, paths[index].read_bytes()))
                    except OSError as exc:
                        items.append((paths[index].name, None))
                        done(index, None, f"không đọc được tệp: {exc.strerror}.")
                sent = [(index, item) for index, item in zip(group, items) if item[1] is not None]
                if not sent:
                    continue
                future = client.submit(pdf_on_worker, [item for _, item in sent], timeout, pure=False)
                future.add_done_callback(lambda _: wake.set())
                pending[future] = [index for index, _ in sent]
            wake.wait(0.5)
            wake.clear()
            for future in [f for f in pending if f.done()]:
                group = pending.pop(future)
                if future.status == "finished":
                    for index, (pdf, error) in zip(group, future.result()):
                        done(index, pdf, error)
                    continue
                exc = future.exception() if future.status == "error" else None
                tries = tries_given_up(exc)
                if tries and len(group) > 1:
                    # One of them kills workers: each alone now, so only that one is given up.
                    groups[:0] = [[index] for index in group]
                    continue
                if tries:
                    message = (f"máy chuyển PDF (worker) dừng bất thường cả {tries} lần thử "
                               "chuyển tệp này, nên đã bỏ qua. Tệp có thể bị hỏng hoặc quá lớn: hãy mở tệp, lưu "
                               "lại rồi chuyển lại.")
                elif exc is not None:
                    message = f"máy chuyển PDF (worker) không chuyển được tệp ({type(exc).__name__}: {exc})."
                else:
                    message = "mất kết nối tới bộ lập lịch Dask trước khi chuyển xong tệp này; hãy chạy lại."
                for index in group:
                    done(index, None, message)
    finally:
        if client.status == "running":
            for future in pending:
                future.cancel()


def _target_problem(target: Path, force: bool) -> str | None:
    if target.exists() and not force:
        return f"tệp {target.name} đã có; không ghi đè. Dùng --force để ghi đè hoặc chọn thư mục khác (-o)."
    return None


def _write(pdf: bytes, target: Path, force: bool) -> str | None:
    problem = _target_problem(target, force)  # it may have appeared while the workers converted
    if problem:
        return problem
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            tmp.write_bytes(pdf)
    except OSError as exc:
        return f"không ghi được tệp {target.name}: {exc.strerror}."
    return None


# --- on the worker ----------------------------------------------------------------------------

_converter: PdfConverter | None = None
_lock = threading.Lock()  # a PdfConverter is for one thread at a time


def pdf_on_worker(items: list[tuple[str, bytes]], timeout: float) -> list[tuple[bytes | None, str | None]]:
    """A task: each (name, bytes) to PDF with this worker's LibreOffice; (pdf bytes, None) or
    (None, the Vietnamese reason) for each, in order."""
    global _converter
    with _lock:
        if _converter is None:
            _converter = PdfConverter().__enter__()
            atexit.register(_converter.__exit__, None, None, None)
        _converter.timeout = timeout
        with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as work:
            sources = []
            for number, (name, data) in enumerate(items):
                folder = Path(work) / "in" / str(number)  # a folder each: the names stay as sent
                folder.mkdir(parents=True)
                (folder / name).write_bytes(data)
                sources.append(folder / name)
            results = _converter.convert(sources, Path(work) / "out", force=True)
            return [(r.pdf.read_bytes(), None) if r.error is None else (None, r.error) for r in results]

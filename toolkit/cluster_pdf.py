"""Convert to PDF on a Dask distributed cluster: `thidua convert pdf --scheduler`.

The client names every PDF as a local run would (`<out_dir>/<stem>.pdf`, `-2` for a stem met
again) and refuses an existing one without `force` before anything travels. Files go to the
workers in groups of `PER_TASK` (their bytes, under their own names); each Dask worker process
keeps one `PdfConverter` — one private LibreOffice profile, whose first start is the slow one —
for every group it gets, and sends back the PDFs' bytes or each file's Vietnamese error. The
client alone writes the PDFs, atomically. A bad document is handled on the worker as locally
(LibreOffice restarted past it, `timeout` seconds without progress); a group whose worker dies
again and again (`KilledWorker`) is sent again one file a task, so that only the file that
kills workers is reported, and a file that only waited on a dying worker is converted
(`cluster_groups`). Each worker's profile is in its scratch folder (`cluster.worker_folder`),
which the next worker on the machine removes if this one was killed.

`distributed` is optional and imported only inside functions of `cluster.py` and `cluster_groups.py`.
"""
from __future__ import annotations

import atexit
import tempfile
import threading
from pathlib import Path
from typing import Callable, Sequence

from .cluster import connect, worker_folder
from .cluster_groups import run_groups
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
    def failed(exc: BaseException | None, tries: int | None) -> tuple[None, str]:
        if isinstance(exc, OSError):
            return None, f"không đọc được tệp: {exc.strerror}."
        if tries:
            return None, (f"máy chuyển PDF (worker) dừng bất thường cả {tries} lần thử chuyển tệp này, nên đã "
                          "bỏ qua. Tệp có thể bị hỏng hoặc quá lớn: hãy mở tệp, lưu lại rồi chuyển lại.")
        if exc is not None:
            return None, f"máy chuyển PDF (worker) không chuyển được tệp ({type(exc).__name__}: {exc})."
        return None, "mất kết nối tới bộ lập lịch Dask trước khi chuyển xong tệp này; hãy chạy lại."

    for index, (pdf, error) in run_groups(client, todo, PER_TASK, pdf_on_worker,
                                          lambda index: (paths[index].name, paths[index].read_bytes()), failed,
                                          args=(timeout,)):
        done(index, pdf, error)


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
            _converter = PdfConverter(folder=worker_folder()).__enter__()
            atexit.register(_converter.__exit__, None, None, None)
        _converter.timeout = timeout
        with tempfile.TemporaryDirectory(prefix="thidua-pdf-", dir=worker_folder()) as work:
            sources = []
            for number, (name, data) in enumerate(items):
                folder = Path(work) / "in" / str(number)  # a folder each: the names stay as sent
                folder.mkdir(parents=True)
                (folder / name).write_bytes(data)
                sources.append(folder / name)
            results = _converter.convert(sources, Path(work) / "out", force=True)
            return [(r.pdf.read_bytes(), None) if r.error is None else (None, r.error) for r in results]

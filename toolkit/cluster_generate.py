"""Render documents on a Dask cluster: `thidua generate … --scheduler`.

`generate.batch.generate` still decides everything here, as in a local run: every
document's name (`-2` for a name met again), what `--resume` skips, what may not be
overwritten, the rows that cannot be read. This module only renders, as its `render`: the
documents go to the workers `PER_TASK` at a time with the template's file and the shared
context (pickled once, compiled once per worker), and come back as bytes that the client writes
as a local run does (journal line first, then the file atomically: `batch.write_document`).
With `shared_fs` every machine sees the output folder at the same path, so the workers write
the documents there themselves (`batch.render_to`) and only the outcome comes back. A
document that cannot be rendered fails alone, in the words of a local run; a group whose
workers died is handled by `cluster_groups`.
"""
from __future__ import annotations

import hashlib
import pickle
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator

from .cluster import connect, worker_folder
from .cluster_groups import run_groups
from .errors import ThiduaError
from .generate.batch import render_document, render_to, write_document
from .generate.engine import compile_template

PER_TASK = 16  # documents a task: as for local worker processes (batch.CHUNK)


def render_on_cluster(template, spec, tasks: Iterable[tuple[Any, Path, str]], jobs: int = 1, *, scheduler: str,
                      shared_fs: bool = False) -> Iterator[tuple[Any, Path, str | None]]:
    """(document, path, error) of every task (document, path, inputs' hash), in order, the
    documents rendered by the workers of the cluster at `scheduler` (`jobs` is this machine's
    and plays no part)."""
    tasks = list(tasks)
    if not tasks:
        return
    client = connect(scheduler)
    try:
        # Compiled Jinja code does not travel: the template's file does, compiled once per worker.
        blob = pickle.dumps((Path(template.path).read_bytes(), str(template.path), template.images_from, spec,
                             tasks[0][0].base))  # one shared context a plan
        finished: dict[int, str | None] = {}
        following = 0

        def load(index: int) -> tuple[dict, str | None, str]:
            doc, path, digest = tasks[index]
            return doc.own, str(path.resolve()) if shared_fs else None, digest

        for index, (data, error) in run_groups(client, range(len(tasks)), PER_TASK, render_on_worker, load, _failed,
                                               args=(blob,)):
            _, path, digest = tasks[index]
            finished[index] = error if data is None else write_document(path, digest, data)
            while following in finished:
                doc, path, _ = tasks[following]
                yield doc, path, finished.pop(following)
                following += 1
    finally:
        client.close()


def _failed(exc: BaseException | None, tries: int | None) -> tuple[None, str]:
    if tries:
        return None, (f"máy tạo văn bản (worker) dừng bất thường cả {tries} lần thử tạo văn bản này, nên đã bỏ "
                      "qua. Hãy kiểm tra dữ liệu của dòng này (ví dụ ảnh quá lớn) rồi chạy lại với --resume.")
    if exc is not None:
        return None, f"máy tạo văn bản (worker) không tạo được văn bản ({type(exc).__name__}: {exc})."
    return None, "mất kết nối tới bộ lập lịch Dask trước khi tạo xong văn bản này; hãy chạy lại với --resume."


# --- on the worker ----------------------------------------------------------------------------

_plans: dict[str, tuple] = {}  # the template, spec and shared context of the batches seen, by hash
_lock = threading.Lock()


def render_on_worker(items: list[tuple[dict, str | None, str]], blob: bytes) -> list[tuple[bytes | None, str | None]]:
    """A task: each document's bytes, or (written to its shared path) None; or its error."""
    template, spec, base = _plan(blob)
    results = []
    for own, path, digest in items:
        if path is not None:
            results.append((None, render_to(template, spec, base, own, Path(path), digest)))
            continue
        try:
            results.append((render_document(template, spec, base, own), None))
        except ThiduaError as exc:
            results.append((None, str(exc)))
        except OSError as exc:  # as a local run words it (batch.render_to)
            results.append((None, f"không ghi được tệp: {exc.strerror}"))
    return results


def _plan(blob: bytes) -> tuple:
    """(template, spec, shared context) of a batch, the template compiled from its file here
    and named as the client named it (its messages are a local run's)."""
    key = hashlib.sha256(blob).hexdigest()
    with _lock:
        if key not in _plans:
            data, path, images_from, spec, base = pickle.loads(blob)
            folder = worker_folder() / f"mau-{key[:16]}"
            folder.mkdir(exist_ok=True)
            local = folder / (Path(path).name or "mau.docx")
            local.write_bytes(data)
            template = compile_template(local)
            template.path, template.images_from = Path(path), images_from
            if len(_plans) >= 4:  # batches of the past
                _plans.pop(next(iter(_plans)))
            _plans[key] = template, spec, base
        return _plans[key]

"""Batch generation: one template, many documents, several processes.

The parent process decides every output name (so collisions get `-2`, `-3` in sheet order
whatever the number of jobs) and streams documents to the workers through a bounded window,
so memory does not grow with the number of rows. Each worker compiled the template once; a
failing document is recorded and the rest go on.
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .. import vn
from ..errors import ThiduaError
from ..files import file_hash, write_bytes_atomic
from ..naming import NameAllocator, fill_pattern
from ..office.libreoffice import convert_files, copy_name
from ..outcome import Failure, Outcome
from .catalog import TemplateSpec
from .combine import Combiner
from .documents import Document, check_workbook, iter_documents, parse_group_by, parse_where, shared_context
from .engine import Template
from .journal import append_entry, context_digest, input_hash, read_journal, written_entry
from .properties import document_properties
from .workbook import Workbook, open_workbook


@dataclass
class Plan:
    """A template and a workbook, checked against each other, ready to render."""

    template: Template
    spec: TemplateSpec | None
    workbook: Workbook
    name: str  # the template's short name, for default file names
    each: str | None = None
    group_by: tuple[str, str] | None = None
    where: Sequence = ()
    base: dict | None = None  # the context every document shares, read once

    def documents(self) -> Iterator[Document]:
        return iter_documents(self.workbook, self.each, self.group_by, self.where, self.base)

    def count(self) -> int:
        if self.each:
            return sum(1 for row in self.workbook.rows(self.each, keep_errors=True)
                       if all(c.matches(row.values) for c in self.where))
        return sum(1 for _ in self.documents())


def plan(template: Template, spec: TemplateSpec | None, data: str | Path, *, each: str | None = None,
         group_by: str | None = None, where: Sequence[str] = ()) -> Plan:
    """Open the workbook and check it has everything the template and options need."""
    if each and group_by:
        raise ThiduaError("chỉ dùng một trong hai tùy chọn --each hoặc --group-by.")
    workbook = open_workbook(data, spec)
    grouping = parse_group_by(group_by) if group_by else None
    each_slug = vn.slug(each) if each else None
    problems = check_workbook(workbook, spec, each_slug, grouping)
    if problems:
        raise BatchError(problems)
    name = spec.name if spec else Path(template.path).stem
    conditions = parse_where(where)
    base = shared_context(workbook, each_slug, grouping, conditions)
    template.images_from = Path(workbook.path).resolve().parent  # hinh_anh reads paths from there
    return Plan(template, spec, workbook, name, each_slug, grouping, conditions, base)


class BatchError(ThiduaError):
    """Several problems found before anything was written."""

    def __init__(self, problems: list[ThiduaError]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def generate(plan: Plan, out_dir: str | Path, *, name: str | None = None, combine: str | Path | None = None,
             jobs: int = 1, force: bool = False, pdf: bool = False, resume: bool = False,
             on_progress: Callable[[int], None] | None = None,
             convert: Callable[..., Outcome] = convert_files, render: Callable[..., Iterator] | None = None) -> Outcome:
    """Render every document of the plan into `out_dir` (or into one `combine` file).

    Every document written into `out_dir` is noted in the folder's resume journal; with
    `resume`, a document whose file is there as we wrote it, from the same inputs, is skipped.

    With `pdf`, every .docx written is then converted by one running LibreOffice, the PDF
    beside it; a document LibreOffice cannot convert is a failure, the rest go on. `convert`
    is what converts them (`convert_files`' arguments): the caller may hand a cluster's. So is
    `render` (`render(template, spec, tasks, jobs)` yields each task's (document, path,
    error) in order): by default this machine's `jobs` processes render and write them.
    """
    if resume and combine:
        raise ThiduaError("--resume chỉ dùng khi ghi từng tệp vào thư mục, không dùng cùng --combine.")
    result = _generate_docx(plan, Path(out_dir), name, combine, jobs, force, resume, on_progress, render or _run)
    if pdf and result.written:
        result.merge(convert(result.written, result.written[0].parent if combine else Path(out_dir),
                             force=force, what=copy_name))
    return result


def _generate_docx(plan: Plan, out_dir: Path, name: str | None, combine: str | Path | None, jobs: int,
                   force: bool, resume: bool, on_progress: Callable[[int], None] | None,
                   render: Callable[..., Iterator]) -> Outcome:
    if combine:
        return _generate_combined(plan, Path(combine), force, on_progress)
    allocator = NameAllocator(out_dir, ".docx")
    result = Outcome()
    pattern = name or ("{ten}" if not (plan.each or plan.group_by) else "{ten} - {khoa}")
    journal = read_journal(out_dir) if resume else {}
    if resume:
        _remove_leftovers(out_dir)
    template_digest = file_hash(Path(plan.template.path))
    base_digest = context_digest(plan.base or {})

    def tasks() -> Iterator[tuple[Document, Path, str]]:
        for doc in plan.documents():
            fields = {"ten": plan.name, "khoa": doc.key, "stt": doc.index, **doc.base, **doc.own}
            # Every document gets its name, skipped or not, so names stay the same run after run.
            path = allocator.allocate(fill_pattern(pattern, fields))
            if doc.error is not None:  # its row could not be read: this document fails, the rest go on
                result.failures.append(Failure(f"{path.name} ({doc.origin})", str(doc.error), doc.origin))
                if on_progress:
                    on_progress(1)
                continue
            digest = input_hash(template_digest, base_digest, doc.own)
            if path.exists() and not force:
                entry = written_entry(journal.get(path.name, []), path)
                ours = entry is not None
                if ours and entry.hash == digest:
                    result.skipped.append(path)
                    if on_progress:
                        on_progress(1)
                    continue
                if not ours:
                    hint = (" --resume chỉ bỏ qua hoặc ghi lại những tệp do chính thidua đã ghi và chưa bị sửa."
                            if resume else "")
                    result.failures.append(Failure(path.name, "tệp đã có; không ghi đè. Dùng --force để ghi đè "
                                                              "hoặc chọn thư mục khác (-o)." + hint))
                    continue
                # Ours, unchanged, but the data changed since: with --resume it is rendered again.
            yield doc, path, digest

    for doc, path, error in render(plan.template, plan.spec, tasks(), jobs):
        if error:
            result.failures.append(Failure(f"{path.name} ({doc.origin})", error, doc.origin))
        else:
            result.written.append(path)
        if on_progress:
            on_progress(1)
    return result


def _remove_leftovers(out_dir: Path) -> None:
    """The hidden half-written documents (`.~….docx.part`) of a run that was killed: a resumed
    run writes those documents again, so the pieces are only litter."""
    for leftover in out_dir.glob(".~*.docx.part") if out_dir.is_dir() else ():
        try:
            leftover.unlink()
        except OSError:
            pass


def _generate_combined(plan: Plan, target: Path, force: bool, on_progress) -> Outcome:
    result = Outcome()
    if target.exists() and not force:
        raise ThiduaError("tệp đã có; không ghi đè. Dùng --force để ghi đè.", file=str(target))
    combiner = Combiner(plan.template)
    for doc in plan.documents():
        if doc.error is not None:
            result.failures.append(Failure(doc.origin, str(doc.error), doc.origin))
            if on_progress:
                on_progress(1)
            continue
        try:
            combiner.add(plan.template.render_parts(doc.context, combiner.media))
        except ThiduaError as exc:
            result.failures.append(Failure(doc.origin, str(exc), doc.origin))
        if on_progress:
            on_progress(1)
    if combiner.count:
        write_bytes_atomic(target, combiner.finish())
        result.written.append(target)
    return result


# --- workers -------------------------------------------------------------------------------

_worker_template: Template | None = None
_worker_base: dict = {}
_worker_spec: TemplateSpec | None = None


def _init_worker(template: Template, base: dict, spec: TemplateSpec | None) -> None:
    """Each worker holds the template and the shared context; tasks carry only their own rows."""
    global _worker_template, _worker_base, _worker_spec
    _worker_template, _worker_base, _worker_spec = template, base, spec


def _render_to(own: dict, path: Path, digest: str) -> str | None:
    return render_to(_worker_template, _worker_spec, _worker_base, own, path, digest)


def render_to(template: Template, spec: TemplateSpec | None, base: dict, own: dict, path: Path,
              digest: str) -> str | None:
    """Render one document and write it to `path`: None, or why it failed (here, in a worker
    process, or on a cluster's worker writing to a shared folder)."""
    try:
        return write_document(path, digest, render_document(template, spec, base, own))
    except ThiduaError as exc:
        return str(exc)
    except OSError as exc:
        return f"không ghi được tệp: {exc.strerror}"


def render_document(template: Template, spec: TemplateSpec | None, base: dict, own: dict) -> bytes:
    """One document's bytes, from the shared context and its own fields."""
    context = {**base, **own}
    properties = document_properties(spec, context) if spec else ()
    return template.render(context, properties)


def write_document(path: Path, digest: str, data: bytes) -> str | None:
    """Write a rendered document where its name was decided, noted in the resume journal first."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        append_entry(path, digest, data)  # before the rename: a file of ours is never unknown (see journal)
        write_bytes_atomic(path, data)
        return None
    except OSError as exc:
        return f"không ghi được tệp: {exc.strerror}"


def _render_chunk(chunk: list[tuple[dict, Path, str]]) -> list[str | None]:
    return [_render_to(own, path, digest) for own, path, digest in chunk]


CHUNK = 16  # documents per task: enough to make process hand-offs cheap, small enough to stream


def _run(template: Template, spec: TemplateSpec | None, tasks: Iterator[tuple[Document, Path, str]], jobs: int):
    """Yield (document, path, error) in order, rendering in `jobs` processes."""
    first = next(tasks, None)
    if first is None:
        return
    tasks = itertools.chain([first], tasks)
    base = first[0].base  # one dict shared by every document of a plan
    if jobs <= 1:
        _init_worker(template, base, spec)
        for doc, path, digest in tasks:
            yield doc, path, _render_to(doc.own, path, digest)
        return
    window: deque[tuple[list[tuple[Document, Path, str]], Future]] = deque()
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(template, base, spec)) as pool:
        while True:
            chunk = list(itertools.islice(tasks, CHUNK))
            if chunk:
                window.append((chunk, pool.submit(_render_chunk, [(doc.own, path, digest) for doc, path, digest in chunk])))
            if window and (not chunk or len(window) >= jobs * 4):
                done, future = window.popleft()
                for (doc, path, _), error in zip(done, future.result()):
                    yield doc, path, error
            elif not chunk:
                return

"""What the web server does in the background: read uploaded files, make documents.

One runner thread per kind of job takes jobs oldest first, so the store has one writer for
records, and a long batch of scans does not hold up making documents. Reading goes through
`parse.parse_paths` with every file in a worker process (`isolate`): a file that hangs or
crashes its reader is reported, and the server goes on. A job a stopped server left
unfinished is taken up again at start, from its first file not yet read.
"""
from __future__ import annotations

import re
import threading
import traceback
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ..errors import ThiduaError
from ..files import file_hash
from ..generate import generate as generate_documents, plan as make_plan, templates
from ..generate.batch import BatchError
from ..generate.catalog import BUILTIN
from ..generate.documents import check_workbook
from ..generate.workbook import open_workbook
from ..parse import FILE_TIMEOUT, parse_paths
from ..records import Record
from ..store import FileStatus, parsed_hashes, store_into
from .jobs import DONE, FAILED, QUEUED, RUNNING, Jobs


# --- reading ------------------------------------------------------------------------------------

def run_parse(jobs: Jobs, job_id: str, *, timeout: float = FILE_TIMEOUT) -> None:
    """Read a parse job's queued files into the store, each stored the moment it is read."""
    job = jobs.get(job_id)
    jobs.set_status(job_id, RUNNING)
    known = parsed_hashes(jobs.store)
    waiting: dict[str, object] = {}
    for upload in (f for f in job.files if f.status == QUEUED):
        path = Path(upload.path)
        if not path.is_file():
            with jobs.writing() as db:
                jobs.file_done(db, job_id, upload.seq, hash="", status="error",
                               error="tệp tải lên không còn trên máy chủ; hãy tải lên lại.")
            continue
        digest = file_hash(path)
        if digest in known:  # the same content was read before: its records (and reviews) stand
            with jobs.writing() as db:
                count = db.execute("SELECT records FROM files WHERE hash = ?", (digest,)).fetchone()[0]
                jobs.file_done(db, job_id, upload.seq, hash=digest, status="reused", records=count,
                               notes=["cùng nội dung với một tệp đã đọc trước đó; dùng lại bản ghi đã có."])
            continue
        waiting[str(path)] = upload

    def keep(records: list[Record], status: FileStatus) -> None:
        upload = waiting[status.path]
        for record in records:  # provenance is the name the person knows, not our folder
            record.source.file = upload.name
        shown = replace(status, path=upload.name)
        with jobs.writing() as db:
            store_into(db, records, [shown])
            jobs.file_done(db, job_id, upload.seq, hash=status.hash, status=status.status, error=status.error,
                           place=status.where, notes=status.notes, records=len(records))

    if waiting:
        parse_paths(list(waiting), timeout=timeout, on_file=keep, isolate=True)
    finished = jobs.get(job_id)
    errors = sum(f.status == "error" for f in finished.files)
    jobs.set_status(job_id, DONE, result={"files": len(finished.files), "errors": errors,
                                          "records": sum(f.records or 0 for f in finished.files)})


# --- making documents ---------------------------------------------------------------------------

@dataclass
class Made:
    """A generate run's result: the file to download and what could not be made."""

    download: Path | None
    written: list[str] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"download": self.download.name if self.download else None, "written": self.written,
                "failures": self.failures}


def template_source(name: str | None, uploaded: Path | None) -> str:
    """A built-in template's name, or an uploaded .docx; never a path a request names."""
    if uploaded is not None:
        return str(uploaded)
    if name in BUILTIN:
        return name
    raise ThiduaError(f"không có mẫu '{name}'; chọn một mẫu có sẵn ({', '.join(BUILTIN)}) hoặc tải lên tệp .docx.")


def check(template: str, workbook: Path | None, root: Path | None = None) -> list[str]:
    """`thidua template check`: the problems of a template and, if given, its data workbook."""
    compiled, spec = templates.load(template)
    data = open_workbook(str(workbook), spec) if workbook else None
    problems = templates.check(compiled, spec, data)
    if data is not None:
        problems += check_workbook(data, spec)
    return [without_paths(str(p), root) for p in problems]


def make_documents(template: str, workbook: Path, out: Path, *, each: str | None = None,
                   group_by: str | None = None, pdf: bool = False,
                   on_progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
                   root: Path | None = None) -> Made:
    """Generate into `out/van-ban`; one document is downloaded as itself, several as a ZIP.
    `on_total` hears how many documents the workbook makes before the first is made."""
    compiled, spec = templates.load(template)
    plan = make_plan(compiled, spec, str(workbook), each=each or None, group_by=group_by or None)
    if on_total:
        on_total(plan.count())
    folder = out / "van-ban"
    result = generate_documents(plan, folder, pdf=pdf, on_progress=on_progress)
    written = [p for p in result.written if p.is_file()]
    failures = [{"what": Path(f.what).name, "where": f.where, "message": without_paths(f.message, root)}
                for f in result.failures]
    if len(written) == 1:
        download = written[0]
    elif written:
        download = out / "van-ban.zip"
        with zipfile.ZipFile(download, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in written:
                zf.write(path, path.relative_to(folder).as_posix())
    else:
        download = None
    return Made(download, [p.name for p in written], failures)


def problems_of(exc: ThiduaError, root: Path | None = None) -> list[str]:
    problems = exc.problems if isinstance(exc, BatchError) else [exc]
    return [without_paths(str(p), root) for p in problems]


_PATH = re.compile(r"(?:/[^/\s,:;'\"]+)+/([^/\s,:;'\"]+\.[A-Za-z]{2,5})")


def without_paths(message: str, root: Path | None = None) -> str:
    """A message as people read it: files by their names, never the server's folders (the
    data folder `root` and ours inside it have no meaning to them; a file's own name may
    hold spaces, so those are cut by what they start with)."""
    if root is not None:
        message = _OURS.sub("", message.replace(f"{root.resolve()}/", "").replace(f"{root}/", ""))
    return _PATH.sub(r"\1", message)


_OURS = re.compile(r"\b(?:tao|tai-len|van-ban|tong-hop|tam)/[0-9a-f]{16}/(?:[\w.-]+/)*")


def run_generate(jobs: Jobs, job_id: str) -> None:
    job = jobs.get(job_id)
    p = job.params
    out = Path(p["out"])
    jobs.set_status(job_id, RUNNING)
    done = 0

    def advance(step: int) -> None:
        nonlocal done
        done += step
        jobs.set_done(job_id, done)

    try:
        made = make_documents(p["template"], Path(p["workbook"]), out, each=p.get("each"),
                              group_by=p.get("group_by"), pdf=bool(p.get("pdf")), on_progress=advance,
                              on_total=lambda count: jobs.set_status(job_id, RUNNING, total=count),
                              root=jobs.store.parent)
    except ThiduaError as exc:
        jobs.set_status(job_id, FAILED, result={"problems": problems_of(exc, jobs.store.parent)})
        return
    result = made.to_json()
    if made.download:
        result["path"] = str(made.download.relative_to(out))
    jobs.set_status(job_id, DONE if made.download else FAILED, result=result)


# --- runners ------------------------------------------------------------------------------------

class Runner:
    """A thread that runs one kind of job, oldest first, and wakes when a job is added."""

    def __init__(self, jobs: Jobs, kind: str, work: Callable[[Jobs, str], None]):
        self.jobs, self.kind, self.work = jobs, kind, work
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"thidua-{kind}", daemon=True)

    def start(self) -> "Runner":
        self._thread.start()
        self._wake.set()  # jobs a stopped server left unfinished
        return self

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            for job_id in self.jobs.unfinished(self.kind):
                try:
                    self.work(self.jobs, job_id)
                except Exception as exc:  # a bug must not stop the runner; the job says what happened
                    traceback.print_exc()
                    self.jobs.set_status(job_id, FAILED, result={"problems": [
                        f"lỗi chương trình ({type(exc).__name__}: {exc}); xin báo cho nhóm phát triển."]})

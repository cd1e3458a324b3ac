"""LibreOffice running headless: PDF from Word, Excel and OpenDocument files, and the old
formats (.doc, .xls, RTF, OpenDocument, .xlsb, HTML saved as .doc/.xls) turned into
.docx/.xlsx for the readers. The one place that starts LibreOffice.

Starting LibreOffice costs about a second (several on a fresh profile) while converting a
short document costs a fraction of that, so a batch hands many files to ONE `soffice
--convert-to pdf` process and follows the `convert <src> -> <dst> using filter : …` line it
prints before exporting each file. That line is also how a document that hangs or crashes
LibreOffice is found: the process is killed, the file it was working on is reported, and a
new process takes the files that are left.

Each `PdfConverter` owns a private LibreOffice profile (so it never talks to a LibreOffice
the user has open, and the slow first start happens once per converter), set up for
untrusted documents: macros off, links never updated, linked images never fetched. Inputs
are linked into a private folder under numbered ASCII names, which keeps LibreOffice's lock
files and output away from the user's folders, gives two inputs with the same stem separate
outputs, and makes its progress lines easy to match whatever the file names are. Finished
PDFs are moved into place atomically; an existing PDF is only replaced with `force`.
"""
from __future__ import annotations

import glob
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..errors import ThiduaError
from ..files import atomic_path
from ..naming import NameAllocator
from ..outcome import Failure, Outcome
from ..safety import check_zip
from .kinds import KIND_NAMES, sniff

SUPPORTED = (".docx", ".doc", ".odt", ".xlsx", ".xls", ".ods")
CHUNK = 200  # files per LibreOffice process: bounds the command line and any leak in a long run
ENV_VAR = "THIDUA_SOFFICE"

INSTALL_HINT = (
    "Cần LibreOffice để chuyển văn bản sang PDF. Cách cài:\n"
    "  - Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
    "fonts-liberation2\n"
    "  - Windows: cài LibreOffice từ https://www.libreoffice.org/download/ rồi thêm thư mục "
    r"C:\Program Files\LibreOffice\program vào biến PATH" "\n"
    "  - macOS: cài LibreOffice từ https://www.libreoffice.org/download/ "
    "(hoặc brew install --cask libreoffice)\n"
    f"  - Hoặc đặt biến môi trường {ENV_VAR} là đường dẫn tới chương trình soffice."
)

# Where installers put soffice when it is not on PATH; on Windows soffice.com comes first
# because soffice.exe detaches from the console and its progress lines would be lost.
_USUAL_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/usr/lib64/libreoffice/program/soffice",
    "/usr/local/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.com",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.com",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

# A fresh profile's settings for untrusted documents. Writer counts link updates
# 0=never (sw/inc/linkenum.hxx), Calc 1=never (ScLkUpdMode); level 3 = "very high".
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""

# LibreOffice opens any unrecognised bytes as plain text and happily exports that, so a
# damaged file must be caught by its first bytes: ZIP (.docx .xlsx .odt .ods) or OLE2 (.doc
# .xls, and password-protected .docx/.xlsx); for the old formats also RTF or HTML, which
# Word and web systems often save under .doc/.xls.
_CONTAINERS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_RTF = b"{\\rtf"  # only at the very start, or LibreOffice no longer sees RTF

_CONVERT_LINE = re.compile(r"convert (.+?) -> ")
_LOAD_ERROR = "Error: source file could not be loaded"

NOT_OPENED = ("LibreOffice không mở được tệp này: tệp bị hỏng hoặc không đúng định dạng "
              "Word/Excel/OpenDocument. Mở thử bằng Word hoặc LibreOffice rồi lưu lại.")
NOT_EXPORTED = "LibreOffice mở được tệp này nhưng không xuất được PDF."
FAILED = "LibreOffice không chuyển được tệp này sang PDF"

# Formats LibreOffice turns into one the readers read, and into which.
CONVERTED_TO = {"doc": "docx", "rtf": "docx", "odt": "docx", "xls": "xlsx", "xlsb": "xlsx", "ods": "xlsx"}
_EXPORT_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
_HTML_FILTERS = {"docx": "HTML (StarWriter)", "xlsx": "HTML (StarCalc)"}
CONVERT_TIMEOUT = 120  # seconds without progress for one conversion


@dataclass
class PdfResult:
    """One input and what became of it: the PDF written, or why there is none (callers turn
    it into the `Outcome` of their batch)."""

    source: Path
    pdf: Path | None = None
    error: str | None = None


def find_soffice() -> str:
    """The LibreOffice program to run: `THIDUA_SOFFICE`, then PATH, then the usual places."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        found = configured if _is_program(configured) else shutil.which(configured)
        if found:
            return found
        raise ThiduaError(f"biến môi trường {ENV_VAR} chỉ tới '{configured}', nhưng ở đó không có "
                          f"chương trình LibreOffice chạy được.\n{INSTALL_HINT}")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _USUAL_PLACES:
        for candidate in sorted(glob.glob(pattern), reverse=True):  # /opt/libreoffice7.6 before 7.5
            if _is_program(candidate):
                return candidate
    raise ThiduaError(f"không tìm thấy LibreOffice (soffice).\n{INSTALL_HINT}")


def pdf_inputs(names: Sequence[str | Path]) -> list[Path]:
    """The files to convert: those named, and every convertible file under the named folders."""
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        paths += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED) if path.is_dir() else [path]
    return paths


def convert_files(paths: Sequence[Path], out_dir: Path, *, force: bool = False, timeout: float = 120,
                  on_progress: Callable[[int], None] | None = None,
                  what: Callable[[Path], str] = str) -> Outcome:
    """Every file to `<out_dir>/<stem>.pdf`, as one `Outcome`; `what` names a failed input."""
    outcome = Outcome()
    for item in convert_to_pdf(paths, out_dir, force=force, timeout=timeout, on_progress=on_progress):
        if item.error:
            outcome.failures.append(Failure(what(item.source), item.error))
        else:
            outcome.written.append(item.pdf)
    return outcome


def copy_name(path: Path) -> str:
    """How a failed PDF copy of a document is named among a batch's failures."""
    return f"{path.name} → PDF"


def convert_to_pdf(paths: Sequence[Path], out_dir: Path, *, force: bool = False, timeout: float = 120,
                   on_progress: Callable[[int], None] | None = None) -> list[PdfResult]:
    """Convert every file to `<out_dir>/<stem>.pdf` with one LibreOffice; one result per input."""
    with PdfConverter(timeout=timeout) as converter:
        return converter.convert(paths, out_dir, force=force, on_progress=on_progress)


@dataclass
class _Job:
    index: int  # position in the caller's list
    staged: Path  # the numbered link LibreOffice is given
    target: Path  # where the PDF goes


class PdfConverter:
    """A private LibreOffice profile and the batches converted with it.

    Use it as a context manager: the profile (whose first start is the slow one) lives until
    `__exit__`, so several batches pay for it once. `starts` counts LibreOffice processes
    started, which is what batching saves. Not for use from several threads at once.
    """

    def __init__(self, soffice: str | None = None, *, timeout: float = 120, folder: Path | None = None):
        self.soffice = soffice or find_soffice()
        self.folder = folder  # where the profile goes (default: the system's temporary folder)
        self.timeout = timeout  # seconds without progress before a document is given up
        self.starts = 0
        self._root: Path | None = None

    def __enter__(self) -> "PdfConverter":
        self._root = Path(tempfile.mkdtemp(prefix="thidua-pdf-", dir=self.folder))
        user = self.profile / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        return self

    @property
    def profile(self) -> Path | None:
        """The private LibreOffice profile folder while the converter is open."""
        return self._root / "profile" if self._root else None

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self._root, ignore_errors=True)
        self._root = None

    def convert(self, paths: Sequence[Path], out_dir: Path, *, force: bool = False,
                on_progress: Callable[[int], None] | None = None) -> list[PdfResult]:
        """Convert files to PDF in `out_dir`; a failing file is reported and the rest go on."""
        if self._root is None:
            raise RuntimeError("PdfConverter must be used in a `with` block")
        results = [PdfResult(Path(p)) for p in paths]

        def settle(index: int, pdf: Path | None, error: str | None) -> None:
            results[index].pdf, results[index].error = pdf, error
            if on_progress:
                on_progress(1)

        names = NameAllocator(Path(out_dir), ".pdf")
        with tempfile.TemporaryDirectory(dir=self._root, ignore_cleanup_errors=True) as work:
            staging = Path(work) / "in"
            staging.mkdir()
            jobs = []
            for index, result in enumerate(results):
                target = names.allocate(result.source.stem)
                problem = _check_source(result.source) or _check_target(target, force)
                if problem:
                    settle(index, None, problem)
                    continue
                staged = staging / f"{index:05d}{result.source.suffix.lower()}"
                _link(result.source, staged)
                jobs.append(_Job(index, staged, target))
            for start in range(0, len(jobs), CHUNK):
                # closing(): LibreOffice is stopped even if the caller's progress code raises
                with closing(self._convert_chunk(jobs[start:start + CHUNK], Path(work) / "out")) as done:
                    for job, pdf, error in done:
                        error = error or _place(pdf, job.target, force)
                        settle(job.index, None if error else job.target, error)
        return results

    def _convert_chunk(self, jobs: list[_Job], out: Path) -> Iterator[tuple[_Job, Path, str | None]]:
        """Yield (job, staged pdf, error) for every job, restarting LibreOffice past a bad file.

        LibreOffice works through its files in order and announces each one when it has
        loaded it and starts exporting; a file never announced could not be loaded. So at
        any moment the file it is busy with is the last one announced if that one's PDF is
        not finished yet, otherwise the next one.
        """
        while jobs:
            by_name = {job.staged.name: n for n, job in enumerate(jobs)}
            cursor, exporting = 0, False  # next job to be opened; is jobs[cursor - 1] exporting?
            self.starts += 1
            with _Soffice(self._command([job.staged for job in jobs], out)) as process:
                for line in process.lines(self.timeout):
                    announced = _CONVERT_LINE.search(line)
                    n = by_name.get(Path(announced.group(1)).name, -1) if announced else -1
                    if n >= cursor:
                        if exporting:
                            yield self._exported(jobs[cursor - 1], out)
                        for skipped in range(cursor, n):  # never announced: could not be opened
                            yield self._unannounced(jobs[skipped], out)
                        cursor, exporting = n + 1, True
                    elif _LOAD_ERROR in line and cursor < len(jobs):
                        if exporting:
                            yield self._exported(jobs[cursor - 1], out)
                        yield jobs[cursor], _pdf_for(jobs[cursor], out), NOT_OPENED
                        cursor, exporting = cursor + 1, False

            if exporting and (process.returncode == 0 or _complete(_pdf_for(jobs[cursor - 1], out))):
                yield self._exported(jobs[cursor - 1], out)
                exporting = False
            if process.returncode == 0 and not exporting:
                for n in range(cursor, len(jobs)):
                    yield self._unannounced(jobs[n], out)
                return
            culprit = cursor - 1 if exporting else cursor
            if culprit < len(jobs):
                yield jobs[culprit], _pdf_for(jobs[culprit], out), process.failure(self.timeout)
            jobs = jobs[culprit + 1:]

    @staticmethod
    def _exported(job: _Job, out: Path) -> tuple[_Job, Path, str | None]:
        """A file LibreOffice has moved on from: its PDF, if it was written completely."""
        pdf = _pdf_for(job, out)
        return job, pdf, None if _complete(pdf) else NOT_EXPORTED

    @staticmethod
    def _unannounced(job: _Job, out: Path) -> tuple[_Job, Path, str | None]:
        """A file LibreOffice never announced: failed to open, unless its PDF is there anyway
        (a LibreOffice that prints nothing, as some Windows launchers do)."""
        pdf = _pdf_for(job, out)
        return job, pdf, None if _complete(pdf) else NOT_OPENED

    def _command(self, files: list[Path], out: Path) -> list[str]:
        return [self.soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]


def convert_with_libreoffice(path: Path, kind: str, target: str, work: Path,
                             timeout: float = CONVERT_TIMEOUT) -> Path:
    """Convert `path` to `work/<name>.<target>` with a headless LibreOffice; the converted path."""
    try:
        soffice = find_soffice()
    except ThiduaError as exc:
        program = "Word" if target == "docx" else "Excel"
        raise ThiduaError(
            f"tệp là {KIND_NAMES.get(kind, kind)}, định dạng cũ, cần LibreOffice để đọc "
            f"({exc.message.splitlines()[0]}). "
            "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui "
            "libreoffice-calc-nogui; Windows, macOS: https://www.libreoffice.org/download/), "
            f"hoặc mở tệp bằng {program} và lưu lại dạng .{target} rồi gửi lại.", file=path.name) from None

    staged = work / f"input{path.suffix.lower() or '.bin'}"  # an ASCII name, away from the user's folder
    shutil.copyfile(path, staged)
    out = work / "out"
    # PdfConverter only lends its private, locked-down profile here; nothing is exported to PDF.
    with PdfConverter(soffice) as office:
        command = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={office.profile.as_uri()}"]
        if kind == "html":
            command.append(f"--infilter={_HTML_FILTERS[target]}")
        command += ["--convert-to", _EXPORT_FILTERS[target], "--outdir", str(out), str(staged)]
        status, output = run(command, timeout)
    if status is None:
        raise ThiduaError(f"LibreOffice chuyển tệp quá {timeout:g} giây nên đã bị dừng; tệp có thể quá lớn "
                          f"hoặc bị hỏng. Hãy mở tệp và lưu lại dạng .{target} rồi gửi lại.", file=path.name)
    converted = out / f"{staged.stem}.{target}"
    if not converted.is_file() or converted.stat().st_size == 0:
        said = " ".join(line for line in output.splitlines() if line.strip() and "javaldx" not in line)[-300:]
        raise ThiduaError(f"LibreOffice không chuyển được {KIND_NAMES.get(kind, kind)} này sang .{target} "
                          "(tệp có thể bị hỏng hoặc đặt mật khẩu)" + (f": {said}" if said else "")
                          + f". Hãy mở tệp và lưu lại dạng .{target} rồi gửi lại.", file=path.name)
    return converted


def run(command: list[str], timeout: float) -> tuple[int | None, str]:
    """Run one LibreOffice command to its end; (exit status, output), the status None when
    `timeout` seconds passed without progress and it was killed with everything it started."""
    with _Soffice(command) as process:
        output = "\n".join(process.lines(timeout))
    return process.returncode, output


class _Soffice:
    """One running LibreOffice whose output can be awaited with a time limit; leaving the
    `with` block kills it if it is still running.

    A thread reads the merged stdout/stderr (so "could not be loaded" errors arrive in order
    with the progress lines) because a pipe cannot be polled with a timeout on Windows.
    """

    def __init__(self, command: list[str]):
        if os.name == "nt":
            group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
        else:
            group = {"start_new_session": True}  # its own process group, killed as a whole
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, **group)
        self.hung = False
        self.tail: list[str] = []  # the last lines that were not progress, for crash messages
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def __enter__(self) -> "_Soffice":
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self._kill()
        self.process.wait()

    def _pump(self) -> None:
        with self.process.stdout:
            for raw in self.process.stdout:
                self._queue.put(raw.decode("utf-8", "replace").rstrip())
        self._queue.put(None)

    def lines(self, timeout: float) -> Iterator[str]:
        """Output lines until LibreOffice exits, or until `timeout` seconds pass without
        progress, in which case it is killed. Other output (warnings) is not progress."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.hung = True
                self._kill()
                return
            if line is None:  # output closed: it is exiting (or stuck on the way out)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self._kill()
                return
            if _CONVERT_LINE.search(line) or _LOAD_ERROR in line:
                deadline = time.monotonic() + timeout
            elif line and "javaldx" not in line:
                self.tail = [*self.tail[-2:], line]
            yield line

    @property
    def returncode(self) -> int | None:
        """The exit status, None while running or after a hang."""
        return None if self.hung else self.process.poll()

    def failure(self, timeout: float) -> str:
        if self.hung:
            return (f"{FAILED} (quá thời gian: {timeout:g} giây không có tiến triển). "
                    "Tệp có thể quá lớn hoặc bị hỏng; mở bằng Word hoặc LibreOffice rồi lưu lại.")
        said = f": {' | '.join(self.tail)}" if self.tail else ""
        return f"{FAILED} (LibreOffice dừng đột ngột, mã lỗi {self.process.returncode}{said})."

    def _kill(self) -> None:
        if os.name == "nt":  # soffice.exe/.com only launch soffice.bin: kill the whole tree
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(self.process.pid)], capture_output=True)
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _is_program(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _check_source(path: Path) -> str | None:
    """Why LibreOffice should not be given this file, or None."""
    if path.suffix.lower() not in SUPPORTED:
        kind = path.suffix or "không có đuôi"
        return f"không chuyển được tệp {kind} sang PDF; chỉ nhận {', '.join(SUPPORTED)}."
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except FileNotFoundError:
        return "không tìm thấy tệp."
    except OSError as exc:
        return f"không đọc được tệp: {exc.strerror}."
    if not head:
        return "tệp rỗng (0 byte): không có gì để chuyển."
    if head.startswith(_CONTAINERS):
        return _check_container(path)
    html = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    if path.suffix.lower() in (".doc", ".xls") and (head.startswith(_RTF) or html):
        return None
    return ("tệp bị hỏng hoặc không phải tệp Word/Excel/OpenDocument thật (có thể chỉ bị đổi đuôi). "
            "Mở thử bằng Word hoặc LibreOffice rồi lưu lại.")


def _check_container(path: Path) -> str | None:
    """A zip must not be a zip bomb (LibreOffice would inflate it all); a compound file may be
    an .docx/.xlsx with a password, which LibreOffice can only report as unreadable."""
    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(zf.infolist(), path.name)
    except ThiduaError as exc:
        return exc.message
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        pass  # not a zip: an Office 97 compound file
    if sniff(path) == "encrypted":
        return "tệp đang đặt mật khẩu; hãy bỏ mật khẩu rồi chuyển lại."
    return None


def _check_target(target: Path, force: bool) -> str | None:
    if target.exists() and not force:
        return (f"tệp {target.name} đã có; không ghi đè. Dùng --force để ghi đè "
                "hoặc chọn thư mục khác (-o).")
    return None


def _link(source: Path, staged: Path) -> None:
    """Give LibreOffice the file under its staged name; copy where links are not allowed."""
    try:
        os.symlink(source.resolve(), staged)
    except OSError:  # Windows without the symlink privilege
        shutil.copyfile(source, staged)


def _pdf_for(job: _Job, out: Path) -> Path:
    return out / f"{job.staged.stem}.pdf"


def _complete(pdf: Path) -> bool:
    """Whether LibreOffice finished writing this PDF: a killed export leaves no `%%EOF`."""
    try:
        with open(pdf, "rb") as f:
            f.seek(max(0, pdf.stat().st_size - 1024))
            return b"%%EOF" in f.read()
    except OSError:
        return False


def _place(pdf: Path, target: Path, force: bool) -> str | None:
    """Move a finished PDF to its name; None, or why it could not be written."""
    problem = _check_target(target, force)  # it may have appeared while LibreOffice worked
    if problem:
        return problem
    try:
        with atomic_path(target) as tmp:
            shutil.move(pdf, tmp)
    except OSError as exc:
        return f"không ghi được tệp {target.name}: {exc.strerror}."
    return None

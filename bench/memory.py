"""Peak memory and time of the big jobs: generate from 100,000 rows, parse 500 PDF pages.

    python bench/memory.py [--rows 100000] [--pages 500] [--xlsx-rows 100000] [--jobs 2]
                           [--quick] [--only generate,group,pdf,xlsx] [--keep DIR]

Each scenario runs in a fresh Python process (this script with `--child`), so one scenario's
imports and caches do not count in the next one's figures. For each it prints the work time
measured inside that process, the peak RSS of its largest process (`ru_maxrss` from
`wait4`, which covers the worker processes it started) and the peak of the whole process
tree (the sum of PSS over the process and its workers, sampled from /proc every 0.1 s, so
pages shared between a parent and its forked workers count once). The target is the same
for both: under 500 MB. About 60 MB of either is the interpreter and the libraries.

- `generate`: the scoring sheet (`bang-cham-diem`, the bundled sample) rendered once per row
  of a sheet of ROWS unions (`--each`), with 1 job and with JOBS jobs.
- `group`: the registration list (`dang-ky-thi-dua`) for every unit of a `ca_nhan` sheet of
  ROWS people, 50 per unit (`--group-by ca_nhan.don_vi`): every row is held until grouped.
- `pdf`: `parse` of a text PDF of PAGES pages: the registration lists of many units combined
  into one .docx (`--group-by ca_nhan.don_vi --combine`), converted by LibreOffice, cut to
  PAGES pages; records written to SQLite.
- `xlsx`: `parse` of a registration workbook whose `ca_nhan` sheet has XLSX_ROWS rows (a
  foreign table to the parser; the file is read whole); records written to .xlsx.

`--quick` is 5,000 rows, 60 pages and 10,000 workbook rows. Inputs are built in a temporary
folder, or in `--keep DIR`, where they are reused by the next run with the same sizes.
The last line is `peak_rss_mb_max: X` (the largest figure of the table).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MB = 500
UNITS_PER_PAGE = 1 / 3  # a unit's 30-row registration list takes 3 pages


# --- inputs -----------------------------------------------------------------------------------

def sample_rows(name: str) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    wb = load_workbook(ROOT / "samples" / f"{name}.xlsx", read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def unions_workbook(path: Path, rows: int) -> Path:
    """The scoring-sheet sample plus a sheet of `rows` unions, one scoring sheet each."""
    from openpyxl import Workbook

    if path.exists():
        return path
    wb = Workbook(write_only=True)
    for title, values in sample_rows("bang-cham-diem").items():
        ws = wb.create_sheet(title)
        for row in values:
            ws.append(row)
    ws = wb.create_sheet("Danh sách CĐCS")
    ws.append(["Đơn vị", "Họ tên chủ tịch"])
    for i in range(1, rows + 1):
        ws.append([f"Công đoàn cơ sở Trường Tiểu học số {i}", f"Nguyễn Văn {i}"])
    wb.save(path)
    return path


def registrations_workbook(path: Path, rows: int, per_unit: int | None = None) -> Path:
    """The registration sample with `rows` people in `ca_nhan` (units of `per_unit`)."""
    from openpyxl import Workbook

    if path.exists():
        return path
    wb = Workbook(write_only=True)
    for title, values in sample_rows("dang-ky-thi-dua").items():
        ws = wb.create_sheet(title)
        if title != "ca_nhan":
            for row in values:
                ws.append(row)
            continue
        header, body = values[0], [r for r in values[1:] if any(v is not None for v in r)]
        ws.append(header)
        for i in range(rows):
            row = list(body[i % len(body)])
            row[0] = f"{row[0]} {i + 1}"
            if per_unit:
                row[2] = f"Phòng nghiệp vụ số {i // per_unit + 1}"
            ws.append(row)
    wb.save(path)
    return path


def text_pdf(path: Path, pages: int) -> Path:
    """A text PDF of exactly `pages` pages: combined registration lists, through LibreOffice."""
    import pypdfium2

    from toolkit.generate.batch import generate, plan
    from toolkit.office.libreoffice import convert_to_pdf
    from toolkit.generate.templates import load

    if path.exists():
        return path
    folder = path.parent
    units = int(pages * UNITS_PER_PAGE) + 2
    data = registrations_workbook(folder / f"danh-sach-{units}-don-vi.xlsx", units * 30, per_unit=30)
    template, spec = load("dang-ky-thi-dua")
    docx = folder / f"danh-sach-{units}-don-vi.docx"
    result = generate(plan(template, spec, data, group_by="ca_nhan.don_vi"), folder, combine=docx, force=True)
    assert result.ok, result.failures[:3]
    [converted] = convert_to_pdf([docx], folder / "pdf", force=True, timeout=600)
    assert converted.error is None, converted.error
    whole = pypdfium2.PdfDocument(str(converted.pdf))
    assert len(whole) >= pages, f"{len(whole)} pages for {pages}: raise UNITS_PER_PAGE"
    cut = pypdfium2.PdfDocument.new()
    cut.import_pages(whole, list(range(pages)))
    cut.save(str(path))
    return path


def units_workbook(path: Path, rows: int) -> Path:
    return registrations_workbook(path, rows, per_unit=50)


BUILDERS = {"unions": unions_workbook, "registrations": registrations_workbook, "units": units_workbook,
            "pdf": text_pdf}


def fresh(path: Path) -> Path:
    """An output path with nothing left from an earlier run."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path


def build(kind: str, path: Path, size: int) -> Path:
    """Build an input in a child process: this one stays small, and every process it starts
    counts this process's memory at the start in its own peak (fork, then exec)."""
    if not path.exists():
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--build", kind, str(path), str(size)],
                       check=True, cwd=ROOT)
    return path


# --- the measured work, in a child process ------------------------------------------------------

def child(kind: str, source: str, out: str, jobs: int) -> dict:
    start = time.perf_counter()
    if kind in ("generate", "group"):
        from toolkit.generate.batch import generate, plan
        from toolkit.generate.templates import load

        if kind == "generate":
            template, spec = load("bang-cham-diem")
            batch = plan(template, spec, source, each="Danh sách CĐCS")
        else:
            template, spec = load("dang-ky-thi-dua")
            batch = plan(template, spec, source, group_by="ca_nhan.don_vi")
        result = generate(batch, out, jobs=jobs)
        assert result.ok, result.failures[:3]
        count = len(result.written)
    else:
        from toolkit.parse import parse_paths
        from toolkit.store import write_records

        result = parse_paths([source], jobs=jobs)
        assert not result.failures, [(f.what, f.message) for f in result.failures]
        write_records(Path(out), result.records, result.files, force=True)
        count = len(result.records)
    return {"seconds": time.perf_counter() - start, "count": count}


# --- measuring ------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """The peak of the summed PSS of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kb = pid, every, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            total, todo = 0, [self.pid]
            while todo:
                pid = todo.pop()
                total += _pss_kb(pid)
                todo += _children(pid)
            self.peak_kb = max(self.peak_kb, total)
            self.stop.wait(self.every)


def measure(kind: str, source: Path, out: Path, jobs: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(source), str(out), str(jobs)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    sampler = TreeSampler(process.pid)
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{kind} failed (exit {process.returncode})")
    figures = json.loads(output.decode().strip().splitlines()[-1])
    figures["rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    figures["tree_mb"] = sampler.peak_kb / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="documents to generate")
    parser.add_argument("--pages", type=int, default=500, help="pages of the text PDF to parse")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="rows of the workbook to parse (0: skip)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the second generate run")
    parser.add_argument("--quick", action="store_true", help="5,000 rows, 60 pages, 10,000 workbook rows")
    parser.add_argument("--only", default="generate,group,pdf,xlsx", help="scenarios to run, comma-separated")
    parser.add_argument("--keep", type=Path, help="build inputs (and keep outputs) in this folder")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "SOURCE", "OUT", "JOBS"), help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=3, metavar=("KIND", "PATH", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, source, out, jobs = args.child
        print(json.dumps(child(kind, source, out, int(jobs))))
        return
    if args.build:
        kind, path, size = args.build
        BUILDERS[kind](Path(path), int(size))
        return
    if args.quick:
        args.rows, args.pages, args.xlsx_rows = 5_000, 60, 10_000
    only = set(args.only.split(","))

    folder = args.keep or Path(tempfile.mkdtemp(prefix="thidua-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    table = []
    try:
        if "generate" in only:
            data = build("unions", folder / f"cdcs-{args.rows}.xlsx", args.rows)
            for jobs in sorted({1, args.jobs}):
                out = fresh(folder / f"generate-{jobs}-jobs")
                fig = measure("generate", data, out, jobs)
                table.append((f"generate --each, {jobs} job(s)", f"{args.rows} rows", fig,
                              f"{fig['count'] / fig['seconds']:.0f} documents/s"))
                if not args.keep:  # 100,000 documents take a few GB
                    shutil.rmtree(out)
        if "group" in only:
            data = build("units", folder / f"ca-nhan-{args.rows}-theo-don-vi.xlsx", args.rows)
            fig = measure("group", data, fresh(folder / "group-by"), 1)
            table.append(("generate --group-by, 1 job", f"{args.rows} rows", fig,
                          f"{fig['count']} documents of 50 rows, {fig['count'] / fig['seconds']:.0f}/s"))
        if "pdf" in only:
            pdf = build("pdf", folder / f"danh-sach-{args.pages}-trang.pdf", args.pages)
            fig = measure("parse", pdf, fresh(folder / "pdf-records.sqlite"), 1)
            table.append(("parse text PDF → .sqlite", f"{args.pages} pages", fig,
                          f"{args.pages / fig['seconds']:.1f} pages/s, {fig['count']} records"))
        if "xlsx" in only and args.xlsx_rows:
            data = build("registrations", folder / f"ca-nhan-{args.xlsx_rows}.xlsx", args.xlsx_rows)
            fig = measure("parse", data, fresh(folder / "xlsx-records.xlsx"), 1)
            table.append(("parse .xlsx → .xlsx", f"{args.xlsx_rows} rows", fig,
                          f"{args.xlsx_rows / fig['seconds']:.0f} rows/s, {fig['count']} records"))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    print(f"{'scenario':<28} {'size':>14} {'seconds':>8} {'peak RSS MB':>12} {'tree MB':>8} "
          f"{'target':>7}  {'':4}  rate")
    worst = 0.0
    for name, size, fig, rate in table:
        peak = max(fig["rss_mb"], fig["tree_mb"])
        worst = max(worst, peak)
        verdict = "ok" if peak < TARGET_MB else "over"
        print(f"{name:<28} {size:>14} {fig['seconds']:8.1f} {fig['rss_mb']:12.0f} {fig['tree_mb']:8.0f} "
              f"{'<' + str(TARGET_MB):>7}  {verdict:4}  {rate}")
    print(f"peak_rss_mb_max: {worst:.0f}")


if __name__ == "__main__":
    main()

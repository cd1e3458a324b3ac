"""Scanned pages on a Dask cluster: pages/hour per worker core, and what a second worker gives.

    python bench/cluster.py [--files 12] [--pages 2] [--long 16] [--per-task 8]

Builds FILES scanned reports of PAGES pages each (the report of bench/parse.py, printed to
PDF by LibreOffice, rasterized at 200 dpi into image-only PDFs, every file different), reads
them once locally (`parse_paths`, one worker process) and then on a `distributed.LocalCluster`
on loopback with 1 and with 2 worker processes of one thread each, checks the three runs give
the same records, and prints wall and CPU seconds (the workers and the programs they ran), pages
per hour per worker core and per CPU-hour (what a dedicated core gives, whatever else the
machine was doing), the bytes sent per page and `speedup_2_workers: X` (1 worker's wall time ÷
2 workers'; 2.0 is perfect on 2 idle cores, and it means little on a busy machine).
Then one long scan of LONG pages, which the cluster reads in page ranges (`cluster.PAGES_PER_TASK`
pages a task; `--per-task` sets it, `--per-task LONG` reads the file in one task as before
ranges existed), the same three ways: `long_scan_speedup_2_workers: X` is what two workers
give on one file. `--files 0` or `--long 0` skips that part.
The cluster's start-up is not counted: a real cluster is up before the batch.
"""
from __future__ import annotations

import argparse
import logging
import pickle
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from distributed import Client, LocalCluster  # noqa: E402
from docx import Document  # noqa: E402

from parse import make_report, scan  # noqa: E402  (bench/parse.py)
from toolkit import cluster  # noqa: E402
from toolkit.cluster import parse_on_cluster  # noqa: E402
from toolkit.office.libreoffice import convert_to_pdf  # noqa: E402
from toolkit.parse import parse_paths  # noqa: E402
from toolkit.store import write_records  # noqa: E402


def scanned_batch(folder: Path, files: int, pages: int) -> list[Path]:
    docs = []
    for n in range(files):
        docx = make_report(folder / f"bao-cao-{n + 1:02d}.docx", pages)
        # Every file different, as units' files are (a content hash is not shared by two).
        doc = Document(str(docx))
        doc.paragraphs[0].text += f" — đơn vị {n + 1}"
        doc.save(str(docx))
        docs.append(docx)
    results = convert_to_pdf(docs, folder / "pdf")
    out = []
    for result in results:
        assert result.error is None, result.error
        out.append(scan(result.pdf, pages, folder / "scan" / result.pdf.name))
    return out


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (tesseract,
    worker processes): what the pages cost whatever else the machine is doing."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def long_scan(folder: Path, pages: int) -> Path:
    docx = make_report(folder / "bao-cao-dai.docx", pages)
    [result] = convert_to_pdf([docx], folder / "pdf-dai")
    assert result.error is None, result.error
    return scan(result.pdf, pages, folder / "scan-dai" / result.pdf.name)


def on_cluster(files: list[Path], workers: int) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds of the workers and the result."""
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster.scheduler_address, set_as_default=False) as client:
        before = sum(client.run(cpu_seconds).values())
        start = time.perf_counter()
        result = parse_on_cluster(files, cluster.scheduler_address)
        seconds = time.perf_counter() - start
        return seconds, sum(client.run(cpu_seconds).values()) - before, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=12, help="scanned files")
    parser.add_argument("--pages", type=int, default=2, help="pages of each file")
    parser.add_argument("--long", type=int, default=16, help="pages of the long scan (0: none)")
    parser.add_argument("--per-task", type=int, default=cluster.PAGES_PER_TASK, help="pages of a range")
    args = parser.parse_args()
    cluster.PAGES_PER_TASK = args.per_task  # the client cuts the ranges
    if args.files:
        batch(args)
    if args.long:
        long_file(args.long)


def batch(args) -> None:
    pages = args.files * args.pages

    with tempfile.TemporaryDirectory() as tmp:
        files = scanned_batch(Path(tmp), args.files, args.pages)
        sent = sum(p.stat().st_size for p in files)

        start, cpu = time.perf_counter(), cpu_seconds()
        local = parse_paths(files)
        local_s, local_cpu = time.perf_counter() - start, cpu_seconds() - cpu
        one_s, one_cpu, one = on_cluster(files, 1)
        two_s, two_cpu, two = on_cluster(files, 2)
        back = len(pickle.dumps((two.records, two.files)))  # what the workers sent back
        store = write_records(Path(tmp) / "ket-qua.sqlite", two.records, two.files).stat().st_size
    for result in (local, one, two):
        assert not result.failures, result.failures
    assert one.records == local.records and two.records == local.records, "the cluster read differently"

    print(f"batch: {args.files} scanned files × {args.pages} pages = {pages} pages, "
          f"{sent / pages / 1024:.0f} KB sent per page, {len(local.records)} records, "
          f"{back / pages / 1024:.1f} KB back per page, {store / pages / 1024:.1f} KB of SQLite store per page")
    print(f"local, 1 worker process:        {local_s:6.1f} s wall  {local_cpu:6.1f} s CPU  "
          f"{pages / local_s * 3600:6.0f} pages/hour  {pages / local_cpu * 3600:6.0f} pages/CPU-hour")
    for workers, seconds, cpu in ((1, one_s, one_cpu), (2, two_s, two_cpu)):
        print(f"cluster, {workers} worker(s) × 1 thread: {seconds:6.1f} s wall  {cpu:6.1f} s CPU  "
              f"{pages / seconds * 3600 / workers:6.0f} pages/hour per worker core  "
              f"{pages / cpu * 3600:6.0f} pages/CPU-hour")
    print(f"speedup_2_workers: {one_s / two_s:.2f}")


def long_file(pages: int) -> None:
    """One scan of `pages` pages: locally one page at a time, then in page ranges on 1 and 2 workers."""
    with tempfile.TemporaryDirectory() as tmp:
        path = long_scan(Path(tmp), pages)
        start, cpu = time.perf_counter(), cpu_seconds()
        local = parse_paths([path])
        local_s, local_cpu = time.perf_counter() - start, cpu_seconds() - cpu
        one_s, one_cpu, one = on_cluster([path], 1)
        two_s, two_cpu, two = on_cluster([path], 2)
    for result in (local, one, two):
        assert not result.failures, result.failures
    assert one.records == local.records and two.records == local.records, "the ranges read differently"
    ranges = [len(cluster.page_ranges(pages, cluster.PAGES_PER_TASK, n)) if pages > cluster.PAGES_PER_TASK else 1
              for n in (1, 2)]
    print(f"long scan: 1 file × {pages} pages, {ranges[0]} / {ranges[1]} page ranges on 1 / 2 workers, "
          f"{len(local.records)} records")
    print(f"local, 1 process:               {local_s:6.1f} s wall  {local_cpu:6.1f} s CPU")
    for workers, seconds, cpu in ((1, one_s, one_cpu), (2, two_s, two_cpu)):
        print(f"cluster, {workers} worker(s) × 1 thread: {seconds:6.1f} s wall  {cpu:6.1f} s CPU")
    print(f"long_scan_speedup_2_workers: {one_s / two_s:.2f}")


if __name__ == "__main__":
    main()

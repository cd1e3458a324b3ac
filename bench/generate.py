"""Generation speed: thidua's batch against a plain docxtpl loop, same template and data.

    python bench/generate.py [--n 300] [--big 10000] [--jobs 2]

Renders the cluster pledge (`giao-uoc-khoi`, the bundled 14-union sample) once per row of an
N-row sheet with thidua (`--each`), and with docxtpl the obvious way (`DocxTemplate(path)`,
`render`, `save` per document), checks both outputs hold the same text, and prints
documents/second for both. `--big` also times a large batch with `--jobs` processes and its
peak memory. The last line is `ratio_vs_docxtpl: X`.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from toolkit.generate.batch import generate, plan  # noqa: E402
from toolkit.generate.engine import make_environment  # noqa: E402
from toolkit.generate.templates import load, resolve, samples_dir  # noqa: E402


def workbook_with_rows(folder: Path, n: int) -> Path:
    """The cluster sample plus a sheet `khoi_thi_dua` of n clusters to render one by one."""
    wb = load_workbook(samples_dir() / "giao-uoc-khoi.xlsx")
    ws = wb.create_sheet("khoi_thi_dua")
    ws.append(["Khối"])
    for i in range(1, n + 1):
        ws.append([f"Khối thi đua số {i} các sở, ban, ngành tổng hợp"])
    path = folder / f"khoi-{n}.xlsx"
    wb.save(path)
    return path


def text_of(path: Path) -> list[str]:
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            out.extend(c.text for c in row.cells)
    return out


def run_thidua(data: Path, out: Path, jobs: int) -> tuple[float, int]:
    start = time.perf_counter()
    template, spec = load("giao-uoc-khoi")
    result = generate(plan(template, spec, data, each="khoi_thi_dua"), out, jobs=jobs, name="{stt}")
    assert result.ok, result.failures[:3]
    return time.perf_counter() - start, len(result.written)


def run_docxtpl(data: Path, out: Path) -> tuple[float, int]:
    template, spec = load("giao-uoc-khoi")
    contexts = [d.context for d in plan(template, spec, data, each="khoi_thi_dua").documents()]
    path = resolve("giao-uoc-khoi")[0]
    env = make_environment()  # the same filters, so the outputs can be compared
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, context in enumerate(contexts, start=1):
        doc = DocxTemplate(str(path))
        doc.render(context, jinja_env=env, autoescape=True)
        doc.save(out / f"{i}.docx")
    return time.perf_counter() - start, len(contexts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="documents for the comparison")
    parser.add_argument("--big", type=int, default=10_000, help="documents for the large batch (0: skip)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = workbook_with_rows(tmp, args.n)
        ours_s, ours_n = run_thidua(data, tmp / "thidua", jobs=1)
        ref_s, ref_n = run_docxtpl(data, tmp / "docxtpl")
        for i in (1, args.n // 2, args.n):
            assert text_of(tmp / "thidua" / f"{i}.docx") == text_of(tmp / "docxtpl" / f"{i}.docx"), i
        ours_rate, ref_rate = ours_n / ours_s, ref_n / ref_s
        print(f"documents: {args.n} (cluster pledge, 14 unions), same text checked: yes")
        print(f"thidua, 1 job:  {ours_rate:8.1f} documents/s ({ours_s:.2f} s, workbook loading included)")
        print(f"docxtpl loop:   {ref_rate:8.1f} documents/s ({ref_s:.2f} s)")
        if args.big:
            shutil.rmtree(tmp / "thidua")
            big = workbook_with_rows(tmp, args.big)
            big_s, big_n = run_thidua(big, tmp / "big", jobs=args.jobs)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"thidua, {args.jobs} jobs: {big_n} documents in {big_s:.1f} s "
                  f"({big_n / big_s:.0f} documents/s), peak RSS of the main process {peak:.0f} MB")
        print(f"ratio_vs_docxtpl: {ours_rate / ref_rate:.1f}")


if __name__ == "__main__":
    main()

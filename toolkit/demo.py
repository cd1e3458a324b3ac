"""`thidua demo`: the year's paperwork on the bundled samples, end to end."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .render.batch import BatchResult, generate, plan
from .templates import load, samples_dir

STEPS = (
    # (title, template, sample workbook, options, sub-folder)
    ("Giao ước thi đua giữa cơ quan và công đoàn", "giao-uoc", "giao-uoc.xlsx", {}, "1-giao-uoc"),
    ("Giao ước thi đua của khối 14 công đoàn cơ sở", "giao-uoc-khoi", "giao-uoc-khoi.xlsx", {}, "2-giao-uoc-khoi"),
    ("Danh sách đăng ký thi đua, mỗi phòng một bản", "dang-ky-thi-dua", "dang-ky-thi-dua.xlsx",
     {"group_by": "ca_nhan.don_vi"}, "3-dang-ky-thi-dua"),
)


@dataclass
class DemoSummary:
    out_dir: Path
    result: BatchResult


def fresh_folder(base: Path) -> Path:
    """`base`, or `base-2`, `base-3` … : the demo never writes over earlier output."""
    candidate, n = base, 1
    while candidate.exists() and any(candidate.iterdir()):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def run_demo(out_dir: str | Path | None = None, jobs: int = 1,
             echo: Callable[[str], None] = print) -> DemoSummary:
    out = fresh_folder(Path(out_dir or "thidua-demo"))
    total = BatchResult()
    echo(f"Chạy thử thidua trên dữ liệu mẫu ({samples_dir()}):")
    for title, name, sample, options, folder in STEPS:
        template, spec = load(name)
        batch = generate(plan(template, spec, samples_dir() / sample, **options), out / folder, jobs=jobs)
        total.written += batch.written
        total.failures += batch.failures
        echo(f"  {title}: {len(batch.written)} văn bản → {out / folder}")
    echo(f"Xong: {len(total.written)} văn bản trong thư mục {out.resolve()}")
    return DemoSummary(out, total)

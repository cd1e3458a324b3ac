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
    ("Đăng ký mô hình Dân vận khéo", "dang-ky-dan-van-kheo", "dang-ky-dan-van-kheo.xlsx", {}, "4-dan-van-kheo"),
    ("Báo cáo tổng kết năm, có bảng kết quả so với đăng ký", "bao-cao-tong-ket", "bao-cao-tong-ket.xlsx", {},
     "5-bao-cao-tong-ket"),
    ("Bảng chấm điểm thi đua", "bang-cham-diem", "bang-cham-diem.xlsx", {}, "6-bang-cham-diem"),
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


FORMS = (
    # (form kind, sample workbook, file name)
    ("dang-ky-thi-dua", "dang-ky-thi-dua.xlsx", "bieu-mau-dang-ky-thi-dua.xlsx"),
    ("dang-ky-thi-dua", "dang-ky-thi-dua.xlsx", "bieu-mau-dang-ky-thi-dua.docx"),
    ("bao-cao-ket-qua", "giao-uoc.xlsx", "bieu-mau-bao-cao-ket-qua.xlsx"),
    ("bang-cham-diem", "bang-cham-diem.xlsx", "bieu-mau-bang-cham-diem.xlsx"),
)


def _forms(total: BatchResult, out: Path, echo: Callable[[str], None]) -> None:
    """The forms units fill in and send back."""
    from .forms import write_form

    for kind, sample, name in FORMS:
        total.written.append(write_form(kind, samples_dir() / sample, out / "7-bieu-mau" / name))
    echo(f"  Biểu mẫu để đơn vị điền và gửi lại: {len(FORMS)} tệp → {out / '7-bieu-mau'}")


def _pdf(total: BatchResult, out: Path, echo: Callable[[str], None]) -> None:
    """PDF copies of every document, by one LibreOffice run; without LibreOffice, say how to get it."""
    from .errors import ThiduaError
    from .render.batch import Failure
    from .render.pdf import convert_to_pdf

    documents = [p for p in total.written if p.suffix == ".docx"]
    try:
        results = convert_to_pdf(documents, out / "pdf")
    except ThiduaError as exc:
        echo(f"  (Bỏ qua bản PDF: {exc})")
        return
    for item in results:
        if item.error:
            total.failures.append(Failure(f"{item.source.name} → PDF", item.error))
        else:
            total.written.append(item.pdf)
    echo(f"  Bản PDF để in: {sum(1 for r in results if not r.error)} tệp → {out / 'pdf'}")


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
    _forms(total, out, echo)
    _pdf(total, out, echo)
    echo(f"Xong: {len(total.written)} tệp trong thư mục {out.resolve()}")
    return DemoSummary(out, total)

"""`thidua demo`: the year's paperwork on the bundled samples, end to end.

Pledges, registration lists, the report and scoring sheet are generated from `samples/*.xlsx`,
then the forms units fill in; then the year-end: the files the cluster's members sent back
(`samples/returned/`: filled forms, a Word report, a PDF and a scanned PDF) are parsed,
summarized against the cluster pledge just generated, and the summary report is written.
Last, PDF copies of every document for printing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from .errors import ThiduaError
from .forms import SAMPLE_FORMS as FORMS, write_form
from .generate import generate, plan
from .generate.templates import load, samples_dir
from .generate.workbook import open_workbook
from .office.libreoffice import convert_files, copy_name
from .outcome import Failure, Outcome
from .parse import parse_paths
from .store import write_records
from .summary import brief, summarize, write_report, write_workbook

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
    result: Outcome


def fresh_folder(base: Path) -> Path:
    """`base`, or `base-2`, `base-3` … : the demo never writes over earlier output."""
    candidate, n = base, 1
    while candidate.exists() and any(candidate.iterdir()):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def _forms(total: Outcome, out: Path, echo: Callable[[str], None]) -> None:
    """The forms units fill in and send back."""
    for kind, sample, name in FORMS:
        total.written.append(write_form(kind, samples_dir() / sample, out / "7-bieu-mau" / name))
    echo(f"  Biểu mẫu để đơn vị điền và gửi lại: {len(FORMS)} tệp → {out / '7-bieu-mau'}")


def _pdf(total: Outcome, out: Path, echo: Callable[[str], None]) -> None:
    """PDF copies of every document, by one LibreOffice run; without LibreOffice, say how to get it."""
    documents = [p for p in total.written if p.suffix == ".docx"]
    try:
        pdfs = convert_files(documents, out / "pdf", what=copy_name)
    except ThiduaError as exc:
        echo(f"  (Bỏ qua bản PDF: {exc})")
        return
    total.merge(pdfs)
    echo(f"  Bản PDF để in: {len(pdfs.written)} tệp → {out / 'pdf'}")


def _year_end(total: Outcome, out: Path, jobs: int, echo: Callable[[str], None]) -> None:
    """The files members sent back (`samples/returned/`) parsed, the cluster summarized against
    its pledge, the summary workbook and report written; a short summary printed."""
    folder = out / "8-tong-hop"
    folder.mkdir(parents=True, exist_ok=True)
    returned = parse_paths([samples_dir() / "returned"], jobs=jobs)
    pledge = parse_paths([out / STEPS[1][4]])  # the cluster pledge generated above: the targets
    total.failures += [Failure(Path(f.what).name, f.message, f.where) for f in returned.failures]
    records = write_records(folder / "ban-ghi.jsonl", returned.records, returned.files)
    echo(f"  Đọc {len(returned.files)} tệp đơn vị gửi về (xlsx, docx, PDF, PDF scan): "
         f"{len(returned.records)} bản ghi → {records}")
    summary = summarize(returned.records, targets=pledge.records)
    cluster = open_workbook(samples_dir() / STEPS[1][2])
    leader = next((m.get("chu_tich") for m in cluster.table("thanh_vien") if m.get("vai_tro") == "Khối trưởng"), "")
    info = {"khoi": cluster.info.get("khoi"), "co_quan_chu_quan": cluster.info.get("co_quan_chu_quan"),
            "dia_danh": cluster.info.get("dia_danh"), "nam": cluster.info.get("nam"),
            "ngay_ky": date(int(cluster.info.get("nam") or summary.year or date.today().year), 12, 5),
            "khoi_truong_ho_ten": leader}
    total.written.append(write_workbook(summary, folder / "tong-hop.xlsx"))
    total.written.append(write_report(summary, folder / "bao-cao-tong-hop.docx", info=info))
    echo(f"  Tổng hợp, đối chiếu chỉ tiêu, kiểm tra, xếp hạng và báo cáo tổng hợp → {folder}")
    for line in brief(summary):
        echo("    " + line)


def run_demo(out_dir: str | Path | None = None, jobs: int = 1,
             echo: Callable[[str], None] = print) -> DemoSummary:
    out = fresh_folder(Path(out_dir or "thidua-demo"))
    total = Outcome()
    echo(f"Chạy thử thidua trên dữ liệu mẫu ({samples_dir()}):")
    for title, name, sample, options, folder in STEPS:
        template, spec = load(name)
        batch = generate(plan(template, spec, samples_dir() / sample, **options), out / folder, jobs=jobs)
        total.merge(batch)
        echo(f"  {title}: {len(batch.written)} văn bản → {out / folder}")
    _forms(total, out, echo)
    _year_end(total, out, jobs, echo)
    _pdf(total, out, echo)
    echo(f"Xong: {len(total.written)} tệp trong thư mục {out.resolve()}")
    echo("Làm trên trình duyệt (tạo văn bản, đọc hồ sơ, rà soát, tổng hợp): chạy `thidua serve` "
         "rồi mở http://127.0.0.1:8000/")
    return DemoSummary(out, total)

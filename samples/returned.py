"""Build `samples/returned/`: what the members of the sample cluster send back at year-end.

Run `python samples/returned.py` (needs LibreOffice and poppler's `pdftoppm`); it (re)writes
the files below. They are committed: `thidua demo` parses them, summarizes the cluster and
writes its report, and the tests check what comes out.

The cluster is the one of `giao-uoc-khoi.xlsx` (*Khối thi đua các Sở, ban, ngành tổng hợp*,
An Giang, 2025). The files look like what units really send:

| file | who | what |
|---|---|---|
| `01-…-bao-cao-ket-qua.xlsx` | CĐCS Sở Tài chính | our results form, filled in and saved by an office suite |
| `02-…-bang-cham-diem.xlsx` | CĐCS Sở Tài chính | our scoring form: self score and the cluster's score |
| `03-…-bao-cao-ket-qua.xlsx` | CĐCS Sở Nội vụ | results form: misses LĐTT, too many CSTĐCS |
| `04-…-bang-cham-diem.xlsx` | CĐCS Sở Nội vụ | scoring form, same total as the next unit (a tie) |
| `05-…-bao-cao-tong-ket.docx` | CĐCS Sở Kế hoạch và Đầu tư | its own Word report: free text and a table of figures |
| `06-…-bang-cham-diem.pdf` | CĐCS Sở Kế hoạch và Đầu tư | our scoring sheet, printed to PDF |
| `07-…-bang-cham-diem-scan.pdf` | CĐCS Sở Tư pháp | the signed scoring sheet, scanned (an image, no text) |

Being an office suite's save, not openpyxl's, matters: Excel and LibreOffice store the value
of every formula (the forms' subtotals), so the filled forms pass through LibreOffice.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from build import (BANG_CHAM_DIEM_INFO, BANG_CHAM_DIEM_TIEU_CHI, GIAO_UOC_KHOI_CHI_TIEU,  # noqa: E402
                   GIAO_UOC_KHOI_INFO, KHOI, NAM)
from openpyxl import load_workbook  # noqa: E402

from toolkit.generate.catalog import BANG_CHAM_DIEM, BUILTIN  # noqa: E402
from toolkit.forms import read_layout, write_form  # noqa: E402
from toolkit.generate.batch import generate, plan  # noqa: E402
from toolkit.office.libreoffice import convert_to_pdf, find_soffice  # noqa: E402
from toolkit.generate.sample import write_input_workbook  # noqa: E402
from toolkit.generate.templates import load  # noqa: E402

OUT = HERE / "returned"
TAI_CHINH, NOI_VU = "Công đoàn cơ sở Sở Tài chính", "Công đoàn cơ sở Sở Nội vụ"
KE_HOACH, TU_PHAP = "Công đoàn cơ sở Sở Kế hoạch và Đầu tư", "Công đoàn cơ sở Sở Tư pháp"

# Results form: `Thực hiện` by the target's code (None: the first target, without a code),
# then the figures of section II, then the self grade.
KET_QUA = {
    # The same figures as its own year-end report (samples/bao-cao-tong-ket.xlsx).
    TAI_CHINH: ({None: "100%", "lao_dong_tien_tien": "95%", "chien_si_thi_dua_co_so": "11,84%",
                 "cdcs_vung_manh": "100%", "ket_nap_doan_vien": "100%", "gioi_thieu_dang": "02",
                 "tin_bai": "10", "gioi_viec_nuoc_dam_viec_nha": "87,8%", "mo_hinh_dan_van_kheo": "04",
                 "co_quan_van_hoa": "100%"},
                {"so_nguoi_lao_dong": 80, "so_doan_vien": 80, "lao_dong_tien_tien": 76,
                 "chien_si_thi_dua_co_so": 9, "sang_kien": 3},
                "Hoàn thành xuất sắc nhiệm vụ"),
    NOI_VU: ({None: "100%", "lao_dong_tien_tien": "88%", "chien_si_thi_dua_co_so": "19%",
              "cdcs_vung_manh": "100%", "ket_nap_doan_vien": "100%", "gioi_thieu_dang": "01",
              "tin_bai": "03", "gioi_viec_nuoc_dam_viec_nha": "90%", "mo_hinh_dan_van_kheo": "01",
              "co_quan_van_hoa": "100%"},
             {"so_nguoi_lao_dong": 48, "so_doan_vien": 47, "lao_dong_tien_tien": 42,
              "chien_si_thi_dua_co_so": 8, "sang_kien": 1},
             "Hoàn thành tốt nhiệm vụ"),
}

# Scoring forms: (self score, cluster score) per leaf criterion, in the order of the sample.
_LEAVES = [c for c in BANG_CHAM_DIEM_TIEU_CHI if c["diem_chuan"] is not None]
DIEM = {
    # 96 of 100 in the cluster's scoring.
    TAI_CHINH: [(5, 5), (5, 5), (10, 10), (10, 10), (10, 9.5), (8, 8), (4, 4), (6, 6), (6, 6), (10, 10),
                (6, 6), (5, 5), (5, 5), (5, 4.5), (2, 2), (3, 0), (0, 0), (0, 0)],
    # 92,5 of 100: a tie with the Sở Kế hoạch và Đầu tư.
    NOI_VU: [(5, 5), (5, 4.5), (10, 9.5), (10, 9), (10, 9), (8, 8), (4, 4), (6, 5), (6, 6), (10, 9.5),
             (6, 6), (5, 5), (5, 5), (5, 4.5), (2, 2), (3, 2), (0, 0.5), (0, 1)],
}
KE_HOACH_DIEM = [(5, 5), (5, 5), (10, 9), (10, 9.5), (9, 8.5), (8, 8), (4, 4), (6, 6), (6, 6), (10, 10),
                 (6, 5), (5, 5), (5, 5), (5, 4), (2, 0), (3, 3), (0, 0.5), (0, 0)]
CHU_TICH = {TAI_CHINH: "Lê Thị Mỹ Hạnh", NOI_VU: "Lê Văn Cường", KE_HOACH: "Võ Hoàng Sơn",
            TU_PHAP: "Huỳnh Ngọc Diệp"}


def main() -> None:
    soffice = find_soffice()
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n, unit in ((1, TAI_CHINH), (3, NOI_VU)):
            results_form(unit, work, OUT / f"{n:02d}-{_slug(unit)}-bao-cao-ket-qua.xlsx", soffice)
            scoring_form(unit, work, OUT / f"{n + 1:02d}-{_slug(unit)}-bang-cham-diem.xlsx", soffice)
        foreign_report(OUT / f"05-{_slug(KE_HOACH)}-bao-cao-tong-ket.docx")
        printed = scoring_sheet(KE_HOACH, KE_HOACH_DIEM, work / "khdt")
        shutil.copy(pdf_of(printed, work), OUT / f"06-{_slug(KE_HOACH)}-bang-cham-diem.pdf")
        sample = generate(plan(*load("bang-cham-diem"), HERE / "bang-cham-diem.xlsx"), work / "tp").written[0]
        scan(pdf_of(sample, work), OUT / f"07-{_slug(TU_PHAP)}-bang-cham-diem-scan.pdf", work)
    for path in sorted(OUT.iterdir()):
        print(path)


def _slug(unit: str) -> str:
    from toolkit.vn import slug

    return slug(unit.replace("Công đoàn cơ sở", "cdcs")).replace("_", "-")


def _fill_and_save(form: Path, out: Path, fill, soffice: str) -> None:
    """Fill the form with openpyxl, then let LibreOffice open and save it, as a unit's office
    suite would: the formulas get their values."""
    wb = load_workbook(form)
    fill(wb, read_layout(form))
    wb.save(form)
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(form.parent / 'lo').as_uri()}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(form.parent / "saved"),
                    str(form)], check=True, capture_output=True, timeout=180)
    shutil.copy(form.parent / "saved" / form.name, out)


def _col(section, name: str) -> int:
    """The sheet column (1 = A) of a form section's field: the columns start at A."""
    return section.columns.index(name) + 1


def results_form(unit: str, work: Path, out: Path, soffice: str) -> None:
    info = {**GIAO_UOC_KHOI_INFO, "cong_doan": unit, "don_vi": unit.replace("Công đoàn cơ sở ", "")}
    data = write_input_workbook(BUILTIN["giao-uoc"], work / f"{out.stem}-du-lieu.xlsx", info,
                                {"chi_tieu": GIAO_UOC_KHOI_CHI_TIEU})
    form = write_form("bao-cao-ket-qua", data, work / out.name)
    results, figures, grade = KET_QUA[unit]

    def fill(wb, layout):
        ws = wb[layout.sheet]
        for name, values in (("ket_qua", results), ("so_lieu", figures)):
            section = layout.section(name)
            code, done = _col(section, "ma_chi_tieu"), _col(section, "thuc_hien")
            for row in range(section.first_row, section.last_row + 1):
                if row in section.group_rows:
                    continue
                key = ws.cell(row, code).value or None
                if key in values:
                    ws.cell(row, done).value = values[key]
        ws[layout.cells["tu_xep_loai"]] = grade

    _fill_and_save(form, out, fill, soffice)


def scoring_form(unit: str, work: Path, out: Path, soffice: str) -> None:
    info = {**BANG_CHAM_DIEM_INFO, "don_vi": unit, "chu_tich_ho_ten": CHU_TICH[unit]}
    data = write_input_workbook(BANG_CHAM_DIEM, work / f"{out.stem}-du-lieu.xlsx", info,
                                {"tieu_chi": _criteria()})
    form = write_form("bang-cham-diem", data, work / out.name)
    scores = iter(DIEM[unit])

    def fill(wb, layout):
        ws = wb[layout.sheet]
        section = layout.section("tieu_chi")
        own, cluster = _col(section, "tu_cham"), _col(section, "khoi_cham")
        for row in range(section.first_row, section.last_row + 1):
            if row not in section.group_rows:
                ws.cell(row, own).value, ws.cell(row, cluster).value = next(scores)

    _fill_and_save(form, out, fill, soffice)


def _criteria(scores=None) -> list[dict]:
    """The sample's criteria, without its unit's scores and explanations (or with `scores`)."""
    leaves = iter(scores or [])
    rows = []
    for c in BANG_CHAM_DIEM_TIEU_CHI:
        row = {**c, "tu_cham": None, "khoi_cham": None, "giai_trinh": None}
        if scores and c["diem_chuan"] is not None:
            row["tu_cham"], row["khoi_cham"] = next(leaves)
        rows.append(row)
    return rows


def scoring_sheet(unit: str, scores, folder: Path) -> Path:
    """Our scoring sheet for `unit`, generated from a workbook as the cluster leader would."""
    info = {**BANG_CHAM_DIEM_INFO, "don_vi": unit, "chu_tich_ho_ten": CHU_TICH[unit]}
    folder.mkdir(parents=True, exist_ok=True)
    data = write_input_workbook(BANG_CHAM_DIEM, folder / "du-lieu.xlsx", info, {"tieu_chi": _criteria(scores)})
    return generate(plan(*load("bang-cham-diem"), data), folder / "ra").written[0]


def pdf_of(docx: Path, work: Path) -> Path:
    (result,) = convert_to_pdf([docx], work / "pdf" / docx.parent.name)
    if result.error:
        raise SystemExit(f"{docx}: {result.error}")
    return result.pdf


def scan(pdf: Path, out: Path, work: Path, dpi: int = 200) -> None:
    """A scanner's copy: the pages as grayscale JPEG pictures, no text layer."""
    from PIL import Image

    pages = work / "scan"
    pages.mkdir()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(pages / "p")], check=True, timeout=180)
    images = [Image.open(p) for p in sorted(pages.iterdir())]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi, quality=70)


def foreign_report(out: Path) -> None:
    """A year-end report as a union writes it in Word, in its own layout: not our template."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = doc.add_table(rows=3, cols=2)
    for row, (left, right) in enumerate([("CĐ VIÊN CHỨC TỈNH AN GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                         ("CĐCS SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Độc lập - Tự do - Hạnh phúc"),
                                         ("Số: 15/BC-CĐCS", "An Giang, ngày 24 tháng 11 năm 2025")]):
        for col, text in enumerate((left, right)):
            p = header.cell(row, col).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).bold = row < 2

    def para(text: str, bold: bool = False, center: bool = False) -> None:
        p = doc.add_paragraph()
        p.add_run(text).bold = bold
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    para("BÁO CÁO", bold=True, center=True)
    para(f"Kết quả thực hiện giao ước thi đua năm {NAM} của Công đoàn cơ sở Sở Kế hoạch và Đầu tư",
         bold=True, center=True)
    para(f"Thực hiện giao ước thi đua năm {NAM} của {KHOI}, Ban Chấp hành Công đoàn cơ sở Sở Kế hoạch "
         "và Đầu tư báo cáo kết quả như sau:")
    para("I. ĐẶC ĐIỂM TÌNH HÌNH", bold=True)
    para("Công đoàn cơ sở có 5 công đoàn bộ phận; số liệu về tổ chức ở bảng dưới đây. Những người mới "
         "tuyển dụng đang làm thủ tục kết nạp vào tổ chức công đoàn.")
    para("II. KẾT QUẢ THỰC HIỆN", bold=True)
    para("Năm 2025 có 66 cán bộ, công chức, viên chức, người lao động đạt danh hiệu Lao động tiên tiến "
         "(90,4%); 9 cá nhân đạt Chiến sĩ thi đua cơ sở; 31 chị em nữ đạt danh hiệu “Giỏi việc nước, "
         "đảm việc nhà” (88,6%). Công đoàn cơ sở giới thiệu 02 đoàn viên ưu tú cho Đảng xem xét kết nạp, "
         "gửi 05 tin, bài cho Bản tin Công đoàn tỉnh và triển khai 01 mô hình “Dân vận khéo”.")
    para("Các chỉ tiêu chủ yếu:", bold=True)
    rows = [("1", "Tổng số CBCCVCLĐ", "Người", "73"), ("2", "Số đoàn viên", "Người", "71"),
            ("3", "Sáng kiến được công nhận", "Sáng kiến", "2"),
            ("4", "Tập thể đạt danh hiệu Tập thể lao động tiên tiến", "Tập thể", "4")]
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Nội dung", "ĐVT", "Kết quả năm 2025")):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    para("III. TỰ ĐÁNH GIÁ", bold=True)
    para("Công đoàn cơ sở tự xếp loại hoàn thành tốt nhiệm vụ. Năm 2026, phấn đấu trên 92% cán bộ, công chức "
         "đạt danh hiệu Lao động tiên tiến.")
    para("Nơi nhận:\n- Khối trưởng Khối thi đua;\n- Lưu: VT.")
    para("TM. BAN CHẤP HÀNH\nCHỦ TỊCH\n\n\nVõ Hoàng Sơn", bold=True, center=True)
    doc.core_properties.created = doc.core_properties.modified = _stamp(date(2025, 11, 24))
    doc.save(out)


def _stamp(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 8, 0)


if __name__ == "__main__":
    main()

"""PDFs of lists as offices print them: a sheet too wide for the paper, printed in column
bands page after page, is read back as one table, row by row."""
from __future__ import annotations

import subprocess
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Border, Side

from toolkit.extract import extract
from toolkit.readers import read
from toolkit.readers.blocks import Table
from toolkit.office.libreoffice import find_soffice

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Phương",
         "Đặng Quốc Giang", "Bùi Thị Hạnh", "Đỗ Văn Inh", "Hồ Thị Kim", "Ngô Văn Long", "Dương Thị Mai",
         "Lý Văn Nam", "Đinh Thị Oanh", "Mai Văn Phúc"]


def wide_sheet_pdf(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    side = Side(style="thin")
    box = Border(left=side, right=side, top=side, bottom=side)
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Đơn vị công tác", "Trình độ",
               "Số năm công tác", "Danh hiệu thi đua đăng ký", "Ghi chú"])
    for i, name in enumerate(NAMES, start=1):
        ws.append([i, name, "01/01/1980", "Nam", "Chuyên viên", "Phòng Tổ chức cán bộ Sở Nội vụ", "Đại học",
                   10 + i, "Lao động tiên tiến" if i % 2 else "Chiến sĩ thi đua cơ sở", ""])
    for row in ws.iter_rows():
        for cell in row:
            cell.border = box
    for col, width in zip("ABCDEFGHIJ", [6, 28, 14, 10, 18, 36, 14, 12, 30, 20]):
        ws.column_dimensions[col].width = width
    wb.save(tmp_path / "dang-ky.xlsx")
    subprocess.run([find_soffice(), "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "dang-ky.xlsx")],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / "dang-ky.pdf"


def test_a_sheet_printed_in_column_bands_is_joined_back_by_its_rows(tmp_path):
    contents = read(wide_sheet_pdf(tmp_path))
    assert contents.pages >= 2  # really printed over several pages
    tables = [b for b in contents.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows[0]) == 10

    records = extract(contents)

    assert [(r.subject, r.metric, r.position) for r in records] == [
        (name, "lao_dong_tien_tien" if i % 2 else "chien_si_thi_dua_co_so", "Chuyên viên")
        for i, name in enumerate(NAMES, start=1)]

"""Records written and read back in every format; SQLite replaces, never duplicates."""
import sqlite3

import pytest
from openpyxl import load_workbook

from toolkit.records import Record, Source
from toolkit.store import FileStatus, read_records, write_records


def sample_records(file="dk.xlsx"):
    return [
        Record("registration", "lao_dong_tien_tien", Source(file, sheet="ca_nhan", row=5, cell="E5",
                                                            text="Nguyễn Văn An | Lao động tiên tiến"),
               subject="Nguyễn Văn An", subject_type="individual", unit="CĐCS Sở Tài chính",
               position="Chuyên viên", year=2025, value=1, measure="flag", label="Lao động tiên tiến"),
        Record("target", "lao_dong_tien_tien", Source(file, page=2, text="trên 95% đạt LĐTT"),
               subject="CĐCS Sở Tài chính", subject_type="unit", year=2025, value=95, op=">",
               measure="percent", confidence=0.7),
        Record("achievement", "khac", Source(file, text="=HYPERLINK(\"x\")"), label="=HYPERLINK(\"x\")",
               value=88.72, op="=", measure="percent", confidence=0.9),
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx", ".sqlite"])
def test_round_trip(tmp_path, suffix):
    records = sample_records()
    out = write_records(tmp_path / f"ban-ghi{suffix}", records, [FileStatus("dk.xlsx", "h1", "ok", records=3)])
    assert read_records(out) == records


def test_spreadsheet_outputs_escape_formulas(tmp_path):
    write_records(tmp_path / "r.xlsx", sample_records())
    ws = load_workbook(tmp_path / "r.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    write_records(tmp_path / "r.csv", sample_records())
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_sqlite_replaces_a_reparsed_file_and_keeps_file_status(tmp_path):
    db = tmp_path / "kho.sqlite"
    write_records(db, sample_records(), [FileStatus("dk.xlsx", "h1", "ok", records=3)])
    write_records(db, sample_records()[:1], [FileStatus("dk.xlsx", "h1", "ok", records=1),
                                              FileStatus("hong.pdf", "h2", "error", "tệp PDF đang đặt mật khẩu")])
    assert len(read_records(db)) == 1
    rows = sqlite3.connect(db).execute("SELECT path, status, error, records FROM files ORDER BY path").fetchall()
    assert rows == [("dk.xlsx", "ok", None, 1), ("hong.pdf", "error", "tệp PDF đang đặt mật khẩu", 0)]


def test_existing_output_needs_force(tmp_path):
    from toolkit.errors import ThiduaError
    write_records(tmp_path / "r.jsonl", sample_records())
    with pytest.raises(ThiduaError, match="--force"):
        write_records(tmp_path / "r.jsonl", sample_records())
    write_records(tmp_path / "r.jsonl", sample_records()[:1], force=True)
    assert len(read_records(tmp_path / "r.jsonl")) == 1

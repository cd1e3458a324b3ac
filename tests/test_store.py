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


def test_a_big_xlsx_output_is_streamed_with_its_header_and_escapes(tmp_path):
    """8,000 records, a formula-looking label on every tenth: written in seconds (finding each
    appended row by `max_row` took a minute here, hours for 100,000), read back the same."""
    import time

    records = [Record("registration", "lao_dong_tien_tien", Source("dk.xlsx", sheet="ca_nhan", row=i + 2),
                      subject=f"Nguyễn Văn {i}", subject_type="individual", value=1, measure="flag",
                      label="=1+1" if i % 10 == 0 else "Lao động tiên tiến")
               for i in range(8_000)]
    start = time.perf_counter()
    out = write_records(tmp_path / "lon.xlsx", records)
    assert time.perf_counter() - start < 15
    ws = load_workbook(out, read_only=True).worksheets[0]
    header = next(ws.iter_rows(max_row=1))
    assert all(cell.font.b for cell in header)
    # For the office: Vietnamese names and values, the metric's code kept beside its name.
    assert [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))][:3] == ["đăng ký", "lao_dong_tien_tien", "Lao động tiên tiến"]
    assert [c.value for c in header][:4] == ["Loại", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đối tượng"]
    assert read_records(out) == records


def test_outputs_with_a_formula_on_a_row_keep_every_value_of_that_row(tmp_path):
    out = write_records(tmp_path / "r.xlsx", sample_records())
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A2"
    row = [c for c in ws[4]]
    assert [c.value for c in row if c.value is not None][:2] == ["thành tích", "khac"]
    label = next(c for c in row if c.value == '=HYPERLINK("x")')
    assert label.data_type == "s" and label.quotePrefix


def award_record(file="qd.pdf"):
    return Record("award", "bang_khen_ubnd", Source(file, page=2, text="1. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp"),
                  subject="Trương Quang Sáng", subject_type="individual", position="Phó Giám đốc Sở Tư pháp",
                  year=2022, label="Bằng khen của Chủ tịch UBND tỉnh", award="bang_khen", issuer="ubnd",
                  decision_number="2871/QĐ-UBND", decision_date="2022-10-24")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx", ".sqlite"])
def test_award_fields_survive_every_format(tmp_path, suffix):
    records = [award_record()]
    out = write_records(tmp_path / f"khen{suffix}", records, [FileStatus("qd.pdf", "h9", "ok", records=1)])
    assert read_records(out) == records


def test_a_store_written_before_award_fields_is_extended_not_broken(tmp_path):
    db = tmp_path / "cu.sqlite"
    old_columns = [c for c in __import__("toolkit.records", fromlist=["COLUMNS"]).COLUMNS
                   if c not in ("award", "award_hang", "issuer", "decision_number", "decision_date")]
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE files (hash TEXT PRIMARY KEY, path TEXT NOT NULL, status TEXT NOT NULL, "
                "error TEXT, records INTEGER NOT NULL DEFAULT 0, parsed_at TEXT NOT NULL)")
    con.execute(f"CREATE TABLE records (file_hash TEXT NOT NULL, seq INTEGER NOT NULL, "
                f"{', '.join(chr(34) + c + chr(34) for c in old_columns)}, PRIMARY KEY (file_hash, seq))")
    old = sample_records()[0].to_row()
    con.execute(f"INSERT INTO records VALUES ({', '.join('?' for _ in range(len(old_columns) + 2))})",
                ["h1", 1] + [old[c] for c in old_columns])
    con.commit()
    con.close()
    assert read_records(db) == sample_records()[:1]  # read as it is, new fields empty
    write_records(db, [award_record()], [FileStatus("qd.pdf", "h9", "ok", records=1)])
    assert read_records(db) == sample_records()[:1] + [award_record()]

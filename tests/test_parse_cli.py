"""`thidua parse` end to end: folders in, records out, bad files listed, SQLite never duplicates."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from toolkit.generate.batch import generate, plan
from toolkit.generate.templates import load

from conftest import SAMPLES


def returned_folder(tmp_path: Path) -> Path:
    """What a cluster leader receives: generated documents and one broken file."""
    folder = tmp_path / "nhan-ve"
    for name in ("giao-uoc", "bang-cham-diem"):
        template, spec = load(name)
        generate(plan(template, spec, SAMPLES / f"{name}.xlsx"), folder)
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return folder


def test_parse_a_folder_lists_the_bad_file_and_keeps_the_rest(cli, tmp_path):
    folder = returned_folder(tmp_path)
    result = cli("parse", folder, "-o", "ban-ghi.jsonl")
    assert result.exit_code == 1
    assert "hong.xlsx" in result.output and "1 tệp không đọc được" in result.output
    records = [json.loads(line) for line in Path("ban-ghi.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = {(r["kind"], Path(r["source"]["file"]).name) for r in records}
    assert ("target", "giao-uoc.docx") in kinds and ("score", "bang-cham-diem.docx") in kinds
    assert all(r["confidence"] == 1 for r in records)


def test_sqlite_store_replaces_a_reparsed_file(cli, tmp_path):
    folder = returned_folder(tmp_path)
    cli("parse", folder, "-o", "kho.sqlite")
    db = sqlite3.connect("kho.sqlite")
    first = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    cli("parse", folder / "giao-uoc.docx", "-o", "kho.sqlite")
    assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == first
    statuses = dict(db.execute("SELECT path, status FROM files").fetchall())
    assert sorted(Path(p).name for p in statuses) == ["bang-cham-diem.docx", "giao-uoc.docx", "hong.xlsx"]
    assert statuses[str(folder / "hong.xlsx")] == "error"


def test_parse_resume_skips_files_already_in_the_store(cli, tmp_path):
    folder = returned_folder(tmp_path)
    first = cli("parse", folder, "-o", "kho.sqlite", "--resume")
    assert first.exit_code == 1  # hong.xlsx
    db = sqlite3.connect("kho.sqlite")
    records = db.execute("SELECT * FROM records ORDER BY file_hash, seq").fetchall()
    parsed_at = db.execute("SELECT hash, parsed_at FROM files").fetchall()
    again = cli("parse", folder, "-o", "kho.sqlite", "--resume", "--report-errors", "loi.csv")
    assert "bỏ qua: 2 tệp" in again.output and "Đã đọc 0/1 tệp" in again.output
    assert db.execute("SELECT * FROM records ORDER BY file_hash, seq").fetchall() == records
    ok = {h for h, s in db.execute("SELECT hash, status FROM files") if s == "ok"}
    assert {(h, t) for h, t in parsed_at if h in ok} == {(h, t) for h, t in db.execute("SELECT hash, parsed_at FROM files")
                                                         if h in ok}
    report = Path("loi.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "Tệp/văn bản,Lỗi,Vị trí" and len(report) == 2 and "hong.xlsx" in report[1]


def test_parse_resume_needs_sqlite(cli, tmp_path):
    folder = returned_folder(tmp_path)
    result = cli("parse", folder, "-o", "ban-ghi.jsonl", "--resume")
    assert result.exit_code == 2 and ".sqlite" in result.output
    assert not Path("ban-ghi.jsonl").exists()


def test_parse_report_errors_is_empty_when_every_file_was_read(cli, tmp_path):
    folder = returned_folder(tmp_path)
    (folder / "hong.xlsx").unlink()
    result = cli("parse", folder, "-o", "ban-ghi.csv", "--report-errors", "loi.csv")
    assert result.exit_code == 0, result.output
    assert Path("loi.csv").read_bytes() == "\ufeffTệp/văn bản,Lỗi,Vị trí\r\n".encode("utf-8")

"""`thidua parse` end to end: folders in, records out, bad files listed, SQLite never duplicates."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from toolkit.render.batch import generate, plan
from toolkit.templates import load

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

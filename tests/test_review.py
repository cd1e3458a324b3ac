"""Reviewing records in the SQLite store: corrections stand, deleted records are gone."""
from __future__ import annotations

import sqlite3

import pytest

from toolkit import review
from toolkit.errors import ThiduaError
from toolkit.parse import parse_paths
from toolkit.store import read_records, write_records

from conftest import SAMPLES

FORM = SAMPLES / "returned" / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "ket-qua.sqlite"
    result = parse_paths([FORM])
    write_records(path, result.records, result.files)
    return path


def test_a_correction_is_what_the_store_reads_back_with_who_and_when(store):
    rows, total = review.list_records(store)
    first = rows[0]
    corrected = review.correct(store, first.id, {"value": "8,5"}, "Nguyễn Thị Hoa")
    assert corrected.record.value == 8.5 and corrected.review == "corrected"
    assert corrected.reviewed_by == "Nguyễn Thị Hoa" and corrected.reviewed_at
    assert read_records(store)[0].value == 8.5
    assert review.history(store, first.id)[0]["old"] == str(first.record.value)


def test_reading_the_file_again_never_overwrites_a_review(store):
    rows, total = review.list_records(store)
    review.correct(store, rows[0].id, {"value": 99}, "Hoa")
    review.delete(store, rows[1].id, "Hoa")
    again = parse_paths([FORM])
    write_records(store, again.records, again.files)  # `thidua parse FORM -o store.sqlite` once more
    records = read_records(store)
    assert len(records) == total - 1  # the deleted one stays deleted, nothing doubled
    assert records[0].value == 99
    assert review.get(store, rows[1].id).review == "deleted"


def test_deleted_records_are_left_out_and_accepting_keeps_a_correction(store):
    rows, total = review.list_records(store)
    review.delete(store, rows[0].id, "Hoa")
    assert review.list_records(store)[1] == total - 1
    assert review.list_records(store, review.Filters(deleted=True))[1] == total
    review.correct(store, rows[1].id, {"subject": "  CĐCS   Sở Tài chính "}, "Hoa")
    assert review.accept(store, rows[1].id, "Lan").review == "corrected"
    assert review.get(store, rows[1].id).record.subject == "CĐCS Sở Tài chính"


def test_needs_review_means_unreviewed_and_not_fully_trusted(tmp_path):
    path = tmp_path / "s.sqlite"
    result = parse_paths([SAMPLES / "returned" / "05-cdcs-so-ke-hoach-va-dau-tu-bao-cao-tong-ket.docx"])
    write_records(path, result.records, result.files)
    needs, count = review.list_records(path, review.Filters(needs_review=True))
    assert count and all(r.record.confidence < 1 for r in needs)
    review.accept(path, needs[0].id, "Hoa")
    assert review.list_records(path, review.Filters(needs_review=True))[1] == count - 1


@pytest.mark.parametrize("changes, words", [
    ({"value": "nhiều"}, "không phải số"),
    ({"metric": "không có chỉ tiêu này"}, "danh mục"),
    ({"kind": "loại lạ"}, "loại"),
    ({"source_file": "x"}, "chỉ sửa được"),
])
def test_bad_corrections_say_what_to_write(store, changes, words):
    rid = review.list_records(store)[0][0].id
    with pytest.raises(ThiduaError, match=words):
        review.correct(store, rid, changes, "Hoa")


def test_an_unknown_or_malformed_id_is_a_clear_error(store):
    with pytest.raises(ThiduaError, match="không có bản ghi"):
        review.get(store, "0123456789abcdef-999")
    with pytest.raises(ThiduaError, match="không đúng dạng"):
        review.get(store, "../etc")


def test_a_store_from_before_reviews_gains_the_columns(tmp_path, store):
    old = tmp_path / "cu.sqlite"
    db = sqlite3.connect(old)
    src = sqlite3.connect(store)
    columns = [r[1] for r in src.execute("PRAGMA table_info(records)") if not r[1].startswith("review")]
    db.execute(f"CREATE TABLE records ({', '.join(chr(34) + c + chr(34) for c in columns)})")
    db.executemany(f"INSERT INTO records VALUES ({', '.join('?' for _ in columns)})",
                   src.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM records"))
    db.commit()
    db.close()
    rid = review.list_records(old)[0][0].id
    assert review.correct(old, rid, {"value": 1}, "Hoa").record.value == 1


def test_a_whole_form_sent_unchanged_is_an_acceptance_not_a_correction(store):
    first = review.list_records(store)[0][0]
    row = first.record.to_row()
    as_the_form_sends = {k: ("" if row[k] is None else str(row[k]).replace(".", ",")) for k in review.EDITABLE}
    done = review.correct(store, first.id, as_the_form_sends, "Hoa")
    assert done.review == "accepted" and review.history(store, first.id)[0]["new"] == "accepted"
    assert len(review.history(store, first.id)) == 1


def test_a_score_can_be_moved_between_self_and_cluster_score(tmp_path):
    path = tmp_path / "s.sqlite"
    result = parse_paths([SAMPLES / "returned" / "02-cdcs-so-tai-chinh-bang-cham-diem.xlsx"])
    write_records(path, result.records, result.files)
    score = next(r for r in review.list_records(path, review.Filters(kind="score"))[0]
                 if r.record.metric == "diem_tu_cham")
    moved = review.correct(path, score.id, {"metric": "diem_khoi_cham", "value": score.record.value}, "Hoa")
    assert moved.record.metric == "diem_khoi_cham" and moved.review == "corrected"
    assert [h["field"] for h in review.history(path, score.id)] == ["metric", "review"]

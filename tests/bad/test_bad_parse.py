"""`thidua parse` on what units really send back: empty, cut, renamed, damaged, locked files,
PDFs with broken cross-references, nothing on them, or a text layer of `(cid:NN)` garbage.

Each bad file sits in a folder next to good ones. The run must name the bad file, say what
is wrong with it and what to do, exit 1, still read the good files, and write nothing but
the output it was asked for.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builders import (SAMPLES, encrypted_pdf, good_docx, good_xlsx, minimal_pdf, password_protected,
                      replace_part)
from common import assert_only_new, failure_line, records, tree

RETURNED_PDF = SAMPLES / "returned" / "06-cdcs-so-ke-hoach-va-dau-tu-bang-cham-diem.pdf"


@pytest.fixture(scope="module")
def goods(tmp_path_factory) -> dict[str, Path]:
    """Good returned files, built once: a generated pledge (.docx) and a foreign list (.xlsx)."""
    folder = tmp_path_factory.mktemp("goods")
    return {"docx": good_docx(folder / "docx"), "xlsx": good_xlsx(folder / "danh-sach.xlsx")}


def returned(tmp_path: Path, goods: dict[str, Path]) -> Path:
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    shutil.copy(goods["docx"], folder / "tot.docx")
    shutil.copy(goods["xlsx"], folder / "tot.xlsx")
    return folder


def cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


# Each case: the bad file's name, how to make it from the good ones, and what its message says
# (what is wrong, then what to do).
def _empty(goods, path):
    path.write_bytes(b"")


def _cut_docx(goods, path):
    path.write_bytes(cut(goods["docx"].read_bytes()))


def _cut_xlsx(goods, path):
    path.write_bytes(cut(goods["xlsx"].read_bytes()))


def _cut_pdf(goods, path):
    path.write_bytes(cut(minimal_pdf()))


def _garbage_docx(goods, path):
    shutil.copy(goods["docx"], path)
    replace_part(path, "word/document.xml", lambda xml: xml[: len(xml) // 3] + b"<<garbage")


def _garbage_xlsx(goods, path):
    shutil.copy(goods["xlsx"], path)
    replace_part(path, "xl/worksheets/sheet1.xml", lambda xml: b"\x00\x01" + xml[10:])


def _garbage_pdf(goods, path):
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)


def _locked_xlsx(goods, path):
    path.write_bytes(password_protected())


def _text_named_xlsx(goods, path):
    path.write_text("Họ và tên;Danh hiệu\nNguyễn Văn An;LĐTT\n", encoding="utf-8")


def _pptx_named_docx(goods, path):
    shutil.copy(goods["xlsx"], path)
    replace_part(path, "[Content_Types].xml",
                 lambda xml: xml.replace(b"spreadsheetml.sheet.main+xml", b"presentationml.presentation.main+xml"))


def _blank_pdf(goods, path):
    data = minimal_pdf()
    content = b"BT /F1 12 Tf 72 720 Td (Bao cao tong ket nam 2024) Tj ET"
    path.write_bytes(data.replace(content, b" " * len(content)))  # same length: offsets stay right


BAD = [
    ("rong.xlsx", _empty, ["tệp rỗng (0 byte)"], "gửi lại"),
    ("rong.docx", _empty, ["tệp rỗng (0 byte)"], "gửi lại"),
    ("rong.pdf", _empty, ["tệp rỗng (0 byte)"], "gửi lại"),
    ("cat-doi.docx", _cut_docx, ["bị hỏng"], "lưu lại rồi gửi lại"),
    ("cat-doi.xlsx", _cut_xlsx, ["bị hỏng"], "lưu lại rồi gửi lại"),
    ("cat-doi.pdf", _cut_pdf, ["tệp PDF bị hỏng"], "In ra PDF thành tệp mới"),
    ("hong.docx", _garbage_docx, ["tệp Word bị hỏng"], "lưu lại dạng .docx rồi gửi lại"),
    ("hong.xlsx", _garbage_xlsx, ["tệp Excel bị hỏng", "trang tính 'Sheet'"], "lưu lại dạng .xlsx rồi gửi lại"),
    ("hong.pdf", _garbage_pdf, ["tệp PDF bị hỏng"], "In ra PDF thành tệp mới"),
    ("mat-khau.xlsx", _locked_xlsx, ["tệp Excel đang đặt mật khẩu"], "bỏ mật khẩu rồi gửi lại"),
    ("ghi-chu.xlsx", _text_named_xlsx, ["không nhận ra định dạng tệp"], "lưu lại dạng .xlsx, .docx hoặc .pdf"),
    ("trinh-chieu.docx", _pptx_named_docx, ["bản trình chiếu PowerPoint"], "xuất sang PDF"),
    ("trang-trang.pdf", _blank_pdf, ["không có chữ và không có hình"], "gửi lại tệp có nội dung"),
]


@pytest.mark.parametrize("name, make, what, todo", BAD, ids=[case[0] for case in BAD])
def test_a_bad_file_is_named_with_what_to_do_and_the_rest_is_read(cli, tmp_path, goods, name, make, what, todo):
    folder = returned(tmp_path, goods)
    make(goods, folder / name)
    before = tree(tmp_path)

    result = cli("parse", folder, "-o", "ket-qua.jsonl")

    assert result.exit_code == 1, result.output
    line = failure_line(result.output, name)
    for phrase in what:
        assert phrase in line
    assert todo in line
    assert "Traceback" not in result.output and "lỗi chương trình" not in result.output
    assert "1 tệp không đọc được" in result.output and "Đã đọc 2/3 tệp" in result.output
    read = {Path(r["source"]["file"]).name for r in records(tmp_path / "ket-qua.jsonl")}
    assert read == {"tot.docx", "tot.xlsx"}
    assert_only_new(tmp_path, before, "ket-qua.jsonl")


@pytest.mark.parametrize("name, source", [("bao-cao.xlsx", "pdf"), ("giao-uoc.pdf", "docx"),
                                          ("danh-sach.docx", "xlsx")])
def test_a_renamed_file_is_read_by_what_it_really_is(cli, tmp_path, goods, name, source):
    folder = returned(tmp_path, goods)
    if source == "pdf":
        shutil.copy(RETURNED_PDF, folder / name)
    else:
        shutil.copy(goods[source], folder / name)
    before = tree(tmp_path)

    result = cli("parse", folder, "-o", "ket-qua.jsonl")

    assert result.exit_code == 0, result.output
    assert "Đã đọc 3/3 tệp" in result.output
    read = {Path(r["source"]["file"]).name for r in records(tmp_path / "ket-qua.jsonl")}
    assert read == {"tot.docx", "tot.xlsx", name}
    assert_only_new(tmp_path, before, "ket-qua.jsonl")


def _shifted_offsets(data: bytes) -> bytes:
    """Every cross-reference entry 7 bytes off: a file edited by a tool that did not fix them."""
    return re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 7), data)


@pytest.mark.parametrize("damage", [
    lambda data: data[: data.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n",  # points nowhere
    lambda data: data[: data.rindex(b"startxref")],  # no startxref, no %%EOF
    _shifted_offsets,
    lambda data: data.replace(b"xref\n0 ", b"xxxx\n0 ", 1),  # table keyword broken
], ids=["startxref-wrong", "startxref-missing", "offsets-shifted", "xref-keyword"])
def test_a_pdf_with_broken_cross_references_is_repaired_and_read(cli, tmp_path, goods, damage):
    folder = returned(tmp_path, goods)
    (folder / "xref.pdf").write_bytes(damage(RETURNED_PDF.read_bytes()))
    expected = cli("parse", RETURNED_PDF, "-o", "goc.jsonl")
    assert expected.exit_code == 0
    before = tree(tmp_path)

    result = cli("parse", folder, "-o", "ket-qua.jsonl")

    assert result.exit_code == 0, result.output
    got = [r for r in records(tmp_path / "ket-qua.jsonl") if r["source"]["file"].endswith("xref.pdf")]
    want = records(tmp_path / "goc.jsonl")
    assert [(r["kind"], r["metric"], r["subject"], r["value"]) for r in got] == \
           [(r["kind"], r["metric"], r["subject"], r["value"]) for r in want]
    assert_only_new(tmp_path, before, "ket-qua.jsonl")


def test_a_pdf_whose_text_layer_is_cid_garbage_is_read_by_ocr(cli, tmp_path, goods):
    folder = returned(tmp_path, goods)
    data = RETURNED_PDF.read_bytes()
    assert b"/ToUnicode" in data
    (folder / "khong-unicode.pdf").write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))  # same length
    before = tree(tmp_path)

    result = cli("parse", folder, "-o", "ket-qua.jsonl")

    assert result.exit_code == 0, result.output
    got = [r for r in records(tmp_path / "ket-qua.jsonl") if r["source"]["file"].endswith("khong-unicode.pdf")]
    assert len(got) > 20
    assert all(r["confidence"] < 0.9 for r in got)  # read by OCR, and says so
    assert not any("(cid:" in (r["source"]["text"] or "") or "\ufffd" in (r["source"]["text"] or "") for r in got)
    assert_only_new(tmp_path, before, "ket-qua.jsonl")


def test_a_pdf_with_an_open_password_says_so(cli, tmp_path, goods):
    folder = returned(tmp_path, goods)
    locked = encrypted_pdf(goods["docx"], tmp_path / "lo")
    shutil.copy(locked, folder / "khoa.pdf")
    shutil.rmtree(tmp_path / "lo")
    before = tree(tmp_path)

    result = cli("parse", folder, "-o", "ket-qua.jsonl")

    assert result.exit_code == 1
    line = failure_line(result.output, "khoa.pdf")
    assert "đang đặt mật khẩu" in line and "không đặt mật khẩu, sau đó đọc lại" in line
    assert "Đã đọc 2/3 tệp" in result.output
    assert_only_new(tmp_path, before, "ket-qua.jsonl")


def test_only_bad_files_still_write_an_empty_output_and_exit_1(cli, tmp_path):
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(b"")
    (folder / "b.pdf").write_bytes(b"not a pdf at all")

    result = cli("parse", folder, "-o", "ket-qua.csv")

    assert result.exit_code == 1
    assert "2 tệp không đọc được" in result.output
    assert "không nhận ra định dạng tệp" in failure_line(result.output, "b.pdf")
    assert (tmp_path / "ket-qua.csv").read_text(encoding="utf-8-sig").count("\n") == 1  # the header


def test_a_missing_input_is_named(cli, tmp_path):
    result = cli("parse", tmp_path / "khong-co", "-o", "ket-qua.jsonl")
    assert result.exit_code in (1, 2)
    assert "khong-co" in result.output and "không tìm thấy" in result.output
    assert not (tmp_path / "ket-qua.jsonl").exists()


def test_a_damaged_pdf_prints_nothing_in_english(tmp_path):
    """pdfminer warns about every oddity of a damaged file; none of it reaches the terminal."""
    import os
    import subprocess
    import sys

    (tmp_path / "la.pdf").write_bytes(minimal_pdf("Bao cao tong ket) Tj /X Tj (nam 2024"))  # a name where text goes
    repo = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", "toolkit", "parse", "la.pdf", "-o", "kq.jsonl"], cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == "" and run.stdout.startswith("Đã đọc 1/1 tệp")

"""User templates (`thidua generate MAU.docx …`) that are not what they should be: not a Word
file, damaged, or with mistakes in their template tags. Each is refused before anything is
written, with a Vietnamese message naming the template (and the paragraph, for a tag)."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from builders import minimal_pdf, password_protected, replace_part
from common import assert_only_new, tree
from conftest import make_template, make_workbook


def _drop(path: Path, name: str) -> Path:
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist() if info.filename != name]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, data)
    return path


DAMAGED = [
    ("rong", lambda p: p.write_bytes(b""), "tệp rỗng (0 byte)"),
    ("cat", lambda p: p.write_bytes(p.read_bytes()[:2000]), "tệp bị hỏng, không mở được; hãy mở bằng Word"),
    ("pdf", lambda p: p.write_bytes(minimal_pdf()), "không phải văn bản Word (.docx) mà là tệp PDF"),
    ("mat-khau", lambda p: p.write_bytes(password_protected()), "tệp Word đang đặt mật khẩu"),
    ("xml-hong", lambda p: replace_part(p, "word/document.xml", lambda x: x[: len(x) // 2]),
     "tệp mẫu bị hỏng (phần word/document.xml không phải XML hợp lệ"),
    ("styles-hong", lambda p: replace_part(p, "word/styles.xml", lambda x: x.replace(b"<w:style ", b"<w:style <", 1)),
     "tệp mẫu bị hỏng (phần word/styles.xml không phải XML hợp lệ"),
    ("thieu-styles", lambda p: _drop(p, "word/styles.xml"),
     "tệp mẫu bị hỏng (phần word/styles.xml mà word/_rels/document.xml.rels nhắc tới không có trong tệp)"),
    ("thieu-content-types", lambda p: _drop(p, "[Content_Types].xml"),
     "tệp mẫu bị hỏng (thiếu phần [Content_Types].xml)"),
]


@pytest.mark.parametrize("name, damage, message", DAMAGED, ids=[c[0] for c in DAMAGED])
def test_a_damaged_template_is_refused_before_anything_is_written(cli, tmp_path, name, damage, message):
    template = make_template(tmp_path / f"{name}.docx", ["Kính gửi {{ ho_va_ten }}"])
    damage(template)
    data = make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], ["An"], ["Bình"]]})
    before = tree(tmp_path)
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan")
    assert result.exit_code == 1
    assert f"{name}.docx" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert_only_new(tmp_path, before)


@pytest.mark.parametrize("tag, message", [
    ("{% for r in ca_nhan %}{{ r.ho_va_ten }}", "mẫu hết mà khối {% for %} chưa đóng: thiếu thẻ 'endfor' hoặc 'else'"),
    ("{% fro r in ca_nhan %}{% endfor %}", "thẻ {% fro %} không có"),
    ("{{ ho_va_ten }", "ký tự '}' không đúng chỗ"),
    ("{{ ho va ten }}", "có 'va' ở chỗ cần dấu }}"),
    ("{{ nam|khong_co }}", "không có bộ lọc 'khong_co'"),
    ("{% if %}x{% endif %}", "thiếu tên trường hoặc biểu thức trước dấu %}"),
])
def test_a_mistake_in_a_template_tag_is_named_in_vietnamese_with_its_paragraph(cli, tmp_path, tag, message):
    template = make_template(tmp_path / "mau.docx", ["Mở đầu", f"Đoạn có lỗi: {tag}", "Kết"])
    data = make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], ["An"]]})
    before = tree(tmp_path)
    result = cli("generate", template, data, "-o", "out")
    assert result.exit_code == 1
    assert "mau.docx" in result.output and "lỗi cú pháp mẫu" in result.output and message in result.output
    assert "«Đoạn có lỗi:" in result.output
    assert "Jinja" not in result.output and "expected" not in result.output.lower()
    assert_only_new(tmp_path, before)


def test_a_mistake_found_while_filling_fails_each_document_in_vietnamese(cli, tmp_path):
    template = make_template(tmp_path / "mau.docx", ["{{ ho_va_ten }}: {{ ho_va_ten.chuc_vu.ten }}"])
    data = make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], ["An"], ["Bình"]]})
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan")
    assert result.exit_code == 1
    assert "2 tệp không tạo được" in result.output and "lỗi khi điền mẫu" in result.output
    assert "has no attribute" not in result.output

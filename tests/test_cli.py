"""The command line: batches, names, collisions, exit codes, and what a user reads."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from conftest import make_template, make_workbook, outputs, texts


def people_workbook(path: Path, rows) -> Path:
    return make_workbook(path, {"nam": 2025}, {"ca_nhan": [["Họ và tên", "Đơn vị"], *rows]})


def test_each_row_one_document_with_collisions_numbered(cli, tmp_path):
    template = make_template(tmp_path / "thu.docx", ["Kính gửi {{ ho_va_ten }} ({{ don_vi }}) năm {{ nam }}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "Phòng A"], ["Bình", "Phòng B"], ["An", "Phòng C"]])
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in outputs(Path("out"))) == ["An-2.docx", "An.docx", "Bình.docx"]
    assert texts(Path("out/An-2.docx")) == ["Kính gửi An (Phòng C) năm 2025"]


def test_existing_output_is_not_overwritten_without_force(cli, tmp_path):
    template = make_template(tmp_path / "thu.docx", ["{{ ho_va_ten }}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "A"], ["Bình", "B"]])
    assert cli("generate", template, data, "-o", "out", "--each", "ca_nhan").exit_code == 0
    Path("out/thu - Bình.docx").write_bytes(b"do not touch")
    again = cli("generate", template, data, "-o", "out", "--each", "ca_nhan")
    assert again.exit_code == 1
    assert "--force" in again.output and "thu - Bình.docx" in again.output
    assert Path("out/thu - Bình.docx").read_bytes() == b"do not touch"
    forced = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--force")
    assert forced.exit_code == 0 and texts(Path("out/thu - Bình.docx")) == ["Bình"]


def test_names_from_data_stay_inside_the_output_folder(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}"])
    hostile = ["../../thoat", "a/b\\c", "con", "x\x01y", "Đ" * 300]
    data = tmp_path / "ca_nhan.csv"
    data.write_text("Họ và tên\n" + "\n".join(hostile) + "\n", encoding="utf-8")
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 0, result.output
    written = sorted(outputs(Path("out")))
    assert len(written) == len(hostile)
    assert all(p.parent == Path("out") and len(p.name.encode()) < 255 for p in written)
    assert not (tmp_path.parent / "thoat.docx").exists()
    assert {"thoat.docx", "a b c.docx", "_con.docx", "x y.docx"} <= {p.name for p in written}


def test_one_bad_document_does_not_stop_the_batch(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}: {{ don_vi|so }}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "12"], ["Bình", "mười hai"], ["Chi", "3"]])
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--name", "{ho_va_ten}")
    assert result.exit_code == 1
    assert "1 tệp không tạo được" in result.output and "Bình" in result.output and "mười hai" in result.output
    assert sorted(p.name for p in outputs(Path("out"))) == ["An.docx", "Chi.docx"]


def test_where_filters_rows(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "Phòng Kế toán"], ["Bình", "Phòng Tổ chức"]])
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--where", "don_vi=phong ke toan")
    assert result.exit_code == 0
    assert [p.name for p in outputs(Path("out"))] == ["t - An.docx"]


def test_combine_starts_each_document_on_a_new_page_with_numbering_restarting(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["Đơn vị {{ don_vi }}", "{%p for r in ca_nhan %}",
                                                   "{{ r.ho_va_ten }}", "{%p endfor %}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "A"], ["Bình", "B"], ["Chi", "A"]])
    result = cli("generate", template, data, "--group-by", "ca_nhan.don_vi", "--combine", "tat-ca.docx")
    assert result.exit_code == 0, result.output
    doc = Document("tat-ca.docx")
    assert [p.text for p in doc.paragraphs if p.text] == ["Đơn vị A", "An", "Chi", "Đơn vị B", "Bình"]
    sections = doc.sections
    assert len(sections) == 2
    assert all(s.start_type == 2 for s in sections)  # WD_SECTION.NEW_PAGE
    starts = doc.element.body.xpath(".//w:sectPr/w:pgNumType/@w:start")
    assert starts == ["1", "1"]


def test_bad_workbook_gives_the_named_error_and_exit_1(cli, tmp_path):
    data = make_workbook(tmp_path / "khoi.xlsx", {"co_quan_ban_hanh": "X", "dia_danh": "An Giang", "nam": 2025,
                                                   "khoi": "Khối 1"},
                         {"thanh_vien": [["Tên CĐCS", "Chủ tịt"], ["A", "B"]],
                          "noi_dung_thi_dua": [["Nội dung"], ["x"]],
                          "chi_tieu": [["Nội dung", "Giá trị"], ["y", "trên 95%"]]})
    result = cli("generate", "giao-uoc-khoi", data, "-o", "out")
    assert result.exit_code == 1
    assert "khoi.xlsx" in result.output and "thanh_vien" in result.output and "'chu_tich'" in result.output
    assert "'Chủ tịt' ở ô B1" in result.output
    assert "Traceback" not in result.output
    assert not Path("out").exists()


def test_unknown_template_suggests_a_name(cli):
    result = cli("generate", "giao-uoc-khoj", "x.xlsx")
    assert result.exit_code == 1 and "giao-uoc-khoi" in result.output


def test_usage_error_exits_2(cli):
    assert cli("generate").exit_code == 2
    assert cli("generate", "giao-uoc", "x.xlsx", "--jobs", "0").exit_code == 2


def test_template_list_vars_sample(cli):
    listing = cli("template", "list")
    assert listing.exit_code == 0 and "giao-uoc-khoi" in listing.output
    variables = cli("template", "vars", "dang-ky-thi-dua")
    assert "ho_va_ten" in variables.output and "Họ và tên" in variables.output
    sample = cli("template", "sample", "giao-uoc-khoi", "-o", "khoi.xlsx")
    assert sample.exit_code == 0
    wb = load_workbook("khoi.xlsx")
    assert wb.sheetnames == ["thong_tin", "thanh_vien", "noi_dung_thi_dua", "chi_tieu"]
    assert [c.value for c in wb["thanh_vien"][1]] == ["Tên CĐCS", "Vai trò", "Chủ tịch"]
    assert "khoi" in [c.value for c in wb["thong_tin"]["A"]]
    assert cli("template", "sample", "giao-uoc-khoi", "-o", "khoi.xlsx").exit_code == 1


def test_template_check_reports_unknown_variables_and_missing_columns(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ don_vj }}", "{%p for r in ca_nhan %}",
                                                   "{{ r.ho_va_ten }} {{ r.chuc_vu }}", "{%p endfor %}"])
    data = make_workbook(tmp_path / "d.xlsx", {"don_vi": "X"}, {"ca_nhan": [["Họ và tên"], ["An"]]})
    result = cli("template", "check", template, data)
    assert result.exit_code == 1
    assert "'don_vj'" in result.output and "'don_vi'" in result.output
    assert "'chuc_vu'" in result.output and "ca_nhan" in result.output


def test_template_check_shows_syntax_error_paragraph(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["Mở đầu", "Danh sách {% for r in ca_nhan %} {{ r.ten }"])
    result = cli("template", "check", template)
    assert result.exit_code == 1 and "Danh sách" in result.output


def test_help_is_vietnamese(cli):
    for args in (["--help"], ["generate", "--help"], ["template", "sample", "--help"], ["demo", "--help"]):
        result = cli(*args)
        assert result.exit_code == 0
        assert "Cách dùng:" in result.output and "Tùy chọn:" in result.output
        assert "Usage" not in result.output and "Options" not in result.output and "Show this" not in result.output


def test_parallel_jobs_give_the_same_documents_in_the_same_order(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}: {{ don_vi|so }}"])
    rows = [[f"Người {i}", str(i) if i != 37 else "ba mươi"] for i in range(1, 81)]
    data = people_workbook(tmp_path / "ds.xlsx", rows)
    one = cli("generate", template, data, "-o", "mot", "--each", "ca_nhan", "--name", "{stt}")
    two = cli("generate", template, data, "-o", "hai", "--each", "ca_nhan", "--name", "{stt}", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert "ba mươi" in two.output
    names = sorted(p.name for p in outputs(Path("mot")))
    assert names == sorted(p.name for p in outputs(Path("hai"))) and len(names) == 79
    assert all(texts(Path("mot") / n) == texts(Path("hai") / n) for n in names)


def test_form_command_writes_a_form_with_its_identity(cli):
    from toolkit.forms import read_identity

    from conftest import SAMPLES

    result = cli("form", "bang-cham-diem", SAMPLES / "bang-cham-diem.xlsx", "-o", "cham.xlsx")
    assert result.exit_code == 0, result.output
    identity = read_identity(Path("cham.xlsx"))
    assert identity.kind == "bang-cham-diem" and identity.year == 2025
    wrong = cli("form", "bao-cao-ket-qua", SAMPLES / "giao-uoc.xlsx", "-o", "bc.docx")
    assert wrong.exit_code == 1 and ".xlsx" in wrong.output
    again = cli("form", "bang-cham-diem", SAMPLES / "bang-cham-diem.xlsx", "-o", "cham.xlsx")
    assert again.exit_code == 1 and "--force" in again.output


def test_convert_unicode_and_table_commands(cli, tmp_path):
    from toolkit.vn.legacy import encode_tcvn3

    legacy = tmp_path / "cu.txt"
    legacy.write_bytes(encode_tcvn3("Bản giao ước thi đua năm 2025").encode("cp1252"))
    dry = cli("convert", "unicode", legacy, "--dry-run")
    assert dry.exit_code == 0 and "Bản giao ước thi đua" in dry.output and not Path("moi.txt").exists()
    done = cli("convert", "unicode", legacy, "-o", "moi.txt")
    assert done.exit_code == 0 and Path("moi.txt").read_text(encoding="utf-8-sig") == "Bản giao ước thi đua năm 2025"
    source = tmp_path / "ds.csv"
    source.write_text("Họ và tên,Ghi chú\nNguyễn Văn An,=cmd|x\n", encoding="utf-8")
    table = cli("convert", "table", source, "ds.xlsx")
    assert table.exit_code == 0, table.output
    cells = list(load_workbook("ds.xlsx").active.iter_rows(min_row=2))[0]
    assert [c.value for c in cells] == ["Nguyễn Văn An", "=cmd|x"] and cells[1].data_type == "s"


def read_report(path: Path) -> list[list[str]]:
    import csv

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the diacritics
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def test_report_errors_lists_each_failure_with_where_and_escapes_formulas(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}: {{ don_vi|so }}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "12"], ["=HYPERLINK(\"http://x\")", "mười hai"], ["Chi", "3"]])
    book = load_workbook(data)
    book["ca_nhan"]["A3"].data_type = "s"  # text that looks like a formula, not a formula
    book.save(data)
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--name", "{ho_va_ten}",
                 "--report-errors", "loi.csv")
    assert result.exit_code == 1
    rows = read_report(Path("loi.csv"))
    assert rows[0] == ["Tệp/văn bản", "Lỗi", "Vị trí"]
    assert len(rows) == 2
    what, message, where = rows[1]
    assert "mười hai" in message and "dòng 3" in where
    assert not what.startswith("=")  # a name from data never becomes a formula in Excel
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]  # written atomically


def test_report_errors_is_written_empty_when_all_went_well(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "A"]])
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--report-errors", "loi.csv")
    assert result.exit_code == 0, result.output
    assert read_report(Path("loi.csv")) == [["Tệp/văn bản", "Lỗi", "Vị trí"]]


def test_report_errors_names_the_sheet_when_the_workbook_lacks_it(cli, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "A"]])
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan_x", "--report-errors", "loi.csv")
    assert result.exit_code == 1
    rows = read_report(Path("loi.csv"))
    assert len(rows) >= 2 and any("ca_nhan_x" in " ".join(r) for r in rows[1:])


def thirty_rows(tmp_path: Path) -> tuple[Path, Path]:
    template = make_template(tmp_path / "thu.docx", ["Kính gửi {{ ho_va_ten }} ({{ don_vi }})"])
    data = people_workbook(tmp_path / "ds.xlsx", [[f"Người {i:02}", f"Phòng {i % 4}"] for i in range(30)])
    return template, data


def test_resume_renders_only_what_is_missing(cli, tmp_path):
    import os

    template, data = thirty_rows(tmp_path)
    assert cli("generate", template, data, "-o", "out", "--each", "ca_nhan").exit_code == 0
    written = outputs(Path("out"))
    assert len(written) == 30
    for path in written:  # an old time, to tell re-rendered files apart
        os.utime(path, (1_000_000_000, 1_000_000_000))
    deleted = set(written[::3]) | {Path("out/thu - Người 29.docx")}  # the last written, its line torn below
    for path in deleted:
        path.unlink()
    journal = Path("out/.thidua-resume.jsonl")
    text = journal.read_text(encoding="utf-8").rstrip("\n")
    journal.write_text(text[: -len(text.splitlines()[-1]) // 2], encoding="utf-8")  # a run killed mid-append

    again = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--resume")
    assert again.exit_code == 0, again.output
    assert f"bỏ qua: {30 - len(deleted)} văn bản" in again.output
    assert f"Đã tạo {len(deleted)} tệp" in again.output
    after = outputs(Path("out"))
    assert after == written
    renewed = {p for p in after if p.stat().st_mtime > 1_000_000_000}
    assert renewed == deleted
    assert texts(Path("out/thu - Người 29.docx")) == ["Kính gửi Người 29 (Phòng 1)"]
    for path in after:
        Document(str(path))  # every one is a valid .docx
    third = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--resume", "--jobs", "2")
    assert third.exit_code == 0 and "bỏ qua: 30 văn bản" in third.output and "Đã tạo 0 tệp" in third.output


def test_resume_trusts_only_files_it_wrote_unchanged(cli, tmp_path):
    template, data = thirty_rows(tmp_path)
    assert cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--jobs", "3").exit_code == 0
    Path("out/thu - Người 05.docx").write_bytes(b"edited by hand")
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--resume")
    assert result.exit_code == 1
    assert "thu - Người 05.docx" in result.output and "--resume chỉ" in result.output
    assert Path("out/thu - Người 05.docx").read_bytes() == b"edited by hand"


def test_resume_renders_again_a_document_whose_data_changed(cli, tmp_path):
    template = make_template(tmp_path / "thu.docx", ["{{ ho_va_ten }} ({{ don_vi }})"])
    data = people_workbook(tmp_path / "ds.xlsx", [["An", "A"], ["Bình", "B"]])
    assert cli("generate", template, data, "-o", "out", "--each", "ca_nhan").exit_code == 0
    people_workbook(tmp_path / "ds.xlsx", [["An", "A"], ["Bình", "C"]])
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--resume")
    assert result.exit_code == 0, result.output
    assert "bỏ qua: 1 văn bản" in result.output
    assert texts(Path("out/thu - Bình.docx")) == ["Bình (C)"]


def test_resume_with_combine_is_a_usage_error(cli, tmp_path):
    template, data = thirty_rows(tmp_path)
    result = cli("generate", template, data, "--each", "ca_nhan", "--combine", "a.docx", "--resume")
    assert result.exit_code == 2 and "--combine" in result.output

"""Labelled files for `bench/accuracy.py`: real files on disk and the records each should give.

Two sources:

- The extraction corpus (`tests/corpus/cases/*.json`) holds each case as the blocks a reader
  would give. `case_xlsx` and `case_docx` write those blocks as a person would have typed
  them: lines as rows of column A (Excel) or paragraphs (Word), tables as cells or as a ruled
  Word table, in the case's order; `scan` turns a text PDF into the image-only PDF a scanner
  gives. The expected records are the case's own.
- Our own forms and documents: each form kind is written (`toolkit.forms.write_form`) and
  filled in with openpyxl or python-docx as a unit would in Excel or Word; every built-in
  template is generated from its sample workbook. A filled workbook is then opened and saved
  again by LibreOffice Calc, as the unit's spreadsheet program does: its formulas (the
  scoring sheet's sums) get the values it calculated, which openpyxl cannot give. Expected
  records are built from what was filled in, or from the sample workbook, never from what
  the extractor returns.

An expected record is a dict of the `Record` fields it cares about, as in the corpus.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

OWN = "own forms"


@dataclass
class Labelled:
    """One file to parse and the records it should give; `error` when it could not be made."""

    case: str
    route: str  # own forms · foreign tables · free text · scanned
    file_type: str  # xlsx · docx · pdf
    path: Path | None
    expected: list[dict[str, Any]]
    context: dict[str, Any] | None = None  # the case's overrides of what the file's header says
    error: str | None = None


# --- corpus cases as files -------------------------------------------------------------------

def cell_text(cell: Any) -> str:
    if isinstance(cell, dict):
        return cell.get("text", "")
    return "" if cell is None else str(cell)


def case_xlsx(case: dict[str, Any], path: Path) -> Path:
    """One sheet: each line in column A of its own row, each table's rows as cells below.

    A cell with a typed `value` is written as that number (a fraction shown as `%` gets the
    percent format with the decimals shown, as Excel stores `98,7%` or `100%` typed in a
    cell); every other cell is text as typed. A table's `sheet` names the sheet and its
    `first_row` is where it starts.
    """
    wb = Workbook()
    ws = wb.active
    sheet = next((b.get("sheet") for b in case["blocks"] if b.get("sheet")), None)
    ws.title = sheet or "Sheet1"
    row = 1
    for block in case["blocks"]:
        if block["type"] == "line":
            ws.cell(row, 1).value = block["text"]
            row += 1
            continue
        row = max(row, block.get("first_row") or 0)
        for cells in block["rows"]:
            for col, cell in enumerate(cells, start=1):
                target = ws.cell(row, col)
                if isinstance(cell, dict) and cell.get("value") is not None:
                    target.value = cell["value"]
                    if "%" in cell.get("text", "") and isinstance(cell["value"], (int, float)) and cell["value"] <= 1:
                        target.number_format = _percent_format(cell["text"])
                elif cell_text(cell):
                    target.value = cell_text(cell)
            row += 1
    wb.save(path)
    return path


def _percent_format(text: str) -> str:
    """The Excel format that shows a fraction as `text` does (`98,7%` → `0.0%`)."""
    decimals = re.search(r"[.,]([0-9]+)\s*%", text)
    return "0." + "0" * len(decimals.group(1)) + "%" if decimals else "0%"


def case_docx(case: dict[str, Any], path: Path) -> Path:
    """Lines as paragraphs and tables as ruled Word tables, in the case's order.

    A cell holding several lines gets one paragraph per line (Enter in Word). Two tables in
    a row are kept apart by an empty paragraph, as Word itself does.
    """
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"  # what Vietnamese offices use (NĐ 30, Phụ lục I)
    normal.font.size = Pt(13)
    previous = None
    for block in case["blocks"]:
        if block["type"] == "line":
            _paragraph(doc, block["text"], block.get("style"))
        else:
            if previous == "table":
                doc.add_paragraph()
            rows = block["rows"]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    lines = cell_text(cell).split("\n")
                    target = table.cell(r, c)
                    target.paragraphs[0].text = lines[0]
                    for line in lines[1:]:
                        target.add_paragraph(line)
        previous = block["type"]
    doc.save(path)
    return path


def _paragraph(doc, text: str, style: str | None) -> None:
    if style == "title":
        doc.add_paragraph(text, style="Title")
    elif style == "heading":
        doc.add_heading(text, level=2)
    else:
        doc.add_paragraph().add_run(text).bold = style == "bold" or None


def scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """The PDF as a scanner gives it: every page a grey picture, no text layer."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(Path(tmp) / "p")],
                       check=True, capture_output=True)
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p-*.png"))]
    if not images:
        raise RuntimeError(f"pdftoppm rendered no page of {pdf.name}")
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


# --- our own forms, filled in ----------------------------------------------------------------

# What the unit types, and the metric each title is (the vocabulary's code, written out here
# so that the expectation does not come from the code under test).
TITLES = {
    "Lao động tiên tiến": "lao_dong_tien_tien",
    "Chiến sĩ thi đua cơ sở": "chien_si_thi_dua_co_so",
    "Giấy khen": "giay_khen",
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh": "bang_khen_ubnd",
    "Tập thể lao động xuất sắc": "tap_the_lao_dong_xuat_sac",
    "Tập thể lao động tiên tiến": "tap_the_lao_dong_tien_tien",
}

# (section, row in the section counted from 0, field, value); a new person in an empty row.
REGISTRATION_FILLS = [
    ("ca_nhan", 0, "danh_hieu", "Lao động tiên tiến, Chiến sĩ thi đua cơ sở"),
    ("ca_nhan", 0, "hinh_thuc_khen_thuong", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
    ("ca_nhan", 1, "danh_hieu", "Lao động tiên tiến"),
    ("ca_nhan", 5, "danh_hieu", "Chiến sĩ thi đua cơ sở"),
    ("ca_nhan", 5, "hinh_thuc_khen_thuong", "Giấy khen"),
    ("ca_nhan", 12, "danh_hieu", "Lao động tiên tiến"),
    ("ca_nhan", 36, "ho_va_ten", "Trần Thị Ngọc Diễm"),
    ("ca_nhan", 36, "chuc_vu", "Chuyên viên"),
    ("ca_nhan", 36, "danh_hieu", "Lao động tiên tiến"),
    ("tap_the", 0, "danh_hieu", "Tập thể lao động xuất sắc"),
    ("tap_the", 2, "danh_hieu", "Tập thể lao động tiên tiến"),
    ("tap_the", 2, "hinh_thuc_khen_thuong", "Giấy khen"),
]

# Results form: (section, metric code of the row or row counted from 0, value typed in
# `thuc_hien`, the achievement it states).
RESULTS_FILLS = [
    ("ket_qua", 1, "100%", dict(op="=", value=100, measure="percent")),
    ("ket_qua", "lao_dong_tien_tien", "96,5%", dict(op="=", value=96.5, measure="percent")),
    ("ket_qua", "chien_si_thi_dua_co_so", "12,5%", dict(op="=", value=12.5, measure="percent")),
    ("ket_qua", "sang_kien", 3, dict(op="=", value=3, measure="count")),
    ("ket_qua", "tin_bai", "15", dict(op="=", value=15, measure="count")),
    ("ket_qua", "mo_hinh_dan_van_kheo", "Đạt", dict(op="=", value=1, measure="flag", label="Đạt")),
    ("so_lieu", "so_nguoi_lao_dong", 120, dict(op="=", value=120, measure="count")),
    ("so_lieu", "so_doan_vien", 118, dict(op="=", value=118, measure="count")),
    ("so_lieu", "lao_dong_tien_tien", 110, dict(op="=", value=110, measure="count")),
]
GRADE = "Hoàn thành xuất sắc nhiệm vụ"

# Scoring form: a cluster changes some of the pre-filled points, (row from 0, field, points).
SCORE_FILLS = [(2, "khoi_cham", 4), (6, "tu_cham", 8.5), (21, "khoi_cham", 2.5), (23, "tu_cham", 1)]


def own_forms(out: Path) -> list[Labelled]:
    """Every form kind filled in, and every built-in template's generated document."""
    from toolkit.generate.catalog import BUILTIN

    makers: list[tuple[str, str, Callable[[Path], list[Labelled]]]] = [
        ("form dang-ky-thi-dua", "xlsx", _registration_xlsx),
        ("form dang-ky-thi-dua", "docx", _registration_docx),
        ("form bao-cao-ket-qua", "xlsx", _results_xlsx),
        ("form bang-cham-diem", "xlsx", _scores_xlsx),
    ]
    for name in BUILTIN:
        makers.append((f"generated {name}", "docx",
                       lambda folder, name=name: _generated(folder, name)))
    items: list[Labelled] = []
    for case, file_type, make in makers:
        folder = out / case.replace(" ", "-") / file_type
        folder.mkdir(parents=True)
        try:
            items += make(folder)
        except Exception as exc:  # one broken maker must not cost the rest of the bench
            items.append(Labelled(case, OWN, file_type, None, [], error=f"{type(exc).__name__}: {exc}"))
    filled = [i for i in items if i.file_type == "xlsx" and i.error is None]
    try:
        saved_by_office([i.path for i in filled], out / "office")
    except Exception as exc:
        for item in filled:
            item.error = f"saving again in LibreOffice: {type(exc).__name__}: {exc}"
    return items


def saved_by_office(paths: list[Path], scratch: Path) -> None:
    """Each workbook opened and saved again by LibreOffice Calc, in place."""
    from toolkit.office.libreoffice import find_soffice

    if not paths:
        return
    out = scratch / "saved"
    out.mkdir(parents=True)
    # One folder per name: the forms of different kinds may share a file name.
    for n, path in enumerate(paths):
        (scratch / str(n)).mkdir()
        (scratch / str(n) / path.name).write_bytes(path.read_bytes())
    for n, path in enumerate(paths):
        subprocess.run([find_soffice(), "--headless", "--norestore",
                        f"-env:UserInstallation={(scratch / 'profile').resolve().as_uri()}",
                        "--calc", "--convert-to", "xlsx", "--outdir", str(out / str(n)),
                        str(scratch / str(n) / path.name)], check=True, capture_output=True, timeout=180)
        saved = out / str(n) / path.name
        if not saved.is_file():
            raise RuntimeError(f"LibreOffice wrote no {path.name}")
        path.write_bytes(saved.read_bytes())


def _registration_xlsx(folder: Path) -> list[Labelled]:
    from toolkit.forms import read_layout, write_form

    path = write_form("dang-ky-thi-dua", SAMPLES / "dang-ky-thi-dua.xlsx", folder / "dang-ky-thi-dua.xlsx")
    layout = read_layout(path)
    wb = load_workbook(path)
    ws = wb[layout.sheet]

    def at(section_name: str, row: int, field: str):
        section = layout.section(section_name)
        return ws.cell(section.first_row + row, section.columns.index(field) + 1)

    for section, row, field, value in REGISTRATION_FILLS:
        at(section, row, field).value = value
    wb.save(path)
    expected = _registrations(layout, lambda s, r, f: at(s, r, f).value if f in layout.section(s).columns else None)
    return [Labelled("form dang-ky-thi-dua", OWN, "xlsx", path, expected)]


def _registration_docx(folder: Path) -> list[Labelled]:
    from toolkit.forms import read_layout, write_form

    path = write_form("dang-ky-thi-dua", SAMPLES / "dang-ky-thi-dua.xlsx", folder / "dang-ky-thi-dua.docx")
    layout = read_layout(path)
    doc = Document(str(path))

    def at(section_name: str, row: int, field: str):
        section = layout.section(section_name)
        return doc.tables[section.table].rows[section.first_row + row].cells[section.columns.index(field)]

    for section, row, field, value in REGISTRATION_FILLS:
        if field in layout.section(section).columns:
            at(section, row, field).text = value
    doc.save(path)
    expected = _registrations(layout, lambda s, r, f: at(s, r, f).text if f in layout.section(s).columns else None)
    return [Labelled("form dang-ky-thi-dua", OWN, "docx", path, expected)]


def _registrations(layout, value_at: Callable[[str, int, str], Any]) -> list[dict[str, Any]]:
    """One registration per title typed, for the person or collective named on its row."""
    unit, year = layout.identity.unit, layout.identity.year
    expected = []
    for section, row, field, value in REGISTRATION_FILLS:
        if field not in ("danh_hieu", "hinh_thuc_khen_thuong"):
            continue
        individual = section == "ca_nhan"
        who = value_at(section, row, "ho_va_ten" if individual else "ten_tap_the")
        for title in (t.strip() for t in value.split(",")):
            want = dict(kind="registration", metric=TITLES[title], subject=who,
                        subject_type="individual" if individual else "collective",
                        label=title, unit=unit, year=year)
            if individual:
                want["position"] = value_at(section, row, "chuc_vu") or None
            expected.append(want)
    return expected


def _results_xlsx(folder: Path) -> list[Labelled]:
    from toolkit import vn
    from toolkit.forms import read_layout, write_form

    path = write_form("bao-cao-ket-qua", SAMPLES / "giao-uoc.xlsx", folder / "bao-cao-ket-qua.xlsx")
    layout = read_layout(path)
    wb = load_workbook(path)
    ws = wb[layout.sheet]
    unit, year = layout.identity.unit, layout.identity.year
    common = dict(subject=unit, subject_type="unit", unit=unit, year=year)

    def column(section, field: str) -> int:
        return section.columns.index(field) + 1

    expected = []
    for section_name, which, value, states in RESULTS_FILLS:
        section = layout.section(section_name)
        if isinstance(which, str):
            number = next(r for r in range(section.first_row, section.last_row + 1)
                          if ws.cell(r, column(section, "ma_chi_tieu")).value == which)
        else:
            number = section.first_row + which
        ws.cell(number, column(section, "thuc_hien")).value = value
        code = ws.cell(number, column(section, "ma_chi_tieu")).value or "khac"
        label = ws.cell(number, column(section, "noi_dung")).value
        expected.append(dict(kind="achievement", metric=code, **common, **{"label": label, **states}))
    section = layout.section("ket_qua")
    for number in range(section.first_row, section.last_row + 1):
        if number in section.group_rows:
            continue
        pledged = vn.parse_target(ws.cell(number, column(section, "dang_ky")).value)
        if pledged is not None:
            expected.append(dict(kind="target", metric=ws.cell(number, column(section, "ma_chi_tieu")).value or "khac",
                                 op=pledged.op, value=pledged.value, value_max=pledged.value_max,
                                 measure=pledged.measure, label=ws.cell(number, column(section, "noi_dung")).value,
                                 **common))
    ws[layout.cells["tu_xep_loai"]].value = GRADE
    expected.append(dict(kind="achievement", label=GRADE, value=1, measure="flag", **common))
    wb.save(path)
    return [Labelled("form bao-cao-ket-qua", OWN, "xlsx", path, expected)]


def _scores_xlsx(folder: Path) -> list[Labelled]:
    from toolkit.forms import read_layout, write_form

    path = write_form("bang-cham-diem", SAMPLES / "bang-cham-diem.xlsx", folder / "bang-cham-diem.xlsx")
    layout = read_layout(path)
    wb = load_workbook(path)
    ws = wb[layout.sheet]
    section = layout.section("tieu_chi")
    column = {f: section.columns.index(f) + 1 for f in ("stt", "noi_dung", "diem_chuan", "tu_cham", "khoi_cham")}
    for row, field, points in SCORE_FILLS:
        ws.cell(section.first_row + row, column[field]).value = points
    wb.save(path)

    unit, year = layout.identity.unit, layout.identity.year
    expected = []
    rows = [r for r in range(section.first_row, section.last_row + 1) if ws.cell(r, column["noi_dung"]).value]
    for number in rows + [section.total_row]:
        if number == section.total_row:
            label = "TỔNG CỘNG"
        else:
            label = " ".join(str(v) for v in (ws.cell(number, column["stt"]).value,
                                              ws.cell(number, column["noi_dung"]).value) if v not in (None, ""))
        maximum = _evaluate(ws, ws.cell(number, column["diem_chuan"]).value)
        for metric, field in (("diem_tu_cham", "tu_cham"), ("diem_khoi_cham", "khoi_cham")):
            points = _evaluate(ws, ws.cell(number, column[field]).value)
            if points is not None:
                expected.append(dict(kind="score", metric=metric, subject=unit, subject_type="unit", year=year,
                                     label=label, value=points, value_max=maximum, op="=", measure="points"))
    return [Labelled("form bang-cham-diem", OWN, "xlsx", path, expected)]


_SUM = re.compile(r"([+-]?)\s*SUM\(([^()]*)\)")


def _evaluate(ws, value: Any) -> float | int | None:
    """A cell as Excel would show it: a number, or the `=SUM(…)±SUM(…)` the form writes."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value if isinstance(value, (int, float)) else None
    formula = value[1:].replace(" ", "")
    if _SUM.sub("", formula):
        raise ValueError(f"formula the bench cannot evaluate: {value}")
    total = 0
    for sign, args in _SUM.findall(formula):
        part = 0
        for arg in filter(None, args.split(",")):
            if ":" in arg:
                min_col, min_row, max_col, max_row = range_boundaries(arg)
                refs = [(r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]
            else:
                letters, row = coordinate_from_string(arg)
                refs = [(row, column_index_from_string(letters))]
            part += sum(_evaluate(ws, ws.cell(r, c).value) or 0 for r, c in refs)
        total += -part if sign == "-" else part
    return total


# --- generated documents ---------------------------------------------------------------------

def _generated(folder: Path, name: str) -> list[Labelled]:
    """The template's document from its sample workbook; expectations as in test_round_trip."""
    from toolkit.generate.catalog import BUILTIN
    from toolkit.generate.workbook import open_workbook
    from toolkit.generate.batch import generate, plan
    from toolkit.generate.templates import load

    if name not in _EXPECTATIONS:
        raise LookupError(f"the bench has no expectations for the template {name!r}; add them to _EXPECTATIONS")
    wb = open_workbook(SAMPLES / f"{name}.xlsx", BUILTIN[name])
    info = wb.info
    tables = {t.name: wb.table(t.name) for t in BUILTIN[name].tables if t.name in wb.sheets}
    expected = _EXPECTATIONS[name](info, tables)
    for want in expected:
        want.setdefault("year", info["nam"])
    template, spec = load(name)
    written = generate(plan(template, spec, SAMPLES / f"{name}.xlsx"), folder).written
    if len(written) != 1:
        raise RuntimeError(f"{name}: {len(written)} documents generated, the bench expects one")
    return [Labelled(f"generated {name}", OWN, "docx", Path(written[0]), expected)]


def _target(text: Any):
    from toolkit import vn

    return vn.parse_target(text)


def _pledges(info, tables) -> list[dict[str, Any]]:
    expected = []
    for row in tables["chi_tieu"]:
        t = _target(row["gia_tri"])
        if t:
            expected.append(dict(kind="target", metric=row.get("ma_chi_tieu") or "khac", op=t.op, value=t.value,
                                 value_max=t.value_max, measure=t.measure, label=row["noi_dung"]))
    return expected


def _registration_list(info, tables) -> list[dict[str, Any]]:
    from toolkit import vn

    expected = []
    for section, who, subject_type in (("ca_nhan", "ho_va_ten", "individual"), ("tap_the", "ten_tap_the", "collective")):
        for row in tables.get(section, []):
            for column in ("danh_hieu", "hinh_thuc_khen_thuong"):
                for title in filter(None, (t.strip() for t in (row.get(column) or "").split(","))):
                    metric = vn.find_metric(title, subject_type)
                    want = dict(kind="registration", metric=metric.code if metric else "khac", subject=row[who],
                                subject_type=subject_type, label=title)
                    if subject_type == "individual":
                        want["position"] = row.get("chuc_vu")
                    expected.append(want)
    return expected


def _report(info, tables) -> list[dict[str, Any]]:
    from toolkit import vn
    from toolkit.extract.own import worded_result

    expected = []
    for row in tables["ket_qua"]:
        for kind, column in (("target", "dang_ky"), ("achievement", "thuc_hien")):
            t = _target(row.get(column))
            if t:
                expected.append(dict(kind=kind, metric=row.get("ma_chi_tieu") or "khac", op=t.op, value=t.value,
                                     value_max=t.value_max, measure=t.measure, label=row["noi_dung"]))
            elif kind == "achievement" and worded_result(row.get(column)) is not None:
                # words, as in the results form: `Đạt` is a flag of 1, `Không đạt` of 0, a pending
                # `Chờ cấp trên xếp loại` no record (the rule of toolkit.extract.own)
                expected.append(dict(kind=kind, metric=row.get("ma_chi_tieu") or "khac", op="=",
                                     value=worded_result(row[column]), measure="flag", label=row[column]))
    for row in tables["khen_thuong"]:
        metric = vn.find_metric(row["hinh_thuc"])
        expected.append(dict(kind="achievement", metric=metric.code if metric else "khac", value=row["so_luong"],
                             measure="count", label=row["hinh_thuc"]))
    expected.append(dict(kind="achievement", label=info["tu_xep_loai"], value=1, measure="flag"))
    return expected


def _scoring_sheet(info, tables) -> list[dict[str, Any]]:
    expected = []
    for row in tables["tieu_chi"]:
        label = "TỔNG CỘNG" if row["la_tong"] else " ".join(filter(None, (str(row["stt"] or ""), row["noi_dung"])))
        for metric, key in (("diem_tu_cham", "tu_cham"), ("diem_khoi_cham", "khoi_cham")):
            if row.get(key) is not None:
                expected.append(dict(kind="score", metric=metric, subject=info["don_vi"], label=label,
                                     value=row[key], value_max=row["diem_chuan"], measure="points"))
    return expected


def _models(info, tables) -> list[dict[str, Any]]:
    return [dict(kind="registration", metric="mo_hinh_dan_van_kheo", subject=m["ten_mo_hinh"], label=m["linh_vuc"])
            for m in tables["mo_hinh"]]


_EXPECTATIONS: dict[str, Callable[[dict, dict], list[dict[str, Any]]]] = {
    "giao-uoc": _pledges,
    "giao-uoc-khoi": _pledges,
    "dang-ky-thi-dua": _registration_list,
    "bao-cao-tong-ket": _report,
    "bang-cham-diem": _scoring_sheet,
    "dang-ky-dan-van-kheo": _models,
}

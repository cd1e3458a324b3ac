"""`convert unicode` (legacy TCVN3/VNI/VIQR and NFD → Unicode NFC) and `convert table`.

Every input is built here from known Unicode text with the encoders of `toolkit.vn.legacy`,
converted with the public functions, and read back with python-docx, openpyxl, zipfile or
the csv/json modules.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings, strategies as st
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font, PatternFill

from toolkit.convert import Change, convert_table, convert_unicode, read_table, write_table
from toolkit.errors import ThiduaError
from toolkit.records import COLUMNS, Record, Source
from toolkit.vn.legacy import encode_tcvn3, encode_viqr, encode_vni

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TNR = "Times New Roman"

PLEDGE = "Bản giao ước thi đua năm 2025 giữa Sở Tài chính và Công đoàn cơ sở"
NATION = "Cộng hòa xã hội chủ nghĩa Việt Nam"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LINES = [PLEDGE, NATION, MOTTO, "Chiến sĩ thi đua cơ sở: 12 người, đạt 95,5%"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------------------------------------
# Text files

ENCODED_FILES = {
    "tcvn3": lambda text: encode_tcvn3(text).encode("cp1252"),
    "vni": lambda text: encode_vni(text).encode("cp1252"),
    "viqr": lambda text: encode_viqr(text).encode("ascii"),
}


@pytest.mark.parametrize("source", ["auto", "explicit"])
@pytest.mark.parametrize("encoding", sorted(ENCODED_FILES))
def test_legacy_text_file_becomes_exact_unicode_nfc(tmp_path, encoding, source):
    text = "\r\n".join(LINES) + "\r\n"
    src = tmp_path / "giao-uoc.txt"
    src.write_bytes(ENCODED_FILES[encoding](text))
    changes = convert_unicode(src, tmp_path / "ra.txt", source=encoding if source == "explicit" else "auto")
    data = (tmp_path / "ra.txt").read_bytes()
    assert data.decode("utf-8") == text  # exact, line endings kept, no BOM for .txt
    assert [c.where for c in changes] == [f"tệp giao-uoc.txt, dòng {n}" for n in range(1, 5)]
    assert changes[0].after == PLEDGE


def test_decomposed_utf8_and_utf16_become_nfc(tmp_path):
    text = "\n".join(LINES)
    (tmp_path / "a.txt").write_bytes(nfd(text).encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(nfd(text).encode("utf-16"))  # with BOM
    (tmp_path / "c.txt").write_bytes(nfd(text).encode("utf-16-le"))  # without
    for name in ("a", "b", "c"):
        changes = convert_unicode(tmp_path / f"{name}.txt", tmp_path / f"{name}-ra.txt")
        out = (tmp_path / f"{name}-ra.txt").read_bytes()
        assert out.decode("utf-8-sig") == text
        assert out.startswith(codecs.BOM_UTF8) == (name == "b")  # a BOM only if the input had one
        assert len(changes) == 4


def test_tcvn3_with_its_soft_hyphen_turned_into_a_dash(tmp_path):
    # The sample: editors turned TCVN3 `ư` (0xAD, soft hyphen) into `-`.
    (tmp_path / "a.txt").write_bytes("B¶n giao -íc thi ®ua cña C«ng ®oµn c¬ së\n".encode("cp1252"))
    convert_unicode(tmp_path / "a.txt", tmp_path / "b.txt")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "Bản giao ước thi đua của Công đoàn cơ sở\n"


def test_windows_1258_text_becomes_utf8(tmp_path):
    write_table(tmp_path / "a.csv", ["Họ và tên", "Danh hiệu"], [{"Họ và tên": "Nguyễn Thị Hương",
                "Danh hiệu": "Chiến sĩ thi đua cơ sở"}], encoding="cp1258")
    assert b"\xea\xf2" in (tmp_path / "a.csv").read_bytes()  # ệ written as ê + combining dot below
    assert convert_unicode(tmp_path / "a.csv", tmp_path / "b.csv") == []  # no text changed, only bytes
    assert (tmp_path / "b.csv").read_bytes().decode("utf-8-sig") == (
        "Họ và tên,Danh hiệu\r\nNguyễn Thị Hương,Chiến sĩ thi đua cơ sở\r\n")


def test_legacy_csv_gets_utf8_with_bom_and_keeps_its_structure(tmp_path):
    rows = "Họ và tên;Đơn vị;Danh hiệu\r\nNguyễn Văn An;Phòng Kế hoạch;Lao động tiên tiến\r\n"
    (tmp_path / "ds.csv").write_bytes(encode_tcvn3(rows).encode("cp1252"))
    convert_unicode(tmp_path / "ds.csv", tmp_path / "ds-unicode.csv")
    data = (tmp_path / "ds-unicode.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and data.decode("utf-8-sig") == rows


def test_unicode_text_is_never_converted_twice(tmp_path):
    # Latin-1 letters (à á â ã è é ê ì í ò ó ô õ ù ú ý) are also TCVN3/VNI characters.
    text = "Hà Nội, ngày 15 tháng 01 năm 2025\nÔng Lê Văn Sáu, Bà Võ Thị Ánh\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    for source in ("auto", "tcvn3", "vni", "viqr"):
        assert convert_unicode(tmp_path / "a.txt", tmp_path / "b.txt", source=source, force=True) == []
        assert (tmp_path / "b.txt").read_text(encoding="utf-8") == text
    legacy = tmp_path / "c.txt"
    legacy.write_bytes(ENCODED_FILES["tcvn3"]("\n".join(LINES)))
    convert_unicode(legacy, tmp_path / "d.txt")
    assert convert_unicode(tmp_path / "d.txt", tmp_path / "e.txt") == []


def test_dry_run_lists_changes_and_writes_nothing(tmp_path):
    (tmp_path / "a.txt").write_bytes(ENCODED_FILES["vni"](MOTTO + "\nxin chào\n"))
    changes = convert_unicode(tmp_path / "a.txt", None, dry_run=True)
    assert changes == [Change("tệp a.txt, dòng 1", encode_vni(MOTTO), MOTTO), Change("tệp a.txt, dòng 2",
                              encode_vni("xin chào"), "xin chào")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert convert_unicode(tmp_path / "a.txt", tmp_path / "b.txt", dry_run=True) == changes
    assert not (tmp_path / "b.txt").exists()


def test_output_rules(tmp_path):
    src = tmp_path / "a.txt"
    src.write_bytes(ENCODED_FILES["tcvn3"](PLEDGE))
    with pytest.raises(ThiduaError, match="trùng"):
        convert_unicode(src, src, force=True)
    with pytest.raises(ThiduaError, match="trùng"):
        convert_unicode(src, tmp_path / "." / "a.txt", force=True)
    out = tmp_path / "b.txt"
    out.write_text("cũ", encoding="utf-8")
    with pytest.raises(ThiduaError, match="--force"):
        convert_unicode(src, out)
    assert out.read_text(encoding="utf-8") == "cũ"
    convert_unicode(src, out, force=True)
    assert out.read_text(encoding="utf-8") == PLEDGE
    with pytest.raises(ThiduaError, match="--from"):
        convert_unicode(src, tmp_path / "c.txt", source="utf-8")
    with pytest.raises(ThiduaError, match="-o"):
        convert_unicode(src, None)
    with pytest.raises(ThiduaError, match="cùng loại"):
        convert_unicode(src, tmp_path / "c.docx")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ThiduaError, match=r"\.docx"):
        convert_unicode(tmp_path / "old.doc", tmp_path / "new.doc")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "old.doc"]


# ---------------------------------------------------------------------------------------------
# Word

TEXT_BOX = f"""
<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><wp:inline><wp:extent cx="2540000" cy="635000"/><wp:docPr id="9" name="Hộp văn bản"/>
        <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
          <wps:wsp><wps:txbx><w:txbxContent><w:p><w:r>
            <w:rPr><w:rFonts w:ascii=".VnArial" w:hAnsi=".VnArial"/><w:b/></w:rPr><w:t>{{box}}</w:t>
          </w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
        </a:graphicData></a:graphic></wp:inline></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape style="width:200pt;height:50pt"><v:textbox><w:txbxContent><w:p><w:r>
        <w:rPr><w:rFonts w:ascii=".VnArial" w:hAnsi=".VnArial"/><w:b/></w:rPr><w:t>{{box}}</w:t>
      </w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>"""

FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>
    <w:t xml:space="preserve">{{note}}</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def add_footnote(path: Path, text: str) -> None:
    """Give a python-docx document a footnotes part (python-docx cannot add one itself)."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["word/footnotes.xml"] = FOOTNOTES.format(note=text).encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"</w:body>", b'<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body>', 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def legacy_run(paragraph, text: str, font: str):
    run = paragraph.add_run(text)
    run.font.name = font
    return run


@pytest.fixture
def legacy_docx(tmp_path) -> Path:
    """A mixed document as agencies have them: TCVN3, TCVN3 H, VNI and Unicode side by side."""
    doc = Document()
    style = doc.styles.add_style("VnBody", 1)  # a paragraph style typed in .VnTime
    style.font.name = ".VnTime"
    style.font.size = Pt(14)

    legacy_run(doc.add_paragraph(), encode_tcvn3(PLEDGE), ".VnTime").bold = True
    legacy_run(doc.add_paragraph(), encode_tcvn3(NATION.upper(), upper=True), ".VnTimeH")
    motto = legacy_run(doc.add_paragraph(), encode_vni(MOTTO), "VNI-Times")
    motto.italic, motto.font.size = True, Pt(16)
    mixed = doc.add_paragraph()
    unicode_run = mixed.add_run("Đại diện Công đoàn: ")
    unicode_run.font.name, unicode_run.font.color.rgb = TNR, RGBColor(0xC0, 0, 0)
    legacy_run(mixed, encode_tcvn3("Chủ tịch Nguyễn Thị Hương"), ".VnTime")
    doc.add_paragraph(encode_tcvn3("Điều 1. Nội dung thi đua"), style="VnBody")
    doc.add_paragraph().add_run("Ghi chú: không đổi").font.name = "Arial"

    table = doc.add_table(rows=1, cols=2)
    legacy_run(table.cell(0, 0).paragraphs[0], encode_tcvn3("Tỷ lệ đoàn viên"), ".VnTime")
    table.cell(0, 1).paragraphs[0].add_run("trên 95%")

    doc.add_paragraph()._p.append(parse_xml(TEXT_BOX.format(box=encode_tcvn3("Mẫu số 01"))))
    section = doc.sections[0]
    legacy_run(section.header.paragraphs[0], encode_tcvn3("Liên đoàn Lao động tỉnh"), ".VnTime")
    legacy_run(section.footer.paragraphs[0], encode_vni("Trang kết thúc"), "VNI-Times")
    path = tmp_path / "giao-uoc-cu.docx"
    doc.save(path)
    add_footnote(path, encode_tcvn3("Theo Hướng dẫn số 15/HD-TLĐ"))
    return path


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def fonts_of(run) -> dict:
    fonts = run._r.find("w:rPr/w:rFonts", NS)
    return {k.split("}")[1]: v for k, v in fonts.attrib.items()} if fonts is not None else {}


def test_docx_legacy_runs_become_unicode_with_formatting_kept(legacy_docx, tmp_path):
    out = tmp_path / "giao-uoc.docx"
    changes = convert_unicode(legacy_docx, out)

    doc = Document(str(out))
    p = doc.paragraphs
    assert p[0].text == PLEDGE and p[0].runs[0].bold is True
    assert p[1].text == NATION.upper()
    assert p[2].text == MOTTO and p[2].runs[0].italic is True and p[2].runs[0].font.size == Pt(16)
    assert p[3].text == "Đại diện Công đoàn: Chủ tịch Nguyễn Thị Hương"
    assert p[4].text == "Điều 1. Nội dung thi đua" and p[4].style.name == "VnBody"
    assert p[5].text == "Ghi chú: không đổi" and p[5].runs[0].font.name == "Arial"
    for run in (p[0].runs[0], p[1].runs[0], p[2].runs[0], p[3].runs[1], p[4].runs[0]):
        assert fonts_of(run) == {"ascii": TNR, "hAnsi": TNR, "cs": TNR, "eastAsia": TNR}
    assert doc.styles["VnBody"].font.name == TNR and doc.styles["VnBody"].font.size == Pt(14)
    assert doc.tables[0].cell(0, 0).text == "Tỷ lệ đoàn viên"
    assert doc.tables[0].cell(0, 0).paragraphs[0].runs[0].font.name == TNR
    assert doc.sections[0].header.paragraphs[0].text == "Liên đoàn Lao động tỉnh"
    assert doc.sections[0].footer.paragraphs[0].text == "Trang kết thúc"
    assert doc.sections[0].footer.paragraphs[0].runs[0].font.name == TNR

    body = part(out, "word/document.xml")
    boxes = body.findall(".//w:txbxContent//w:r", NS)
    assert len(boxes) == 2  # the text box and its VML fallback copy
    for run in boxes:
        assert run.findtext("w:t", namespaces=NS) == "Mẫu số 01"
        assert run.find("w:rPr/w:b", NS) is not None
        assert run.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}hAnsi") == TNR
    notes = part(out, "word/footnotes.xml")
    assert "".join(notes.itertext()).strip() == "Theo Hướng dẫn số 15/HD-TLĐ"

    where = [c.where for c in changes]
    assert where[:5] == [f"tệp giao-uoc-cu.docx, phần word/document.xml, đoạn {n}" for n in (1, 2, 3, 4, 5)]
    assert sum("Mẫu số 01" == c.after for c in changes) == 1  # the fallback copy is not listed twice
    assert any("word/header1.xml" in w for w in where) and any("word/footer1.xml" in w for w in where)
    assert any("word/footnotes.xml" in w for w in where)
    assert Change(where[0], encode_tcvn3(PLEDGE), PLEDGE) in changes


def test_docx_unicode_runs_and_other_parts_are_byte_identical(legacy_docx, tmp_path):
    out = tmp_path / "ra.docx"
    convert_unicode(legacy_docx, out)

    def run_xml(path, text):
        runs = [r for r in part(path, "word/document.xml").iter(f"{{{W}}}r")
                if "".join(r.itertext()) == text]
        assert len(runs) == 1
        return etree.tostring(runs[0])

    for text in ("Đại diện Công đoàn: ", "Ghi chú: không đổi", "trên 95%"):
        assert run_xml(out, text) == run_xml(legacy_docx, text)
    with zipfile.ZipFile(legacy_docx) as before, zipfile.ZipFile(out) as after:
        assert before.namelist() == after.namelist()
        edited = {"word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml",
                  "word/footnotes.xml"}
        for name in before.namelist():
            if name not in edited:
                assert before.read(name) == after.read(name), name


def test_docx_second_conversion_changes_nothing(legacy_docx, tmp_path):
    convert_unicode(legacy_docx, tmp_path / "1.docx")
    assert convert_unicode(tmp_path / "1.docx", tmp_path / "2.docx") == []
    with zipfile.ZipFile(tmp_path / "1.docx") as first, zipfile.ZipFile(tmp_path / "2.docx") as second:
        assert all(first.read(n) == second.read(n) for n in first.namelist())


def test_docx_dry_run_lists_changes_and_writes_nothing(legacy_docx, tmp_path):
    changes = convert_unicode(legacy_docx, tmp_path / "ra.docx", dry_run=True)
    assert not (tmp_path / "ra.docx").exists()
    assert changes == convert_unicode(legacy_docx, tmp_path / "ra.docx")
    assert changes[1] == Change("tệp giao-uoc-cu.docx, phần word/document.xml, đoạn 2",
                                encode_tcvn3(NATION.upper(), upper=True), NATION.upper())


def test_docx_text_without_legacy_font_follows_from_or_detection(tmp_path):
    doc = Document()
    doc.add_paragraph().add_run(encode_tcvn3(PLEDGE)).font.name = "Arial"  # font changed, text not
    doc.add_paragraph().add_run(encode_tcvn3("Hà Nội")).font.name = "Arial"  # too short to tell
    doc.add_paragraph(nfd(NATION))
    src = tmp_path / "a.docx"
    doc.save(src)
    convert_unicode(src, tmp_path / "auto.docx")
    convert_unicode(src, tmp_path / "tcvn3.docx", source="tcvn3")
    auto, forced = Document(tmp_path / "auto.docx"), Document(tmp_path / "tcvn3.docx")
    assert [p.text for p in auto.paragraphs] == [PLEDGE, encode_tcvn3("Hà Nội"), NATION]
    assert [p.text for p in forced.paragraphs] == [PLEDGE, "Hà Nội", NATION]
    assert forced.paragraphs[0].runs[0].font.name == "Arial"  # a Unicode font keeps its place


# ---------------------------------------------------------------------------------------------
# Excel

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def to_shared_strings(path: Path) -> None:
    """Store the text as Excel does, one `<si>` per distinct string in xl/sharedStrings.xml
    (openpyxl writes inline strings)."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    strings: dict[bytes, etree._Element] = {}
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        root = etree.fromstring(parts[name])
        for cell in root.iter(f"{{{S}}}c"):
            inline = cell.find(f"{{{S}}}is")
            if cell.get("t") != "inlineStr" or inline is None:
                continue
            key = b"".join(etree.tostring(child) for child in inline)
            strings.setdefault(key, inline)
            cell.remove(inline)
            cell.set("t", "s")
            etree.SubElement(cell, f"{{{S}}}v").text = str(list(strings).index(key))
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    sst = etree.Element(f"{{{S}}}sst", nsmap={None: S}, uniqueCount=str(len(strings)))
    for inline in strings.values():
        etree.SubElement(sst, f"{{{S}}}si").extend(list(inline))
    parts["xl/sharedStrings.xml"] = etree.tostring(sst, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@pytest.fixture(params=["shared strings", "inline strings"])
def legacy_xlsx(tmp_path, request) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    yellow = PatternFill("solid", fgColor="FFFF00")
    ws["A1"] = encode_tcvn3(PLEDGE)
    ws["A1"].font = Font(name=".VnTime", bold=True, size=13, color="FF0000")
    ws["A1"].fill = yellow
    ws["A2"] = encode_vni(MOTTO)
    ws["A2"].font = Font(name="VNI-Times", italic=True)
    ws["A3"] = "Công đoàn cơ sở Sở Tài chính"
    ws["A3"].font = Font(name="Arial")
    ws["A4"] = nfd(NATION)
    ws["A5"] = encode_tcvn3("Hà Nội")
    ws["A5"].font = Font(name=".VnTimeH")
    ws["A6"] = encode_tcvn3("Hà Nội")  # the same shared string, in Calibri: not legacy by its font
    ws["B1"], ws["B1"].number_format = 10141, "#,##0"
    ws["B2"], ws["B2"].number_format = 0.955, "0.0%"
    ws["B3"], ws["B3"].number_format = dt.datetime(2025, 1, 15), "dd/mm/yyyy"
    ws["B3"].font = Font(name=".VnTime")
    ws["C1"] = CellRichText(TextBlock(InlineFont(rFont=".VnTime", b=True), encode_tcvn3("Thi đua ")),
                            TextBlock(InlineFont(rFont="Arial"), "yêu nước"))
    other = wb.create_sheet("Tổng hợp")
    other["A1"] = encode_tcvn3("Tổng số đoàn viên")
    other["A1"].font = Font(name=".VnTime", size=12)
    other["B1"] = "=B2*2"
    path = tmp_path / "danh-sach-cu.xlsx"
    wb.save(path)
    if request.param == "shared strings":
        to_shared_strings(path)
    return path


def style(cell) -> tuple:
    font, fill = cell.font, cell.fill
    return (font.name, font.b, font.i, font.sz, font.color.rgb if font.color else None,
            fill.patternType, fill.fgColor.rgb, cell.number_format, cell.data_type)


def test_xlsx_legacy_cells_become_unicode_with_styles_kept(legacy_xlsx, tmp_path):
    out = tmp_path / "danh-sach.xlsx"
    changes = convert_unicode(legacy_xlsx, out)
    before, after = load_workbook(legacy_xlsx), load_workbook(out)
    ws, old = after["Danh sách"], before["Danh sách"]

    assert ws["A1"].value == PLEDGE
    assert style(ws["A1"]) == (TNR,) + style(old["A1"])[1:]  # bold, size 13, red, yellow fill
    assert ws["A1"].font.b and ws["A1"].font.sz == 13 and ws["A1"].fill.fgColor.rgb.endswith("FFFF00")
    assert ws["A2"].value == MOTTO and ws["A2"].font.i and ws["A2"].font.name == TNR
    assert ws["A4"].value == NATION
    assert ws["A5"].value == "HÀ NỘI" and ws["A6"].value == encode_tcvn3("Hà Nội")
    assert ws["B3"].value == dt.datetime(2025, 1, 15) and ws["B3"].font.name == TNR
    assert after["Tổng hợp"]["A1"].value == "Tổng số đoàn viên"
    assert after["Tổng hợp"]["A1"].font.sz == 12 and after["Tổng hợp"]["B1"].value == "=B2*2"
    for ref in ("A3", "B1", "B2"):  # untouched cells: value, font, format
        assert ws[ref].value == old[ref].value
        assert style(ws[ref]) == style(old[ref])
    rich = load_workbook(out, rich_text=True)["Danh sách"]["C1"].value
    assert str(rich) == "Thi đua yêu nước"
    assert [block.font.rFont for block in rich] == [TNR, "Arial"] and rich[0].font.b

    assert [c.where for c in changes] == [
        f"tệp danh-sach-cu.xlsx, trang tính 'Danh sách', ô {ref}" for ref in ("A1", "C1", "A2", "A4", "A5")
    ] + ["tệp danh-sach-cu.xlsx, trang tính 'Tổng hợp', ô A1"]
    assert changes[0] == Change(changes[0].where, encode_tcvn3(PLEDGE), PLEDGE)


def test_xlsx_from_converts_all_text_cells_but_fonts_still_decide(legacy_xlsx, tmp_path):
    convert_unicode(legacy_xlsx, tmp_path / "ra.xlsx", source="tcvn3")
    ws = load_workbook(tmp_path / "ra.xlsx")["Danh sách"]
    assert ws["A6"].value == "Hà Nội" and ws["A5"].value == "HÀ NỘI"
    assert ws["A2"].value == MOTTO  # its VNI font wins over --from tcvn3
    assert ws["A3"].value == "Công đoàn cơ sở Sở Tài chính"


def test_xlsx_second_conversion_and_dry_run(legacy_xlsx, tmp_path):
    changes = convert_unicode(legacy_xlsx, None, dry_run=True)
    assert len(changes) == 6 and sorted(p.name for p in tmp_path.iterdir()) == ["danh-sach-cu.xlsx"]
    convert_unicode(legacy_xlsx, tmp_path / "1.xlsx")
    assert convert_unicode(tmp_path / "1.xlsx", tmp_path / "2.xlsx") == []
    with zipfile.ZipFile(tmp_path / "1.xlsx") as first, zipfile.ZipFile(tmp_path / "2.xlsx") as second:
        assert all(first.read(n) == second.read(n) for n in first.namelist())


# ---------------------------------------------------------------------------------------------
# Tables

HEADER = ["Họ và tên", "Đơn vị", "Số đoàn viên", "Tỷ lệ", "Ngày ký", "Ghi chú"]
ROWS = [
    ["Nguyễn Thị Hương", "Phòng Kế hoạch – Tài chính", 10141, 95.5, dt.date(2025, 1, 15), "trên 95%"],
    ["Trần Văn Ánh", "Công đoàn cơ sở", 0, 0.25, dt.datetime(2025, 3, 8, 8, 30), "10.141"],
    ["Lê Đức Thọ", "Tổ 1", -3, None, None, "0912345678"],
]
FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+2"]


def make_xlsx(path: Path, header=HEADER, rows=ROWS, title="Danh sách", blank_rows=0) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for _ in range(blank_rows):
        ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_to_csv_to_json_to_xlsx_keeps_text_numbers_and_dates(tmp_path):
    src = make_xlsx(tmp_path / "danh-sach.xlsx", blank_rows=2)
    assert convert_table(src, tmp_path / "a.csv") == 3
    assert convert_table(tmp_path / "a.csv", tmp_path / "b.json") == 3
    assert convert_table(tmp_path / "b.json", tmp_path / "c.xlsx") == 3

    records = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert records[0] == {"Họ và tên": "Nguyễn Thị Hương", "Đơn vị": "Phòng Kế hoạch – Tài chính",
                          "Số đoàn viên": 10141, "Tỷ lệ": 95.5, "Ngày ký": "2025-01-15", "Ghi chú": "trên 95%"}
    assert records[1]["Ngày ký"] == "2025-03-08T08:30:00" and records[1]["Ghi chú"] == "10.141"
    assert records[2]["Ghi chú"] == "0912345678" and records[2]["Tỷ lệ"] is None

    ws = load_workbook(tmp_path / "c.xlsx").active
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1] == ["Nguyễn Thị Hương", "Phòng Kế hoạch – Tài chính", 10141, 95.5,
                         dt.datetime(2025, 1, 15), "trên 95%"]
    assert values[2][4] == dt.datetime(2025, 3, 8, 8, 30) and ws["E2"].is_date
    assert values[3] == ["Lê Đức Thọ", "Tổ 1", -3, None, None, "0912345678"]
    header, rows = read_table(tmp_path / "c.xlsx")
    assert header == HEADER and rows[0]["Ngày ký"] == dt.date(2025, 1, 15)


def test_nfd_text_comes_out_nfc_in_every_format(tmp_path):
    src = make_xlsx(tmp_path / "a.xlsx", header=[nfd("Họ và tên")], rows=[[nfd("Nguyễn Thị Hương")]])
    for suffix in (".csv", ".json", ".jsonl", ".xlsx"):
        convert_table(src, tmp_path / f"b{suffix}")
        header, rows = read_table(tmp_path / f"b{suffix}")
        assert header == ["Họ và tên"] and rows == [{"Họ và tên": "Nguyễn Thị Hương"}]
        raw = (tmp_path / f"b{suffix}").read_bytes()
        if suffix != ".xlsx":
            assert "Nguyễn".encode() in raw and nfd("Nguyễn").encode() not in raw


def test_formula_looking_values_are_escaped_in_csv_and_text_in_xlsx(tmp_path):
    (tmp_path / "in.json").write_text(json.dumps([{"Giá trị": v, "Số": -5} for v in FORMULAS],
                                                 ensure_ascii=False), encoding="utf-8")
    convert_table(tmp_path / "in.json", tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Giá trị", "Số"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in FORMULAS]
    assert {r[1] for r in rows[1:]} == {"-5"}  # a number is not text and is not escaped

    convert_table(tmp_path / "in.json", tmp_path / "out.xlsx")
    ws = load_workbook(tmp_path / "out.xlsx").active
    for row, value in enumerate(FORMULAS, start=2):
        assert ws.cell(row, 1).value == value and ws.cell(row, 1).data_type == "s"
        assert ws.cell(row, 2).value == -5 and ws.cell(row, 2).data_type == "n"
    with zipfile.ZipFile(tmp_path / "out.xlsx") as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")

    # Read back, the apostrophe is gone again and the value is text.
    convert_table(tmp_path / "out.csv", tmp_path / "back.json")
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert [r["Giá trị"] for r in back] == FORMULAS and back[0]["Số"] == -5
    convert_table(tmp_path / "out.xlsx", tmp_path / "back2.csv")
    assert (tmp_path / "back2.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()


def test_formula_looking_header_is_escaped_too(tmp_path):
    write_table(tmp_path / "a.xlsx", ["=cmd", "Tên"], [{"=cmd": "@x", "Tên": "An"}])
    ws = load_workbook(tmp_path / "a.xlsx").active
    assert ws["A1"].value == "=cmd" and ws["A1"].data_type == "s" and ws["A2"].data_type == "s"


def test_csv_encodings(tmp_path):
    src = make_xlsx(tmp_path / "a.xlsx")
    convert_table(src, tmp_path / "bom.csv")
    convert_table(src, tmp_path / "plain.csv", encoding="utf-8")
    convert_table(src, tmp_path / "wide.csv", encoding="utf-16")
    convert_table(src, tmp_path / "windows.csv", encoding="cp1258")
    assert (tmp_path / "bom.csv").read_bytes().startswith(codecs.BOM_UTF8)
    assert (tmp_path / "plain.csv").read_bytes() == (tmp_path / "bom.csv").read_bytes()[3:]
    assert (tmp_path / "wide.csv").read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    windows = (tmp_path / "windows.csv").read_bytes()
    assert unicodedata.normalize("NFC", windows.decode("cp1258")).startswith("Họ và tên,Đơn vị")
    expected = read_table(src)
    for name in ("bom", "plain", "wide", "windows"):  # each read back without being told
        assert read_table(tmp_path / f"{name}.csv") == expected, name
    assert read_table(tmp_path / "windows.csv", encoding="cp1258") == expected
    with pytest.raises(ThiduaError, match="bảng mã"):
        convert_table(src, tmp_path / "x.csv", encoding="khong-co")
    with pytest.raises(ThiduaError, match="không ghi được"):
        convert_table(src, tmp_path / "x.csv", encoding="ascii")
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("text", [
    "Họ và tên;Đơn vị;Số\r\nNguyễn An;Tổ 1, Phòng 2;12\r\n",
    "Họ và tên\tĐơn vị\tSố\nNguyễn An\tTổ 1, Phòng 2\t12\n",
    "sep=;\nHọ và tên;Đơn vị;Số\nNguyễn An;Tổ 1, Phòng 2;12\n",
    '\n\nHọ và tên,Đơn vị,Số\n"Nguyễn An","Tổ 1, Phòng 2",12\n',
])
def test_csv_delimiter_is_sniffed(tmp_path, text):
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    assert read_table(tmp_path / "a.csv") == (
        ["Họ và tên", "Đơn vị", "Số"], [{"Họ và tên": "Nguyễn An", "Đơn vị": "Tổ 1, Phòng 2", "Số": 12}])


def test_legacy_tcvn3_csv_reads_as_unicode(tmp_path):
    (tmp_path / "a.csv").write_bytes(encode_tcvn3("Họ và tên,Danh hiệu\nNguyễn Văn An,Chiến sĩ thi đua\n")
                                     .encode("cp1252"))
    assert read_table(tmp_path / "a.csv")[1] == [{"Họ và tên": "Nguyễn Văn An", "Danh hiệu": "Chiến sĩ thi đua"}]


def test_json_shapes_and_jsonl(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"records": [
        {"Tên": "An", "Tuổi": 30}, {"Tên": "Bình", "Ghi chú": "mới", "Ngày": "2025-02-01"}]},
        ensure_ascii=False), encoding="utf-8")
    header, rows = read_table(tmp_path / "a.json")
    assert header == ["Tên", "Tuổi", "Ghi chú", "Ngày"]
    assert rows[0] == {"Tên": "An", "Tuổi": 30, "Ghi chú": None, "Ngày": None}
    assert rows[1]["Ngày"] == dt.date(2025, 2, 1)
    assert convert_table(tmp_path / "a.json", tmp_path / "b.jsonl") == 2
    lines = (tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"Tên": "An", "Tuổi": 30, "Ghi chú": None, "Ngày": None},
        {"Tên": "Bình", "Tuổi": None, "Ghi chú": "mới", "Ngày": "2025-02-01"}]
    assert read_table(tmp_path / "b.jsonl") == (header, rows)
    (tmp_path / "bad.json").write_text('[{"a": 1}, 2]', encoding="utf-8")
    with pytest.raises(ThiduaError, match="phần tử 2"):
        read_table(tmp_path / "bad.json")
    (tmp_path / "bad2.json").write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(ThiduaError, match="mảng"):
        read_table(tmp_path / "bad2.json")


def test_records_jsonl_is_just_a_table_with_the_record_columns(tmp_path):
    records = [
        Record("registration", "lao_dong_tien_tien", Source("ds.xlsx", sheet="Cá nhân", row=5, cell="C5",
               text="Lao động tiên tiến"), subject="Nguyễn Thị Hương", subject_type="individual",
               unit="Sở Tài chính", year=2025, measure="flag", label="Lao động tiên tiến"),
        Record("achievement", "so_doan_vien", Source("bc.docx", page=2), subject="Sở Tài chính",
               subject_type="unit", year=2025, value=120, op="=", measure="count", confidence=0.8),
    ]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in records),
                                      encoding="utf-8")
    convert_table(tmp_path / "r.jsonl", tmp_path / "r.xlsx")
    header, rows = read_table(tmp_path / "r.xlsx")
    assert set(header) <= set(COLUMNS) and header[:3] == ["kind", "metric", "subject"]
    back = [Record.from_row(row) for row in rows]
    assert back[0].source.sheet == "Cá nhân" and back[0].subject == "Nguyễn Thị Hương"
    assert back[1].value == 120 and back[1].source.page == 2 and back[1].confidence == 0.8


def test_sheet_choice_and_first_non_empty_row(tmp_path):
    wb = Workbook()
    wb.active.title = "Bìa"
    wb.active["A1"] = "Không phải bảng"
    ws = wb.create_sheet("Cá nhân")
    ws["B3"], ws["C3"] = "Họ và tên", "Chức vụ"
    ws["B4"], ws["C4"] = "Nguyễn An", "Tổ trưởng"
    ws["B6"], ws["C6"], ws["D6"] = "Lê Bình", None, "thêm"
    wb.save(tmp_path / "a.xlsx")
    assert read_table(tmp_path / "a.xlsx")[0] == ["Không phải bảng"]
    header, rows = read_table(tmp_path / "a.xlsx", sheet="cá nhân")
    assert header == ["Cột A", "Họ và tên", "Chức vụ", "Cột D"]
    assert [r["Họ và tên"] for r in rows] == ["Nguyễn An", "Lê Bình"] and rows[1]["Cột D"] == "thêm"
    with pytest.raises(ThiduaError, match="'Bìa', 'Cá nhân'"):
        read_table(tmp_path / "a.xlsx", sheet="Tập thể")
    assert convert_table(tmp_path / "a.xlsx", tmp_path / "b.csv", sheet="Cá nhân") == 2


def test_table_output_rules(tmp_path):
    src = make_xlsx(tmp_path / "a.xlsx")
    out = tmp_path / "b.json"
    out.write_text("[]", encoding="utf-8")
    with pytest.raises(ThiduaError, match="--force"):
        convert_table(src, out)
    assert out.read_text(encoding="utf-8") == "[]"
    assert convert_table(src, out, force=True) == 3
    with pytest.raises(ThiduaError, match="trùng"):
        convert_table(src, src, force=True)
    with pytest.raises(ThiduaError, match="--force"):
        write_table(out, ["a"], [])
    with pytest.raises(ThiduaError, match=r"\.xlsx"):
        convert_table(src, tmp_path / "c.xls")
    with pytest.raises(ThiduaError, match="không tìm thấy"):
        convert_table(tmp_path / "khong-co.csv", tmp_path / "d.json")


# ---------------------------------------------------------------------------------------------
# Whatever arrives, the readers answer with text or a ThiduaError, never a crash.

@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300) | st.text(max_size=120).map(lambda t: t.encode("utf-8")))
def test_any_bytes_convert_or_fail_cleanly(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    for name in ("a.txt", "a.csv", "a.json", "a.xlsx", "a.docx"):
        (folder / name).write_bytes(data)
    for name in ("a.txt", "a.docx", "a.xlsx"):
        try:
            convert_unicode(folder / name, None, dry_run=True)
        except ThiduaError:
            pass
    for name in ("a.csv", "a.json"):
        try:
            header, rows = read_table(folder / name)
        except ThiduaError:
            continue
        assert all(set(row) == set(header) for row in rows)


VIETNAMESE_WORDS = st.sampled_from(
    " ".join(LINES + ["Hà Nội ngày tháng năm Ủy ban nhân dân tỉnh Quảng Ngãi"]).split())


@settings(max_examples=40, deadline=None)
@given(words=st.lists(VIETNAMESE_WORDS, min_size=1, max_size=12))
def test_any_legacy_text_comes_back_and_unicode_stays(tmp_path_factory, words):
    folder = tmp_path_factory.mktemp("words")
    text = " ".join(words).lower()  # lower case: TCVN3 has no toned capitals outside the H fonts
    (folder / "u.txt").write_text(text, encoding="utf-8")
    assert convert_unicode(folder / "u.txt", None, dry_run=True) == []
    for encoding, explicit in (("tcvn3", "tcvn3"), ("vni", "vni"), ("viqr", "viqr")):
        (folder / "l.txt").write_bytes(ENCODED_FILES[encoding](text))
        convert_unicode(folder / "l.txt", folder / "r.txt", source=explicit, force=True)
        assert (folder / "r.txt").read_text(encoding="utf-8") == text


def test_a_csv_column_of_vietnamese_numbers_becomes_numbers_in_xlsx(tmp_path):
    src = tmp_path / "diem.csv"
    src.write_text('Tiêu chí,Điểm,Điện thoại,Mã\nA,8,0912345678,1.250\nB,"9,5",0913000111,2.500\n'
                   'C,"1.250,5",0914000222,x\n', encoding="utf-8")
    convert_table(src, tmp_path / "diem.xlsx")
    rows = list(load_workbook(tmp_path / "diem.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [8, 9.5, 1250.5]  # one column, one type
    assert [r[2] for r in rows] == ["0912345678", "0913000111", "0914000222"]  # leading zeros: text
    assert [r[3] for r in rows] == ["1.250", "2.500", "x"]  # no decimal comma: not guessed
